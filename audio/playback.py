"""Where the skill's sound goes: the default output through sounddevice, or a player subprocess.

Samples are played from memory (float32 mono), never written to a file: aplay and ffplay read raw PCM on
stdin. ``play`` blocks until the sound has finished, which is what lets the talk loop keep the microphone
muted exactly while the skill speaks.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Protocol

import numpy as np

from audio.capture import AudioDeviceError, _first_line, import_sounddevice
from audio.pcm import to_int16


class AudioSink(Protocol):
    def play(self, samples: np.ndarray, rate: int) -> None:
        """Play float32 mono samples in [-1, 1] and return when done."""
        ...


class SoundDeviceSink:
    """The default output device through PortAudio."""

    def __init__(self) -> None:
        self._sd = import_sounddevice()
        try:
            self._sd.check_output_settings(channels=1, dtype="float32")
        except Exception as exc:  # PortAudio reports a missing device as a plain Exception
            raise AudioDeviceError(f"no usable audio output ({_first_line(exc)}); check the output device") from exc

    def play(self, samples: np.ndarray, rate: int) -> None:
        self._sd.play(np.asarray(samples, dtype=np.float32), rate, blocking=True)


class SubprocessSink:
    """aplay or ffplay reading raw 16-bit PCM from stdin (mpg123 plays only MP3, so it is not used here)."""

    def __init__(self, player: str) -> None:
        self.player = player

    def _command(self, rate: int) -> list[str]:
        if self.player == "aplay":
            return ["aplay", "-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", str(rate)]
        return ["ffplay", "-nodisp", "-autoexit", "-loglevel", "error", "-f", "s16le", "-ch_layout", "mono",
                "-ar", str(rate), "-i", "pipe:0"]  # fmt: skip

    def play(self, samples: np.ndarray, rate: int) -> None:
        done = subprocess.run(self._command(rate), input=to_int16(samples).tobytes(), capture_output=True, check=False)
        if done.returncode != 0:
            err = done.stderr.decode(errors="replace").strip().splitlines()
            raise AudioDeviceError(f"no usable audio output ({self.player}: {err[-1] if err else 'failed'})")


class SilentSink:
    """No speakers: ``heartline talk --silent`` prints what the skill says and plays nothing, for a machine
    with no audio output (a server, a container) or a try-out with recordings (``--hear``). It returns at once,
    as if the sound had been very short, so the microphone (or the recordings) is deaf only ``MUTE_AFTER_S``."""

    def play(self, samples: np.ndarray, rate: int) -> None:
        del samples, rate


def open_sink() -> AudioSink:
    """sounddevice when it has an output device, else aplay or ffplay; a clear error when nothing can play."""
    try:
        return SoundDeviceSink()
    except AudioDeviceError as first:
        for player in ("aplay", "ffplay"):
            if shutil.which(player):
                sink = SubprocessSink(player)
                sink.play(np.zeros(240, dtype=np.float32), 24000)
                return sink
        raise first
