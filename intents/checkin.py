"""Check-ins (five statements, each 1 to 5) and the progress summary built from them.

Check-ins are opt-in and only their scores are stored, with the date; the running answers live in the
session until the fifth one, so an abandoned check-in stores nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from ask_sdk_model import Response

from intents import phrases
from intents.base import IntentHandler
from intents.context import Turn, brk, echo, esc, join, whole_number
from skill.progress import record_checkin, summarize
from skill.state import SESSION_MARK_CHARS, CheckIn

SCALE = "Answer each from one, not at all, to five, completely."
SCORE_WORDS = "out of five on average"
"""How a check-in's score is said; ``just_scored`` looks for it in what was said last."""
NOT_ASKED = "I heard {number}, but I wasn't asking for a number just then."
"""A bare number ("four", "I'd say a four") matches the check-in's answers; with no check-in under way it
answers nothing, and starting one from it would surprise them."""
NOT_ASKED_UNHEARD = "I wasn't asking for a number just then."
"""The same, when Alexa could not make out the number ("?")."""
NOT_ASKED_WORDS = "I heard {words}, but I wasn't asking how close you feel just then."
"""The same for an answer in the scale's words ("completely", "kind of")."""


def checkin_value(turn: Turn) -> int | str | None:
    """The answer to a check-in statement: a number, or the scale's own words for one ("not at all" is one,
    "completely" five), since the statement is read with those words and people answer in them."""
    score = turn.number("score")
    if score is not None:
        return score
    worded = turn.slot("answer")
    if worded is None:
        return None
    score = whole_number(worded.resolved_id)
    return score if score is not None else worded.spoken


def start_checkin(turn: Turn) -> Response:
    first = turn.content.checkin[0]
    turn.conversation = replace(turn.conversation, pending="checkin", pending_intent="", checkin_answers=())
    speech = join(
        f"Let's check in. I'll read {len(turn.content.checkin)} short statements.",
        esc(SCALE),
        brk(1),
        "The first:",
        esc(first.text),
    )
    return turn.reply(speech, join(esc(first.text), esc(SCALE)))


def current_statement(turn: Turn, lead: str) -> Response:
    """Ask the statement the check-in is waiting on again, after ``lead``: whatever came between ("next",
    "how are we doing") leaves the check-in where it was, so it has to say where that is."""
    current = turn.content.checkin[len(turn.conversation.checkin_answers)]
    return turn.reply(join(lead, esc(current.text)), join(esc(current.text), phrases.CHECKIN_NUMBER))


def answer_checkin(turn: Turn, value: int | str | None) -> Response:
    if not isinstance(value, int) or not 1 <= value <= 5:
        heard = f"I heard {esc(echo(str(value)))}. " if _said(value) else ""
        return current_statement(turn, heard + phrases.CHECKIN_NUMBER)
    statements = turn.content.checkin
    answers = turn.conversation.checkin_answers
    answers = (*answers, value)
    if len(answers) < len(statements):
        following = statements[len(answers)]
        turn.conversation = replace(turn.conversation, checkin_answers=answers)
        return turn.reply(join("Thanks.", "Next:", esc(following.text)), join(esc(following.text), esc(SCALE)))
    mark = session_mark(turn)
    if not _already_recorded(turn, answers, mark):
        turn.household = replace(record_checkin(turn.household, answers, turn.today), checkin_finished_in=mark)
    turn.conversation = replace(turn.conversation, pending="", checkin_answers=())
    progress = summarize(turn.household)
    mean = progress.last or 0.0
    trend = {
        "up": "That's up from before.",
        "down": "That's a little lower than before; that's worth a gentle talk.",
        "steady": "That's about where you were before.",
    }.get(progress.trend or "", "")
    speech = join(f"Thank you. Today you scored {_say(mean)} {SCORE_WORDS}.", trend, brk(1), phrases.MENU)
    return turn.reply(speech, phrases.MENU_SHORT)


def just_scored(turn: Turn) -> bool:
    """Whether the last thing said was a check-in's score, so "what does that mean?" is about the number."""
    return not turn.conversation.pending and SCORE_WORDS in turn.conversation.last_speech


def explain_score(turn: Turn) -> Response:
    """What the average means: said when asked right after it ("what does that mean?" had repeated it)."""
    return turn.reply(join(phrases.SCORE_MEANING, phrases.MENU), phrases.MENU_SHORT)


def _already_recorded(turn: Turn, answers: tuple[int, ...], mark: str) -> bool:
    """True when this last answer was taken before and only its reply was lost: Alexa, never having received
    that reply, sends the session as it was before it, so the same last answer would record the check-in
    twice. Three things tell a replay from a real second check-in with the same answers: the last one stored
    has those answers today, it was finished in this very session, and no check-in is under way in the
    household (``Household.unfinished_checkin``: a second check-in in the same session kept its partial
    answers; one on another device at the same time has another session)."""
    household = turn.household
    done = CheckIn(turn.today, answers)
    return (
        bool(household.checkins)
        and household.checkins[-1] == done
        and household.unfinished_checkin is None
        and household.checkin_finished_in == mark
    )


def session_mark(turn: Turn) -> str:
    """A digest of this request's session id (``Household.checkin_finished_in``); empty outside a session."""
    session = turn.handler_input.request_envelope.session
    if session is None or not session.session_id:
        return ""
    return hashlib.sha256(str(session.session_id).encode("utf-8")).hexdigest()[:SESSION_MARK_CHARS]


def not_asked(turn: Turn) -> str:
    """What to say to a score given with no check-in under way: the number heard, when there is one to say."""
    score = turn.number("score")
    return NOT_ASKED.format(number=esc(echo(str(score)))) if _said(score) else NOT_ASKED_UNHEARD


def _said(value: int | str | None) -> bool:
    """Whether a number slot holds something worth saying back: Alexa sends "?" for a number it could not
    make out, and "I heard ?" would be read aloud as nonsense."""
    return value is not None and any(c.isalnum() for c in str(value))


def _say(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


DECLINING_ANSWERS = frozenset({"1", "2"})
"""The scale's words for not at all and a little ("absolutely not", "hardly ever"): a no to the offer of one."""


class CheckInHandler(IntentHandler):
    """ "Check in" starts one; a number answers the statement being asked. After a round's offer of a check-in,
    a number is taken as a keen yes."""

    intents = ("CheckInIntent",)

    def applies(self, turn: Turn) -> bool:
        return turn.conversation.pending not in {"settings", "round_minutes"}

    def respond(self, turn: Turn) -> Response:
        pending = turn.conversation.pending
        if pending == "checkin":
            return answer_checkin(turn, checkin_value(turn))
        worded = turn.slot("answer")
        # The scale's low end said to the offer of one is a no (``ScaleWordToOfferHandler``), not a keen yes.
        if worded is not None and pending != "checkin_offer":
            return turn.reply(
                join(NOT_ASKED_WORDS.format(words=esc(echo(worded.spoken))), phrases.MENU), phrases.MENU_SHORT
            )
        score = turn.number("score")
        if score is not None and pending != "checkin_offer":
            return turn.reply(join(not_asked(turn), phrases.MENU), phrases.MENU_SHORT)
        return start_checkin(turn)


class ProgressHandler(IntentHandler):
    intents = ("ProgressIntent",)

    def respond(self, turn: Turn) -> Response:
        summary = progress_summary(turn)
        if turn.conversation.pending == "checkin":
            return current_statement(turn, join(summary, brk(1), "Back to the check-in:"))
        return turn.reply(join(summary, brk(1), phrases.MENU), phrases.MENU_SHORT)


def progress_summary(turn: Turn) -> str:
    """Days, finished rounds and check-ins, said the same wherever it is asked (over a round it plays on)."""
    p = summarize(turn.household)
    days = "This is your first day with me" if p.sessions <= 1 else f"You've been here on {p.sessions} days"
    if p.rounds_done == 0:
        parts = [f"{days}, and you haven't finished a round yet."]
    else:
        rounds = "one round" if p.rounds_done == 1 else f"{p.rounds_done} rounds"
        parts = [f"{days}, and you've finished {rounds}."]
    if p.last is None or p.average is None:
        parts.append("You haven't done a check-in yet. Say 'check in' whenever you like.")
    else:
        count = "one check-in" if p.checkins == 1 else f"{p.checkins} check-ins"
        parts.append(f"Across {count}, your average is {_say(p.average)} out of five; the last one was {_say(p.last)}.")
        parts.append(
            {
                "up": "You're trending up.",
                "down": "You're trending down a little; a listening round might help.",
                "steady": "You're holding steady.",
            }.get(p.trend or "", "")
        )
    return join(*parts)


class CheckInHowHandler(IntentHandler):
    """ "What's the scale again?", "do we answer together?", "what if we pick different numbers?": how a check-in
    is answered, then the statement it waits on. "Do we both answer?" is a rule of dinner questions until a
    check-in is under way; then it is this question."""

    intents = ("CheckInHowIntent", "DinnerRulesIntent")

    def applies(self, turn: Turn) -> bool:
        return turn.request.intent.name == "CheckInHowIntent" or turn.conversation.pending == "checkin"

    def respond(self, turn: Turn) -> Response:
        if turn.conversation.pending == "checkin":
            return current_statement(turn, join(phrases.CHECKIN_HOW, "Here's the statement again:"))
        return turn.reply(
            join(phrases.CHECKIN_HOW, "Say check in whenever you'd like one.", phrases.MENU), phrases.MENU_SHORT
        )


class SplitScoreHandler(IntentHandler):
    """Two numbers for one statement: "three or four", "three and a half", "Sam says four and Alex says three".
    A score is one whole number for the couple (``record_checkin``), so a split is not averaged: if it is the
    two of them seeing it differently, that difference is worth a moment's talk, and then they pick one. Both
    saying the same number ("we both say five") is simply that answer."""

    intents = ("SplitScoreIntent",)

    def applies(self, turn: Turn) -> bool:
        return turn.conversation.pending not in {"settings", "round_minutes"}

    def respond(self, turn: Turn) -> Response:
        score = turn.number("score")
        other = turn.number("other_score")
        if other is None and turn.slot_id("half") == "half" and isinstance(score, int):
            other = min(score + 1, 5)  # "five and a half" is more than the scale holds: five
        if turn.conversation.pending != "checkin":
            return turn.reply(join(NOT_ASKED_UNHEARD, phrases.MENU), phrases.MENU_SHORT)
        if not isinstance(score, int) or not isinstance(other, int) or other == score:
            return answer_checkin(turn, score)
        low, high = sorted((score, other))
        if low < 1 or high > 5:
            return answer_checkin(turn, high if high > 5 else low)
        return current_statement(turn, join(phrases.SPLIT_SCORE.format(low=low, high=high), "The statement:"))
