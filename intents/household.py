"""The household's own facts: names, settings, and deleting everything stored about it."""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model import Response

from intents import phrases
from intents.asides import answer_aside, ask_again_or_offer_menu, relation_named, set_relationship
from intents.base import IntentHandler
from intents.context import SlotValue, Turn, esc, join
from intents.names import ask_for_names, clean_name, match_name
from intents.rounds import EXERCISE_BY_INTENT, begin_asked_round, playing_now
from skill.rounds import MAX_ROUND_MINUTES, MIN_ROUND_MINUTES
from skill.state import MAX_DINNER_MINUTES, MAX_NAME_CHARS, MIN_DINNER_MINUTES


class SetNamesHandler(IntentHandler):
    """ "We're Sam and Alex", and the corrections of a name already given (``RenameIntent``): "actually it's
    Jordan, not Alex" puts Jordan where Alex was and keeps the order; "sorry, I meant Sam and Jordan" is both names
    again. "Call me Jordan" alone cannot say which of the two it replaces, so it asks for both."""

    intents = ("SetNamesIntent", "RenameIntent")

    def respond(self, turn: Turn) -> Response:
        renamed = turn.slot("new_name")
        pending_intent = turn.conversation.pending_intent if turn.conversation.pending == "names" else ""
        heard = [s for s in (turn.slot("first_name"), turn.slot("second_name")) if s is not None]
        if renamed is not None and turn.conversation.pending == "names" and turn.slot("old_name") is None:
            heard = [renamed]  # "my name is Sofia", "call me Sofia": while the names are asked, one of them
        elif renamed is not None:
            return rename(turn, renamed.spoken, turn.slot("old_name"))
        aside = _aside(turn, "names")
        if len(heard) == 1 and turn.conversation.pending == "names":
            earlier = clean_name(turn.conversation.heard_name)
            if earlier is None or earlier.lower() == heard[0].spoken.strip().lower():
                return _one_name(turn, heard[0].spoken, pending_intent)
            heard.insert(0, SlotValue(spoken=earlier, resolved_id=None))
        elif len(heard) < 2 and turn.slot("first_speaker") is None:
            # "I'm Sofia" with the names not asked for: a lone name is no request ("she's Italian" is talk), nor a
            # sentence only like a names sample ("Alex should really go first" over a round, a forgiving match).
            from intents.common import FallbackHandler  # common builds on this module

            return FallbackHandler().respond(turn)
        if len(heard) < 2:
            return ask_for_names(turn, pending_intent, phrases.NAMES_ONE if heard else phrases.NAMES_BAD)
        relation = relation_named(heard[0].spoken, heard[1].spoken)
        if relation is not None:
            return set_relationship(turn, relation)
        first, second = clean_name(heard[0].spoken), clean_name(heard[1].spoken)
        if first is None or second is None:
            return ask_for_names(turn, pending_intent, phrases.NAMES_BAD)
        if first.lower() == second.lower():
            return ask_for_names(turn, pending_intent, phrases.NAMES_SAME)
        known = turn.household.names
        if known is not None and _two_new_names_over_play(turn, known, first, second):
            return answer_aside(turn, esc(phrases.NAMES_OVER_PLAY.format(first=known[0], second=known[1])))
        if turn.conversation.pending == "rename":
            # Names said again while two new ones wait for a yes: the same two are the yes, others are asked about.
            if turn.conversation.heard_name.lower() == f"{first}|{second}".lower():
                return answer_new_names(turn, yes=True)
            turn.conversation = replace(turn.conversation, pending="", heard_name="")
        if (
            known is not None
            and not turn.conversation.pending
            and turn.slot("first_speaker") is None
            and _both_new(known, first, second)
        ):
            return _ask_new_names(turn, known, first, second)
        turn.household = turn.household.with_names(first, second)
        turn.conversation = replace(turn.conversation, heard_name="")
        greeting = f"Thanks, {esc(first)} and {esc(second)}."
        if aside:
            return ask_again_or_offer_menu(turn, greeting)
        if known is not None and playing_now(turn) is not None and not turn.conversation.pending:
            return answer_aside(turn, greeting)  # a name corrected over a round: it plays on, no menu over it
        turn.conversation = replace(turn.conversation, pending="", pending_intent="")
        exercise = EXERCISE_BY_INTENT.get(pending_intent)
        goes_first = turn.slot("first_speaker")
        if goes_first is not None and match_name(goes_first.spoken, (first, second)) is not None:
            # "We're Claire and Ollie, Claire goes first": who has the floor only matters in a round, so the one
            # asked for (or else a listening round) begins with them.
            turn.conversation = replace(turn.conversation, pending_first=goes_first.spoken[:MAX_NAME_CHARS])
            return begin_asked_round(turn, exercise or "listening", lead="Thanks.")
        if exercise is not None:
            # "Thanks." alone: the round's first words name them ("Sam and Alex, let's begin").
            return begin_asked_round(turn, exercise, lead="Thanks.")
        return turn.reply(f"Lovely to meet you, {esc(first)} and {esc(second)}. {phrases.MENU}", phrases.MENU_SHORT)


def _one_name(turn: Turn, spoken: str, pending_intent: str) -> Response:
    """One name while the names are asked for ("I'm Sofia"): kept, and the other asked for. It used to be
    "Sorry, I didn't catch that", though nothing had been misheard (probe 4)."""
    name = clean_name(spoken)
    if name is None:
        return ask_for_names(turn, pending_intent, phrases.NAMES_BAD)
    turn.conversation = replace(turn.conversation, pending="names", pending_intent=pending_intent, heard_name=name)
    ask = phrases.NAMES_OTHER.format(name=esc(name))
    return turn.reply(ask, phrases.NAMES_OTHER_REPROMPT)


def _ask_new_names(turn: Turn, known: tuple[str, str], first: str, second: str) -> Response:
    """Two new names for both partners with nothing asked: asked first ("shall I call you Salt and Pepper?"). At the
    menu, "salt and pepper" said across the table had renamed the couple (the bare "{first_name} and
    {second_name}" sample); a new pair at the device says yes. A name corrected alone still goes straight through,
    and so do names with who goes first ("we're Claire and Ollie, Ollie goes first"), which no table talk says."""
    turn.conversation = replace(turn.conversation, pending="rename", heard_name=f"{first}|{second}")
    ask = phrases.NEW_NAMES_ASK.format(first=known[0], second=known[1], new_first=first, new_second=second)
    return turn.reply(esc(ask), esc(phrases.NEW_NAMES_REPROMPT.format(new_first=first, new_second=second)))


def answer_new_names(turn: Turn, yes: bool) -> Response:
    """Yes or no to the two new names ``_ask_new_names`` asked about."""
    waiting = turn.conversation.heard_name.split("|")
    turn.conversation = replace(turn.conversation, pending="", pending_intent="", heard_name="")
    names = turn.household.names
    if yes and len(waiting) == 2:
        first, second = (clean_name(name) for name in waiting)
        if first is not None and second is not None:
            turn.household = turn.household.with_names(first, second)
            return turn.reply(f"Lovely to meet you, {esc(first)} and {esc(second)}. {phrases.MENU}", phrases.MENU_SHORT)
    kept = f"Okay, you're still {esc(names[0])} and {esc(names[1])}." if names is not None else "Okay."
    return turn.reply(join(kept, phrases.MENU), phrases.MENU_SHORT)


def _two_new_names_over_play(turn: Turn, known: tuple[str, str], first: str, second: str) -> bool:
    """Two words joined by "and" that replace both names while a round or dinner plays, with nothing asked:
    table talk far more often than a couple renaming itself mid-round. Typed, "salt and pepper please" over a
    dinner had renamed the couple Salt and Pepper (the bare "{first_name} and {second_name}" sample). A name
    corrected alone ("Sam and Jordan" for Sam and Alex) still goes through."""
    if playing_now(turn) is None or turn.conversation.pending:
        return False
    return _both_new(known, first, second)


def _both_new(known: tuple[str, str], first: str, second: str) -> bool:
    """Whether neither name said is one of the household's: a rename of both, not one name corrected."""
    return not {first.lower(), second.lower()} & {name.lower() for name in known}


def _aside(turn: Turn, *answers: str) -> bool:
    """Whether a question other than the ones this request answers (``answers``) is waiting: a check-in statement,
    a yes or no. Names or a length given then are an aside, like "we're sisters": taken, then the question is
    asked again (``ask_again_or_offer_menu``); clearing it had dropped a check-in halfway, its answers with it."""
    pending = turn.conversation.pending
    return bool(pending) and pending not in answers and bool(turn.conversation.last_reprompt)


def rename(turn: Turn, new_spoken: str, old: SlotValue | None) -> Response:
    aside = _aside(turn, "names")
    names = turn.household.names
    new = clean_name(new_spoken)
    replaced = match_name(old.spoken, names) if old is not None and names is not None else None
    if names is not None and old is not None and replaced is None:
        # "Close but not exactly", said to a partner, has the shape of "Jamie, not Alex"; a name that is neither
        # of theirs corrects nothing, so nothing is asked and a round plays on (asking for names there had left
        # every round control answering the names question).
        return answer_aside(turn, esc(phrases.RENAME_HOW.format(first=names[0], second=names[1])))
    if names is None or new is None:
        return ask_for_names(turn, speech=phrases.NAMES_UNKNOWN if names is None else phrases.NAMES_BAD)
    if replaced is None:
        return ask_for_names(turn, speech=esc(phrases.RENAME_WHICH.format(first=names[0], second=names[1], new=new)))
    first, second = (new if name == replaced else name for name in names)
    if first.lower() == second.lower():
        return ask_for_names(turn, speech=phrases.NAMES_SAME)
    turn.household = turn.household.with_names(first, second)
    said = f"Sorry about that, {esc(new)}. {esc(first)} and {esc(second)} it is."
    if aside:
        return ask_again_or_offer_menu(turn, said)
    turn.conversation = replace(turn.conversation, pending="", pending_intent="")
    return turn.reply(f"{said} {phrases.MENU}", phrases.MENU_SHORT)


def apply_minutes(turn: Turn, setting: str, minutes: int | str | None) -> Response:
    """Set a length, or explain the range and ask again; a bad number never becomes an error."""
    dinner = setting == "dinner"
    aside = _aside(turn, "settings", "round_minutes")
    low, high = (MIN_DINNER_MINUTES, MAX_DINNER_MINUTES) if dinner else (MIN_ROUND_MINUTES, MAX_ROUND_MINUTES)
    if minutes is None:
        turn.conversation = replace(turn.conversation, pending="settings", pending_intent=setting)
        ask = "How many minutes of table talk between dinner questions?" if dinner else phrases.SETTINGS_ASK
        return turn.reply(ask, ask)
    if not isinstance(minutes, int) or not low <= minutes <= high:
        turn.conversation = replace(turn.conversation, pending="settings", pending_intent=setting)
        bad = phrases.DINNER_LENGTH_BAD if dinner else phrases.ROUND_LENGTH_BAD
        return turn.reply(bad, bad)
    if dinner:
        turn.household = replace(turn.household, dinner_minutes=minutes)
        said = f"Done. You'll get {_minutes(minutes)} of table talk between dinner questions."
    else:
        turn.household = replace(turn.household, round_minutes=minutes)
        said = f"Done. Each speaking turn will last {_minutes(minutes)}."
    if aside:
        return ask_again_or_offer_menu(turn, said)
    turn.conversation = replace(turn.conversation, pending="", pending_intent="")
    return turn.reply(f"{said} {phrases.MENU}", phrases.MENU_SHORT)


def _minutes(n: int) -> str:
    return "one minute" if n == 1 else f"{n} minutes"


class SettingsHandler(IntentHandler):
    intents = ("SettingsIntent",)

    def respond(self, turn: Turn) -> Response:
        setting_slot = turn.slot("setting")
        setting = (setting_slot.resolved_id or setting_slot.spoken) if setting_slot else "round"
        return apply_minutes(turn, "dinner" if setting == "dinner" else "round", turn.number("minutes"))


def answer_number(turn: Turn, value: int | str | None) -> Response:
    """A bare number while the skill waits for a length (the recogniser cannot know which question it answers)."""
    pending = turn.conversation.pending
    if pending == "settings":
        return apply_minutes(turn, turn.conversation.pending_intent or "round", value)
    # pending == "round_minutes": the exercise waits for a valid length.
    if not isinstance(value, int) or not MIN_ROUND_MINUTES <= value <= MAX_ROUND_MINUTES:
        return turn.reply(phrases.ROUND_LENGTH_BAD, phrases.ROUND_LENGTH_REPROMPT)
    exercise = EXERCISE_BY_INTENT.get(turn.conversation.pending_intent, "listening")
    return begin_asked_round(turn, exercise, minutes=value)


class DeleteDataHandler(IntentHandler):
    intents = ("DeleteDataIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.conversation = replace(turn.conversation, pending="delete")
        return turn.reply(phrases.DELETE_CONFIRM, "Should I delete everything? Say yes or no.")


def confirm_delete(turn: Turn) -> Response:
    if turn.household.names is not None:
        # The round tracks speak their names and are files of their own, apart from the household's row.
        turn.tracks.forget(turn.household.names)
    turn.delete_requested = True
    turn.household = replace(turn.household, active=None)
    turn.conversation = replace(turn.conversation, pending="")
    return turn.reply(phrases.DELETE_DONE, end=True)
