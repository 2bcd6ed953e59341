"""Rendered tracks for the web front: the handlers' TrackCatalog backed by RenderAhead and a shared folder.

When a round starts, its phases are queued for rendering and the request returns at once (a request never
waits on TTS). Each phase's description is written beside the tracks, so any worker process — not only the one
that started the round — can render a track on demand when Alexa fetches it before it is ready.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from audio.pcm import write_bytes
from audio.tracks import TRACK_ID_RE, RenderAhead, track_file, tracks_dir
from audio.tts import Speech
from intents.sealed import audio_key, open_sealed, phase_from_json, phase_to_json, seal
from intents.tracks import says_a_name
from skill.config import Settings
from skill.rounds import Phase, RoundPlan

log = logging.getLogger(__name__)

MAX_REMEMBERED_TRACKS = 4096


class RenderedCatalog:
    """URLs for phases, rendering ahead on threads, and on-demand rendering for a fetch that comes early."""

    def __init__(self, settings: Settings, render_ahead: RenderAhead | None = None) -> None:
        self.settings = settings
        self.render_ahead = render_ahead or RenderAhead(settings, Speech(settings))
        self._known: set[str] = set()
        self._lock = threading.Lock()
        self._key = audio_key(settings.audio_key) if settings.audio_key else None

    # -- TrackCatalog --------------------------------------------------------------------------------------

    def prepare(self, plan: RoundPlan) -> None:
        for phase in plan.phases:
            self._ensure(phase)

    def url_for(self, phase: Phase) -> str:
        self._ensure(phase)
        url = f"{self.settings.public_url}/audio/{phase.track_id()}.mp3"
        return f"{url}?d={seal(phase, self._key)}" if self._key else url

    # -- serving -------------------------------------------------------------------------------------------

    def file_for(self, track_id: str, wait: float = 30.0, sealed: str = "") -> Path | None:
        """The MP3 to serve for an id from a URL: rendered already, being rendered, or renderable from its
        stored description or the one ``sealed`` in its URL (``intents.sealed``: a round another host or
        the Lambda began); None for ids nobody described (or malformed ones: no path escapes)."""
        if not TRACK_ID_RE.fullmatch(track_id):
            return None
        ready = self.render_ahead.path_for(track_id)
        if ready is not None:
            return ready
        spec = self._spec_path(track_id)
        if not spec.is_file() and sealed and self._key is not None:
            phase = open_sealed(sealed, track_id, self._key)
            if phase is not None:
                write_bytes(spec, phase_to_json(phase))
        if not spec.is_file():
            return track_file(self.settings, track_id)
        try:
            phase = phase_from_json(spec.read_bytes())
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("track description %s is unreadable: %s", spec.name, exc)
            return ready
        self.render_ahead.submit_phase(phase)
        try:
            return self.render_ahead.result(track_id, timeout=wait).path
        except Exception as exc:  # rendering failed or took too long: the device reports PlaybackFailed
            log.warning("track %s could not be rendered in time: %s", track_id, exc)
            return None

    def forget(self, names: tuple[str, str]) -> int:
        """Every described track that says one of ``names`` is removed with its description and the speech
        clips of its words, and the endpoint no longer serves it. A track of another household with the same
        names goes too (tracks are shared by content): its round's next part is described and rendered again, and a
        part already queued on its device may fail to play."""
        forgotten = 0
        for spec in sorted(tracks_dir(self.settings).glob("*.phase.json")):
            try:
                phase = phase_from_json(spec.read_bytes())
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if not says_a_name(phase, names):
                continue
            track_id = spec.name.removesuffix(".phase.json")
            with self._lock:
                self._known.discard(track_id)
            self.render_ahead.forget(track_id)
            for text in (phase.cue, *(w.text for w in phase.warnings)):
                self.render_ahead.speech.forget(text)
            for path in (spec, spec.with_name(f"{track_id}.mp3"), spec.with_name(f"{track_id}.json")):
                path.unlink(missing_ok=True)
            forgotten += 1
        return forgotten

    def close(self) -> None:
        self.render_ahead.close()

    # -- internals -----------------------------------------------------------------------------------------

    def _spec_path(self, track_id: str) -> Path:
        return tracks_dir(self.settings) / f"{track_id}.phase.json"

    def _ensure(self, phase: Phase) -> None:
        track_id = phase.track_id()
        with self._lock:
            if track_id in self._known:
                return
            if len(self._known) >= MAX_REMEMBERED_TRACKS:
                self._known.clear()  # only a shortcut: forgetting costs one stat and one queued check
            self._known.add(track_id)
        spec = self._spec_path(track_id)
        if not spec.exists():
            write_bytes(spec, phase_to_json(phase))
        self.render_ahead.submit_phase(phase)
