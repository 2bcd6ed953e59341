"""What a request envelope must look like before anything trusts it, and the few facts read from it.

Alexa's requests are small JSON objects of a known shape; anything else (too large, not JSON, an unknown
request type, a field of the wrong type, no user) is refused here with a ``RequestRejected`` naming what is
wrong, so no later step sees a body it would fail on with a 500.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ask_sdk_model import Request

from skill.errors import HeartlineError

MAX_BODY_BYTES = 128 * 1024
"""Alexa's requests are a few KiB; a larger body is refused before it is parsed."""
KNOWN_REQUEST_TYPES = frozenset(Request.discriminator_value_class_map)
"""Every request type ask-sdk-model can deserialize; anything else is refused, not guessed at."""
TOO_LARGE = f"body is larger than {MAX_BODY_BYTES // 1024} KiB"


class RequestRejected(HeartlineError):
    """A request refused at the edge: the HTTP status and a short reason to send back."""

    def __init__(self, status: int, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.detail = detail


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
    key = household_key(envelope)
    if not key:
        # every household's state is keyed by the user: without one the skill could only fail or guess
        raise RequestRejected(400, "request names no user")
    if not _is_text(key):
        # JSON can carry a lone surrogate ("\ud800"), which no store (nor the token's hash) can encode
        raise RequestRejected(400, "request's user id is not valid text")


def _is_text(value: str) -> bool:
    """Whether ``value`` is text UTF-8 can hold: a JSON string may be any code points, lone surrogates too."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_envelope(body: bytes) -> dict[str, Any]:
    """Parse the body and check the shape every later step relies on; raise ``RequestRejected`` if not."""
    if len(body) > MAX_BODY_BYTES:
        raise RequestRejected(413, TOO_LARGE)
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
    if not isinstance(envelope, dict):  # a Lambda test event can be any JSON value
        raise RequestRejected(400, "body is not a JSON object")
    request = envelope.get("request")
    if not isinstance(request, dict) or not isinstance(request.get("type"), str):
        raise RequestRejected(400, "request.type is missing")
    if request["type"] not in KNOWN_REQUEST_TYPES:
        raise RequestRejected(400, "request.type is not a known Alexa request type", request["type"][:80])
    if not isinstance(envelope.get("version"), str):
        raise RequestRejected(400, "version is missing")
    _check_shape(envelope)


def household_key(envelope: Mapping[str, Any]) -> str:
    """The user id a request's household is keyed by (as the persistence adapter reads it), or ''.

    The shape check refuses an envelope for which this is '', so past it every request has a household.
    """
    for path in (("context", "System", "user", "userId"), ("session", "user", "userId")):
        node: Any = envelope
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        if isinstance(node, str) and node:
            return node
    return ""


def request_label(envelope: Mapping[str, Any]) -> tuple[str, str]:
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
