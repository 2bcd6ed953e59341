"""Short spoken answers about intimacy itself: myths, common questions, its five parts, styles, what active
listening is, and a word of care when a partner says things are hard between them."""

from __future__ import annotations

import difflib
from dataclasses import replace

from ask_sdk_model import Response

from intents import phrases
from intents.base import IntentHandler
from intents.checkin import current_statement
from intents.context import Turn, brk, echo, esc, join
from intents.rounds import DINNER, intent_for, playing_now
from skill.decks import Faq, ListenOffer
from skill.rounds import minutes_words
from skill.selection import pick_fresh

PRACTISE_ONE = "Want to practise them together in a listening round?"
PRACTISE_IT = "Want to practise it together in a listening round?"
PRACTISE_REPROMPT = "Would you like to start a listening round now?"
MYTH_MODE, FAQ_MODE, PARTS_MODE, PART_MODE = "myth", "faq", "parts", "part:"
"""``Conversation.mode`` after each kind of answer: what "tell me more" and "next" continue (``intents.more``)."""


def is_part_mode(mode: str) -> bool:
    return mode.startswith(PART_MODE)


class MythHandler(IntentHandler):
    """ "Tell us a myth": the next one not yet heard. "Is intimacy just sex?": the myth it asks about (the
    ``myth`` slot resolves to its id), since any other would leave the question unanswered."""

    intents = ("MythIntent",)

    def respond(self, turn: Turn) -> Response:
        return tell_myth(turn, turn.slot_id("myth") or "")


class HardTimesHandler(IntentHandler):
    """ "We keep fighting", "I feel lonely": care, the plain limit, and an offer of a listening round (yes
    starts it, in ``YesHandler``). Not the fallback's "sorry, I didn't catch that", which would be cold here."""

    intents = ("HardTimesIntent",)

    def respond(self, turn: Turn) -> Response:
        return offer_listening(turn, turn.content.hard_times)


class HardDayHandler(IntentHandler):
    """ "I've had a rough day", "I feel so stressed": the weight is from outside the two of them, so the offer
    is a support round (the partner comforts, no advice), not a listening round about their relationship."""

    intents = ("HardDayIntent",)

    def respond(self, turn: Turn) -> Response:
        return offer_listening(turn, turn.content.hard_day)


class AboutSupportHandler(IntentHandler):
    """ "How do I support her when she's sad?": a question about being there for someone, asked by the one who
    wants to help, so not the care meant for the one hurting (``HardDayHandler``), and not a round begun unasked.
    The answer, then the support round offered (yes starts it)."""

    intents = ("AboutSupportIntent",)

    def respond(self, turn: Turn) -> Response:
        return offer_listening(turn, turn.content.supporting)


class AboutListeningHandler(IntentHandler):
    """ "What is active listening?", "how long is a round?": what each partner does, the couple's own round
    length, and the chance to try one (the same offer as for hard times)."""

    intents = ("AboutListeningIntent",)

    def respond(self, turn: Turn) -> Response:
        minutes = turn.household.round_minutes
        example = "four" if minutes == 5 else "five"
        length = f"Each of you has {minutes_words(minutes)} to speak; to change it, say: make rounds {example} minutes."
        return offer_listening(turn, turn.content.active_listening, length)


class AboutNeedsHandler(IntentHandler):
    """ "What is an I statement?", "how do I tell him I'm hurt?": how to say a need without blame, and the round
    that practises it (yes starts a needs round). A question about saying it, not yet a wish to do a round."""

    intents = ("AboutNeedsIntent",)

    def respond(self, turn: Turn) -> Response:
        return offer_listening(turn, turn.content.i_statements)


class AboutFeelingsHandler(IntentHandler):
    """ "How do I name a feeling?", "I don't know what I feel": how to find the word, and the needs round where a
    feeling is said aloud. Beside the I statement, because it is the part people say they get stuck on."""

    intents = ("AboutFeelingsIntent",)

    def respond(self, turn: Turn) -> Response:
        return offer_listening(turn, turn.content.naming_feelings)


class AboutRepairHandler(IntentHandler):
    """ "How do I apologize?", "what should we do after a fight?": how to make up, built from the product's own
    tools (listen first, say back, own your part with an I statement), and a listening round to do it in."""

    intents = ("AboutRepairIntent",)

    def respond(self, turn: Turn) -> Response:
        return offer_listening(turn, turn.content.repair)


def offer_listening(turn: Turn, answer: ListenOffer, extra: str = "") -> Response:
    """Speak ``answer`` and wait for a yes (its round starts, ``YesHandler``) or a no (the menu). Said during
    the kind of round it would offer ("we keep fighting" in a listening round), the care is spoken without the
    offer and the round plays on: offering what is already playing would be absurd. Said in a check-in ("we keep
    fighting" between two scores), the care is spoken and the check-in goes on with the statement it waits on:
    the offer's question had replaced it, and the answers given were lost."""
    active = playing_now(turn)
    if active is not None and active.exercise == answer.exercise:
        return turn.reply(
            join(esc(answer.message), esc(extra), brk(1), phrases.round_goes_on(turn.wake_word)), end=True
        )
    if turn.conversation.pending == "checkin":
        return current_statement(turn, join(esc(answer.message), esc(extra), brk(1), "Back to the check-in:"))
    turn.conversation = replace(turn.conversation, pending="listen_offer", pending_intent=intent_for(answer.exercise))
    speech = join(esc(answer.message), esc(extra), brk(1), esc(answer.offer))
    return turn.reply(speech, esc(answer.offer))


def tell_myth(turn: Turn, asked: str = "") -> Response:
    """Myths rotate like prompts, so 'another' never repeats one until all were heard; the one ``asked`` (an id)
    is told whether heard or not, and counts as heard. Asked for in a check-in, the myth is told and the check-in
    goes on with the statement it waits on (offering another myth had dropped it, its answers with it)."""
    used = turn.household.used.get("myths", ())
    chosen = next((m for m in turn.content.myths if m.id == asked), None)
    if chosen is None:
        myth, used = pick_fresh(turn.content.myths, used)
    else:
        myth, used = chosen, (*(u for u in used if u != chosen.id), chosen.id)
    turn.household = replace(turn.household, used={**turn.household.used, "myths": used})
    told = join("Here's a common myth:", esc(myth.myth), brk(1), esc(myth.truth), brk(1))
    if turn.conversation.pending == "checkin":
        return current_statement(turn, join(told, "Back to the check-in:"))
    turn.conversation = replace(turn.conversation, pending="myth", mode=MYTH_MODE)
    return turn.reply(join(told, "Want to hear another?"), "Would you like another myth? Say yes or no.")


def find_faq(faqs: tuple[Faq, ...], topic: str) -> Faq | None:
    """Match the slot's resolved id first, then the topic words, then a close spelling."""
    lowered = topic.strip().lower()
    for faq in faqs:
        if faq.id == lowered or lowered in (t.lower() for t in faq.topics):
            return faq
    for faq in faqs:
        if any(t.lower() in lowered or lowered in t.lower() for t in faq.topics):
            return faq
    words = {t.lower(): faq for faq in faqs for t in faq.topics}
    close = difflib.get_close_matches(lowered, list(words), n=1, cutoff=0.75)
    return words[close[0]] if close else None


class FaqHandler(IntentHandler):
    intents = ("FaqIntent",)

    def respond(self, turn: Turn) -> Response:
        slot = turn.slot("topic")
        faq = None
        if slot is not None:
            faq = find_faq(turn.content.faqs, slot.resolved_id or slot.spoken)
            if faq is None and slot.resolved_id is not None:
                faq = find_faq(turn.content.faqs, slot.spoken)
        if faq is None:
            return list_faqs(turn, heard=slot.spoken if slot else "")
        return answer_faq(turn, faq)


def answer_faq(turn: Turn, faq: Faq) -> Response:
    turn.conversation = replace(turn.conversation, pending="", mode=FAQ_MODE)
    speech = join(
        esc(faq.question),
        brk(1),
        esc(faq.answer),
        brk(1),
        "Anything else? You can ask another question, or say stop.",
    )
    return turn.reply(speech, "You can ask another question, ask for a dinner question, or say stop.")


def list_faqs(turn: Turn, heard: str = "") -> Response:
    turn.conversation = replace(turn.conversation, pending="faq")
    questions = "; ".join(esc(f.question.rstrip("?")) for f in turn.content.faqs)
    lead = f"I don't have an answer about {esc(echo(heard))}. " if heard else ""
    speech = f"{lead}I can answer these: {questions}. Which one would you like?"
    return turn.reply(speech, "Which question would you like answered?")


class StylesHandler(IntentHandler):
    intents = ("StylesIntent",)

    def respond(self, turn: Turn) -> Response:
        styles = turn.content.styles
        speech = join(esc(styles.intro), brk(1), *(esc(t) + brk(1) for t in styles.tips), esc(styles.closing))
        return turn.reply(
            join(speech, brk(1), "What would you like to do next?"), "Dinner question, listening round, or check-in?"
        )


class AboutIntimacyHandler(IntentHandler):
    """ "What is emotional intimacy?": the five things it rests on, each in a sentence. "What is empathy?": that
    one, said as one of the five; a part Alexa could not resolve gets the whole answer, which names it anyway
    if it is one of them. Both end by offering a listening round, which a yes starts."""

    intents = ("AboutIntimacyIntent",)

    def respond(self, turn: Turn) -> Response:
        slot = turn.slot("part")
        asked = next((p for p in turn.content.parts if slot is not None and slot.resolved_id == p.id), None)
        if asked is None:
            return explain_parts(turn)
        speech = join(
            f"{esc(asked.name)} is one of the {len(turn.content.parts)} things emotional intimacy rests on.",
            esc(asked.meaning),
            esc(asked.alone),
        )
        return offer_practice(turn, speech, PRACTISE_IT, PART_MODE + asked.id)


def explain_parts(turn: Turn) -> Response:
    parts = turn.content.parts
    listed = ", ".join(esc(p.name) for p in parts[:-1]) + f", and {esc(parts[-1].name)}"
    details = " ".join(f"{esc(p.name)}: {esc(p.meaning)}" for p in parts)
    speech = join(f"Emotional intimacy rests on {len(parts)} things: {listed}.", brk(1), details)
    return offer_practice(turn, speech, PRACTISE_ONE, PARTS_MODE)


def offer_practice(turn: Turn, answer: str, offer: str, mode: str) -> Response:
    """The answer ends on a question, so a yes starts the listening round it offers (``YesHandler``). Asked
    during a round, the answer is given and the round plays on: an offer of a round then would stop theirs."""
    turn.conversation = replace(turn.conversation, mode=mode)
    active = playing_now(turn)
    if active is not None and active.exercise != DINNER:
        return turn.reply(join(answer, brk(1), phrases.round_goes_on(turn.wake_word)), end=True)
    turn.conversation = replace(turn.conversation, pending="listen_offer", pending_intent=intent_for("listening"))
    return turn.reply(join(answer, brk(1), offer), PRACTISE_REPROMPT)
