"""Where microphone frames come from: a sound card through sounddevice, or recordings played in its place.

The talk loop reads fixed frames (30 ms at 16 kHz) from an ``AudioSource``; ``WavSource`` plays recorded
utterances into the very same path, for the tests and for ``heartline talk --hear`` on a machine with no
microphone. Captured audio lives only in memory: nothing here writes a file.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from audio.recognition import RATE
from audio.recognize import read_wav
from audio.vad import FRAME_SAMPLES
from skill.errors import HeartlineError


class AudioDeviceError(HeartlineError):
    """No usable microphone or speaker (or no sound library); the message says which and what to try."""


class AudioSource(Protocol):
    """Frames of ``FRAME_SAMPLES`` int16 samples at 16 kHz; ``None`` when the source has ended."""

    def read(self, timeout: float) -> np.ndarray | None | bool:
        """A frame, ``None`` at the end, or ``False`` when nothing arrived within ``timeout`` seconds."""
        ...

    def discard(self) -> None:
        """Drop everything captured so far (what the microphone heard while the skill was speaking)."""
        ...

    def close(self) -> None: ...


class SoundDeviceSource:
    """The default input device, opened at 16 kHz mono; frames queued by PortAudio's callback."""

    def __init__(self) -> None:
        sd = import_sounddevice()
        try:
            sd.check_input_settings(channels=1, samplerate=RATE, dtype="int16")
            self._queue: queue.Queue[np.ndarray] = queue.Queue()
            self._stream = sd.InputStream(
                samplerate=RATE,
                channels=1,
                dtype="int16",
                blocksize=FRAME_SAMPLES,
                callback=self._callback,
            )
            self._stream.start()
        except Exception as exc:  # PortAudio raises plain Exceptions and ValueErrors for missing devices
            raise AudioDeviceError(f"no usable microphone ({_first_line(exc)}); check the input device") from exc

    def _callback(self, data: Any, _frames: int, _time: Any, _status: Any) -> None:
        self._queue.put(np.array(data[:, 0], dtype="<i2"))

    def read(self, timeout: float) -> np.ndarray | None | bool:
        try:
            return self._queue.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return False

    def discard(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def close(self) -> None:
        self._stream.stop()
        self._stream.close()


class WavSource:
    """Plays recordings into the capture path, with silence between and after them.

    Any file ``heartline recognize`` reads will do (``read_wav``: WAV of any width and rate, MP3, FLAC...),
    brought to 16 kHz mono 16-bit as a microphone would give it; a file that is not audio is a
    ``RecognizerError`` naming it, raised before anything plays.

    ``realtime`` paces frames like a microphone would, so timed rounds and utterances interleave as live.
    A faint noise floor stands in for a room between files. ``then`` is silence after the last file.
    """

    def __init__(
        self,
        files: Iterable[Path],
        gap_s: float = 1.0,
        then_s: float = 2.0,
        realtime: bool = True,
        lead_s: float = 0.5,
    ) -> None:
        rng = np.random.default_rng(3)
        parts = [np.zeros(int(lead_s * RATE))]
        for path in files:
            pcm = read_wav(Path(path)).get_raw_data(convert_rate=RATE, convert_width=2)
            parts.append(np.frombuffer(pcm, dtype="<i2").astype(np.float64))
            parts.append(np.zeros(int(gap_s * RATE)))
        parts.append(np.zeros(int(then_s * RATE)))
        audio = np.concatenate(parts)
        audio += rng.normal(0, 20, audio.shape[0])
        self._audio = np.clip(audio, -32768, 32767).astype("<i2")
        self._pos = 0
        self._realtime = realtime
        self._started = time.monotonic()
        self.discarded = 0

    def read(self, timeout: float) -> np.ndarray | None | bool:
        if self._pos + FRAME_SAMPLES > len(self._audio):
            return None
        if self._realtime:
            due = self._started + (self._pos + FRAME_SAMPLES) / RATE
            wait = due - time.monotonic()
            if wait > timeout:
                time.sleep(max(0.0, timeout))
                return False
            if wait > 0:
                time.sleep(wait)
        frame = self._audio[self._pos : self._pos + FRAME_SAMPLES]
        self._pos += FRAME_SAMPLES
        return frame

    def discard(self) -> None:
        """A person waits for the skill to finish: the files resume from here rather than having run on."""
        self._started = time.monotonic() - self._pos / RATE
        self.discarded += 1

    def close(self) -> None:
        self._pos = len(self._audio)


def import_sounddevice() -> Any:
    """sounddevice, or an AudioDeviceError that says what is missing (the package or PortAudio)."""
    try:
        import sounddevice
    except ImportError as exc:
        raise AudioDeviceError("sound needs sounddevice: pip install sounddevice") from exc
    except OSError as exc:
        raise AudioDeviceError("sound needs the PortAudio library: apt-get install libportaudio2") from exc
    return sounddevice


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
