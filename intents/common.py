"""The conversation's frame: launch, help, repeat, yes/no, stop, misunderstandings, session end.

What a bare "yes", "no" or number means depends on the question just asked, which the conversation state
names (``pending``); one handler per built-in reads it, so each answer has one place that decides it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from ask_sdk_model import Response

from intents import phrases
from intents.asides import AboutRoundHandler, answer_aside, ask_again_after, ask_again_or_offer_menu, goes_on
from intents.base import FALLBACK, IntentHandler, RequestTypeHandler
from intents.checkin import DECLINING_ANSWERS, answer_checkin, current_statement, start_checkin
from intents.context import Turn, brk, esc, join, whole_number
from intents.dinner import dinner_question, next_question_at
from intents.household import answer_new_names, answer_number, confirm_delete
from intents.learn import AboutListeningHandler, answer_faq, list_faqs, tell_myth
from intents.names import ask_for_names
from intents.rounds import (
    DINNER,
    EXERCISE_BY_INTENT,
    ResumeHandler,
    offer_checkin_after,
    phase_now,
    plan_for,
    playing_now,
    start_round,
    stop_round,
    take_played_out,
    who_does_what,
)
from intents.safety import safety_response
from skill.decks import Depth
from skill.rounds import Phase, Role
from skill.safety import is_distress
from skill.state import ActiveRound

log = logging.getLogger(__name__)


WELCOME_OFFER = "welcome_offer"
"""``Conversation.mode`` while the check-in of a round that played out is offered on opening: a no there means
"not that", not goodbye, since they opened the skill to do something."""


def greeting(turn: Turn) -> Response:
    household = turn.household
    if household.names is None:
        turn.conversation = replace(turn.conversation, pending="names", mode="")
        speech = join(
            phrases.WELCOME_NEW,
            phrases.PHONES_AWAY,
            phrases.TO_BEGIN,
        )
        return turn.reply(speech, phrases.ASK_NAMES_REPROMPT)
    first, second = household.names
    answered = turn.conversation.checkin_answers
    if turn.conversation.pending == "checkin" and answered:
        # A check-in left partway this evening (``interceptors._resume_checkin``): finish it, or say how not to.
        total = len(turn.content.checkin)
        return current_statement(
            turn,
            join(
                f"Welcome back, {esc(first)} and {esc(second)}. You were partway through a check-in,",
                f"with {len(answered)} of {total} answered. Let's finish it; to leave it, say skip the check-in.",
                "Next:",
            ),
        )
    turn.conversation = replace(turn.conversation, pending="", mode="")
    if household.active is not None and household.active.paused:
        speech = join(
            f"Welcome back, {esc(first)} and {esc(second)}.",
            phrases.PAUSED_CHOICE,
            phrases.MENU,
        )
        return turn.reply(speech, phrases.PAUSED_CHOICE_REPROMPT)
    again = take_played_out(turn)
    if again:
        # Their round played to its end on the Echo a while ago; this is the evening's follow-up, not a start.
        offered = offer_checkin_after(turn, again, f"Welcome back, {esc(first)} and {esc(second)}.")
        turn.conversation = replace(turn.conversation, mode=WELCOME_OFFER)
        return offered
    speech = join(f"Welcome back, {esc(first)} and {esc(second)}.", phrases.PHONES_AWAY, phrases.MENU)
    return turn.reply(speech, phrases.MENU_SHORT)


class LaunchHandler(RequestTypeHandler):
    request_types = ("LaunchRequest",)

    def respond(self, turn: Turn) -> Response:
        return greeting(turn)


class DistressInSlotsHandler(IntentHandler):
    """A distress phrase can arrive inside any slot (a 'name', a 'topic'); it wins over the intent."""

    def can_handle(self, handler_input) -> bool:  # type: ignore[no-untyped-def]
        if handler_input.request_envelope.request.object_type != "IntentRequest":
            return False
        turn = Turn.of(handler_input)
        slots = getattr(turn.request.intent, "slots", None) or {}
        return any(
            isinstance(slot.value, str) and is_distress(slot.value, turn.content.safety) for slot in slots.values()
        )

    def respond(self, turn: Turn) -> Response:
        return safety_response(turn)


class PendingNumberHandler(IntentHandler):
    """A number while the skill waits for a length: whichever intent the recogniser picked, it is a length."""

    intents = ("CheckInIntent", "SettingsIntent", "StartListeningRoundIntent")

    def applies(self, turn: Turn) -> bool:
        return turn.conversation.pending in {"settings", "round_minutes"} and (
            turn.slot("score") is not None or turn.slot("minutes") is not None
        )

    def respond(self, turn: Turn) -> Response:
        value = turn.number("minutes")
        return answer_number(turn, value if value is not None else turn.number("score"))


def round_help(wake: str) -> str:
    return join(phrases.round_controls(wake), "You can also ask whose turn it is, or how much time is left.")


class HelpHandler(IntentHandler):
    """Help, and "what is Heart Line?": the same short tour of what it does. While a round or dinner plays,
    the controls of what is playing, and it plays on (the tour would end on a question nobody needs)."""

    intents = ("AMAZON.HelpIntent", "AboutSkillIntent")

    def respond(self, turn: Turn) -> Response:
        if turn.request.intent.name == "AMAZON.HelpIntent" and turn.conversation.pending in OFFERS:
            # "How does that work?" to the offer of a round or a check-in asks about the thing offered: the tour
            # answered beside it (probe 8). What the offer is, and the offer again.
            return AboutRoundHandler().respond(turn)
        return help_reply(turn)


OFFERS = frozenset({"listen_offer", "checkin_offer"})
"""The questions that offer one thing (a round, a check-in), which a question for help is about."""


def help_reply(turn: Turn, lead: str = "") -> Response:
    """Help's answer, after ``lead`` where it gives the tour."""
    pending = turn.conversation.pending
    active = playing_now(turn)
    if active is not None and not pending:
        if active.exercise == DINNER:
            return turn.reply(phrases.dinner_help(turn.wake_word), end=True)
        # "What do I say now?" mid-round asks about the part as much as the controls: say whose it is first.
        phase = phase_now(turn, active)
        return turn.reply(join(who_does_what(phase, active) if phase else "", round_help(turn.wake_word)), end=True)
    if pending == "checkin":
        return current_statement(turn, join("We're in a check-in.", phrases.CHECKIN_NO_SKIP))
    speech = join(
        lead,
        phrases.TOUR_OPENING,
        "Ask for a dinner question, and say 'go deeper' when you're ready for more.",
        "Start a listening round, where one of you speaks and the other listens and reflects back.",
        "There are also needs, empathy and support rounds, myths about intimacy, and a check-in.",
        "You can say stop at any time. Heart Line is not therapy.",
        brk(1),
    )
    if pending == "names":
        speech = join(speech, phrases.WHY_NAMES, phrases.ASK_NAMES_REPROMPT)
        return turn.reply(speech, phrases.ASK_NAMES_REPROMPT)
    # "What's next?" just after a round: the tour, then the question it left open (the check-in offered),
    # which "What would you like?" had replaced.
    return ask_again_after(turn, speech) or turn.reply(join(speech, "What would you like?"), phrases.MENU_SHORT)


class NamesAskedStatusHandler(IntentHandler):
    """ "So what are we supposed to do?" (or "how much time is left?") while the names are asked and nothing plays:
    the status alone was "nothing is playing" and the menu, the names question dropped; then help's whole tour
    answered a question about time. Now: nothing plays yet, and the names question, which is what waits."""

    intents = ("RoundStatusIntent",)

    def applies(self, turn: Turn) -> bool:
        return turn.conversation.pending == "names" and turn.household.active is None

    def respond(self, turn: Turn) -> Response:
        return turn.reply(join(phrases.NOTHING_YET, phrases.TO_BEGIN), phrases.ASK_NAMES_REPROMPT)


class WhyNamesHandler(IntentHandler):
    """ "Do you really need our names?", "do I need to say both names?": why they are asked (turn cues) and that a
    dinner question needs none, then the names question again, or whatever else waits. These were help's samples
    and got its whole tour first (probe 5)."""

    intents = ("WhyNamesIntent",)

    def respond(self, turn: Turn) -> Response:
        return why_names(turn)


def why_names(turn: Turn) -> Response:
    if turn.conversation.pending == "names":
        return turn.reply(join(phrases.WHY_NAMES, phrases.ASK_NAMES_REPROMPT), phrases.ASK_NAMES_REPROMPT)
    return answer_aside(turn, phrases.WHY_NAMES)


class PartHowHandler(IntentHandler):
    """ "What do I say now?", "give me an example": during a round, the instructions of the part playing again
    (its cue names who does what and gives an example), and the round plays on. Anywhere else, what each partner
    does in a round (``AboutListeningHandler``), which "what am I supposed to say?" got before."""

    intents = ("PartHowIntent",)

    def respond(self, turn: Turn) -> Response:
        part = _round_part_playing(turn)
        if part is None:
            return AboutListeningHandler().respond(turn)
        return turn.reply(
            join("This part asks:", esc(part[1].cue), brk(1), phrases.round_goes_on(turn.wake_word)), end=True
        )


def _round_part_playing(turn: Turn) -> tuple[ActiveRound, Phase] | None:
    """The round playing and its part, when a part of a round (not a dinner) plays and nothing is asked: what
    "what do I say now?" is about, for the speaker and the listener alike."""
    active = playing_now(turn)
    phase = phase_now(turn, active) if active is not None and active.exercise != DINNER else None
    if active is None or phase is None or turn.conversation.pending:
        return None
    return active, phase


class ListenerHowHandler(IntentHandler):
    """ "What do I say to comfort her?", "I'm not sure what he asked for": the listener asking for their part.
    The part's own cue (``PartHowHandler``) answered the speaker's part while the speaker had the floor ("Sam,
    share a recent win..."), and the listener asked what to do (probe 5). Now, while the speaker talks, the
    listener hears that their part comes next and what it asks; while saying back, the part and what to do about
    a piece missed; while the speaker confirms, how to ask again. Elsewhere, as ``PartHowHandler``."""

    intents = ("ListenerHowIntent",)

    def respond(self, turn: Turn) -> Response:
        part = _round_part_playing(turn)
        if part is None:
            return PartHowHandler().respond(turn)
        active, phase = part
        plan = plan_for(turn, active)
        later = [p for p in plan.phases[phase.index :] if p.role == Role.RESPOND]
        if phase.role == Role.SPEAK and later:
            other = active.second if phase.who == active.first else active.first
            lead = f"{other}, for now just listen. When {phase.who} finishes, your part asks:"
            speech = join(esc(lead), esc(later[0].cue))
        elif phase.role == Role.RESPOND:
            speech = join("This part asks:", esc(phase.cue), phrases.LISTENER_IF_MISSED)
        elif phase.role == Role.CLARIFY:
            speech = join(
                "If you're not sure what you heard, ask for it once more, simply.", "This part asks:", esc(phase.cue)
            )
        else:
            return PartHowHandler().respond(turn)
        return turn.reply(join(speech, brk(1), phrases.round_goes_on(turn.wake_word)), end=True)


class OwnTopicHandler(IntentHandler):
    """ "Can I pick my own topic?", "is it okay if I talk about work?": yes. In a listening round the topic is a
    way in, not a rule; a needs, empathy or support round has no topic to keep to. The round plays on (probe 5:
    these fell back)."""

    intents = ("OwnTopicIntent",)

    def respond(self, turn: Turn) -> Response:
        active = playing_now(turn)
        if active is not None and active.exercise not in (DINNER, "listening"):
            return answer_aside(turn, phrases.OWN_TOPIC_NONE)
        return answer_aside(turn, phrases.OWN_TOPIC)


class StopHandler(IntentHandler):
    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def respond(self, turn: Turn) -> Response:
        is_cancel = turn.request.intent.name == "AMAZON.CancelIntent"
        if is_cancel and turn.conversation.pending and turn.conversation.pending != "names":
            turn.conversation = replace(turn.conversation, pending="", pending_intent="", checkin_answers=())
            return turn.reply(join(phrases.CANCELLED, phrases.MENU), phrases.MENU_SHORT)
        turn.conversation = replace(turn.conversation, pending="", pending_intent="", checkin_answers=(), mode="")
        if turn.household.active is not None:
            response = stop_round(turn)
            if turn.in_session:
                turn.handler_input.response_builder.speak(phrases.GOODBYE)
            return response
        return turn.reply(phrases.GOODBYE, end=True)


class NavigateHomeHandler(IntentHandler):
    intents = ("AMAZON.NavigateHomeIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.conversation = replace(turn.conversation, pending="", pending_intent="", checkin_answers=(), mode="")
        return turn.reply(phrases.MENU, phrases.MENU_SHORT)


class RepeatHandler(IntentHandler):
    """Repeat, and its two kinds: "slow down" says it again slowly, "speak up" says it again loud, after
    telling how to turn the speaker up (a skill cannot set the device's volume). Alexa honours the SSML
    prosody; ``heartline talk`` speaks a slow repeat in its slow voice."""

    intents: tuple[str, ...] = ("AMAZON.RepeatIntent", "SlowerIntent", "LouderIntent")

    def respond(self, turn: Turn) -> Response:
        if turn.conversation.pending == "checkin":
            # The statement waiting, not the last reply: that began "Thanks. Next:", a thanks for nothing.
            current = turn.content.checkin[len(turn.conversation.checkin_answers)]
            said = join(esc(current.text), phrases.CHECKIN_NUMBER)
            return turn.reply(self.again(turn, said), join(esc(current.text), phrases.CHECKIN_NUMBER))
        said = _without_prosody(turn.conversation.last_speech)
        if said:
            return turn.reply(self.again(turn, said), turn.conversation.last_reprompt or None)
        active = turn.household.active
        if active is not None and active.exercise != DINNER and not active.topic_id:
            # A needs, empathy or support round has no topic, and ``last_prompt`` is then whatever came before
            # it (an old dinner question was read out); its own words are the cue of the part playing.
            phase = phase_now(turn, active)
            if phase is not None and phase.cue:
                return turn.reply(self.again(turn, esc(phase.cue)), end=True)
        question = turn.content.dinner.get(turn.household.last_prompt)
        last = question or turn.content.topics.get(turn.household.last_prompt)
        if last is not None:
            if question is not None:
                lead = "The last question was:"
            else:
                lead = "Your topic is:" if turn.household.active is not None else "The last topic was:"
            return turn.reply(self.again(turn, join(lead, esc(last.text))), end=True)
        tip = {"LouderIntent": phrases.VOLUME_UP, "SofterIntent": phrases.VOLUME_DOWN}.get(turn.request.intent.name)
        return turn.reply(join(tip or phrases.NOTHING_TO_REPEAT, phrases.MENU), phrases.MENU_SHORT)

    @staticmethod
    def again(turn: Turn, said: str) -> str:
        name = turn.request.intent.name
        if name == "SlowerIntent":
            return join(phrases.SLOWER, f'<prosody rate="{SLOW_RATE}">{said}</prosody>')
        if name == "LouderIntent":
            return join(phrases.LOUDER, f'<prosody volume="{LOUD_VOLUME}">{said}</prosody>')
        return said


SLOW_RATE = "slow"
LOUD_VOLUME = "x-loud"
SOFT_VOLUME = "soft"
"""Alexa's SSML prosody values: about 80% of the usual rate, the loudest named volume, and a quieter one."""
_PROSODY = re.compile(r"^(?:.*?)<prosody [^>]*>(.*)</prosody>$", re.S)


def _without_prosody(speech: str) -> str:
    """The words of a slowed or loud repeat, so asking twice neither nests the markup nor repeats the lead."""
    found = _PROSODY.match(speech)
    return found.group(1) if found else speech


class YesHandler(IntentHandler):
    intents = ("AMAZON.YesIntent",)

    def respond(self, turn: Turn) -> Response:
        pending = turn.conversation.pending
        if pending == "delete":
            return confirm_delete(turn)
        if pending == "rename":
            return answer_new_names(turn, yes=True)
        if pending == "myth":
            return tell_myth(turn)
        if pending == "checkin_offer":
            return start_checkin(turn)
        if pending == "listen_offer":
            exercise = EXERCISE_BY_INTENT.get(turn.conversation.pending_intent, "listening")
            turn.conversation = replace(turn.conversation, pending="", pending_intent="")
            return start_round(turn, exercise)
        if pending == "checkin":
            return answer_checkin(turn, "yes")
        if pending == "faq":
            return list_faqs(turn)
        if pending == "names":
            return turn.reply(phrases.ASK_NAMES_REPROMPT, phrases.ASK_NAMES_REPROMPT)
        if pending in {"settings", "round_minutes"}:
            return answer_number(turn, "yes")
        if playing_now(turn) is not None:
            # Nothing was asked: a yes mid-round is the speaker confirming the listener's paraphrase.
            return turn.reply(goes_on(turn), end=True)
        active = turn.household.active
        if active is not None and active.paused and not pending:
            # "OK", "we're ready" to a paused round (its prompt says how to carry on): carry on. It got the menu,
            # as if nothing were under way (probe 8).
            return ResumeHandler().respond(turn)
        return turn.reply("Great. " + phrases.MENU_SHORT, phrases.MENU_SHORT)


class NoHandler(IntentHandler):
    intents = ("AMAZON.NoIntent",)

    def respond(self, turn: Turn) -> Response:
        pending = turn.conversation.pending
        if pending == "delete":
            turn.conversation = replace(turn.conversation, pending="")
            return turn.reply(join(phrases.DELETE_KEPT, phrases.MENU), phrases.MENU_SHORT)
        if pending == "rename":
            return answer_new_names(turn, yes=False)
        if pending == "checkin":
            return answer_checkin(turn, "no")
        if pending in {"settings", "round_minutes"}:
            return answer_number(turn, "no")
        if pending == "checkin_offer" and turn.conversation.mode != WELCOME_OFFER:
            turn.conversation = replace(turn.conversation, pending="", pending_intent="")
            return turn.reply(join("Okay.", phrases.GOODBYE), end=True)
        if pending in {"myth", "faq", "names", "listen_offer", "checkin_offer"}:
            turn.conversation = replace(turn.conversation, pending="", pending_intent="")
            if playing_now(turn) is not None:
                return turn.reply(join("Okay.", goes_on(turn)), end=True)
            return turn.reply(join("Okay.", phrases.MENU), phrases.MENU_SHORT)
        if playing_now(turn) is not None:
            # Nothing was asked: "not quite" mid-round is the speaker correcting the listener, not a goodbye.
            return turn.reply(goes_on(turn), end=True)
        return turn.reply(phrases.GOODBYE, end=True)


YES_NO_QUESTIONS = frozenset({"delete", "rename", "myth", "checkin_offer", "listen_offer", "faq"})
"""Pending questions the skill asked and whose reprompt repeats them (the FAQ list asks which one)."""
AGREEING_ANSWERS = frozenset({"5"})
"""The scale's words for completely ("definitely", "absolutely"): a yes to an offer."""


class ScaleWordToOfferHandler(IntentHandler):
    """ "Definitely not" to "would you like a listening round?" is a no, and "absolutely" a yes: Alexa and the
    matcher hear the check-in scale's words, and the answer was "I heard definitely not, but I wasn't asking how
    close you feel" (a probe). Only the ends of the scale answer an offer; deleting everything still needs a yes
    said as one. "Absolutely not" to the offer of a check-in is a no like any other (a goodbye after a round, the
    menu on opening)."""

    intents = ("CheckInIntent",)

    def applies(self, turn: Turn) -> bool:
        worded = turn.slot("answer")
        pending = turn.conversation.pending
        if worded is None or pending not in YES_NO_QUESTIONS:
            return False
        return worded.resolved_id in DECLINING_ANSWERS or (
            worded.resolved_id in AGREEING_ANSWERS and pending != "delete"
        )

    def respond(self, turn: Turn) -> Response:
        worded = turn.slot("answer")
        if worded is not None and worded.resolved_id in DECLINING_ANSWERS:
            return NoHandler().respond(turn)
        return YesHandler().respond(turn)


class FallbackHandler(IntentHandler):
    """Anything not understood. A question still waiting for its answer ("would you like to try a round
    now?" met by "maybe") is asked again, since the menu would leave them not knowing it still stands; two
    misses in a row get a simpler choice instead of the same apology, and further misses take turns with a
    way out ("help" or "stop") rather than one line said word for word every time; during a round, the round's own
    controls (the menu of exercises would be beside the point), and with one paused, how to resume it."""

    intents = (FALLBACK,)

    def respond(self, turn: Turn) -> Response:
        misses = turn.conversation.misses + 1
        turn.conversation = replace(turn.conversation, misses=misses)
        pending = turn.conversation.pending
        if pending == "checkin":
            return current_statement(turn, join(phrases.NOT_UNDERSTOOD, phrases.CHECKIN_NUMBER))
        if pending == "names" and misses < 2:
            return turn.reply(join(phrases.NOT_UNDERSTOOD, phrases.ASK_NAMES_REPROMPT), phrases.ASK_NAMES_REPROMPT)
        if pending in {"settings", "round_minutes"} and misses < 2:
            return turn.reply(
                join(phrases.NOT_UNDERSTOOD, phrases.ROUND_LENGTH_REPROMPT), phrases.ROUND_LENGTH_REPROMPT
            )
        question = turn.conversation.last_reprompt
        if pending in YES_NO_QUESTIONS and misses < 2 and question:
            return turn.reply(join(phrases.NOT_UNDERSTOOD, question), question)
        active = playing_now(turn)
        if active is not None and not pending:
            # A dinner's controls, not a round's: it has no turns to pause or give more time.
            wake = turn.wake_word
            controls = phrases.dinner_help(wake) if active.exercise == DINNER else phrases.round_controls(wake)
            return turn.reply(join(phrases.NOT_UNDERSTOOD, controls), controls)
        paused = turn.household.active
        if paused is not None and paused.paused and not pending and misses < 2:
            # A paused round is still theirs: how to go on, not the menu as if nothing were under way.
            return turn.reply(join(phrases.NOT_UNDERSTOOD, phrases.PAUSED_CHOICE), phrases.PAUSED_CHOICE_REPROMPT)
        if misses >= 2:
            turn.conversation = replace(turn.conversation, pending="", pending_intent="")
            simpler = phrases.SIMPLE_CHOICE if misses % 2 == 0 else phrases.STILL_LOST
            return turn.reply(simpler, simpler)
        return turn.reply(join(phrases.NOT_UNDERSTOOD, phrases.MENU), phrases.MENU_SHORT)


class ChooseHandler(FallbackHandler):
    """ "The second one", "the last one", "number three": a pick from the list of common questions just read
    out. Anywhere else there is no list to pick from, so it is answered as a miss (which knows what the
    conversation waits for)."""

    intents = ("ChooseIntent",)

    def respond(self, turn: Turn) -> Response:
        position = turn.number("position")
        if turn.conversation.pending == "checkin" and turn.slot_id("choice") is None and isinstance(position, int):
            # "Number four" while a check-in waits is its answer (it fell back: no list was read out).
            return answer_checkin(turn, position)
        if _menu_just_read(turn):
            # "The first one" to "a dinner question, a listening round, or a quick check-in" (probe 8: a miss).
            place = _place_in_list(turn, 3)
            if place == 1:
                return dinner_question(turn)
            if place == 2:
                return start_round(turn, "listening")
            if place == 3:
                return start_checkin(turn)
        if turn.conversation.pending != "faq":
            return super().respond(turn)
        faqs = turn.content.faqs
        index = _place_in_list(turn, len(faqs))
        if not 1 <= index <= len(faqs):
            ask = f"I read out {len(faqs)} questions. Which one would you like? You can say, 'the first one'."
            return turn.reply(ask, "Which question would you like answered?")
        return answer_faq(turn, faqs[index - 1])


def _menu_just_read(turn: Turn) -> bool:
    """Whether the last thing said ended on the menu's three choices, in their order (dinner question, listening
    round, check-in), with nothing asked or playing; not after the list of rounds, whose first is another."""
    said = turn.conversation.last_speech
    return (
        not turn.conversation.pending
        and playing_now(turn) is None
        and said.endswith((phrases.MENU, phrases.MENU_SHORT))
        and phrases.ROUNDS_LIST not in said
    )


def _place_in_list(turn: Turn, length: int) -> int:
    """The place picked, counted from 1: an ordinal ("the last one") before a number ("number three"); 0 when
    neither was heard (an ordinal Alexa could not resolve, "ninth", comes as said, and counts as nothing)."""
    place = turn.slot_id("choice")
    if place is not None:
        return length if place == "last" else whole_number(place) or 0
    position = turn.number("position")
    return position if isinstance(position, int) else 0


class PrivacyHandler(IntentHandler):
    """ "Are you recording us?": what is stored and what never is, then back to whatever was waiting (a round
    plays on; a question still open is asked again, since privacy can come up in the middle of anything)."""

    intents = ("PrivacyIntent",)

    def respond(self, turn: Turn) -> Response:
        if playing_now(turn) is not None and not turn.conversation.pending:
            return turn.reply(phrases.PRIVACY, end=True)
        return ask_again_after(turn, phrases.PRIVACY) or turn.reply(
            join(phrases.PRIVACY, phrases.MENU_SHORT), phrases.MENU_SHORT
        )


class UnsureHandler(IntentHandler):
    """ "I don't know", "anything", "no idea": not a miss but someone who can't choose, so no apology. What
    helps depends on what was asked: a check-in statement gets a nudge toward a first feeling (there is no
    wrong score); a question still open, or names a round needs, is asked again; with nothing asked (or only
    the names of the welcome, which a dinner question does not need), an easy dinner question, so that not
    knowing ends in conversation rather than in the menu read again. A round plays on; a paused one is not
    replaced by a dinner nobody chose (they hear how to resume it)."""

    intents = ("UnsureIntent",)

    def respond(self, turn: Turn) -> Response:
        pending = turn.conversation.pending
        if pending == "checkin":
            return current_statement(turn, phrases.UNSURE_CHECKIN)
        if playing_now(turn) is not None and not pending:
            return turn.reply(goes_on(turn), end=True)
        welcome_only = pending == "names" and not turn.conversation.pending_intent
        asked = None if welcome_only else ask_again_after(turn, phrases.UNSURE)
        if asked is not None:
            return asked
        active = turn.household.active
        if active is not None and active.paused:
            return turn.reply(join(phrases.UNSURE, phrases.PAUSED_CHOICE), phrases.PAUSED_CHOICE_REPROMPT)
        turn.conversation = replace(turn.conversation, pending="", pending_intent="")
        return next_question_at(turn, Depth.LIGHT, phrases.UNSURE_EASY_START)


class AffectionHandler(IntentHandler):
    """ "I love you", "you're the best": said to Heartline, or across the table within its hearing. Either way
    the answer turns it toward the partner, then back to whatever was waiting; a round plays on."""

    intents = ("AffectionIntent",)

    def respond(self, turn: Turn) -> Response:
        return answer_aside(turn, phrases.AFFECTION)


class SofterHandler(RepeatHandler):
    """ "Volume down", "you're too loud": the mirror of "speak up". A skill can't set the device's volume, so
    it says how to, then repeats the last words softly rather than leaving them unheard or unanswered."""

    intents = ("SofterIntent",)

    @staticmethod
    def again(turn: Turn, said: str) -> str:
        return join(phrases.SOFTER, f'<prosody volume="{SOFT_VOLUME}">{said}</prosody>')


class UnknownIntentHandler(FallbackHandler):
    """An intent this skill does not define (an old model, a hand-made request): answered like a miss."""

    def can_handle(self, handler_input) -> bool:  # type: ignore[no-untyped-def]
        return handler_input.request_envelope.request.object_type == "IntentRequest"

    def handle(self, handler_input) -> Response:  # type: ignore[no-untyped-def]
        return self.respond(Turn.of(handler_input))


class NothingToMoveHandler(IntentHandler):
    """Next, previous, start over with no round or dinner going: offer what there is. In a check-in, start
    over begins it again, next asks the same statement (every one needs its number, since the average is over
    all five; stop ends it), and previous goes back one, forgetting its answer, so a couple who answered too
    quickly can change it. After "want to hear another?" (a myth), next is another."""

    intents = ("AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.StartOverIntent")

    def respond(self, turn: Turn) -> Response:
        if turn.conversation.pending == "checkin" and turn.request.intent.name == "AMAZON.StartOverIntent":
            return start_checkin(turn)
        if turn.conversation.pending == "checkin" and turn.request.intent.name == "AMAZON.PreviousIntent":
            answers = turn.conversation.checkin_answers
            turn.conversation = replace(turn.conversation, checkin_answers=answers[:-1])
            return current_statement(turn, phrases.CHECKIN_BACK if answers else phrases.CHECKIN_FIRST)
        if turn.conversation.pending == "checkin":
            return current_statement(turn, phrases.CHECKIN_NO_SKIP)
        if turn.conversation.pending == "myth" and turn.request.intent.name == "AMAZON.NextIntent":
            return tell_myth(turn)
        if turn.conversation.pending in YES_NO_QUESTIONS and turn.request.intent.name == "AMAZON.NextIntent":
            # "Would you like a short check-in?" "Nah, skip it": a no, not a move through nothing (which dropped
            # the offer, a probe).
            return NoHandler().respond(turn)
        if turn.conversation.pending == "names" and turn.request.intent.name == "AMAZON.NextIntent":
            # "Skip it" to the names: what works without them (it said "there's nothing to move through yet").
            turn.conversation = replace(turn.conversation, pending="", pending_intent="")
            return turn.reply(join(phrases.NAMES_CAN_WAIT, phrases.MENU), phrases.MENU_SHORT)
        if turn.request.intent.name == "AMAZON.StartOverIntent":
            return greeting(turn)
        return turn.reply(join("There's nothing to move through yet.", phrases.MENU), phrases.MENU_SHORT)


class GreetingHandler(IntentHandler):
    """ "Hello", "good evening": a greeting back, then whatever the conversation waits for
    (their names, an answer), rather than "sorry, I didn't catch that" to someone being polite. As the first
    words of a session, the welcome; during a round or dinner, it plays on (a paused one gets the welcome,
    which says how to resume it)."""

    intents = ("GreetingIntent",)

    def respond(self, turn: Turn) -> Response:
        session = turn.handler_input.request_envelope.session
        if playing_now(turn) is not None:
            return turn.reply(join(phrases.HELLO, goes_on(turn)), end=True)
        if session is None or session.new:
            return greeting(turn)
        return ask_again_or_offer_menu(turn, phrases.HELLO)


class OurNamesHandler(IntentHandler):
    """ "What are our names?": the names the cues use, and how to change them; before Heartline knows them,
    the question that asks for them. A question that was waiting is asked again after; during a round or
    dinner, it plays on."""

    intents = ("OurNamesIntent",)

    def respond(self, turn: Turn) -> Response:
        names = turn.household.names
        playing = playing_now(turn) is not None
        if names is None and not playing:
            pending_intent = turn.conversation.pending_intent if turn.conversation.pending == "names" else ""
            return ask_for_names(turn, pending_intent, phrases.NAMES_UNKNOWN)
        known = f"You're {esc(names[0])} and {esc(names[1])}." if names else "I don't know your names yet."
        if playing:
            return turn.reply(join(known, goes_on(turn)), end=True)
        return ask_again_after(turn, known) or turn.reply(
            join(known, phrases.NAMES_CHANGE, phrases.MENU), phrases.MENU_SHORT
        )


GLAD = "I'm so glad it helped."
"""The answer to thanks and to praise alike ("thank you", "we feel closer now", "that was lovely"): Alexa sends
the intent, not the words, so the reply must fit both, and "you're welcome" to "we feel closer now" answered a
thanks nobody gave (a probe)."""


class ThanksHandler(IntentHandler):
    """Thanks deserve an answer, not an apology for not understanding."""

    intents = ("ThanksIntent",)

    def respond(self, turn: Turn) -> Response:
        asked = ask_again_after(turn, GLAD)
        if asked is not None:
            return asked
        session = turn.handler_input.request_envelope.session
        if playing_now(turn) is not None:
            return turn.reply(join(GLAD, goes_on(turn)), end=True)
        if session is None or session.new:
            return turn.reply(join(GLAD, "Take good care of each other."), end=True)
        return turn.reply(join(GLAD, "Anything else?", phrases.MENU_SHORT), phrases.MENU_SHORT)


class LoopShuffleHandler(IntentHandler):
    intents = ("AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent")

    def respond(self, turn: Turn) -> Response:
        if turn.in_session and turn.conversation.pending:
            return turn.reply(phrases.LOOP_SHUFFLE, turn.conversation.last_reprompt or phrases.MENU_SHORT)
        return turn.reply(phrases.LOOP_SHUFFLE, end=True)


class SessionEndedHandler(RequestTypeHandler):
    request_types = ("SessionEndedRequest",)

    def respond(self, turn: Turn) -> Response:
        reason = getattr(turn.request, "reason", None)
        error = getattr(turn.request, "error", None)
        if error is not None:
            log.warning(
                "session ended with error type=%r", getattr(error, "object_type", None) or getattr(error, "type", None)
            )
        else:
            log.debug("session ended: %r", reason)
        return turn.silent()
