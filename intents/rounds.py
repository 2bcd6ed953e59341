"""Timed rounds (listening, needs, empathy, support): starting one, and moving through its phases.

A round lasts many minutes and Alexa keeps the microphone open for seconds, so each phase is a track played
with AudioPlayer; the round's place lives in the store because AudioPlayer events arrive outside any session.
Tokens name household, round and phase, so a late event for an old round is recognised and ignored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from ask_sdk_model import Response
from ask_sdk_model.interfaces.audioplayer import (
    AudioItem,
    AudioItemMetadata,
    PlayBehavior,
    PlayDirective,
    Stream,
)

from intents import phrases
from intents.base import IntentHandler
from intents.checkin import current_statement
from intents.context import Turn, brk, esc, household_tag, join, whole_number
from intents.names import ask_for_names, match_name
from skill.decks import Depth
from skill.dinner import DINNER_MAX_QUESTIONS, DINNER_TITLE, dinner_phase
from skill.rounds import (
    MAX_ROUND_MINUTES,
    MIN_ROUND_MINUTES,
    Phase,
    Role,
    RoundPlan,
    RoundSettings,
    build_round,
    minutes_words,
)
from skill.selection import draw, draw_dinner, release_unplayed
from skill.state import MAX_NAME_CHARS, ActiveRound, Household

log = logging.getLogger(__name__)

EXERCISE_BY_INTENT = {
    "StartListeningRoundIntent": "listening",
    "NeedsRoundIntent": "needs",
    "EmpathyRoundIntent": "empathy",
    "SupportRoundIntent": "support",
}
MAX_PLAYBACK_FAILURES = 2
DINNER = "dinner"
DINNER_INTENT = "DinnerQuestionIntent"


@dataclass(frozen=True)
class Token:
    household: str
    exercise: str
    round_no: int
    phase: int

    def __str__(self) -> str:
        return f"{self.household}:{self.exercise}:{self.round_no}:{self.phase}"

    @classmethod
    def parse(cls, text: str | None) -> Token | None:
        parts = (text or "").split(":")
        if len(parts) != 4:
            return None
        round_no, phase = whole_number(parts[2]), whole_number(parts[3])
        if round_no is None or phase is None:
            return None
        return cls(parts[0], parts[1], round_no, phase)


def plan_for(turn: Turn, active: ActiveRound) -> RoundPlan:
    """Rebuild the round's plan from the few facts stored about it; plans are cheap and deterministic."""
    script = turn.content.rounds[active.exercise]
    topic = turn.content.topics.get(active.topic_id)
    settings = RoundSettings(active.first, active.second, min(active.minutes, MAX_ROUND_MINUTES))
    return build_round(script, settings, active.topic_id, topic.text if topic else "")


def phase_at(turn: Turn, active: ActiveRound, index: int) -> Phase | None:
    """The track at ``index``: a phase of the round's plan, or a dinner question already drawn."""
    if index < 0:
        return None
    if active.exercise == DINNER:
        if index >= len(active.prompts):
            return None
        question = turn.content.dinner.get(active.prompts[index])
        return dinner_phase(index, question, active.minutes) if question else None
    phases = plan_for(turn, active).phases
    return phases[index] if index < len(phases) else None


def track_count(turn: Turn, active: ActiveRound) -> int:
    """How many tracks the exercise has at most (a dinner's are drawn as it goes)."""
    if active.exercise == DINNER:
        return DINNER_MAX_QUESTIONS
    return len(plan_for(turn, active).phases)


def title_of(turn: Turn, active: ActiveRound) -> str:
    return DINNER_TITLE if active.exercise == DINNER else plan_for(turn, active).title


def with_track(turn: Turn, active: ActiveRound, index: int) -> ActiveRound:
    """Make sure the track at ``index`` exists: a dinner draws its next question here, never twice."""
    if active.exercise != DINNER or index < len(active.prompts) or index >= DINNER_MAX_QUESTIONS:
        return active
    household = turn.household
    tonight = household.theme_tonight(turn.today)
    question, household = draw_dinner(turn.content.dinner, household.dinner_depth, household, tonight)
    updated = replace(active, prompts=(*active.prompts, question.id))
    turn.household = replace(household, active=updated, dinner_day=turn.today)
    return updated


def token_for(turn: Turn, active: ActiveRound, phase: int) -> Token:
    return Token(household_tag(turn.household_id), active.exercise, active.round_no, phase)


def play_directive(
    turn: Turn, active: ActiveRound, phase_index: int, *, enqueue_after: Token | None = None, offset_ms: int = 0
) -> PlayDirective:
    phase = phase_at(turn, active, phase_index)
    if phase is None:
        raise LookupError(f"{active.exercise} has no track {phase_index}")
    token = token_for(turn, active, phase_index)
    stream = Stream(
        token=str(token),
        url=turn.tracks.url_for(phase),
        offset_in_milliseconds=offset_ms,
        expected_previous_token=str(enqueue_after) if enqueue_after else None,
    )
    total = len(active.prompts) if active.exercise == DINNER else track_count(turn, active)
    subtitle = f"Question {phase_index + 1}" if active.exercise == DINNER else f"Part {phase_index + 1} of {total}"
    metadata = AudioItemMetadata(title=title_of(turn, active), subtitle=subtitle)
    return PlayDirective(
        play_behavior=PlayBehavior.ENQUEUE if enqueue_after else PlayBehavior.REPLACE_ALL,
        audio_item=AudioItem(stream=stream, metadata=metadata),
    )


def current_token(turn: Turn) -> Token | None:
    """The token of the request itself (AudioPlayer events) or of the device's player (intents)."""
    token = getattr(turn.request, "token", None)
    if token:
        return Token.parse(token)
    context = turn.handler_input.request_envelope.context
    player = getattr(context, "audio_player", None) if context else None
    return Token.parse(getattr(player, "token", None))


def belongs_to_active(turn: Turn, token: Token | None) -> bool:
    active = turn.household.active
    return (
        active is not None
        and token is not None
        and token.household == household_tag(turn.household_id)
        and token.round_no == active.round_no
        and token.exercise == active.exercise
    )


def start_round(turn: Turn, exercise: str) -> Response:
    if exercise not in turn.content.rounds:
        return turn.reply(phrases.MENU, phrases.MENU_SHORT)
    swapped = _first_speaker_over_the_round(turn, exercise)
    if swapped is not None:
        return swapped
    playing = playing_now(turn)
    if playing is not None and playing.exercise == exercise and turn.slot("minutes") is None:
        # "Can I share something hard instead of a win?", asked in a support round, is about that round: begun
        # again from its introduction, it lost the time spent. Beginning again is one phrase away, and said.
        return turn.reply(phrases.same_round_playing(turn.wake_word), end=True)
    minutes_raw = turn.number("minutes")
    household = turn.household
    if household.names is None:
        return _names_first(turn, exercise, minutes_raw)
    minutes = household.round_minutes
    if minutes_raw is not None:
        if not isinstance(minutes_raw, int) or not MIN_ROUND_MINUTES <= minutes_raw <= MAX_ROUND_MINUTES:
            _keep_asked(turn, minutes_raw)
            turn.conversation = replace(turn.conversation, pending="round_minutes", pending_intent=intent_for(exercise))
            return turn.reply(phrases.ROUND_LENGTH_BAD, phrases.ROUND_LENGTH_REPROMPT)
        minutes = minutes_raw
    return begin_round(turn, exercise, minutes)


def _names_first(turn: Turn, exercise: str, minutes: object) -> Response:
    """Ask for the names, keeping the rest of what was asked for the round that follows them."""
    _keep_asked(turn, minutes)
    return ask_for_names(turn, pending_intent=intent_for(exercise))


def _keep_asked(turn: Turn, minutes: object) -> None:
    """What this request asked of its round (a length that fits, a depth, who goes first), for
    ``begin_asked_round`` once the missing piece is heard."""
    first = turn.slot("first_speaker")
    depth = turn.slot("depth")
    wanted = minutes if isinstance(minutes, int) and MIN_ROUND_MINUTES <= minutes <= MAX_ROUND_MINUTES else 0
    turn.conversation = replace(
        turn.conversation,
        pending_minutes=wanted,
        pending_first=first.spoken[:MAX_NAME_CHARS] if first is not None else "",
        pending_depth=_depth_asked(turn).value if depth is not None else "",
    )


def begin_asked_round(turn: Turn, exercise: str, lead: str = "", minutes: int = 0) -> Response:
    """The round asked for before the names (or a length that fits) were known, now that they are: its length
    (``minutes`` when it was the missing piece), depth and first speaker."""
    conversation = turn.conversation
    minutes = minutes or conversation.pending_minutes or turn.household.round_minutes
    depth = Depth(conversation.pending_depth) if conversation.pending_depth else None
    first = conversation.pending_first
    turn.conversation = replace(conversation, pending_minutes=0, pending_first="", pending_depth="")
    return begin_round(turn, exercise, minutes, lead=lead, depth=depth, first_choice=first)


def _first_speaker_over_the_round(turn: Turn, exercise: str) -> Response | None:
    """ "Sam wants to go first", said over the very round it names: with Sam first already, the round plays on
    (it used to start again, introduction, new topic and all, losing the time spent); with the other partner
    named, it starts again in that order, without the introduction they just heard. None for anything else.
    The plain ways of naming who goes first ("let Alex go first") are samples of the listening round's intent,
    so over a needs, empathy or support round they are about that round, not a call for a listening one."""
    playing = playing_now(turn)
    wanted = turn.slot("first_speaker")
    if playing is None or playing.exercise == DINNER or wanted is None or turn.slot("minutes") is not None:
        return None
    if playing.exercise != exercise and exercise != "listening":
        return None
    exercise = playing.exercise
    chosen = match_name(wanted.spoken, (playing.first, playing.second))
    if chosen == playing.first:
        return turn.reply(
            join(esc(f"{chosen} has the floor first already."), phrases.round_goes_on(turn.wake_word)), end=True
        )
    if chosen == playing.second:
        lead = esc(f"{chosen} first, then.")
        return begin_round(turn, exercise, playing.minutes, lead=lead, speakers=(playing.second, playing.first))
    return None


def begin_round(
    turn: Turn,
    exercise: str,
    minutes: int,
    lead: str = "",
    depth: Depth | None = None,
    speakers: tuple[str, str] | None = None,
    topic_id: str = "",
    first_choice: str = "",
    from_phase: int = 0,
) -> Response:
    """Everything is known: build the plan, remember it, speak the introduction and play phase one.
    ``depth`` and ``speakers`` (who goes first): a listening round begun again on another topic keeps its order
    and skips the introduction they just heard; otherwise the request's slots say (light, and the household's
    order, when they do not). ``topic_id``: a listening round on that topic ("same topic again") instead of a
    fresh one. ``first_choice``: who an earlier request asked to go first (``begin_asked_round``). ``from_phase``:
    the part to play first (a new topic for the second speaker's turn begins at that turn, not the round's start)."""
    household = release_unplayed(turn.household, turn.content.dinner)
    names = household.names
    if names is None:
        return ask_for_names(turn, pending_intent=intent_for(exercise))
    if not turn.supports_audio():
        return turn.reply(phrases.NO_AUDIO_DEVICE, phrases.MENU_SHORT)
    first, second = speakers or names
    slot = turn.slot("first_speaker")
    wanted = (slot.spoken if slot is not None else first_choice) if speakers is None else ""
    if wanted and match_name(wanted, names) == second:
        first, second = second, first
    if exercise != "listening":
        topic_id = ""
    elif turn.content.topics.get(topic_id) is None:
        depth = depth or _depth_asked(turn)
        topic, household = draw(turn.content.topics, depth, household)
        topic_id = topic.id
    active = ActiveRound(
        exercise=exercise,
        first=first,
        second=second,
        minutes=minutes,
        topic_id=topic_id,
        round_no=household.round_counter + 1,
        phase=from_phase,
    )
    turn.household = replace(household, active=active, round_counter=active.round_no, last_first=first)
    turn.conversation = replace(turn.conversation, pending="", pending_intent="", mode="round")
    plan = plan_for(turn, active)
    turn.tracks.prepare(plan)
    if speakers is not None:
        speech = join(lead, brk(1))
    else:
        controls = phrases.LOCAL_ROUND_CONTROLS if turn.local else ""
        speech = join(lead, esc(f"{first} and {second}, let's begin. {plan.title}."), esc(plan.intro), controls, brk(1))
    return turn.speak_and_play(speech, play_directive(turn, active, from_phase))


def _depth_asked(turn: Turn) -> Depth:
    depth_slot = turn.slot("depth")
    if depth_slot is not None:
        try:
            return Depth(depth_slot.resolved_id or depth_slot.spoken)
        except ValueError:
            pass
    return Depth.LIGHT


def retopic_listening(turn: Turn, by: int) -> Response | None:
    """ "Too personal" / "go deeper" / "change the topic" while a listening round plays: the same round begun
    again on a topic ``by`` levels deeper (``Depth.step``; 0, another at the same depth), the same speaker
    first (a dinner question in its place would end their round). Asked from the trading of places on, the new
    topic is for the second speaker: their turn begins again, and the first speaker, who has had theirs, does not
    get the floor a second time (it used to go back to part one). None when no listening round is on."""
    active = turn.household.active
    if active is None or active.exercise != "listening":
        return None
    topic = turn.content.topics.get(active.topic_id)
    current = topic.depth if topic is not None else Depth.LIGHT
    wanted = current.step(by)
    if by == 0:
        lead = "Here's a different topic."
    elif wanted is current:
        lead = "Here's another gentle topic." if by < 0 else "Here's another deep topic."
    else:
        lead = "Let's take a gentler topic." if by < 0 else "Let's take a deeper topic."
    phases = plan_for(turn, active).phases
    switch = next((p.index for p in phases if p.role is Role.SWITCH), None)
    reflect = next((p.index for p in phases if p.role is Role.REFLECT), len(phases))
    start = switch + 1 if switch is not None and switch <= active.phase < reflect else 0
    return begin_round(turn, "listening", active.minutes, lead, wanted, (active.first, active.second), from_phase=start)


def playing_now(turn: Turn) -> ActiveRound | None:
    """The round or dinner this request interrupts, if any. On an Echo a request made while its audio plays
    opens a new session, and the answers within it (a question the skill asked there) are still over the audio;
    one made after the skill was opened again ("Alexa, open Heart Line": the audio stopped, the menu was said)
    continues that session, and then the couple is choosing, not pausing a round."""
    active = turn.household.active
    session = turn.handler_input.request_envelope.session
    if active is None or active.paused:
        return None
    if session is not None and not session.new and not turn.conversation.over_round:
        return None
    return active


def intent_for(exercise: str) -> str:
    """The intent that starts ``exercise``: what a pending question keeps, so a later yes or a pair of names
    starts the round that was asked for."""
    return next(intent for intent, name in EXERCISE_BY_INTENT.items() if name == exercise)


class StartRoundHandler(IntentHandler):
    intents = tuple(EXERCISE_BY_INTENT)

    def respond(self, turn: Turn) -> Response:
        exercise = EXERCISE_BY_INTENT[turn.request.intent.name]
        conversation = turn.conversation
        offered = (
            EXERCISE_BY_INTENT.get(conversation.pending_intent) if conversation.pending == "listen_offer" else None
        )
        if offered and exercise == "listening" and turn.slot("first_speaker") and turn.slot("minutes") is None:
            # "Yes, but can Alex start?" to an offered support round: the ways of naming who goes first are the
            # listening round's samples, but the answer takes the round that was offered, with Alex first.
            exercise = offered
        return start_round(turn, exercise)


# -- moving through a round ----------------------------------------------------------------------------------


def jump_to(turn: Turn, phase_index: int, offset_ms: int = 0, speech: str = "") -> Response:
    """Play the round's track ``phase_index`` from ``offset_ms``, saying ``speech`` first if there is any."""
    active = turn.household.active
    if active is None:
        return turn.reply(phrases.NOTHING_PLAYING + " " + phrases.MENU, phrases.MENU_SHORT)
    phase_index = max(0, min(phase_index, track_count(turn, active) - 1))
    active = with_track(turn, active, phase_index)
    phase_index = min(phase_index, len(active.prompts) - 1) if active.exercise == DINNER else phase_index
    updated = replace(active, phase=phase_index, paused=False, offset_ms=offset_ms)
    turn.household = replace(turn.household, active=updated)
    directive = play_directive(turn, updated, phase_index, offset_ms=offset_ms)
    if speech:
        return turn.speak_and_play(speech, directive)
    builder = turn.handler_input.response_builder
    builder.add_directive(directive)
    builder.set_should_end_session(True)
    return builder.response


def another_question(turn: Turn, index: int, speech: str = "") -> Response:
    """A question asked for over a playing dinner ("next", "another one", "go deeper"): the track at ``index``,
    drawn if it is new. The cap (``DINNER_MAX_QUESTIONS``) is for questions nobody asked for, so a speaker left on
    stops by itself; a request shows someone is at the table, so past the cap the dinner begins afresh with this
    question and counts to the cap again from here (clamped, the request replayed the last question instead)."""
    active = turn.household.active
    if active is not None and active.exercise == DINNER and index >= DINNER_MAX_QUESTIONS:
        round_no = turn.household.round_counter + 1
        fresh = replace(active, round_no=round_no, prompts=(), phase=0, paused=False, offset_ms=0, failures=0)
        turn.household = replace(turn.household, active=fresh, round_counter=round_no)
        index = 0
    return jump_to(turn, index, speech=speech)


def pause_round(turn: Turn) -> Response:
    active = turn.household.active
    builder = turn.handler_input.response_builder
    if active is not None:
        offset = _player_offset(turn)
        turn.household = replace(turn.household, active=replace(active, paused=True, offset_ms=offset))
    turn.stop_audio()
    builder.set_should_end_session(True)
    return builder.response


def stop_round(turn: Turn, *, finished: bool = False) -> Response:
    """Stop the audio and forget the round: 'stop' must always work, at every point. ``finished``: the round
    was played through (the device's Next button on its last part), so it counts (``over``)."""
    household = release_unplayed(turn.household, turn.content.dinner)
    turn.household = over(household) if finished else replace(household, active=None)
    builder = turn.handler_input.response_builder
    turn.stop_audio()
    builder.set_should_end_session(True)
    return builder.response


def _player_offset(turn: Turn) -> int:
    offset = getattr(turn.request, "offset_in_milliseconds", None)
    if isinstance(offset, int):
        return offset
    context = turn.handler_input.request_envelope.context
    player = getattr(context, "audio_player", None) if context else None
    value = getattr(player, "offset_in_milliseconds", None)
    return value if isinstance(value, int) else 0


class SameTopicHandler(IntentHandler):
    """ "Same topic again": another listening round on the topic of the last one (``Household.last_prompt``, the
    last thing drawn), when a round went well and the couple wants to go round again, each having heard the
    other. Before, it was heard as "another one" and started a round on a new topic without saying so. Just
    after a needs, empathy or support round (no topic), that round again. With no topic to go back to (the last
    thing drawn was a dinner question), it says so instead of passing a new topic off as the old one."""

    intents = ("SameTopicIntent",)

    def respond(self, turn: Turn) -> Response:
        conversation = turn.conversation
        if conversation.pending == "checkin":
            return current_statement(turn, phrases.CHECKIN_NO_SKIP)
        playing = playing_now(turn)
        if playing is not None and playing.exercise != DINNER:
            return turn.reply(join(phrases.SAME_TOPIC_NOW, phrases.round_goes_on(turn.wake_word)), end=True)
        just_done = (
            EXERCISE_BY_INTENT.get(conversation.pending_intent) if conversation.pending == "checkin_offer" else None
        )
        if just_done is not None and just_done != "listening":
            turn.conversation = replace(conversation, pending="", pending_intent="")
            return start_round(turn, just_done)
        topic = turn.content.topics.get(turn.household.last_prompt)
        if topic is None:
            return turn.reply(join(phrases.NO_TOPIC_BEFORE, phrases.MENU), phrases.MENU_SHORT)
        if turn.household.names is None:
            return ask_for_names(turn, pending_intent=intent_for("listening"))
        minutes = turn.household.round_minutes
        return begin_round(turn, "listening", minutes, lead=phrases.SAME_TOPIC_AGAIN, topic_id=topic.id)


def _round_in_charge(turn: Turn) -> bool:
    """Round controls apply while a round is on and no spoken question is waiting for its answer."""
    return turn.household.active is not None and not turn.conversation.pending


class NextPhaseHandler(IntentHandler):
    intents = ("AMAZON.NextIntent",)

    def applies(self, turn: Turn) -> bool:
        return _round_in_charge(turn)

    def respond(self, turn: Turn) -> Response:
        active = turn.household.active
        if active is not None and active.exercise == DINNER:
            return another_question(turn, active.phase + 1)
        if active is not None and active.phase + 1 >= track_count(turn, active):
            return finish_round(turn)
        return jump_to(turn, active.phase + 1 if active else 0)


class PreviousPhaseHandler(IntentHandler):
    intents = ("AMAZON.PreviousIntent",)

    def applies(self, turn: Turn) -> bool:
        return _round_in_charge(turn)

    def respond(self, turn: Turn) -> Response:
        active = turn.household.active
        return jump_to(turn, active.phase - 1 if active else 0)


class StartOverRoundHandler(IntentHandler):
    intents = ("AMAZON.StartOverIntent",)

    def applies(self, turn: Turn) -> bool:
        return _round_in_charge(turn)

    def respond(self, turn: Turn) -> Response:
        return jump_to(turn, 0)


class PauseHandler(IntentHandler):
    """ "Pause", "hold on", "give me a second". With no round playing there is nothing to pause: people asking
    for a moment before they answer ("what are your names?" "hold on") are given it (``take_your_time``)."""

    intents = ("AMAZON.PauseIntent",)

    def respond(self, turn: Turn) -> Response:
        if turn.household.active is None:
            return take_your_time(turn)
        return pause_round(turn)


def take_your_time(turn: Turn) -> Response:
    """A short yes to a wait, with the question still waiting (or the menu) as the reprompt: said at once, the
    question would cut into the moment just asked for."""
    return turn.reply(phrases.TAKE_YOUR_TIME, turn.conversation.last_reprompt or phrases.MENU_SHORT)


class ResumeHandler(IntentHandler):
    """ "Resume", "go on", "start the timer": a paused round from where it was paused. Said over a round that is
    still playing ("Alexa, continue", or "go on" typed mid-part), it plays on as it is: starting its track again
    from the stored offset, as before, began the part anew with all of its time and its cue read again. With no
    round and a question waiting (a check-in's statement), that question again, not "nothing is playing"."""

    intents = ("AMAZON.ResumeIntent",)

    def respond(self, turn: Turn) -> Response:
        active = turn.household.active
        waiting = turn.conversation.last_reprompt if turn.conversation.pending else ""
        if active is None and waiting:
            return turn.reply(waiting, waiting)
        if active is None:
            return turn.reply(phrases.NOTHING_PLAYING + " " + phrases.MENU, phrases.MENU_SHORT)
        if not active.paused and playing_now(turn) is not None and not turn.conversation.pending:
            return turn.reply(
                phrases.dinner_goes_on(turn.wake_word)
                if active.exercise == DINNER
                else phrases.round_goes_on(turn.wake_word),
                end=True,
            )
        token = current_token(turn)
        if not active.paused and token is not None and belongs_to_active(turn, token):
            return jump_to(turn, token.phase, offset_ms=max(_player_offset(turn), 0))
        return jump_to(turn, active.phase, offset_ms=active.offset_ms)


class MoreTimeHandler(IntentHandler):
    """ "We need more time": the part playing now begins again from its cue, with its whole time ahead. A round's
    turn length is fixed when it starts (its tracks are rendered for it), so beginning the part again is how a
    speaker who is not finished gets longer without losing their place in the round."""

    intents = ("MoreTimeIntent",)

    def respond(self, turn: Turn) -> Response:
        active = turn.household.active
        if turn.conversation.pending:
            return take_your_time(turn)
        if active is None:
            return turn.reply(phrases.NO_TIMER, phrases.MENU_SHORT)
        more = phrases.MORE_TIME_DINNER if active.exercise == DINNER else phrases.MORE_TIME
        return jump_to(turn, active.phase, speech=more)


class RoundStatusHandler(IntentHandler):
    """ "Whose turn is it?", "how much time is left?", "what was our topic?", "who goes first?": where the round
    is, in a line. Said over the round, which plays on: Alexa resumes its audio after the answer, the local
    player never stopped. With none playing, who would have the floor first in one, and how to swap. In a
    check-in, "how many are left?" is about its statements: which one this is, then that statement again."""

    intents = ("RoundStatusIntent",)

    def respond(self, turn: Turn) -> Response:
        if turn.conversation.pending == "checkin":
            done = len(turn.conversation.checkin_answers)
            return current_statement(turn, f"This is statement {done + 1} of {len(turn.content.checkin)}:")
        return round_status(turn)


def phase_now(turn: Turn, active: ActiveRound) -> Phase | None:
    """The part playing now: the player's own track when it is this round's, else the one stored."""
    token = current_token(turn)
    return phase_at(turn, active, token.phase if token and belongs_to_active(turn, token) else active.phase)


def round_status(turn: Turn, lead: str = "") -> Response:
    """Where the round or dinner is, after ``lead``; with none playing, who would start one."""
    active = turn.household.active
    phase = phase_now(turn, active) if active is not None else None
    if active is None or phase is None:
        return turn.reply(join(lead, phrases.NOTHING_PLAYING, _who_would_start(turn), phrases.MENU), phrases.MENU_SHORT)
    offset_ms = max(active.offset_ms if active.paused else _player_offset(turn), 0)
    parts = [lead, who_does_what(phase, active), _time_left(phase.seconds - offset_ms // 1000)]
    if active.exercise == DINNER:
        parts.append(join("The question:", esc(_sentence(phase.cue))))
        parts.append(f"It's question {phase.index + 1}; they keep coming until you say stop.")
    topic = turn.content.topics.get(active.topic_id) if active.topic_id else None
    if topic is not None:
        parts.append(join("Your topic:", esc(_sentence(topic.text))))
    if active.paused:
        parts.append("It's paused; say resume when you're ready.")
    return turn.reply(join(*parts), end=True)


def _who_would_start(turn: Turn) -> str:
    """Who has the floor first in the next round (``begin_round`` starts with the first name they gave)."""
    names = turn.household.names
    if names is None:
        return ""
    first, second = (esc(n) for n in names)
    return f"In a round, {first} has the floor first; to swap, say: let {second} go first."


def who_does_what(phase: Phase, active: ActiveRound) -> str:
    other = active.second if phase.who == active.first else active.first
    lines = {
        Role.SPEAK: f"{phase.who} has the floor, and {other} listens.",
        Role.RESPOND: f"{phase.who} is saying back what they heard.",
        Role.CLARIFY: f"{phase.who} is saying whether {other} got it, or adding to it.",
        Role.SWITCH: "You're trading places.",
        Role.REFLECT: "You're looking back on the round together.",
        Role.CLOSE: "The round is closing.",
        Role.TALK: "It's table talk.",
    }
    return esc(lines.get(phase.role, ""))


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _time_left(seconds: int) -> str:
    if seconds >= 90:
        return f"About {minutes_words(round(seconds / 60))} left."
    if seconds >= 50:
        return "About a minute left."
    if seconds > 0:
        return "Less than a minute left."
    return "This part is ending."


def over(household: Household) -> Household:
    """The household with its round or dinner over, said done or played to its end. A round is counted; a dinner
    is not: progress tells a couple how many rounds they finished, and an evening of questions is not one."""
    active = household.active
    if active is None:
        return household
    counted = household.rounds_done + (active.exercise != DINNER)
    return replace(household, active=None, rounds_done=counted, played_out="", played_out_day="")


def again_intent(exercise: str) -> str:
    """The intent that does ``exercise`` again ("let's do another" after it)."""
    return DINNER_INTENT if exercise == DINNER else intent_for(exercise)


def played_out(household: Household, today: str) -> Household:
    """``over``, for a round whose last track played to its end: kept in mind for the evening (``take_played_out``)."""
    active = household.active
    if active is None:
        return household
    return replace(over(household), played_out=active.exercise, played_out_day=today)


def take_played_out(turn: Turn) -> str:
    """The intent of tonight's round that played to its end and has not been followed up yet, forgotten once
    asked for (its check-in is offered once); "" when there is none."""
    household = turn.household
    if not household.played_out or household.active is not None:
        return ""
    exercise, tonight = household.played_out, household.played_out_day == turn.today
    turn.household = replace(household, played_out="", played_out_day="")
    if not tonight:
        return ""
    return again_intent(exercise)


def take_just_done(turn: Turn) -> str:
    """The intent of what was just done, for "let's do another" and "again but switch": the exercise whose
    check-in is on offer, else tonight's round that played to its end (``take_played_out``); "" when neither."""
    conversation = turn.conversation
    if conversation.pending == "checkin_offer":
        return conversation.pending_intent
    return "" if conversation.pending else take_played_out(turn)


def offer_checkin_after(turn: Turn, again: str, lead: str = "") -> Response:
    """Well done, and the check-in offered; "let's do another" while it is offered does ``again`` again."""
    turn.conversation = replace(turn.conversation, pending="checkin_offer", pending_intent=again, mode="")
    return turn.reply(
        join(lead, "Nicely done, both of you. Would you like a short check-in on how connected you feel?"),
        "Would you like a short check-in? Say yes or no.",
    )


def finish_round(turn: Turn) -> Response:
    """The couple says they are done: stop any audio, count the round (``over``), offer a check-in."""
    household = release_unplayed(turn.household, turn.content.dinner)
    again = ""
    if household.active is not None:
        exercise = household.active.exercise
        again = again_intent(exercise)
    turn.household = over(household)
    turn.stop_audio()
    # What was just done, so that "let's do another" while the check-in is offered does it again.
    return offer_checkin_after(turn, again)


class DoneHandler(IntentHandler):
    """ "We're done": after a round or a dinner, well done and a check-in offered. Said in a session that
    opened and did neither (no round playing, none begun in it), the couple is leaving: goodbye, with no
    praise for a round that never happened."""

    intents = ("DoneIntent",)

    def respond(self, turn: Turn) -> Response:
        if turn.conversation.pending == "checkin":
            # "We're done" halfway through a check-in ends the check-in; offering one would be absurd.
            turn.conversation = replace(turn.conversation, pending="", pending_intent="", checkin_answers=())
            return turn.reply(join(phrases.CANCELLED, phrases.MENU), phrases.MENU_SHORT)
        if turn.household.active is None:
            again = take_played_out(turn)
            if again:
                # The round played to its end on the Echo, and "Alexa, tell Heart Line we're done" followed.
                return offer_checkin_after(turn, again)
            if turn.conversation.mode not in ROUND_MODES:
                # Nothing was done tonight, in this session or before it: no praise for a round that never was.
                turn.conversation = replace(turn.conversation, pending="", pending_intent="")
                return turn.reply(phrases.GOODBYE, end=True)
        return finish_round(turn)


class ThatsAllHandler(IntentHandler):
    """ "That's it", "that's all": said during a round, it is the one with the floor (or the one saying back)
    who has finished, so the round moves on as for "I'm done talking"; ending the whole round would take the
    other partner's turn away. Anywhere else (a dinner, nothing playing) they are finished for now, as with
    "we're done". "I'm done", "I'm all done" and a bare "done" are this too, said whole (exact-only: a probe found
    "I'm all done" ending a round, and as near matches they took "I'm done with this book" at the table)."""

    intents = ("ThatsAllIntent",)

    def respond(self, turn: Turn) -> Response:
        active = turn.household.active
        if _round_in_charge(turn) and active is not None and active.exercise != DINNER:
            return NextPhaseHandler().respond(turn)
        return DoneHandler().respond(turn)


ROUND_MODES = frozenset({"round", "dinner"})
"""``Conversation.mode`` once a round or a dinner was begun in the session."""
