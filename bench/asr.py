"""Offline recognition, measured: accuracy per noise condition, off-topic rejection, latency, false wakes.

Each clip is decoded once (grammar and n-gram search) and judged three ways side by side, so the rule
Heartline uses and the two baselines it must beat come from the same run:

- combined: the grammar's words, accepted when the grammar reached a phrase end and the n-gram search agrees
  (``audio/sphinx.py``);
- (a) grammar: whatever the grammar heard that the matcher maps to an intent;
- (b) n-gram + threshold: the n-gram transcript, when the matcher scores it high enough.

Each clip is decoded live, as ``heartline recognize`` does (fed in 30 ms frames, as ``talk`` feeds the
microphone, starting from the clip's own level). The "talk" rows hear the clean and 20 dB clips as a session
would: each clip in a quiet room (0.5 s before, 1 s after, a faint noise floor), cut by ``talk``'s endpointer
and fed as ``talk`` feeds it, voice by voice, each utterance starting from the level of the ones before (the
first of each voice from pocketsphinx's generic one), the searches finished early in the closing pause
(``LiveUtterance``). Three kinds of "before" rows, also from the same run: the combined rule as it was (the
two results compared word by word, judged on the very same decodings), each clip decoded whole after it
ended, as before live decoding, both n-gram searches with their second pass and no noise suppression
(decoded again), and the talk rows without finishing early (heard again). The "noise left in" rows are
today's recogniser, live, without its noise suppression (``audio/denoise.py``): the same clips decoded again
by a second recogniser, as recordings and as talk hears them.

Latency ("med ms", "p95 ms") is the time from the end of the audio to the result, for the searches a rule
needs (combined: both): what a user waits for beside the silence that ends an utterance; in the talk rows,
from the moment the endpointer closes the utterance (after its 0.7 s of silence). "cpu ms" is the
median of all decoding time, during the utterance included. False wakes: long conversational
passages read by espeak-ng (made here, in a temporary folder, never committed), cut into utterances by the
voice activity detector ``talk`` uses, each judged by ``talk``'s own rule for a call while a partner has the
floor (``audio.talk.woke``: the spotter, or an accepted command that begins with "heart line"); a "false
command" is a false wake that also carried an accepted command.

    .venv/bin/python bench/asr.py                  # the committed clips (tests/fixtures/audio)
    .venv/bin/python bench/asr.py --held-out       # also fresh sets in voices the committed clips never use
    .venv/bin/python bench/asr.py --no-before --no-wake --topn 4   # the searches as pocketsphinx sets them

The held-out sets are made at run time: one in other espeak-ng voices, and one in voices built from recordings
of people (flite, festival), which the acoustic model hears far better than espeak-ng's rule-made voices.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audio.recognition import RATE, audio_from_pcm16, slot_summary, to_pcm16  # noqa: E402
from audio.recognize import read_wav  # noqa: E402
from audio.sphinx import (  # noqa: E402
    DECODER_CONFIG,
    FOCUS_ANSWER_WEIGHT,
    WAKE_THRESHOLD,
    Decoding,
    Mode,
    SphinxRecognizer,
)
from audio.talk import woke  # noqa: E402
from audio.vad import FRAME_SAMPLES, Endpointer, is_steady  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "audio"
CONDITIONS = ("clean", "snr20", "snr10")
LABELS = {
    Mode.COMBINED: "combined",
    Mode.GRAMMAR_ONLY: "(a) grammar",
    Mode.LM_THRESHOLD: "(b) n-gram+threshold",
    Mode.WORD_AGREEMENT: "before: combined, word rule",
}
WAKE_COMMANDS = {
    "heart line pause": "AMAZON.PauseIntent",
    "heart line next question": "AMAZON.NextIntent",
    "heart line stop": "AMAZON.StopIntent",
}
"""The wake phrase said on purpose: a spotter that never fires would have no false wakes either."""
BEFORE = "before: "
"""Rows of the previous default (each clip decoded whole after it ended), decoded in the same run."""
NOISE_LEFT = "noise left in: "
"""Rows of today's recogniser without the noise suppression (``audio/denoise.py``), decoded in the same run."""
ANSWERS_ONCE = "answers once, "
"""Rows of a check-in's focus whose n-gram opinion counts each answer once, like any command (before
``FOCUS_ANSWER_WEIGHT``), decoded in the same run."""
FLAT_PASS = "flat pass, "
"""Rows of a check-in's focus whose n-gram opinion takes its words from its second (flat) pass, as before
2026-12-08, instead of from the lattice (``FOCUS_OPINION_CONFIG``), decoded in the same run."""
FLAT_PASS_CONFIG = {"topn": 4}
ARTICLE = ROOT.parent / "shared" / "seed" / "emotional-intimacy-article.txt"


def _load_make_audio():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_audio", ROOT / "tests" / "fixtures" / "make_audio.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["make_audio"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@dataclass
class Tally:
    """Counts for one rule and condition."""

    right: int = 0
    wrong: int = 0
    rejected: int = 0
    off_total: int = 0
    off_accepted: int = 0
    latency: list[float] = field(default_factory=list)
    compute: list[float] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)
    """Each off-topic sentence accepted, with what it was taken for: a share alone does not say whether the
    sentence was table talk or, word for word, a command."""

    @property
    def commands(self) -> int:
        return self.right + self.wrong + self.rejected


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    -"


def measure(
    recognizers: dict[str, SphinxRecognizer],
    folder: Path,
    by_accent: dict | None = None,  # type: ignore[type-arg]
) -> dict[tuple[str, str], Tally]:
    """Tallies keyed by (rule label, condition); every recogniser after the first is a "before" baseline.
    ``by_accent``: filled with the first recogniser's results again, split by ``accent``."""
    entries = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for index, (prefix, recognizer) in enumerate(recognizers.items()):
        for entry in entries:
            split = (by_accent, f"{accent(entry['voice'])}: ") if by_accent is not None and index == 0 else None
            _judge(recognizer, folder, entry, prefix, tallies, split=split)
    return tallies


def accent(voice: str) -> str:
    """The reference figures of the issue were taken on espeak-ng voices; its en-US voices are the accent the
    acoustic model was trained on, its British and Caribbean ones are not, and they are most of the misses."""
    return "en-US voices" if voice.startswith("en-us") else "other accents"


def measure_as_talk(
    recognizer: SphinxRecognizer, folder: Path, early: bool = True, baseline: str = BEFORE
) -> dict[tuple[str, str], Tally]:
    """The clean and 20 dB clips voice by voice, as ``talk`` hears them (``hear_as_talk``), each starting from
    the level (and room noise) of the utterances before it; ``early``: finishing the searches in the pause
    (else at its end, labelled ``baseline``); a recogniser without noise suppression is labelled so."""
    entries = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    prefix = "talk: " if early else f"{baseline}talk: "
    if not recognizer.denoise:
        prefix = f"{NOISE_LEFT}{prefix}"
    for condition in ("clean", "snr20"):
        chosen = sorted((e for e in entries if e["condition"] == condition), key=lambda e: e["voice"])
        voice = None
        for entry in chosen:
            if entry["voice"] != voice:
                recognizer.forget_level()
                voice = entry["voice"]
            heard = hear_as_talk(recognizer, to_pcm16(read_wav(folder / entry["file"])), early)
            _judge(recognizer, folder, entry, prefix, tallies, (Mode.COMBINED, Mode.GRAMMAR_ONLY), heard=heard)
    recognizer.forget_level()
    return tallies


def with_room(samples: np.ndarray, seconds_before: float = 0.0, seconds_after: float = 0.0) -> np.ndarray:
    """``samples`` with quiet before and after, under a faint room noise floor (the microphone is never
    digitally silent, and webrtcvad hears pure zeros differently)."""
    quiet_before, quiet_after = np.zeros(round(seconds_before * RATE)), np.zeros(round(seconds_after * RATE))
    padded = np.concatenate([quiet_before, samples.astype(np.float64), quiet_after])
    noisy = padded + np.random.default_rng(len(samples)).normal(0, 20, len(padded))
    return np.clip(noisy, -32768, 32767).astype("<i2")


def hear_as_talk(recognizer: SphinxRecognizer, samples: np.ndarray, early: bool = True) -> tuple[Decoding, float]:
    """One clip the way ``talk`` hears a microphone: in a quiet room, cut by the same endpointer, decoded while
    it is fed (``talk._listen``'s steps, steady noise dropped), the searches finished in the pause when ``early``.

    Returns the decoding of the first utterance and the wait, in ms, from the moment the endpointer closed it
    (after its 0.7 s of silence) to the result. A clip in which the endpointer hears no speech comes back as
    an empty decoding (nothing heard), as ``talk`` would never have answered it."""
    stream = with_room(samples, seconds_before=0.5, seconds_after=1.0)
    endpointer, live, fed = Endpointer(), None, 0
    for start in range(0, len(stream) - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        utterance = endpointer.feed(stream[start : start + FRAME_SAMPLES])
        if utterance is None and not endpointer.in_speech:
            continue
        if live is None:
            live = recognizer.begin()
        if utterance is None:
            settled = endpointer.settled()
            live.feed(settled, pausing=early and endpointer.pausing)
            fed += len(settled)
            continue
        if is_steady(utterance.samples):
            break  # ``talk`` drops steady noise the detector took for speech before the recogniser hears it
        ended = time.perf_counter()
        live.feed(utterance.samples[fed:])
        decoding = live.finish()
        wait = (time.perf_counter() - ended) * 1000
        live.learn_level()
        return decoding, wait
    if live is not None:
        live.cancel()
    return Decoding((), False, (), 0.0, 0.0), 0.0


def _judge(
    recognizer: SphinxRecognizer,
    folder: Path,
    entry: dict,  # type: ignore[type-arg]
    prefix: str,
    tallies: dict,  # type: ignore[type-arg]
    modes: tuple[Mode, ...] = tuple(Mode),
    heard: tuple[Decoding, float] | None = None,
    split: tuple[dict, str] | None = None,  # type: ignore[type-arg]
) -> None:
    """Tally one clip under each rule in ``modes``; ``heard``: its decoding and wait as ``talk`` heard it
    (else it is decoded here as a recording, from its own level); ``split``: tallies and a label prefix to
    count the combined and grammar-only results in a second time."""
    decoding, wait = heard if heard is not None else (recognizer.decode(read_wav(folder / entry["file"])), None)
    for mode in modes:
        if prefix and mode in (Mode.LM_THRESHOLD, Mode.WORD_AGREEMENT):
            continue
        result = recognizer.decide(decoding, mode)
        counted = [tallies[(prefix + LABELS[mode], entry["condition"])]]
        if split is not None and mode in (Mode.COMBINED, Mode.GRAMMAR_ONLY):
            counted.append(split[0][(split[1] + LABELS[mode], entry["condition"])])
        for tally in counted:
            tally.latency.append(result.decode_ms if wait is None else wait)
            tally.compute.append(decoding.compute_ms)
            if entry["intent"] is None:
                tally.off_total += 1
                tally.off_accepted += result.accepted
                if result.accepted:
                    tally.taken.append(f"{entry['text']!r} as {result.transcript!r} ({result.intent})")
            elif not result.accepted:
                tally.rejected += 1
            elif result.intent == entry["intent"] and slot_summary(result.slots) == entry["slots"]:
                tally.right += 1
            else:
                tally.wrong += 1


def measure_in_focus(
    recognizer: SphinxRecognizer, folder: Path, focus: str, befores: Mapping[str, SphinxRecognizer] | None = None
) -> dict[tuple[str, str], Tally]:
    """The same clips heard with the whole command grammar and with ``focus`` (what talk listens for then);
    ``befores``: row prefix -> a recogniser whose focus works as it used to, heard in focus too."""
    entries = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    runs = [(recognizer, f"{focus} focus: ", focus)]
    runs += [(before, f"{prefix}{focus} focus: ", focus) for prefix, before in (befores or {}).items()]
    runs.append((recognizer, "whole grammar: ", None))
    for heard_by, prefix, pending in runs:
        heard_by.listen_for(pending)
        for entry in entries:
            _judge(heard_by, folder, entry, prefix, tallies, (Mode.COMBINED, Mode.GRAMMAR_ONLY))
        heard_by.listen_for(None)
    return tallies


def print_table(title: str, tallies: dict[tuple[str, str], Tally]) -> None:
    print(f"\n{title}")
    width = max([36, *(len(label) for label, _ in tallies)])
    print(f"{'rule':{width}} {'cond':6} {'cmds':>4} {'right':>6} {'wrong':>6} {'reject':>6} {'off-acc':>11} "
          f"{'med ms':>7} {'p95 ms':>7} {'cpu ms':>7}")  # fmt: skip
    for label in dict.fromkeys(label for label, _ in tallies):
        for condition in CONDITIONS:
            t = tallies.get((label, condition))
            if t is None:
                continue
            off = f"{t.off_accepted}/{t.off_total} {pct(t.off_accepted, t.off_total).strip()}" if t.off_total else "-"
            print(
                f"{label:{width}} {condition:6} {t.commands:4d} {pct(t.right, t.commands)} "
                f"{pct(t.wrong, t.commands)} {pct(t.rejected, t.commands)} {off:>11} "
                f"{np.median(t.latency):7.0f} {np.percentile(t.latency, 95):7.0f} {np.median(t.compute):7.0f}"
            )
    for (label, condition), t in tallies.items():
        if LABELS[Mode.GRAMMAR_ONLY] not in label and t.taken:  # the grammar alone takes nearly all: its share says it
            print(f"  {label.strip()} {condition} took: {'; '.join(t.taken)}")


def conversation_texts() -> list[str]:
    """What partners might say while one has the floor: the bench's own passage, then the seed article (read
    as talk about closeness; it says "heart" several times, a fair test for "heart line"), when it is beside
    the project."""
    texts = [_load_make_audio().PASSAGE]
    if ARTICLE.exists():
        lines = (line.strip().lstrip("-").strip() for line in ARTICLE.read_text(encoding="utf-8").splitlines())
        texts.append(" ".join(line for line in lines if line))
    return texts


def utterances(samples: np.ndarray) -> list[np.ndarray]:
    """Cut speech the way ``talk`` does (the same voice activity detector), under a faint room noise floor."""
    stream = with_room(samples)
    endpointer = Endpointer()
    cut = []
    for start in range(0, len(stream) - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        utterance = endpointer.feed(stream[start : start + FRAME_SAMPLES])
        if utterance is not None:
            cut.append(utterance.samples)
    return cut


def false_wakes(recognizer: SphinxRecognizer, make_audio, workdir: Path, minutes: float) -> None:  # type: ignore[no-untyped-def]
    """Read the conversation texts in voice after voice until ``minutes`` of speech, cut into utterances as
    ``talk`` cuts them, and count the ones ``talk`` would take as a call while a partner has the floor."""
    voices = [*make_audio.VOICES, *make_audio.HELD_OUT_VOICES]
    texts = conversation_texts()
    seconds = 0.0
    heard = spotted = commands = readings = 0
    recognizer.listen_for(None)  # while a partner has the floor, talk listens for every command
    while seconds < minutes * 60 and readings < len(voices) * len(texts):
        voice, text = voices[readings % len(voices)], texts[readings % len(texts)]
        path = workdir / f"passage{readings}.wav"
        readings += 1
        make_audio.synthesize(text, voice, path)
        samples = to_pcm16(read_wav(path))
        path.unlink()
        seconds += len(samples) / RATE
        recognizer.forget_level()
        for cut in utterances(samples):
            decoding = recognizer.decode(audio_from_pcm16(cut), wake=True, own_level=False)
            recognition = recognizer.decide(decoding, recognizer.mode)
            heard += 1
            if woke(recognition, decoding.spotted):
                spotted += 1
                commands += recognition.accepted
    hours = seconds / 3600
    spoken = [(phrase, voice) for voice in voices for phrase in WAKE_COMMANDS]
    called = spotter_alone = right = 0
    for index, (phrase, voice) in enumerate(spoken):
        path = workdir / f"wake{index}.wav"
        make_audio.synthesize(phrase, voice, path)
        decoding = recognizer.decode(read_wav(path), wake=True, own_level=False)
        recognition = recognizer.decide(decoding, recognizer.mode)
        spot = bool(decoding.spotted)
        called += woke(recognition, spot)
        spotter_alone += spot
        right += woke(recognition, spot) and recognition.accepted and recognition.intent == WAKE_COMMANDS[phrase]
    print(
        f"\nwake phrase over {seconds / 60:.1f} min of conversation ({readings} readings, {len(texts)} texts, "
        f"{min(readings, len(voices))} voices), {heard} utterances cut as talk cuts them, "
        f"spotter threshold {recognizer.wake_threshold:g}"
    )
    print(f"  false wakes: {spotted} = {spotted / hours:.1f}/hour; false wake + accepted command: {commands} = "
          f"{commands / hours:.1f}/hour")  # fmt: skip
    n = len(spoken)
    print(f"  said on purpose ({', '.join(repr(p) for p in WAKE_COMMANDS)}, same voices): heard {called}/{n} = "
          f"{100 * called / n:.0f}% (the spotter alone {spotter_alone}/{n}), and the right command taken "
          f"{right}/{n} = {100 * right / n:.0f}%")  # fmt: skip


def recorded_voices(recognizers: dict[str, SphinxRecognizer], make_audio, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """The same measures in voices built from recordings of people (flite, festival): each command in two
    voices, clean, and the first of them at 20 and 10 dB; as recordings and as ``talk`` hears them."""
    voices = tuple(v for v in make_audio.RECORDED_VOICES if shutil.which(v.program))
    missing = sorted({v.synthesizer for v in make_audio.RECORDED_VOICES} - {v.synthesizer for v in voices})
    if missing:
        print(f"\n(no {' or '.join(missing)} here: scripts/dev installs them; their voices left out)")
    if not voices:
        return
    make_audio.make_set(folder, voices, 2, {"snr20": 20.0, "snr10": 10.0})
    names = ", ".join(v.label for v in voices)
    tallies = measure(recognizers, folder)
    tallies.update(measure_as_talk(recognizers[""], folder))
    if NOISE_LEFT in recognizers:
        tallies.update(measure_as_talk(recognizers[NOISE_LEFT], folder))
    print_table(f"voices made from recordings of people (made now: {names})", tallies)


def _resident_mb() -> float:
    """This process's resident memory (Linux), to show what the recogniser's decoders hold."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_checkin(recognizer: SphinxRecognizer, make_audio=None, workdir: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    """The check-in answers in every voice, heard in focus (by ``recognizer``, by one counting each answer
    once, ``ANSWERS_ONCE``, and by one whose opinion keeps its flat pass, ``FLAT_PASS``) and with every
    command; the answers the rule was shaped on, then others."""
    make_audio = make_audio or _load_make_audio()
    answers_once = SphinxRecognizer(wake_threshold=recognizer.wake_threshold, focus_answer_weight=0)
    flat_pass = SphinxRecognizer(wake_threshold=recognizer.wake_threshold, focus_opinion_config=FLAT_PASS_CONFIG)
    befores = {ANSWERS_ONCE: answers_once, FLAT_PASS: flat_pass}
    voices = (*make_audio.VOICES, *make_audio.HELD_OUT_VOICES)
    voices += tuple(v for v in make_audio.RECORDED_VOICES if shutil.which(v.program))
    sets = (
        ("check-in answers", make_audio.CHECKIN_ANSWERS),
        ("more check-in answers", make_audio.MORE_CHECKIN_ANSWERS),
    )
    with tempfile.TemporaryDirectory(prefix="heartline-bench-", dir=workdir) as tmp:
        for title, answers in sets:
            folder = Path(tmp) / title.replace(" ", "-")
            make_audio.make_set(folder, voices, 2, {"snr20": 20.0}, commands=answers)
            print_table(f"{title} (made now, every voice: espeak-ng, flite, festival), heard in focus and with every "
                        "command", measure_in_focus(recognizer, folder, "checkin", befores))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="also measure a fresh set in unseen voices")
    parser.add_argument("--no-before", action="store_true", help="skip decoding each clip whole as before")
    parser.add_argument("--no-wake", action="store_true", help="skip the false-wake measurement")
    parser.add_argument("--wake-minutes", type=float, default=60.0, help="speech to spot the wake phrase in")
    parser.add_argument("--wake-threshold", type=float, default=WAKE_THRESHOLD, help="keyphrase threshold to try")
    parser.add_argument("--checkin-only", action="store_true", help="measure only the check-in answers in focus")
    parser.add_argument("--topn", type=int, help="Gaussians per codebook for the command searches, to compare")
    parser.add_argument("--focus-weight", type=int, default=FOCUS_ANSWER_WEIGHT,
                        help="how many times a check-in's opinion counts each answer, to compare")  # fmt: skip
    args = parser.parse_args()

    started, resident = time.perf_counter(), _resident_mb()
    config = DECODER_CONFIG if args.topn is None else {**DECODER_CONFIG, "topn": args.topn}
    recognizer = SphinxRecognizer(
        wake_threshold=args.wake_threshold, decoder_config=config, focus_answer_weight=args.focus_weight
    )
    print(f"recogniser built in {time.perf_counter() - started:.1f} s, {_resident_mb() - resident:.0f} MB resident "
          f"({len(recognizer.grammar.sentences)} phrases, {len(recognizer.grammar.vocabulary)} words, "
          f"{len(recognizer.names)} names)")  # fmt: skip
    recognizers = {"": recognizer}
    if args.checkin_only:
        measure_checkin(recognizer)
        return 0
    if not args.no_before:
        recognizers[NOISE_LEFT] = SphinxRecognizer(wake_threshold=args.wake_threshold, denoise=False)
        recognizers[BEFORE] = SphinxRecognizer(live=False, samples_config={}, commands_config={}, denoise=False)
        print("noise left in: today's recogniser without its noise suppression")
        print("before: each clip decoded whole once it ended, one search after the other, both n-gram searches "
              "with their second pass, no noise suppression (now: live, both without it)")  # fmt: skip
    by_accent: dict[tuple[str, str], Tally] = defaultdict(Tally)
    print_table(f"committed clips ({FIXTURES.relative_to(ROOT)})", measure(recognizers, FIXTURES, by_accent))
    print_table("the same, today's rules, by accent (en-US voices against en-GB, en and Caribbean)",
                dict(sorted(by_accent.items())))  # fmt: skip
    as_talk = measure_as_talk(recognizer, FIXTURES)
    if not args.no_before:
        as_talk.update(measure_as_talk(recognizers[NOISE_LEFT], FIXTURES))
        as_talk.update(measure_as_talk(recognizer, FIXTURES, early=False))
    print_table("committed clips as talk hears them (in a quiet room, cut by its endpointer, voice by voice, "
                "level carried over)", as_talk)  # fmt: skip
    make_audio = _load_make_audio()
    with tempfile.TemporaryDirectory(prefix="heartline-bench-") as tmp:
        if args.held_out:
            folder = Path(tmp) / "held-out"
            make_audio.make_set(folder, make_audio.HELD_OUT_VOICES, 1, {"snr20": 20.0, "snr10": 10.0})
            print_table("held-out voices (made now)", measure(recognizers, folder))
            recorded_voices(recognizers, make_audio, Path(tmp) / "recorded")
        measure_checkin(recognizer, make_audio, Path(tmp))
        if not args.no_wake:
            false_wakes(recognizer, make_audio, Path(tmp), args.wake_minutes)
    print("\ngoals: >= 95% right clean, >= 90% at 20 dB, <= 2% off-topic accepted, median <= 50 ms, <= 1 false wake/h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
