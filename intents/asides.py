"""Things said beside the exercises: how long it all takes, who is at the table (and whether they are even at one
table), a request Heartline can't do.
Each is answered in a line, then the conversation returns to whatever was waiting (a question asked again,
the round playing on, or the menu), so an aside never costs the couple their place."""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model import Response

from intents import phrases
from intents.base import IntentHandler
from intents.checkin import not_asked, progress_summary
from intents.context import Turn, brk, esc, join, whole_number
from intents.dinner import dinner_question, next_question_at
from intents.interaction_model import listed_phrases
from intents.learn import offer_listening
from intents.rounds import DINNER, EXERCISE_BY_INTENT, NextPhaseHandler, RoundStatusHandler, phase_now, playing_now
from skill.decks import Depth, ListenOffer, RoundScript
from skill.rounds import MAX_ROUND_MINUTES, MIN_ROUND_MINUTES, Role, RoundSettings, build_round, minutes_words


def ask_again_after(turn: Turn, lead: str) -> Response | None:
    """``lead``, then the question still waiting for its answer; None when none waits. A greeting, a thank-you
    or a fact said in between leaves the question standing, so it is asked again rather than dropped."""
    reprompt = turn.conversation.last_reprompt
    if turn.conversation.pending and reprompt:
        return turn.reply(join(lead, reprompt), reprompt)
    return None


def ask_again_or_offer_menu(turn: Turn, lead: str) -> Response:
    """``lead``, then the question still waiting (``ask_again_after``), or else what they would like to do."""
    return ask_again_after(turn, lead) or turn.reply(
        join(lead, "What would you like?", phrases.MENU_SHORT), phrases.MENU_SHORT
    )


def goes_on(turn: Turn) -> str:
    """What to say when something said during a round or dinner leaves it playing."""
    active = turn.household.active
    return (
        phrases.dinner_goes_on(turn.wake_word)
        if active is not None and active.exercise == DINNER
        else phrases.round_goes_on(turn.wake_word)
    )


def answer_aside(turn: Turn, lead: str, offer: str = "") -> Response:
    """A remark beside the exercise, answered with ``lead``: a round or dinner playing with nothing asked plays
    on, since an aside is no reason to stop it; otherwise the question still waiting is asked again, or, with
    none, ``offer`` (what fits this remark) and what they would like to do."""
    if playing_now(turn) is not None and not turn.conversation.pending:
        return turn.reply(join(lead, goes_on(turn)), end=True)
    return ask_again_or_offer_menu(turn, join(lead, offer))


class CheckInOverRoundHandler(IntentHandler):
    """ "Let's check in", "can we do a check-in at the end", "how are we doing", or a bare "four", said while a
    round or dinner plays. Each used to act as if nothing played: the check-in's statements were read over the
    audio, and a number or progress ended with the menu. The round plays on; its end offers the check-in."""

    intents = ("CheckInIntent", "SplitScoreIntent", "ProgressIntent")

    def applies(self, turn: Turn) -> bool:
        return playing_now(turn) is not None and not turn.conversation.pending

    def respond(self, turn: Turn) -> Response:
        name = turn.request.intent.name
        if name == "ProgressIntent":
            return answer_aside(turn, progress_summary(turn))
        if turn.slot("answer") is not None and turn.slot("score") is None:
            # "Yeah pretty much", "sort of": the speaker answering the partner's saying back, in words that are
            # also the check-in's scale; "I wasn't asking for a number" was untrue (probe 8). The round plays on.
            return answer_aside(turn, "")
        if name == "SplitScoreIntent" or turn.slot("score") is not None or turn.slot("answer") is not None:
            return answer_aside(turn, not_asked(turn))
        dinner = turn.household.active is not None and turn.household.active.exercise == DINNER
        return answer_aside(turn, phrases.CHECKIN_AFTER_DINNER if dinner else phrases.CHECKIN_AFTER_ROUND)


class MyTurnHandler(IntentHandler):
    """ "My turn", "okay, your turn": in a round, the floor changing hands, as "next"; anywhere else (a dinner
    has no turns) partners talking to each other, as "you go first". It was "next" everywhere, and skipped the
    dinner question one of them was about to answer."""

    intents = ("MyTurnIntent",)

    def respond(self, turn: Turn) -> Response:
        active = turn.household.active
        if active is not None and active.exercise != DINNER and not turn.conversation.pending:
            return NextPhaseHandler().respond(turn)
        return answer_aside(turn, phrases.TABLE_TALK)


class OutOfScopeHandler(IntentHandler):
    """ "Tell me a joke", "what time is it": plain assistant requests that reach Heartline because it is open.
    Saying "I didn't catch that" would be untrue (it was heard) and leave them repeating it; saying what
    Heartline is for, and how to reach Alexa for the rest, is honest. A round plays on."""

    intents = ("OutOfScopeIntent",)

    def respond(self, turn: Turn) -> Response:
        lead = phrases.OUT_OF_SCOPE if turn.local else join(phrases.OUT_OF_SCOPE, phrases.OUT_OF_SCOPE_ALEXA)
        return answer_aside(turn, lead)


class AboutRoundHandler(IntentHandler):
    """ "What is a needs round?": asked before starting, so what the round asks of each of them and how long it
    takes with their turns, then the chance to try one (yes starts it). Without a round named ("what are the
    other rounds"), the four by name."""

    intents = ("AboutRoundIntent",)

    def respond(self, turn: Turn) -> Response:
        script = _round_named(turn, "exercise") or _round_meant(turn)
        if script is None and turn.slot("other_exercise") is None and turn.conversation.pending == "checkin_offer":
            # "What's that?" to the offer of a check-in: the check-in (probe 8: it fell back).
            return answer_aside(turn, phrases.ABOUT_CHECKIN)
        playing = playing_now(turn)
        if script is None and playing is not None and not turn.conversation.pending:
            # "What would we do in it?" during a round: the round that plays (it listed all four; probe 6).
            script = turn.content.rounds.get(playing.exercise)
            if script is not None and script.about:
                return answer_aside(turn, esc(script.about))
        if script is None or not script.about:
            return ask_again_or_offer_menu(turn, phrases.ROUNDS_LIST)
        other = _round_named(turn, "other_exercise")
        if other is not None and other.about and other.id != script.id:
            # "What's the difference between the needs and support rounds?" used to describe the needs round only.
            both = join(esc(script.about), brk(1), esc(other.about))
            return ask_again_after(turn, both) or turn.reply(join(both, brk(1), WHICH_ROUND), WHICH_ROUND)
        speak = min(turn.household.round_minutes, MAX_ROUND_MINUTES)
        length = f"With your {speak}-minute turns it takes about {round_minutes(turn, speak, script.id)} minutes."
        return offer_listening(turn, ListenOffer(script.about, phrases.TRY_ONE, script.id), length)


WHICH_ROUND = "Which would you like to try? Say, for example, start a support round."


def _round_meant(turn: Turn) -> RoundScript | None:
    """ "What would we do in it?": the round just offered (probe 5: the offer got help's tour and "what would you
    like?")."""
    conversation = turn.conversation
    if conversation.pending == "listen_offer" and conversation.pending_intent in EXERCISE_BY_INTENT:
        return turn.content.rounds.get(EXERCISE_BY_INTENT[conversation.pending_intent])
    return None


def _round_named(turn: Turn, slot_name: str) -> RoundScript | None:
    slot = turn.slot(slot_name)
    return turn.content.rounds.get((slot.resolved_id or slot.spoken).lower()) if slot else None


class ComplaintHandler(IntentHandler):
    """ "This is boring", "you're annoying": heard, so "I didn't catch that" would be untrue and grating. The
    answer takes it without argument and names the two ways out: stop, or something lighter. A round plays on
    (stopping it is one word away, and said)."""

    intents = ("ComplaintIntent",)

    def respond(self, turn: Turn) -> Response:
        return answer_aside(turn, phrases.COMPLAINT, phrases.COMPLAINT_OFFER)


class HowLongHandler(IntentHandler):
    """ "How long does this take?", "we only have ten minutes": before starting, a couple wants to know what fits
    their evening, so the answer is worked out from their own settings (the same plan a round is built from),
    and a time they name is met with what fits in it: their round, a round with shorter turns, or a dinner
    question and a check-in. Asked while something plays, the useful answer is the time left: the round's
    status."""

    intents = ("HowLongIntent",)

    def respond(self, turn: Turn) -> Response:
        if playing_now(turn) is not None:
            return RoundStatusHandler().respond(turn)
        available = _minutes_available(turn)
        if available is not None:
            return ask_again_or_offer_menu(turn, what_fits(turn, available))
        household = turn.household
        speak = min(household.round_minutes, MAX_ROUND_MINUTES)
        speech = join(
            f"A listening round takes about {round_minutes(turn, speak)} minutes, with {minutes_words(speak)}",
            "for each of you to speak.",
            f"Dinner questions give you {minutes_words(household.dinner_minutes)} of table talk each,",
            "for as many questions as you like.",
            f"A check-in is {len(turn.content.checkin)} short statements, about a minute.",
            "To change a length, say, for example: make rounds four minutes.",
        )
        return ask_again_or_offer_menu(turn, speech)


def _minutes_available(turn: Turn) -> int | None:
    """The time they said they have: a number ("we have ten minutes"), or a span said without one ("we only
    have a minute"), whose slot value's id is its minutes; None when they named no time."""
    said = turn.number("minutes")
    if isinstance(said, int):
        return said
    return whole_number(turn.slot_id("span"))


class BusyHandler(IntentHandler):
    """ "We're busy parents", "we have kids and no time": not a no, but a question of what fits. Closeness grows
    in short, regular moments, so the answer is what fits in a few minutes, as for "we only have ten minutes"
    (``what_fits``). A question still waiting is asked again; a round plays on."""

    intents = ("BusyIntent",)

    def respond(self, turn: Turn) -> Response:
        return answer_aside(turn, phrases.BUSY, what_fits(turn, BUSY_MINUTES))


BUSY_MINUTES = 10
"""The time a busy couple is answered for: the ten minutes of "we only have ten minutes"."""


def round_minutes(turn: Turn, speak_minutes: int, exercise: str = "listening") -> int:
    """A round's whole length, rounded up to a minute, with speaking turns of ``speak_minutes``."""
    plan = build_round(turn.content.rounds[exercise], RoundSettings("A", "B", speak_minutes))
    return -(-plan.total_seconds // 60)


def what_fits(turn: Turn, available: int) -> str:
    """The longest listening round that fits in ``available`` minutes, or what fits instead."""
    speak = min(turn.household.round_minutes, MAX_ROUND_MINUTES)
    if round_minutes(turn, speak) <= available:
        return join(
            f"A listening round fits: about {round_minutes(turn, speak)} minutes with your {speak}-minute turns.",
            "Say: start a listening round.",
        )
    shorter = next((m for m in range(speak - 1, MIN_ROUND_MINUTES - 1, -1) if round_minutes(turn, m) <= available), 0)
    if shorter:
        return join(
            f"A listening round fits with shorter turns: {minutes_words(shorter)} each takes about",
            f"{round_minutes(turn, shorter)} minutes. Say: a {shorter} minute listening round.",
        )
    return join(
        f"A whole listening round needs at least {round_minutes(turn, MIN_ROUND_MINUTES)} minutes.",
        "There's time for a dinner question or a quick check-in.",
    )


class AwkwardHandler(IntentHandler):
    """ "This feels awkward", "I'm nervous", "my partner is shy": the usual first feeling, and the reason people
    stop before they start. The answer says it is normal and that sharing starts small, then starts with the
    lightest thing there is (an easy dinner question) instead of the menu; a question still waiting is asked
    again, and a round plays on."""

    intents = ("AwkwardIntent",)

    def respond(self, turn: Turn) -> Response:
        if playing_now(turn) is not None and not turn.conversation.pending:
            return turn.reply(join(phrases.AWKWARD, goes_on(turn)), end=True)
        asked = ask_again_after(turn, phrases.AWKWARD) if turn.conversation.pending != "names" else None
        if asked is not None:
            return asked
        turn.conversation = replace(turn.conversation, pending="", pending_intent="")
        return next_question_at(turn, Depth.LIGHT, join(phrases.AWKWARD, phrases.AWKWARD_START))


class LongDistanceHandler(IntentHandler):
    """ "We're long distance", "can we do this over the phone": Heartline is made for two people at one table
    with one speaker, and says so, then how it can still lead when both can hear it on a call, with a listening
    round to try that way (yes starts it). Said during a listening round, the answer is given and it plays on."""

    intents = ("LongDistanceIntent",)

    def respond(self, turn: Turn) -> Response:
        return offer_listening(turn, turn.content.long_distance)


RELATION_TYPE = "RELATION"
RELATION_SET = {
    "couple": "Got it, you're a couple. I'll pick questions for partners.",
    "friends": "Got it, you're friends. I'll pick questions that suit friends, not couples.",
    "family": "Got it, you're family. I'll pick questions that suit a family, not couples.",
}
"""What is said once the table is known; the dinner deck marks which questions suit whom."""


class RelationshipHandler(IntentHandler):
    """ "We're sisters", "I'm here with my dad": the dinner questions a couple gets ("our first date") would be
    out of place between friends or family, so who is at the table chooses the questions from then on. Without
    a kind named ("we're not a couple"), it asks which, rather than guess between friends and family."""

    intents = ("RelationshipIntent",)

    def respond(self, turn: Turn) -> Response:
        relation = turn.slot_id("relation") or ""
        if relation not in RELATION_SET:
            return turn.reply(phrases.RELATION_ASK, phrases.RELATION_ASK)
        said = turn.slot("relation")
        if said is not None and said.spoken.strip().lower() in GOOD_NEWS_RELATIONS:
            # "We're engaged!" is news before it is who is at the table: "got it, you're a couple" was a cold
            # answer (probe 6). The couple is noted, and the news met as good news is.
            turn.household = replace(turn.household, relationship=relation)
            return offer_listening(turn, turn.content.good_news)
        return set_relationship(turn, relation)


GOOD_NEWS_RELATIONS = frozenset({"engaged", "newlyweds", "just married"})


def set_relationship(turn: Turn, relation: str) -> Response:
    turn.household = replace(turn.household, relationship=relation)
    return answer_aside(turn, RELATION_SET[relation])


def relation_named(*spoken: str) -> str | None:
    """The relationship that two "first names" really are: "mother and daughter", "husband" and "wife". An NLU
    hears "we are mother and daughter" as "we are {first_name} and {second_name}" (virtual-alexa does), and
    greeting "Mother and Daughter" by name would be absurd."""
    words = listed_phrases(RELATION_TYPE)
    together = words.get(" and ".join(s.strip().lower() for s in spoken))
    if together is not None:
        return together
    each = {words.get(s.strip().lower()) for s in spoken}
    return each.pop() if len(each) == 1 and None not in each else None


class StuckHandler(IntentHandler):
    """ "I don't know what to say": in a round, the speaker has the floor and a blank mind, so they get a place to
    start and keep the floor; before this it was a request for dinner questions, which ended the round. In a
    dinner, a word that any answer will do. With nothing playing it still is a request for something to talk
    about: a dinner question. While the listener says back what they heard ("I blanked", "I only caught part of
    it"), the blank is the listener's, so the help is for saying back."""

    intents = ("StuckIntent",)

    def respond(self, turn: Turn) -> Response:
        playing = playing_now(turn)
        if playing is None:
            return dinner_question(turn)
        if playing.exercise == DINNER:
            return turn.reply(join(phrases.STUCK_IN_DINNER, phrases.dinner_goes_on(turn.wake_word)), end=True)
        phase = phase_now(turn, playing)
        stuck = phrases.STUCK_LISTENER if phase is not None and phase.role == Role.RESPOND else phrases.STUCK_IN_ROUND
        return turn.reply(join(stuck, phrases.round_goes_on(turn.wake_word)), end=True)


class AboutActivityHandler(IntentHandler):
    """ "How do dinner questions work?", "what's a check-in?": a description, not the thing itself (asking
    what something is used to start it)."""

    intents = ("AboutActivityIntent",)

    def respond(self, turn: Turn) -> Response:
        activity = turn.slot_id("activity")
        if turn.slot("activity") is None and turn.conversation.pending == "checkin":
            activity = "checkin"  # "what's this for?" in the middle of one (probe 5 fell back)
        if activity == "checkin":
            return answer_aside(turn, phrases.ABOUT_CHECKIN)
        if activity != "dinner":
            return answer_aside(turn, phrases.ABOUT_WHICH)
        minutes = minutes_words(turn.household.dinner_minutes)
        about = (
            "Dinner questions are for a meal together. I ask a question, you both answer it your own way, and after"
            f" {minutes} a soft chime brings the next. They start light; say deeper when you're ready for"
            " more, and next to skip one."
        )
        return answer_aside(turn, about)


class GoodNewsHandler(IntentHandler):
    """ "It's our anniversary", "I got a promotion": good news deserves gladness first, then the round made for
    sharing it (a support round: one tells it, the other celebrates it); yes starts it. Before this it was "I
    didn't catch that"."""

    intents = ("GoodNewsIntent",)

    def respond(self, turn: Turn) -> Response:
        return offer_listening(turn, turn.content.good_news)


class AboutQuestionsHandler(IntentHandler):
    """ "How many questions do you have?", "will you ever repeat one?": the deck as it is for this table (how
    many fit them, at which depths) and the promise ``skill.selection`` keeps: none again until the rest of that
    depth was heard. "How many deep questions are there?" gets that depth's count: asked at dinner, it had been
    taken for the time left."""

    intents = ("AboutQuestionsIntent",)

    def respond(self, turn: Turn) -> Response:
        deck = turn.content.dinner
        fitting = [p for p in deck.prompts if turn.household.relationship in p.fits] or list(deck.prompts)
        counts = {depth: sum(1 for p in fitting if p.depth is depth) for depth in Depth}
        named = turn.slot_id("depth")
        if named in {depth.value for depth in Depth}:
            depth = Depth(named)
            about = (
                f"There are {counts[depth]} {depth.value} dinner questions for you, of {len(fitting)} in all, and"
                " you won't hear one again until you've heard all the others at its depth."
            )
            return answer_aside(turn, about)
        about = (
            f"There are {len(fitting)} dinner questions for you, at three depths: {counts[Depth.LIGHT]} light ones,"
            f" easy and playful; {counts[Depth.MEDIUM]} medium ones, which ask a little more; and"
            f" {counts[Depth.DEEP]} deep ones, which reach for hopes, worries and what matters most. They were"
            " written for Heart Line, and you won't hear one again until you've heard all the others at its depth."
        )
        return answer_aside(turn, about)


FIXED_ANSWERS: dict[str, str] = {
    # "You go first", "that's a hard one": partners talking to each other about the exercise. Taken as commands
    # they had started a round in the middle of a dinner and made a dinner question deeper; nothing starts,
    # stops or changes. By voice these never reach a handler (``TABLE_TALK_INTENTS``).
    "TableTalkIntent": phrases.TABLE_TALK,
    # "What happens after the round?", "what's the chime for?": how a round moves, asked before or during one.
    "RoundFlowIntent": phrases.ROUND_FLOW,
    # "That was intense": after a round it is the feeling the round was for, and it gets acknowledged.
    "HeavyMomentIntent": phrases.HEAVY_MOMENT,
    # "Who answers first?", "is there a right answer?": the rules of a dinner question (none to speak of).
    "DinnerRulesIntent": phrases.DINNER_RULES,
    # "What's my love language?", "how do we set boundaries?": real questions the article behind Heartline does
    # not cover, so it says so instead of stretching an answer written for something else.
    "BeyondScopeIntent": phrases.BEYOND_SCOPE,
    # "Is it okay if I cry?", "this is bringing up a lot", "we're getting into an argument": strong feeling in
    # the middle of a round. It is welcome, and they keep every way out: a pause, another topic, stop.
    "RoundStrainIntent": phrases.ROUND_STRAIN,
    # "Does this actually work?": an honest answer (practice, not a promise), and how to see for themselves.
    "DoesItWorkIntent": phrases.DOES_IT_WORK,
    # "How often should we do this?": closeness is built by small moments that come back, not by a rare long
    # talk, so the answer is a rhythm made of Heartline's own exercises.
    "HowOftenIntent": phrases.HOW_OFTEN,
    # "Is this free?": it is (the skill allows no purchases); "I didn't catch that" was untrue (probe 5).
    "CostIntent": phrases.FREE,
    # "Should I be looking at her?": yes when it feels natural; attention is what counts, not a stare.
    "EyeContactIntent": phrases.EYE_CONTACT,
    # "She walked out", "he stormed off": room to cool off, and how to hold or end the round (probe 7 fell back).
    "PartnerLeftIntent": phrases.PARTNER_LEFT,
}
"""Intents answered with one fixed line; then, as every aside, whatever was waiting (``answer_aside``)."""


class FixedAnswerHandler(IntentHandler):
    """The intents of ``FIXED_ANSWERS``: one line each, and the round, dinner or question they came in plays on."""

    intents = tuple(FIXED_ANSWERS)

    def respond(self, turn: Turn) -> Response:
        return answer_aside(turn, FIXED_ANSWERS[turn.request.intent.name])
