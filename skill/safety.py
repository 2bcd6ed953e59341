"""Noticing distress in what someone says, wherever it arrives.

When someone speaks of being hurt, afraid, or of harming themselves, an exercise about listening is the wrong
thing: the skill stops and gives the hotlines. Matching is on normalised words so punctuation, case and
curly apostrophes do not hide a phrase.

Both ways of getting it wrong cost something: a missed disclosure is the worse, so the phrases lean wide, but a
round stopped with the crisis lines for "my back is hurting me" teaches a couple to stop saying things near
Heartline. So a harm done to "me" needs a person doing it (``DoneToMe``), and everyday phrases that hold a
distress phrase ("not safe to drive") are taken out first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import cache

from skill.decks import DoneToMe, Safety

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def normalise(text: str) -> str:
    """Whole words, lower case, with accents taken off: "my fiancé hit me" lost its "é" and was missed."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    lowered = plain.translate(_APOSTROPHES).lower()
    return " " + " ".join(_NOT_WORD.sub(" ", lowered).split()) + " "


def is_distress(text: str, safety: Safety, names: tuple[str, ...] = ()) -> bool:
    """True when a distress phrase appears as whole words in the text, or a person doing harm to "me".

    ``names`` are people the household has named (its two first names, where the front knows them): "Mark hit
    me" is the same disclosure as "he hit me", and no list of pronouns can hold Mark."""
    if not text:
        return False
    haystack = normalise(text)
    everyday, phrases = _normalised(safety)
    for phrase in everyday:
        haystack = haystack.replace(phrase, " | ")
    if any(phrase in haystack for phrase in phrases):
        return True
    if _done_to_me(safety.done_to_me).search(haystack) is not None:
        return True
    named = tuple(sorted({normalise(name).strip() for name in names} - {""}))
    return bool(named) and _done_to_me(replace(safety.done_to_me, people=named)).search(haystack) is not None


@cache
def _normalised(safety: Safety) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The everyday and distress phrases as ``normalise`` gives them, once: every request's slots are checked."""
    return tuple(normalise(p) for p in safety.not_distress), tuple(normalise(p) for p in safety.phrases)


@cache
def _done_to_me(rule: DoneToMe) -> re.Pattern[str]:
    """ "<person> [up to two of the in-between words] <act> <target>" ("me", "my wrist", "the kids"), on
    normalised text."""

    def alternatives(words: tuple[str, ...]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"

    person, between, act = alternatives(rule.people), alternatives(rule.between), alternatives(rule.acts)
    target = alternatives(rule.targets)
    return re.compile(rf" (?:{person})(?: (?:{between})){{0,2}} (?:{act}) (?:{target}) ")
