"""The interaction model: one YAML source from which the ASK CLI model file and the local matcher are made.

Alexa and the local text/voice front must understand the same phrases, so the phrases live once, in
``intents/model/en-US.yaml``, as short templates: ``(a|b)`` picks one alternative, ``[a]`` is optional,
``{slot}`` is a slot. The model is validated when loaded (unknown slots, unknown types, phrases that
break Alexa's sample rules, a phrase claimed by two intents) so that a slip fails here, naming the
intent and template, instead of at ``ask deploy`` or as a misrouted command.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from skill.errors import ModelError

MODEL_DIR = Path(__file__).resolve().parent / "model"
DEFAULT_SOURCE = MODEL_DIR / "en-US.yaml"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ASK_MODEL = PROJECT_ROOT / "deploy" / "alexa" / "skill-package" / "interactionModels" / "custom" / "en-US.json"

NUMBER_TYPE = "AMAZON.NUMBER"
FIRST_NAME_TYPE = "AMAZON.FirstName"

MAX_EXPANSIONS = 2000
"""A template that expands to more samples than this is a mistake (a runaway product of choices)."""

_SLOT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SLOT_TOKEN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*|(?:[a-z]\.)+")
"""Alexa sample words: lower-case letters, an apostrophe inside a word, or an abbreviation like ``t.v.``."""
_CUSTOM_TYPE_NAME = re.compile(r"[A-Z][A-Z_]*")


@dataclass(frozen=True)
class SlotValue:
    """One value of a custom slot type; Alexa resolves any synonym to this id."""

    id: str
    name: str
    synonyms: tuple[str, ...] = ()
    typed_only: frozenset[str] = frozenset()
    """Synonyms marked ``TYPED_ONLY_MARK`` in the model ("~ the phones one"): Alexa and the matcher resolve them,
    the offline voice grammar does not hold them (a slot's fillers are paths in every sample that uses it)."""

    @property
    def heard_phrases(self) -> tuple[str, ...]:
        """The name and the synonyms the voice grammar holds."""
        return tuple(p for p in (self.name, *self.synonyms) if p not in self.typed_only)


@dataclass(frozen=True)
class SlotType:
    """A custom slot type (built-in AMAZON.* types are not declared)."""

    name: str
    values: tuple[SlotValue, ...]


@dataclass(frozen=True)
class IntentDef:
    """One intent: its slots, the templates it was written as and the samples they expand to."""

    name: str
    slots: Mapping[str, str] = field(default_factory=dict)
    """Slot name -> slot type name (custom or AMAZON.*)."""
    templates: tuple[str, ...] = ()
    """Templates whose samples go to Alexa (custom intents, deliberate built-in extensions)."""
    samples: tuple[str, ...] = ()
    """The expanded templates, in order, each once: what the ASK model lists for this intent."""
    local_templates: tuple[str, ...] = ()
    """Built-in intents only: phrasings Alexa knows already, spelled out for the local matcher."""
    local_samples: tuple[str, ...] = ()
    typed_only: frozenset[str] = frozenset()
    """Samples from templates marked ``TYPED_ONLY_MARK``: understood typed and by Alexa, left out of the offline
    voice grammar (``heard_phrases``)."""
    exact_only: frozenset[str] = frozenset()
    """Samples from templates marked ``EXACT_ONLY_MARK`` (typed-only too): the local matcher takes them only
    whole, never as the near match of a longer sentence."""

    @property
    def builtin(self) -> bool:
        return self.name.startswith("AMAZON.")

    @property
    def phrases(self) -> tuple[str, ...]:
        """Everything the local matcher should recognise for this intent."""
        return self.samples + self.local_samples

    @property
    def heard_phrases(self) -> tuple[str, ...]:
        """What the offline voice grammar holds for this intent: every phrase but the typed-only ones."""
        return tuple(p for p in self.phrases if p not in self.typed_only)


@dataclass(frozen=True)
class InteractionModel:
    """The whole validated model for one locale."""

    invocation: str
    slot_types: Mapping[str, SlotType]
    intents: tuple[IntentDef, ...]

    def intent(self, name: str) -> IntentDef:
        for intent in self.intents:
            if intent.name == name:
                return intent
        raise KeyError(name)

    def slot_type(self, name: str) -> SlotType | None:
        """The custom type called ``name``, or None for a built-in AMAZON.* type."""
        return self.slot_types.get(name)


# --- template expansion -------------------------------------------------------------------------------


def expand(template: str) -> list[str]:
    """Every sample a template stands for, in order, whitespace collapsed, each once.

    Raises ModelError for unbalanced brackets or braces, so a broken template never silently
    produces a half-sample.
    """
    results, pos = _expand_alternatives(template, 0, closing="")
    if pos != len(template):
        raise ModelError(f"unexpected {template[pos]!r} at position {pos} in template {template!r}")
    seen: dict[str, None] = {}
    for text in results:
        sample = " ".join(text.split())
        if sample:
            seen.setdefault(sample, None)
    return list(seen)


def _expand_alternatives(template: str, pos: int, closing: str) -> tuple[list[str], int]:
    """Parse ``alt|alt|...`` up to ``closing`` (not consumed); return all expansions and the new position."""
    options: list[str] = []
    while True:
        seq, pos = _expand_sequence(template, pos)
        options.extend(seq)
        if pos < len(template) and template[pos] == "|":
            pos += 1
            continue
        if closing and (pos >= len(template) or template[pos] != closing):
            raise ModelError(f"missing {closing!r} in template {template!r}")
        return options, pos


def _expand_sequence(template: str, pos: int) -> tuple[list[str], int]:
    """Parse literals, groups and slots until ``|``, ``)``, ``]`` or the end."""
    parts: list[list[str]] = []
    literal: list[str] = []
    while pos < len(template):
        char = template[pos]
        if char in "|)]":
            break
        if char in "([":
            closing = ")" if char == "(" else "]"
            if literal:
                parts.append(["".join(literal)])
                literal = []
            options, pos = _expand_alternatives(template, pos + 1, closing)
            pos += 1
            parts.append(options + [""] if char == "[" else options)
            continue
        if char == "{":
            end = template.find("}", pos)
            if end < 0:
                raise ModelError(f"missing '}}' in template {template!r}")
            name = template[pos + 1 : end]
            if not _SLOT_NAME.fullmatch(name):
                raise ModelError(f"bad slot name {name!r} in template {template!r}")
            literal.append(f" {{{name}}} ")
            pos = end + 1
            continue
        if char == "}":
            raise ModelError(f"unexpected '}}' in template {template!r}")
        literal.append(char)
        pos += 1
    if literal:
        parts.append(["".join(literal)])
    combos = 1
    for part in parts:
        combos *= len(part)
    if combos > MAX_EXPANSIONS:
        raise ModelError(f"template {template!r} expands to {combos} samples (limit {MAX_EXPANSIONS})")
    return ["".join(choice) for choice in itertools.product(*parts)], pos


def sample_slots(sample: str) -> list[str]:
    """The slot names a sample uses, in order."""
    return _SLOT_TOKEN.findall(sample)


# --- loading and validation ---------------------------------------------------------------------------


@cache
def shipped_model() -> InteractionModel:
    """The model the skill ships with, read once per process: reading and expanding it takes about 160 ms, too
    much to repeat inside a request."""
    return load_model()


@cache
def listed_phrases(type_name: str) -> Mapping[str, str]:
    """Every phrase the shipped model lists for a custom slot type (its values' names and synonyms), lower-case,
    to the value's id; empty for a built-in type."""
    slot_type = shipped_model().slot_type(type_name)
    if slot_type is None:
        return {}
    return {phrase.lower(): value.id for value in slot_type.values for phrase in (value.name, *value.synonyms)}


def load_model(path: Path | None = None) -> InteractionModel:
    """Read and validate the model source; every inconsistency raises ModelError naming what is wrong."""
    source = path or DEFAULT_SOURCE
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"{source}: cannot read the interaction model: {exc}") from exc
    if not isinstance(raw, dict):
        raise ModelError(f"{source}: expected a mapping at the top level")

    invocation = raw.get("invocation")
    if not isinstance(invocation, str) or not all(_WORD.fullmatch(w) for w in invocation.split()):
        raise ModelError(f"{source}: invocation must be lower-case words, got {invocation!r}")

    slot_types = _load_slot_types(source, raw.get("slot_types") or {})
    intents = [
        _load_custom_intent(source, name, body, slot_types)
        for name, body in _mapping(source, "intents", raw.get("intents")).items()
    ]
    if any(i.builtin for i in intents):
        raise ModelError(f"{source}: built-in intents belong under builtin_phrases, not intents")
    intents.extend(
        _load_builtins(
            source,
            _mapping(source, "builtin_phrases", raw.get("builtin_phrases")),
            _mapping(source, "builtin_samples", raw.get("builtin_samples") or {}),
        )
    )
    _check_unique_across_intents(source, intents)
    return InteractionModel(invocation=" ".join(invocation.split()), slot_types=slot_types, intents=tuple(intents))


def _mapping(source: Path, what: str, value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ModelError(f"{source}: {what} must be a mapping")
    return value


TYPED_ONLY_MARK = "~"
"""A template starting with this (``"~ ya"``) is understood typed and by Alexa but left out of the offline voice
grammar. Every phrase in that grammar is a path speech can be forced onto: the phrasings of 2026-12-07's probe,
added to it whole, cost the espeak-ng en-US voices 6 points of commands right (bench/asr.py at 116ca21 against
9dd7f9e). New phrasings start typed-only; one joins the voice grammar when a bench run shows it costs nothing."""


def _templates(source: Path, intent: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ModelError(f"{source}: {intent}: samples must be a list of template strings")
    return tuple(value)


EXACT_ONLY_MARK = "~="
"""A typed-only template (``"~= done"``) the local matcher takes only whole. A short sample invites near matches:
with "i'm done" for the end of a turn, "I'm done with this book" said at the table was a near match of it."""


def _split_mark(text: str) -> tuple[str, bool]:
    """``text`` without its typed-only (or exact-only) mark, and whether it had one."""
    return text.removeprefix(EXACT_ONLY_MARK).removeprefix(TYPED_ONLY_MARK).strip(), text.startswith(TYPED_ONLY_MARK)


def _unmarked(templates: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The templates without their typed-only marks, and the marked ones (unmarked)."""
    split = [_split_mark(t) for t in templates]
    return tuple(plain for plain, _ in split), frozenset(plain for plain, marked in split if marked)


def _exact_marked(templates: tuple[str, ...]) -> frozenset[str]:
    """The templates marked exact-only, unmarked."""
    return frozenset(_split_mark(t)[0] for t in templates if t.startswith(EXACT_ONLY_MARK))


def _samples_from(expanded: Mapping[str, str], marked: frozenset[str]) -> frozenset[str]:
    """The samples of ``expanded`` (sample -> its template) that come from a marked template."""
    return frozenset(sample for sample, template in expanded.items() if template in marked)


def _load_slot_types(source: Path, raw: object) -> dict[str, SlotType]:
    types: dict[str, SlotType] = {}
    for type_name, values in _mapping(source, "slot_types", raw).items():
        if not _CUSTOM_TYPE_NAME.fullmatch(type_name):
            raise ModelError(f"{source}: slot type {type_name!r}: custom type names are upper-case words")
        if not isinstance(values, list) or not values:
            raise ModelError(f"{source}: slot type {type_name}: needs a list of values")
        parsed: list[SlotValue] = []
        spoken: dict[str, str] = {}
        for entry in values:
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
                raise ModelError(f"{source}: slot type {type_name}: every value needs an id and a name")
            synonyms = [_split_mark(str(s)) for s in entry.get("synonyms") or ()]
            value = SlotValue(
                id=str(entry["id"]),
                name=str(entry["name"]),
                synonyms=tuple(plain for plain, _ in synonyms),
                typed_only=frozenset(plain for plain, marked in synonyms if marked),
            )
            for phrase in (value.name, *value.synonyms):
                if not all(_WORD.fullmatch(w) for w in phrase.split()):
                    raise ModelError(f"{source}: slot type {type_name}, value {value.id}: bad phrase {phrase!r}")
                if phrase in spoken and spoken[phrase] != value.id:
                    raise ModelError(
                        f"{source}: slot type {type_name}: {phrase!r} names both {spoken[phrase]} and {value.id}"
                    )
                spoken[phrase] = value.id
            parsed.append(value)
        if len({v.id for v in parsed}) != len(parsed):
            raise ModelError(f"{source}: slot type {type_name}: duplicate value ids")
        types[type_name] = SlotType(name=type_name, values=tuple(parsed))
    return types


def _load_custom_intent(source: Path, name: str, body: object, slot_types: Mapping[str, SlotType]) -> IntentDef:
    if not isinstance(body, dict):
        raise ModelError(f"{source}: intent {name}: expected a mapping with slots and samples")
    slots = {str(k): str(v) for k, v in _mapping(source, f"{name}.slots", body.get("slots") or {}).items()}
    for slot, type_name in slots.items():
        if not _SLOT_NAME.fullmatch(slot):
            raise ModelError(f"{source}: intent {name}: bad slot name {slot!r}")
        if not type_name.startswith("AMAZON.") and type_name not in slot_types:
            raise ModelError(f"{source}: intent {name}: slot {slot} has unknown type {type_name}")
    raw_templates = _templates(source, name, body.get("samples"))
    templates, marked = _unmarked(raw_templates)
    if not templates:
        raise ModelError(f"{source}: intent {name}: no samples")
    expanded = _expand_checked(source, name, templates, slots)
    samples = tuple(expanded)
    used = {slot for sample in samples for slot in sample_slots(sample)}
    for slot in slots:
        if slot not in used:
            raise ModelError(f"{source}: intent {name}: slot {slot} is declared but no sample uses it")
    return IntentDef(
        name=name,
        slots=slots,
        templates=templates,
        samples=samples,
        typed_only=_samples_from(expanded, marked),
        exact_only=_samples_from(expanded, _exact_marked(raw_templates)),
    )


def _load_builtins(source: Path, phrases: dict[str, Any], extensions: dict[str, Any]) -> list[IntentDef]:
    unknown = set(extensions) - set(phrases)
    if unknown:
        raise ModelError(f"{source}: builtin_samples for {sorted(unknown)} not listed under builtin_phrases")
    intents: list[IntentDef] = []
    for name in phrases:
        if not name.startswith("AMAZON."):
            raise ModelError(f"{source}: builtin_phrases: {name} is not an AMAZON.* intent")
        raw_local, raw_ask = _templates(source, name, phrases[name]), _templates(source, name, extensions.get(name))
        local, marked_local = _unmarked(raw_local)
        ask, marked_ask = _unmarked(raw_ask)
        if name == "AMAZON.FallbackIntent" and (local or ask):
            raise ModelError(f"{source}: AMAZON.FallbackIntent takes no samples")
        expanded_ask = _expand_checked(source, name, ask, {})
        expanded_local = _expand_checked(source, name, local, {})
        samples, local_samples = tuple(expanded_ask), tuple(expanded_local)
        overlap = set(samples) & set(local_samples)
        if overlap:
            raise ModelError(f"{source}: intent {name}: {sorted(overlap)} listed twice")
        intents.append(
            IntentDef(
                name=name,
                templates=ask,
                samples=samples,
                local_templates=local,
                local_samples=local_samples,
                typed_only=_samples_from(expanded_ask, marked_ask) | _samples_from(expanded_local, marked_local),
                exact_only=_samples_from(expanded_ask, _exact_marked(raw_ask))
                | _samples_from(expanded_local, _exact_marked(raw_local)),
            )
        )
    return intents


def _expand_checked(source: Path, intent: str, templates: tuple[str, ...], slots: Mapping[str, str]) -> dict[str, str]:
    """Expand templates and hold every sample to Alexa's rules; the error names intent and template. Each sample,
    in order, with the template it came from."""
    samples: dict[str, str] = {}
    for template in templates:
        try:
            expanded = expand(template)
        except ModelError as exc:
            raise ModelError(f"{source}: intent {intent}: {exc}") from exc
        for sample in expanded:
            problem = _sample_problem(sample, slots)
            if problem:
                raise ModelError(f"{source}: intent {intent}, template {template!r}: {sample!r} {problem}")
            if sample in samples:
                raise ModelError(
                    f"{source}: intent {intent}, template {template!r}: {sample!r} "
                    f"already comes from template {samples[sample]!r}"
                )
            samples[sample] = template
    return samples


def _sample_problem(sample: str, slots: Mapping[str, str]) -> str | None:
    """Why Alexa would reject this sample (or the slot wiring is wrong), or None when it is fine."""
    tokens = sample.split(" ")
    seen: set[str] = set()
    previous_slot: str | None = None
    for token in tokens:
        slot_match = _SLOT_TOKEN.fullmatch(token)
        if slot_match:
            slot = slot_match.group(1)
            if slot not in slots:
                return f"uses undeclared slot {{{slot}}}"
            if slot in seen:
                return f"uses {{{slot}}} twice"
            if previous_slot is not None and NUMBER_TYPE in (slots[slot], slots[previous_slot]):
                return f"puts a number slot next to another slot ({{{previous_slot}}} {{{slot}}})"
            seen.add(slot)
            previous_slot = slot
            continue
        previous_slot = None
        if not _WORD.fullmatch(token):
            return f"has {token!r}: only lower-case words, inner apostrophes and abbreviations are allowed"
    return None


def _check_unique_across_intents(source: Path, intents: list[IntentDef]) -> None:
    """A phrase owned by two intents would be routed by chance; refuse it."""
    owner: dict[str, str] = {}
    for intent in intents:
        for sample in intent.phrases:
            other = owner.get(sample)
            if other is not None and other != intent.name:
                raise ModelError(f"{source}: sample {sample!r} belongs to both {other} and {intent.name}")
            owner[sample] = intent.name


# --- the ASK CLI model file ---------------------------------------------------------------------------


def to_ask_json(model: InteractionModel) -> dict[str, Any]:
    """The model in the ASK CLI ``interactionModels/custom/<locale>.json`` shape.

    Built-in intents carry only their deliberate extensions; local-only phrasings never go to Alexa,
    whose own built-in samples already cover them.
    """
    intents: list[dict[str, Any]] = []
    for intent in sorted(model.intents, key=lambda i: i.name):
        entry: dict[str, Any] = {"name": intent.name, "samples": list(intent.samples)}
        if intent.slots:
            entry["slots"] = [{"name": slot, "type": type_name} for slot, type_name in intent.slots.items()]
        intents.append(entry)
    types = [
        {
            "name": slot_type.name,
            "values": [
                {"id": value.id, "name": {"value": value.name, "synonyms": list(value.synonyms)}}
                for value in slot_type.values
            ],
        }
        for slot_type in sorted(model.slot_types.values(), key=lambda t: t.name)
    ]
    return {
        "interactionModel": {"languageModel": {"invocationName": model.invocation, "intents": intents, "types": types}}
    }


def render_ask_json(model: InteractionModel) -> str:
    """The exact text of the committed file: indent 2, sorted keys, trailing newline, so diffs stay small."""
    return json.dumps(to_ask_json(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_ask_model(path: Path | None = None, model: InteractionModel | None = None) -> Path:
    """Write the ASK CLI model file (default: the one under deploy/) and return where it went."""
    target = path or DEFAULT_ASK_MODEL
    text = render_ask_json(model or load_model())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def generate(out: Path | None = None) -> Path:
    """What ``heartline model`` runs: validate the source and regenerate the ASK model file."""
    return write_ask_model(out)
