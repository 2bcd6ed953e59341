"""What "another one" and "tell me more" mean: more of whatever was just said.

A bare request for more has no subject of its own, so it borrows one from the conversation: after a myth,
another myth; after an answer about one part of intimacy, all five, and after all five, a myth; after a common
question, the list of the others; in a dinner, the next question; in a listening round, how to change the topic; while
a question waits for its answer, that question again. Before this, "another one" was a dinner question
whatever came before it, so a couple who had just heard "Want to hear another?" after a myth got a dinner
question instead.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model import Response

from intents import phrases
from intents.base import IntentHandler
from intents.checkin import current_statement
from intents.context import Turn, esc, join
from intents.dinner import dinner_question, in_dinner
from intents.learn import FAQ_MODE, MYTH_MODE, PARTS_MODE, explain_parts, is_part_mode, list_faqs, tell_myth
from intents.names import match_name
from intents.rounds import (
    DINNER,
    DINNER_INTENT,
    EXERCISE_BY_INTENT,
    begin_round,
    playing_now,
    start_round,
    take_just_done,
)

NOTHING_BEFORE = "There's plenty more to do together."
ANOTHER_TOPIC = "For another topic, say: change the topic."
"""In a listening round "another one" could mean a topic; starting the round again on one would take the floor
from a speaker mid-sentence, so it is said how, not done."""


class MoreHandler(IntentHandler):
    intents = ("MoreIntent",)

    def respond(self, turn: Turn) -> Response:
        conversation, household = turn.conversation, turn.household
        if conversation.pending == "checkin":
            return current_statement(turn, phrases.CHECKIN_NO_SKIP)
        again = take_just_done(turn)  # also "Alexa, tell Heart Line let's do that again" after it played out
        if again:
            # Just after a round or dinner, "let's do another" means another of the same, not the offer again.
            turn.conversation = replace(conversation, pending="", pending_intent="")
            return dinner_question(turn) if again == DINNER_INTENT else start_round(turn, EXERCISE_BY_INTENT[again])
        if conversation.pending == "myth" or conversation.mode in (MYTH_MODE, PARTS_MODE):
            return tell_myth(turn)
        if is_part_mode(conversation.mode):
            return explain_parts(turn)
        if conversation.mode == FAQ_MODE:
            return list_faqs(turn)
        if conversation.pending and conversation.last_reprompt:
            return turn.reply(conversation.last_reprompt, conversation.last_reprompt)
        playing = playing_now(turn)
        if playing is not None and playing.exercise != DINNER:
            lead = ANOTHER_TOPIC if playing.exercise == "listening" else ""
            return turn.reply(join(lead, phrases.round_goes_on(turn.wake_word)), end=True)
        if playing is not None or in_dinner(turn) or turn.content.dinner.get(household.last_prompt) is not None:
            return dinner_question(turn)
        return turn.reply(join(NOTHING_BEFORE, phrases.MENU), phrases.MENU_SHORT)


class SwapAgainHandler(IntentHandler):
    """ "Can we do it again but switch?": the same round again, the other partner first. After a round that
    means the one just done (said done, or played to its end tonight); over a playing round, that round begun
    again the other way round. Who went first is remembered (``Household.last_first``), since "let Alex go first"
    may have changed the household's usual order. With no round behind them, a listening round with the one
    who did not go first last time."""

    intents = ("SwapAgainIntent",)

    def respond(self, turn: Turn) -> Response:
        conversation = turn.conversation
        if conversation.pending == "checkin":
            return current_statement(turn, phrases.CHECKIN_NO_SKIP)
        playing = playing_now(turn)
        if playing is not None and playing.exercise != DINNER:
            lead = esc(f"{playing.second} first, then.")
            return begin_round(
                turn,
                playing.exercise,
                playing.minutes,
                lead=lead,
                speakers=(playing.second, playing.first),
                topic_id=playing.topic_id,
            )
        again = take_just_done(turn)
        turn.conversation = replace(turn.conversation, pending="", pending_intent="")
        if again == DINNER_INTENT:
            # Dinner questions are for the whole table; there is no order to switch.
            return dinner_question(turn)
        exercise = EXERCISE_BY_INTENT.get(again, "listening")
        names = turn.household.names
        if names is None:
            return start_round(turn, exercise)
        other = names[0] if match_name(turn.household.last_first, names) == names[1] else names[1]
        return begin_round(
            turn, exercise, turn.household.round_minutes, lead=esc(f"{other} first this time."), first_choice=other
        )
