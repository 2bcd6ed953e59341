"""Reading the content YAML under ``skill/content`` into typed values, validating every entry.

Content is data so that writers can change what the skill says without touching code; it is validated
once at load so that a typo fails at start with the file and entry named, not mid-conversation.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import yaml

from skill.decks import (
    RELATIONSHIPS,
    CheckInStatement,
    Content,
    Deck,
    Depth,
    DoneToMe,
    Example,
    Faq,
    ListenOffer,
    Myth,
    Part,
    Prompt,
    RoundScript,
    Safety,
    Styles,
)
from skill.errors import ContentError
from skill.safety import compile_pattern, pattern_classes

CONTENT_DIRECTORY = Path(__file__).resolve().parent / "content"
ROUND_IDS = ("listening", "needs", "empathy", "support")
PLACEHOLDERS = frozenset({"speaker", "listener", "topic", "minutes", "first", "second"})
"""What rounds.build_round fills in; any other name would fail only when the round is played."""
CHECKIN_STATEMENTS = 5
MIN_MYTHS, MIN_FAQS, MIN_PARTS = 5, 6, 5
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_T = TypeVar("_T", Myth, Faq, Part)
_E = TypeVar("_E")
_ROUND_TEXTS = ("title", "intro", "speak", "respond", "confirm", "switch", "reflect", "outro", "time_warning", "about")


def load_content(directory: Path | None = None) -> Content:
    """Everything validated at once, so a bad file stops the start of the process, not a conversation.

    Without a directory the shipped content is loaded, once per process.
    """
    if directory is None:
        return _load_shipped()
    return _load(Path(directory))


@functools.lru_cache(maxsize=1)
def _load_shipped() -> Content:
    return _load(CONTENT_DIRECTORY)


def _load(directory: Path) -> Content:
    topics = load_deck(directory, "topics")
    dinner = load_deck(directory, "dinner")
    _check_ids_across_decks(topics, dinner)
    learn = load_learn(directory)
    return Content(
        topics=topics,
        dinner=dinner,
        rounds=load_rounds(directory),
        myths=learn.myths,
        faqs=learn.faqs,
        parts=learn.parts,
        styles=learn.styles,
        hard_times=learn.hard_times,
        hard_day=learn.hard_day,
        active_listening=learn.active_listening,
        i_statements=learn.i_statements,
        naming_feelings=learn.naming_feelings,
        repair=learn.repair,
        long_distance=learn.long_distance,
        good_news=learn.good_news,
        supporting=learn.supporting,
        checkin=load_checkin(directory),
        safety=load_safety(directory),
    )


@dataclass(frozen=True)
class _Where:
    """A place in a content file, so that every error names the file and the entry a writer must fix."""

    file: str
    path: tuple[str, ...] = ()

    def at(self, label: str) -> _Where:
        return _Where(self.file, (*self.path, label))

    def entry(self, index: int, raw: object) -> _Where:
        ident = raw.get("id") if isinstance(raw, dict) else None
        return self.at(f"entry {index}" + (f" (id {ident!r})" if isinstance(ident, str) else ""))

    def error(self, problem: str) -> ContentError:
        return ContentError(": ".join((self.file, *self.path, problem)))


# --- Per-file loaders -------------------------------------------------------------------------------------

_DECK_KEYS = {"topics": "topics", "dinner": "questions"}


def load_deck(directory: Path, name: str) -> Deck:
    """Topics suit everyone unless tagged; dinner questions must say whom they suit, since many do not."""
    file = f"{name}.yaml"
    where = _Where(file)
    key = _DECK_KEYS[name]
    needs_fits = name == "dinner"
    raw = _fields(_read(directory, file), where, (key,), optional=("themes",) if needs_fits else ())
    themes = _themes(raw.get("themes", {}), where.at("themes"))
    entries = _entries(raw[key], where, key)
    prompts = tuple(_prompt(item, where.entry(i, item), needs_fits, themes) for i, item in _numbered(entries))
    _check_unique([p.id for p in prompts], where)
    return Deck(name=name, prompts=prompts, themes=themes)


def load_rounds(directory: Path) -> dict[str, RoundScript]:
    where = _Where("rounds.yaml")
    raw = _fields(_read(directory, where.file), where, ("rounds",))
    scripts = [_round(item, where.entry(i, item)) for i, item in _numbered(_entries(raw["rounds"], where, "rounds"))]
    _check_unique([s.id for s in scripts], where)
    missing = [r for r in ROUND_IDS if r not in {s.id for s in scripts}]
    if missing:
        raise where.error(f"missing round {missing[0]!r} (every one of {', '.join(ROUND_IDS)} is needed)")
    return {s.id: s for s in scripts}


@dataclass(frozen=True)
class Learn:
    """``learn.yaml``, read: its sections by name, for ``Content``."""

    myths: tuple[Myth, ...]
    faqs: tuple[Faq, ...]
    parts: tuple[Part, ...]
    styles: Styles
    hard_times: ListenOffer
    hard_day: ListenOffer
    active_listening: ListenOffer
    i_statements: ListenOffer
    naming_feelings: ListenOffer
    repair: ListenOffer
    long_distance: ListenOffer
    good_news: ListenOffer
    supporting: ListenOffer


def load_learn(directory: Path) -> Learn:
    where = _Where("learn.yaml")
    sections = (
        "myths",
        "faqs",
        "parts",
        "styles",
        "hard_times",
        "hard_day",
        "active_listening",
        "i_statements",
        "naming_feelings",
        "repair",
        "long_distance",
        "good_news",
        "supporting",
    )
    raw = _fields(_read(directory, where.file), where, sections)
    return Learn(
        myths=_section(raw["myths"], where.at("myths"), MIN_MYTHS, _myth),
        faqs=_section(raw["faqs"], where.at("faqs"), MIN_FAQS, _faq),
        parts=_section(raw["parts"], where.at("parts"), MIN_PARTS, _part),
        styles=_styles(raw["styles"], where.at("styles")),
        hard_times=_listen_offer(raw["hard_times"], where.at("hard_times")),
        hard_day=_listen_offer(raw["hard_day"], where.at("hard_day"), exercise="support"),
        active_listening=_listen_offer(raw["active_listening"], where.at("active_listening")),
        i_statements=_listen_offer(raw["i_statements"], where.at("i_statements"), exercise="needs"),
        naming_feelings=_listen_offer(raw["naming_feelings"], where.at("naming_feelings"), exercise="needs"),
        repair=_listen_offer(raw["repair"], where.at("repair")),
        long_distance=_listen_offer(raw["long_distance"], where.at("long_distance")),
        good_news=_listen_offer(raw["good_news"], where.at("good_news"), exercise="support"),
        supporting=_listen_offer(raw["supporting"], where.at("supporting"), exercise="support"),
    )


def load_checkin(directory: Path) -> tuple[CheckInStatement, ...]:
    """Exactly five, because scores are compared across sessions statement by statement."""
    where = _Where("checkin.yaml")
    raw = _fields(_read(directory, where.file), where, ("statements",))
    entries = _entries(raw["statements"], where, "statements")
    if len(entries) != CHECKIN_STATEMENTS:
        raise where.error(f"expected exactly {CHECKIN_STATEMENTS} statements, found {len(entries)}")
    statements = tuple(_statement(item, where.entry(i, item)) for i, item in _numbered(entries))
    _check_unique([s.id for s in statements], where)
    return statements


def load_safety(directory: Path) -> Safety:
    """Phrases are matched inside a lower-cased utterance, so one with a capital letter could never match."""
    where = _Where("safety.yaml")
    raw = _fields(
        _read(directory, where.file),
        where,
        ("phrases", "message"),
        optional=("done_to_me", "not_distress", "words", "patterns"),
    )
    phrases = _lower_phrases(raw["phrases"], where, "phrases")
    not_distress = _lower_phrases(raw["not_distress"], where, "not_distress") if "not_distress" in raw else ()
    done_to_me = DoneToMe((), (), ())
    if "done_to_me" in raw:
        at = where.at("done_to_me")
        fields = _fields(raw["done_to_me"], at, ("people", "between", "acts"), optional=("targets",))
        done_to_me = DoneToMe(
            people=_lower_phrases(fields["people"], at, "people"),
            between=_lower_phrases(fields["between"], at, "between"),
            acts=_lower_phrases(fields["acts"], at, "acts"),
            targets=_lower_phrases(fields["targets"], at, "targets") if "targets" in fields else ("me",),
        )
    words = _word_classes(raw.get("words", {}), where.at("words"))
    safety = Safety(
        phrases=phrases,
        message=_text(raw["message"], where, "message"),
        done_to_me=done_to_me,
        not_distress=not_distress,
        words=words,
    )
    return replace(safety, patterns=_patterns(raw.get("patterns", []), where.at("patterns"), safety))


def _patterns(raw: object, where: _Where, safety: Safety) -> tuple[str, ...]:
    """Each pattern is compiled here, so a bracket left open or a class misspelt fails at start, by entry."""
    if not isinstance(raw, list):
        raise where.error(f"patterns must be a list, found {_kind(raw)}")
    classes = pattern_classes(safety)
    patterns = []
    for index, item in _numbered(raw):
        at = where.at(f"entry {index}")
        if not isinstance(item, str) or item != item.lower():
            raise at.error(f"pattern {item!r} must be lower-case text")
        try:
            compile_pattern(item, classes)
        except ValueError as problem:
            raise at.error(str(problem)) from None
        patterns.append(" ".join(item.split()))
    _check_unique(patterns, where, what="pattern")
    return tuple(patterns)


def _word_classes(raw: object, where: _Where) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Named lists of lower-case words or phrases; ``person`` and ``between`` come from ``done_to_me``."""
    if not isinstance(raw, dict):
        raise where.error(f"expected a mapping of class names to lists, found {_kind(raw)}")
    classes = []
    for name, entries in raw.items():
        if (
            not isinstance(name, str)
            or re.fullmatch(r"[a-z_]+", name) is None
            or name in {"person", "between", "named"}
        ):
            raise where.error(f"class name {name!r} must be lower-case letters and not person, between or named")
        classes.append((name, _lower_phrases(entries, where, name)))
    return tuple(classes)


def _lower_phrases(raw: object, where: _Where, name: str) -> tuple[str, ...]:
    at = where.at(name)
    phrases = []
    for index, item in _numbered(_entries(raw, where, name)):
        phrase = _text(item, at.at(f"entry {index}"), "phrase")
        if phrase != phrase.lower():
            raise at.at(f"entry {index}").error(f"phrase {phrase!r} must be lower case")
        phrases.append(phrase)
    _check_unique(phrases, at, what="phrase")
    return tuple(phrases)


# --- Entries ----------------------------------------------------------------------------------------------


def _prompt(raw: object, where: _Where, needs_fits: bool, themes: Mapping[str, str]) -> Prompt:
    required = ("id", "depth", "text", "fits") if needs_fits else ("id", "depth", "text")
    fields = _fields(raw, where, required, optional=("themes",) if needs_fits else ("fits",))
    return Prompt(
        id=_id(fields["id"], where),
        depth=_depth(fields["depth"], where),
        text=_text(fields["text"], where, "text"),
        fits=_fits(fields.get("fits", list(RELATIONSHIPS)), where),
        themes=_prompt_themes(fields.get("themes", []), where, themes),
    )


def _themes(raw: object, where: _Where) -> dict[str, str]:
    """A deck's themes, id -> the name said aloud; an id is stored, so it must be a slug."""
    if not isinstance(raw, dict):
        raise where.error(f"expected a mapping of theme id to its spoken name, found {_kind(raw)}")
    return {_id(ident, where): _text(name, where.at(str(ident)), "name") for ident, name in raw.items()}


def _prompt_themes(raw: object, where: _Where, known: Mapping[str, str]) -> frozenset[str]:
    """A misspelt theme would quietly leave its question out of every themed request, so it is an error."""
    tags = _entries(raw, where, "themes", minimum=0)
    for tag in tags:
        if tag not in known:
            listed = ", ".join(known) or "none: the file has no themes"
            raise where.error(f"unknown theme {tag!r} (known: {listed})")
    return frozenset(str(tag) for tag in tags)


def _round(raw: object, where: _Where) -> RoundScript:
    fields = _fields(raw, where, ("id", *_ROUND_TEXTS), optional=("examples",))
    ident = _id(fields["id"], where)
    if ident not in ROUND_IDS:
        raise where.error(f"unknown round id {ident!r} (known: {', '.join(ROUND_IDS)})")
    texts = {name: _text(fields[name], where, name, PLACEHOLDERS) for name in _ROUND_TEXTS}
    examples_at = where.at("examples")
    examples = tuple(
        _example(item, examples_at.at(f"entry {i}"))
        for i, item in _numbered(_entries(fields.get("examples", []), where, "examples", minimum=0))
    )
    return RoundScript(id=ident, examples=examples, **texts)


def _example(raw: object, where: _Where) -> Example:
    fields = _fields(raw, where, ("complaint", "request"))
    return Example(_text(fields["complaint"], where, "complaint"), _text(fields["request"], where, "request"))


def _myth(raw: object, where: _Where) -> Myth:
    fields = _fields(raw, where, ("id", "myth", "truth"))
    return Myth(_id(fields["id"], where), _text(fields["myth"], where, "myth"), _text(fields["truth"], where, "truth"))


def _faq(raw: object, where: _Where) -> Faq:
    fields = _fields(raw, where, ("id", "question", "answer", "topics"))
    topics_at = where.at("topics")
    topics = tuple(
        _text(item, topics_at.at(f"entry {i}"), "topic")
        for i, item in _numbered(_entries(fields["topics"], where, "topics"))
    )
    return Faq(
        id=_id(fields["id"], where),
        question=_text(fields["question"], where, "question"),
        answer=_text(fields["answer"], where, "answer"),
        topics=topics,
    )


def _part(raw: object, where: _Where) -> Part:
    fields = _fields(raw, where, ("id", "name", "meaning"), optional=("alone",))
    return Part(
        _id(fields["id"], where),
        _text(fields["name"], where, "name"),
        _text(fields["meaning"], where, "meaning"),
        _text(fields["alone"], where, "alone") if "alone" in fields else "",
    )


def _styles(raw: object, where: _Where) -> Styles:
    fields = _fields(raw, where, ("intro", "tips", "closing"))
    tips = tuple(
        _text(item, where.at(f"tips entry {i}"), "tip")
        for i, item in _numbered(_entries(fields["tips"], where, "tips"))
    )
    return Styles(_text(fields["intro"], where, "intro"), tips, _text(fields["closing"], where, "closing"))


def _listen_offer(raw: object, where: _Where, exercise: str = "listening") -> ListenOffer:
    fields = _fields(raw, where, ("message", "offer"))
    offer = _text(fields["offer"], where, "offer")
    if not offer.rstrip().endswith("?"):
        raise where.error(f"offer must be a question: yes starts a {exercise} round")
    return ListenOffer(_text(fields["message"], where, "message"), offer, exercise)


def _statement(raw: object, where: _Where) -> CheckInStatement:
    fields = _fields(raw, where, ("id", "text"))
    return CheckInStatement(_id(fields["id"], where), _text(fields["text"], where, "text"))


def _section(raw: object, where: _Where, minimum: int, parse: Callable[[object, _Where], _T]) -> tuple[_T, ...]:
    items = tuple(parse(item, where.entry(i, item)) for i, item in _numbered(_entries(raw, where, "entries")))
    if len(items) < minimum:
        raise where.error(f"expected at least {minimum} entries, found {len(items)}")
    _check_unique([item.id for item in items], where)
    return items


# --- Fields -----------------------------------------------------------------------------------------------


def _read(directory: Path, file: str) -> object:
    where = _Where(file)
    try:
        source = (directory / file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise where.error(f"file not found in {directory}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise where.error(f"cannot read the file: {exc}") from exc
    try:
        return yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise where.error(f"not valid YAML: {_yaml_problem(exc)}") from exc


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}" if mark is not None else problem


def _fields(raw: object, where: _Where, required: Sequence[str], optional: Sequence[str] = ()) -> dict[str, object]:
    """Extra keys are errors too: a misspelt optional key would otherwise be silently ignored."""
    if not isinstance(raw, dict):
        raise where.error(f"expected a mapping with keys {', '.join(required)}, found {_kind(raw)}")
    missing = [key for key in required if key not in raw]
    if missing:
        raise where.error(f"missing key{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}")
    extra = [str(key) for key in raw if key not in required and key not in optional]
    if extra:
        raise where.error(f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}")
    return {str(key): value for key, value in raw.items()}


def _entries(raw: object, where: _Where, name: str, minimum: int = 1) -> list[object]:
    if not isinstance(raw, list):
        raise where.error(f"{name} must be a list, found {_kind(raw)}")
    if len(raw) < minimum:
        raise where.error(f"{name} must not be empty")
    return raw


def _numbered(entries: Sequence[_E]) -> Iterator[tuple[int, _E]]:
    """Entries are counted from 1, as a writer counts them in the file."""
    return enumerate(entries, start=1)


def _id(raw: object, where: _Where) -> str:
    """Ids are what the store remembers, so they must stay plain, stable slugs."""
    ident = _text(raw, where, "id")
    if not _SLUG.fullmatch(ident):
        raise where.error(f"id {ident!r} is not a lower-case slug like 't-light-weekend-hope'")
    return ident


def _depth(raw: object, where: _Where) -> Depth:
    known = [d.value for d in Depth]
    if raw not in known:
        raise where.error(f"unknown depth {raw!r} (known: {', '.join(known)})")
    return Depth(str(raw))


def _fits(raw: object, where: _Where) -> frozenset[str]:
    tags = _entries(raw, where, "fits")
    for tag in tags:
        if tag not in RELATIONSHIPS:
            raise where.error(f"unknown relationship tag {tag!r} (known: {', '.join(RELATIONSHIPS)})")
    return frozenset(str(tag) for tag in tags)


def _text(raw: object, where: _Where, name: str, placeholders: frozenset[str] = frozenset()) -> str:
    """Spoken text: line breaks from YAML blocks become single spaces, and only known placeholders may
    appear, because an unknown one would raise KeyError only when the line is finally spoken."""
    if not isinstance(raw, str):
        raise where.error(f"{name} must be text, found {_kind(raw)}")
    spoken = " ".join(raw.split())
    if not spoken:
        raise where.error(f"empty {name}")
    for field in _placeholders(spoken, where, name):
        if field not in placeholders:
            known = f"known: {', '.join(sorted(placeholders))}" if placeholders else "this text takes none"
            raise where.error(f"unknown placeholder {{{field}}} in {name} ({known})")
    return spoken


def _placeholders(text: str, where: _Where, name: str) -> Iterator[str]:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise where.error(f"malformed template in {name}: {exc}") from exc
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if spec or conversion:
            raise where.error(f"placeholder {{{field}}} in {name} must be a bare name, without a format")
        yield field


def _check_unique(values: Sequence[str], where: _Where, what: str = "id") -> None:
    seen: dict[str, int] = {}
    for index, value in _numbered(values):
        if value in seen:
            raise where.error(f"duplicate {what} {value!r} (entries {seen[value]} and {index})")
        seen[str(value)] = index


def _check_ids_across_decks(*decks: Deck) -> None:
    """The store keeps the used prompt ids of all decks together, so an id must name one prompt."""
    owners: dict[str, str] = {}
    for deck in decks:
        for index, prompt in _numbered(deck.prompts):
            if prompt.id in owners:
                where = _Where(f"{deck.name}.yaml").at(f"entry {index} (id {prompt.id!r})")
                raise where.error(f"id already used in {owners[prompt.id]}")
            owners[prompt.id] = f"{deck.name}.yaml"


def _kind(raw: object) -> str:
    return "nothing" if raw is None else type(raw).__name__
