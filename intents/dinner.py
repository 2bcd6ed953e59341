"""Dinner questions: one question read aloud, then the table talks; light first, deeper when asked.

On a device with AudioPlayer a dinner plays hands-free: each question is a track with the couple's chosen
minutes of table talk and a soft chime, and the next question follows until someone says stop. Elsewhere
each question ends the session (a live microphone at a dinner table would hear the conversation as
commands); "another one" or "go deeper" later the same day carries on at the depth they reached.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model import Response

from intents import phrases
from intents.base import IntentHandler
from intents.checkin import current_statement
from intents.context import Turn, brk, echo, esc, join
from intents.rounds import DINNER, another_question, play_directive, playing_now, retopic_listening
from skill.decks import Depth
from skill.selection import draw_dinner, draw_themed, release_unplayed, used_key
from skill.state import ActiveRound

AFTER_QUESTION = "Take your time with it. When you want another, say: Alexa, ask Heart Line for another question."
DEEPER, LIGHTER, SAME_DEPTH = 1, -1, 0
DEPTH_WORDS = {Depth.LIGHT: "an easy one", Depth.MEDIUM: "a little deeper", Depth.DEEP: "a deep one"}
NO_SET_TOPIC = (
    "This round has no set topic: each of you brings your own. Say next to move on, or stop to end the round."
)
"""A needs, empathy or support round asked for another topic: it carries on (a dinner in its place would end
it)."""
LIGHTER_WORDS = {Depth.LIGHT: "Let's keep it easy.", Depth.MEDIUM: "A little lighter, then."}


def in_dinner(turn: Turn) -> bool:
    return (
        turn.household.active is None
        and (turn.conversation.mode == "dinner" or turn.household.dinner_day == turn.today)
        and not turn.conversation.pending
    )


def dinner_playing(turn: Turn) -> bool:
    active = turn.household.active
    return active is not None and active.exercise == DINNER


def start_dinner(turn: Turn, depth: Depth, lead: str = "", theme: str | None = None) -> Response:
    """A hands-free dinner: explain once, then play question after question with table talk between.
    ``theme``: the one just asked for ("" for none); else tonight's carries on."""
    if not turn.supports_audio():
        return ask_question(turn, depth, lead, theme)
    first_today = turn.household.dinner_day != turn.today
    theme = turn.household.theme_tonight(turn.today) if theme is None else theme
    released = release_unplayed(turn.household, turn.content.dinner)
    question, household = draw_dinner(turn.content.dinner, depth, released, theme)
    if theme and not household.dinner_theme:
        lead = join(lead, theme_ran_out(turn, theme, depth))
    names = household.names or ("", "")
    active = ActiveRound(
        exercise=DINNER,
        first=names[0],
        second=names[1],
        minutes=household.dinner_minutes,
        topic_id="",
        round_no=household.round_counter + 1,
        prompts=(question.id,),
    )
    turn.household = replace(
        household, active=active, round_counter=active.round_no, dinner_depth=depth, dinner_day=turn.today
    )
    turn.conversation = replace(turn.conversation, mode="dinner", pending="")
    minutes = "one minute" if active.minutes == 1 else f"{active.minutes} minutes"
    wake = turn.wake_word
    # While audio plays an Echo passes only its built-in commands (next, stop) to the skill without its name;
    # "go deeper" is Heartline's own, so there it needs "tell Heart Line to".
    deeper = phrases.own_command(wake, "go deeper", "to go deeper")
    explain = (
        f"After each question you'll have {minutes} to talk, then a soft chime and the next one.",
        f"Say '{wake}, next' to skip one, {deeper} for bigger questions,",
        f"or '{wake}, stop' when you're done.",
    )
    speech = join(esc(lead), *(explain if first_today else ()), brk(1))
    return turn.speak_and_play(speech, play_directive(turn, active, 0))


def ask_question(turn: Turn, depth: Depth, lead: str = "", theme: str | None = None) -> Response:
    theme = turn.household.theme_tonight(turn.today) if theme is None else theme
    released = release_unplayed(turn.household, turn.content.dinner)
    prompt, household = draw_dinner(turn.content.dinner, depth, released, theme)
    if theme and not household.dinner_theme:
        lead = join(lead, theme_ran_out(turn, theme, depth))
    turn.household = replace(household, dinner_depth=depth, dinner_day=turn.today)
    turn.conversation = replace(turn.conversation, mode="dinner", pending="")
    speech = join(esc(lead), esc(prompt.text), brk(2), esc(AFTER_QUESTION))
    return turn.reply(speech, end=True)


def theme_ran_out(turn: Turn, theme: str, depth: Depth) -> str:
    """Said once, when tonight's theme has no question left at this depth or lighter: the dinner goes on with
    the whole deck, and a deeper question on the theme is one request away (it never goes deeper unasked)."""
    name = turn.content.dinner.themes.get(theme, theme)
    if depth is Depth.DEEP:
        return f"That's every question I have about {name} for now, so here's a different kind."
    return join(
        f"That's every {depth.value} question I have about {name}.",
        f"Here's a different one; for a deeper one about {name}, just ask.",
    )


def depth_from_slot(turn: Turn) -> Depth | None:
    slot = turn.slot("depth")
    if slot is None:
        return None
    key = (slot.resolved_id or slot.spoken).lower()
    if key in {"deeper", "harder", "more"}:
        return turn.household.dinner_depth.step(DEEPER)
    try:
        return Depth(key)
    except ValueError:
        return None


class DinnerQuestionHandler(IntentHandler):
    intents = ("DinnerQuestionIntent",)

    def respond(self, turn: Turn) -> Response:
        return dinner_question(turn)


def dinner_question(turn: Turn) -> Response:
    """The next question: at once in a playing dinner, else a dinner begun (or one question asked)."""
    playing = dinner_playing(turn)
    in_round = _retopic_to_depth(turn)
    if in_round is not None:
        return in_round
    depth = depth_from_slot(turn) or (turn.household.dinner_depth if playing else depth_tonight(turn))
    fresh = turn.household.dinner_day != turn.today
    if turn.slot("theme") is not None:
        theme, lead = ask_theme(turn, depth)
        return next_question_at(turn, depth, lead, theme, lead_over_audio=True)
    if playing or turn.supports_audio():
        return next_question_at(turn, depth, "Dinner questions it is." if fresh else "More dinner questions.")
    return ask_question(turn, depth, "Here's a question for the table." if fresh else "")


def _retopic_to_depth(turn: Turn) -> Response | None:
    """A depth or a theme said over a round is about the round, not a wish to leave it. "Something less
    serious", "a deeper one" over a listening round asks for a topic at that depth (a dinner in its place had
    ended the round). A theme, or a depth over a needs, empathy or support round (which have no set topic), is
    answered with how to get dinner questions once the round is over, and the round plays on: "you said
    something about work", said back to a speaker, and "is it okay to ask for something big", asked in a needs
    round, had each ended the round they came from. A plain "give us a dinner question" still switches."""
    wanted = depth_from_slot(turn)
    theme = turn.slot("theme")
    active = playing_now(turn)
    if active is None or active.exercise == DINNER or (wanted is None and theme is None):
        return None
    if active.exercise == "listening" and wanted is not None and theme is None:
        topic = turn.content.topics.get(active.topic_id)
        levels = list(Depth)
        return retopic_listening(turn, levels.index(wanted) - levels.index(topic.depth if topic else Depth.LIGHT))
    spoken = echo(theme.spoken) if theme is not None else ""
    which = f"dinner questions about {spoken}" if spoken else "dinner questions"
    return turn.reply(join(phrases.ROUND_KEPT_FOR_DINNER, f"For {which}, say stop, then ask for them."), end=True)


def ask_theme(turn: Turn, depth: Depth) -> tuple[str, str]:
    """The theme asked for ("" when there is none to keep to) and how that went, to say first: on it, out of
    questions on it, or not a theme the deck knows (Alexa passes any words in a custom slot: "about work")."""
    slot = turn.slot("theme")
    deck = turn.content.dinner
    theme = slot.resolved_id if slot is not None and slot.resolved_id in deck.themes else ""
    if not theme:
        spoken = echo(slot.spoken) if slot is not None else ""
        about = f"about {spoken}" if spoken else "on that"
        return "", f"I don't have questions sorted {about}, so here's one from all of them."
    name = deck.themes[theme]
    if draw_themed(deck, depth, theme, turn.household) is None:
        return "", theme_ran_out(turn, theme, depth)
    return theme, f"Here's one about {name}."


class DepthStepHandler(IntentHandler):
    """One level deeper or lighter: the next dinner question, or a listening round's topic (``retopic``)."""

    by: int
    """``Depth.step``'s levels."""
    theme: str | None = None
    """Tonight's theme carries on ("go deeper" on growing up is a deeper question about growing up)."""

    def lead(self, current: Depth, wanted: Depth) -> str:
        raise NotImplementedError

    def respond(self, turn: Turn) -> Response:
        if turn.conversation.pending == "checkin":
            # "That's too personal" or "we don't want to answer that" to a check-in statement: the statement waits,
            # with how to leave. It had dropped the check-in, its answers with it, for a dinner question (probe 6).
            return current_statement(turn, phrases.CHECKIN_NO_SKIP)
        in_round = retopic_listening(turn, self.by)
        if in_round is not None:
            return in_round
        active = turn.household.active
        if active is not None and active.exercise != DINNER:
            return turn.reply(NO_SET_TOPIC, end=True)
        current = depth_tonight(turn)
        wanted = current.step(self.by)
        return next_question_at(turn, wanted, self.lead(current, wanted), self.theme)


class DeeperHandler(DepthStepHandler):
    intents = ("DeeperIntent",)
    by = DEEPER

    def lead(self, current: Depth, wanted: Depth) -> str:
        return "This is as deep as my questions go." if wanted is current else f"Here's {DEPTH_WORDS[wanted]}."


def depth_tonight(turn: Turn) -> Depth:
    """Where tonight's questions are; a new day starts light again."""
    return turn.household.dinner_depth if turn.household.dinner_day == turn.today else Depth.LIGHT


def next_question_at(
    turn: Turn, depth: Depth, lead: str, theme: str | None = None, *, lead_over_audio: bool = False
) -> Response:
    """The next question at ``depth``: at once in a playing dinner, else asked (or a dinner started).
    ``theme``: the one to keep to from now ("" for none); None carries tonight's on. ``lead_over_audio``: the
    lead answers what they asked, so a playing dinner says it too."""
    active = turn.household.active
    if dinner_playing(turn) and active is not None:
        chosen = turn.household.theme_tonight(turn.today) if theme is None else theme
        turn.household = replace(turn.household, dinner_depth=depth, dinner_theme=chosen)
        speech = esc(lead) if lead_over_audio else ""
        if chosen and draw_themed(turn.content.dinner, depth, chosen, turn.household) is None:
            speech = join(speech, theme_ran_out(turn, chosen, depth))
        return another_question(turn, len(active.prompts), speech=speech)
    if turn.supports_audio():
        return start_dinner(turn, depth, lead, theme)
    return ask_question(turn, depth, lead, theme)


class NextQuestionHandler(IntentHandler):
    """'Next' after a dinner's audio ended (or on a device without audio): the dinner carries on."""

    intents = ("AMAZON.NextIntent",)

    def applies(self, turn: Turn) -> bool:
        return in_dinner(turn)

    def respond(self, turn: Turn) -> Response:
        if turn.supports_audio():
            return start_dinner(turn, turn.household.dinner_depth, "Next question.")
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


class LighterHandler(DepthStepHandler):
    """ "That one's too personal": the next question one step lighter, never a lecture about why. Already at
    the lightest, another light one."""

    intents = ("LighterIntent",)
    by = LIGHTER

    def lead(self, current: Depth, wanted: Depth) -> str:
        return LIGHTER_WORDS[wanted] if wanted is not current else "Sure, another easy one."


class ChangeTopicHandler(DepthStepHandler):
    """ "Can we talk about something else?": another question, or another topic for a listening round, at the
    same depth. Outside both, a dinner question: that is what "something else to talk about" asks for."""

    intents = ("ChangeTopicIntent",)
    by = SAME_DEPTH
    theme = ""
    """Something else means off tonight's theme too."""

    def lead(self, current: Depth, wanted: Depth) -> str:
        return "Sure, here's a different one."
