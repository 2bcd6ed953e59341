"""Choosing the next prompt: never the same one twice for a household until its deck is used up.

The used ids are kept per deck and depth in the household document, so the promise holds across sessions
and devices. When a deck runs out it starts over, but the prompt given last is held back so the first one of
the new cycle cannot be the one just heard.

A theme ("ask us about growing up") narrows the choice but never starts a cycle over: it takes only questions
not yet given in their depth's cycle, so asking for one theme cannot bring back the rest of the deck early.
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


def draw_themed(
    deck: Deck, depth: Depth, theme: str, household: Household, rng: random.Random | None = None
) -> tuple[Prompt, Household] | None:
    """A fresh prompt on ``theme``: at ``depth`` if one is left, else at the nearest lighter depth. Never deeper
    than asked: a table goes deeper when it says so (a probe's "another one" on growing up went from light to
    deep questions in nine turns, nobody having asked). None when the theme has none left at or below it."""
    on_theme = [p for p in deck.prompts if theme in p.themes]
    fitting = [p for p in on_theme if household.relationship in p.fits] or on_theme
    levels = list(Depth)
    order = levels[: levels.index(depth) + 1][::-1]
    for level in order:
        key = used_key(deck, level)
        used = household.used.get(key, ())
        fresh = [p for p in fitting if p.depth is level and p.id not in used]
        if fresh:
            prompt = (rng or random.Random()).choice(fresh)
            return prompt, replace(household, used={**household.used, key: (*used, prompt.id)}, last_prompt=prompt.id)
    return None


def draw_dinner(
    deck: Deck, depth: Depth, household: Household, theme: str = "", rng: random.Random | None = None
) -> tuple[Prompt, Household]:
    """The next dinner question: on ``theme`` while it has fresh ones, else as ``draw``. The household keeps the
    theme only while it held, so the caller can tell a theme that ran out (and say so)."""
    if theme:
        themed = draw_themed(deck, depth, theme, household, rng)
        if themed is not None:
            prompt, kept = themed
            return prompt, replace(kept, dinner_theme=theme)
    return draw(deck, depth, replace(household, dinner_theme=""), rng)


def release_unplayed(household: Household, deck: Deck) -> Household:
    """The household with the questions its dinner queued but never played given back to the deck.

    A playing dinner draws each question a track ahead (so the next one is queued on the device in time), and
    a draw marks it used. When the dinner ends there, or is left for something else, the queued question was
    never heard: kept as used, the deck ran out early (a probe over 40 evenings heard repeats after 27 of 35
    light questions), and at a cycle's end the question held back was that unheard one, not the last one heard,
    which could then come first again. The dinner keeps its questions up to the one playing, and ``last_prompt``
    is that one. Anything but a dinner is returned as it is."""
    active = household.active
    if active is None or active.exercise != "dinner" or len(active.prompts) <= active.phase + 1:
        return household
    heard, unplayed = active.prompts[: active.phase + 1], set(active.prompts[active.phase + 1 :])
    prefix = f"{deck.name}:"
    used = {
        key: tuple(i for i in ids if i not in unplayed) if key.startswith(prefix) else ids
        for key, ids in household.used.items()
    }
    return replace(household, used=used, active=replace(active, prompts=heard), last_prompt=heard[-1])
