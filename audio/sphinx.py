"""The offline recogniser: one long-lived pocketsphinx decoder with the command grammar, a rejection step
and the wake phrase.

Why this shape (see DESIGN, "Outside facts"): free dictation with pocketsphinx is slow and poor, a grammar
of the command phrases is fast and far better but forces any speech onto some command, and building a
decoder per call (as speechrecognition's ``recognize_sphinx`` does) costs a second each time. So one
decoder holds every search, built once from the interaction model:

- ``grammar``: a finite-state grammar of every phrase (``audio/grammar.py``); its words are what we act on.
- ``commands``: a small trigram model over the same phrases (``audio/lm.py``). It may string command words
  together freely, so off-topic speech comes out as a jumble while a real command comes out as itself or as
  words that sound like it. An utterance is accepted only when the two results mostly sound alike (phone-level
  similarity at least ``AGREEMENT``, ``audio/phonetic.py``) and the grammar actually reached the end of a
  phrase.
- ``wake``: keyphrase spotting of "heart line", used while a partner has the floor.
- ``grammar-checkin``: while a check-in waits for a score (``listen_for``), a grammar of the answers one to
  five and the ways out; the n-gram search over every command stays its second opinion, so "give us a dinner
  question" forced onto "it was a one" sounds nothing like what that search heard and is rejected.

Names: the grammar holds a few common first names until the household's are said; then ``use_names`` puts
theirs in (a decoder per name set, built once and kept), so off-topic speech has few name paths to fall onto.

A faint noise floor (``DITHER_RMS``) is added before decoding: pure digital silence between words throws
the decoder's normalisation off (measured: 94% -> 66% right).

Nothing heard is stored or logged, at any level: while a partner has the floor every utterance is decoded
(to hear "heart line"), and what they say is theirs.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

import numpy as np
import speech_recognition as sr

from audio.grammar import (
    COMMON_NAMES,
    NUMBER_WORDS,
    WAKE_WORDS,
    CommandGrammar,
    Fsg,
    build_grammar,
    focused,
)
from audio.lm import build_arpa
from audio.phonetic import similarity
from audio.recognition import Recognition, RecognizerError, interpret, to_pcm16
from intents.matcher import Matcher

DITHER_RMS = 30.0
"""Noise floor added before decoding, in 16-bit sample units (about -61 dBFS): chosen by measurement."""
AGREEMENT = 0.6
"""Lowest phone-level similarity between the grammar's and the n-gram's results for an utterance to count as a
command. Comparing words instead (the rule before, same threshold) rejected commands the n-gram heard as
look-alike words: committed clips clean 53% -> 64% right, held-out voices 54% -> 65%, off-topic accepted
1/50 -> 0/50 and 1/50 (bench/asr.py, "before" rows)."""
AFTER_WAKE_AGREEMENT = 0.2
"""Lowest similarity of the part after a leading "heart line". The wake phrase is seven phones, so a bare
"heart line", which the grammar must finish with some short command ("heart line eight"), still matched the
n-gram's "heart line" at 0.78; the command itself must have been heard too. Real wake commands in the
bench's voices score 0.25 or more here (the n-gram hears short words poorly: "pause" as "close")."""
LM_SCORE_CUTOFF = 0.9
"""Baseline (b): the matcher score an n-gram transcript needs."""
WAKE_THRESHOLD = 1e-20
"""Keyphrase spotting threshold for "heart line" (higher: fewer false wakes, more missed ones)."""
GRAMMAR_LW = 2.0
"""Language weight of the grammar's moves (pocketsphinx's default, 6.5, stays on the n-gram search): a lighter
weight lets acoustics pick between the thousands of phrases. Measured on the committed clips, grammar alone:
64% -> 71% right clean, 62% -> 67% at 20 dB; 1.0 and 3.0 did the same."""
DECODER_CONFIG: Mapping[str, float | bool] = {"wbeam": 1e-40, "bestpath": False}
"""Settings on top of pocketsphinx's defaults, both found by measurement (bench/asr.py, "before" rows).

``wbeam``: the default word-exit beam (7e-29) prunes the grammar's way to its final state while longer
phrases are still alive, so a short command ("help", "main menu") ended with no result at all ("Final result
does not match the grammar"): grammar alone, committed clips, clean 70% -> 81% right.
``bestpath``: with the wider beam the lattice pass after each search grows and slows (median 362 ms for both
searches) and gets fewer commands right (grammar alone 75%); without it: 81%, 250 ms."""
PREVIOUS_DECODER_CONFIG: Mapping[str, float | bool] = {}
"""pocketsphinx's own defaults, which the bench keeps measuring side by side."""
GRAMMAR, COMMANDS, WAKE = "grammar", "commands", "wake"
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


FOCUSES: Mapping[str, Focus] = {"checkin": Focus(("CheckInIntent",), NUMBER_WORDS[:5])}
"""``Conversation.pending`` -> its focus. Only the check-in qualifies: its answers are the numbers one to five,
asked five times a check-in, while after the names prompt or a yes/no question people rightly say any other
command too. The small grammar makes far fewer wrong guesses than the whole command set (bench/asr.py,
"check-in answers")."""


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
    lm_ms: float

    @property
    def decode_ms(self) -> float:
        return self.grammar_ms + self.lm_ms


@dataclass(frozen=True)
class _Searches:
    """One decoder with every search for one set of names, and the grammar behind each grammar search."""

    decoder: Any
    grammar: CommandGrammar
    fsgs: Mapping[str, Fsg]
    """Grammar search name -> its word graph (for checking that a result is a whole phrase)."""


def _search_names(focus: str | None) -> tuple[str, str]:
    """(grammar search, n-gram search) for a focus; the whole command set when there is none.

    The n-gram search stays the one over every command: as the rejection step's second opinion it must be free
    to hear "give us a dinner question" when the focused grammar can only hear a score."""
    return (GRAMMAR if focus is None else f"{GRAMMAR}-{focus}"), COMMANDS


class SphinxRecognizer:
    """The default engine. Build once (about a second), then call ``recognize`` per utterance."""

    name = "sphinx"

    def __init__(
        self,
        matcher: Matcher | None = None,
        mode: Mode = Mode.COMBINED,
        dither_seed: int = 7,
        names: Iterable[str] = COMMON_NAMES,
        grammar_lw: float = GRAMMAR_LW,
        decoder_config: Mapping[str, float | bool] = DECODER_CONFIG,
        wake_threshold: float = WAKE_THRESHOLD,
    ) -> None:
        try:
            from pocketsphinx import Decoder  # noqa: F401
        except ImportError as exc:
            raise RecognizerError(
                "offline recognition needs pocketsphinx: pip install 'pocketsphinx>=5' (it ships the en-US model)"
            ) from exc
        self.matcher = matcher or Matcher()
        self.mode = mode
        self._seed = dither_seed
        self._grammar_lw = grammar_lw
        self._decoder_config = dict(decoder_config)
        self.wake_threshold = wake_threshold
        self._built: dict[tuple[str, ...], _Searches] = {}
        self.names: tuple[str, ...] = ()
        self.focus: str | None = None
        self._use(tuple(dict.fromkeys(n.lower() for n in names)))

    def use_names(self, household: Iterable[str]) -> None:
        """Put the household's names first in the grammar (beside the common ones), once they are known.

        One decoder per name set, built on first use (about a second) and kept: saying the same names again
        costs nothing.
        """
        wanted = tuple(dict.fromkeys([*(n.lower() for n in household if n), *COMMON_NAMES]))
        if wanted != self.names:
            self._use(wanted)

    def listen_for(self, pending: str | None) -> None:
        """Narrow the next utterances to what the conversation is waiting for (``Conversation.pending``);
        anything without a focus of its own listens for every command."""
        self.focus = pending if pending in FOCUSES else None

    def _use(self, names: tuple[str, ...]) -> None:
        if names not in self._built:
            self._built[names] = self._build(names)
        self.names = names
        built = self._built[names]
        self.decoder, self.grammar, self._fsgs = built.decoder, built.grammar, built.fsgs

    def _build(self, names: tuple[str, ...]) -> _Searches:
        from pocketsphinx import Decoder

        decoder = Decoder(lm=None, logfn=os.devnull, kws_threshold=self.wake_threshold, **self._decoder_config)
        model = self.matcher.model
        grammar = self._add_searches(decoder, None, build_grammar(model, names, decoder.lookup_word))
        fsgs = {GRAMMAR: grammar.fsg}
        for name, focus in FOCUSES.items():
            narrow = focused(model, (*focus.intents, *ALWAYS_HEARD))
            narrow_grammar = build_grammar(narrow, names, decoder.lookup_word, launch=False, numbers=focus.numbers)
            fsgs[_search_names(name)[0]] = self._add_searches(decoder, name, narrow_grammar).fsg
        decoder.add_keyphrase(WAKE, " ".join(WAKE_WORDS))
        return _Searches(decoder, grammar, fsgs)

    def _add_searches(self, decoder: Any, focus: str | None, grammar: CommandGrammar) -> CommandGrammar:
        """The grammar search over ``grammar`` named for ``focus``; for the whole grammar also the n-gram."""
        from pocketsphinx import NGramModel

        grammar_search, lm_search = _search_names(focus)
        for word, phones in grammar.extra_words.items():
            if decoder.lookup_word(word) is None:
                decoder.add_word(word, phones, True)
        lm_weight = decoder.config["lw"]
        decoder.config["lw"] = self._grammar_lw
        decoder.add_fsg(grammar_search, self._read(grammar.fsg.to_text(grammar_search), ".fsg", decoder.read_fsg))
        decoder.config["lw"] = lm_weight
        if focus is None:
            arpa = build_arpa(grammar.sentences)
            lm = self._read(arpa, ".arpa", lambda path: NGramModel(decoder.config, decoder.logmath, path))
            decoder.add_lm(lm_search, lm)
        return grammar

    @staticmethod
    def _read(text: str, suffix: str, loader):  # type: ignore[no-untyped-def]
        """pocketsphinx reads grammars and models from files only: a temp file, removed at once."""
        fd, path = tempfile.mkstemp(prefix="heartline-", suffix=suffix)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            return loader(path)
        finally:
            os.unlink(path)

    # --- decoding ---------------------------------------------------------------------------------------

    def _prepare(self, audio: sr.AudioData) -> bytes:
        samples = to_pcm16(audio).astype(np.float32)
        noise = np.random.default_rng(self._seed).normal(0.0, DITHER_RMS, samples.shape[0])
        return np.clip(samples + noise, -32768, 32767).astype("<i2").tobytes()

    def _run(self, search: str, pcm: bytes) -> tuple[str, ...]:
        if not pcm:
            return ()  # pocketsphinx fails on an empty buffer; an empty recording says nothing
        self.decoder.activate_search(search)
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, full_utt=True)
        self.decoder.end_utt()
        hyp = self.decoder.hyp()
        return tuple(hyp.hypstr.split()) if hyp is not None and hyp.hypstr else ()

    def decode(self, audio: sr.AudioData) -> Decoding:
        """Run the grammar and the n-gram search over one utterance."""
        pcm = self._prepare(audio)
        grammar_search, lm_search = _search_names(self.focus)
        started = time.perf_counter()
        grammar_words = self._run(grammar_search, pcm)
        middle = time.perf_counter()
        lm_words = self._run(lm_search, pcm) if self.mode is not Mode.GRAMMAR_ONLY else ()
        ended = time.perf_counter()
        complete = accepts(self._fsgs[grammar_search], grammar_words)
        return Decoding(grammar_words, complete, lm_words, (middle - started) * 1000, (ended - middle) * 1000)

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
            agreement = self.agreement(decoding, by_words=mode is Mode.WORD_AGREEMENT)
            if agreement < AGREEMENT:
                reason = f"models disagree ({agreement:.2f} < {AGREEMENT})"
            elif mode is Mode.COMBINED and self.after_wake_agreement(decoding) < AFTER_WAKE_AGREEMENT:
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

    def agreement(self, decoding: Decoding, by_words: bool = False) -> float:
        """How alike the grammar's and the n-gram's results sound (0..1); ``by_words``: the old word-level rule."""
        if by_words:
            return SequenceMatcher(None, decoding.grammar_words, decoding.lm_words).ratio()
        return similarity(self.phones(decoding.grammar_words), self.phones(decoding.lm_words))

    def after_wake_agreement(self, decoding: Decoding) -> float:
        """``agreement`` of what follows "heart line" in each result; 1 when the grammar heard no wake phrase
        (then the whole results were compared already)."""
        command = _after_wake(decoding.grammar_words)
        if len(command) == len(decoding.grammar_words):
            return 1.0
        return similarity(self.phones(command), self.phones(_after_wake(decoding.lm_words)))

    def phones(self, words: Iterable[str]) -> list[str]:
        """The dictionary pronunciation of each word in turn (``and(2)`` is the second way to say "and")."""
        phones: list[str] = []
        for word in words:
            pronunciation = self.decoder.lookup_word(word) or self.decoder.lookup_word(word.split("(", 1)[0])
            phones.extend((pronunciation or "").split())
        return phones

    # --- wake phrase ------------------------------------------------------------------------------------

    def heard_wake(self, audio: sr.AudioData) -> bool:
        """True when "heart line" was spotted anywhere in the utterance."""
        return bool(self._run(WAKE, self._prepare(audio)))


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
