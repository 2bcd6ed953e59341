"""The Alexa web endpoint: HTTP in, ``AlexaEndpoint`` answers, JSON out, one log line per request.

The front is thin on purpose: ``POST /alexa`` is answered in plain WSGI by the same ``AlexaEndpoint`` every
front uses, which refuses what is not a genuine, well-formed Alexa request with a 4xx and a short reason
(never a 500 for bad input). Flask keeps the rest: /healthz and the audio routes.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ask_sdk_core.skill import CustomSkill
from flask import Flask, Response
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from skill import __version__
from skill.config import Settings
from skill.endpoint import AlexaEndpoint, Outcome
from skill.envelope import MAX_BODY_BYTES, TOO_LARGE, RequestRejected
from skill.errors import HeartlineError
from skill.household_locks import LOCK_FILE_NAME, HouseholdLocks
from skill.number_words import number_slots_of_model
from skill.tracebacks import frames_only
from skill.verify import CERT_URL_HEADER, SIGNATURE_HEADER, Clock, Fetcher, RequestVerifier
from skill.web_audio import TrackFiles, register_audio_routes

PRIVACY_POLICY = Path(__file__).resolve().parent / "content" / "privacy.md"

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)


class Pingable(Protocol):
    """What /healthz needs from the store."""

    def ping(self) -> bool: ...


UNCOMPRESSED_ONLY = "send the body uncompressed: Content-Encoding is not accepted"

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
            _discard_rest(environ, size)
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
        _discard_rest(environ, None)
        raise RequestRejected(413, TOO_LARGE)
    return b"".join(chunks)


DISCARD_LIMIT = 16 * 1024 * 1024
"""How much of a refused body ``heartline serve`` reads and throws away so that its sender sees the 413."""


def _discard_rest(environ: Mapping[str, Any], declared: int | None) -> None:
    """Read the rest of a refused body on werkzeug's development server (``heartline serve``), up to
    ``DISCARD_LIMIT``. After answering, that server drains the socket itself with a read of 10 MB that waits for
    10 MB or the end of the stream; a client that sent a 1 MB body and waits for the answer never closes, so
    both sides waited, and the 413 sat unfinished with the socket held, until the client gave up. Read through
    the request's own stream (which knows where a chunked body ends), the server's drain finds nothing left.
    gunicorn (production) closes the connection itself, so there the body is not read: a refused request costs
    nothing more. A body past the limit keeps the old behaviour; it is no honest Alexa request."""
    if "werkzeug.socket" not in environ:
        return
    stream = environ["wsgi.input"]
    left = DISCARD_LIMIT if declared is None else min(declared, DISCARD_LIMIT)
    while left > 0:
        chunk = stream.read(min(left, 64 * 1024))
        if not chunk:
            return
        left -= len(chunk)


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
        encoding = str(environ.get("HTTP_CONTENT_ENCODING", "")).strip().lower()
        if encoding not in ("", "identity"):
            # Alexa never compresses a request; a gzipped body was refused as "body is not JSON", which sent
            # whoever sent it looking in the wrong place (and a signature is over the bytes as sent, not inflated)
            return Outcome(415, {"error": UNCOMPRESSED_ONLY}, detail=loggable(encoding[:40]))
        headers = {name: environ.get(key, "") for key, name in _SIGNATURE_ENVIRON}
        try:
            return self.endpoint.handle(headers, body)
        except Exception as exc:  # a bug in the skill, not bad input: say so, once, with the traceback
            # its frames and types, not its message: that can quote a slot value, which is what a partner said
            log.error("alexa request failed inside the skill:\n%s", frames_only(exc))
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
    locks = HouseholdLocks(settings.data_dir / LOCK_FILE_NAME)
    endpoint = AlexaEndpoint(skill, verifier, number_slot or number_slots_of_model(), locks)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions["heartline"] = {"endpoint": endpoint, "store": store, "settings": settings, "tracks": tracks}

    if tracks is not None:
        register_audio_routes(app, tracks)

    app.wsgi_app = AlexaRoute(endpoint, app.wsgi_app)  # type: ignore[method-assign]

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        """Every refusal in JSON with a short reason, as ``POST /alexa`` answers: an HTML page for a wrong path
        or method told a client (or a load balancer's health check) nothing it could read."""
        return _http_error_response(exc)

    @app.get("/privacy")
    def privacy() -> Response:
        """The privacy policy the skill manifest links to (certification requires one)."""
        return Response(PRIVACY_POLICY.read_text(encoding="utf-8"), content_type="text/markdown; charset=utf-8")

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


ROUTES = "POST /alexa, GET /healthz, GET /privacy, GET /audio/<track>.mp3"


def _http_error_response(exc: HTTPException) -> Response:
    """``exc`` as JSON, keeping its headers (``Allow`` on a 405, ``Content-Range`` on a 416)."""
    status = exc.code or 500
    if isinstance(exc, RequestEntityTooLarge):
        reason = TOO_LARGE
    elif exc.description != type(exc).description:
        reason = str(exc.description)  # a route's own reason ("no such track")
    elif status == 404:
        reason = f"no such path; Heartline answers {ROUTES}"
    elif status == 405:
        offered = getattr(exc, "valid_methods", None) or ()
        allowed = sorted(m for m in offered if m not in ("HEAD", "OPTIONS")) or sorted(offered)
        reason = f"use {' or '.join(allowed)} here" if allowed else "method not allowed"
    else:
        reason = exc.name.lower()
    response = _json_response(status, {"error": reason})
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _json_response(status: int, payload: Mapping[str, Any]) -> Response:
    return Response(json.dumps(payload, separators=(",", ":")), status=status, mimetype="application/json")


def _log_outcome(outcome: Outcome, started: float) -> None:
    elapsed_ms = (time.perf_counter() - started) * 1000
    request_id, label = loggable(str(outcome.request_id)), loggable(str(outcome.label))
    if outcome.status == 200:
        log.info("alexa %s %s 200 %.1fms", request_id, label, elapsed_ms)
    else:
        reason = loggable(str(outcome.payload.get("error", "")))
        detail = f" ({loggable(outcome.detail)})" if outcome.detail else ""
        log.warning("alexa %s %s %d %s%s %.1fms", request_id, label, outcome.status, reason, detail, elapsed_ms)


def loggable(text: str) -> str:
    """Text from a request as a log line can carry it: a lone surrogate (JSON can hold one, "request.type":
    "\\udfff") written as its escape. Raw, it broke any log handler that encodes to UTF-8, and stopped a test
    run whose worker could not send the captured line back (2026-12-07)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def run_server(settings: Settings, host: str = "127.0.0.1", port: int = 5000) -> None:
    """Serve with werkzeug's server for ``heartline serve``; production runs gunicorn on ``wsgi_app``."""
    from werkzeug.serving import run_simple

    app = create_app(settings)
    log.info("Heartline %s serving Alexa requests on http://%s:%d/alexa", __version__, host, port)
    run_simple(host, port, app, threaded=True, use_reloader=False)


def wsgi_app() -> Flask:
    """gunicorn's entry: ``gunicorn 'skill.web:wsgi_app()'`` with settings from ``HEARTLINE_*``."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        return create_app(Settings.from_env())
    except HeartlineError as exc:
        # gunicorn prints an AppImportError as its one line and stops; anything else became a traceback in
        # every worker, then "Worker failed to boot" (an unreadable HEARTLINE_TRUSTED_ROOTS, a bad store URL)
        from gunicorn.errors import AppImportError

        raise AppImportError(f"heartline: {exc}") from None
