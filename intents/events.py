"""Requests beside the conversation: notices Alexa sends about the skill, and requests of interfaces Heartline does
not use (its manifest declares the AudioPlayer alone, so Alexa has no reason to send them, but a request may come).

Without a handler each became a DispatchException, which the last line of defence turned into "Sorry, something
went wrong" and a traceback at ERROR, though nothing had gone wrong. A notice is answered with nothing; a return to
the skill or a touch on a screen meets the couple where the conversation was.
"""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Response
from ask_sdk_model.canfulfill import CanFulfillIntent, CanFulfillIntentValues

from intents.asides import ask_again_or_offer_menu
from intents.base import RequestTypeHandler
from intents.context import Turn

log = logging.getLogger(__name__)

NOTICE_PREFIXES = ("AlexaSkillEvent.", "AlexaHouseholdListEvent.", "Messaging.", "Reminders.")
"""Skill enabled or disabled, a message to the skill, a reminder or list changed: sent outside any session, with
nobody waiting for an answer, so an answer may not speak."""


class CanFulfillHandler(RequestTypeHandler):
    """Alexa asking, before a request that names no skill, whether Heartline can fulfil it: NO. The manifest does
    not declare ``CAN_FULFILL_INTENT_REQUEST``, so Heartline asks not to be chosen that way, and the answer may
    neither speak nor change anything: the household stays as it was read (a new session would count a day)."""

    request_types = ("CanFulfillIntentRequest",)

    def respond(self, turn: Turn) -> Response:
        turn.household = turn.loaded
        builder = turn.handler_input.response_builder
        builder.set_can_fulfill_intent(CanFulfillIntent(can_fulfill=CanFulfillIntentValues.NO))
        return builder.response


class BackToConversationHandler(RequestTypeHandler):
    """Control back from another skill or task (``SessionResumedRequest``, ``Connections.Response``), or a touch on
    a screen (APL, Display): Heartline starts no connection and shows no screen, so there is nothing in it to act
    on, but someone is there. Alexa returns a resumed session to the place it left, so that is where they are met:
    the question still waiting, or what they would like to do."""

    request_types = (
        "SessionResumedRequest",
        "Connections.Response",
        "Alexa.Presentation.APL.UserEvent",
        "Alexa.Presentation.APLT.UserEvent",
        "Display.ElementSelected",
    )

    def respond(self, turn: Turn) -> Response:
        return ask_again_or_offer_menu(turn, "")


class NoticeHandler(AbstractRequestHandler):
    """The notices of ``NOTICE_PREFIXES``: an empty answer."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return str(get_request_type(handler_input)).startswith(NOTICE_PREFIXES)

    def handle(self, handler_input: HandlerInput) -> Response:
        log.debug("notice %r: nothing to do", get_request_type(handler_input))
        return handler_input.response_builder.response


class OtherRequestHandler(AbstractRequestHandler):
    """Last in line: any other request type Alexa's schema has (an APL runtime error, an ad, a game engine event),
    of interfaces Heartline does not use. An empty answer, and a warning naming the type, not an apology."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) != "IntentRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        log.warning("request type %r is not one Heartline uses; answered with nothing", get_request_type(handler_input))
        return handler_input.response_builder.response
