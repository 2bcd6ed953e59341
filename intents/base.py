"""A thin base for Heartline's handlers: match by intent name and state, hand the handler a Turn."""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_request_type
from ask_sdk_model import Response

from intents.context import Turn

FALLBACK = "AMAZON.FallbackIntent"


class IntentHandler(AbstractRequestHandler):
    """Handles the named intents when ``applies`` says the state fits; resets the misunderstanding count."""

    intents: tuple[str, ...] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if get_request_type(handler_input) != "IntentRequest" or get_intent_name(handler_input) not in self.intents:
            return False
        return self.applies(Turn.of(handler_input))

    def applies(self, turn: Turn) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if get_intent_name(handler_input) != FALLBACK and turn.conversation.misses:
            turn.conversation = replace(turn.conversation, misses=0)
        return self.respond(turn)

    def respond(self, turn: Turn) -> Response:
        raise NotImplementedError


DIRECTIVES_ONLY = ("AudioPlayer.", "PlaybackController.")
"""Requests sent outside any session (the device reporting playback, its buttons): the answer may carry
AudioPlayer directives and nothing else, so no ``shouldEndSession`` either. The moves they share with the spoken
commands (``jump_to``, ``pause_round``) end the session, as an answer that starts audio must; Amazon's own audio
samples answer these requests with the directives alone, and a session flag on a request that has no session is
at best ignored."""


class RequestTypeHandler(AbstractRequestHandler):
    """Handles requests of the named types (launch, AudioPlayer events, session end)."""

    request_types: tuple[str, ...] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) in self.request_types

    def handle(self, handler_input: HandlerInput) -> Response:
        response = self.respond(Turn.of(handler_input))
        if str(get_request_type(handler_input)).startswith(DIRECTIVES_ONLY):
            response.should_end_session = None
        return response

    def respond(self, turn: Turn) -> Response:
        raise NotImplementedError
