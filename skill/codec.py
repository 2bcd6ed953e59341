"""ask-sdk-model objects from parsed JSON and back, as ask-sdk's ``DefaultSerializer`` makes them, only cheaper."""

from __future__ import annotations

import decimal
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from dateutil.parser import parse as dateutil_parse

_NATIVE_TYPES: dict[str, type] = {
    "int": int,
    "long": int,
    "float": float,
    "str": str,
    "bool": bool,
    "date": date,
    "datetime": datetime,
    "object": object,
}
_PRIMITIVES = (float, bool, bytes, str, int)
_DICT_TYPE = re.compile(r"dict\(([^,]*), (.*)\)")


def _fresh(value: Any) -> Any:
    """A private copy of JSON data, so a model never shares a list or dict with the parsed envelope."""
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value


def _datetime(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    elif isinstance(value, int | float) and not isinstance(value, bool):
        # Epoch milliseconds, as Alexa has sent ``timestamp`` at times (the 2017 simulator and live requests to
        # new skills; SDKs in other languages read both). The verifier already took them; ask-sdk's parser raised
        # TypeError, so a request that passed every check was refused as not fitting the schema.
        try:
            return datetime.fromtimestamp(value / 1000, UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise SerializationException("a timestamp in the request is out of range") from exc
    return dateutil_parse(value)  # what ask-sdk uses: the same answer (or error) for anything else


def _primitive(kind: type, value: Any) -> Any:
    try:
        return kind(value)
    except TypeError:
        return value
    except ValueError as exc:
        raise SerializationException(f"cannot read a {kind.__name__} from the request") from exc


def _primitive_decoder(kind: type) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        return value if type(value) is kind else _primitive(kind, value)

    return decode


@dataclass(frozen=True)
class _ModelPlan:
    fields: tuple[tuple[str, str, Callable[[Any], Any]], ...]
    """(attribute, JSON key, decoder of its declared type) for every declared field."""
    keys: frozenset[str]
    discriminated: bool


class ModelCodec:
    """ask-sdk-model objects from parsed JSON and back, as ``DefaultSerializer`` makes them, only cheaper.

    ``DefaultSerializer`` re-imports every class by name, rebuilds attribute maps and parses timestamps with
    dateutil on every request: about half of a request's time. This resolves each class, its fields and
    their decoders once, reads ISO timestamps with ``datetime.fromisoformat`` and starts from the already
    parsed body. A test checks it builds objects equal to ``DefaultSerializer``'s on real envelopes.
    """

    def __init__(self) -> None:
        self._decoders: dict[Any, Callable[[Any], Any]] = {}
        self._plans: dict[type, _ModelPlan] = {}
        self._classes: dict[str, type] = {}

    def decode(self, data: Any, kind: Any) -> Any:
        """``data`` (parsed JSON) as an instance of ``kind`` (a model class or an ask-sdk type name)."""
        return None if data is None else self._decoder(kind)(data)

    def _decoder(self, kind: Any) -> Callable[[Any], Any]:
        decoder = self._decoders.get(kind)
        if decoder is None:
            decoder = self._decoders[kind] = self._decoder_for(kind)
        return decoder

    def _decoder_for(self, kind: Any) -> Callable[[Any], Any]:
        """A decoder for one declared type; model decoders look their plan up on first use, so building one
        never recurses through the model graph."""
        if isinstance(kind, str):
            if kind.startswith("list["):
                inner = kind[5:-1]
                if "," in inner:  # a positional list of several types: ask-sdk-model declares none
                    raise SerializationException(f"unsupported type {kind}")
                item_decoder = self._decoder(inner.strip())
                return lambda data: [None if item is None else item_decoder(item) for item in data]
            if kind.startswith("dict("):
                match = _DICT_TYPE.match(kind)
                if match is None:
                    return lambda data: {}
                value_decoder = self._decoder(match.group(2))
                return lambda data: {k: None if v is None else value_decoder(v) for k, v in data.items()}
            kind = _NATIVE_TYPES.get(kind) or self._load_class(kind)
        if kind in _PRIMITIVES:
            return _primitive_decoder(kind)
        if kind is object:
            return _fresh
        if kind is datetime:
            return _datetime
        if kind is date:
            return lambda data: _datetime(data).date()
        if isinstance(kind, type) and issubclass(kind, Enum):
            return _lenient_enum(kind)
        if hasattr(kind, "deserialized_types"):
            return lambda data: self._model(kind, data)
        return _fresh

    def _load_class(self, name: str) -> type:
        found = self._classes.get(name)
        if found is None:
            module_name, _, class_name = name.rpartition(".")
            try:
                found = getattr(importlib.import_module(module_name), class_name)
            except (ImportError, AttributeError, ValueError) as exc:
                raise SerializationException(f"unknown model class {name}") from exc
            self._classes[name] = found
        return found

    def _plan(self, kind: type) -> _ModelPlan:
        plan = self._plans.get(kind)
        if plan is None:
            types: dict[str, str] = kind.deserialized_types  # type: ignore[attr-defined]
            names: dict[str, str] = getattr(kind, "attribute_map", {})
            fields = tuple((attr, names.get(attr, attr), self._decoder(kind_name)) for attr, kind_name in types.items())
            plan = _ModelPlan(fields, frozenset(key for _, key, _ in fields), hasattr(kind, "get_real_child_model"))
            self._plans[kind] = plan
        return plan

    def _model(self, kind: type, data: Any) -> Any:
        if not isinstance(data, dict):
            raise SerializationException(f"expected an object for {kind.__name__}")
        plan = self._plan(kind)
        if plan.discriminated:
            child = kind.get_real_child_model(data)  # type: ignore[attr-defined]
            if child:
                kind = self._load_class(child)
                plan = self._plan(kind)
            # else a "type" newer than the installed ask-sdk-model (an APL runtime error other than LIST_ERROR, a
            # new slot value kind): read as the base class, its type and known fields kept, as a new enum value is
            # read as absent. ask-sdk raised, and a well-formed request became a 400. The request's own type is
            # checked before this (``check_envelope_shape``), so no unknown request reaches a handler this way.
        model = kind()
        matched = 0
        for attr, key, decoder in plan.fields:
            if key in data:
                value = data[key]
                setattr(model, attr, None if value is None else decoder(value))
                matched += 1
        if matched != len(data):
            for key, value in data.items():
                if key not in plan.keys:  # ask-sdk keeps fields its model does not know as plain attributes
                    setattr(model, key, _fresh(value))
        return model

    def encode(self, obj: Any) -> Any:
        """A model object (or plain data holding models) as JSON data, as ``DefaultSerializer.serialize``."""
        plan = self._plans.get(type(obj))
        if plan is None:
            if obj is None or isinstance(obj, _PRIMITIVES):
                return obj
            if isinstance(obj, list):
                return [self.encode(item) for item in obj]
            if isinstance(obj, tuple):
                return tuple(self.encode(item) for item in obj)
            if isinstance(obj, datetime | date):
                return obj.isoformat()
            if isinstance(obj, Enum):
                return obj.value
            if isinstance(obj, decimal.Decimal):
                return int(obj) if obj % 1 == 0 else float(obj)
            if isinstance(obj, dict):
                return {key: self.encode(value) for key, value in obj.items()}
            plan = self._plan(type(obj))
        encoded = {}
        for attr, key, _ in plan.fields:
            value = getattr(obj, attr)
            if value is not None:
                encoded[key] = self.encode(value)
        return encoded


def _lenient_enum(kind: type[Enum]) -> Callable[[Any], Enum | None]:
    """A value the installed ask-sdk-model does not list becomes None, as if the field were absent. Alexa adds
    values over time (a session-ended reason, a player activity, an error type); ask-sdk's own serializer raises
    on them, which turned a well-formed request from a newer Alexa into a 400."""

    def decode(data: Any) -> Enum | None:
        try:
            return kind(data)
        except ValueError:
            return None

    return decode
