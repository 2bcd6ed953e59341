"""The local text matcher: turns a typed or recognised sentence into an intent and slots, as Alexa would.

Built from the same interaction model as the ASK file, so ``heartline chat`` and the microphone loop
understand what an Echo understands. First every expanded sample is tried as an exact pattern (slots
as named groups); if none fits, a forgiving pass allows close misspellings and extra filler words but
still demands every key word of a sample, so that table talk ("pass the salt please") falls through
to ``AMAZON.FallbackIntent`` instead of triggering a command.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from itertools import dropwhile

from intents.interaction_model import (
    FIRST_NAME_TYPE,
    NUMBER_TYPE,
    InteractionModel,
    SlotValue,
    load_model,
)
from intents.pieces import PIECE_LIKENESS, PieceReading
from intents.spoken_numbers import (
    NUMBER_PATTERN,
    NUMBER_SEARCH,
    TENS_WORDS,
    UNIT_WORDS,
    spoken_numbers,
    words_to_number,
)
from intents.utterance import strip_fillers, strip_invocation, words
from intents.wordlists import (
    AFTER_ENDING_VERBS,
    COMMON_WORDS,
    DETERMINERS,
    ENDING_VERBS,
    NEGATORS,
    NOT_NAMES,
    STOP_WORDS,
    TURNING_WORDS,
)
from skill.errors import ModelError

__all__ = ["FALLBACK_INTENT", "FUZZY_CUTOFF", "Match", "Matcher", "SlotMatch", "words_to_number"]

FALLBACK_INTENT = "AMAZON.FallbackIntent"

FUZZY_CUTOFF = 0.72
"""Lowest similarity a forgiving match may have; chosen with the tables in tests/intents/test_matcher.py."""
FORGIVING_MAX = 0.99
"""Highest score a forgiving match reports, so that 1.0 always means "said exactly as a sample"."""
WORD_CUTOFF = 0.8
"""How close a misspelt word must be to a known one to count as it (difflib ratio)."""
TRANSPOSED_RATIO = 0.9
"""How close a word with two neighbouring letters swapped counts as: as close as one letter missing from a
word of ten."""
MIN_CORRECTABLE_LENGTH = 4
"""Shorter unknown words are left alone: at three letters nearly everything is 'close' to something."""

_NAME_WORD = r"(?!(?:" + "|".join(NOT_NAMES) + r")\b)[^\W\d_]+"
_NAME_PATTERN = _NAME_WORD + r"(?: " + _NAME_WORD + r")?"

_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class SlotMatch:
    """A filled slot: what was said, and for custom types the value it resolves to."""

    spoken: str
    """The words as heard (numbers as digits, like Alexa sends them)."""
    resolved_id: str | None = None
    resolved_name: str | None = None


@dataclass(frozen=True)
class Match:
    """The matcher's answer for one sentence."""

    intent: str
    slots: dict[str, SlotMatch] = field(default_factory=dict)
    score: float = 0.0
    """1.0 for an exact sample; the similarity for a forgiving match; 0.0 for the fallback."""
    exact: bool = False


FALLBACK = Match(intent=FALLBACK_INTENT, slots={}, score=0.0, exact=False)


def _transposed(known: str, typed: str) -> bool:
    """Two neighbouring letters swapped, the commonest typing slip ("fuor"), which difflib rates low (0.75)."""
    if len(known) != len(typed) or known == typed:
        return False
    diff = [i for i, (a, b) in enumerate(zip(known, typed, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and known[diff[0]] == typed[diff[1]]
        and known[diff[1]] == typed[diff[0]]
    )


def _deletions(word: str) -> set[str]:
    """The word with up to one letter removed (two for long words): misspellings of a word share one."""
    variants = {word}
    rounds = 2 if len(word) >= 7 else 1
    for _ in range(rounds):
        variants |= {v[:i] + v[i + 1 :] for v in variants for i in range(len(v)) if len(v) > 2}
    return variants


def _sample_tokens(sample: str) -> list[str]:
    """A sample's words normalised like an utterance; ``{slot}`` tokens kept as they are."""
    tokens: list[str] = []
    for token in sample.split():
        tokens.extend([token] if _SLOT.fullmatch(token) else words(token))
    return strip_fillers(tokens)


@dataclass(frozen=True)
class _Sample:
    """One compiled sample phrase."""

    intent: str
    text: str
    literal: str
    """The sample's words without its slots: what a forgiving match compares against."""
    literal_words: frozenset[str]
    content: str
    """The literal words minus stop words, in order: "can you forget us" and "forget us" agree on it."""
    keywords: frozenset[str]
    slots: tuple[tuple[str, str], ...]
    """(slot name, slot type) in the order they appear."""
    source: str | None
    """Full-match pattern's source (``_compiled``); None for a sample without slots (looked up directly)."""


@cache
def _compiled(source: str) -> re.Pattern[str]:
    """A sample's pattern, compiled on first use: a sentence tries only the few samples whose words it holds,
    while compiling all of them up front (each name slot carries the whole not-a-name list) took 6.6 s of every
    process that built a matcher, the CLI's and each test's subprocess among them."""
    return re.compile(source)


def _verb_takes_other_object(sample: _Sample, tokens: list[str], corrected: list[str]) -> bool:
    """Whether the utterance gives one of the sample's ``ENDING_VERBS`` an object the sample does not have. The
    verb is looked for as spelling correction reads it, its object as typed: corrected, "end the lease" was "end
    the please"."""
    verbs = sample.literal_words & ENDING_VERBS
    if not verbs:
        return False
    for at, word in enumerate(corrected):
        if word not in verbs:
            continue
        rest = list(dropwhile(lambda w: w in DETERMINERS, tokens[at + 1 :]))
        following = rest[0] if rest else ""
        if (
            following
            and following not in STOP_WORDS
            and following not in AFTER_ENDING_VERBS
            and following not in sample.literal_words
        ):
            return True
    return False


class Matcher(PieceReading):
    """Matches sentences against every phrase of an interaction model; build once, match many times."""

    def __init__(self, model: InteractionModel | None = None) -> None:
        self.model = model or load_model()
        self._values: dict[str, dict[str, SlotValue]] = {}
        self._type_patterns: dict[str, str] = {}
        self._type_search: dict[str, re.Pattern[str]] = {}
        for slot_type in self.model.slot_types.values():
            spoken: dict[str, SlotValue] = {}
            for value in slot_type.values:
                for phrase in (value.name, *value.synonyms):
                    spoken.setdefault(" ".join(words(phrase)), value)
            alternatives = "|".join(re.escape(p) for p in sorted(spoken, key=len, reverse=True))
            self._values[slot_type.name] = spoken
            self._type_patterns[slot_type.name] = alternatives
            self._type_search[slot_type.name] = re.compile(r"\b(?:" + alternatives + r")\b")

        self._literal: dict[str, str] = {}
        self._slotted: list[_Sample] = []
        slotted_texts: set[tuple[str, str]] = set()
        self._fuzzy: list[_Sample] = []
        exact_texts: set[str] = set()
        loose_texts: set[str] = set()
        for intent in self.model.intents:
            slot_types = dict(intent.slots)
            for phrase in intent.phrases:
                sample = self._compile(intent.name, phrase, slot_types)
                if sample.source is None:
                    owner = self._literal.setdefault(sample.text, intent.name)
                    if owner != intent.name:
                        raise ModelError(
                            f"{phrase!r} of {intent.name} reads the same as a phrase of {owner} once normalised"
                        )
                elif (intent.name, sample.text) not in slotted_texts:
                    slotted_texts.add((intent.name, sample.text))
                    self._slotted.append(sample)
                (exact_texts if phrase in intent.exact_only else loose_texts).add(sample.text)
                names = sum(1 for _, t in sample.slots if t == FIRST_NAME_TYPE)
                if sample.keywords and names <= len(sample.keywords) and phrase not in intent.exact_only:
                    # A sample that is mostly names gives a forgiving match too little to go on.
                    self._fuzzy.append(sample)

        self._whole_only = frozenset(exact_texts - loose_texts)
        """Samples only ever taken as the whole sentence: never the command before a reason either."""
        self._anchored: dict[str, list[_Sample]] = {}
        self._unanchored: list[_Sample] = []
        frequency: dict[str, int] = {}
        for sample in self._slotted:
            for word in sample.literal_words:
                frequency[word] = frequency.get(word, 0) + 1
        for sample in self._slotted:
            if sample.literal_words:
                anchor = min(sorted(sample.literal_words), key=lambda w: frequency[w])
                self._anchored.setdefault(anchor, []).append(sample)
            else:
                self._unanchored.append(sample)

        self._by_keyword: dict[str, list[int]] = {}
        for index, sample in enumerate(self._fuzzy):
            for word in sample.keywords:
                self._by_keyword.setdefault(word, []).append(index)

        known: set[str] = set(UNIT_WORDS) | set(TENS_WORDS)
        for sample in self._fuzzy + self._slotted:
            known |= sample.literal_words
        for sample_text in self._literal:
            known.update(sample_text.split())
        for spoken in self._values.values():
            for phrase in spoken:
                known.update(phrase.split())
        self._known = frozenset(known)
        self._by_deletion: dict[str, set[str]] = {}
        for word in self._known:
            for variant in _deletions(word):
                self._by_deletion.setdefault(variant, set()).add(word)
        self._corrections: dict[str, str | None] = {}
        self._declared = {intent.name: intent.slots for intent in self.model.intents}

    # --- construction ---------------------------------------------------------------------------------

    def _compile(self, intent: str, phrase: str, slot_types: Mapping[str, str]) -> _Sample:
        tokens = _sample_tokens(phrase)
        parts: list[str] = []
        slots: list[tuple[str, str]] = []
        literal: list[str] = []
        for token in tokens:
            slot = _SLOT.fullmatch(token)
            if slot is None:
                parts.append(re.escape(token))
                literal.append(token)
                continue
            name = slot.group(1)
            type_name = slot_types[name]
            slots.append((name, type_name))
            parts.append(f"(?P<{name}>{self._slot_pattern(type_name)})")
        text = " ".join(tokens)
        return _Sample(
            intent=intent,
            text=text,
            literal=" ".join(literal),
            literal_words=frozenset(literal),
            content=" ".join(w for w in literal if w not in STOP_WORDS),
            keywords=frozenset(w for w in literal if w not in STOP_WORDS),
            slots=tuple(slots),
            source=" ".join(parts) if slots else None,
        )

    def _slot_pattern(self, type_name: str) -> str:
        if type_name == NUMBER_TYPE:
            return NUMBER_PATTERN
        if type_name in self._type_patterns:
            return self._type_patterns[type_name]
        if type_name == FIRST_NAME_TYPE:
            return _NAME_PATTERN
        return r"[a-z0-9]+(?: [a-z0-9]+){0,3}"

    # --- matching -------------------------------------------------------------------------------------

    def match(self, text: str) -> Match:
        """The intent and slots for one sentence, or the fallback when nothing fits well enough."""
        tokens = strip_fillers(strip_invocation(words(text)))
        if not tokens:
            return FALLBACK
        utterance = " ".join(tokens)
        found = self._exact(utterance, tokens)
        if found is not None:
            return found
        corrected = [self._correct(t) for t in tokens]
        if corrected != tokens:
            fixed = " ".join(corrected)
            found = self._exact(fixed, corrected)
            if found is not None:
                score = min(SequenceMatcher(None, utterance, fixed).ratio(), FORGIVING_MAX)
                if score >= FUZZY_CUTOFF:
                    return Match(intent=found.intent, slots=found.slots, score=score, exact=False)
        found = self._forgiving(tokens, corrected)
        if found.intent == FALLBACK_INTENT:
            return (
                self._command_then_reason(tokens)
                or self._in_pieces(text)
                or self._two_at_once(tokens)
                or self._after_the_story(tokens)
                or found
            )
        # A loose match of the whole loses to two whole requests ("pause it and tell me how long is left" was only
        # the time left), and, when looser still, to a close match of a piece ("four, and next one please": next).
        if found.intent == "TableTalkIntent":
            return found  # "that's a tough one, hold on" is said across the table, not a pause
        pieced = self._two_at_once(tokens)
        if pieced is None and found.score < PIECE_LIKENESS:
            pieced = self._in_pieces(text)
        if pieced is not None and pieced.score >= found.score:
            return pieced
        return found

    def _exact(self, utterance: str, tokens: list[str], *, whole: bool = True) -> Match | None:
        """The sample ``utterance`` is, exactly. ``whole``: it is the whole sentence; when it is only the start of
        one (a command before its reason), exact-only samples are left out, as their mark promises: "let's try"
        (a yes) is not the start of "let's try the pasta"."""
        if not whole and utterance in self._whole_only:
            return None
        intent = self._literal.get(utterance)
        if intent is not None:
            return Match(intent=intent, slots={}, score=1.0, exact=True)
        present = set(tokens)
        best: tuple[int, int] | None = None
        chosen: tuple[_Sample, re.Match[str]] | None = None
        for sample in self._exact_candidates(present):
            if not sample.literal_words <= present or sample.source is None:
                continue
            if not whole and sample.text in self._whole_only:
                continue
            found = _compiled(sample.source).fullmatch(utterance)
            if found is None:
                continue
            captured = sum(len(v) for v in found.groupdict().values() if v)
            # A value from a listed slot type is as telling as literal words: "we are mother and daughter" is
            # who they are, not two first names ("we are {first_name} and {second_name}" has more literal text).
            listed = sum(len(found.group(name) or "") for name, kind in sample.slots if kind in self._values)
            rank = (len(sample.literal) + listed, -captured)
            if best is None or rank > best:
                best, chosen = rank, (sample, found)
        if chosen is None:
            return None
        sample, found = chosen
        slots = {name: self._slot_match(type_name, found.group(name)) for name, type_name in sample.slots}
        return Match(intent=sample.intent, slots=slots, score=1.0, exact=True)

    def _exact_candidates(self, present: set[str]) -> Iterable[_Sample]:
        for word in present:
            yield from self._anchored.get(word, ())
        yield from self._unanchored

    def _slot_match(self, type_name: str, spoken: str) -> SlotMatch:
        if type_name == NUMBER_TYPE:
            number = words_to_number(spoken)
            return SlotMatch(spoken=str(number) if number is not None else spoken)
        value = self._values.get(type_name, {}).get(spoken)
        if value is not None:
            return SlotMatch(spoken=spoken, resolved_id=value.id, resolved_name=value.name)
        return SlotMatch(spoken=spoken)

    def _correct(self, word: str) -> str:
        """The known word a misspelt word is closest to (ratio >= WORD_CUTOFF), else the word itself."""
        if word in self._known or word in COMMON_WORDS or len(word) < MIN_CORRECTABLE_LENGTH or word.isdigit():
            return word
        if word not in self._corrections:
            if len(self._corrections) > 4096:
                self._corrections.clear()
            self._corrections[word] = self._closest(word)
        return self._corrections[word] or word

    def _closest(self, word: str) -> str | None:
        """Known words sharing a deletion variant are the only candidates (checking all is ~1 ms a word)."""
        candidates: set[str] = set()
        for variant in _deletions(word):
            candidates |= self._by_deletion.get(variant, set())
        best, best_rank = None, (WORD_CUTOFF, False)
        matcher = SequenceMatcher(None, "", word)
        for candidate in sorted(candidates):
            matcher.set_seq1(candidate)
            ratio = TRANSPOSED_RATIO if _transposed(candidate, word) else matcher.ratio()
            # Between words as close, a number: "thre" is "three" more often than "there" (a check-in answer
            # typed "thre" was greeted as "there"), and a number is what a command needs.
            rank = (ratio, words_to_number(candidate) is not None)
            if rank > best_rank or (rank == best_rank and best is None):
                best, best_rank = candidate, rank
        return best

    def _forgiving(self, tokens: list[str], corrected: list[str]) -> Match:
        """Best sample whose key words all appear (misspellings corrected), scored by overall similarity."""
        present = set(corrected)
        hits: dict[int, int] = {}
        for word in present:
            for index in self._by_keyword.get(word, ()):
                hits[index] = hits.get(index, 0) + 1
        best: tuple[float, int] | None = None
        chosen: _Sample | None = None
        stripped: dict[tuple[str, ...], tuple[str, str, set[str]]] = {}
        for index, count in hits.items():
            sample = self._fuzzy[index]
            if count != len(sample.keywords):
                continue
            kinds = tuple(sorted({t for _, t in sample.slots if t == NUMBER_TYPE or t in self._type_search}))
            if not self._has_slotwords(corrected, kinds):
                continue
            if kinds not in stripped:
                text = self._without_slotwords(" ".join(tokens), kinds)
                left = set(self._without_slotwords(" ".join(corrected), kinds).split()) & TURNING_WORDS
                stripped[kinds] = (text, " ".join(w for w in text.split() if w not in STOP_WORDS), left)
            text, content, turning_left = stripped[kinds]
            # A turning word inside a slot's value ("happy couples never argue") is the value's, not a turn
            # of the sentence the sample lacks.
            if not turning_left <= sample.literal_words:
                continue
            if _verb_takes_other_object(sample, tokens, corrected):
                continue
            score = max(
                SequenceMatcher(None, sample.literal, text).ratio(),
                SequenceMatcher(None, sample.content, content).ratio(),
            )
            rank = (score, len(sample.keywords))
            if best is None or rank > best:
                best, chosen = rank, sample
        if chosen is None or best is None or best[0] < FUZZY_CUTOFF:
            return FALLBACK
        slots = self._loose_slots(self._declared[chosen.intent], corrected)
        return Match(intent=chosen.intent, slots=slots, score=min(best[0], FORGIVING_MAX), exact=False)

    def _has_slotwords(self, tokens: list[str], kinds: tuple[str, ...]) -> bool:
        """A sample's number and custom slots are part of its meaning: "tell me about {topic}" needs a topic."""
        utterance = " ".join(tokens)
        for kind in kinds:
            if kind == NUMBER_TYPE:
                # "that was a good one" has no number in it for "that was a {score}" to be about.
                if not spoken_numbers(utterance):
                    return False
            elif self._type_search[kind].search(utterance) is None:
                return False
        return True

    def _without_slotwords(self, utterance: str, kinds: tuple[str, ...]) -> str:
        """The utterance minus words that would fill the sample's slots (numbers, custom values)."""
        for kind in kinds:
            if kind == NUMBER_TYPE:
                utterance = NUMBER_SEARCH.sub(" ", utterance)
            elif kind in self._type_search:
                utterance = self._type_search[kind].sub(" ", utterance)
        return " ".join(utterance.split())

    def _loose_slots(self, declared: Mapping[str, str], tokens: list[str]) -> dict[str, SlotMatch]:
        """Slots for a forgiving match: the intent's numbers and custom values found anywhere, in order.

        Names are not guessed: without the sample's shape any word could be one.
        """
        utterance = " ".join(tokens)
        numbers = spoken_numbers(utterance)
        slots: dict[str, SlotMatch] = {}
        # Where values already went: two slots of one type ("the needs and support rounds") take two values, and
        # a value said once fills one slot.
        taken: set[int] = set()
        for name, type_name in declared.items():
            if type_name == NUMBER_TYPE and numbers:
                slots[name] = self._slot_match(type_name, numbers.pop(0))
            elif type_name in self._type_search:
                found = next(
                    (
                        m
                        for m in self._type_search[type_name].finditer(utterance)
                        if m.start() not in taken and not _negated(utterance, m)
                    ),
                    None,
                )
                if found is not None:
                    taken.add(found.start())
                    slots[name] = self._slot_match(type_name, found.group(0))
        return slots


def _negated(utterance: str, found: re.Match[str]) -> bool:
    """A value said just after "not" ("we're not a couple") is what they are not, so it fills no slot."""
    return bool(NEGATORS & set(utterance[: found.start()].split()[-2:]))
