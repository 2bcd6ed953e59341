"""Steady room noise taken out of an utterance before the offline recogniser hears it (spectral subtraction).

Why: pocketsphinx's acoustic model was trained on fairly clean speech, and its own noise removal
(``remove_noise``) leaves enough of a fan or a kitchen's hum that in pink noise the short commands turn into
other ones ("pause" as "home", "open heart line" as a check-in). Subtracting the room's noise spectrum
first, frame by frame, gives it back much of what it knows. ``bench/asr.py --held-out`` ("noise left in"
rows, same run): voices made from recordings of people, 20 dB 81% -> 90% right, 10 dB 25% -> 62%;
espeak-ng's held-out voices 20 dB 77% -> 75% (one clip), 10 dB 42% -> 46%; the committed espeak-ng clips
20 dB 71% -> 69% (one clip), 10 dB 40% -> 54%. The price is the wait after a noisy *recording*
(``heartline recognize``): 4-8 ms more median in noise (15-20 ms against 10-12), against the same
hold-back without the subtraction, so it is the searches' ends taking longer on cleaned audio (why is not
pinned down); ``talk`` finishes in the pause and still waits nothing. In a silent room there is nothing to subtract;
over a faint floor (a quiet kitchen) what it does is small either way (talk rows).

Where the noise spectrum comes from (``NoiseFloor``): the quietest frames of audio that holds some room
between the words. Every utterance ``talk`` cuts starts with about a quarter second of the room (the
endpointer's pre-roll) and ends with 0.2 s of it; a recording has its own pauses. Taking the quietest
15% of the frames rather than the first few keeps a recording that starts on its first word from being
taken for noise.

The method is the plain one (power subtraction with an over-subtraction factor and a floor, Berouti et al.
1979) on 32 ms frames every 8 ms: anything cleverer (Wiener filtering with decision-directed SNR, minimum
statistics) is for noise that changes while a person speaks, which a two-second command rarely meets.
It runs streamed (``NoiseSuppressor.push``) so that ``talk`` can decode while a partner is still speaking; it
holds back 24-32 ms of audio until the next frames arrive, and ``flush`` gives that back at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAME = 512
"""Samples per analysis frame (32 ms at 16 kHz)."""
HOP = 128
"""Samples between frames (8 ms): a Hann window at four to a frame adds up to a constant."""
OVER_SUBTRACT = 1.5
"""How many times the noise estimate is subtracted: noise frames vary about their mean, and what is left of
them above it is the "musical" noise the recogniser hears as sounds. Measured on the recorded-people voices
at 20 and 10 dB (whole recogniser, 48 commands each): 1.0: 44 and 30 right; 1.5: 44, 36; 2.0: 43, 35 with
fewer wrong; 2.5: 45, 35 with 4 wrong at 10 dB. On the committed espeak-ng clips at 20 dB: 1.5: 35,
2.0: 33, 2.5: 32. 1.5 is the best at 20 dB on both."""
FLOOR = 0.05
"""The least power kept in any bin (-13 dB): zeroing bins outright leaves holes the recogniser hears as
clicks."""
QUIETEST_SHARE = 0.15
"""Share of the frames, the quietest by energy, whose mean spectrum is taken for the room's."""
MIN_NOISE_FRAMES = 8
"""Fewer quiet frames than this (a clip shorter than about half a second) give no estimate."""

_WINDOW = np.hanning(FRAME + 1)[:FRAME]
_OVERLAP_GAIN = float(np.sum(_WINDOW**2) / HOP)
"""Hann analysis times Hann synthesis at a quarter-frame hop sums to this everywhere: divided out, audio with
nothing subtracted comes back as it went in."""


def _frames(samples: np.ndarray) -> np.ndarray:
    """Windowed frames of ``samples`` at ``HOP``; none when there is less than one frame."""
    if len(samples) < FRAME:
        return np.empty((0, FRAME))
    return np.lib.stride_tricks.sliding_window_view(samples, FRAME)[::HOP] * _WINDOW


@dataclass(frozen=True)
class NoiseFloor:
    """The room's power spectrum, per FFT bin of a ``FRAME``-sample frame (``FRAME // 2 + 1`` values)."""

    power: np.ndarray

    @classmethod
    def of(cls, samples: np.ndarray) -> NoiseFloor | None:
        """The mean spectrum of the quietest ``QUIETEST_SHARE`` of the frames of ``samples`` (16 kHz mono,
        int16 or float); None when the audio is too short to tell speech from room."""
        frames = _frames(np.asarray(samples, dtype=np.float64))
        quiet = int(len(frames) * QUIETEST_SHARE)
        if quiet < MIN_NOISE_FRAMES:
            return None
        power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
        quietest = np.argsort(power.sum(axis=1))[:quiet]
        return cls(power[quietest].mean(axis=0))

    @classmethod
    def silent(cls) -> NoiseFloor:
        """A room with nothing to subtract: audio cleaned already passes through as it is."""
        return cls(np.zeros(FRAME // 2 + 1))


class NoiseSuppressor:
    """Spectral subtraction of one ``NoiseFloor``, streamed: ``push`` audio in any pieces, ``flush`` at the end.

    The output is the input minus the noise, sample for sample, ``FRAME - HOP`` samples behind until
    ``flush``; with no noise floor (None, or a silent room) it is the input unchanged."""

    def __init__(self, noise: NoiseFloor | None) -> None:
        self._noise = None if noise is None or not np.any(noise.power) else noise.power * OVER_SUBTRACT
        self._start()

    def _start(self) -> None:
        self._pending_in = np.zeros(FRAME - HOP)
        """Input not yet past every frame that covers it; starts with a frame's worth of lead-in silence so
        the first real samples are covered by four frames, as every other sample is."""
        self._pending_out = np.zeros(FRAME - HOP)
        """Overlap-added output still waiting for later frames to add theirs."""
        self._to_drop = FRAME - HOP
        """Output samples that belong to the lead-in, not to the audio."""
        self._owed = 0
        """Real samples pushed and not yet given back."""

    @property
    def subtracting(self) -> bool:
        """False: there is no noise to take out, and the audio passes as it is."""
        return self._noise is not None

    def push(self, samples: np.ndarray) -> np.ndarray:
        """The cleaned audio (int16) that is complete once ``samples`` (16 kHz int16 mono) have arrived."""
        self._owed += len(samples)
        self._pending_in = np.concatenate([self._pending_in, np.asarray(samples, dtype=np.float64)])
        return self._take(self._run())

    def flush(self) -> np.ndarray:
        """Everything still held back: the audio pushed so far is then all given back, cleaned. Audio pushed
        after that is a new stretch (a speaker resuming after a pause the recogniser took for the end)."""
        self._pending_in = np.concatenate([self._pending_in, np.zeros(FRAME)])
        out = self._take(self._run(), limit=self._owed)
        self._start()
        return out

    def _run(self) -> np.ndarray:
        """Process every whole frame in the pending input; return the output samples no later frame adds to."""
        count = 0 if len(self._pending_in) < FRAME else (len(self._pending_in) - FRAME) // HOP + 1
        if not count:
            return np.empty(0)
        done = count * HOP
        if self._noise is None:
            # Nothing to subtract: the frames would add back up to the input itself, so skip the transforms
            # (a recording cleaned already, the warm-up's silence, the bench's "noise left in").
            out, self._pending_in = self._pending_in[:done], self._pending_in[done:]
            return out
        spectra = np.fft.rfft(_frames(self._pending_in), axis=1)
        power = np.abs(spectra) ** 2
        gain = np.maximum(1.0 - self._noise / np.maximum(power, 1e-12), FLOOR)
        cleaned = np.fft.irfft(spectra * np.sqrt(gain), n=FRAME, axis=1) * _WINDOW / _OVERLAP_GAIN
        out = np.zeros(done + FRAME - HOP)
        out[: len(self._pending_out)] += self._pending_out
        for index, frame in enumerate(cleaned):
            out[index * HOP : index * HOP + FRAME] += frame
        self._pending_out = out[done:]
        self._pending_in = self._pending_in[done:]
        return out[:done]

    def _take(self, out: np.ndarray, limit: int | None = None) -> np.ndarray:
        """Drop what belongs to the lead-in, keep at most ``limit`` samples, hand back int16."""
        drop = min(self._to_drop, len(out))
        self._to_drop -= drop
        out = out[drop:]
        if limit is not None:
            out = out[:limit]
        self._owed -= len(out)
        return np.clip(np.round(out), -32768, 32767).astype(np.int16)


def suppress(samples: np.ndarray, noise: NoiseFloor | None) -> np.ndarray:
    """``samples`` (16 kHz int16 mono) with ``noise`` subtracted, in one go."""
    suppressor = NoiseSuppressor(noise)
    return np.concatenate([suppressor.push(samples), suppressor.flush()])
