""" "What does that mean?": said about whatever was said last, so the answer depends on what that was.

Before this it was "I didn't catch that", which is untrue (it was heard) and leaves them repeating themselves.
Heartline has no second wording of its lines, so it explains what kind of answer the thing asks for instead:
a check-in statement wants how true it feels, a dinner question any reading they like, and a round its part.
"""

from __future__ import annotations

from ask_sdk_model import Response

from intents import phrases
from intents.asides import AboutRoundHandler, ask_again_after
from intents.base import IntentHandler
from intents.checkin import current_statement, explain_score, just_scored
from intents.context import Turn, join
from intents.rounds import DINNER, playing_now, round_status


class ClarifyHandler(IntentHandler):
    """A check-in statement, a dinner question, a round's part, a question waiting for its answer, or else the
    last thing said, again."""

    intents = ("ClarifyIntent",)

    def respond(self, turn: Turn) -> Response:
        pending = turn.conversation.pending
        if pending == "checkin":
            return current_statement(turn, join(phrases.CLARIFY_CHECKIN, "Here it is again:"))
        active = playing_now(turn)
        if active is not None and not pending:
            return round_status(turn, phrases.CLARIFY_DINNER if active.exercise == DINNER else "")
        if just_scored(turn):
            return explain_score(turn)
        if pending == "names":
            # "Why?" or "what do you mean?" to the names question: why it is asked, then the question (probe 5:
            # a bare "why" fell back, and "what do you mean" only said the question again).
            return turn.reply(join(phrases.WHY_NAMES, phrases.ASK_NAMES_REPROMPT), phrases.ASK_NAMES_REPROMPT)
        if pending in {"listen_offer", "checkin_offer"}:
            # "What's that?" to the offer of a round or a check-in: what the thing offered is, and the offer
            # again (probe 8: the offer was only said again, or "what's that" fell back).
            return AboutRoundHandler().respond(turn)
        waiting = ask_again_after(turn, phrases.CLARIFY_AGAIN)
        if waiting is not None:
            return waiting
        said = turn.conversation.last_speech
        if said:
            return turn.reply(join(phrases.CLARIFY_AGAIN, said), turn.conversation.last_reprompt or None)
        return turn.reply(join(phrases.NOTHING_TO_REPEAT, phrases.MENU), phrases.MENU_SHORT)
