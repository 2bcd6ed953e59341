"""Noticing distress in what someone says, wherever it arrives.

When someone speaks of being hurt, afraid, or of harming themselves, an exercise about listening is the wrong
thing: the skill stops and gives the hotlines. Matching is on normalised words so punctuation, case and
curly apostrophes do not hide a phrase, and spoken short forms are written out ("don't", "dont" and "do not"
are one; "wanna" is "want to"), so one rule holds every way a recogniser may spell them.

Both ways of getting it wrong cost something: a missed disclosure is the worse, so the rules lean wide, but a
round stopped with the crisis lines for "my back is hurting me" teaches a couple to stop saying things near
Heartline. So a harm done to "me" needs a person doing it (``DoneToMe``), and everyday phrases that hold a
distress phrase ("not safe to drive") are taken out first.

Three probes showed that a list of literal sentences never keeps up: people say "she threatens to take the
kids if I leave", "he said he'd kill himself if I go", "I'd be better off not existing" in more ways than a list
can hold, while the same words turn up at dinner ("my boss threatened to make me work Saturday", "she said she'd
take the kids to school"). So most of the list is ``patterns``: the structure that makes a sentence a
disclosure, written in the interaction model's own sample syntax with named word classes. A threat is a
reported threat followed by a harm ("{says} ... {person} [{will}] {harm}"); control is a person who won't let
me do one of the ordinary freedoms ("see my sister", "have my own bank account"), not any "won't let me"; a
wish not to live is one of a family of endings ("better off not existing", "stop existing", "not wake up"),
not the words "die" or "end" on their own; coercion is a sexual word and a refusal in one sentence.

What the shapes cannot do: they know the words they were written with. Three times, 30 disclosures written
after a round of fixes were measured once, untuned: 12, 6 and 11 were caught (8, 3 and 9 before the shapes),
while the probe's own sentences are caught 162 of 164. A new object ("threw acid in my face"), act ("raises his
hand") or way of wishing ("so tired of living") slips through, and rounds 2 and 3 gained nothing on sentences
they had not seen. Widening a slot to any word is what raised the earlier alarms ("won't let me" with anything
after it), so a family is widened with its own words, its table talk beside it in
tests/skill/test_safety_probe.py; closing the gap needs something that generalises past words, not more lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from functools import cache, lru_cache

from skill.decks import DoneToMe, Safety

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")
_SPOKEN = {
    "im": "i am", "i'm": "i am", "ive": "i have", "i've": "i have", "wanna": "want to", "gonna": "going to",
    "cannot": "can not", "can't": "can not", "cant": "can not", "won't": "will not", "wont": "will not",
    "don't": "do not", "dont": "do not", "doesn't": "does not", "doesnt": "does not", "didn't": "did not",
    "didnt": "did not", "isn't": "is not", "isnt": "is not", "wasn't": "was not", "wasnt": "was not",
    "weren't": "were not", "werent": "were not", "aren't": "are not", "arent": "are not",
    "couldn't": "could not", "couldnt": "could not", "wouldn't": "would not", "wouldnt": "would not",
    "shouldn't": "should not", "shouldnt": "should not", "haven't": "have not", "havent": "have not",
    "hasn't": "has not", "hasnt": "has not", "hadn't": "had not", "hadnt": "had not",
}  # fmt: skip
"""Short forms written out. Not "he'd" or "he's": would or had, is or has, and the rules name them as they are."""
_FILLERS = frozenset(
    {"just", "really", "actually", "honestly", "literally", "basically", "totally", "seriously", "truly", "own",
     "kinda", "sorta", "um", "umm", "uh", "uhh", "er", "erm"}
)  # fmt: skip
_FILLER_PAIRS = (" kind of ", " sort of ", " you know ", " i mean ")
"""Hedges a speaker puts anywhere ("I'm afraid of my own husband", "if I just disappeared", "he kind of hits
me"): taken out of the text and the rules alike, so no rule has to leave room for them."""


def normalise(text: str) -> str:
    """Whole words, lower case, with accents taken off ("my fiancé hit me" lost its "é" and was missed),
    spoken short forms written out and hedges taken out."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    lowered = plain.translate(_APOSTROPHES).lower()
    words = (word.strip("'") for word in _NOT_WORD.sub(" ", lowered).split())
    spoken = " " + " ".join(_SPOKEN.get(word, word) for word in words if word) + " "
    for pair in _FILLER_PAIRS:
        spoken = spoken.replace(pair, " ")
    return " " + " ".join(word for word in spoken.split() if word not in _FILLERS) + " "


def is_distress(text: str, safety: Safety, names: tuple[str, ...] = ()) -> bool:
    """True when a distress phrase appears as whole words in the text, a person doing harm to "me", or one of
    the ``patterns``.

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
    named = tuple(sorted({normalise(name).strip() for name in names} - {""}))
    if _done_to_me(replace(safety.done_to_me, people=safety.done_to_me.people + named)).search(haystack):
        return True
    return _patterns(safety, named).search(haystack) is not None


@cache
def _normalised(safety: Safety) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The everyday and distress phrases as ``normalise`` gives them, once: every request's slots are checked."""
    return tuple(normalise(p) for p in safety.not_distress), tuple(normalise(p) for p in safety.phrases)


def _alternatives(words: tuple[str, ...]) -> str:
    """Any one of ``words`` (each normalised, longest first), each followed by its space."""
    spoken = sorted({normalise(w).strip() for w in words} - {""}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) + " " for w in spoken) + ")" if spoken else "(?!)"


NAME_SETS_KEPT = 32
"""How many sets of household names the compiled rules are kept for. Names reach the check from ``chat`` and
``talk`` (the endpoint passes none), and each new pair costs a compile of about 45 ms; ``functools.cache`` kept
every pair ever seen for the life of the process, where a handful is all one household needs."""

_NO_NEGATION = "(?!(?:not|never|no) )[^ |]+ "
"""One word that is not a negation and not the mark of an everyday phrase taken out: a gap never spans a "not"
("he said he would never hurt me", "he has never hit me")."""


@lru_cache(maxsize=NAME_SETS_KEPT)
def _done_to_me(rule: DoneToMe) -> re.Pattern[str]:
    """ "<person> [up to two of the in-between words] <act> <target>" ("me", "my wrist", "the kids"), on
    normalised text, and the same act as a second thing the person does ("she screams at me and then hits me",
    "he comes home drunk and beats me"): the person said once, then up to four words and "and" or "then"."""
    person, between = _alternatives(rule.people), _alternatives(rule.between)
    act, target = _alternatives(rule.acts), _alternatives(rule.targets)
    second = f"(?:(?:{_NO_NEGATION}){{1,4}}(?:and |then |and then ){between}{{0,2}})?"
    return re.compile(f" {person}{between}{{0,2}}{second}{act}{target}")


@lru_cache(maxsize=NAME_SETS_KEPT)
def _patterns(safety: Safety, named: tuple[str, ...]) -> re.Pattern[str]:
    """Every pattern as one expression: the household's names join the people of ``{person}``."""
    classes = pattern_classes(safety, named)
    bodies = [compile_pattern(p, classes) for p in safety.patterns]
    return re.compile(" (?:" + "|".join(bodies) + ")") if bodies else re.compile("(?!)")


def pattern_classes(safety: Safety, named: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """The word classes a pattern may name: the file's ``words``, ``person`` and ``between`` from the
    done-to-me rule (with the household's names among the people), and ``named``, the names alone."""
    classes = dict(safety.words)
    classes["person"] = safety.done_to_me.people + named
    classes["between"] = safety.done_to_me.between
    classes["named"] = named
    return classes


_TOKEN = re.compile(r"\{[a-z_]+\}\*?|\.\.\.\d*|[()\[\]|]|[^\s()\[\]|{}]+")
_GAP = 4
"""How many words ``...`` may stand for: "he said [that if I ever left] he'd kill me"."""


def compile_pattern(pattern: str, classes: Mapping[str, tuple[str, ...]]) -> str:
    """A pattern in the interaction model's sample syntax, as a regular expression on normalised text.

    Words match whole words; ``(a|b c)`` is one of them, ``[a|b]`` one or none; ``{name}`` is any entry of a word
    class, ``{name}*`` none to two of them; ``...`` is up to four other words (``...8``: up to eight), never a
    negation and never across an everyday phrase taken out. Raises ``ValueError`` naming what is wrong."""
    tokens = _TOKEN.findall(pattern)
    if "".join(tokens) != "".join(pattern.split()):
        raise ValueError(f"pattern {pattern!r} holds a character the syntax does not know")
    body, end = _sequence(tokens, 0, classes, pattern)
    if end != len(tokens):
        raise ValueError(f"pattern {pattern!r} has an unmatched {tokens[end]!r}")
    if not body:
        raise ValueError(f"pattern {pattern!r} is empty")
    return body


def _sequence(tokens: list[str], at: int, classes: Mapping[str, tuple[str, ...]], pattern: str) -> tuple[str, int]:
    parts: list[str] = []
    while at < len(tokens) and tokens[at] not in {")", "]", "|"}:
        token = tokens[at]
        if token in {"(", "["}:
            close = ")" if token == "(" else "]"
            options, at = _choice(tokens, at + 1, classes, pattern, close)
            parts.append(f"(?:{options})" + ("?" if token == "[" else ""))
            continue
        elif token.startswith("{"):
            name = token.strip("{}*")
            if name not in classes:
                raise ValueError(f"pattern {pattern!r} names an unknown word class {{{name}}}")
            parts.append(_alternatives(classes[name]) + ("{0,2}" if token.endswith("*") else ""))
        elif token.startswith("..."):
            parts.append(f"(?:{_NO_NEGATION}){{0,{int(token[3:] or _GAP)}}}")
        else:
            parts.append("".join(re.escape(w) + " " for w in normalise(token).split()))
        at += 1
    return "".join(parts), at


def _choice(
    tokens: list[str], at: int, classes: Mapping[str, tuple[str, ...]], pattern: str, close: str
) -> tuple[str, int]:
    options = []
    while True:
        option, at = _sequence(tokens, at, classes, pattern)
        options.append(option)
        if at >= len(tokens):
            raise ValueError(f"pattern {pattern!r} has an unclosed {'(' if close == ')' else '['}")
        if tokens[at] == "|":
            at += 1
            continue
        if tokens[at] != close:
            raise ValueError(f"pattern {pattern!r} closes with {tokens[at]!r} where {close!r} was expected")
        if close == ")":
            # a hedge ("just") is taken out of the text, so as a choice it is no choice: "(will|just) kms"
            # must not become "kms" alone
            options = [option for option in options if option]
            if not options:
                raise ValueError(f"pattern {pattern!r} has a choice of nothing but hedges")
        return "|".join(options), at + 1
