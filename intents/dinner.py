"""Dinner questions: one question read aloud, then the table talks; light first, deeper when asked.

Each question ends the session so Alexa stops listening while the couple talks (a live microphone at a
dinner table would hear the conversation as commands). "Another one" or "go deeper" later the same day
carries on at the depth they reached.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model import Response

from intents.base import IntentHandler
from intents.context import Turn, brk, esc, join
from skill.decks import Depth
from skill.selection import draw, used_key
from skill.state import today

AFTER_QUESTION = "Take your time with it. When you want another, say: Alexa, ask Heart Line for another question."
DEPTH_WORDS = {Depth.LIGHT: "an easy one", Depth.MEDIUM: "a little deeper", Depth.DEEP: "a deep one"}


def in_dinner(turn: Turn) -> bool:
    return (
        turn.household.active is None
        and (turn.conversation.mode == "dinner" or turn.household.dinner_day == today())
        and not turn.conversation.pending
    )


def ask_question(turn: Turn, depth: Depth, lead: str = "") -> Response:
    prompt, household = draw(turn.content.dinner, depth, turn.household)
    turn.household = replace(household, dinner_depth=depth, dinner_day=today())
    turn.conversation = replace(turn.conversation, mode="dinner", pending="")
    speech = join(esc(lead), esc(prompt.text), brk(2), esc(AFTER_QUESTION))
    return turn.reply(speech, end=True)


def depth_from_slot(turn: Turn) -> Depth | None:
    slot = turn.slot("depth")
    if slot is None:
        return None
    key = (slot.resolved_id or slot.spoken).lower()
    if key in {"deeper", "harder", "more"}:
        return turn.household.dinner_depth.deeper()
    try:
        return Depth(key)
    except ValueError:
        return None


class DinnerQuestionHandler(IntentHandler):
    intents = ("DinnerQuestionIntent",)

    def respond(self, turn: Turn) -> Response:
        depth = depth_from_slot(turn)
        if depth is None:
            depth = turn.household.dinner_depth if turn.household.dinner_day == today() else Depth.LIGHT
        lead = "Here's a question for the table." if turn.household.dinner_day != today() else ""
        return ask_question(turn, depth, lead)


class DeeperHandler(IntentHandler):
    intents = ("DeeperIntent",)

    def respond(self, turn: Turn) -> Response:
        current = turn.household.dinner_depth if turn.household.dinner_day == today() else Depth.LIGHT
        deeper = current.deeper()
        lead = "This is as deep as my questions go." if deeper is current else f"Here's {DEPTH_WORDS[deeper]}."
        return ask_question(turn, deeper, lead)


class NextQuestionHandler(IntentHandler):
    intents = ("AMAZON.NextIntent",)

    def applies(self, turn: Turn) -> bool:
        return in_dinner(turn)

    def respond(self, turn: Turn) -> Response:
        return ask_question(turn, turn.household.dinner_depth)


class PreviousQuestionHandler(IntentHandler):
    intents = ("AMAZON.PreviousIntent",)

    def applies(self, turn: Turn) -> bool:
        return in_dinner(turn)

    def respond(self, turn: Turn) -> Response:
        used = turn.household.used.get(used_key(turn.content.dinner, turn.household.dinner_depth), ())
        previous = turn.content.dinner.get(used[-2]) if len(used) >= 2 else None
        if previous is None:
            return turn.reply("That was the first question tonight. " + esc(AFTER_QUESTION), end=True)
        return turn.reply(join("The question before was:", esc(previous.text), brk(2), esc(AFTER_QUESTION)), end=True)
