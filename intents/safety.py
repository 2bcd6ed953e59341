"""When someone is hurt, afraid, or thinking of harming themselves: stop, give help lines, don't coach."""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model import Response

from intents.base import IntentHandler
from intents.context import Turn, esc


def safety_response(turn: Turn) -> Response:
    """Any exercise stops, audio included; the session ends so nothing carries on as if all were well."""
    turn.household = replace(turn.household, active=None)
    turn.conversation = replace(turn.conversation, pending="", pending_intent="", mode="", checkin_answers=())
    turn.stop_audio()
    return turn.reply(esc(turn.content.safety.message), end=True)


class SafetyHandler(IntentHandler):
    intents = ("SafetyIntent",)

    def respond(self, turn: Turn) -> Response:
        return safety_response(turn)
