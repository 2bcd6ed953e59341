"""A local Alexa device: sessions, and an AudioPlayer that plays phases on the monotonic-clock scheduler.

The local fronts (``heartline chat``, ``heartline talk``) drive the skill the way an Echo does: real request
envelopes through ask-sdk's deserializer, session attributes carried between turns, and AudioPlayer events
(started, nearly finished, finished, stopped, failed) sent back as the tracks play. So the round logic is the
Alexa logic; locally a "track" is a phase played as timed cues instead of an MP3.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope

from intents.envelopes import EnvelopeFactory, new_session_id, slot_json
from intents.rounds import DINNER, Token
from intents.tracks import PhaseCatalog
from skill.errors import ConflictError
from skill.rounds import Phase
from skill.scheduler import EventKind, PhaseClock, TimelineEvent, TimelinePlayer

log = logging.getLogger(__name__)
_serializer = DefaultSerializer()
CONFLICT_RETRIES = 3


def invoke_json(skill: CustomSkill, envelope: Mapping[str, Any]) -> dict[str, Any]:
    """One request through ask-sdk exactly as the web endpoint does it; a lost race is retried on fresh state."""
    body = json.dumps(envelope)
    for attempt in range(CONFLICT_RETRIES):
        request = _serializer.deserialize(body, RequestEnvelope)
        try:
            response = skill.invoke(request_envelope=request, context=None)
        except ConflictError:
            if attempt == CONFLICT_RETRIES - 1:
                raise
            continue
        serialized = _serializer.serialize(response)
        return serialized if isinstance(serialized, dict) else {}
    return {}


class Output(Protocol):
    """Where a local device's sound goes: printed text for chat, speakers for talk."""

    def speech(self, ssml: str) -> None: ...

    def track_started(self, phase: Phase, title: str, subtitle: str, offset_s: float = 0.0) -> None:
        """``offset_s``: where in the part it starts (a resumed part: its length minus this is what is left)."""

    def track_event(self, phase: Phase, event: TimelineEvent, gap: float) -> None:
        """``gap``: plan seconds of silence until the next audible moment of the track."""

    def track_stopped(self, phase: Phase) -> None:
        """The skill stopped the audio (pause, stop, safety)."""


@dataclass
class _Track:
    token: str
    url: str
    offset_ms: int
    title: str
    subtitle: str


class LocalDevice:
    def __init__(
        self,
        skill: CustomSkill,
        catalog: PhaseCatalog,
        factory: EnvelopeFactory,
        output: Output,
        time_scale: float = 1.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.skill = skill
        self.catalog = catalog
        self.factory = factory
        self.output = output
        self.time_scale = time_scale
        self._clock_fn = clock
        self.session_id: str | None = None
        self.session_new = False
        self.attributes: dict[str, Any] = {}
        self.current: _Track | None = None
        self.timeline: TimelinePlayer | None = None
        self.queue: list[_Track] = []
        self.activity = "IDLE"
        self.last_response: dict[str, Any] = {}
        self.finishing: Callable[[], bool] = lambda: False
        """Whether to stop an open-ended dinner after the current question (scripted input); rounds play out."""

    # -- talking to the skill ------------------------------------------------------------------------------

    @property
    def in_session(self) -> bool:
        return self.session_id is not None

    def launch(self) -> dict[str, Any]:
        self.session_id = new_session_id()
        return self._send(self.factory.launch(self.session_id, self.player_state()), in_session=True)

    def utter(self, intent: str, slots: Mapping[str, Any], slot_types: Mapping[str, str]) -> dict[str, Any]:
        """An utterance: inside the open session, or as a one-shot ('Alexa, ask heart line ...')."""
        new = self.session_id is None
        if new:
            self.session_id = new_session_id()
            self.attributes = {}
        slot_payload = {}
        for name, slot_type in slot_types.items():
            heard = slots.get(name)
            slot_payload[name] = slot_json(
                name,
                getattr(heard, "spoken", None),
                getattr(heard, "resolved_id", None),
                slot_type,
                getattr(heard, "resolved_name", None),
            )
        envelope = self.factory.intent(
            intent, slot_payload, self.session_id or "", new, self.attributes, self.player_state()
        )
        return self._send(envelope, in_session=True)

    def end_session(self) -> None:
        if self.session_id is not None:
            self._send(self.factory.session_ended(self.session_id, self.attributes), in_session=True)
            self.session_id = None

    def _send(self, envelope: Mapping[str, Any], in_session: bool) -> dict[str, Any]:
        reply = invoke_json(self.skill, envelope)
        self.last_response = reply
        response = reply.get("response") or {}
        speech = (response.get("outputSpeech") or {}).get("ssml")
        if speech:
            self.output.speech(speech)
        if in_session:
            self.attributes = reply.get("sessionAttributes") or {}
            if response.get("shouldEndSession") is not False:
                self.session_id = None
                self.attributes = {}
        for directive in response.get("directives") or []:
            self._apply(directive)
        return reply

    # -- the AudioPlayer -----------------------------------------------------------------------------------

    def player_state(self) -> dict[str, Any]:
        if self.current is None:
            return {"playerActivity": self.activity}
        return {
            "token": self.current.token,
            "offsetInMilliseconds": self.offset_ms(),
            "playerActivity": self.activity,
        }

    def offset_ms(self) -> int:
        if self.timeline is None:
            return 0
        return int(self.timeline.clock.position() * 1000)

    def _apply(self, directive: Mapping[str, Any]) -> None:
        kind = directive.get("type")
        if kind == "AudioPlayer.Play":
            item = directive.get("audioItem") or {}
            stream = item.get("stream") or {}
            meta = item.get("metadata") or {}
            track = _Track(
                str(stream.get("token", "")),
                str(stream.get("url", "")),
                int(stream.get("offsetInMilliseconds") or 0),
                str(meta.get("title") or ""),
                str(meta.get("subtitle") or ""),
            )
            if directive.get("playBehavior") == "ENQUEUE":
                self.queue.append(track)
            else:
                if self.current is not None and self.activity == "PLAYING":
                    self._event("AudioPlayer.PlaybackStopped")
                self.queue.clear()
                self._start(track)
        elif kind == "AudioPlayer.Stop":
            if self.current is not None and self.activity == "PLAYING" and self.timeline is not None:
                self.timeline.clock.pause()
                self.activity = "STOPPED"
                self.output.track_stopped(self.timeline.phase)
                self._event("AudioPlayer.PlaybackStopped")
        elif kind == "AudioPlayer.ClearQueue":
            self.queue.clear()

    def _start(self, track: _Track, at: float | None = None) -> None:
        phase = self.catalog.phase_for_url(track.url)
        self.current = track
        if phase is None:
            self.timeline = None
            self.activity = "STOPPED"
            self._event(
                "AudioPlayer.PlaybackFailed",
                error={"type": "MEDIA_ERROR_INVALID_REQUEST", "message": f"no such track: {track.url}"},
            )
            return
        clock = PhaseClock(self.time_scale, self._clock_fn) if self._clock_fn else PhaseClock(self.time_scale)
        self.timeline = TimelinePlayer(phase, clock, offset=track.offset_ms / 1000, at=at)
        self.activity = "PLAYING"
        self.output.track_started(phase, track.title, track.subtitle, track.offset_ms / 1000)
        self._event("AudioPlayer.PlaybackStarted")

    def _event(self, event: str, error: Mapping[str, Any] | None = None) -> None:
        if self.current is None:
            return
        envelope = self.factory.audio_event(event, self.current.token, self.offset_ms(), self.player_state(), error)
        self._send(envelope, in_session=False)

    def _open_ended(self) -> bool:
        """Dinner tracks follow one another until someone says stop; the token names the exercise."""
        token = Token.parse(self.current.token) if self.current else None
        return token is not None and token.exercise == DINNER

    @property
    def playing(self) -> bool:
        return self.activity == "PLAYING" and self.timeline is not None

    def seconds_until_next(self) -> float | None:
        return self.timeline.seconds_until_next() if self.playing and self.timeline else None

    def tick(self) -> None:
        """Fire every event whose moment has come; at a track's end, start the queued one on its deadline."""
        while self.playing and self.timeline is not None:
            timeline = self.timeline
            due = timeline.due()
            if not due:
                return
            for event in due:
                if event.kind is EventKind.NEARLY_FINISHED:
                    if not (self.finishing() and self._open_ended()):
                        self._event("AudioPlayer.PlaybackNearlyFinished")
                    continue
                self.output.track_event(timeline.phase, event, _gap_after(timeline.events, event))
                if event.kind is EventKind.END:
                    self._finish(timeline.end_deadline())
                    break

    def _finish(self, deadline: float) -> None:
        self.activity = "FINISHED"
        self._event("AudioPlayer.PlaybackFinished")
        if self.queue:
            self._start(self.queue.pop(0), at=deadline)
        else:
            self.current = None
            self.timeline = None
            self.activity = "FINISHED"


def _gap_after(events: tuple[TimelineEvent, ...], event: TimelineEvent) -> float:
    audible = [e for e in events if e.at > event.at and e.kind in (EventKind.WARNING, EventKind.END)]
    return audible[0].at - event.at if audible else 0.0
