"""The offline recogniser's vocabulary, made from the interaction model so that voice, chat and Alexa agree.

Every sample of every intent becomes one path of a finite-state grammar, its slots filled
with what the slot can hold: numbers one to fifteen as words (AMAZON.NUMBER), the names in
``first_names.txt`` (AMAZON.FirstName: a grammar cannot know every name the way Alexa does), and the
values and synonyms of custom types. The same samples, with slot values filled in, are the training text of
the small n-gram model the rejection step compares against (see ``audio/lm.py``).

A word missing from the pronouncing dictionary is spelled from two dictionary words when it is a compound
("oversharing" = "over" + "sharing"); otherwise the samples that need it are left out (and logged), so a new
word in the model never breaks the recogniser, it only makes one phrasing unavailable by voice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from intents.interaction_model import FIRST_NAME_TYPE, NUMBER_TYPE, InteractionModel

log = logging.getLogger(__name__)

NAMES_FILE = Path(__file__).resolve().parent / "first_names.txt"
NUMBER_WORDS: tuple[str, ...] = tuple(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()
)
"""What an AMAZON.NUMBER slot can hold by voice: minutes and check-in scores never go higher."""
SLOT_NUMBERS: dict[str, int] = {"score": 5}
"""Number slots that hold fewer: a check-in score is one to five wherever it is said. With every number, the
whole grammar heard a clear "let's check in" as "like a fifteen", a score no check-in takes (committed clip
cmd20-en-029-f2, 2026-12-06)."""
UNHEARD_SLOT_TYPES = frozenset({"CHECKIN_WORD"})
"""Slot types left out of the offline grammar, with every sample that uses them. A check-in answer in the
scale's words ("completely", "kind of") is fine typed or through Alexa, but by voice its short words sit beside
the numbers they stand for: with them in, the check-in's focus heard a committed "i'd say four" as "i'd say
fully" and recorded a five (tests/audio/test_recognize.py, 2026-12-07). By voice a score is a number."""
COMMON_NAMES: tuple[str, ...] = tuple(
    "james john robert michael david william daniel chris matt mark mary jennifer sarah jessica emily maria anna "
    "lisa kate alex sam jordan taylor".split()
)
"""A few very common first names (and neutral short forms) for when the household's names are not yet known.

Measured (bench/asr.py, committed clips, clean + 20 dB): the grammar with these 23 names got more commands
right and no more off-topic speech than with the 134 names of ``first_names.txt``."""
WAKE_WORDS = ("heart", "line")
WAKE_PHRASE = " ".join(WAKE_WORDS)
"""The wake phrase as the keyphrase searches take it, and as they report it when heard."""
LAUNCH_PHRASES: tuple[str, ...] = ("open heart line", "start heart line", "launch heart line")
"""Opening the skill by voice; the chat front knows the same phrases."""
MAX_LM_VARIANTS = 15
"""Slot fillings per sample in the n-gram training text: enough that every value is seen, few enough to stay small."""

_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CLASS = "@"
"""Marks a slot class token in a phrase while the graph is built (no word starts with it)."""
_END = "</end>"

Lookup = Callable[[str], "str | None"]
"""A pronouncing dictionary: word -> phones separated by spaces, or None when unknown."""


@dataclass(frozen=True)
class Fsg:
    """A finite-state grammar as pocketsphinx's ``Decoder.create_fsg`` takes it."""

    start: int
    final: int
    states: int
    transitions: tuple[tuple[int, int, float, str | None], ...]
    """(from, to, probability, word or None for an empty move)."""

    @cached_property
    def moves(self) -> Mapping[int, tuple[tuple[int, str | None], ...]]:
        """State -> its (target, word) moves: built once per grammar, read for every utterance heard."""
        moves: dict[int, list[tuple[int, str | None]]] = {}
        for source, target, _prob, word in self.transitions:
            moves.setdefault(source, []).append((target, word))
        return {state: tuple(out) for state, out in moves.items()}

    def to_text(self, name: str) -> str:
        """The grammar in pocketsphinx's FSG file format.

        Read back with ``Decoder.read_fsg``: pocketsphinx 5.1's ``create_fsg`` silently drops empty moves,
        which leaves every phrase unable to end.
        """
        lines = [f"FSG_BEGIN {name}", f"NUM_STATES {self.states}", f"START_STATE {self.start}"]
        lines.append(f"FINAL_STATE {self.final}")
        for source, target, prob, word in self.transitions:
            lines.append(f"TRANSITION {source} {target} {prob:.6g}" + (f" {word}" if word else ""))
        lines.append("FSG_END")
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class CommandGrammar:
    """Everything the recogniser needs to know about the commands, as text."""

    fsg: Fsg
    """The grammar: an optional "heart line", then one command phrase."""
    sample_counts: Mapping[str, int]
    """Every phrase with its slots filled, counted so that every sample weighs the same (``MAX_LM_VARIANTS``,
    shared by its fillings), for the second n-gram model: counted once per filling (``sentences``), a sample
    with a slot outweighs a bare command up to fifteen to one, and that model hears "stop" as "start a",
    "skip" as "do a"."""
    vocabulary: frozenset[str]
    extra_words: Mapping[str, str]
    """Words the dictionary lacks, with the pronunciation built for them."""
    skipped: tuple[str, ...]
    """Phrases left out because a word could not be pronounced."""

    @property
    def sentences(self) -> tuple[str, ...]:
        """Every phrase with its slots filled, each once, for the first n-gram model."""
        return tuple(self.sample_counts)


def focused(model: InteractionModel, intents: Iterable[str]) -> InteractionModel:
    """``model`` with only ``intents``: the grammar for a moment that expects one kind of answer."""
    wanted = set(intents)
    return replace(model, intents=tuple(intent for intent in model.intents if intent.name in wanted))


def load_names(path: Path = NAMES_FILE) -> tuple[str, ...]:
    """The names the FirstName slot can hold locally: one a line, '#' starts a comment."""
    names: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            names.setdefault(word, None)
    return tuple(names)


def spell(word: str, lookup: Lookup) -> str | None:
    """Phones for ``word``: the dictionary's, or those of two dictionary words it is made of."""
    phones = lookup(word)
    if phones:
        return phones
    for cut in range(2, len(word) - 1):
        head, tail = lookup(word[:cut]), lookup(word[cut:])
        if head and tail:
            return f"{head} {tail}"
    return None


def build_grammar(
    model: InteractionModel,
    names: Iterable[str],
    lookup: Lookup,
    launch: bool = True,
    numbers: tuple[str, ...] = NUMBER_WORDS,
) -> CommandGrammar:
    """The word graph and n-gram text for ``model``; ``lookup`` decides which words can be spoken.

    ``launch``: also the phrases that open the skill (not wanted in a grammar for one question's answers).
    ``numbers``: what a number slot can hold (a check-in answer is one to five, never twelve).
    """
    pronounce: dict[str, str | None] = {}
    extra: dict[str, str] = {}

    def speakable(words: Iterable[str]) -> bool:
        ok = True
        for word in words:
            if word not in pronounce:
                phones = lookup(word)
                pronounce[word] = phones or spell(word, lookup)
                if not phones and pronounce[word]:
                    extra[word] = pronounce[word] or ""
            ok = ok and pronounce[word] is not None
        return ok

    fillers = _slot_fillers(model, names, speakable, numbers)
    sequences: list[tuple[str, ...]] = []
    sample_counts: dict[str, int] = {}
    skipped: list[str] = []
    rotation = 0
    phrases = [(intent.slots, phrase) for intent in model.intents for phrase in intent.heard_phrases]
    phrases.extend(({}, phrase) for phrase in (LAUNCH_PHRASES if launch else ()))
    for slots, phrase in phrases:
        tokens = phrase.split()
        kinds = [_slot_kind(m.group(1), slots[m.group(1)]) if (m := _SLOT.fullmatch(t)) else None for t in tokens]
        literal = [t for t, kind in zip(tokens, kinds, strict=True) if kind is None]
        if not speakable(literal) or any(kind is not None and not fillers.get(kind) for kind in kinds):
            skipped.append(phrase)
            continue
        sequences.append(tuple(_CLASS + kind if kind else t for t, kind in zip(tokens, kinds, strict=True)))
        variants = max([min(len(fillers[k]), MAX_LM_VARIANTS) for k in kinds if k] or [1])
        for k in range(variants):
            rotation += 1
            words = [
                t if kind is None else fillers[kind][(rotation + k * 7) % len(fillers[kind])]
                for t, kind in zip(tokens, kinds, strict=True)
            ]
            sentence = " ".join(words)
            sample_counts[sentence] = sample_counts.get(sentence, 0) + max(1, round(MAX_LM_VARIANTS / variants))
    if skipped:
        log.info("left %d phrases out of the grammar (a word not in the dictionary, or a slot not heard)", len(skipped))
    vocabulary = frozenset(w for s in sample_counts for w in s.split()) | set(WAKE_WORDS)
    return CommandGrammar(
        fsg=_build_fsg(sequences, fillers),
        sample_counts=sample_counts,
        vocabulary=vocabulary,
        extra_words=extra,
        skipped=tuple(skipped),
    )


def _build_fsg(sequences: Iterable[tuple[str, ...]], fillers: Mapping[str, tuple[str, ...]]) -> Fsg:
    """A minimal word graph accepting ``[heart line]`` + any sequence, slot classes expanded in place.

    Built as a trie, then equal suffixes merged (a DAWG), so that the hundreds of phrases starting with
    "start" or ending in "round" share one path: a flat list of alternatives decodes some hundred times slower
    because every alternative's first word is searched separately.
    """
    trie: list[dict[str, int]] = [{}]
    for sequence in dict.fromkeys(sequences):
        node = 0
        for token in (*sequence, _END):
            nxt = trie[node].get(token)
            if nxt is None:
                nxt = len(trie)
                trie.append({})
                trie[node][token] = nxt
            node = nxt
    canonical: dict[tuple[tuple[str, int], ...], int] = {}
    merged: dict[int, int] = {}

    def minimise(node: int) -> int:
        if node in merged:
            return merged[node]
        signature = tuple(sorted((token, minimise(child)) for token, child in trie[node].items()))
        merged[node] = canonical.setdefault(signature, len(canonical))
        return merged[node]

    root = minimise(0)
    edges = {state: signature for signature, state in canonical.items()}
    start, final = len(canonical), len(canonical) + 1
    wake_mid = final + 1
    next_state = wake_mid + 1
    transitions: list[tuple[int, int, float, str | None]] = [
        (start, wake_mid, 0.5, WAKE_WORDS[0]),
        (wake_mid, root, 1.0, WAKE_WORDS[1]),
    ]

    def emit(source: int, state: int, weight: float) -> None:
        """The moves out of DAWG ``state``, leaving from ``source`` (the start state copies the root's)."""
        nonlocal next_state
        signature = edges[state]
        for token, target in signature:
            share = weight / len(signature)
            if token == _END:
                transitions.append((source, final, share, None))
                continue
            phrases = fillers[token[len(_CLASS) :]] if token.startswith(_CLASS) else (token,)
            for phrase in phrases:
                words = phrase.split()
                here, prob = source, share / len(phrases)
                for word in words[:-1]:
                    transitions.append((here, next_state, prob, word))
                    here, next_state, prob = next_state, next_state + 1, 1.0
                transitions.append((here, target, prob, words[-1]))

    # pocketsphinx follows empty moves only after a word, never out of the start state: so the start state
    # gets its own copy of the root's moves instead of an empty move to the root.
    emit(start, root, 0.5)
    for state in edges:
        emit(state, state, 1.0)
    return Fsg(start=start, final=final, states=next_state, transitions=tuple(transitions))


def _slot_kind(name: str, slot_type: str) -> str:
    """The filler set a slot draws from: its type's, or a narrower one of numbers (``SLOT_NUMBERS``)."""
    return f"{slot_type}:{name}" if slot_type == NUMBER_TYPE and name in SLOT_NUMBERS else slot_type


def _slot_fillers(
    model: InteractionModel,
    names: Iterable[str],
    speakable: Callable[[Iterable[str]], bool],
    numbers: tuple[str, ...],
) -> dict[str, tuple[str, ...]]:
    """Slot type -> the spoken phrases it can hold locally (unpronounceable ones dropped)."""
    fillers: dict[str, tuple[str, ...]] = {
        NUMBER_TYPE: numbers,
        **{_slot_kind(name, NUMBER_TYPE): numbers[:most] for name, most in SLOT_NUMBERS.items()},
        FIRST_NAME_TYPE: tuple(n for n in names if speakable([n])),
    }
    for slot_type in model.slot_types.values():
        if slot_type.name in UNHEARD_SLOT_TYPES:
            continue
        phrases: dict[str, None] = {}
        for value in slot_type.values:
            for phrase in value.heard_phrases:
                words = phrase.lower().split()
                if speakable(words):
                    phrases.setdefault(" ".join(words), None)
        fillers[slot_type.name] = tuple(phrases)
    return fillers
