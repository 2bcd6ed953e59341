"""Noise suppression on the committed recordings: room noise goes, speech stays, streaming changes nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from audio.denoise import FRAME, HOP, NoiseFloor, NoiseSuppressor, suppress
from audio.recognition import RATE, to_pcm16
from audio.recognize import read_wav

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "audio"
LEAD = int(0.2 * RATE)
"""Every committed clip starts with 0.2 s before the first word: digital silence clean, pink noise in the noisy
copies (made by tests/fixtures/make_audio.py)."""
CLEAN = to_pcm16(read_wav(FIXTURES / "cmd03-en-us-m7-s140-p35-clean.wav"))
NOISY = to_pcm16(read_wav(FIXTURES / "cmd03-en-us-m7-s140-p35-snr10.wav"))
"""'start a deep listening round', clean and in pink noise at 10 dB SNR."""


def _power_db(samples: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.asarray(samples, dtype=np.float64) ** 2) + 1e-9))


def _loudest_frames_db(samples: np.ndarray, share: float = 0.3) -> float:
    """The power of the loudest ``share`` of 30 ms frames: the speech, in a clip with speech in it."""
    frames = np.asarray(samples[: len(samples) // 480 * 480], dtype=np.float64).reshape(-1, 480)
    power = np.sort(np.mean(frames**2, axis=1))[::-1]
    return float(10 * np.log10(np.mean(power[: max(1, int(len(power) * share))])))


def test_with_no_noise_known_or_a_silent_room_the_audio_passes_sample_for_sample() -> None:
    assert np.array_equal(suppress(NOISY, None), NOISY)
    silent = NoiseFloor(np.zeros(FRAME // 2 + 1))
    assert not NoiseSuppressor(silent).subtracting
    assert np.array_equal(suppress(NOISY, silent), NOISY)


def test_in_a_quiet_room_speech_is_left_as_it_was() -> None:
    """The clean clips' pauses hold the last bit of sox's dither (+-1): a floor about 90 dB below the speech."""
    floor = NoiseFloor.of(CLEAN)
    assert floor is not None and NoiseSuppressor(floor).subtracting
    change = suppress(CLEAN, floor).astype(np.float64) - CLEAN
    assert _power_db(change) < _power_db(CLEAN) - 50


def test_the_room_noise_drops_and_the_speech_stays() -> None:
    cleaned = suppress(NOISY, NoiseFloor.of(NOISY))
    assert len(cleaned) == len(NOISY)
    noise_before, noise_after = _power_db(NOISY[:LEAD]), _power_db(cleaned[:LEAD])
    assert noise_before - noise_after > 3, (noise_before, noise_after)  # 4.7 dB: see OVER_SUBTRACT
    speech_before, speech_after = _loudest_frames_db(NOISY), _loudest_frames_db(cleaned)
    assert abs(speech_before - speech_after) < 1.5, (speech_before, speech_after)
    # and what is left of the speech is closer to the clean recording than the noisy one was
    assert _power_db(cleaned - CLEAN.astype(np.float64)) < _power_db(NOISY - CLEAN.astype(np.float64)) - 1.5


def test_the_noise_is_measured_in_the_pauses_even_when_the_recording_starts_on_its_first_word() -> None:
    lead_only = NoiseFloor.of(np.concatenate([NOISY[:LEAD]] * 4))
    whole = NoiseFloor.of(NOISY)
    cut = NoiseFloor.of(NOISY[LEAD:])  # only the 0.2 s after the last word is room
    assert lead_only is not None and whole is not None and cut is not None
    reference = float(lead_only.power.sum())
    for floor in (whole, cut):
        assert abs(10 * np.log10(float(floor.power.sum()) / reference)) < 3
    assert NoiseFloor.of(NOISY[:4000]) is None, "a quarter second cannot tell speech from room"


def test_streamed_in_any_pieces_the_audio_comes_out_as_in_one_go() -> None:
    floor = NoiseFloor.of(NOISY)
    whole = suppress(NOISY, floor)
    streamed = NoiseSuppressor(floor)
    pieces, start = [], 0
    for size in (1, 7, 480, 100, FRAME - HOP, 3, 5000, 480, 480):
        pieces.append(streamed.push(NOISY[start : start + size]))
        start += size
    pieces.append(streamed.push(NOISY[start:]))
    held_back = len(NOISY) - sum(len(p) for p in pieces)
    assert FRAME - HOP <= held_back < FRAME, "held back: the part of the last frame no later frame has covered"
    pieces.append(streamed.flush())
    assert np.array_equal(np.concatenate(pieces), whole)


def test_after_a_flush_the_next_audio_is_a_stretch_of_its_own() -> None:
    """A speaker resuming after a pause the recogniser took for the end of the utterance."""
    floor = NoiseFloor.of(NOISY)
    half = len(NOISY) // 2
    suppressor = NoiseSuppressor(floor)
    first = np.concatenate([suppressor.push(NOISY[:half]), suppressor.flush()])
    second = np.concatenate([suppressor.push(NOISY[half:]), suppressor.flush()])
    assert np.array_equal(first, suppress(NOISY[:half], floor))
    assert np.array_equal(second, suppress(NOISY[half:], floor))
