"""Finding where sound is in a rendered track, blind, from the decoded signal's short-time energy.

Used by the track tests and by ``bench/round_tracks.py``: both check that the speech, the silences and the
chimes of a phase land where the plan puts them, by listening to the MP3 rather than trusting the layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audio.pcm import SAMPLE_RATE, decode_to_pcm
from audio.tracks import RenderedTrack, Sound

FRAME_S = 0.01
ACTIVE_DBFS = -50.0
MERGE_GAP_S = 0.2
"""Pauses between words shorter than this belong to one stretch of sound."""


@dataclass(frozen=True)
class Measured:
    """A planned sound and where the signal says it is."""

    planned: Sound
    planned_start: float
    planned_end: float
    start: float
    end: float

    @property
    def worst_error(self) -> float:
        return max(abs(self.start - self.planned_start), abs(self.end - self.planned_end))


class StraySound(ValueError):
    """Sound where the plan has silence, or a planned sound that is silent."""


def loud_stretches(samples: np.ndarray) -> list[tuple[float, float]]:
    """(start, end) in seconds of each stretch whose 10 ms RMS is above -50 dBFS, short pauses merged."""
    n = int(FRAME_S * SAMPLE_RATE)
    frames = samples[: samples.size // n * n].reshape(-1, n).astype(np.float64)
    db = 20 * np.log10(np.sqrt(np.mean(frames**2, axis=1)) + 1e-12)
    stretches: list[tuple[float, float]] = []
    for i in np.flatnonzero(db > ACTIVE_DBFS):
        start, end = i * FRAME_S, (i + 1) * FRAME_S
        if stretches and start - stretches[-1][1] < MERGE_GAP_S:
            stretches[-1] = (stretches[-1][0], end)
        else:
            stretches.append((start, end))
    return stretches


def dominant_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    return float(np.fft.rfftfreq(samples.size, 1 / SAMPLE_RATE)[np.argmax(spectrum)])


def decode(path: Path) -> np.ndarray:
    return decode_to_pcm(path)


def measure(track: RenderedTrack) -> list[Measured]:
    """Each loud stretch assigned to the planned sound it overlaps most."""
    found: dict[int, list[tuple[float, float]]] = {}
    for start, end in loud_stretches(decode(track.path)):
        overlaps = [min(end, s.end_s) - max(start, s.start_s) for s in track.segments]
        best = int(np.argmax(overlaps))
        if overlaps[best] <= 0:
            raise StraySound(f"sound at {start:.2f}-{end:.2f} s where the plan has silence")
        found.setdefault(best, []).append((start, end))
    result = []
    for i, seg in enumerate(track.segments):
        if i not in found:
            raise StraySound(f"planned {seg.sound} at {seg.start_s:.2f} s is silent")
        result.append(Measured(seg.sound, seg.start_s, seg.end_s, found[i][0][0], found[i][-1][1]))
    return result
