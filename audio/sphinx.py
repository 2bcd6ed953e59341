"""The offline recogniser: long-lived pocketsphinx decoders with the command grammar, a rejection step and
the wake phrase.

Why this shape (see DESIGN, "Outside facts"): free dictation with pocketsphinx is slow and poor, a grammar
of the command phrases is fast and far better but forces any speech onto some command, and building a
decoder per call (as speechrecognition's ``recognize_sphinx`` does) costs a second each time. So the
decoders are built once from the interaction model and kept; between them they hold these searches:

- ``grammar``: a finite-state grammar of every phrase (``audio/grammar.py``); its words are what we act on.
- ``commands``: a small trigram model over the same phrases (``audio/lm.py``). It may string command words
  together freely, so off-topic speech comes out as a jumble while a real command comes out as itself or as
  words that sound like it. An utterance is accepted only when the two results mostly sound alike (phone-level
  similarity at least ``AGREEMENT``, ``audio/phonetic.py``) and the grammar actually reached the end of a
  phrase.
- ``samples``: a second trigram model over the same phrases with every sample weighted the same, in a decoder
  of its own; the rule compares the grammar's words with whichever n-gram result sounds closer
  (``second_opinion``), since the first garbles bare commands ("pause" as "call us") and the second fillings.
- ``wake``: keyphrase spotting of "heart line", used while a partner has the floor.
- ``grammar-checkin``: while a check-in waits for a score (``listen_for``), a grammar of the answers one to
  five and the ways out; the n-gram search over every command stays its second opinion, so "give us a dinner
  question" forced onto "it was a one" sounds nothing like what that search heard and is rejected.

Names: the grammar holds a few common first names until the household's are said; then ``use_names`` puts
theirs in (a decoder per name set, built once and kept), so off-topic speech has few name paths to fall onto.

A faint noise floor (``DITHER_RMS``) is added before decoding: pure digital silence between words throws
the decoder's normalisation off (measured: 94% -> 66% right). Before that, the room's steady noise is taken
out (``audio/denoise.py``): from a recording, the noise of its own pauses; live, that of the utterance
before (or of this one's pre-roll, when it is the first), as with the level below.

Live decoding (``begin``): the searches run while the partner is still speaking, each in its own decoder
(pocketsphinx runs one search per decoder at a time), so when the utterance ends only the searches' last steps
remain: 9-20 ms median (the n-gram searches run without their second pass, ``SAMPLES_CONFIG`` and
``COMMANDS_CONFIG``; a check-in's opinion takes its words from the lattice instead, ``FOCUS_OPINION_CONFIG``)
instead of about 400 ms for decoding the whole utterance after it ended (bench/asr.py, "before" rows). What
decoding live loses is the normalisation over the whole utterance (cepstral mean), which batch decoding gets for
free; started from pocketsphinx's generic value it got 44 of 96 clean commands right instead of 61. So every
utterance starts from a running mean of the levels of those before it (same room, same microphone), measured by
``_level_decoder``, which never decodes live, once the utterance has been acted on; a whole recording
(``recognize``) starts from its own.

Finishing early (``LiveUtterance``): those last steps need not wait for the 0.7 s of silence that ends an
utterance either. Once the speaker has been quiet for the 0.2 s an utterance keeps of its closing silence,
it holds everything it ever will, so ``talk`` finishes the searches then, in the remaining 0.5 s; when the
silence ends the result is already there. Speech resuming in that pause restarts the searches on the same
audio.

Tried and not kept (2026-12-06, measured on the same clips, so the next attempt starts from the figures):
- An acoustic confidence, the grammar path's acoustic score per frame against a free phone loop's
  (pocketsphinx ``allphone``), the classic garbage-model test. Alone it separates worse than the n-gram
  agreement (at -12 per frame: committed clips 46 of 192 right with 1 of 75 off-topic taken, recorded
  people 120 with 9); as a second way in beside ``AGREEMENT`` (accepting 0.55-0.65 alike when the
  confidence is at least -15) it found 2 more right committed commands and none elsewhere.
- Non-rhotic pronunciations beside the dictionary's ("start" without its r, a final "er" as "uh"; 147
  words) for the British and Caribbean voices: grammar alone, committed clips, other accents 30 of 48
  right clean either way; the combined rule 22 -> 25 right and 3 -> 5 wrong there, 39 -> 37 right on the
  American voices. Those voices' misses are in their vowels, not their r's.
- (2026-12-07) The n-gram searches as the garbage model: the grammar path's acoustic score per frame against the
  better n-gram path's, over the same live decodings (committed and recorded-people clips, clean, 20 and 10 dB),
  as a second way in for a complete phrase the agreement refused. At a margin of 4 it would have taken back 3 of
  the 24 right committed commands refused, and 8 of 75 off-topic sentences; recorded people: none back, 7 taken.
  Right commands, refused ones and off-topic sentences spread over the same range (-10 to +8 per frame).
- (2026-12-07) A garbage loop beside the commands, the way the issue's first suggestion reads: 300 everyday words
  (the commonest in Heartline's own dinner questions and topics) as a free loop from the grammar's start state,
  each a copy of its word, so that a path through it is a rejection; entered at a probability p. Committed clips,
  clean (/tmp/d28/garbage.py): the grammar with the loop alone got 35/44/53/62/76% right with 0/1/3/9/48 of 50
  off-topic sentences taken at p = 1e-3/1e-6/1e-10/1e-14/1e-20, against the combined rule's 61.5% with none
  taken, and wrong answers rose from 0 to 18% along the way; the combined rule over the looped grammar got 33-60%.
  At every setting it is a worse trade than the agreement, so the grammar has no loop.
- (2026-12-07) Vocal tract length normalisation (pocketsphinx ``warp_type`` inverse_linear), one warp factor for
  every decoder, for the espeak-ng voices the model was not trained on (/tmp/w1/warp.py, committed clips, clean
  and 20 dB). Combined rule right: 59/96 and 31/48 unwarped, 60 and 30 at 0.9, 57 and 30 at 1.1; the other
  accents' grammar-alone rows moved (27 -> 31 -> 30 of 48 clean) but their combined ones did not (20, 19, 19).
- (2026-12-07) The n-gram searches' n-best lists as a second way in: a complete phrase the agreement refused is
  taken when it is (phone similarity 1.0, or 0.8) among the first 3, 5, 10 or 20 hypotheses of either n-gram search
  (/tmp/w3/nbexp.py, committed, held-out and recorded-people clips, clean, 20 and 10 dB, decoded as recordings). No
  off-topic sentence came through at any setting, but the n-best lists are full of short words, and short commands
  are where the grammar is most often wrong: at top 3 and 1.0, 11 more commands right and 9 more wrong (committed
  clean 59 -> 63 right, 3 -> 8 wrong: "okay" for "open", "help" for "tell", "deeper" for "the ..."). A wrong command
  acts; a refused one is asked again. So it is not a way in.
- (2026-12-08) A warp chosen per utterance instead of one for all (/tmp/w6/vtln.py, three whole recognisers at
  warp factors 0.9, 1.0 and 1.1, each clip decoded live by all three). Keeping the warp whose grammar path scored
  best: committed clips clean, combined rule 60 right against 59 unwarped. Taking a command when any warp's
  combined rule accepts it (and refusing when two accept different words): committed clean 59 -> 65 right, wrong
  3 -> 3, no off-topic sentence; but on held-out voices made fresh 30 -> 32 right clean and 32 -> 32 at 20 dB,
  with 1 of 50 and 1 of 25 off-topic sentences taken where there were none. Two clips for three times the
  decoding and memory (about 1.1 GB) is not a trade worth making.
- (2026-12-08) The lattice's best path for the n-gram searches outside a check-in too, as a check-in's opinion
  now does (``bestpath`` on ``COMMANDS_CONFIG`` and ``SAMPLES_CONFIG``; /tmp/ck/gen.py, committed clips decoded
  as recordings by four recognisers side by side, clean/20/10 dB). Right of 96/48/48: 59/31/26 as shipped,
  61/32/26 with both, 61/32/28 with ``samples`` alone, 60/31/25 with ``commands`` alone; wrong 3/2/7 as
  shipped, 7/2/4, 6/2/7 and 5/2/7; no off-topic sentence taken by any; median wait 21 -> 26-31 ms clean. Two
  more right for three or four more wrong: a wrong command acts, so it is not a trade.

Nothing heard is stored or logged, at any level: while a partner has the floor every utterance is decoded
(to hear "heart line"), and what they say is theirs.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

import numpy as np
import speech_recognition as sr
from numpy.random import Generator

from audio.denoise import NoiseFloor, NoiseSuppressor, suppress
from audio.grammar import (
    COMMON_NAMES,
    NUMBER_WORDS,
    WAKE_PHRASE,
    WAKE_WORDS,
    CommandGrammar,
    Fsg,
    build_grammar,
    focused,
)
from audio.lm import build_arpa
from audio.phonetic import similarity
from audio.recognition import (
    RATE,
    UNHEARD_INTENTS,
    Recognition,
    RecognizerError,
    audio_from_pcm16,
    interpret,
    to_pcm16,
)
from audio.vad import FRAME_SAMPLES
from intents.matcher import Matcher

DITHER_RMS = 30.0
"""Noise floor added before decoding, in 16-bit sample units (about -61 dBFS): chosen by measurement."""
AGREEMENT = 0.65
"""Lowest phone-level similarity between the grammar's and the n-gram's results for an utterance to count as a
command. Comparing words instead (the rule before, at 0.6: ``WORD_AGREEMENT``) rejected commands the n-gram
heard as look-alike words: committed clips clean 53% -> 64% right, held-out voices 54% -> 65%, off-topic
accepted 1/50 -> 0/50 and 1/50 (bench/asr.py, "before" rows). 0.6 until 2026-12-06: two committed off-topic
sentences came through at 0.614, both "we are ..." (the n-gram's favourite start, so a shared prefix that
acoustics had little to do with: "we are just related" against "we are just really don't all sweet").
Judged on the same decodings (clean, 20 and 10 dB, recordings decoded in turn, at a8fa787), 0.6 -> 0.62 ->
0.65 -> 0.7: committed clips right 126/124/123/117 of 192, wrong 16/14/12/11, off-topic taken 2/0/0/0 of 75;
held-out voices right 89/88/88/81 of 144, wrong 11/11/10/9; voices made from recordings of people right
167 throughout, wrong 7/4/4/3. A check-in's focus keeps ``FOCUS_AGREEMENT``."""
WORD_AGREEMENT_THRESHOLD = 0.6
"""The word-by-word rule as it was (``Mode.WORD_AGREEMENT``), kept for the bench's "before" rows."""
FOCUS_AGREEMENT = 0.6
"""``AGREEMENT`` while a focus narrows the grammar: there it can only hear an answer, so off-topic speech has
little to be forced onto (no off-topic sentence of 75 taken at 0.6), and the check-in answers in every voice
lose at a higher bar: 20 of 30 right at 0.6, 19 at 0.62, 18 at 0.65 (same decodings, at a8fa787)."""
AFTER_WAKE_AGREEMENT = 0.2
"""Lowest similarity of the part after a leading "heart line". The wake phrase is seven phones, so a bare
"heart line", which the grammar must finish with some short command ("heart line eight"), still matched the
n-gram's "heart line" at 0.78; the command itself must have been heard too. Real wake commands in the
bench's voices score 0.25 or more here (the n-gram hears short words poorly: "pause" as "close")."""
LM_SCORE_CUTOFF = 0.9
"""Baseline (b): the matcher score an n-gram transcript needs."""
WAKE_THRESHOLD = 1e-25
"""Keyphrase spotting threshold for "heart line" (higher: fewer false wakes, more missed ones). Measured with
live decoding over 78.3 min of read conversation (309 utterances) and 33 wake commands said on purpose
(``bench/asr.py --wake-threshold T``): 1e-20: no false wake, 19/33 heard (the spotter alone 12); 1e-25: none,
23/33 (17); 1e-30: one, 23/33; 1e-35: three, 25/33; 1e-40: 13, 27/33. The goal is at most one an hour."""
GRAMMAR_LW = 2.0
"""Language weight of the grammar's moves (pocketsphinx's default, 6.5, stays on the n-gram search): a lighter
weight lets acoustics pick between the thousands of phrases. Measured on the committed clips, grammar alone:
64% -> 71% right clean, 62% -> 67% at 20 dB; 1.0 and 3.0 did the same."""
DECODER_CONFIG: Mapping[str, float | bool] = {"wbeam": 1e-40, "bestpath": False, "fwdflatsfwin": 10, "topn": 16}
"""Settings on top of pocketsphinx's defaults, each found by measurement, side by side on the same clips.

``topn``: how many of each codebook's Gaussians score a frame (default 4). The shipped model's voices are far
from espeak-ng's, and the best few Gaussians alone often miss the right sound: grammar alone, clean, committed
clips 73 -> 77 of 96 right (8: 75, 24 and 32: 77), committed at 20 and 10 dB 67 -> 71 of 96, held-out voices
clean and 20 dB 71 -> 76 of 96. The combined rule, all three sets decoded with 4 and with 16 (bench clips,
clean/20/10 dB): committed 60/33/26 -> 66/34/30 right, held-out 31/35/22 -> 34/37/23, recorded people
92/43/29 -> 93/43/32; off-topic taken 4 -> 5 of 225. It costs processor time: median decoding work per clip
680 -> 1020 ms (spent while the clip is spoken), wait after it 18 -> 26 ms. The wake spotter keeps the default
(``WAKE_TOPN``), with which its threshold was measured. To repeat the comparison from here:
``bench/asr.py --no-before --no-wake --topn 4`` against the same without ``--topn`` (2026-12-06, committed
clips, combined rule, clean/20/10 dB: 63.5/68.8/52.1% right with 4, 68.8/72.9/62.5% with 16).

``wbeam``: the default word-exit beam (7e-29) prunes the grammar's way to its final state while longer
phrases are still alive, so a short command ("help", "main menu") ended with no result at all ("Final result
does not match the grammar"): grammar alone, committed clips, clean 70% -> 81% right.
``bestpath``: with the wider beam the lattice pass after each search grows and slows (median 362 ms for both
searches) and gets fewer commands right (grammar alone 75%); without it: 81%, 250 ms.
``fwdflatsfwin``: the n-gram's second pass, which decoding live leaves for after the end of speech, looks for
word starts within 10 frames of where the first pass found them instead of 25. Committed and held-out clips
(clean and 20 dB): the same 159 of 240 commands right and 8 wrong, off-topic 3 -> 2 of 150, median wait
62 -> 52 ms (p95 110 -> 89); 5 frames: 156 right, 49 ms."""
SAMPLES_CONFIG: Mapping[str, float | bool] = {"fwdflat": False}
"""The second n-gram search (``samples``) without its second (flat) pass. Decoding live, the two n-gram
searches' flat passes are nearly all that is left to do when an utterance ends (about 40 ms each); the second
search is the opinion that hears bare commands, where that pass changes little. Measured side by side on the
committed, held-out and recorded-people clips, clean and 20 dB (432 commands, 225 off-topic sentences): 300
of 432 right either way, 12 -> 13 wrong, 3 off-topic taken either way; median wait after a recording
101 -> 57 ms committed, 82 -> 45 recorded, 109 -> 60 held-out (two runs at once on two cores; bench/asr.py
alone, against the stop before: 89 -> 55 ms committed, 113 -> 64 held-out, 71 -> 42 recorded). The first
search kept its pass then; see ``COMMANDS_CONFIG`` for how it lost it outside a check-in."""
COMMANDS_CONFIG: Mapping[str, float | bool] = {"fwdflat": False}
"""The first n-gram search without its flat pass too, when it listens for every command: that pass was nearly
all of the wait once an utterance ended. Measured side by side on the committed and recorded-people clips,
clean, 20 and 10 dB, as recordings, both settings in one run (384 commands, 150 off-topic sentences):
291 -> 292 right, 18 -> 14 wrong, off-topic taken 2 -> 3; median wait committed 55/76/78 ->
9/16/16 ms, recorded 47/78/89 -> 9/15/18 ms. A check-in's focus has a decoder of its own for this search
(there it is the one opinion, ``FOCUS_OPINION_CONFIG``): one decoder more, about 30 MB."""
FOCUS_OPINION_CONFIG: Mapping[str, float | bool] = {"topn": 4, "fwdflat": False, "bestpath": True}
"""A check-in's n-gram opinion: its words from the lattice's best path, not from a second (flat) pass.

Without either, the first pass alone garbled short answers (a clear "i'd say four" came out "what do you for"
and was refused), which is why this decoder used to keep the flat pass; but that pass was nearly all of the
check-in's wait, 49-62 ms median, over the issue's 50 ms. The lattice's best path, rescored with the whole
trigram model, hears the answers better still, for a fraction of the wait. ``bench/asr.py --checkin-only``
prints both side by side ("flat pass" rows); on 2026-12-08 (helpers working beside it, so the waits are high
for both), flat pass -> best path, in focus, combined rule:
- the answers ``CHECKIN_ANSWERS`` in every voice: clean 13 -> 15 of 20 right, 20 dB 6 -> 7 of 10, wrong 1 -> 0,
  off-topic taken 0 of 75 either way; median wait 50 -> 8 ms clean, 72 -> 17 at 20 dB;
- other answers, written after the change was found (``MORE_CHECKIN_ANSWERS``): clean 20 -> 21 of 30, 20 dB
  9 -> 11 of 15, wrong 1 -> 0, none of 75 off-topic taken; median wait 44 -> 13 ms, 61 -> 30.
Found clip by clip first (/tmp/ck/side.py): neither pass, the first pass's words alone, got 47 of 72 other
answers against the best path's 51, and took one off-topic sentence at 20 dB.
It keeps pocketsphinx's default ``topn`` too: there a wrong yes records a score nobody gave. The check-in
answers in every voice, in focus, one run each (clean, 20 dB), with the flat pass: with 16 Gaussians, 16/20
and 7/10 right, one wrong score, one of 75 off-topic sentences taken as a score; with 4, 14/20 and 7/10, none
wrong, none taken (and a wait of 63 against 104 ms median)."""
WAKE_TOPN = 4
"""pocketsphinx's default ``topn``, for the keyphrase spotter: ``WAKE_THRESHOLD`` was measured with it."""
GRAMMAR, COMMANDS, SAMPLES, WAKE, LEVEL = "grammar", "commands", "samples", "wake", "level"
LEVEL_MEMORY_FRAMES = 3000.0
"""The level is a running mean over about the last 30 s of utterances: one short "four", mostly pre-roll and
pause, measured alone is far off (its first coefficient 42.7 against 46-48 for the sentences around it).
Committed and held-out clips voice by voice, clean and 20 dB, combined rule: 300 frames: 157/240 right and 6/150
off-topic taken; 1000: 161 and 5; 3000: 162 and 3; 10000: the same as 3000 (talk rows of bench/asr.py)."""
LEVEL_WORD = "a"
"""The one word of the ``LEVEL`` search: that decoder only measures an utterance's cepstral mean, so its search
may be as small as can be (10 ms for 2 s of speech, against 56 ms with the keyphrase search)."""
ALWAYS_HEARD: tuple[str, ...] = (
    "SafetyIntent",
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.CancelIntent",
    "AMAZON.RepeatIntent",
)
"""Heard in every focus: a way out, help, a repeat, and a call for safety are never filtered away."""


@dataclass(frozen=True)
class Focus:
    """What to listen for while the conversation waits for one kind of answer."""

    intents: tuple[str, ...]
    """Beside ``ALWAYS_HEARD``."""
    numbers: tuple[str, ...] = NUMBER_WORDS
    """What a number slot can hold then."""


WARM_UP_SAMPLES = 3 * RATE
"""Three seconds: on the clip in ``_warm_up``, 0.1-1.5 s of silence left the first utterance in the other state,
2, 3, 5 and 8 s did not."""
FOCUSES: Mapping[str, Focus] = {"checkin": Focus(("CheckInIntent", "UnsureIntent"), NUMBER_WORDS[:5])}
"""``Conversation.pending`` -> its focus. Only the check-in qualifies: its answers are the numbers one to five,
asked five times a check-in, while after the names prompt or a yes/no question people rightly say any other
command too. The small grammar makes far fewer wrong guesses than the whole command set (bench/asr.py,
"check-in answers"). "I don't know" is an answer too (UnsureIntent: a nudge, then the same statement, no score);
with it in the focus, ``bench/asr.py --checkin-only`` (2026-12-06) got the same 70/70% of scores right clean /
20 dB, none wrong and no off-topic sentence taken, as without it."""


class Mode(StrEnum):
    """How an utterance is judged: the combined rule, or one of the two baselines it is measured against."""

    COMBINED = "combined"
    GRAMMAR_ONLY = "grammar"
    """Baseline (a): whatever the grammar heard, if the matcher maps it to an intent."""
    LM_THRESHOLD = "lm"
    """Baseline (b): the n-gram transcript, if the matcher scores it at least ``LM_SCORE_CUTOFF``."""
    WORD_AGREEMENT = "words"
    """The combined rule as it was, comparing the two results word by word: kept so the bench can show what
    comparing phones changed, on the same decodings."""


@dataclass(frozen=True)
class Decoding:
    """Both searches' results for one utterance, before any decision."""

    grammar_words: tuple[str, ...]
    complete: bool
    """The grammar search ended at the end of a phrase (pocketsphinx otherwise returns its best partial path)."""
    lm_words: tuple[str, ...]
    grammar_ms: float
    """Time the grammar search took once the audio had ended (live: its last steps; whole: all of it)."""
    lm_ms: float
    spotted: bool | None = None
    """Whether the keyphrase search heard "heart line"; None when it was not listening."""
    wake_ms: float = 0.0
    compute_ms: float = 0.0
    """All the decoding time, while the utterance was spoken included: what the processor spent."""
    sample_words: tuple[str, ...] = ()
    """The second n-gram search's words (every sample weighted the same); empty when it did not run."""
    sample_ms: float = 0.0

    @property
    def decode_ms(self) -> float:
        """What a user waits for once they stop speaking (beside the silence that tells them apart)."""
        return self.grammar_ms + self.lm_ms + self.wake_ms + self.sample_ms


@dataclass(frozen=True)
class _Searches:
    """The decoders for one set of names, and the grammar behind each grammar search."""

    decoder: Any
    """The grammar searches (the whole grammar and one for each focus)."""
    lm_decoder: Any
    """The n-gram search, in a decoder of its own so that it can run at the same time (without its flat pass,
    ``COMMANDS_CONFIG``)."""
    focus_lm_decoder: Any
    """An n-gram search, its words from the lattice, with the focus's answers weighted up (``focus_counts``), for
    a focus (a check-in's score); built with the first name set and shared by the others."""
    sample_decoder: Any
    """The second n-gram search (every sample weighted the same), likewise in a decoder of its own."""
    grammar: CommandGrammar
    fsgs: Mapping[str, Fsg]
    """Grammar search name -> its word graph (for checking that a result is a whole phrase)."""


def _search_names(focus: str | None) -> tuple[str, str]:
    """(grammar search, n-gram search) for a focus; the whole command set when there is none.

    A focus's n-gram search is still one over every command: as the rejection step's second opinion it must be
    free to hear "give us a dinner question" when the focused grammar can only hear a score. Its model counts
    the focus's own answers ``FOCUS_ANSWER_WEIGHT`` times over (``focus_counts``)."""
    if focus is None:
        return GRAMMAR, COMMANDS
    return f"{GRAMMAR}-{focus}", f"{COMMANDS}-{focus}"


FOCUS_ANSWER_WEIGHT = 10
"""How many times a focus's n-gram model counts each of its answers beside the whole command set's phrases.
Counted once, like every other command, "a five" was heard as "that i'm" and "maybe a two" as "do", and the
right score refused. Measured in a check-in's focus, clean and 20 dB, on the check-in answers in every voice,
the committed, held-out and recorded-people clips (the answers, the commands always heard, 225 off-topic
sentences): weight 0 (each answer once, as before): 69 of 102 right, 0 off-topic taken; 5: 72, 0; 10: 73, 0;
20: 73, 0. At 50 one off-topic sentence was taken as a score (on the check-in answers, held-out and recorded
clips). ``bench/asr.py --checkin-only`` prints weight 0 beside this one, and ``--focus-weight W`` tries another:
on 2026-12-06 (11495 phrases), 10 and 30 both got 70/70% of the answers right clean / 20 dB with no off-topic
sentence taken, and 30 recorded one wrong score at 20 dB."""


def focus_counts(commands: Iterable[str], answers: Iterable[str], weight: int = FOCUS_ANSWER_WEIGHT) -> dict[str, int]:
    """Training counts for a focus's n-gram model: every command once, each answer ``weight`` times more."""
    counts = dict.fromkeys(commands, 1)
    for answer in answers:
        counts[answer] = counts.get(answer, 0) + weight
    return counts


class SphinxRecognizer:
    """The default engine. Build once (a few seconds), then ``begin`` an utterance live or ``recognize`` one
    recorded whole."""

    name = "sphinx"

    def __init__(
        self,
        matcher: Matcher | None = None,
        mode: Mode = Mode.COMBINED,
        dither_seed: int = 7,
        names: Iterable[str] = COMMON_NAMES,
        grammar_lw: float = GRAMMAR_LW,
        decoder_config: Mapping[str, float | bool] = DECODER_CONFIG,
        samples_config: Mapping[str, float | bool] = SAMPLES_CONFIG,
        commands_config: Mapping[str, float | bool] = COMMANDS_CONFIG,
        wake_threshold: float = WAKE_THRESHOLD,
        live: bool = True,
        denoise: bool = True,
        focus_answer_weight: int = FOCUS_ANSWER_WEIGHT,
        focus_opinion_config: Mapping[str, float | bool] = FOCUS_OPINION_CONFIG,
    ) -> None:
        try:
            from pocketsphinx import Decoder  # noqa: F401
        except ImportError as exc:
            raise RecognizerError(
                "offline recognition needs pocketsphinx: pip install 'pocketsphinx>=5' (it ships the en-US model)"
            ) from exc
        self.matcher = matcher or Matcher()
        self.mode = mode
        self.live = live
        """False: decode a recording whole, after it ended, as before live decoding (kept for the bench)."""
        self.denoise = denoise
        """Take the room's steady noise out before decoding (``audio/denoise.py``); False for the bench's "before"."""
        self._noise: NoiseFloor | None = None
        """The room's noise as the utterances before this one had it (None: not known yet)."""
        self._seed = dither_seed
        self._grammar_lw = grammar_lw
        self._decoder_config = dict(decoder_config)
        self._samples_config = dict(samples_config)
        """On top of ``decoder_config`` for the second n-gram search (the bench's "before" gives back its pass)."""
        self._commands_config = dict(commands_config)
        """Likewise for the first n-gram search when there is no focus."""
        self._focus_answer_weight = focus_answer_weight
        """``focus_counts``'s weight (0 for the bench's "before": every answer counted as one command)."""
        self._focus_opinion_config = dict(focus_opinion_config)
        """On top of ``decoder_config`` for a focus's n-gram opinion (the check-in's)."""
        self.wake_threshold = wake_threshold
        self._built: dict[tuple[str, ...], _Searches] = {}
        self.names: tuple[str, ...] = ()
        self.focus: str | None = None
        self._level_mean: np.ndarray | None = None
        """The cepstral mean the next live utterance starts from (None: pocketsphinx's own)."""
        self._level_frames = 0.0
        self._active: dict[int, str] = {}
        """id(decoder) -> its active search (the decoders live as long as the recogniser)."""
        self._wake_decoder = self._new_decoder(topn=WAKE_TOPN)
        self._generic_level: str = self._wake_decoder.get_cmn(False)
        """pocketsphinx's own starting level (its ``cmninit``), before any utterance moved it."""
        self._wake_decoder.add_keyphrase(WAKE, WAKE_PHRASE)
        self._level_decoder = self._new_level_decoder()
        self._use(tuple(dict.fromkeys(n.lower() for n in names)))

    def use_names(self, household: Iterable[str]) -> None:
        """Put the household's names first in the grammar (beside the common ones), once they are known.

        Three decoders per name set (the grammar's and both n-gram searches'; the check-in's is shared), built
        on first use (2-4 s here) and kept: saying the same names again costs nothing.
        """
        wanted = tuple(dict.fromkeys([*(n.lower() for n in household if n), *COMMON_NAMES]))
        if wanted != self.names:
            self._use(wanted)

    def listen_for(self, pending: str | None) -> None:
        """Narrow the next utterances to what the conversation is waiting for (``Conversation.pending``);
        anything without a focus of its own listens for every command."""
        self.focus = pending if pending in FOCUSES else None

    def _use(self, names: tuple[str, ...]) -> None:
        new = names not in self._built
        if new:
            self._built[names] = self._build(names)
        self.names = names
        built = self._built[names]
        self.decoder, self._lm_decoder, self._focus_lm_decoder, self._sample_decoder, self.grammar, self._fsgs = (
            built.decoder,
            built.lm_decoder,
            built.focus_lm_decoder,
            built.sample_decoder,
            built.grammar,
            built.fsgs,
        )
        if new:
            self._warm_up(first=len(self._built) == 1)

    def _warm_up(self, first: bool) -> None:
        """Let every new decoder hear one utterance of silence before the first that counts (``first``: the
        first name set, when the check-in's n-gram decoder and the spotter are new too).

        A decoder's first utterance comes out unlike the same audio heard later (pocketsphinx keeps some state
        from one utterance to the next beyond the level that ``begin`` sets): a clear "i'd say four" came out
        "what do you for" from a fresh n-gram search and "i'd say four" from then on (the committed clip
        cmd21-en-us-m7, check-in focus; three decodings in a row, and again after another utterance). Without
        this, the first command of every ``talk`` and ``recognize`` session, and the first check-in answer,
        would be heard by decoders in that other state. Costs 0.6-1.5 s of a build (the grammar search is wide)."""
        focus = self.focus
        try:
            for self.focus in (None, *FOCUSES) if first else (None,):
                utterance = self.begin(wake=first, level=self._generic_level, noise=NoiseFloor.silent())
                utterance.feed(np.zeros(WARM_UP_SAMPLES, dtype=np.int16))
                utterance.cancel()
        finally:
            self.focus = focus

    def _new_decoder(self, **settings: float | bool) -> Any:
        from pocketsphinx import Decoder

        return Decoder(
            lm=None, logfn=os.devnull, kws_threshold=self.wake_threshold, **{**self._decoder_config, **settings}
        )

    def _new_level_decoder(self) -> Any:
        """A decoder that only ever decodes whole utterances, so that its normalisation stays the batch one
        (pocketsphinx switches a decoder to live normalisation for good once it decodes a stream), with a
        one-word dictionary and grammar: measuring costs little beyond the features."""
        from pocketsphinx import Decoder

        def read_dictionary(path: str) -> Any:
            return Decoder(lm=None, logfn=os.devnull, dict=path)

        decoder = self._read(f"{LEVEL_WORD} AH\n", ".dict", read_dictionary)
        fsg = Fsg(start=0, final=1, states=2, transitions=((0, 1, 1.0, LEVEL_WORD),))
        decoder.add_fsg(LEVEL, self._read(fsg.to_text(LEVEL), ".fsg", decoder.read_fsg))
        decoder.activate_search(LEVEL)
        return decoder

    def _build(self, names: tuple[str, ...]) -> _Searches:
        from pocketsphinx import NGramModel

        decoder = self._new_decoder(lw=self._grammar_lw)
        lm_decoder = self._new_decoder(**self._commands_config)
        sample_decoder = self._new_decoder(**self._samples_config)
        # The check-in's opinion listens for scores, where the household's names make no difference: one for all.
        shared = next(iter(self._built.values()), None)
        focus_lm_decoder = (
            shared.focus_lm_decoder if shared is not None else self._new_decoder(**self._focus_opinion_config)
        )
        model = focused(
            self.matcher.model, (i.name for i in self.matcher.model.intents if i.name not in UNHEARD_INTENTS)
        )
        grammar = build_grammar(model, names, decoder.lookup_word)
        commands_arpa = build_arpa(grammar.sentences)
        ngram_searches = [
            (COMMANDS, lm_decoder, commands_arpa),
            (SAMPLES, sample_decoder, build_arpa(grammar.sample_counts)),
        ]
        fsgs = {GRAMMAR: self._add_grammar(decoder, GRAMMAR, grammar)}
        for name, focus in FOCUSES.items():
            narrow = focused(model, (*focus.intents, *ALWAYS_HEARD))
            narrow_grammar = build_grammar(narrow, names, decoder.lookup_word, launch=False, numbers=focus.numbers)
            grammar_search, lm_search = _search_names(name)
            fsgs[grammar_search] = self._add_grammar(decoder, grammar_search, narrow_grammar)
            if shared is None:
                answers = build_grammar(
                    focused(model, focus.intents), names, decoder.lookup_word, launch=False, numbers=focus.numbers
                )
                arpa = build_arpa(focus_counts(grammar.sentences, answers.sentences, self._focus_answer_weight))
                ngram_searches.append((lm_search, focus_lm_decoder, arpa))
        for search, ngram_decoder, arpa in ngram_searches:
            self._add_words(ngram_decoder, grammar)
            lm = self._read(arpa, ".arpa", lambda path, d=ngram_decoder: NGramModel(d.config, d.logmath, path))
            ngram_decoder.add_lm(search, lm)
        return _Searches(decoder, lm_decoder, focus_lm_decoder, sample_decoder, grammar, fsgs)

    @staticmethod
    def _add_words(decoder: Any, grammar: CommandGrammar) -> None:
        for word, phones in grammar.extra_words.items():
            if decoder.lookup_word(word) is None:
                decoder.add_word(word, phones, True)

    def _add_grammar(self, decoder: Any, search: str, grammar: CommandGrammar) -> Fsg:
        self._add_words(decoder, grammar)
        decoder.add_fsg(search, self._read(grammar.fsg.to_text(search), ".fsg", decoder.read_fsg))
        return grammar.fsg

    @staticmethod
    def _read(text: str, suffix: str, loader):  # type: ignore[no-untyped-def]
        """pocketsphinx reads grammars, models and dictionaries from files only: a temp file, removed at once."""
        fd, path = tempfile.mkstemp(prefix="heartline-", suffix=suffix)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            return loader(path)
        finally:
            os.unlink(path)

    # --- decoding ---------------------------------------------------------------------------------------

    def _activate(self, decoder: Any, search: str) -> None:
        """Make ``search`` the decoder's one search. (pocketsphinx 5.1's ``current_search`` crashes the process
        when no search was active yet, so the recogniser remembers what it activated.)"""
        if self._active.get(id(decoder)) != search:
            decoder.activate_search(search)
            self._active[id(decoder)] = search

    def begin(
        self, wake: bool = False, level: str | None = None, noise: NoiseFloor | None = None, *, first_again: bool = True
    ) -> LiveUtterance:
        """Start decoding an utterance that is still being spoken: ``feed`` it, then ``finish``.

        ``wake``: also spot "heart line" (while a partner has the floor). ``level`` and ``noise``: the
        cepstral mean to start from and the room's noise to take out, when known better than from the
        utterances before. With no noise known at all, the utterance takes it from its own first audio (the
        endpointer's pre-roll), if that is long enough to tell. ``first_again``: an utterance that starts from
        pocketsphinx's generic level (the first of a session) is decoded again from its own level when it
        ends (``LiveUtterance.finish``)."""
        generic = level is None and self._level_mean is None
        if level is None:
            level = self._generic_level if self._level_mean is None else _cmn_text(self._level_mean)
        runs = self._runs(wake)
        utterance = LiveUtterance(
            self,
            runs,
            self._fsgs[runs[GRAMMAR][1]],
            np.random.default_rng(self._seed),
            level,
            noise if noise is not None else self._noise,
            again_with_own_level=generic and first_again,
        )
        utterance.start()
        return utterance

    def _runs(self, wake: bool) -> dict[str, tuple[Any, str]]:
        """Role -> (decoder, search) for the next utterance, each search made its decoder's active one: the
        grammar of the focus; with a rejection step the n-gram searches (the second only with no focus, see
        ``second_opinion``); ``wake``: the spotter."""
        grammar_search, lm_search = _search_names(self.focus)
        runs = {GRAMMAR: (self.decoder, grammar_search)}
        if self.mode is not Mode.GRAMMAR_ONLY:
            if self.focus is None:
                runs[COMMANDS] = (self._lm_decoder, lm_search)
                runs[SAMPLES] = (self._sample_decoder, SAMPLES)
            else:
                runs[COMMANDS] = (self._focus_lm_decoder, lm_search)
        if wake:
            runs[WAKE] = (self._wake_decoder, WAKE)
        for decoder, search in runs.values():
            self._activate(decoder, search)
        return runs

    def _fresh_front_ends(self, wake: bool) -> None:
        """Forget what the searches' feature extraction learnt from earlier audio, for a recording that must be
        heard on its own. pocketsphinx keeps a running noise estimate across utterances, and the same quiet
        file was heard as "what is the need round" (refused) first and as "that is a bit loud" (taken) after
        itself or another file (2026-12-07); live, that memory of the room is wanted and kept."""
        for decoder, _search in self._runs(wake).values():
            decoder.reinit_feat()

    def _measure(self, samples: np.ndarray) -> np.ndarray | None:
        """The cepstral mean of ``samples`` (int16, 16 kHz) over the whole of them; None for too little audio.
        Its front end starts afresh each time (``_fresh_front_ends``): this is one utterance's level, and the
        running mean of several is kept here, not in pocketsphinx."""
        if len(samples) < FRAME_SAMPLES:
            return None
        decoder = self._level_decoder
        decoder.reinit_feat()
        decoder.start_utt()
        decoder.process_raw(dither(samples, np.random.default_rng(self._seed)), full_utt=True)
        decoder.end_utt()
        return np.array([float(v) for v in decoder.get_cmn(False).split(",")])

    def measure_level(self, samples: np.ndarray, heard: np.ndarray | None = None) -> None:
        """Fold the level of ``samples`` (an utterance just heard) into the one the next utterance starts from,
        and take the room's noise from it for the next (the latest utterance's own: a dishwasher that starts
        should be subtracted from the next command, not averaged away). ``heard``: the same audio as the
        searches were given it, noise taken out, whose level it is they need."""
        noise = NoiseFloor.of(samples) if self.denoise else None
        if noise is not None:
            self._noise = noise
        measured = self._measure(samples if heard is None else heard)
        if measured is None:
            return
        frames = len(samples) / (RATE / 100)
        if self._level_mean is None:
            self._level_mean, self._level_frames = measured, 0.0
        weight = min(self._level_frames + frames, LEVEL_MEMORY_FRAMES)
        self._level_mean = self._level_mean + (measured - self._level_mean) * frames / max(weight, frames)
        self._level_frames = weight

    def level(self) -> tuple[float, ...] | None:
        """The cepstral mean the next live utterance starts from; None: pocketsphinx's generic one."""
        return None if self._level_mean is None else tuple(float(v) for v in self._level_mean)

    def forget_level(self) -> None:
        """Start the next utterance from pocketsphinx's generic level again, knowing nothing of the room's noise
        (a new recording, another room)."""
        self._level_mean, self._level_frames = None, 0.0
        self._noise = None

    def decode(self, audio: sr.AudioData, wake: bool = False, own_level: bool = True) -> Decoding:
        """Both searches (``wake``: and the spotter) over one whole recording.

        Live (the default), the recording is fed as ``talk`` feeds the microphone, after measuring its own level
        and noise (``own_level``): a recording, unlike a live utterance, is there whole before decoding starts.
        Without it, it starts from the level and noise of the one before, as in ``talk``."""
        samples = to_pcm16(audio)
        noise = NoiseFloor.of(samples) if own_level and self.denoise else None
        cleaned = suppress(samples, noise) if noise is not None else samples
        if own_level:
            self._fresh_front_ends(wake)
        if not self.live:
            return self._decode_whole(cleaned)
        own = self._measure(cleaned) if own_level else None
        # Cleaned once, here: fed through a silent room, the searches get the very bytes that streaming the
        # recording through ``noise`` would give them (the same frames; ``tests/audio/test_denoise.py``).
        passed_on = NoiseFloor.silent() if noise is not None else None
        utterance = self.begin(wake, _cmn_text(own) if own is not None else None, passed_on, first_again=False)
        for start in range(0, len(cleaned), FRAME_SAMPLES):
            utterance.feed(cleaned[start : start + FRAME_SAMPLES])
        decoding = utterance.finish()
        if not own_level:
            utterance.learn_level()
        return decoding

    def _decode_whole(self, samples: np.ndarray) -> Decoding:
        """Each search after the other over the whole utterance, with its own batch normalisation."""
        pcm = dither(samples, np.random.default_rng(self._seed))
        runs = self._runs(wake=False)
        words: dict[str, tuple[str, ...]] = {}
        took: dict[str, float] = {}
        for role, (decoder, _search) in runs.items():
            started = time.perf_counter()
            words[role] = _run_whole(decoder, pcm)
            took[role] = (time.perf_counter() - started) * 1000
        return _decoding(self._fsgs[runs[GRAMMAR][1]], words, took, compute_ms=sum(took.values()))

    def recognize(self, audio: sr.AudioData) -> Recognition:
        return self.decide(self.decode(audio), self.mode)

    def decide(self, decoding: Decoding, mode: Mode) -> Recognition:
        """Turn both searches' words into an accepted command or a rejection, by ``mode``."""
        transcript = " ".join(decoding.grammar_words)
        if mode is Mode.LM_THRESHOLD:
            transcript = " ".join(decoding.lm_words)
        intent, slots, score = interpret(self.matcher, transcript)
        reason = "command"
        if not transcript:
            reason = "nothing heard"
        elif intent is None:
            reason = "not a command"
        elif mode is Mode.LM_THRESHOLD and score < LM_SCORE_CUTOFF:
            reason = f"matcher score {score:.2f} < {LM_SCORE_CUTOFF}"
        elif mode in (Mode.COMBINED, Mode.WORD_AGREEMENT) and not decoding.complete:
            reason = "grammar did not reach a phrase end"
        elif mode in (Mode.COMBINED, Mode.WORD_AGREEMENT):
            opinion = self.second_opinion(decoding)
            agreement = self.agreement(decoding, by_words=mode is Mode.WORD_AGREEMENT, opinion=opinion)
            needed = self.agreement_needed(mode)
            if agreement < needed:
                reason = f"models disagree ({agreement:.2f} < {needed})"
            elif mode is Mode.COMBINED and self.after_wake_agreement(decoding, opinion) < AFTER_WAKE_AGREEMENT:
                reason = "only the wake phrase was heard"
        accepted = reason == "command"
        return Recognition(
            transcript=transcript,
            intent=intent if accepted else None,
            slots=slots if accepted else {},
            accepted=accepted,
            reason=reason,
            decode_ms={Mode.GRAMMAR_ONLY: decoding.grammar_ms, Mode.LM_THRESHOLD: decoding.lm_ms}.get(
                mode, decoding.decode_ms
            ),
            engine=f"{self.name}:{mode.value}",
        )

    def agreement_needed(self, mode: Mode) -> float:
        """The similarity an utterance needs under ``mode`` with the focus listened for now."""
        if mode is Mode.WORD_AGREEMENT:
            return WORD_AGREEMENT_THRESHOLD
        return FOCUS_AGREEMENT if self.focus is not None else AGREEMENT

    def agreement(self, decoding: Decoding, by_words: bool = False, opinion: tuple[str, ...] | None = None) -> float:
        """How alike the grammar's result and the n-gram opinion closest to it sound (0..1); ``by_words``: the
        old word-level rule, against the first n-gram search only. ``opinion``: ``second_opinion``, when the
        caller has it already."""
        if by_words:
            return SequenceMatcher(None, decoding.grammar_words, decoding.lm_words).ratio()
        heard = self.second_opinion(decoding) if opinion is None else opinion
        return similarity(self.phones(decoding.grammar_words), self.phones(heard))

    def second_opinion(self, decoding: Decoding) -> tuple[str, ...]:
        """Of the two n-gram searches' words, those that sound more like the grammar's result.

        Two opinions, because each hears some commands the other garbles: the first counts every filling of a
        sample once (good at the fillings: names, numbers, scores), the second every sample alike (good at
        bare commands: "stop", "skip", "pause"). Off-topic speech comes out as a jumble from both. Measured
        on the committed and held-out clips, clean and 20 dB: first alone 159/240 right, 8 wrong, 2/150
        off-topic taken; second alone 164, 9, 2; the closer of the two 169, 11, 2 (bench/asr.py). Not while
        a focus narrows the grammar (a check-in's scores are all fillings, the second search's weak side):
        there the closer of the two took 2 of 75 off-topic sentences as scores, the first alone none."""
        opinions = [words for words in (decoding.lm_words, decoding.sample_words) if words] or [()]
        grammar_phones = self.phones(decoding.grammar_words)
        return max(opinions, key=lambda words: similarity(grammar_phones, self.phones(words)))

    def after_wake_agreement(self, decoding: Decoding, opinion: tuple[str, ...] | None = None) -> float:
        """``agreement`` of what follows "heart line" in each result; 1 when the grammar heard no wake phrase
        (then the whole results were compared already)."""
        command = _after_wake(decoding.grammar_words)
        if len(command) == len(decoding.grammar_words):
            return 1.0
        heard = self.second_opinion(decoding) if opinion is None else opinion
        return similarity(self.phones(command), self.phones(_after_wake(heard)))

    def phones(self, words: Iterable[str]) -> list[str]:
        """The dictionary pronunciation of each word in turn (``and(2)`` is the second way to say "and")."""
        phones: list[str] = []
        for word in words:
            pronunciation = self.decoder.lookup_word(word) or self.decoder.lookup_word(word.split("(", 1)[0])
            phones.extend((pronunciation or "").split())
        return phones


class LiveUtterance:
    """One utterance decoded while it is spoken: every search of ``SphinxRecognizer.begin`` is fed each frame.

    Its audio stays in memory until ``learn_level`` (or ``cancel``), then goes with this object.

    Finishing early: once the speaker has paused as long as an utterance keeps of its closing silence
    (``Endpointer.pausing``), everything the utterance will hold has been fed, so ``feed(..., pausing=True)``
    finishes the searches then, in the silence (0.5 s more) that tells whether the utterance is over, and
    ``finish`` hands that result over with nothing left to wait for. Should speech resume instead, the next
    ``feed`` starts the searches again from the same level and feeds them the same audio (the same dithered
    bytes): one fast replay of the utterance so far, while the speaker goes on. The words are those of no
    pause as nearly as pocketsphinx allows: it carries a little state from one utterance to the next beyond
    the level (the same clip decoded twice in a row can come out with other n-gram words), and a restart is
    one utterance more (the first 40 committed clean clips cut in half, with and without the spotter: the
    grammar's words the same in all 80 decodings, the n-gram's in 78)."""

    def __init__(
        self,
        recognizer: SphinxRecognizer,
        runs: Mapping[str, tuple[Any, str]],
        fsg: Fsg,
        rng: Generator,
        level: str,
        noise: NoiseFloor | None = None,
        again_with_own_level: bool = False,
    ):
        self._recognizer = recognizer
        self._again_with_own_level = again_with_own_level
        """Started from the generic level (nothing heard yet): ``finish`` decodes the whole utterance again from
        its own level, as a recording is decoded."""
        self._runs = runs
        """Role (``GRAMMAR``, ``COMMANDS``, ``WAKE``) -> (decoder, search)."""
        self._fsg = fsg
        self._rng = rng
        self._level = level
        """The cepstral mean the searches start from, again on a restart."""
        self._suppressor: NoiseSuppressor | None = None
        """Takes the room's noise out of what is fed; made at the first feed when no noise is known yet; with
        ``denoise`` off, one that passes the audio as it is (with the same hold-back, so that the bench's
        "noise left in" rows differ from the others by the subtraction alone)."""
        if not recognizer.denoise:
            self._suppressor = NoiseSuppressor(None)
        elif noise is not None:
            self._suppressor = NoiseSuppressor(noise)
        self._heard: list[np.ndarray] = []
        """The audio as it came (the room's noise is learnt from it)."""
        self._cleaned: list[np.ndarray] = []
        """The audio as the searches heard it (their level is learnt from it)."""
        self._fed: list[bytes] = []
        """What the decoders were given (dithered), for a restart after finishing early."""
        self._compute_ms = 0.0
        self._open = True
        self._running = False
        """The decoders are inside this utterance (not finished early, not ended)."""
        self._early: Decoding | None = None
        self.restarts = 0
        """How often speech resumed after the searches had finished early."""

    def start(self) -> None:
        """Start every search from ``level`` (else each decoder would go on from its own last utterance)."""
        for decoder, _search in self._runs.values():
            decoder.set_cmn(self._level)
            decoder.start_utt()
        self._running = True

    def feed(self, samples: np.ndarray, pausing: bool = False) -> None:
        """The next stretch of the utterance, 16 kHz int16 mono; ``pausing``: the speaker has paused long enough
        that this may be all (see the class)."""
        if not self._open:
            raise RecognizerError("this utterance was already finished")
        started = time.perf_counter()
        if len(samples):
            if not self._running:
                self._restart()
            samples = np.asarray(samples, dtype=np.int16)
            if self._suppressor is None:
                self._suppressor = NoiseSuppressor(NoiseFloor.of(samples))
            self._heard.append(samples)
            self._process(self._suppressor.push(samples))
        if pausing and self._running:
            self._early = self._end()
        self._compute_ms += (time.perf_counter() - started) * 1000

    def _process(self, cleaned: np.ndarray) -> None:
        """Give every search the next cleaned stretch, dithered (kept for a replay)."""
        if not len(cleaned):
            return
        pcm = dither(cleaned, self._rng)
        for decoder, _search in self._runs.values():
            decoder.process_raw(pcm, full_utt=False)
        self._cleaned.append(cleaned)
        self._fed.append(pcm)

    def _restart(self) -> None:
        self.start()
        replay = b"".join(self._fed)
        for decoder, _search in self._runs.values():
            decoder.process_raw(replay, full_utt=False)
        self._early = None
        self.restarts += 1

    def _end(self) -> Decoding:
        """End every search and read its words; the times are what each took from here (the grammar's with the
        last few milliseconds of audio the noise suppression held back, which every search is given first)."""
        self._running = False
        started = time.perf_counter()
        if self._suppressor is not None:
            self._process(self._suppressor.flush())
        flush_ms = (time.perf_counter() - started) * 1000
        words: dict[str, tuple[str, ...]] = {}
        took: dict[str, float] = {}
        for role, (decoder, _search) in self._runs.items():
            started = time.perf_counter()
            decoder.end_utt()
            words[role] = _words(decoder) if self._heard else ()
            took[role] = (time.perf_counter() - started) * 1000
        took[GRAMMAR] += flush_ms
        return _decoding(self._fsg, words, took, compute_ms=self._compute_ms + sum(took.values()))

    def finish(self) -> Decoding:
        """The searches' results: only their last steps are left to do, or none when they finished early."""
        if not self._open:
            raise RecognizerError("this utterance was already finished")
        self._open = False
        if self._again_with_own_level and self._heard:
            started = time.perf_counter()
            if self._running:
                self._end()
            again = self._recognizer.decode(
                audio_from_pcm16(np.concatenate(self._heard)), wake=WAKE in self._runs, own_level=True
            )
            waited = (time.perf_counter() - started) * 1000
            return replace(
                again, grammar_ms=waited, lm_ms=0.0, wake_ms=0.0, sample_ms=0.0, compute_ms=self._compute_ms + waited
            )
        if self._early is not None:
            return replace(
                self._early, grammar_ms=0.0, lm_ms=0.0, wake_ms=0.0, sample_ms=0.0, compute_ms=self._compute_ms
            )
        return self._end()

    def result(self) -> tuple[Recognition, bool | None]:
        """``finish``, judged by the recogniser's rule; with whether the spotter heard "heart line" (None: it was
        not listening)."""
        decoding = self.finish()
        return self._recognizer.decide(decoding, self._recognizer.mode), decoding.spotted

    def learn_level(self) -> None:
        """Let the next utterance start from a level that includes this one's, then let its audio go. Called
        once the utterance has been acted on: measuring costs about 10 ms that nobody should wait for."""
        if self._heard:
            heard = np.concatenate(self._cleaned) if self._cleaned else None
            self._recognizer.measure_level(np.concatenate(self._heard), heard)
        self._heard, self._cleaned, self._fed = [], [], []

    def cancel(self) -> None:
        """Drop the utterance unheard (the skill began to speak over it)."""
        self._heard, self._cleaned, self._fed = [], [], []
        self._open = False
        if self._running:
            self._running = False
            for decoder, _search in self._runs.values():
                decoder.end_utt()


def _decoding(fsg: Fsg, words: Mapping[str, tuple[str, ...]], took: Mapping[str, float], compute_ms: float) -> Decoding:
    """The searches' words and the times their last steps took, by role (``GRAMMAR``, ``COMMANDS``, ...)."""
    return Decoding(
        grammar_words=words[GRAMMAR],
        complete=accepts(fsg, words[GRAMMAR]),
        lm_words=words.get(COMMANDS, ()),
        grammar_ms=took[GRAMMAR],
        lm_ms=took.get(COMMANDS, 0.0),
        sample_words=words.get(SAMPLES, ()),
        sample_ms=took.get(SAMPLES, 0.0),
        spotted=bool(words[WAKE]) if WAKE in words else None,
        wake_ms=took.get(WAKE, 0.0),
        compute_ms=compute_ms,
    )


def dither(samples: np.ndarray, rng: Generator) -> bytes:
    """``samples`` with the ``DITHER_RMS`` noise floor, as the bytes pocketsphinx reads: stretches of digital
    silence (a recording's padding, a muted microphone) otherwise throw its noise estimate off."""
    noisy = np.asarray(samples, dtype=np.float32) + rng.normal(0.0, DITHER_RMS, len(samples))
    return np.clip(noisy, -32768, 32767).astype("<i2").tobytes()


def _cmn_text(mean: np.ndarray) -> str:
    """A cepstral mean as pocketsphinx's ``set_cmn`` reads it."""
    return ",".join(f"{value:.4f}" for value in mean)


def _run_whole(decoder: Any, pcm: bytes) -> tuple[str, ...]:
    if not pcm:
        return ()  # pocketsphinx fails on an empty buffer; an empty recording says nothing
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    return _words(decoder)


def _words(decoder: Any) -> tuple[str, ...]:
    """The words of the decoder's last utterance; none when it heard nothing."""
    hyp = decoder.hyp()
    return tuple(hyp.hypstr.split()) if hyp is not None and hyp.hypstr else ()


def _after_wake(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words after a leading wake phrase (alternative pronunciations like ``line(2)`` included)."""
    bare = tuple(word.split("(", 1)[0] for word in words[: len(WAKE_WORDS)])
    return words[len(WAKE_WORDS) :] if bare == WAKE_WORDS else words


def accepts(fsg: Fsg, words: tuple[str, ...]) -> bool:
    """Whether ``words`` is a whole phrase of the grammar (alternative pronunciations like ``and(2)`` aside)."""
    moves = fsg.moves

    def closure(states: set[int]) -> set[int]:
        todo, seen = list(states), set(states)
        while todo:
            for target, word in moves.get(todo.pop(), ()):
                if word is None and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    current = closure({fsg.start})
    for raw in words:
        word = raw.split("(", 1)[0]
        current = closure({t for s in current for t, w in moves.get(s, ()) if w == word})
        if not current:
            return False
    return fsg.final in current
