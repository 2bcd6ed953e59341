"""End of speech: cut a stream of microphone frames into utterances with a real voice activity detector.

speechrecognition's ``listen()`` ends speech on loudness alone, which a fridge or a chime defeats; webrtcvad
judges each 30 ms frame as speech or not. An utterance starts after a run of voiced frames (a click is not
speech), keeps a short pre-roll so the first consonant is not cut, and ends after ``END_SILENCE_S`` of
non-speech or at ``MAX_UTTERANCE_S`` whatever happens. Of the silence that ended it only ``KEEP_SILENCE_S``
stays on the utterance: the rest is waiting, not speech, and it costs the recogniser (below).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from audio.recognition import RATE, RecognizerError

FRAME_MS = 30
FRAME_SAMPLES = RATE * FRAME_MS // 1000
END_SILENCE_S = 0.7
MAX_UTTERANCE_S = 15.0
START_FRAMES = 8
"""Voiced frames in a row that open an utterance (240 ms). webrtcvad keeps calling a few frames speech after a
burst ends, so a 20-60 ms click or knock gives 4-5 voiced frames in a row; the shortest commands in the
committed clips ("yes", "stop") give 14 or more."""
PRE_ROLL_S = 0.5
"""Audio kept from before the utterance opened: the opening frames themselves and about a quarter second
before them, where a soft first consonant ("s" of "stop") lies."""
KEEP_SILENCE_S = 0.2
"""Silence kept after the last voiced frame. Decoding the whole 0.7 s made the offline recogniser slower and
worse (committed clean clips framed as talk frames them, 0.3 s before and 0.7 s after: 52/96 right, median
366 ms; with 0.2 s after: 59/96, 341 ms): its normalisation averages over the utterance, and a long quiet tail
pulls that average away from the speech."""
WARM_UP_FRAMES = 10
"""Frames a fresh detector only listens to: webrtcvad calls the first few frames of even a faint noise floor
speech while it learns the room (measured: frames 2-4 of -64 dBFS noise), which opened a phantom utterance
at the start of ``talk``."""
AGGRESSIVENESS = 2
"""webrtcvad mode 0-3: 2 ignores steady kitchen noise and still hears quiet speech."""


STEADY_DB = 5.0
"""An utterance whose 90 ms stretches of speech all lie within this many dB of each other (5th to 95th
percentile) is steady noise, not speech. webrtcvad calls loud steady noise speech (pink or brown noise at -25
dBFS and up: a fan, a hood, a running tap), so such noise opened an utterance that ran to ``MAX_UTTERANCE_S``
and was decoded: in a check-in, whose grammar is small, 7 of 11 such stretches were taken as "what now", help.
Speech rises and falls with its syllables: without the quiet an utterance keeps before and after it, the
committed clips spread 9.3-44 dB clean, 7.2-20.5 dB at 20 dB SNR and 10.1-15.1 dB at 10 dB SNR; steady noises
0.4-3.6 dB (/tmp/ap1/spread3.py, 2026-12-08). A command inside steady brown noise that runs on before and after
it is never judged steady: 24 committed en-US commands at 10, 5, 3 and 0 dB SNR, none (/tmp/ap1/snrsteady.py),
so no command the recogniser heard right (22, 9, 4 and 3 of them) is lost."""
STEADY_WINDOW_FRAMES = 3


def is_steady(samples: np.ndarray) -> bool:
    """Whether an utterance's level barely moves (``STEADY_DB``): noise the detector took for speech. The
    pre-roll's quiet before the opening frames and the silence kept after the last are left out, or the start
    of a fan would count as a rise like a word's."""
    pre = round(PRE_ROLL_S * 1000 / FRAME_MS) - START_FRAMES
    kept = round(KEEP_SILENCE_S * 1000 / FRAME_MS)
    middle = np.asarray(samples[pre * FRAME_SAMPLES : len(samples) - kept * FRAME_SAMPLES], dtype=np.float64)
    size = STEADY_WINDOW_FRAMES * FRAME_SAMPLES
    count = len(middle) // size
    if count < 3:
        return False  # too short to tell
    # Around the utterance's mean: under a DC offset (a cheap sound card's) speech was all offset, level and
    # spread alike, and was dropped as steady. (Each stretch around its own mean would not do: brown noise
    # wanders slowly, and taking each stretch's wander out made a fan rise and fall like speech.)
    middle = middle[: count * size] - middle[: count * size].mean()
    level = 10 * np.log10((middle.reshape(count, size) ** 2).mean(axis=1) + 1.0)
    return bool(np.percentile(level, 95) - np.percentile(level, 5) < STEADY_DB)


def _new_detector():  # type: ignore[no-untyped-def]
    """A webrtcvad detector at ``AGGRESSIVENESS``, or a RecognizerError saying what to install."""
    try:
        import webrtcvad
    except ImportError as exc:
        raise RecognizerError("voice activity detection needs webrtcvad: pip install webrtcvad-wheels") from exc
    return webrtcvad.Vad(AGGRESSIVENESS)


@dataclass(frozen=True)
class Utterance:
    """One stretch of speech, 16 kHz int16 mono."""

    samples: np.ndarray
    truncated: bool
    """Cut at MAX_UTTERANCE_S rather than ended by silence."""


class Endpointer:
    """Feed frames of ``FRAME_SAMPLES``; get an Utterance back when one ends."""

    def __init__(self, end_silence_s: float = END_SILENCE_S, max_utterance_s: float = MAX_UTTERANCE_S) -> None:
        self._vad = _new_detector()
        self._end_frames = round(end_silence_s * 1000 / FRAME_MS)
        self._max_frames = round(max_utterance_s * 1000 / FRAME_MS)
        self._keep_frames = min(self._end_frames, round(KEEP_SILENCE_S * 1000 / FRAME_MS))
        self._pre: deque[np.ndarray] = deque(maxlen=round(PRE_ROLL_S * 1000 / FRAME_MS))
        self._voiced_run = 0
        self._frames: list[np.ndarray] = []
        self._given = 0
        """Frames of the open utterance already handed out by ``settled``."""
        self._silent = 0
        self._warm_up = WARM_UP_FRAMES

    @property
    def in_speech(self) -> bool:
        return bool(self._frames)

    @property
    def pausing(self) -> bool:
        """The open utterance has been quiet for as long as it keeps of its closing silence: should it end now,
        ``settled`` has nothing more to give. A live recogniser may finish its searches here, in the silence
        that is still to tell whether the utterance is over (``LiveUtterance``)."""
        return self.in_speech and self._silent >= self._keep_frames

    def settled(self) -> np.ndarray:
        """The open utterance's audio that is sure to stay in it and was not handed out yet: the pre-roll and
        speech, and of a pause only the ``KEEP_SILENCE_S`` an utterance keeps (the rest stays back until speech
        resumes). For a recogniser that decodes the utterance while it is spoken: it then hears exactly what the
        finished ``Utterance`` holds, not 0.5 s of waiting more."""
        kept = len(self._frames) - max(0, self._silent - self._keep_frames)
        fresh = self._frames[self._given : kept]
        self._given = max(self._given, kept)
        return np.concatenate(fresh) if fresh else np.zeros(0, dtype=np.int16)

    def reset(self) -> None:
        """Forget everything heard so far (after the skill spoke: its own voice is not an utterance)."""
        self._pre.clear()
        self._frames = []
        self._given = 0
        self._voiced_run = 0
        self._silent = 0

    def feed(self, frame: np.ndarray) -> Utterance | None:
        voiced = self._vad.is_speech(np.asarray(frame, dtype="<i2").tobytes(), RATE)
        if self._warm_up:
            self._warm_up -= 1
            voiced = False
        if not self._frames:
            self._pre.append(frame)
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            if self._voiced_run >= START_FRAMES:
                self._frames = list(self._pre)
                self._pre.clear()
                self._silent = 0
            return None
        self._frames.append(frame)
        self._silent = 0 if voiced else self._silent + 1
        if self._silent >= self._end_frames or len(self._frames) >= self._max_frames:
            ended_by_silence = self._silent >= self._end_frames
            frames = self._frames
            if ended_by_silence:
                frames = frames[: len(frames) - self._silent + self._keep_frames]
            utterance = Utterance(np.concatenate(frames), truncated=not ended_by_silence)
            self.reset()
            return utterance
        return None


def speech_span(samples: np.ndarray) -> np.ndarray:
    """A recording cut to its speech as ``Endpointer`` would cut it live: from ``PRE_ROLL_S`` before the first
    run of ``START_FRAMES`` voiced frames to ``KEEP_SILENCE_S`` after the last voiced frame.

    For ``heartline recognize``: a file with a second of quiet before or after the words would otherwise be
    decoded with it, which costs the offline recogniser accuracy (see ``KEEP_SILENCE_S``). Pauses inside the
    speech are kept. A recording with no such run of speech comes back whole, for the recogniser to reject.
    """
    pcm = np.asarray(samples, dtype="<i2")
    cut = speech_only(pcm)
    return pcm if cut is None else cut


def speech_only(samples: np.ndarray) -> np.ndarray | None:
    """``speech_span``, or None when the recording holds no run of speech: one pass of the detector for a
    caller that acts on both answers (``heartline recognize`` does not decode a file with no speech)."""
    pcm = np.asarray(samples, dtype="<i2")
    voiced = _voiced_frames(pcm)
    first = _first_speech(voiced)
    if first is None:
        return None
    last = max(i for i, v in enumerate(voiced) if v)
    start = max(0, first * FRAME_SAMPLES - round(PRE_ROLL_S * RATE) + START_FRAMES * FRAME_SAMPLES)
    end = min(len(pcm), (last + 1) * FRAME_SAMPLES + round(KEEP_SILENCE_S * RATE))
    return pcm[start:end]


@dataclass(frozen=True)
class Span:
    """Where one utterance lies in a recording, in samples."""

    start: int
    end: int
    truncated: bool
    """Cut at ``MAX_UTTERANCE_S``, as ``Endpointer`` cuts speech that goes on; what follows is another span."""


def speech_spans(samples: np.ndarray) -> list[Span]:
    """A recording cut into utterances where ``Endpointer`` would cut it live: each from ``PRE_ROLL_S`` before a
    run of ``START_FRAMES`` voiced frames to ``KEEP_SILENCE_S`` after its last voiced frame, ended by
    ``END_SILENCE_S`` of non-speech or at ``MAX_UTTERANCE_S``.

    For ``heartline recognize``: a file holding two commands with a pause between them was decoded as one
    utterance, pause and all ("start a listening round", 3 s, "pause" came out as "start a listening round of
    twelve minutes", and was taken), where ``talk`` hears each on its own. A recording with one utterance
    gives the span ``speech_only`` gives.
    """
    pcm = np.asarray(samples, dtype="<i2")
    voiced = _voiced_frames(pcm)
    pre_roll = round(PRE_ROLL_S * RATE) - START_FRAMES * FRAME_SAMPLES
    end_frames = round(END_SILENCE_S * 1000 / FRAME_MS)
    max_samples = round(MAX_UTTERANCE_S * RATE)
    keep = round(KEEP_SILENCE_S * RATE)
    spans: list[Span] = []
    floor = 0
    """The first frame the next utterance's pre-roll may reach back to: ``Endpointer`` forgets what came before
    the end of the last one."""
    while (first := _first_speech(voiced, floor)) is not None:
        start = max(floor * FRAME_SAMPLES, first * FRAME_SAMPLES - pre_roll)
        last, silent, frame = first + START_FRAMES - 1, 0, first + START_FRAMES
        while frame < len(voiced) and frame * FRAME_SAMPLES - start < max_samples and silent < end_frames:
            last, silent = (frame, 0) if voiced[frame] else (last, silent + 1)
            frame += 1
        truncated = frame * FRAME_SAMPLES - start >= max_samples and silent < end_frames
        end = start + max_samples if truncated else min(len(pcm), (last + 1) * FRAME_SAMPLES + keep)
        spans.append(Span(start, end, truncated))
        floor = frame
    return spans


def has_speech(samples: np.ndarray) -> bool:
    """Whether ``samples`` hold speech as ``Endpointer`` would start an utterance on it (a run of
    ``START_FRAMES`` voiced frames), not just a click or the tail of a word."""
    return _first_speech(_voiced_frames(np.asarray(samples, dtype="<i2"))) is not None


def _voiced_frames(pcm: np.ndarray) -> list[bool]:
    vad = _new_detector()
    return [
        vad.is_speech(pcm[start : start + FRAME_SAMPLES].tobytes(), RATE)
        for start in range(0, len(pcm) - FRAME_SAMPLES + 1, FRAME_SAMPLES)
    ]


def _first_speech(voiced: list[bool], since: int = 0) -> int | None:
    """The first frame of the first run of ``START_FRAMES`` voiced frames (from frame ``since`` on)."""
    runs = range(since, len(voiced) - START_FRAMES + 1)
    return next((i for i in runs if all(voiced[i : i + START_FRAMES])), None)
