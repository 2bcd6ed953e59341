"""Alexa request verification against a real certificate hierarchy made here: root, intermediate, leaf.

The helpers at the top (``Authority``, ``make_authority``, ``alexa_envelope``) are also used by the web
endpoint tests and the endpoint benchmark, which sign real request bodies the same way.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from skill.config import Settings
from skill.errors import ConfigError
from skill.verify import (
    CERT_URL_HEADER,
    MAX_CHAIN_BYTES,
    SIGNATURE_HEADER,
    RequestVerifier,
    VerificationError,
    canonical_cert_url,
    load_trusted_roots,
    parse_timestamp,
)

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
SKILL_ID = "amzn1.ask.skill.00000000-test-heartline"
NOW = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)


# --- a test certificate authority ---------------------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Heartline test CA"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_certificate(
    subject: str,
    key: rsa.RSAPrivateKey,
    issuer: str,
    issuer_key: rsa.RSAPrivateKey,
    *,
    ca: bool,
    not_before: datetime,
    not_after: datetime,
    san: tuple[str, ...] = (),
) -> x509.Certificate:
    """A certificate shaped like a public CA's: key usage, key identifiers, server-auth EKU on leaves."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer != subject:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(True, False, True, False, False, False, False, False, False), critical=True
        ).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
    if san:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in san]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass
class Authority:
    """A root, an intermediate and an echo-api.amazon.com leaf, valid around ``now``."""

    now: datetime
    root_key: rsa.RSAPrivateKey
    root: x509.Certificate
    intermediate_key: rsa.RSAPrivateKey
    intermediate: x509.Certificate
    leaf_key: rsa.RSAPrivateKey
    leaf: x509.Certificate
    _extra_keys: dict[str, rsa.RSAPrivateKey] = field(default_factory=dict)

    def chain_pem(self, leaf: x509.Certificate | None = None, *, with_root: bool = False) -> bytes:
        certs = [leaf or self.leaf, self.intermediate] + ([self.root] if with_root else [])
        return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)

    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    def leaf_variant(self, *, san: tuple[str, ...] = ("echo-api.amazon.com",), days: tuple[int, int] = (-1, 30)):
        """Another leaf from the same intermediate, with the leaf key (so signatures still match)."""
        return make_certificate(
            "echo-api.amazon.com",
            self.leaf_key,
            "Heartline Test Intermediate",
            self.intermediate_key,
            ca=False,
            not_before=self.now + timedelta(days=days[0]),
            not_after=self.now + timedelta(days=days[1]),
            san=san,
        )

    def sign(self, body: bytes, key: rsa.RSAPrivateKey | None = None) -> str:
        signature = (key or self.leaf_key).sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode("ascii")

    def headers(self, body: bytes, cert_url: str = CERT_URL) -> dict[str, str]:
        return {SIGNATURE_HEADER: self.sign(body), CERT_URL_HEADER: cert_url}


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_authority(now: datetime, *, root_name: str = "Heartline Test Root") -> Authority:
    root_key, intermediate_key, leaf_key = new_key(), new_key(), new_key()
    start, end = now - timedelta(days=400), now + timedelta(days=3650)
    root = make_certificate(root_name, root_key, root_name, root_key, ca=True, not_before=start, not_after=end)
    intermediate = make_certificate(
        "Heartline Test Intermediate",
        intermediate_key,
        root_name,
        root_key,
        ca=True,
        not_before=start,
        not_after=end,
    )
    leaf = make_certificate(
        "echo-api.amazon.com",
        leaf_key,
        "Heartline Test Intermediate",
        intermediate_key,
        ca=False,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=365),
        san=("echo-api.amazon.com",),
    )
    return Authority(now, root_key, root, intermediate_key, intermediate, leaf_key, leaf)


def alexa_envelope(
    request_type: str = "LaunchRequest",
    *,
    timestamp: datetime | None = None,
    application_id: str = SKILL_ID,
    intent: dict[str, Any] | None = None,
    request_id: str = "amzn1.echo-api.request.0001",
) -> dict[str, Any]:
    """A request envelope shaped as Alexa sends one (session, context.System, request)."""
    stamp = (timestamp or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    user = {"userId": "amzn1.ask.account.TESTUSER"}
    application = {"applicationId": application_id}
    request: dict[str, Any] = {
        "type": request_type,
        "requestId": request_id,
        "timestamp": stamp,
        "locale": "en-US",
    }
    if intent is not None:
        request["intent"] = {"confirmationStatus": "NONE", **intent}
        request["dialogState"] = "STARTED"
    return {
        "version": "1.0",
        "session": {
            "new": request_type == "LaunchRequest",
            "sessionId": "amzn1.echo-api.session.0001",
            "application": application,
            "attributes": {},
            "user": user,
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {"AudioPlayer": {}}},
                "apiEndpoint": "https://api.amazonalexa.com",
                "apiAccessToken": "test-token",
            },
            "AudioPlayer": {"playerActivity": "IDLE"},
        },
        "request": request,
    }


def body_of(envelope: dict[str, Any]) -> bytes:
    return json.dumps(envelope, indent=1).encode("utf-8")


# --- fixtures -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def authority() -> Authority:
    return make_authority(NOW)


@pytest.fixture(scope="session")
def stranger() -> Authority:
    """A second hierarchy that nobody trusts."""
    return make_authority(NOW, root_name="Untrusted Root")


class DictFetcher:
    """Serves chains from a dict and counts downloads, as an injected fetcher."""

    def __init__(self, chains: dict[str, bytes]) -> None:
        self.chains = chains
        self.calls: list[str] = []

    def __call__(self, url: str, *, timeout: float, max_bytes: int) -> bytes:
        self.calls.append(url)
        if url not in self.chains:
            raise VerificationError("certificate chain could not be downloaded", f"no chain at {url}")
        return self.chains[url][: max_bytes + 1]


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def fetcher(authority: Authority) -> DictFetcher:
    return DictFetcher({CERT_URL: authority.chain_pem()})


@pytest.fixture
def verifier(authority: Authority, fetcher: DictFetcher, clock: Clock) -> RequestVerifier:
    return RequestVerifier(skill_id=SKILL_ID, trusted_roots=[authority.root], fetcher=fetcher, clock=clock)


def signed(authority: Authority, **kwargs: Any) -> tuple[dict[str, str], bytes, dict[str, Any]]:
    envelope = alexa_envelope(timestamp=NOW, **kwargs)
    body = body_of(envelope)
    return authority.headers(body), body, envelope


def reason_of(verifier: RequestVerifier, headers: dict[str, str], body: bytes, envelope: dict[str, Any]) -> str:
    with pytest.raises(VerificationError) as caught:
        verifier.verify(headers, body, envelope)
    return caught.value.reason


# --- the good path ------------------------------------------------------------------------------------


def test_a_correctly_signed_request_passes(authority: Authority, verifier: RequestVerifier) -> None:
    headers, body, envelope = signed(authority)
    result = verifier.verify(headers, body, envelope)
    assert result.signature_checked
    assert result.cert_url == CERT_URL
    assert result.request_time == NOW


def test_a_chain_that_includes_its_root_passes(authority: Authority, clock: Clock) -> None:
    fetcher = DictFetcher({CERT_URL: authority.chain_pem(with_root=True)})
    verifier = RequestVerifier(trusted_roots=[authority.root], fetcher=fetcher, clock=clock)
    headers, body, envelope = signed(authority)
    assert verifier.verify(headers, body, envelope).signature_checked


def test_the_chain_is_fetched_once_for_many_requests(
    authority: Authority, verifier: RequestVerifier, fetcher: DictFetcher
) -> None:
    for _ in range(20):
        headers, body, envelope = signed(authority)
        verifier.verify(headers, body, envelope)
    assert fetcher.calls == [CERT_URL]
    assert verifier.fetch_count == 1


def test_equivalent_cert_urls_share_one_download(
    authority: Authority, verifier: RequestVerifier, fetcher: DictFetcher
) -> None:
    for url in (
        CERT_URL,
        "HTTPS://S3.AmazonAWS.com/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-test.pem",
    ):
        envelope = alexa_envelope(timestamp=NOW)
        body = body_of(envelope)
        verifier.verify(authority.headers(body, url), body, envelope)
    assert fetcher.calls == [CERT_URL]


def test_a_cached_key_is_dropped_when_its_chain_expires(
    authority: Authority, verifier: RequestVerifier, fetcher: DictFetcher, clock: Clock
) -> None:
    headers, body, envelope = signed(authority)
    verifier.verify(headers, body, envelope)
    clock.now = authority.leaf.not_valid_after_utc + timedelta(seconds=1)
    envelope = alexa_envelope(timestamp=clock.now)
    body = body_of(envelope)
    with pytest.raises(VerificationError, match="expired"):
        verifier.verify(authority.headers(body), body, envelope)
    assert fetcher.calls == [CERT_URL, CERT_URL]


def test_verification_off_skips_signature_but_keeps_the_application_id(authority: Authority) -> None:
    verifier = RequestVerifier(skill_id=SKILL_ID, check_signatures=False)
    envelope = alexa_envelope(timestamp=NOW - timedelta(days=3))
    assert not verifier.verify({}, body_of(envelope), envelope).signature_checked
    other = alexa_envelope(application_id="amzn1.ask.skill.someone-else")
    with pytest.raises(VerificationError, match="another application"):
        verifier.verify({}, body_of(other), other)


# --- signature ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "missing Signature-256"),
        ("", "missing Signature-256"),
        ("   ", "missing Signature-256"),
        ("not base64 at all!", "not base64"),
        ("QUJ", "not base64"),
    ],
)
def test_a_missing_or_unreadable_signature_is_refused(
    authority: Authority, verifier: RequestVerifier, value: str | None, reason: str
) -> None:
    headers, body, envelope = signed(authority)
    if value is None:
        del headers[SIGNATURE_HEADER]
    else:
        headers[SIGNATURE_HEADER] = value
    assert reason in reason_of(verifier, headers, body, envelope)


def test_a_signature_by_another_key_is_refused(authority: Authority, verifier: RequestVerifier) -> None:
    headers, body, envelope = signed(authority)
    headers[SIGNATURE_HEADER] = authority.sign(body, key=authority.intermediate_key)
    assert reason_of(verifier, headers, body, envelope) == "signature does not match the body"


def test_a_truncated_signature_is_refused(authority: Authority, verifier: RequestVerifier) -> None:
    headers, body, envelope = signed(authority)
    headers[SIGNATURE_HEADER] = base64.b64encode(base64.b64decode(headers[SIGNATURE_HEADER])[:-8]).decode()
    assert reason_of(verifier, headers, body, envelope) == "signature does not match the body"


def test_a_body_changed_after_signing_is_refused(authority: Authority, verifier: RequestVerifier) -> None:
    headers, body, envelope = signed(authority)
    tampered = body.replace(b"LaunchRequest", b"SessionEndedRequest")
    assert tampered != body
    assert reason_of(verifier, headers, tampered, envelope) == "signature does not match the body"


def test_whitespace_added_to_the_body_after_signing_is_refused(authority: Authority, verifier: RequestVerifier) -> None:
    headers, body, envelope = signed(authority)
    assert reason_of(verifier, headers, body + b"\n", envelope) == "signature does not match the body"


# --- certificate URL ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "HTTPS://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    ],
)
def test_amazons_valid_cert_url_forms_are_accepted(url: str) -> None:
    assert canonical_cert_url(url) == "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "missing SignatureCertChainUrl"),
        ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "https"),
        ("ftp://s3.amazonaws.com/echo.api/echo-api-cert.pem", "https"),
        ("https://notamazon.com/echo.api/echo-api-cert.pem", "host"),
        ("https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem", "host"),
        ("https://evil.example/s3.amazonaws.com/echo.api/echo-api-cert.pem", "host"),
        ("https://user@s3.amazonaws.com/echo.api/echo-api-cert.pem", "credentials"),
        ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/echo.api/../evil/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/echo.api/%2e%2e/evil/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/echo.api/..", "path"),
        ("https://s3.amazonaws.com//echo.api/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/echo.api", "path"),
        ("https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem", "port"),
        ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", "port"),
        ("https://s3.amazonaws.com:notaport/echo.api/echo-api-cert.pem", "malformed"),
    ],
)
def test_bad_cert_urls_are_refused_without_a_download(
    authority: Authority, verifier: RequestVerifier, fetcher: DictFetcher, url: str, reason: str
) -> None:
    envelope = alexa_envelope(timestamp=NOW)
    body = body_of(envelope)
    assert reason in reason_of(verifier, authority.headers(body, url), body, envelope)
    assert fetcher.calls == []


def test_a_cert_url_that_cannot_be_downloaded_is_refused(authority: Authority, verifier: RequestVerifier) -> None:
    envelope = alexa_envelope(timestamp=NOW)
    body = body_of(envelope)
    headers = authority.headers(body, "https://s3.amazonaws.com/echo.api/missing.pem")
    assert reason_of(verifier, headers, body, envelope) == "certificate chain could not be downloaded"


def test_a_failed_url_is_not_fetched_again_at_once(authority: Authority, verifier: RequestVerifier) -> None:
    envelope = alexa_envelope(timestamp=NOW)
    body = body_of(envelope)
    headers = authority.headers(body, "https://s3.amazonaws.com/echo.api/missing.pem")
    for _ in range(5):
        reason_of(verifier, headers, body, envelope)
    assert verifier.fetch_count == 1


# --- the chain ----------------------------------------------------------------------------------------


def chain_reason(authority: Authority, chain: bytes, clock: Clock, roots: list[x509.Certificate]) -> str:
    verifier = RequestVerifier(trusted_roots=roots, fetcher=DictFetcher({CERT_URL: chain}), clock=clock)
    headers, body, envelope = signed(authority)
    return reason_of(verifier, headers, body, envelope)


def test_a_chain_to_an_untrusted_root_is_refused(authority: Authority, stranger: Authority, clock: Clock) -> None:
    envelope = alexa_envelope(timestamp=NOW)
    body = body_of(envelope)
    verifier = RequestVerifier(
        trusted_roots=[authority.root], fetcher=DictFetcher({CERT_URL: stranger.chain_pem()}), clock=clock
    )
    assert reason_of(verifier, stranger.headers(body), body, envelope) == "certificate chain is not trusted"


def test_the_default_roots_do_not_trust_a_test_ca(authority: Authority, clock: Clock) -> None:
    roots = load_trusted_roots()
    assert chain_reason(authority, authority.chain_pem(), clock, roots) == "certificate chain is not trusted"


def test_a_chain_missing_its_intermediate_is_refused(authority: Authority, clock: Clock) -> None:
    leaf_only = authority.leaf.public_bytes(serialization.Encoding.PEM)
    assert chain_reason(authority, leaf_only, clock, [authority.root]) == "certificate chain is not trusted"


def test_an_expired_leaf_is_refused(authority: Authority, clock: Clock) -> None:
    chain = authority.chain_pem(authority.leaf_variant(days=(-30, -1)))
    assert "expired" in chain_reason(authority, chain, clock, [authority.root])


def test_a_leaf_not_yet_valid_is_refused(authority: Authority, clock: Clock) -> None:
    chain = authority.chain_pem(authority.leaf_variant(days=(1, 30)))
    assert "not yet valid" in chain_reason(authority, chain, clock, [authority.root])


@pytest.mark.parametrize("san", [(), ("other.example.com",), ("*.amazon.com",), ("echo-api.amazon.com.evil",)])
def test_a_leaf_without_the_alexa_name_is_refused(authority: Authority, clock: Clock, san: tuple[str, ...]) -> None:
    chain = authority.chain_pem(authority.leaf_variant(san=san))
    assert "echo-api.amazon.com" in chain_reason(authority, chain, clock, [authority.root])


def test_a_leaf_signed_by_an_impostor_intermediate_is_refused(
    authority: Authority, stranger: Authority, clock: Clock
) -> None:
    """The leaf names our intermediate as issuer, but the impostor's key signed it."""
    forged = make_certificate(
        "echo-api.amazon.com",
        authority.leaf_key,
        "Heartline Test Intermediate",
        stranger.intermediate_key,
        ca=False,
        not_before=NOW - timedelta(days=1),
        not_after=NOW + timedelta(days=30),
        san=("echo-api.amazon.com",),
    )
    assert chain_reason(authority, authority.chain_pem(forged), clock, [authority.root]) == (
        "certificate chain is not trusted"
    )


@pytest.mark.parametrize("chain", [b"", b"not a certificate", b"-----BEGIN CERTIFICATE-----\nAAAA\n"])
def test_a_chain_that_is_not_pem_is_refused(authority: Authority, clock: Clock, chain: bytes) -> None:
    assert chain_reason(authority, chain, clock, [authority.root]) == "certificate chain is not PEM"


def test_an_oversized_chain_is_refused(authority: Authority, clock: Clock) -> None:
    chain = authority.chain_pem() + b"\n" * MAX_CHAIN_BYTES
    assert chain_reason(authority, chain, clock, [authority.root]) == "certificate chain is too large"


# --- timestamp and application id ---------------------------------------------------------------------


@pytest.mark.parametrize("offset", [timedelta(seconds=151), timedelta(seconds=-151), timedelta(hours=-5)])
def test_a_stale_or_future_timestamp_is_refused(
    authority: Authority, verifier: RequestVerifier, offset: timedelta
) -> None:
    envelope = alexa_envelope(timestamp=NOW + offset)
    body = body_of(envelope)
    assert "timestamp" in reason_of(verifier, authority.headers(body), body, envelope)


@pytest.mark.parametrize("offset", [timedelta(seconds=149), timedelta(seconds=-149)])
def test_a_timestamp_inside_the_window_passes(
    authority: Authority, verifier: RequestVerifier, offset: timedelta
) -> None:
    envelope = alexa_envelope(timestamp=NOW + offset)
    body = body_of(envelope)
    assert verifier.verify(authority.headers(body), body, envelope).signature_checked


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-06-01T12:00:00Z", NOW),
        ("2025-06-01T12:00:00.250Z", NOW + timedelta(milliseconds=250)),
        ("2025-06-01T14:00:00+02:00", NOW),
        (1748779200000, NOW),
    ],
)
def test_timestamps_are_read_in_alexas_forms(raw: object, expected: datetime) -> None:
    assert parse_timestamp({"request": {"timestamp": raw}}) == expected


@pytest.mark.parametrize("raw", [None, "", "yesterday", True, [], 10**20])
def test_an_unreadable_timestamp_is_refused(raw: object) -> None:
    with pytest.raises(VerificationError, match="timestamp"):
        parse_timestamp({"request": {"timestamp": raw}})


def test_a_request_for_another_skill_is_refused(authority: Authority, verifier: RequestVerifier) -> None:
    headers, body, envelope = signed(authority, application_id="amzn1.ask.skill.someone-else")
    assert reason_of(verifier, headers, body, envelope) == "request is for another application id"


def test_a_session_naming_another_skill_is_refused(authority: Authority, verifier: RequestVerifier) -> None:
    envelope = alexa_envelope(timestamp=NOW)
    envelope["session"]["application"] = {"applicationId": "amzn1.ask.skill.someone-else"}
    body = body_of(envelope)
    assert reason_of(verifier, authority.headers(body), body, envelope) == "request is for another application id"


def test_a_request_without_an_application_id_is_refused(authority: Authority, verifier: RequestVerifier) -> None:
    envelope = alexa_envelope(timestamp=NOW)
    del envelope["session"]
    del envelope["context"]["System"]["application"]
    body = body_of(envelope)
    assert reason_of(verifier, authority.headers(body), body, envelope) == "request carries no application id"


def test_an_empty_skill_id_accepts_any_application(authority: Authority, fetcher: DictFetcher, clock: Clock) -> None:
    verifier = RequestVerifier(trusted_roots=[authority.root], fetcher=fetcher, clock=clock)
    headers, body, envelope = signed(authority, application_id="amzn1.ask.skill.anything")
    assert verifier.verify(headers, body, envelope).signature_checked


# --- settings -----------------------------------------------------------------------------------------


@pytest.fixture
def root_file(authority: Authority, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "root.pem"
    path.write_bytes(authority.root_pem())
    yield path


def test_extra_roots_from_settings_are_trusted(
    authority: Authority, root_file: Path, fetcher: DictFetcher, clock: Clock
) -> None:
    settings = Settings(skill_id=SKILL_ID, extra_trusted_roots=(root_file,))
    verifier = RequestVerifier.from_settings(settings, fetcher=fetcher, clock=clock)
    headers, body, envelope = signed(authority)
    assert verifier.verify(headers, body, envelope).signature_checked


@pytest.mark.parametrize("content", [None, b"garbage"])
def test_an_unreadable_extra_root_is_a_config_error(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "root.pem"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError, match="HEARTLINE_TRUSTED_ROOTS"):
        RequestVerifier.from_settings(Settings(extra_trusted_roots=(path,)))


def test_verification_off_loads_no_roots(tmp_path: Path) -> None:
    settings = Settings(verify_signatures=False, extra_trusted_roots=(tmp_path / "missing.pem",))
    assert not RequestVerifier.from_settings(settings).check_signatures
