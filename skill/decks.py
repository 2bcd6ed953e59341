"""Typed content: the decks and scripts the skill speaks from (read from YAML by ``skill.content_files``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Depth(StrEnum):
    """How far into the relationship a prompt reaches; couples start light and ask for deeper."""

    LIGHT = "light"
    MEDIUM = "medium"
    DEEP = "deep"

    def step(self, by: int) -> Depth:
        """``by`` levels deeper (negative: lighter), no further than the lightest or the deepest."""
        order = list(Depth)
        return order[min(max(order.index(self) + by, 0), len(order) - 1)]


RELATIONSHIPS = ("couple", "friends", "family")


@dataclass(frozen=True)
class Prompt:
    """One topic or question; its id is what the store remembers, never its text."""

    id: str
    depth: Depth
    text: str
    fits: frozenset[str]
    """Relationships the prompt suits (a subset of RELATIONSHIPS)."""
    themes: frozenset[str] = frozenset()
    """What a table can ask for by name ("something about growing up"): ids from its deck's ``themes``."""


@dataclass(frozen=True)
class Deck:
    """A named set of prompts; selection never repeats one for a household until the deck is used up."""

    name: str
    prompts: tuple[Prompt, ...]
    themes: Mapping[str, str] = field(default_factory=dict)
    """Theme id -> how it is named aloud ("growing up" for childhood); only dinner questions have themes."""

    def at_depth(self, depth: Depth) -> tuple[Prompt, ...]:
        return tuple(p for p in self.prompts if p.depth is depth)

    def get(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)


@dataclass(frozen=True)
class Example:
    """A complaint turned into a specific request, for the needs round."""

    complaint: str
    request: str


@dataclass(frozen=True)
class RoundScript:
    """What the skill says at each phase of one turn-taking round.

    Templates may use ``{speaker}``, ``{listener}``, ``{topic}``, ``{minutes}``, ``{first}``, ``{second}``.
    """

    id: str
    """listening, needs, empathy or support."""
    title: str
    intro: str
    """Spoken before the first phase: what is about to happen and the one rule that matters."""
    speak: str
    """Start of a speaker's turn."""
    respond: str
    """Start of the listener's reply (paraphrase, name the feeling, celebrate or comfort)."""
    confirm: str
    """The speaker confirms or adds."""
    switch: str
    """The floor changes hands."""
    reflect: str
    """Both together at the end."""
    outro: str
    """After the last phase: invites a check-in."""
    time_warning: str
    """Spoken after the warning chime, e.g. 'thirty seconds left'."""
    about: str = ""
    """What the round is, told to someone who asks before starting one ("what is a needs round?"): the intro is
    said as it starts, with phones put away, and is not an answer to a question."""
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class Myth:
    id: str
    myth: str
    truth: str


@dataclass(frozen=True)
class Faq:
    id: str
    question: str
    answer: str
    topics: tuple[str, ...]
    """Words a FaqIntent ``topic`` slot value may carry for this answer."""


@dataclass(frozen=True)
class Part:
    """One of the five parts of emotional intimacy."""

    id: str
    name: str
    meaning: str
    alone: str = ""
    """Said after the meaning when this part is asked about by itself (what it is often mistaken for), and left
    out of the five-part overview, which would grow too long to follow by ear."""


@dataclass(frozen=True)
class Styles:
    """Communication-style tendencies, told as tendencies and never as rules about a person."""

    intro: str
    tips: tuple[str, ...]
    closing: str


@dataclass(frozen=True)
class ListenOffer:
    """An answer that ends by offering a round. When a partner says things are hard between them (fights,
    distance, loneliness), or that they have had a hard day: not a menu and not an apology for not
    understanding, but a word of care, a plain limit (it is not therapy), and one thing it can guide. When
    someone asks what active listening is, or what an "I" statement is: what it asks of them, then the
    chance to try it."""

    message: str
    offer: str
    """A yes-or-no question that ends the answer; yes starts the round named by ``exercise``."""
    exercise: str = "listening"
    """The round a yes starts: a listening round for trouble between them, a support round (comfort, no
    advice) for a hard day, which is about the world outside the two of them."""


@dataclass(frozen=True)
class CheckInStatement:
    """Answered 1 (not at all) to 5 (completely)."""

    id: str
    text: str


@dataclass(frozen=True)
class Safety:
    """What counts as distress, and what the skill says instead of coaching."""

    phrases: tuple[str, ...]
    """Lower-case phrases; any of them inside an utterance stops the exercise."""
    message: str
    """The hotlines and the plain statement that Heartline is not therapy."""
    done_to_me: DoneToMe = field(default_factory=lambda: DoneToMe((), (), ()))
    not_distress: tuple[str, ...] = ()
    """Everyday phrases that hold a distress phrase ("not safe to drive"): taken out before looking."""
    words: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Named word classes for ``patterns`` ("says": said, told me, swore...), as (name, entries) pairs."""
    patterns: tuple[str, ...] = ()
    """Sentence shapes in the sample syntax ("{says} ... {person} [{will}] {harm}"): any of them stops it too."""


@dataclass(frozen=True)
class DoneToMe:
    """A harm done to the speaker counts only with a person doing it: "he keeps hurting me" is distress, "my
    back is hurting me" and the I statement "it hurts me when you're late" are not (a probe found a sore back
    and a boss's late shift stopping rounds with the hotlines when these were bare phrases)."""

    people: tuple[str, ...]
    between: tuple[str, ...]
    """Words that may stand between the person and the act, at most two ("he has been hurting me")."""
    acts: tuple[str, ...]
    """What is done, each followed by a target in the utterance ("throws things at" + "me")."""
    targets: tuple[str, ...] = ("me",)
    """Who or what it is done to: the speaker, a part of them ("my wrist"), or the children ("the kids")."""


@dataclass(frozen=True)
class Content:
    """Everything the skill says that is longer than an interface phrase."""

    topics: Deck
    dinner: Deck
    rounds: dict[str, RoundScript]
    myths: tuple[Myth, ...]
    faqs: tuple[Faq, ...]
    parts: tuple[Part, ...]
    styles: Styles
    hard_times: ListenOffer
    hard_day: ListenOffer
    active_listening: ListenOffer
    i_statements: ListenOffer
    naming_feelings: ListenOffer
    """Said to "how do I name a feeling?": that a feeling is a word or two, how to find it when none comes, and the
    needs round, where a feeling is said aloud."""
    repair: ListenOffer
    long_distance: ListenOffer
    """Said to a couple who are apart: what Heartline is made for, how it can still lead over a call, and a round
    to try that way."""
    good_news: ListenOffer
    """Said to good news: congratulations, how to share it well, and a support round to celebrate it."""
    supporting: ListenOffer
    """Said to "how do I support her when she's sad?": how to stay with a partner who is hurting, and the support
    round, where it is practised."""
    checkin: tuple[CheckInStatement, ...]
    safety: Safety

    def deck(self, name: str) -> Deck:
        return {"topics": self.topics, "dinner": self.dinner}[name]


# --- Loading and validation -------------------------------------------------------------------------------
