"""Speech out: the skill's prompt text turned into cached audio clips, from gTTS or, failing that, espeak-ng.

gTTS needs Google's servers, can hang forever without a timeout and gets rate limited, so every string it
renders is cached on disk by (text, lang, tld, slow) and every call carries a timeout. When gTTS cannot
answer (or the settings say offline) espeak-ng renders instead; its clip is cached under its own key, so a
later online run can still fetch the better voice. Each clip records which engine made it, because a
household should know when it hears the robot voice and ``heartline render`` reports it.

Only the skill's own prompt text (scripts, names the couple gave) is ever sent to a speech service; nothing
a partner says is.

Clips are stored as 16-bit mono WAV at ``SAMPLE_RATE`` with the silence at both ends trimmed, ready to be
placed on a track's timeline without another decode.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import shutil
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import requests
from gtts import gTTS, gTTSError

from audio.pcm import SAMPLE_RATE, AudioToolError, decode_bytes_to_pcm, run_tool, write_bytes, write_wav
from skill.config import Settings

log = logging.getLogger(__name__)

CACHE_FORMAT = 2
"""Part of every cache key: bump it when the stored clip format changes, so old clips are not reused."""
EDGE_THRESHOLD = 10 ** (-45 / 20)
"""Samples quieter than -45 dBFS at a clip's ends count as silence and are trimmed."""
EDGE_PAD_S = 0.01
"""Kept before the first and after the last loud sample, so soft consonants are not clipped."""
ESPEAK_WPM = 160
ESPEAK_SLOW_WPM = 120
GTTS_RETRY_AFTER_S = 60.0
"""After a gTTS failure, go straight to espeak-ng for this long instead of waiting out a timeout per clip."""


class SpeechError(AudioToolError):
    """No engine could render a text: empty text, espeak-ng missing, or an engine gave only silence."""


class Engine(StrEnum):
    """Which engine rendered a clip."""

    GTTS = "gtts"
    ESPEAK = "espeak-ng"


@dataclass(frozen=True)
class Voice:
    """How a text is spoken; the gTTS parameters, mapped onto an espeak-ng voice when offline."""

    lang: str = "en"
    tld: str = "com"
    """Google host suffix: picks the accent (com: US, co.uk: British, com.au: Australian)."""
    slow: bool = False


@dataclass(frozen=True)
class Clip:
    """One rendered text: a trimmed mono WAV at ``SAMPLE_RATE``."""

    path: Path
    engine: Engine
    duration_s: float
    cached: bool
    """True when the clip came from the cache and no engine ran."""


def cache_key(text: str, voice: Voice, engine: Engine) -> str:
    """The file name of a clip: the engine is part of it, so a fallback clip never poses as a gTTS one.

    Runs of whitespace count as one space: a template's line breaks do not make a new clip.
    """
    payload = json.dumps(
        [CACHE_FORMAT, engine.value, " ".join(text.split()), voice.lang, voice.tld, voice.slow], ensure_ascii=False
    ).encode()
    return hashlib.sha256(payload).hexdigest()


class Speech:
    """Text to cached clips. Thread-safe: render-ahead workers share one instance, and a per-key lock keeps
    two workers from asking Google for the same string."""

    def __init__(self, settings: Settings, voice: Voice | None = None) -> None:
        self.settings = settings
        self.voice = voice or Voice()
        self.cache_dir = settings.audio_cache_dir / "tts"
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._gtts_down_until = 0.0

    def path_for(self, text: str, engine: Engine, voice: Voice | None = None) -> Path:
        return self.cache_dir / f"{cache_key(text, voice or self.voice, engine)}.wav"

    def forget(self, text: str, voice: Voice | None = None) -> None:
        """Delete the clips of ``text`` from either engine (a household's names, on deleting its data)."""
        for engine in (Engine.GTTS, Engine.ESPEAK):
            path = self.path_for(text, engine, voice)
            path.unlink(missing_ok=True)
            path.with_suffix(".json").unlink(missing_ok=True)

    def cached(self, text: str, voice: Voice | None = None) -> Clip | None:
        """The best clip already on disk (gTTS before espeak-ng), without rendering anything."""
        for engine in (Engine.GTTS, Engine.ESPEAK):
            clip = self._load(self.path_for(text, engine, voice), engine)
            if clip is not None:
                return clip
        return None

    def render(self, text: str, voice: Voice | None = None) -> Clip:
        """A clip for ``text``: from the cache, else gTTS (with a timeout), else espeak-ng.

        Offline, a gTTS clip cached earlier is still used; the network is never touched.
        """
        text = " ".join(text.split())
        if not text:
            raise SpeechError("nothing to speak: the text is empty")
        voice = voice or self.voice
        gtts_path = self.path_for(text, Engine.GTTS, voice)
        with self._lock(gtts_path.stem):
            clip = self._load(gtts_path, Engine.GTTS)
            if clip is not None:
                return clip
            if not self.settings.offline and time.monotonic() >= self._gtts_down_until:
                # Any failure here (no network, 429, 5xx, timeout, an answer that is not audio) means the
                # fallback voice now rather than no voice.
                try:
                    return self._render_gtts(text, voice, gtts_path)
                except (
                    gTTSError,
                    requests.RequestException,
                    AudioToolError,
                    ValueError,
                    OSError,
                    AssertionError,
                ) as exc:
                    self._gtts_down_until = time.monotonic() + GTTS_RETRY_AFTER_S
                    log.warning("gTTS failed (%s); espeak-ng renders for the next %.0f s", exc, GTTS_RETRY_AFTER_S)
        espeak_path = self.path_for(text, Engine.ESPEAK, voice)
        with self._lock(espeak_path.stem):
            clip = self._load(espeak_path, Engine.ESPEAK)
            if clip is not None:
                return clip
            return self._render_espeak(text, voice, espeak_path)

    def _lock(self, key: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(key, threading.Lock())

    def _load(self, path: Path, engine: Engine) -> Clip | None:
        sidecar = path.with_suffix(".json")
        if not (path.exists() and sidecar.exists()):
            return None
        try:
            meta = json.loads(sidecar.read_text())
            return Clip(path, Engine(meta["engine"]), int(meta["samples"]) / SAMPLE_RATE, cached=True)
        except (ValueError, KeyError, OSError):
            log.warning("unreadable clip sidecar %s; rendering again", sidecar)
            return None

    def _render_gtts(self, text: str, voice: Voice, dest: Path) -> Clip:
        # Rendered in memory, as espeak-ng is: a temporary folder is left behind by a process that is killed.
        tts = gTTS(text, tld=voice.tld, lang=voice.lang, slow=voice.slow, timeout=self.settings.tts_timeout)
        mp3 = io.BytesIO()
        tts.write_to_fp(mp3)
        if not mp3.getvalue():
            raise gTTSError("gTTS answered with no audio")
        return self._store(decode_bytes_to_pcm(mp3.getvalue()), dest, Engine.GTTS, voice)

    def _render_espeak(self, text: str, voice: Voice, dest: Path) -> Clip:
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise SpeechError("gTTS could not render and espeak-ng is not installed (apt-get install espeak-ng)")
        speed = ESPEAK_SLOW_WPM if voice.slow else ESPEAK_WPM
        # Text in on stdin and the WAV out on stdout: nothing on disk until the clip is stored, so a process
        # killed mid-render leaves no temporary folder (131 had piled up in /tmp from killed runs).
        cmd = [exe, "-v", espeak_voice(voice), "-s", str(speed), "--stdout"]
        wav = run_tool(cmd, "espeak-ng", stdin=text.encode("utf-8"))
        return self._store(decode_bytes_to_pcm(wav), dest, Engine.ESPEAK, voice)

    def _store(self, decoded: np.ndarray, dest: Path, engine: Engine, voice: Voice) -> Clip:
        samples = trim_silence(decoded)
        if samples.size == 0:
            raise SpeechError(f"{engine} produced only silence")
        write_wav(dest, samples)
        duration = samples.size / SAMPLE_RATE
        meta = {
            "engine": engine.value,
            "duration_s": round(duration, 4),
            "samples": int(samples.size),
            "lang": voice.lang,
            "tld": voice.tld,
            "slow": voice.slow,
            "format": CACHE_FORMAT,
        }
        write_bytes(dest.with_suffix(".json"), json.dumps(meta, sort_keys=True).encode())
        log.info("rendered clip %s with %s (%.2f s)", dest.stem[:12], engine, duration)
        return Clip(dest, engine, duration, cached=False)


def espeak_voice(voice: Voice) -> str:
    """The espeak-ng voice nearest to a gTTS (lang, tld) pair."""
    if voice.lang.lower().startswith("en"):
        return {"co.uk": "en-gb", "ie": "en-gb", "com.au": "en", "co.in": "en"}.get(voice.tld, "en-us")
    return voice.lang.lower()


def trim_silence(samples: np.ndarray) -> np.ndarray:
    """Cut leading and trailing quiet so a clip's length is its speech and the track layout is exact."""
    loud = np.flatnonzero(np.abs(samples) > EDGE_THRESHOLD)
    if loud.size == 0:
        return samples[:0]
    pad = int(EDGE_PAD_S * SAMPLE_RATE)
    start = max(0, int(loud[0]) - pad)
    end = min(samples.size, int(loud[-1]) + pad + 1)
    return samples[start:end]
