"""End of speech on real recorded speech: when an utterance starts and ends, and what of it is kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from audio.recognition import RATE, to_pcm16
from audio.recognize import read_wav
from audio.vad import (
    END_SILENCE_S,
    FRAME_SAMPLES,
    KEEP_SILENCE_S,
    MAX_UTTERANCE_S,
    PRE_ROLL_S,
    START_FRAMES,
    Endpointer,
    Utterance,
    speech_span,
    speech_spans,
)

pytest.importorskip("webrtcvad")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "audio"
SPEECH = to_pcm16(read_wav(FIXTURES / "cmd01-en-us-m7-s140-p35-clean.wav"))
"""'let's do a listening round for ten minutes', 0.2 s of digital silence at each end."""
FRAME_S = FRAME_SAMPLES / RATE


def _in_a_room(*parts: np.ndarray) -> np.ndarray:
    """The parts one after another under a faint noise floor, as a microphone hears them (never pure zeros)."""
    audio = np.concatenate(parts).astype(np.float64)
    audio += np.random.default_rng(1).normal(0, 20, audio.shape[0])
    return np.clip(audio, -32768, 32767).astype("<i2")


def _quiet(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype="<i2")


def _run(stream: np.ndarray) -> list[tuple[int, Utterance]]:
    """(frame index at which it ended, utterance) for every utterance the endpointer cut from ``stream``."""
    endpointer = Endpointer()
    found = []
    for index in range(len(stream) // FRAME_SAMPLES):
        utterance = endpointer.feed(stream[index * FRAME_SAMPLES : (index + 1) * FRAME_SAMPLES])
        if utterance is not None:
            found.append((index, utterance))
    return found


def _voiced_span(samples: np.ndarray) -> tuple[float, float]:
    """Seconds from the start to the first and last loud sample (the clip's words)."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > 500)
    return loud[0] / RATE, loud[-1] / RATE


def test_a_command_ends_after_the_silence_and_keeps_only_a_little_of_it() -> None:
    lead = 1.0
    stream = _in_a_room(_quiet(lead), SPEECH, _quiet(2.0))
    found = _run(stream)
    assert len(found) == 1
    index, utterance = found[0]
    assert not utterance.truncated
    speech_start, speech_end = _voiced_span(SPEECH)
    ended_at = (index + 1) * FRAME_S
    assert lead + speech_end + END_SILENCE_S - 0.1 <= ended_at <= lead + speech_end + END_SILENCE_S + 0.3
    kept = len(utterance.samples) / RATE
    words = speech_end - speech_start
    assert words + KEEP_SILENCE_S <= kept <= words + PRE_ROLL_S + KEEP_SILENCE_S + 0.3
    first, last = _voiced_span(utterance.samples)
    assert first >= 0.05, "the pre-roll keeps a little quiet before the first word"
    assert len(utterance.samples) / RATE - last <= KEEP_SILENCE_S + 0.3


def test_speech_that_goes_on_is_cut_at_the_limit() -> None:
    start, end = _voiced_span(SPEECH)
    words = SPEECH[int(start * RATE) : int(end * RATE)]
    stream = _in_a_room(_quiet(0.5), *([words] * 8), _quiet(1.0))
    assert len(stream) / RATE > MAX_UTTERANCE_S + 2
    found = _run(stream)
    assert found[0][1].truncated
    assert len(found[0][1].samples) / RATE == pytest.approx(MAX_UTTERANCE_S, abs=2 * FRAME_S)


def test_a_click_is_not_speech() -> None:
    click = np.random.default_rng(5).normal(0, 8000, RATE // 25).clip(-32768, 32767).astype("<i2")
    assert _run(_in_a_room(_quiet(1.0), click, _quiet(2.0))) == []


def test_a_recording_is_cut_to_its_words_with_the_live_margins() -> None:
    recording = _in_a_room(_quiet(1.5), SPEECH, _quiet(1.5))
    cut = speech_span(recording)
    start, end = _voiced_span(SPEECH)
    first, last = _voiced_span(cut)
    assert 0.05 <= first <= PRE_ROLL_S + 0.1, "a little quiet stays before the first word"
    assert len(cut) / RATE - last <= KEEP_SILENCE_S + FRAME_S + 0.05
    assert last - first == pytest.approx(end - start, abs=0.02), "every word is kept, pauses and all"


def test_a_recording_without_speech_is_left_whole() -> None:
    quiet = _in_a_room(_quiet(2.0))
    assert len(speech_span(quiet)) == len(quiet)


def test_what_is_handed_out_while_speaking_is_exactly_the_utterance_and_never_the_wait_after_it() -> None:
    """A live recogniser is fed ``settled`` audio as it comes: speech, the pause inside it, but not the silence
    that only ends the utterance; what it has heard plus the rest of the finished utterance is the utterance."""
    first, last = _voiced_span(SPEECH)
    words = SPEECH[int(first * RATE) : int(last * RATE)]
    stream = _in_a_room(_quiet(1.0), words, _quiet(0.3), words, _quiet(END_SILENCE_S + 0.5))
    endpointer = Endpointer()
    handed: list[np.ndarray] = []
    ended_with: Utterance | None = None
    longest_silence_held = 0
    for index in range(len(stream) // FRAME_SAMPLES):
        utterance = endpointer.feed(stream[index * FRAME_SAMPLES : (index + 1) * FRAME_SAMPLES])
        if utterance is not None:
            ended_with = utterance
            break
        if endpointer.in_speech:
            handed.append(endpointer.settled())
            longest_silence_held = max(longest_silence_held, endpointer._silent)  # noqa: SLF001
    assert ended_with is not None
    fed = np.concatenate(handed)
    assert len(fed) < len(ended_with.samples) + FRAME_SAMPLES
    assert np.array_equal(fed, ended_with.samples[: len(fed)]), "handed out in order, nothing twice"
    assert longest_silence_held * FRAME_S > KEEP_SILENCE_S, "the closing silence was held back, not handed out"
    assert len(ended_with.samples) > 2 * len(words), "the pause inside kept the two as one utterance"


def test_pausing_starts_once_the_silence_an_utterance_keeps_has_passed_and_ends_when_speech_resumes() -> None:
    """The moment a live recogniser may finish early: from then on, should the utterance end, ``settled`` has
    nothing more to give; speech coming back ends the pause."""
    first, last = _voiced_span(SPEECH)
    words = SPEECH[int(first * RATE) : int(last * RATE)]
    stream = _in_a_room(_quiet(1.0), words, _quiet(0.45), words, _quiet(END_SILENCE_S + 0.5))
    endpointer = Endpointer()
    pauses: list[tuple[int, int]] = []
    began: int | None = None
    for index in range(len(stream) // FRAME_SAMPLES):
        utterance = endpointer.feed(stream[index * FRAME_SAMPLES : (index + 1) * FRAME_SAMPLES])
        if utterance is not None:
            if began is not None:
                pauses.append((began, index))
            break
        settled = endpointer.settled()
        if endpointer.pausing:
            assert not len(settled) or began is None, "nothing more is handed out while pausing"
            began = index if began is None else began
        elif began is not None:
            pauses.append((began, index))
            began = None
    assert not endpointer.pausing, "the finished utterance is no longer open"
    assert len(pauses) == 2, "once in the pause between the two, once at the end"
    (start_a, end_a), (start_b, end_b) = pauses
    assert (end_b - start_b) * FRAME_S >= END_SILENCE_S - KEEP_SILENCE_S - FRAME_S
    assert (end_a - start_a) * FRAME_S < 0.45 - KEEP_SILENCE_S + 0.2


def test_a_recording_is_cut_into_the_utterances_talk_would_hear() -> None:
    """Two commands a few seconds apart, a pause shorter than the end of an utterance inside one, and speech
    that goes on past the limit: ``heartline recognize`` decoded all of it as one utterance, pauses and all,
    where the live endpointer hears four (the last cut at the limit, and what follows it on its own)."""
    start, end = _voiced_span(SPEECH)
    words = SPEECH[int(start * RATE) : int(end * RATE)]
    stream = _in_a_room(
        _quiet(1.0),
        SPEECH,
        _quiet(3.0),
        words,
        _quiet(END_SILENCE_S - 0.2),
        words,
        _quiet(2.0),
        *([words] * 8),
        _quiet(2.0),
    )
    live = [utterance for _, utterance in _run(stream)]
    spans = speech_spans(stream)
    assert len(spans) == len(live) == 4
    assert [span.truncated for span in spans] == [u.truncated for u in live] == [False, False, True, False]
    for span, utterance in zip(spans, live, strict=True):
        assert (span.end - span.start) / RATE == pytest.approx(len(utterance.samples) / RATE, abs=2 * FRAME_S)
    second_words = 1.0 + len(SPEECH) / RATE + 3.0
    pre_roll = PRE_ROLL_S - START_FRAMES * FRAME_S  # the opening frames are the rest of the pre-roll
    assert spans[1].start / RATE == pytest.approx(second_words - pre_roll, abs=0.1)
    assert spans[2].end - spans[2].start == round(MAX_UTTERANCE_S * RATE)
