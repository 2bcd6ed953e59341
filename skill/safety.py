"""Noticing distress in what someone says, wherever it arrives.

When someone speaks of being hurt, afraid, or of harming themselves, an exercise about listening is the wrong
thing: the skill stops and gives the hotlines. Matching is on normalised words so punctuation, case and
curly apostrophes do not hide a phrase.
"""

from __future__ import annotations

import re

from skill.decks import Safety

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def normalise(text: str) -> str:
    lowered = text.translate(_APOSTROPHES).lower()
    return " " + " ".join(_NOT_WORD.sub(" ", lowered).split()) + " "


def is_distress(text: str, safety: Safety) -> bool:
    """True when any distress phrase appears as whole words in the text."""
    if not text:
        return False
    haystack = normalise(text)
    return any(normalise(phrase) in haystack for phrase in safety.phrases)
