"""Load state before every request and write back what changed after it; log one line per request.

Doing this in interceptors keeps every handler free of storage code, and writing only on change keeps the
hot path (AudioPlayer progress events, repeats, help) free of database writes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_request_type
from ask_sdk_model import Response

from intents.context import TURN_KEY, Turn, household_tag
from intents.persistence import VERSION_KEY, household_id
from intents.timezones import DeviceZones
from intents.tracks import TrackCatalog
from skill.clock import local_day, utc_now
from skill.config import Settings
from skill.decks import Content
from skill.progress import start_session
from skill.state import CheckIn, Conversation, Household

log = logging.getLogger("heartline.requests")
"""DEBUG: the front that received the request logs its one INFO line (the web endpoint: id, intent, time)."""

SESSION_KEY = "conversation"
STARTED_KEY = "heartline.started"


class LoadTurn(AbstractRequestInterceptor):
    def __init__(
        self,
        settings: Settings,
        content: Content,
        tracks: TrackCatalog,
        zones: DeviceZones,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.settings = settings
        self.content = content
        self.tracks = tracks
        self.zones = zones
        self.clock = clock

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes[STARTED_KEY] = time.perf_counter()
        envelope = handler_input.request_envelope
        attributes = dict(handler_input.attributes_manager.persistent_attributes)
        version = attributes.pop(VERSION_KEY, None)
        household = Household.from_dict(attributes)
        loaded = household
        session = envelope.session
        conversation = Conversation.from_dict((session.attributes or {}).get(SESSION_KEY) if session else None)
        today = local_day(self.clock(), self.zones.zone_for(handler_input))
        if session is not None and session.new:
            household = start_session(household, today)
            active = household.active
            if (
                active is not None
                and not active.paused
                and getattr(envelope.request, "object_type", "") != "LaunchRequest"
            ):
                conversation = replace(conversation, over_round=True)
            if _continues_a_checkin(envelope.request):
                conversation = _resume_checkin(household, conversation, today, len(self.content.checkin))
        turn = Turn(
            handler_input=handler_input,
            settings=self.settings,
            content=self.content,
            tracks=self.tracks,
            household_id=household_id(envelope),
            household=household,
            conversation=conversation,
            loaded=loaded,
            version=version if isinstance(version, int) else None,
            today=today,
        )
        handler_input.attributes_manager.request_attributes[TURN_KEY] = turn


def _continues_a_checkin(request: Any) -> bool:
    """Opening the skill, or a bare score: what someone picking up a check-in says. Not "let's check in", which
    begins one: with it resumed, a second check-in running at once for the same household (two Echoes) took the
    first one's answers as its own (tests/scale caught it)."""
    if getattr(request, "object_type", "") == "LaunchRequest":
        return True
    intent = getattr(request, "intent", None)
    slots = getattr(intent, "slots", None) or {}
    return getattr(intent, "name", "") == "CheckInIntent" and any(
        getattr(slots.get(name), "value", None) for name in ("score", "answer")
    )


def _resume_checkin(household: Household, conversation: Conversation, today: str, statements: int) -> Conversation:
    """A new session the same evening as a check-in left partway picks it up where it was (``greeting`` says
    so; a score said straight away answers the next statement)."""
    unfinished = household.unfinished_checkin
    if unfinished is None or unfinished.day != today or conversation.pending or len(unfinished.scores) >= statements:
        return conversation
    return replace(conversation, pending="checkin", pending_intent="", checkin_answers=unfinished.scores)


def _keep_checkin(turn: Turn) -> None:
    """The household keeps the answers of a check-in under way, so they outlive the session; any other state
    of the conversation (finished, cancelled, left for something else) lets them go."""
    answers = turn.conversation.checkin_answers if turn.conversation.pending == "checkin" else ()
    kept = CheckIn(turn.today, answers) if answers else None
    if kept != turn.household.unfinished_checkin:
        turn.household = replace(turn.household, unfinished_checkin=kept)


class SaveTurn(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        turn = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        if isinstance(turn, Turn):
            if handler_input.request_envelope.session is not None:
                _keep_checkin(turn)
            manager = handler_input.attributes_manager
            if turn.delete_requested:
                manager.delete_persistent_attributes()
            elif turn.household != turn.loaded:
                manager.persistent_attributes = {**turn.household.to_dict(), VERSION_KEY: turn.version}
                manager.save_persistent_attributes()
            if handler_input.request_envelope.session is not None:
                manager.session_attributes = {SESSION_KEY: turn.conversation.to_dict()}
        _log_request(handler_input, turn if isinstance(turn, Turn) else None)


def _log_request(handler_input: HandlerInput, turn: Turn | None) -> None:
    started = handler_input.attributes_manager.request_attributes.get(STARTED_KEY)
    elapsed_ms = (time.perf_counter() - started) * 1000 if isinstance(started, float) else -1.0
    request_type = get_request_type(handler_input)
    what: Any = get_intent_name(handler_input) if request_type == "IntentRequest" else request_type
    log.debug(
        "request=%s household=%s %s %.1fms",
        getattr(handler_input.request_envelope.request, "request_id", "?"),
        household_tag(turn.household_id) if turn else "-",
        what,
        elapsed_ms,
    )
