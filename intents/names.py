"""Who is at the table: hearing two names, and matching a spoken name to one of them.

Names make cues personal ("Sam, you have the floor"), so a round waits for them; the exercise the couple asked
for is remembered and started as soon as the names are heard.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import replace

from ask_sdk_model import Response

from intents import phrases
from intents.context import Turn

MAX_NAME_LENGTH = 30
_NAME = re.compile(r"^[^\W\d_]+(?:['\u2019 -][^\W\d_]+)*$")
"""Runs of letters (any script) joined by one apostrophe, space or hyphen: "Jean-Luc", "Mary Ann", "D'Andre"."""
_WORD_START = re.compile(r"(?:^|(?<=[ -]))[^\W\d_]")
_HONORIFICS = frozenset({"ji", "aye", "o", "lah", "la", "leh", "lor", "sha", "innit"})
"""A word of respect said after a name (Hindi "ji"), or a particle closing the sentence (Scots "aye", Nigerian
"o", Singapore "lah"), not part of it; alone it is left as a name. Probe 7 greeted "Fiona Aye" and "Chidi O"."""


def clean_name(spoken: str) -> str | None:
    """A usable first name from a slot value, or None: letters (any script), with single spaces, hyphens or
    apostrophes between them. Composed first (NFC), so an "é" sent as "e" and an accent is still a letter."""
    words = unicodedata.normalize("NFC", spoken).split()
    if len(words) > 1 and words[-1].lower() in _HONORIFICS:
        words = words[:-1]  # "Raj and Sunita ji": the name is Sunita (probe 6 greeted "Sunita Ji")
    name = " ".join(words)
    if not name or len(name) > MAX_NAME_LENGTH or not _NAME.match(name):
        return None
    return _WORD_START.sub(lambda found: found.group().upper(), name)


def match_name(spoken: str, names: tuple[str, str]) -> str | None:
    """Which of the two names was meant; tolerant of how a recogniser spells it."""
    lowered = spoken.strip().lower()
    for name in names:
        if name.lower() == lowered:
            return name
    close = difflib.get_close_matches(lowered, [n.lower() for n in names], n=1, cutoff=0.7)
    if close:
        return next(n for n in names if n.lower() == close[0])
    return None


def ask_for_names(turn: Turn, pending_intent: str = "", speech: str = phrases.ASK_NAMES) -> Response:
    turn.conversation = replace(turn.conversation, pending="names", pending_intent=pending_intent)
    return turn.reply(speech, phrases.ASK_NAMES_REPROMPT)
