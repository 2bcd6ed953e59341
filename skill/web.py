"""The Alexa web endpoint: HTTP in, checked and verified envelope to the skill, response envelope out.

The front is thin on purpose: it refuses what is not a genuine, well-formed Alexa request with a 4xx and a
short reason (never a 500 for bad input), hands the rest to the same ask-sdk ``CustomSkill`` every front
uses, and writes one log line per request. ``AlexaEndpoint`` holds the framework-free part so the Lambda
entry point and the benchmark use exactly what Flask serves.
"""

from __future__ import annotations

import decimal
import importlib
import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Protocol

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import Request, RequestEnvelope
from ask_sdk_runtime.exceptions import DispatchException
from dateutil.parser import parse as dateutil_parse
from flask import Flask, Response
from werkzeug.exceptions import RequestEntityTooLarge

from skill import __version__
from skill.config import Settings
from skill.errors import ConflictError, HeartlineError
from skill.verify import (
    CERT_URL_HEADER,
    SIGNATURE_HEADER,
    Clock,
    Fetcher,
    RequestVerifier,
    VerificationError,
    check_application_id,
)
from skill.web_audio import TrackFiles, register_audio_routes

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 128 * 1024
"""Alexa's requests are a few KiB; a larger body is refused before it is parsed."""
KNOWN_REQUEST_TYPES = frozenset(Request.discriminator_value_class_map)
"""Every request type ask-sdk-model can deserialize; anything else is refused, not guessed at."""
CONFLICT_ATTEMPTS = 12
"""Runs of one request when another worker keeps saving the same household first. Each run reloads the
household, so a retry is a new, correct answer rather than a replay; twelve runs let 16 concurrent writers to
one household all land, and the backoff cap keeps even the worst case (11 waits of at most 0.4 s, ~2 s
expected) inside Alexa's 8 s deadline."""
CONFLICT_BACKOFF_BASE = 0.004
CONFLICT_BACKOFF_CAP = 0.4
"""Seconds: full jitter over an exponential window, so racing workers spread out instead of colliding again."""
HOUSEHOLD_LOCK_STRIPES = 64
"""Locks a process's requests are spread over by household; two households share one rarely, and briefly."""


class Pingable(Protocol):
    """What /healthz needs from the store."""

    def ping(self) -> bool: ...


class RequestRejected(HeartlineError):
    """A request refused at the edge: the HTTP status and a short reason to send back."""

    def __init__(self, status: int, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Outcome:
    """One answered request: what to send back and what to log."""

    status: int
    payload: dict[str, Any]
    request_id: str = "-"
    label: str = "-"
    """The request type, or the intent name for an IntentRequest."""
    detail: str = ""
    """Why it was refused, for the log (may be longer than the reason sent back)."""


# --- number words -----------------------------------------------------------------------------------

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


# --- the endpoint -----------------------------------------------------------------------------------


_SHAPE: tuple[tuple[str, type | tuple[type, ...]], ...] = (
    ("session", dict),
    ("session.new", bool),
    ("session.sessionId", str),
    ("session.application", dict),
    ("session.application.applicationId", str),
    ("session.attributes", (dict, type(None))),
    ("session.user", dict),
    ("session.user.userId", str),
    ("context", dict),
    ("context.System", dict),
    ("context.System.application", dict),
    ("context.System.application.applicationId", str),
    ("context.System.user", dict),
    ("context.System.user.userId", str),
    ("context.System.device", dict),
    ("context.System.device.deviceId", str),
    ("context.System.device.supportedInterfaces", dict),
    ("context.System.apiEndpoint", str),
    ("context.System.apiAccessToken", str),
    ("context.AudioPlayer", dict),
    ("request.requestId", str),
    ("request.locale", str),
    ("request.dialogState", str),
    ("request.intent", dict),
    ("request.intent.name", str),
    ("request.intent.confirmationStatus", str),
    ("request.intent.slots", (dict, type(None))),
)
"""Fields the SDK and the handlers read without looking: when present they must have Alexa's type.

ask-sdk deserializes almost anything (a null device, a number for a user id) and handlers then fail deep
inside; checking the shape here turns such a body into a 400 naming the field instead of a 500.
"""


_ShapeTree = dict[str, tuple[type | tuple[type, ...], "_ShapeTree"]]


def _shape_tree() -> _ShapeTree:
    """``_SHAPE`` as nested dicts, so a check walks only the branches an envelope has."""
    tree: dict[str, Any] = {}
    for path, kind in _SHAPE:
        *parents, leaf = path.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, (dict, {}))[1]
        node[leaf] = (kind, node[leaf][1] if leaf in node else {})
    return tree


_SHAPE_TREE = _shape_tree()


def _walk_shape(node: Mapping[str, Any], tree: _ShapeTree, prefix: str) -> None:
    for key, (kind, children) in tree.items():
        if key in node:
            value = node[key]
            if not isinstance(value, kind):
                raise RequestRejected(400, f"{prefix}{key} is malformed")
            if children and isinstance(value, dict):
                _walk_shape(value, children, f"{prefix}{key}.")


def _check_shape(envelope: Mapping[str, Any]) -> None:
    _walk_shape(envelope, _SHAPE_TREE, "")
    request = envelope["request"]
    if not isinstance(request.get("requestId"), str):
        raise RequestRejected(400, "request.requestId is missing")
    if request["type"] == "IntentRequest" and not isinstance(request.get("intent"), dict):
        raise RequestRejected(400, "request.intent is missing")
    slots = request.get("intent", {}).get("slots") or {}
    for slot in slots.values():
        if (
            not isinstance(slot, dict)
            or not isinstance(slot.get("name"), str)
            or not isinstance(slot.get("value", ""), str | None)
        ):
            raise RequestRejected(400, "request.intent.slots is malformed")


def check_envelope(body: bytes) -> dict[str, Any]:
    """Parse the body and check the shape every later step relies on; raise ``RequestRejected`` if not."""
    if len(body) > MAX_BODY_BYTES:
        raise RequestRejected(413, f"body is larger than {MAX_BODY_BYTES // 1024} KiB")
    if not body:
        raise RequestRejected(400, "body is empty")
    try:
        envelope = json.loads(body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise RequestRejected(400, "body is not JSON", str(exc)) from exc
    if not isinstance(envelope, dict):
        raise RequestRejected(400, "body is not a JSON object")
    check_envelope_shape(envelope)
    return envelope


def check_envelope_shape(envelope: dict[str, Any]) -> None:
    """Check an already parsed envelope (the Lambda front receives one) as ``check_envelope`` does."""
    request = envelope.get("request")
    if not isinstance(request, dict) or not isinstance(request.get("type"), str):
        raise RequestRejected(400, "request.type is missing")
    if request["type"] not in KNOWN_REQUEST_TYPES:
        raise RequestRejected(400, "request.type is not a known Alexa request type", request["type"][:80])
    if not isinstance(envelope.get("version"), str):
        raise RequestRejected(400, "version is missing")
    _check_shape(envelope)


def _household_key(envelope: Mapping[str, Any]) -> str:
    """The user id a request's household is keyed by (as the persistence adapter reads it), or ''."""
    for path in (("context", "System", "user", "userId"), ("session", "user", "userId")):
        node: Any = envelope
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        if isinstance(node, str) and node:
            return node
    return ""


def conflict_apology() -> dict[str, Any]:
    """The response when a request kept losing races: the spoken store apology, never a 500."""
    from intents.phrases import STORE_DOWN

    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": f"<speak>{STORE_DOWN}</speak>"},
            "shouldEndSession": True,
        },
    }


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
            return kind
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
            if not child:
                raise SerializationException(f"no {kind.__name__} type for this discriminator")
            kind = self._load_class(child)
            plan = self._plan(kind)
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


def _label(envelope: Mapping[str, Any]) -> tuple[str, str]:
    """(request id, request type or intent name) for the log line; never slot values or names."""
    request = envelope.get("request")
    if not isinstance(request, dict):
        return "-", "-"
    request_id = str(request.get("requestId", "-"))[:120]
    label = str(request.get("type", "-"))[:80]
    intent = request.get("intent")
    if label == "IntentRequest" and isinstance(intent, dict):
        label = str(intent.get("name", label))[:80]
    return request_id, label


class AlexaEndpoint:
    """Headers and raw body in, ``Outcome`` out: every check, the skill call and serialization."""

    def __init__(
        self,
        skill: CustomSkill,
        verifier: RequestVerifier,
        number_slot: Callable[[str, str], bool] = any_slot,
    ) -> None:
        self.skill = skill
        self.verifier = verifier
        self.number_slot = number_slot
        self.codec = ModelCodec()
        self._household_locks = tuple(threading.Lock() for _ in range(HOUSEHOLD_LOCK_STRIPES))

    def handle(self, headers: Mapping[str, str], body: bytes) -> Outcome:
        """Answer one POST; bad input becomes a 4xx ``Outcome``, a failing skill raises."""
        request_id, label = "-", "-"
        try:
            envelope = check_envelope(body)
            request_id, label = _label(envelope)
            self.verifier.verify(headers, body, envelope)
            payload = self.dispatch(envelope)
        except VerificationError as exc:
            return Outcome(400, {"error": exc.reason}, request_id, label, exc.detail)
        except RequestRejected as exc:
            return Outcome(exc.status, {"error": exc.reason}, request_id, label, exc.detail)
        return Outcome(200, payload, request_id, label)

    def handle_event(self, event: dict[str, Any]) -> dict[str, Any]:
        """Answer an envelope that arrived already parsed and authenticated (a Lambda trigger checks the
        caller, so there is no signature); shape and application id are still checked. Raises
        ``RequestRejected`` or ``VerificationError`` for bad input."""
        check_envelope_shape(event)
        check_application_id(event, self.verifier.skill_id)
        return self.dispatch(event)

    def dispatch(self, envelope: dict[str, Any]) -> dict[str, Any]:
        """Deserialize a checked envelope, run the skill, and return the response envelope as JSON data."""
        digits_for_number_words(envelope, self.number_slot)
        try:
            request_envelope = self.codec.decode(envelope, RequestEnvelope)
        except Exception as exc:  # ask-sdk raises several types for data that does not fit its model
            # the exception's text can quote slot values (names): log only its type
            raise RequestRejected(400, "request does not fit the Alexa request schema", type(exc).__name__) from exc
        # one household's requests run one at a time within this process (threads of a threaded server):
        # only other processes can then win a race, and the retries below settle those
        with self._household_locks[hash(_household_key(envelope)) % HOUSEHOLD_LOCK_STRIPES]:
            for attempt in range(CONFLICT_ATTEMPTS):
                began = time.monotonic()
                try:
                    response_envelope = self.skill.invoke(request_envelope=request_envelope, context=None)
                    break
                except DispatchException as exc:
                    raise RequestRejected(400, "no handler for this request", str(exc)) from exc
                except ConflictError:
                    if attempt == CONFLICT_ATTEMPTS - 1:
                        log.warning("request lost %d races for its household; answering with an apology", attempt + 1)
                        return conflict_apology()
                    # the window grows from the lost attempt's own length: a slow store needs wider spacing
                    window = max(CONFLICT_BACKOFF_BASE, time.monotonic() - began) * 2**attempt
                    time.sleep(random.uniform(0, min(CONFLICT_BACKOFF_CAP, window)))
                    # a fresh envelope: nothing the lost attempt touched may leak into the retry
                    request_envelope = self.codec.decode(envelope, RequestEnvelope)
        serialized = self.codec.encode(response_envelope)
        if not isinstance(serialized, dict):
            raise TypeError(f"skill returned {type(serialized).__name__}, not a response envelope")
        return serialized


# --- WSGI -------------------------------------------------------------------------------------------

TOO_LARGE = f"body is larger than {MAX_BODY_BYTES // 1024} KiB"
_SIGNATURE_ENVIRON = (("HTTP_SIGNATURE_256", SIGNATURE_HEADER), ("HTTP_SIGNATURECERTCHAINURL", CERT_URL_HEADER))
"""Where WSGI puts the two signature headers."""


def read_body(environ: Mapping[str, Any]) -> bytes:
    """The request body, refusing one over ``MAX_BODY_BYTES`` before reading it when its length is declared,
    and as soon as it grows past the limit when it is chunked."""
    stream = environ["wsgi.input"]
    declared = environ.get("CONTENT_LENGTH")
    if declared:
        try:
            size = int(declared)
        except ValueError as exc:
            raise RequestRejected(400, "Content-Length is not a number") from exc
        if size > MAX_BODY_BYTES:
            raise RequestRejected(413, TOO_LARGE)
        if size < 0:
            raise RequestRejected(400, "Content-Length is negative")
        body: bytes = stream.read(size)
        return body
    if not environ.get("wsgi.input_terminated"):
        return b""  # no length and a server that cannot say where the body ends: there is no body to read
    chunks, total = [], 0
    while total <= MAX_BODY_BYTES:
        chunk = stream.read(MAX_BODY_BYTES + 1 - total)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > MAX_BODY_BYTES:
        raise RequestRejected(413, TOO_LARGE)
    return b"".join(chunks)


class AlexaRoute:
    """``POST /alexa`` answered in plain WSGI, in front of Flask, which keeps every other route.

    The route needs nothing Flask offers (no routing, sessions or templates), and Flask's request context
    and response objects cost about as much per request as checking the signature does.
    """

    def __init__(self, endpoint: AlexaEndpoint, app: WSGIApplication) -> None:
        self.endpoint = endpoint
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/alexa":
            return self.app(environ, start_response)
        if environ.get("REQUEST_METHOD") != "POST":
            payload = b'{"error":"use POST"}'
            start_response("405 Method Not Allowed", [*_json_headers(payload), ("Allow", "POST")])
            return [payload]
        started = time.perf_counter()
        outcome = self.answer(environ)
        _log_outcome(outcome, started)
        payload = json.dumps(outcome.payload, separators=(",", ":")).encode()
        start_response(f"{outcome.status} {HTTPStatus(outcome.status).phrase}", _json_headers(payload))
        return [payload]

    def answer(self, environ: WSGIEnvironment) -> Outcome:
        try:
            body = read_body(environ)
        except RequestRejected as exc:
            return Outcome(exc.status, {"error": exc.reason})
        headers = {name: environ.get(key, "") for key, name in _SIGNATURE_ENVIRON}
        try:
            return self.endpoint.handle(headers, body)
        except Exception:  # a bug in the skill, not bad input: say so, once, with the traceback
            log.exception("alexa request failed inside the skill")
            return Outcome(500, {"error": "internal error"}, detail="see the traceback above")


def _json_headers(payload: bytes) -> list[tuple[str, str]]:
    return [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]


# --- Flask ------------------------------------------------------------------------------------------


def create_app(
    settings: Settings,
    skill: CustomSkill | None = None,
    *,
    store: Pingable | None = None,
    fetcher: Fetcher | None = None,
    clock: Clock | None = None,
    number_slot: Callable[[str, str], bool] | None = None,
    tracks: TrackFiles | None = None,
) -> Flask:
    """The endpoint's WSGI app. Without ``skill``, the real one is built over the configured store.

    ``fetcher`` and ``clock`` reach the verifier so tests (and the benchmark) can serve a test CA's chain
    and move time; production leaves them alone. ``number_slot`` says which slots hold AMAZON.NUMBER
    (default: read from the interaction model).
    """
    if skill is None:
        # imported here: the handler layer and the store are only needed when nobody passed a skill
        from audio.catalog import RenderedCatalog
        from intents.builder import build_skill
        from skill.store import open_store

        opened = open_store(settings)
        store = opened if store is None else store
        catalog = RenderedCatalog(settings)
        tracks = catalog if tracks is None else tracks
        skill = build_skill(settings, opened, tracks=catalog)
    verifier = RequestVerifier.from_settings(settings, fetcher=fetcher, clock=clock)
    if not settings.verify_signatures:
        log.warning("Alexa request signature verification is OFF: use this only for local testing")
    endpoint = AlexaEndpoint(skill, verifier, number_slot or number_slots_of_model())

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions["heartline"] = {"endpoint": endpoint, "store": store, "settings": settings, "tracks": tracks}

    if tracks is not None:
        register_audio_routes(app, tracks)

    app.wsgi_app = AlexaRoute(endpoint, app.wsgi_app)  # type: ignore[method-assign]

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge) -> Response:
        return _json_response(413, {"error": TOO_LARGE})

    @app.get("/healthz")
    def healthz() -> Response:
        state = "none"
        if store is not None:
            try:
                state = "ok" if store.ping() else "down"
            except Exception:  # a store that cannot answer is exactly what this reports
                log.exception("store ping failed")
                state = "down"
        status = 503 if state == "down" else 200
        return _json_response(
            status,
            {"status": "ok" if status == 200 else "unavailable", "version": __version__, "store": state},
        )

    return app


def _json_response(status: int, payload: Mapping[str, Any]) -> Response:
    return Response(json.dumps(payload, separators=(",", ":")), status=status, mimetype="application/json")


def _log_outcome(outcome: Outcome, started: float) -> None:
    elapsed_ms = (time.perf_counter() - started) * 1000
    if outcome.status == 200:
        log.info("alexa %s %s 200 %.1fms", outcome.request_id, outcome.label, elapsed_ms)
    else:
        reason = outcome.payload.get("error", "")
        detail = f" ({outcome.detail})" if outcome.detail else ""
        log.warning(
            "alexa %s %s %d %s%s %.1fms",
            outcome.request_id,
            outcome.label,
            outcome.status,
            reason,
            detail,
            elapsed_ms,
        )


def run_server(settings: Settings, host: str = "127.0.0.1", port: int = 5000) -> None:
    """Serve with werkzeug's server for ``heartline serve``; production runs gunicorn on ``wsgi_app``."""
    from werkzeug.serving import run_simple

    app = create_app(settings)
    log.info("Heartline %s serving Alexa requests on http://%s:%d/alexa", __version__, host, port)
    run_simple(host, port, app, threaded=True, use_reloader=False)


def wsgi_app() -> Flask:
    """gunicorn's entry: ``gunicorn 'skill.web:wsgi_app()'`` with settings from ``HEARTLINE_*``."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return create_app(Settings.from_env())
