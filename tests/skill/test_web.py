"""The Alexa web endpoint: signed requests in, 200 with a real response or a 4xx with a reason, never 500."""

from __future__ import annotations

import gzip
import importlib.util
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from werkzeug.serving import make_server

from intents.envelopes import EnvelopeFactory, new_session_id, slot_json
from skill import __version__
from skill.config import Settings
from skill.envelope import MAX_BODY_BYTES, RequestRejected, check_envelope_shape
from skill.number_words import any_slot, digits_for_number_words, number_from_words
from skill.verify import CERT_URL_HEADER, SIGNATURE_HEADER, VerificationError
from skill.web import create_app
from tests.skill.test_verify import (
    CERT_URL,
    SKILL_ID,
    Authority,
    Clock,
    DictFetcher,
    alexa_envelope,
    body_of,
    make_authority,
)

NOW = datetime.now(UTC).replace(microsecond=0)
"""The web tests run against the real clock too (a real server), so their authority is made around now."""

# --- a tiny skill standing in for the real one --------------------------------------------------------


class LaunchHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak("Welcome to the test skill.").ask("Ready?").response


class CountHandler(AbstractRequestHandler):
    """Echoes its AMAZON.NUMBER slot, so tests can see what the skill received."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("SetCountIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        slots = handler_input.request_envelope.request.intent.slots or {}
        count = slots["count"].value if "count" in slots else None
        return handler_input.response_builder.speak(f"count {count}").response


def tiny_skill() -> CustomSkill:
    builder = SkillBuilder()
    builder.add_request_handler(LaunchHandler())
    builder.add_request_handler(CountHandler())
    return builder.create()


class FakeStore:
    def __init__(self, answer: bool | Exception = True) -> None:
        self.answer = answer

    def ping(self) -> bool:
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


# --- fixtures -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def authority() -> Authority:
    return make_authority(NOW)


@pytest.fixture
def fetcher(authority: Authority) -> DictFetcher:
    return DictFetcher({CERT_URL: authority.chain_pem()})


@pytest.fixture
def app(authority: Authority, fetcher: DictFetcher, tmp_path: Any) -> Flask:
    root = tmp_path / "root.pem"
    root.write_bytes(authority.root_pem())
    settings = Settings(skill_id=SKILL_ID, extra_trusted_roots=(root,), data_dir=tmp_path)
    return create_app(
        settings, tiny_skill(), store=FakeStore(), fetcher=fetcher, clock=Clock(NOW), number_slot=any_slot
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def post(client: FlaskClient, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    response = client.post("/alexa", data=body, headers=headers or {}, content_type="application/json")
    return response.status_code, response.get_json()


def signed_post(client: FlaskClient, authority: Authority, envelope: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    body = body_of(envelope)
    return post(client, body, authority.headers(body))


# --- good requests ------------------------------------------------------------------------------------


def test_a_signed_launch_request_gets_the_skills_response(client: FlaskClient, authority: Authority) -> None:
    status, payload = signed_post(client, authority, alexa_envelope(timestamp=NOW))
    assert status == 200
    assert payload["version"] == "1.0"
    assert payload["response"]["outputSpeech"]["ssml"] == "<speak>Welcome to the test skill.</speak>"
    assert payload["response"]["shouldEndSession"] is False


def test_the_chain_is_fetched_once_for_many_requests(
    client: FlaskClient, authority: Authority, fetcher: DictFetcher
) -> None:
    for number in range(25):
        envelope = alexa_envelope(timestamp=NOW, request_id=f"amzn1.echo-api.request.{number}")
        assert signed_post(client, authority, envelope)[0] == 200
    assert fetcher.calls == [CERT_URL]


def test_each_request_logs_one_line_without_personal_data(
    client: FlaskClient, authority: Authority, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="skill.web")
    envelope = alexa_envelope(
        "IntentRequest",
        timestamp=NOW,
        intent={"name": "SetCountIntent", "slots": {"count": {"name": "count", "value": "Samantha"}}},
        request_id="amzn1.echo-api.request.log-test",
    )
    assert signed_post(client, authority, envelope)[0] == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "skill.web"]
    assert len(lines) == 1
    assert "amzn1.echo-api.request.log-test" in lines[0]
    assert "SetCountIntent" in lines[0]
    assert "ms" in lines[0]
    assert "Samantha" not in lines[0] and "TESTUSER" not in lines[0]


def test_number_words_in_slots_reach_the_skill_as_digits(client: FlaskClient, authority: Authority) -> None:
    envelope = alexa_envelope(
        "IntentRequest",
        timestamp=NOW,
        intent={"name": "SetCountIntent", "slots": {"count": {"name": "count", "value": "twenty five"}}},
    )
    status, payload = signed_post(client, authority, envelope)
    assert status == 200
    assert payload["response"]["outputSpeech"]["ssml"] == "<speak>count 25</speak>"


@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("three", 3),
        ("Five", 5),
        ("zero", 0),
        ("twenty-five", 25),
        ("ninety nine", 99),
        ("a hundred", 100),
        ("one hundred and five", 105),
        ("two thousand twenty four", 2024),
        ("sam", None),
        ("three cats", None),
        ("", None),
        ("and", None),
    ],
)
def test_number_words_are_read_as_alexa_reads_them(words: str, number: int | None) -> None:
    assert number_from_words(words) == number


def test_only_number_slots_are_rewritten() -> None:
    envelope = alexa_envelope(
        "IntentRequest",
        intent={
            "name": "NamesIntent",
            "slots": {
                "first": {"name": "first", "value": "one"},
                "minutes": {"name": "minutes", "value": "four"},
            },
        },
    )
    digits_for_number_words(envelope, lambda intent, slot: slot == "minutes")
    slots = envelope["request"]["intent"]["slots"]
    assert (slots["first"]["value"], slots["minutes"]["value"]) == ("one", "4")
    digits_for_number_words(envelope, any_slot)
    assert slots["first"]["value"] == "1"


# --- refused requests ---------------------------------------------------------------------------------


def test_an_unsigned_request_is_refused(client: FlaskClient) -> None:
    status, payload = post(client, body_of(alexa_envelope(timestamp=NOW)))
    assert status == 400
    assert payload == {"error": "missing Signature-256 header"}


@pytest.mark.parametrize(
    ("signature", "reason"),
    [("", "missing Signature-256 header"), ("%%%", "Signature-256 header is not base64")],
)
def test_an_empty_or_unreadable_signature_is_refused(
    client: FlaskClient, authority: Authority, signature: str, reason: str
) -> None:
    body = body_of(alexa_envelope(timestamp=NOW))
    headers = {SIGNATURE_HEADER: signature, CERT_URL_HEADER: CERT_URL}
    assert post(client, body, headers) == (400, {"error": reason})


def test_a_wrong_signature_is_refused(client: FlaskClient, authority: Authority) -> None:
    body = body_of(alexa_envelope(timestamp=NOW))
    headers = {SIGNATURE_HEADER: authority.sign(body, authority.root_key), CERT_URL_HEADER: CERT_URL}
    assert post(client, body, headers) == (400, {"error": "signature does not match the body"})


def test_a_body_changed_after_signing_is_refused(client: FlaskClient, authority: Authority) -> None:
    body = body_of(alexa_envelope(timestamp=NOW))
    headers = authority.headers(body)
    tampered = body.replace(b"TESTUSER", b"OTHERUSR")
    assert post(client, tampered, headers) == (400, {"error": "signature does not match the body"})


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://example.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/not.echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../evil/echo-api-cert.pem",
        "https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem",
    ],
)
def test_a_bad_cert_url_is_refused(client: FlaskClient, authority: Authority, fetcher: DictFetcher, url: str) -> None:
    body = body_of(alexa_envelope(timestamp=NOW))
    status, payload = post(client, body, authority.headers(body, url))
    assert status == 400
    assert payload["error"].startswith("certificate URL")
    assert fetcher.calls == []


def test_a_chain_from_an_untrusted_root_is_refused(client: FlaskClient, fetcher: DictFetcher) -> None:
    stranger = make_authority(NOW, root_name="Untrusted Root")
    fetcher.chains[CERT_URL] = stranger.chain_pem()
    status, payload = signed_post(client, stranger, alexa_envelope(timestamp=NOW))
    assert (status, payload) == (400, {"error": "certificate chain is not trusted"})


def test_an_expired_leaf_is_refused(client: FlaskClient, authority: Authority, fetcher: DictFetcher) -> None:
    fetcher.chains[CERT_URL] = authority.chain_pem(authority.leaf_variant(days=(-60, -1)))
    status, payload = signed_post(client, authority, alexa_envelope(timestamp=NOW))
    assert (status, payload) == (400, {"error": "signing certificate is expired or not yet valid"})


def test_a_leaf_without_the_alexa_name_is_refused(
    client: FlaskClient, authority: Authority, fetcher: DictFetcher
) -> None:
    fetcher.chains[CERT_URL] = authority.chain_pem(authority.leaf_variant(san=("www.example.com",)))
    status, payload = signed_post(client, authority, alexa_envelope(timestamp=NOW))
    assert (status, payload) == (400, {"error": "signing certificate is not for echo-api.amazon.com"})


@pytest.mark.parametrize("offset", [timedelta(seconds=-200), timedelta(seconds=200)])
def test_a_stale_or_future_timestamp_is_refused(client: FlaskClient, authority: Authority, offset: timedelta) -> None:
    status, payload = signed_post(client, authority, alexa_envelope(timestamp=NOW + offset))
    assert (status, payload) == (400, {"error": "request timestamp is more than 150 s from now"})


def test_a_skill_event_may_arrive_up_to_an_hour_late(
    authority: Authority, fetcher: DictFetcher, tmp_path: Path
) -> None:
    """Alexa delivers skill events up to an hour after their timestamp (ask-sdk's verifiers allow the hour for
    these five types); at 150 s a delayed SkillDisabled was a 400. Other requests, and events from the future or
    older than the hour, are still refused."""
    root = tmp_path / "root.pem"
    root.write_bytes(authority.root_pem())
    settings = Settings(skill_id=SKILL_ID, extra_trusted_roots=(root,), data_dir=tmp_path, offline=True)
    client = create_app(settings, fetcher=fetcher, clock=Clock(NOW)).test_client()
    for kind in ("AlexaSkillEvent.SkillEnabled", "AlexaSkillEvent.SkillDisabled"):
        late = alexa_envelope(kind, timestamp=NOW - timedelta(minutes=59))
        del late["session"]
        status, payload = signed_post(client, authority, late)
        assert (status, payload["response"]) == (200, {}), kind
    refused = {"error": "request timestamp is more than 150 s from now"}
    for kind, offset in (
        ("AlexaSkillEvent.SkillEnabled", timedelta(minutes=61)),
        ("AlexaSkillEvent.SkillEnabled", timedelta(seconds=-200)),
        ("Messaging.MessageReceived", timedelta(minutes=10)),
        ("LaunchRequest", timedelta(minutes=10)),
    ):
        assert signed_post(client, authority, alexa_envelope(kind, timestamp=NOW - offset)) == (400, refused), kind


def test_a_request_for_another_skill_is_refused(client: FlaskClient, authority: Authority) -> None:
    envelope = alexa_envelope(timestamp=NOW, application_id="amzn1.ask.skill.someone-else")
    assert signed_post(client, authority, envelope) == (
        400,
        {"error": "request is for another application id"},
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "body is empty"),
        (b"{not json", "body is not JSON"),
        (b"\xff\xfe\x00garbage", "body is not JSON"),
        (b"[" * 100_000, "body is not JSON"),
        (b"[1, 2, 3]", "body is not a JSON object"),
        (b'"LaunchRequest"', "body is not a JSON object"),
        (b"{}", "request.type is missing"),
        (b'{"request": "LaunchRequest"}', "request.type is missing"),
        (b'{"request": {"type": 7}}', "request.type is missing"),
        (
            b'{"version": "1.0", "request": {"type": "PizzaRequest"}}',
            "request.type is not a known Alexa request type",
        ),
        (b'{"request": {"type": "LaunchRequest"}}', "version is missing"),
    ],
)
def test_malformed_bodies_are_refused_before_verification(
    client: FlaskClient, fetcher: DictFetcher, body: bytes, reason: str
) -> None:
    assert post(client, body) == (400, {"error": reason})
    assert fetcher.calls == []


def test_a_compressed_body_is_refused_with_a_reason_that_says_so(client: FlaskClient, authority: Authority) -> None:
    """Alexa never compresses a request; a gzipped body was refused as 'body is not JSON'."""
    body = body_of(alexa_envelope(timestamp=NOW))
    for encoding, data in (("gzip", gzip.compress(body)), ("deflate", body), ("br", body)):
        status, payload = post(client, data, {**authority.headers(data), "Content-Encoding": encoding})
        assert (status, payload) == (415, {"error": "send the body uncompressed: Content-Encoding is not accepted"})
    assert post(client, body, {**authority.headers(body), "Content-Encoding": "identity"})[0] == 200


def test_a_body_over_128_kib_is_refused(client: FlaskClient, authority: Authority) -> None:
    envelope = alexa_envelope(timestamp=NOW)
    envelope["session"]["attributes"] = {"padding": "x" * MAX_BODY_BYTES}
    status, payload = signed_post(client, authority, envelope)
    assert status == 413
    assert payload == {"error": "body is larger than 128 KiB"}


def test_an_unknown_intent_is_refused_not_crashed(client: FlaskClient, authority: Authority) -> None:
    envelope = alexa_envelope("IntentRequest", timestamp=NOW, intent={"name": "NoSuchIntent", "slots": {}})
    assert signed_post(client, authority, envelope) == (400, {"error": "no handler for this request"})


def _without_user(envelope: dict[str, Any], how: str) -> dict[str, Any]:
    for holder in (envelope["session"], envelope["context"]["System"]):
        if how == "no user objects":
            del holder["user"]
        elif how == "no user ids":
            holder["user"] = {}
        else:
            holder["user"] = {"userId": ""}
    return envelope


@pytest.mark.parametrize("how", ["no user objects", "no user ids", "empty user ids"])
def test_a_request_that_names_no_user_is_refused_before_the_skill(
    client: FlaskClient, authority: Authority, fetcher: DictFetcher, how: str
) -> None:
    envelope = _without_user(alexa_envelope(timestamp=NOW), how)
    assert signed_post(client, authority, envelope) == (400, {"error": "request names no user"})
    assert fetcher.calls == []
    with pytest.raises(RequestRejected, match="request names no user"):  # the Lambda front's check too
        check_envelope_shape(_without_user(alexa_envelope(timestamp=NOW), how))


@pytest.mark.parametrize("user_id", ["\ud800", "amzn1.ask.account.\udfff", "amzn1.ask.account.A\ud83d"])
def test_a_user_id_that_is_not_text_is_refused_before_the_skill(
    client: FlaskClient, authority: Authority, user_id: str
) -> None:
    """A lone surrogate in the user id (JSON can carry one) reached the store, which cannot encode it: the couple
    heard "Sorry, something went wrong" and a traceback was logged. Like every malformed request, it is a 400."""
    envelope = alexa_envelope(timestamp=NOW)
    for holder in (envelope["session"], envelope["context"]["System"]):
        holder["user"] = {"userId": user_id}
    assert signed_post(client, authority, envelope) == (400, {"error": "request's user id is not valid text"})
    with pytest.raises(RequestRejected, match="not valid text"):  # the Lambda front's check too
        check_envelope_shape(envelope)


@pytest.mark.parametrize("keep", ["session", "context"])
def test_a_user_named_in_either_place_is_enough(client: FlaskClient, authority: Authority, keep: str) -> None:
    envelope = alexa_envelope(timestamp=NOW)
    if keep == "session":
        del envelope["context"]["System"]["user"]
    else:
        del envelope["session"]["user"]
    assert signed_post(client, authority, envelope)[0] == 200


def test_a_get_on_the_alexa_route_is_not_allowed(client: FlaskClient) -> None:
    response = client.get("/alexa")
    assert response.status_code == 405 and response.get_json() == {"error": "use POST"}
    assert response.headers["Allow"] == "POST"


@pytest.mark.parametrize(
    ("method", "path", "status", "reason"),
    [
        ("GET", "/wp-login.php", 404, "no such path; Heartline answers POST /alexa"),
        ("POST", "/", 404, "no such path"),
        ("DELETE", "/healthz", 405, "use GET here"),
        ("PUT", "/privacy", 405, "use GET here"),
    ],
)
def test_a_wrong_path_or_method_is_refused_in_json_with_a_reason(
    client: FlaskClient, method: str, path: str, status: int, reason: str
) -> None:
    """A scanner's or a misconfigured health check's request gets what the Alexa route gives: JSON, not a page."""
    response = client.open(path, method=method)
    assert response.status_code == status and response.mimetype == "application/json"
    assert response.get_json()["error"].startswith(reason)
    if status == 405:
        assert "GET" in response.headers["Allow"]


# --- verification off ---------------------------------------------------------------------------------


@pytest.fixture
def unverified(tmp_path: Any) -> FlaskClient:
    settings = Settings(skill_id=SKILL_ID, verify_signatures=False, data_dir=tmp_path)
    return create_app(settings, tiny_skill(), store=FakeStore()).test_client()


def test_a_timestamp_in_epoch_milliseconds_is_accepted(client: FlaskClient, authority: Authority) -> None:
    """Alexa has sent ``timestamp`` as epoch milliseconds (the simulator, and live requests to new skills, in
    2017); the verifier took it, then the schema check refused it with a 400."""
    envelope = alexa_envelope(timestamp=NOW)
    envelope["request"]["timestamp"] = int(NOW.timestamp() * 1000)
    status, payload = signed_post(client, authority, envelope)
    assert status == 200, payload
    assert payload["response"]["outputSpeech"]["ssml"] == "<speak>Welcome to the test skill.</speak>"
    envelope["request"]["timestamp"] = int((NOW - timedelta(hours=1)).timestamp() * 1000)
    assert signed_post(client, authority, envelope)[1] == {"error": "request timestamp is more than 150 s from now"}


def test_a_skill_event_with_epoch_millisecond_times_gets_an_empty_answer(real_unverified: FlaskClient) -> None:
    """A skill event as the docs show one (no session, device or locale), its times in epoch milliseconds."""
    now_ms = int(time.time() * 1000)
    envelope = alexa_envelope("AlexaSkillEvent.SkillEnabled")
    del envelope["session"], envelope["context"]["System"]["device"], envelope["request"]["locale"]
    envelope["request"].update(timestamp=now_ms, eventCreationTime=now_ms, eventPublishingTime=now_ms)
    status, payload = post(real_unverified, body_of(envelope))
    assert (status, payload["response"]) == (200, {})


def test_verification_off_accepts_unsigned_requests_and_warns(tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="skill.web")
    settings = Settings(verify_signatures=False, data_dir=tmp_path)
    client = create_app(settings, tiny_skill()).test_client()
    assert any("verification is OFF" in r.getMessage() for r in caplog.records)
    stale = alexa_envelope(timestamp=NOW - timedelta(days=30))
    assert post(client, body_of(stale))[0] == 200


SAID = "Zelda said the thing about her mother"
"""A slot value: what a partner said, which no log line may hold."""


class QuotingHandler(AbstractRequestHandler):
    """Fails the way a bug does, with the slot value in the exception's message."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("SetCountIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        slots = handler_input.request_envelope.request.intent.slots or {}
        raise ValueError(f"cannot read {slots['count'].value!r}")


@pytest.mark.parametrize("with_catch_all", [True, False])
def test_an_error_inside_the_skill_is_logged_without_what_was_said(
    tmp_path: Any, caplog: pytest.LogCaptureFixture, with_catch_all: bool
) -> None:
    """The catch-all handler (and, past it, the endpoint) logged the exception whole, and its message can quote a
    slot value; now the log names the type and every frame, and no message."""
    from intents.errors import CatchAllHandler
    from intents.phrases import ERROR

    builder = SkillBuilder()
    builder.add_request_handler(QuotingHandler())
    if with_catch_all:
        builder.add_exception_handler(CatchAllHandler())
    client = create_app(Settings(verify_signatures=False, data_dir=tmp_path), builder.create()).test_client()
    caplog.set_level(logging.INFO)
    envelope = alexa_envelope(
        "IntentRequest", intent={"name": "SetCountIntent", "slots": {"count": slot_json("count", SAID)}}
    )
    status, payload = post(client, body_of(envelope))
    if with_catch_all:
        assert (status, payload["response"]["outputSpeech"]["ssml"]) == (200, f"<speak>{ERROR}</speak>")
    else:
        assert (status, payload) == (500, {"error": "internal error"})
    logged = "\n".join(caplog.messages) + "".join(record.exc_text or "" for record in caplog.records)
    assert "builtins.ValueError (message not logged)" in logged
    assert ", in handle" in logged
    assert "Zelda" not in logged


def test_verification_off_still_checks_the_application_id(unverified: FlaskClient) -> None:
    envelope = alexa_envelope(application_id="amzn1.ask.skill.someone-else")
    assert post(unverified, body_of(envelope)) == (400, {"error": "request is for another application id"})


def test_an_envelope_that_does_not_fit_the_schema_is_a_400(unverified: FlaskClient) -> None:
    envelope = alexa_envelope()
    envelope["request"]["timestamp"] = "not a date"
    status, payload = post(unverified, body_of(envelope))
    assert (status, payload) == (400, {"error": "request does not fit the Alexa request schema"})


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    part=st.sampled_from(["session", "context", "request", "version"]),
    key=st.sampled_from(["application", "user", "attributes", "System", "timestamp", "intent", "locale", "new"]),
    value=_json,
)
def test_no_envelope_ever_gets_a_500(unverified: FlaskClient, part: str, key: str, value: Any) -> None:
    envelope = alexa_envelope("IntentRequest", intent={"name": "SetCountIntent", "slots": {}})
    target = envelope.get(part)
    if isinstance(target, dict):
        target[key] = value
    else:
        envelope[part] = value
    status, _ = post(unverified, body_of(envelope))
    assert status in (200, 400)


# --- health -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "status", "store"),
    [(True, 200, "ok"), (False, 503, "down"), (RuntimeError("gone"), 503, "down")],
)
def test_healthz_reports_the_version_and_the_store(
    tmp_path: Any, answer: bool | Exception, status: int, store: str
) -> None:
    settings = Settings(verify_signatures=False, data_dir=tmp_path)
    client = create_app(settings, tiny_skill(), store=FakeStore(answer)).test_client()
    response = client.get("/healthz")
    assert response.status_code == status
    assert response.get_json()["version"] == __version__
    assert response.get_json()["store"] == store


# --- a real server on 127.0.0.1 -----------------------------------------------------------------------


class _ChainServer(BaseHTTPRequestHandler):
    chain = b""

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.send_response(200)
        self.send_header("Content-Type", "application/x-pem-file")
        self.end_headers()
        self.wfile.write(self.chain)

    def log_message(self, format: str, *args: Any) -> None:
        return


def _serve(server: Any) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture
def chain_url(authority: Authority) -> Iterator[str]:
    handler = type("ChainHandler", (_ChainServer,), {"chain": authority.chain_pem()})
    yield from _serve(ThreadingHTTPServer(("127.0.0.1", 0), handler))


class LocalMirror:
    """A fetcher that downloads an S3 chain URL from a local server instead (as a CDN mirror would)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.calls = 0

    def __call__(self, url: str, *, timeout: float, max_bytes: int) -> bytes:
        self.calls += 1
        path = url.removeprefix("https://s3.amazonaws.com")
        try:
            response = requests.get(self.base + path, timeout=timeout)
        except requests.RequestException as exc:
            raise VerificationError("certificate chain could not be downloaded", str(exc)) from exc
        return response.content[: max_bytes + 1]


@pytest.mark.server
def test_a_real_server_answers_signed_requests_over_http(authority: Authority, chain_url: str, tmp_path: Any) -> None:
    root = tmp_path / "root.pem"
    root.write_bytes(authority.root_pem())
    settings = Settings(skill_id=SKILL_ID, extra_trusted_roots=(root,), data_dir=tmp_path)
    mirror = LocalMirror(chain_url)
    app = create_app(settings, tiny_skill(), store=FakeStore(), fetcher=mirror)
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        with requests.Session() as http:
            for number in range(5):
                envelope = alexa_envelope(request_id=f"amzn1.echo-api.request.real-{number}")
                body = body_of(envelope)
                response = http.post(f"{base}/alexa", data=body, headers=authority.headers(body), timeout=10)
                assert response.status_code == 200, response.text
                assert "Welcome" in response.json()["response"]["outputSpeech"]["ssml"]
            huge = b"{" + b" " * (MAX_BODY_BYTES + 10) + b"}"
            response = http.post(f"{base}/alexa", data=huge, headers=authority.headers(huge), timeout=10)
            assert response.status_code == 413
            chunks = (huge[start : start + 4096] for start in range(0, len(huge), 4096))  # no Content-Length
            response = http.post(f"{base}/alexa", data=chunks, headers=authority.headers(huge), timeout=10)
            assert (response.status_code, response.json()) == (413, {"error": "body is larger than 128 KiB"})
            body = body_of(alexa_envelope())
            forged = http.post(f"{base}/alexa", data=body, headers={CERT_URL_HEADER: CERT_URL}, timeout=10)
            assert (forged.status_code, forged.json()) == (400, {"error": "missing Signature-256 header"})
            assert http.get(f"{base}/healthz", timeout=10).json()["status"] == "ok"
    assert mirror.calls == 1


def _post_raw_and_wait_for_close(base: str, head: bytes, body_parts: Iterable[bytes]) -> tuple[bytes, bool]:
    """Send a request over a bare socket, as a client that writes its whole body and then waits; return what came
    back and whether the server closed the connection (``requests`` reads the answer and never shows that)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(head)
        for part in body_parts:
            connection.sendall(part)
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except TimeoutError:
            return received, False
        return received, True


@pytest.mark.server
def test_heartline_serve_closes_the_connection_after_refusing_a_large_body(tmp_path: Any) -> None:
    """werkzeug's server (``heartline serve``) drains a refused body with a read that waits for 10 MB or the
    stream's end; a client that sent 1 MB and waited for the answer got the 413 but the socket was held until it
    gave up, one thread each. The rest of the body is now read through, and the connection closes."""
    app = create_app(Settings(verify_signatures=False, data_dir=tmp_path), tiny_skill(), store=FakeStore())
    megabyte = b"x" * (1024 * 1024)
    head = b"POST /alexa HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        declared = head + b"Content-Length: %d\r\n\r\n" % len(megabyte)
        answer, closed = _post_raw_and_wait_for_close(base, declared, [megabyte])
        assert answer.startswith(b"HTTP/1.1 413") and closed
        pieces = [
            b"%x\r\n%s\r\n" % (len(p), p) for p in (megabyte[i : i + 4096] for i in range(0, len(megabyte), 4096))
        ]
        answer, closed = _post_raw_and_wait_for_close(
            base, head + b"Transfer-Encoding: chunked\r\n\r\n", [*pieces, b"0\r\n\r\n"]
        )
        assert answer.startswith(b"HTTP/1.1 413") and b"larger than 128 KiB" in answer and closed


def test_response_bodies_are_json(client: FlaskClient, authority: Authority) -> None:
    body = body_of(alexa_envelope(timestamp=NOW))
    response = client.post("/alexa", data=body, headers=authority.headers(body))
    assert response.mimetype == "application/json"
    assert json.loads(response.data)["response"]


# --- the real skill -----------------------------------------------------------------------------------


def test_the_default_app_serves_the_real_skill_over_sqlite(
    authority: Authority, fetcher: DictFetcher, tmp_path: Any
) -> None:
    root = tmp_path / "root.pem"
    root.write_bytes(authority.root_pem())
    settings = Settings(skill_id=SKILL_ID, extra_trusted_roots=(root,), data_dir=tmp_path, offline=True)
    client = create_app(settings, fetcher=fetcher, clock=Clock(NOW)).test_client()
    status, payload = signed_post(client, authority, alexa_envelope(timestamp=NOW))
    assert status == 200
    assert "Heart Line" in payload["response"]["outputSpeech"]["ssml"]
    assert client.get("/healthz").get_json() == {"status": "ok", "version": __version__, "store": "ok"}
    assert (tmp_path / "heartline.db").exists()


# --- the other ways in: Lambda and gunicorn -----------------------------------------------------------

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _load_lambda_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "heartline_lambda_function", PROJECT_ROOT / "deploy" / "lambda_function.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_lambda_handler_answers_with_the_real_skill_and_builds_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARTLINE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HEARTLINE_SKILL_ID", SKILL_ID)
    monkeypatch.setenv("HEARTLINE_OFFLINE", "1")
    module = _load_lambda_module()
    first = module.lambda_handler(alexa_envelope(timestamp=NOW - timedelta(hours=1)), None)
    endpoint = module._endpoint
    second = module.lambda_handler(alexa_envelope(), None)
    assert module._endpoint is endpoint
    for answer in (first, second):
        assert "Heart Line" in answer["response"]["outputSpeech"]["ssml"]
    with pytest.raises(VerificationError, match="another application id"):
        module.lambda_handler(alexa_envelope(application_id="amzn1.ask.skill.someone-else"), None)
    with pytest.raises(RequestRejected, match="request.type"):
        module.lambda_handler({"version": "1.0", "request": {"type": "PizzaRequest"}}, None)
    for not_an_object in ([1], None, "x", 3):  # a hand-made test event in the Lambda console can be any JSON
        with pytest.raises(RequestRejected, match="not a JSON object"):
            module.lambda_handler(not_an_object, None)


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("0.0.0.0:9000", "http://127.0.0.1:9000/healthz"),
        ("127.0.0.1:8123,[::]:8124", "http://127.0.0.1:8123/healthz"),
        ("[::]:9000", "http://[::1]:9000/healthz"),
        (":9000", "http://127.0.0.1:9000/healthz"),
        ("localhost", "http://localhost:8000/healthz"),
        ("unix:/run/heartline.sock", None),
    ],
)
def test_the_container_health_check_asks_the_port_heartline_bind_names(bind: str, url: str | None) -> None:
    """The Dockerfile's check asked port 8000 whatever HEARTLINE_BIND said; a container on 9000 was unhealthy."""
    from skill.healthcheck import health_url

    assert health_url(bind) == url


def _first_health(base: str, process: subprocess.Popen[bytes]) -> requests.Response:
    """``/healthz``'s first answer from a server just started, waiting up to a minute for it to listen."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return requests.get(f"{base}/healthz", timeout=5)
        except (requests.ConnectionError, requests.Timeout):
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.server
@pytest.mark.slow
def test_gunicorn_serves_the_app_with_the_deploy_config(tmp_path: Path) -> None:
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        pytest.fail("gunicorn is not installed (pip install .[serve]; scripts/dev test does)")
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "HEARTLINE_BIND": f"127.0.0.1:{port}",
        "HEARTLINE_WORKERS": "2",
        "HEARTLINE_DATA_DIR": str(tmp_path),
        "HEARTLINE_VERIFY": "0",
        "HEARTLINE_OFFLINE": "1",
    }
    process = subprocess.Popen(
        [str(gunicorn), "--config", str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        health = _first_health(base, process)
        assert health.json() == {"status": "ok", "version": __version__, "store": "ok"}
        answer = requests.post(f"{base}/alexa", data=body_of(alexa_envelope()), timeout=10)
        assert answer.status_code == 200
        assert "Heart Line" in answer.json()["response"]["outputSpeech"]["ssml"]
        assert requests.post(f"{base}/alexa", data=b"{", timeout=10).status_code == 400
        huge = b"{" + b" " * MAX_BODY_BYTES + b"}"
        chunks = (huge[start : start + 4096] for start in range(0, len(huge), 4096))
        assert requests.post(f"{base}/alexa", data=chunks, timeout=10).status_code == 413
        for bind, healthy in ((f"0.0.0.0:{port}", 0), (f"127.0.0.1:{port},[::1]:9", 0), (f"0.0.0.0:{_free_port()}", 1)):
            check = subprocess.run(
                [sys.executable, "-m", "skill.healthcheck"],
                env={**env, "HEARTLINE_BIND": bind},
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert check.returncode == healthy, (bind, check.stderr)
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert b"verification is OFF" in errors
    assert b"HEARTLINE_PUBLIC_URL is not set: round audio is linked at https://localhost:5000" in errors
    assert b"HEARTLINE_SKILL_ID is not set" in errors


@pytest.mark.server
@pytest.mark.slow
@pytest.mark.parametrize("public_url", [None, ""])
def test_serve_links_round_audio_to_itself_when_no_public_url_is_set(tmp_path: Path, public_url: str | None) -> None:
    """What the README's local test does: heartline serve --no-verify, a dinner asked for, its track fetched from
    the link. HEARTLINE_PUBLIC_URL set but empty counted as set, so the link went to https://localhost:5000."""
    port = _free_port()
    env = {**os.environ, "HEARTLINE_DATA_DIR": str(tmp_path), "HEARTLINE_OFFLINE": "1"}
    env.pop("HEARTLINE_PUBLIC_URL", None)
    if public_url is not None:
        env["HEARTLINE_PUBLIC_URL"] = public_url
    process = subprocess.Popen(
        [sys.executable, "-m", "skill.cli", "serve", "--no-verify", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _first_health(base, process)
        dinner = alexa_envelope("IntentRequest", intent={"name": "DinnerQuestionIntent", "slots": {}})
        answer = requests.post(f"{base}/alexa", data=body_of(dinner), timeout=30).json()
        (play,) = [d for d in answer["response"]["directives"] if d["type"] == "AudioPlayer.Play"]
        url = play["audioItem"]["stream"]["url"]
        assert url.startswith(f"{base}/audio/")
        track = requests.get(url, timeout=60)
        assert (track.status_code, track.headers["Content-Type"]) == (200, "audio/mpeg")
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert f"round audio is linked at {base}".encode() in errors


@pytest.mark.parametrize(
    ("flags", "env", "said"),
    [
        (["--port", "-1"], {}, "argument --port: must be between 1 and 65535, got -1"),
        (["--port", "99999"], {}, "argument --port: must be between 1 and 65535, got 99999"),
        (["--public-url", "ftp://host"], {}, "--public-url='ftp://host' is not a web address"),
        (["--public-url", "https://"], {}, "--public-url='https://' is not a web address"),
        ([], {"HEARTLINE_PUBLIC_URL": "your.host"}, "HEARTLINE_PUBLIC_URL='your.host' is not a web address"),
    ],
)
def test_serve_refuses_a_port_or_public_url_it_could_not_use(
    tmp_path: Path, flags: list[str], env: dict[str, str], said: str
) -> None:
    """--port -1 ended in bind()'s traceback and 99999 was served on 34463 with audio linked at :99999; an
    ftp:// or host-less public URL was taken as it stood, so no audio link made from it could be fetched."""
    done = subprocess.run(
        [sys.executable, "-m", "skill.cli", "serve", "--no-verify", *flags],
        cwd=PROJECT_ROOT,
        env={**os.environ, "HEARTLINE_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr


def test_a_public_url_is_kept_without_its_trailing_slash() -> None:
    assert Settings.from_env({"HEARTLINE_PUBLIC_URL": " https://heart.example/base/ "}).public_url == (
        "https://heart.example/base"
    )
    assert Settings.from_env({"HEARTLINE_PUBLIC_URL": "http://127.0.0.1:5000"}).public_url == "http://127.0.0.1:5000"


@pytest.mark.server
@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ({"HEARTLINE_WORKERS": "two"}, "heartline: HEARTLINE_WORKERS='two' is not a whole number of 1 or more"),
        ({"HEARTLINE_TIMEOUT": "-5"}, "heartline: HEARTLINE_TIMEOUT='-5' is not a whole number of 0 or more"),
        ({"HEARTLINE_VERIFY": "maybe"}, "heartline: HEARTLINE_VERIFY='maybe' is not a yes/no value"),
        ({"HEARTLINE_TRUSTED_ROOTS": "/no/such/roots.pem"}, "heartline: HEARTLINE_TRUSTED_ROOTS: cannot read"),
        ({"HEARTLINE_STORE": "mysql://db"}, "heartline: HEARTLINE_STORE='mysql://db': use sqlite:///path"),
        ({"HEARTLINE_STORE": "sqlite:h.db"}, "heartline: HEARTLINE_STORE='sqlite:h.db' is not a sqlite:/// URL"),
    ],
)
def test_gunicorn_refuses_a_bad_setting_in_one_line_without_a_traceback(
    tmp_path: Path, setting: dict[str, str], said: str
) -> None:
    """An operator's typo used to end gunicorn with a traceback (through its config loader, or one per worker
    and then "Worker failed to boot"); now gunicorn stops with the setting named in one line."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "HEARTLINE_BIND": f"127.0.0.1:{_free_port()}",
        "HEARTLINE_DATA_DIR": str(tmp_path),
        "HEARTLINE_OFFLINE": "1",
        **setting,
    }
    done = subprocess.run(
        [str(gunicorn), "--config", str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert said in done.stderr
    assert "Traceback" not in done.stderr


# --- the model codec ----------------------------------------------------------------------------------


def _codec_envelopes() -> list[dict[str, Any]]:
    slots = {
        "minutes": {"name": "minutes", "value": "3", "confirmationStatus": "NONE", "source": "USER"},
        "depth": {
            "name": "depth",
            "value": "deep",
            "resolutions": {
                "resolutionsPerAuthority": [
                    {
                        "authority": "amzn1.er-authority.echo-sdk.test.DEPTH",
                        "status": {"code": "ER_SUCCESS_MATCH"},
                        "values": [{"value": {"name": "deep", "id": "DEEP"}}],
                    }
                ]
            },
        },
    }
    with_attributes = alexa_envelope("IntentRequest", intent={"name": "StartListeningRoundIntent", "slots": slots})
    with_attributes["session"]["attributes"] = {"conversation": {"names": ["Sam", "Alex"], "misses": 1}, "n": 2.5}
    audio = alexa_envelope("AudioPlayer.PlaybackNearlyFinished")
    del audio["session"]
    audio["request"].update({"token": "abc:dinner:1:0", "offsetInMilliseconds": 1200})
    ended = alexa_envelope("SessionEndedRequest")
    ended["request"].update({"reason": "ERROR", "error": {"type": "INVALID_RESPONSE", "message": "x"}})
    odd = alexa_envelope()
    odd["request"]["timestamp"] = "2025-06-01T12:00:00.123+02:00"
    odd["context"]["Viewport"] = {"shape": "RECTANGLE", "pixelWidth": 1024}
    odd["request"]["unknownField"] = {"kept": [1, 2]}
    return [alexa_envelope(), with_attributes, audio, ended, odd]


@pytest.mark.parametrize("envelope", _codec_envelopes(), ids=["launch", "intent", "audio", "ended", "odd"])
def test_the_codec_builds_what_ask_sdk_builds(envelope: dict[str, Any]) -> None:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    from skill.codec import ModelCodec

    expected = DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)
    decoded = ModelCodec().decode(envelope, RequestEnvelope)
    assert decoded == expected
    assert DefaultSerializer().serialize(decoded) == DefaultSerializer().serialize(expected)


def test_a_value_alexa_added_after_this_sdk_is_read_as_absent_not_refused(tmp_path: Path) -> None:
    """A session-ended reason or player activity newer than the installed ask-sdk-model is still a
    well-formed request from Alexa: it gets its answer (here the empty one), not a 400."""
    from ask_sdk_model import RequestEnvelope

    from skill.codec import ModelCodec

    ended = alexa_envelope("SessionEndedRequest")
    ended["request"]["reason"] = "A_REASON_FROM_THE_FUTURE"
    decoded = ModelCodec().decode(ended, RequestEnvelope)
    assert decoded.request.reason is None
    known = alexa_envelope("SessionEndedRequest")
    known["request"]["reason"] = "USER_INITIATED"
    assert ModelCodec().decode(known, RequestEnvelope).request.reason.value == "USER_INITIATED"

    settings = Settings(skill_id=SKILL_ID, verify_signatures=False, data_dir=tmp_path)
    client = create_app(settings).test_client()
    answer = client.post("/alexa", json=ended)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "outputSpeech" not in answer.get_json()["response"]
    stopped = alexa_envelope("AudioPlayer.PlaybackStopped")
    del stopped["session"]
    stopped["request"].update({"token": "abc:dinner:1:0", "offsetInMilliseconds": 1200})
    stopped["context"]["AudioPlayer"] = {"playerActivity": "SOME_NEW_ACTIVITY", "token": "abc:dinner:1:0"}
    assert client.post("/alexa", json=stopped).status_code == 200


def test_a_nested_type_newer_than_the_sdk_is_read_as_its_base_not_refused(real_unverified: FlaskClient) -> None:
    """An APL runtime error of a type the installed ask-sdk-model does not list (it knows LIST_ERROR only), in a
    well-formed request, got a 400 'does not fit the schema'; it gets the empty answer of a request Heartline
    does not use. A slot value of a kind newer than the SDK is read the same way."""
    envelope = alexa_envelope("Alexa.Presentation.APL.RuntimeError")
    envelope["request"].update(token="t", errors=[{"type": "LINK_ERROR", "reason": "x", "message": "no link"}])
    status, payload = post(real_unverified, body_of(envelope))
    assert (status, payload["response"]) == (200, {})
    slot = {"name": "theme", "value": "work", "slotValue": {"type": "Range", "from": "a", "to": "b"}}
    envelope = alexa_envelope("IntentRequest", intent={"name": "AMAZON.HelpIntent", "slots": {"theme": slot}})
    status, payload = post(real_unverified, body_of(envelope))
    assert status == 200 and "Heart Line" in payload["response"]["outputSpeech"]["ssml"]


def test_the_codec_gives_each_request_its_own_attributes() -> None:
    """A retried request must not see what a lost attempt did to the session attributes."""
    from ask_sdk_model import RequestEnvelope

    from skill.codec import ModelCodec

    envelope = alexa_envelope()
    envelope["session"]["attributes"] = {"conversation": {"misses": 0}}
    decoded = ModelCodec().decode(envelope, RequestEnvelope)
    decoded.session.attributes["conversation"]["misses"] = 5
    assert envelope["session"]["attributes"]["conversation"]["misses"] == 0


def test_the_codec_writes_responses_as_ask_sdk_does(tmp_path: Path) -> None:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    from intents.builder import build_skill
    from skill.codec import ModelCodec
    from skill.store import open_store

    settings = Settings(data_dir=tmp_path, offline=True)
    skill = build_skill(settings, open_store(settings))
    codec = ModelCodec()
    for envelope in (
        alexa_envelope(),
        alexa_envelope("IntentRequest", intent={"name": "DinnerQuestionIntent", "slots": {}}),
        alexa_envelope("IntentRequest", intent={"name": "AMAZON.HelpIntent", "slots": {}}),
    ):
        response = skill.invoke(request_envelope=codec.decode(envelope, RequestEnvelope), context=None)
        assert codec.encode(response) == DefaultSerializer().serialize(response)


def test_the_privacy_policy_the_manifest_links_to_is_served(unverified: FlaskClient) -> None:
    reply = unverified.get("/privacy")
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "text/markdown; charset=utf-8", "one charset, not two"
    text = reply.get_data(as_text=True)
    assert "No recording and no transcript" in text and "delete my data" in text


def test_a_request_type_that_is_not_text_is_logged_as_its_escape(
    client: FlaskClient, authority: Authority, caplog: pytest.LogCaptureFixture
) -> None:
    """The reason for a 400 names what was refused; a lone surrogate in it made a log line no UTF-8 handler can
    write (found when a fresh clone's test run stopped on the fuzz test's captured log)."""
    caplog.set_level(logging.WARNING, logger="skill.web")
    envelope = alexa_envelope(timestamp=NOW)
    envelope["request"]["type"] = "\udfff\ud800"
    assert signed_post(client, authority, envelope)[0] == 400
    (line,) = [r.getMessage() for r in caplog.records if r.name == "skill.web"]
    assert "\\udfff\\ud800" in line
    line.encode("utf-8")  # raises on a raw surrogate


# --- the real skill, as devices of every kind reach it --------------------------------------------------


@pytest.fixture
def real_unverified(tmp_path: Path) -> FlaskClient:
    settings = Settings(verify_signatures=False, data_dir=tmp_path, offline=True)
    return create_app(settings).test_client()


def _speech_and_directives(client: FlaskClient, envelope: dict[str, Any]) -> tuple[str, list[str], dict[str, Any]]:
    status, payload = post(client, body_of(envelope))
    assert status == 200, payload
    response = payload["response"]
    directives = [d["type"] for d in response.get("directives") or []]
    return response.get("outputSpeech", {}).get("ssml", ""), directives, payload.get("sessionAttributes") or {}


def test_a_device_without_an_audio_player_is_never_sent_an_audio_directive(real_unverified: FlaskClient) -> None:
    """The Alexa app, a Fire TV or the developer console declare no AudioPlayer, and Alexa refuses a response with
    an AudioPlayer directive for them: the hotline numbers after a disclosure, or the praise after a dinner, gave
    way to Alexa's error. An endpoint probe found a Stop sent with both."""
    factory = EnvelopeFactory("amzn1.ask.account.NO-PLAYER", application_id=SKILL_ID, audio=False)
    session = new_session_id()
    _, _, attributes = _speech_and_directives(real_unverified, factory.launch(session))
    names = {"first_name": slot_json("first_name", "Sam"), "second_name": slot_json("second_name", "Alex")}
    _, _, attributes = _speech_and_directives(
        real_unverified, factory.intent("SetNamesIntent", names, session, False, attributes)
    )
    speech, directives, dinner = _speech_and_directives(
        real_unverified, factory.intent("DinnerQuestionIntent", {}, session, False, attributes)
    )
    assert "question" in speech and directives == []
    for name, heard in (("DoneIntent", "Nicely done"), ("SafetyIntent", "9-8-8"), ("ThatsAllIntent", "")):
        speech, directives, _ = _speech_and_directives(
            real_unverified, factory.intent(name, {}, session, False, dinner)
        )
        assert heard in speech and directives == [], (name, directives)
    # an Echo, for contrast, is told to stop its audio
    echo = EnvelopeFactory("amzn1.ask.account.ECHO", application_id=SKILL_ID)
    _, directives, _ = _speech_and_directives(
        real_unverified, echo.intent("SafetyIntent", {}, new_session_id(), True, {})
    )
    assert directives == ["AudioPlayer.Stop"]
