"""Number words in AMAZON.NUMBER slots read as digits, as Alexa's language understanding reads them.

Alexa resolves AMAZON.NUMBER to digits before a request reaches the skill; simulators such as
virtual-alexa send the words, so the endpoint does the same resolution before the handlers see the slot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_UNITS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    word: value * 10
    for value, word in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if word != "_"
}
_SCALES = {"hundred": 100, "thousand": 1000}


def number_from_words(text: str) -> int | None:
    """``"twenty five"`` -> 25, ``"a hundred and five"`` -> 105; None when ``text`` is not all number words.

    Alexa's language understanding resolves AMAZON.NUMBER to digits; simulators such as virtual-alexa send
    the words, so the endpoint does the same resolution.
    """
    words = [w for w in re.split(r"[\s-]+", text.strip().lower()) if w and w != "and"]
    if not words:
        return None
    total, current, seen = 0, 0, False
    for index, word in enumerate(words):
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "a" and index + 1 < len(words) and words[index + 1] in _SCALES:
            current += 1
            continue
        elif word in _SCALES:
            scale = _SCALES[word]
            current = max(current, 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


def digits_for_number_words(envelope: dict[str, Any], number_slot: Callable[[str, str], bool]) -> None:
    """Rewrite, in place, AMAZON.NUMBER slot values given as words into digits.

    ``number_slot(intent, slot)`` says which slots are AMAZON.NUMBER (from the interaction model).
    """
    request = envelope.get("request")
    intent = request.get("intent") if isinstance(request, dict) else None
    if not isinstance(intent, dict) or not isinstance(intent.get("slots"), dict):
        return
    intent_name = str(intent.get("name", ""))
    for slot_name, slot in intent["slots"].items():
        if not isinstance(slot, dict) or not isinstance(slot.get("value"), str):
            continue
        if slot["value"].strip().isdigit() or not number_slot(intent_name, str(slot_name)):
            continue
        number = number_from_words(slot["value"])
        if number is not None:
            slot["value"] = str(number)


def any_slot(intent: str, slot: str) -> bool:
    """Treat every slot as a possible number: a value made only of number words becomes digits."""
    return True


def number_slots_of_model() -> Callable[[str, str], bool]:
    """The AMAZON.NUMBER slots of the interaction model (the one source Alexa's model is made from)."""
    from intents.interaction_model import NUMBER_TYPE, load_model

    model = load_model()
    numbers = frozenset(
        (intent.name, slot) for intent in model.intents for slot, kind in intent.slots.items() if kind == NUMBER_TYPE
    )
    return lambda intent, slot: (intent, slot) in numbers
