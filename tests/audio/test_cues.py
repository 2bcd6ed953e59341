"""Cue chimes: soft, deterministic, never clipped, click-free at both ends."""

from __future__ import annotations

import numpy as np
import pytest

from audio import cues
from audio.cues import Chime, chime, chime_duration, write_chime
from audio.pcm import SAMPLE_RATE, read_wav

pytestmark = pytest.mark.audio


@pytest.mark.parametrize("kind", list(Chime))
def test_chime_is_the_same_every_time(kind: Chime) -> None:
    first = np.array(chime(kind))
    cues._chime.cache_clear()

    assert np.array_equal(first, chime(kind))


@pytest.mark.parametrize("kind", list(Chime))
def test_chime_peaks_at_minus_12_dbfs_and_is_not_clipped(kind: Chime, tmp_path) -> None:
    samples = read_wav(write_chime(kind, tmp_path / f"{kind}.wav"))  # through 16-bit, as it is played

    peak_dbfs = 20 * np.log10(np.abs(samples).max())
    assert -12.2 < peak_dbfs < -11.8
    assert np.count_nonzero(np.abs(samples) > 0.99) == 0


@pytest.mark.parametrize("kind", list(Chime))
def test_chime_fades_in_and_out_without_a_click(kind: Chime) -> None:
    samples = chime(kind)
    ms = SAMPLE_RATE // 1000

    assert samples[0] == 0 and samples[-1] == 0
    assert np.abs(samples[:ms]).max() < 0.02  # raised-cosine attack, no step
    assert np.abs(samples[-ms:]).max() < 0.001
    assert np.abs(np.diff(samples)).max() < 0.1  # no sample-to-sample jump anywhere


def test_chimes_are_short_and_tell_warning_from_time() -> None:
    assert 0.6 <= chime_duration(Chime.WARNING) < chime_duration(Chime.TIME) <= 1.2
    assert chime(Chime.WARNING).size == round(chime_duration(Chime.WARNING) * SAMPLE_RATE)
    assert not np.array_equal(chime(Chime.WARNING)[:1000], chime(Chime.TIME)[:1000])


def test_the_listening_chime_is_the_shortest_and_rises() -> None:
    """It answers "heart line" while a partner waits: brief, and unlike the round's two chimes."""
    assert chime_duration(Chime.LISTENING) < chime_duration(Chime.WARNING)
    samples = chime(Chime.LISTENING)
    first, second = samples[: round(0.12 * SAMPLE_RATE)], samples[round(0.2 * SAMPLE_RATE) :]

    def dominant_hz(part: np.ndarray) -> float:
        spectrum = np.abs(np.fft.rfft(part))
        return float(np.fft.rfftfreq(part.size, 1 / SAMPLE_RATE)[spectrum.argmax()])

    assert dominant_hz(first) < dominant_hz(second)
