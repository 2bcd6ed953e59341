"""Numbers as people say them ("twenty five", "a hundred and ten", "5"), found in a sentence or read from a slot.

One reader for the whole app, so that a score, a round's minutes and a setting are read the same typed, by
voice and from Alexa; "one" that stands for a thing ("the last one") is not a number.
"""

from __future__ import annotations

import re

from skill.number_words import number_from_words

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
_UNITS += "sixteen seventeen eighteen nineteen"
UNIT_WORDS: dict[str, int] = {word: n for n, word in enumerate(_UNITS.split())}
TENS_WORDS: dict[str, int] = {
    word: 10 * n for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_BELOW_HUNDRED = (
    r"(?:"
    + "|".join(TENS_WORDS)
    + r")(?: (?:"
    + "|".join(list(UNIT_WORDS)[1:10])
    + r"))?|"
    + "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
)
_HUNDREDS = r"(?:a|" + "|".join(list(UNIT_WORDS)[1:10]) + r") hundred(?:(?: and)? (?:" + _BELOW_HUNDRED + r"))?"
NUMBER_PATTERN = r"\d{1,3}|" + _HUNDREDS + "|" + _BELOW_HUNDRED
"""Hundreds come first: "one hundred" read as "one" would set a one-minute round."""
NUMBER_SEARCH = re.compile(r"\b(?:" + NUMBER_PATTERN + r")\b")


_ONE_AS_A_WORD_FOR_A_THING = frozenset(
    "first second third fourth fifth sixth seventh last next previous other another that this same new different "
    "lighter deeper easier harder light deep easy hard serious better good great nice fun funny sweet tough "
    "interesting lovely beautiful favourite favorite big small little long short quick "
    "needs empathy support listening dinner comforting".split()
)
"""Words after which "one" stands for a thing ("the last one", "a lighter one", "that was a good one", "the needs
one"), not the number one: "can we do the needs one next" had started a needs round with one-minute turns."""


def _not_a_number(utterance: str, found: re.Match[str]) -> bool:
    """Not a number after all: "one more round" asks for another round, not a one-minute one, "one of those
    listening rounds" is any of them, and in "the last one" or "a deeper one", "one" is the question or round meant,
    as in "the one about needs" or "the one where we listen" (which had asked for one-minute turns)."""
    if found.group(0) != "one":
        return False
    before = utterance[: found.start()].split()
    after = utterance[found.end() :]
    return after.startswith((" more", " of ", " about ", " where ")) or bool(
        before and before[-1] in _ONE_AS_A_WORD_FOR_A_THING
    )


def spoken_numbers(utterance: str) -> list[str]:
    """The numbers ``utterance`` really says, in order ("one" as in "the last one" left out)."""
    return [m.group(0) for m in NUMBER_SEARCH.finditer(utterance) if not _not_a_number(utterance, m)]


def words_to_number(spoken: str) -> int | None:
    """'25', 'twenty five', 'seven' -> the number; anything else -> None (one reader for the whole app)."""
    return int(spoken) if spoken.isdigit() else number_from_words(spoken)
