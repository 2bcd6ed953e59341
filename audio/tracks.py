"""Phase tracks: each phase of a round plan as one MP3 that Alexa's AudioPlayer (and the local player) can
play.

Alexa keeps the microphone open for seconds, not minutes, so a timed phase is played as a file: the cue
spoken at the start, silence, a warning chime and the warning line a set time before the end, silence, and
the "time" chime ending exactly at the phase's end. The file is exactly as long as the phase, so the next
phase (enqueued on PlaybackNearlyFinished) starts on time.

Tracks are content-addressed by ``Phase.track_id()``: equal phases share one file, an existing file is
reused, and every write is atomic, so the endpoint may serve a track while a worker renders the next one.
The samples are assembled in memory and encoded once with ffmpeg (libmp3lame, 48 kbps CBR, 24 kHz mono:
MPEG-2 Layer III, which Alexa accepts). ``RenderAhead`` renders the phases of a plan on worker threads while
earlier ones play, so no request waits on speech synthesis.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

import numpy as np

from audio.cues import Chime, chime, chime_duration
from audio.pcm import SAMPLE_RATE, read_wav, run_tool, seconds_to_samples, to_int16, write_bytes
from audio.tts import Engine, Speech
from skill.config import Settings
from skill.rounds import Phase, RoundPlan

log = logging.getLogger(__name__)

LAYOUT_VERSION = 1
"""Stored beside each track; a cached track made by another layout (gaps, chimes) is rendered again."""
MP3_BITRATE = "48k"
WARNING_SPEECH_GAP_S = 0.3
"""Between the end of the warning chime and the warning line: the chime rings out before the words."""
MIN_GAP_S = 0.3
"""The least silence kept between two sounds on a track; a warning that does not fit is left out."""
TRACK_ID_RE = re.compile(r"[0-9a-f]{24}")
_T = TypeVar("_T")


class Sound(StrEnum):
    """What occupies a stretch of a track."""

    SPEECH = "speech"
    WARNING_CHIME = "warning_chime"
    TIME_CHIME = "time_chime"


@dataclass(frozen=True)
class Segment:
    """One sound placed on a track's timeline (seconds from the track's start); the rest is silence."""

    sound: Sound
    start_s: float
    end_s: float
    text: str = ""
    """What a speech segment says (not stored beside the track: names stay out of the cache's metadata)."""


@dataclass(frozen=True)
class RenderedTrack:
    """A track file on disk and what is in it."""

    track_id: str
    path: Path
    duration_s: float
    engines: tuple[Engine, ...]
    """Which speech engines rendered the spoken parts (espeak-ng means a fallback voice is in it)."""
    segments: tuple[Segment, ...]
    cached: bool
    """True when the file already existed and nothing was rendered."""


def tracks_dir(settings: Settings) -> Path:
    return settings.audio_cache_dir / "tracks"


def track_file(settings: Settings, track_id: str) -> Path | None:
    """The rendered MP3 for an id from a URL, or None; only well-formed ids are looked up (no escapes)."""
    if not TRACK_ID_RE.fullmatch(track_id):
        return None
    path = tracks_dir(settings) / f"{track_id}.mp3"
    return path if path.is_file() else None


def layout_phase(phase: Phase, cue_s: float, warning_speech_s: dict[str, float]) -> list[Segment]:
    """Where each sound of a phase goes, given the spoken lengths; the time chime ends at ``phase.seconds``.

    A warning that would collide with the cue or the closing chime is left out (logged); a cue longer than
    the whole phase lengthens the track rather than being cut, so nothing is ever cut off mid-word.
    """
    time_len = chime_duration(Chime.TIME)
    warn_len = chime_duration(Chime.WARNING)
    end = float(phase.seconds)
    segments = [Segment(Sound.SPEECH, 0.0, cue_s, phase.cue)]
    if cue_s + MIN_GAP_S > end - time_len:
        end = cue_s + MIN_GAP_S + time_len
        log.warning("phase %d: cue speech (%.1f s) overruns %d s; track lengthened", phase.index, cue_s, phase.seconds)
    busy_until = cue_s
    for warning in sorted(phase.warnings, key=lambda w: -w.seconds_left):
        chime_at = end - warning.seconds_left
        speech_at = chime_at + warn_len + WARNING_SPEECH_GAP_S
        speech_end = speech_at + warning_speech_s[warning.text]
        if chime_at < busy_until + MIN_GAP_S or speech_end > end - time_len - MIN_GAP_S:
            log.warning("phase %d: warning at %d s left does not fit; left out", phase.index, warning.seconds_left)
            continue
        segments.append(Segment(Sound.WARNING_CHIME, chime_at, chime_at + warn_len))
        segments.append(Segment(Sound.SPEECH, speech_at, speech_end, warning.text))
        busy_until = speech_end
    segments.append(Segment(Sound.TIME_CHIME, end - time_len, end))
    return segments


def render_phase(phase: Phase, settings: Settings, speech: Speech) -> RenderedTrack:
    """The phase's track, from the cache or rendered now."""
    track_id = phase.track_id()
    cached = _load(settings, track_id)
    if cached is not None:
        return cached
    clips = {text: speech.render(text) for text in [phase.cue, *(w.text for w in phase.warnings)]}
    segments = layout_phase(phase, clips[phase.cue].duration_s, {t: c.duration_s for t, c in clips.items()})
    sounds = [read_wav(clips[seg.text].path) if seg.sound is Sound.SPEECH else _CHIMES[seg.sound]() for seg in segments]
    engines = {clips[seg.text].engine for seg in segments if seg.sound is Sound.SPEECH}
    return _write_track(settings, track_id, segments, sounds, engines)


def render_plan(plan: RoundPlan, settings: Settings, speech: Speech) -> list[RenderedTrack]:
    """Every phase's track, in plan order (index i is ``plan.phases[i]``)."""
    return [render_phase(phase, settings, speech) for phase in plan.phases]


class RenderAhead:
    """Renders tracks on worker threads while earlier ones play; ``path_for`` never blocks.

    One instance serves the whole process: a track asked for twice is rendered once.
    """

    def __init__(self, settings: Settings, speech: Speech, workers: int = 2) -> None:
        self.settings = settings
        self.speech = speech
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="heartline-render")
        self._futures: dict[str, Future[RenderedTrack]] = {}
        self._lock = threading.Lock()

    def submit_phase(self, phase: Phase) -> str:
        return self._submit(phase.track_id(), render_phase, phase)

    def submit_plan(self, plan: RoundPlan) -> list[str]:
        """Queue every phase in order (the intro is spoken in the response, the outro is the close phase)."""
        return [self.submit_phase(p) for p in plan.phases]

    def path_for(self, track_id: str) -> Path | None:
        """The track's file if it is rendered (now or by an earlier run), else None."""
        with self._lock:
            future = self._futures.get(track_id)
        if future is not None and future.done() and future.exception() is None:
            return future.result().path
        return track_file(self.settings, track_id) if _load(self.settings, track_id) else None

    def result(self, track_id: str, timeout: float | None = None) -> RenderedTrack:
        """Wait for a submitted track (raises what its rendering raised, or TimeoutError)."""
        with self._lock:
            future = self._futures.get(track_id)
        if future is None:
            # finished and forgotten (its file is the record), or never submitted
            done = _load(self.settings, track_id)
            if done is None:
                raise KeyError(track_id)
            return done
        return future.result(timeout)

    def forget(self, track_id: str) -> None:
        """Drop the finished render of ``track_id`` (its file is being deleted), so it is not served from here."""
        with self._lock:
            future = self._futures.get(track_id)
            if future is not None and future.done():
                del self._futures[track_id]

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> RenderAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _submit(self, track_id: str, fn: Callable[[_T, Settings, Speech], RenderedTrack], arg: _T) -> str:
        with self._lock:
            future = self._futures.get(track_id)
            if future is None or (future.done() and future.exception() is not None):
                future = self._pool.submit(_logged, fn, arg, self.settings, self.speech)
                self._futures[track_id] = future
                future.add_done_callback(functools.partial(self._forget, track_id))
        return track_id

    def _forget(self, track_id: str, future: Future[RenderedTrack]) -> None:
        """A rendered track lives on disk; keeping every finished future would grow a server's memory
        with every new household and topic. Failures stay, so a retry can see them."""
        if future.exception() is None:
            with self._lock:
                if self._futures.get(track_id) is future:
                    del self._futures[track_id]


def _logged(
    fn: Callable[[_T, Settings, Speech], RenderedTrack], arg: _T, settings: Settings, speech: Speech
) -> RenderedTrack:
    """Failures ahead of need are logged where they happen; the caller that waits sees the exception too."""
    try:
        return fn(arg, settings, speech)
    except Exception:
        log.exception("rendering a track ahead failed")
        raise


_CHIMES = {Sound.WARNING_CHIME: lambda: chime(Chime.WARNING), Sound.TIME_CHIME: lambda: chime(Chime.TIME)}


def _write_track(
    settings: Settings,
    track_id: str,
    segments: list[Segment],
    sounds: list[np.ndarray],
    engines: set[Engine],
) -> RenderedTrack:
    duration = segments[-1].end_s
    pcm = np.zeros(seconds_to_samples(duration), dtype=np.float32)
    for seg, samples in zip(segments, sounds, strict=True):
        start = seconds_to_samples(seg.start_s)
        pcm[start : start + samples.size] += samples[: pcm.size - start]
    path = tracks_dir(settings) / f"{track_id}.mp3"
    path.parent.mkdir(parents=True, exist_ok=True)
    _encode_mp3(pcm, path)
    track = RenderedTrack(track_id, path, pcm.size / SAMPLE_RATE, tuple(sorted(engines)), tuple(segments), False)
    meta = {
        "layout": LAYOUT_VERSION,
        "duration_s": track.duration_s,
        "engines": list(track.engines),
        "segments": [asdict(s) | {"text": ""} for s in segments],
    }
    write_bytes(path.with_suffix(".json"), json.dumps(meta, sort_keys=True).encode())
    log.info("rendered track %s (%.1f s, %s)", track_id, track.duration_s, "+".join(track.engines))
    return track


def _encode_mp3(pcm: np.ndarray, path: Path) -> None:
    """One ffmpeg encode from raw samples into a temp file beside ``path``, then a rename."""
    raw = to_int16(pcm).tobytes()
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}.", suffix=".mp3", delete=False) as f:
        tmp = Path(f.name)
    try:
        # fmt: off
        cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1",
               "-i", "-", "-codec:a", "libmp3lame", "-b:a", MP3_BITRATE, "-ar", str(SAMPLE_RATE), "-ac", "1",
               "-map_metadata", "-1", "-id3v2_version", "0", "-f", "mp3", str(tmp)]
        # fmt: on
        run_tool(cmd, "ffmpeg", stdin=raw)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _load(settings: Settings, track_id: str) -> RenderedTrack | None:
    path = tracks_dir(settings) / f"{track_id}.mp3"
    sidecar = path.with_suffix(".json")
    if not (path.is_file() and sidecar.is_file()):
        return None
    try:
        meta = json.loads(sidecar.read_text())
        if meta["layout"] != LAYOUT_VERSION:
            return None
        segments = tuple(Segment(Sound(s["sound"]), s["start_s"], s["end_s"]) for s in meta["segments"])
        engines = tuple(Engine(e) for e in meta["engines"])
        return RenderedTrack(track_id, path, float(meta["duration_s"]), engines, segments, cached=True)
    except (ValueError, KeyError, TypeError, OSError):
        log.warning("unreadable track sidecar %s; rendering again", sidecar)
        return None
