"""Cue sounds: soft chimes made by code, so no sound file has to be downloaded, licensed or shipped.

Two chimes mark a timed phase: ``WARNING`` (a short while left: one soft bell) and ``TIME`` (the phase is
over: two bells falling a fourth, so the end sounds like an end). Each bell is a few sine partials with an
exponential decay, a short raised-cosine fade-in so the attack does not click, and a fade-out that reaches
zero exactly at the last sample, so a chime placed to end at a phase's end ends there. The same call always
returns the same samples: tracks stay content-addressed and tests can compare them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

import numpy as np

from audio.pcm import SAMPLE_RATE, seconds_to_samples, write_wav

PEAK_DBFS = -12.0
"""Loud enough to hear over a quiet conversation, soft enough not to startle."""
FADE_IN_S = 0.008
FADE_OUT_S = 0.08


class Chime(StrEnum):
    """Which moment a chime marks."""

    WARNING = "warning"
    TIME = "time"
    LISTENING = "listening"
    """``talk`` heard "heart line" without a command it could take: say the command now (an Echo lights up)."""


@dataclass(frozen=True)
class Partial:
    """One sine component of a bell, relative to the strike's fundamental."""

    ratio: float
    gain: float


@dataclass(frozen=True)
class Strike:
    """One bell strike inside a chime."""

    at_s: float
    """Offset from the chime's start."""
    freq_hz: float
    decay_s: float
    """Time constant of the fundamental's exponential decay; higher partials die away faster."""
    gain: float = 1.0


@dataclass(frozen=True)
class ChimeSpec:
    duration_s: float
    strikes: tuple[Strike, ...]


BELL = (Partial(1.0, 1.0), Partial(2.0, 0.32), Partial(3.0, 0.12), Partial(4.2, 0.05))
"""Near-harmonic partials: a soft, round bell rather than a bright one."""

SPECS = {
    Chime.WARNING: ChimeSpec(0.8, (Strike(0.0, 659.26, 0.22),)),  # E5
    Chime.TIME: ChimeSpec(1.2, (Strike(0.0, 523.25, 0.25), Strike(0.32, 392.0, 0.3, gain=0.9))),  # C5 then G4
    Chime.LISTENING: ChimeSpec(0.5, (Strike(0.0, 440.0, 0.05, gain=0.8), Strike(0.15, 659.26, 0.08))),  # A4 up to E5
}


def chime_duration(kind: Chime) -> float:
    """Exact length in seconds (a whole number of samples)."""
    return seconds_to_samples(SPECS[kind].duration_s) / SAMPLE_RATE


@cache
def _chime(kind: Chime) -> np.ndarray:
    spec = SPECS[kind]
    n = seconds_to_samples(spec.duration_s)
    t = np.arange(n, dtype=np.float64) / SAMPLE_RATE
    out = np.zeros(n, dtype=np.float64)
    fade_in = seconds_to_samples(FADE_IN_S)
    for strike in spec.strikes:
        start = seconds_to_samples(strike.at_s)
        local = t[: n - start]
        bell = np.zeros_like(local)
        for p in BELL:
            decay = strike.decay_s / np.sqrt(p.ratio)
            bell += p.gain * np.exp(-local / decay) * np.sin(2 * np.pi * strike.freq_hz * p.ratio * local)
        ramp = np.ones_like(local)
        ramp[:fade_in] = 0.5 - 0.5 * np.cos(np.pi * np.arange(fade_in) / fade_in)
        out[start:] += strike.gain * bell * ramp
    fade_out = seconds_to_samples(FADE_OUT_S)
    out[-fade_out:] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, fade_out + 1) / fade_out)
    out *= 10 ** (PEAK_DBFS / 20) / np.max(np.abs(out))
    result = out.astype(np.float32)
    result.flags.writeable = False
    return result


def chime(kind: Chime) -> np.ndarray:
    """The chime as float32 samples at ``SAMPLE_RATE``, peaking at ``PEAK_DBFS`` (read-only: it is shared)."""
    return _chime(kind)


def write_chime(kind: Chime, path: Path) -> Path:
    """The chime as a 16-bit WAV, for players that want a file (the local front)."""
    write_wav(path, chime(kind))
    return path
