"""Choosing the next prompt: never the same one twice for a household until its deck is used up.

The used ids are kept per deck and depth in the household document, so the promise holds across sessions
and devices. When a deck runs out it starts over, but the prompt given last is held back so the first one of
the new cycle cannot be the one just heard.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol, TypeVar

from skill.decks import Deck, Depth, Prompt
from skill.state import Household


class HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=HasId)


def used_key(deck: Deck, depth: Depth) -> str:
    return f"{deck.name}:{depth.value}"


def pick_fresh(
    candidates: Sequence[T], used: tuple[str, ...], rng: random.Random | None = None
) -> tuple[T, tuple[str, ...]]:
    """One candidate not in ``used`` and the used ids with it appended (a new cycle when all were used)."""
    if not candidates:
        raise LookupError("nothing to choose from")
    rng = rng or random.Random()
    used_set = set(used)
    fresh = [c for c in candidates if c.id not in used_set]
    if not fresh:
        last = used[-1] if used else ""
        fresh = [c for c in candidates if c.id != last] or list(candidates)
        used = ()
    chosen = rng.choice(fresh)
    return chosen, (*used, chosen.id)


def draw(deck: Deck, depth: Depth, household: Household, rng: random.Random | None = None) -> tuple[Prompt, Household]:
    """The next prompt for this household, and the household with that prompt marked as used."""
    candidates = [p for p in deck.at_depth(depth) if household.relationship in p.fits] or list(deck.at_depth(depth))
    if not candidates:
        raise LookupError(f"deck {deck.name!r} has no prompts at depth {depth.value}")
    key = used_key(deck, depth)
    prompt, used = pick_fresh(candidates, household.used.get(key, ()), rng)
    return prompt, replace(household, used={**household.used, key: used}, last_prompt=prompt.id)
