"""Samples in memory and on disk: the one sample format every clip, chime and track is built in.

Everything is float32 mono at ``SAMPLE_RATE`` while it is being assembled and 16-bit WAV on disk; ffmpeg
converts at the edges (decoding whatever an engine gave, encoding the final MP3). Writes are atomic (a temp
file beside the target, then a rename) because render-ahead workers and a serving endpoint share the cache.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from skill.errors import HeartlineError

SAMPLE_RATE = 24000
"""Every clip and track runs at this rate: the highest Alexa accepts for MP3 (16, 22.05 or 24 kHz)."""
TOOL_TIMEOUT_S = 120


class AudioToolError(HeartlineError):
    """An external audio tool (espeak-ng, ffmpeg) is missing or failed; the message names it."""


def seconds_to_samples(seconds: float) -> int:
    return round(seconds * SAMPLE_RATE)


def decode_to_pcm(path: Path, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Any audio file as float32 mono samples at ``rate`` in [-1, 1], through ffmpeg."""
    return decode_channels(path, rate, channels=1).reshape(-1)


def decode_bytes_to_pcm(data: bytes, rate: int = SAMPLE_RATE) -> np.ndarray:
    """``decode_to_pcm`` for audio held in memory (a TTS engine's output), through ffmpeg's stdin."""
    return decode_channels(data, rate, channels=1).reshape(-1)


def decode_channels(source: Path | bytes, rate: int, channels: int = 2) -> np.ndarray:
    """Any audio file (a path, or its bytes) as float32 samples at ``rate``, one column per channel.

    ffmpeg's own ``-ac 1`` sums the channels, which silences a recording whose two channels are the same voice
    in opposite phase (a miswired microphone); the caller sees the channels and mixes them itself.
    """
    piped = isinstance(source, bytes)
    origin = ["-i", "pipe:0"] if piped else ["-nostdin", "-i", str(source)]
    cmd = ["ffmpeg", "-v", "error", *origin, "-f", "s16le", "-ac", str(channels), "-ar", str(rate), "-"]
    raw = run_tool(cmd, "ffmpeg", stdin=source if isinstance(source, bytes) else None)
    samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    return samples[: len(samples) - len(samples) % channels].reshape(-1, channels)


CANCELLED = 0.5
"""A mix of the channels this much quieter than the loudest channel alone is cancelling itself: the same sound
in opposite phase, or near it. A plain two-channel recording mixes to about 0.7 of a channel (unrelated
sounds) or all of it (the same sound); one with a silent channel to half."""


def mix_down(channels: np.ndarray) -> np.ndarray:
    """Channels (one column each) as one: their mean, or the loudest channel where the mean cancels."""
    if channels.ndim == 1 or channels.shape[1] == 1:
        return channels.reshape(-1)
    wide = channels.astype(np.float64)
    mixed = wide.mean(axis=1)
    levels = np.sqrt((wide**2).mean(axis=0)) if len(wide) else np.zeros(wide.shape[1])
    if levels.max() > 0 and np.sqrt((mixed**2).mean()) < CANCELLED * levels.max():
        mixed = wide[:, int(levels.argmax())]
    return mixed.astype(channels.dtype)


def read_wav(path: Path) -> np.ndarray:
    """A WAV written by ``write_wav`` as float32 samples."""
    with wave.open(str(path), "rb") as w:
        raw = w.readframes(w.getnframes())
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0


def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 32767 / 32768) * 32768.0).round().astype("<i2")


def write_wav(path: Path, samples: np.ndarray) -> None:
    """16-bit mono WAV at ``SAMPLE_RATE``, written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".wav.tmp")
    os.close(fd)
    try:
        with wave.open(tmp, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE)
            w.writeframes(to_int16(samples).tobytes())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Bytes to ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_tool(cmd: list[str], name: str, stdin: bytes | None = None) -> bytes:
    """Run an audio tool and return its stdout; a missing tool or a failure is an AudioToolError naming it."""
    try:
        done = subprocess.run(cmd, input=stdin, capture_output=True, check=False, timeout=TOOL_TIMEOUT_S)
    except FileNotFoundError as exc:
        raise AudioToolError(f"{name} is not installed (apt-get install {name})") from exc
    except subprocess.TimeoutExpired as exc:
        raise AudioToolError(f"{name} took longer than {TOOL_TIMEOUT_S} s") from exc
    if done.returncode != 0:
        err = done.stderr.decode(errors="replace").strip()[-300:]
        raise AudioToolError(f"{name} failed with exit code {done.returncode}: {err}")
    return done.stdout


LOUD_GAIN = 2.0
"""About 6 dB, what Alexa's loudest named prosody volume ("x-loud") adds to its speech."""


def louder(samples: np.ndarray, gain: float = LOUD_GAIN) -> np.ndarray:
    """``samples`` ``gain`` times louder, the peaks rounded off instead of clipped: speech already peaks near
    two thirds of full scale, so plain gain would clip the loudest syllables into crackle, while the soft
    limit keeps the quiet ones (most of what makes a voice audible across a table) at the full gain."""
    return np.tanh(gain * samples.astype(np.float64)).astype(np.float32)
