"""Proof that a request to the web endpoint comes from Alexa, for this skill, now.

Amazon requires a web-service skill to check every request: the signing certificate's URL, its chain to a
trusted root, its dates and name, the RSA-SHA256 signature over the raw body, the request's timestamp, and
(ours) the application id. The stock verifier (ask-sdk-webservice-support) does not import on current
OpenSSL and re-validates the chain on every request, so this one is written on ``cryptography`` and
validates a chain once per certificate URL, keeping only the public key until the chain expires.

Nothing here knows HTTP frameworks: callers hand over the headers, the raw body and the parsed envelope.
"""

from __future__ import annotations

import base64
import binascii
import logging
import posixpath
import re
import ssl
import threading
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import quote, unquote, urlsplit

import certifi
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as ChainError

from skill.config import Settings
from skill.errors import ConfigError, HeartlineError

log = logging.getLogger(__name__)
_V = TypeVar("_V")

SIGNATURE_HEADER = "Signature-256"
CERT_URL_HEADER = "SignatureCertChainUrl"
CERT_URL_HOST = "s3.amazonaws.com"
CERT_URL_PATH_PREFIX = "/echo.api/"
CERT_URL_PORT = 443
ALEXA_SIGNING_NAME = "echo-api.amazon.com"
MAX_CLOCK_SKEW = timedelta(seconds=150)
"""Amazon's limit: a request older or newer than this is a replay or a broken clock."""
SKILL_EVENT_DELAY = timedelta(hours=1)
"""How late a skill event may arrive: Alexa delivers these up to an hour after their timestamp, and ask-sdk's
verifiers (Java, Node.js, Python) allow the hour for exactly ``SKILL_EVENT_TYPES``. Refused at 150 s, a delayed
event was a 400 Alexa would retry; its answer is empty either way, so the longer window replays nothing."""
SKILL_EVENT_TYPES = frozenset(
    {
        "AlexaSkillEvent.SkillEnabled",
        "AlexaSkillEvent.SkillDisabled",
        "AlexaSkillEvent.SkillPermissionChanged",
        "AlexaSkillEvent.SkillPermissionAccepted",
        "AlexaSkillEvent.SkillAccountLinked",
    }
)
FETCH_TIMEOUT_SECONDS = 5.0
"""A request waits on the first download of a chain; Alexa gives the whole answer about 8 s."""
MAX_CHAIN_BYTES = 64 * 1024
"""Amazon's chain is about 5 KiB; anything far larger is not a certificate chain."""
MAX_CACHED_URLS = 32
"""Amazon uses one URL at a time; the bound keeps a flood of distinct URLs from growing memory."""
FAILURE_TTL = timedelta(seconds=10)
"""A URL whose chain failed is not fetched again for this long, so bad requests cannot hammer S3."""


class VerificationError(HeartlineError):
    """A request failed one of Alexa's checks.

    ``reason`` is short and safe to send back; ``detail`` (if any) is for the log only.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason if not detail else f"{reason} ({detail})")
        self.reason = reason
        self.detail = detail


class Fetcher(Protocol):
    """Downloads a certificate chain; injectable so tests serve one from 127.0.0.1 or a dict."""

    def __call__(self, url: str, *, timeout: float, max_bytes: int) -> bytes: ...


Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware in UTC; injectable so tests can move it."""


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Verified:
    """What the verifier established about one request (for the request log)."""

    signature_checked: bool
    """False when verification is turned off for local testing."""
    cert_url: str | None = None
    """The canonical certificate URL whose key checked the signature."""
    request_time: datetime | None = None
    """The request's own timestamp."""


@dataclass(frozen=True)
class SigningKey:
    """A public key from a chain that passed every check, and how long that result may be trusted."""

    public_key: rsa.RSAPublicKey
    not_after: datetime
    """The earliest expiry in the validated chain (UTC)."""


# --- certificate URL --------------------------------------------------------------------------------


def canonical_cert_url(url: str) -> str:
    """The URL to download, if ``url`` follows Amazon's rules for SignatureCertChainUrl; else raise.

    Rules: https (any case), host s3.amazonaws.com (any case), port 443 if given, path under
    ``/echo.api/`` once percent-escapes and ``..`` are resolved. The returned URL is rebuilt from the
    checked parts, so what is downloaded is exactly what was checked (and the cache key is canonical).
    """
    if not url or not url.strip():
        raise VerificationError(f"missing {CERT_URL_HEADER} header")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise VerificationError("certificate URL is malformed", str(exc)) from exc
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate URL must use https")
    if parts.username is not None or parts.password is not None:
        raise VerificationError("certificate URL must not carry credentials")
    if (parts.hostname or "").lower() != CERT_URL_HOST:
        raise VerificationError(f"certificate URL host must be {CERT_URL_HOST}")
    if port is not None and port != CERT_URL_PORT:
        raise VerificationError(f"certificate URL port must be {CERT_URL_PORT}")
    path = unquote(parts.path)
    if not path.startswith("/") or "\\" in path or "\x00" in path:
        raise VerificationError(f"certificate URL path must start with {CERT_URL_PATH_PREFIX}")
    normalised = posixpath.normpath(path)
    if not normalised.startswith(CERT_URL_PATH_PREFIX) or normalised == CERT_URL_PATH_PREFIX.rstrip("/"):
        raise VerificationError(f"certificate URL path must start with {CERT_URL_PATH_PREFIX}")
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{CERT_URL_HOST}{quote(normalised)}{query}"


# --- downloading ------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """S3 answers the chain directly; a redirect would lead away from the URL that was checked."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise urllib.error.HTTPError(req.full_url, code, "redirect refused", headers, fp)


_HTTPS_OPENER = urllib.request.build_opener(
    _NoRedirect(), urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=certifi.where()))
)


def https_fetcher(url: str, *, timeout: float, max_bytes: int) -> bytes:
    """Download ``url`` over TLS (certifi roots), refusing redirects and anything over ``max_bytes``."""
    try:
        with _HTTPS_OPENER.open(url, timeout=timeout) as response:
            data: bytes = response.read(max_bytes + 1)
    except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts are all OSError
        raise VerificationError("certificate chain could not be downloaded", str(exc)) from exc
    if len(data) > max_bytes:
        raise VerificationError("certificate chain is too large")
    return data


# --- trust ------------------------------------------------------------------------------------------


_PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


def _bundle_roots(pem: bytes) -> list[x509.Certificate]:
    """Each certificate of a CA bundle that this ``cryptography`` accepts.

    Loaded one by one, quietly: a bundle may hold an old root that breaks RFC 5280 (a non-positive serial),
    which ``cryptography`` warns about today and will refuse later; one such root must not cost the rest.
    """
    roots = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for block in _PEM_BLOCK.findall(pem):
            try:
                roots.append(x509.load_pem_x509_certificate(block))
            except ValueError:
                log.debug("skipping a CA bundle certificate that cryptography cannot load")
    return roots


def load_trusted_roots(extra: Sequence[Path] = ()) -> list[x509.Certificate]:
    """certifi's bundle plus the configured extra PEM files (tests, staging)."""
    roots = _bundle_roots(Path(certifi.where()).read_bytes())
    for path in extra:
        try:
            roots.extend(x509.load_pem_x509_certificates(Path(path).read_bytes()))
        except OSError as exc:
            raise ConfigError(f"HEARTLINE_TRUSTED_ROOTS: cannot read {path}: {exc.strerror}") from exc
        except ValueError as exc:
            raise ConfigError(f"HEARTLINE_TRUSTED_ROOTS: {path} holds no PEM certificate") from exc
    return roots


def validate_chain(pem: bytes, store: Store, now: datetime) -> SigningKey:
    """Check a downloaded PEM chain as Amazon prescribes and return its signing key.

    The first certificate is the signing certificate; the rest are intermediates (a root among them is
    harmless). ``cryptography``'s path builder checks every link's signature, every certificate's dates,
    CA constraints and the leaf's name; the explicit checks before it give precise reasons.
    """
    try:
        certs = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise VerificationError("certificate chain is not PEM", str(exc)) from exc
    leaf, intermediates = certs[0], certs[1:]
    if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
        raise VerificationError("signing certificate is expired or not yet valid")
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = {name.lower() for name in san.get_values_for_type(x509.DNSName)}
    except x509.ExtensionNotFound:
        names = set()
    if ALEXA_SIGNING_NAME not in names:
        raise VerificationError(f"signing certificate is not for {ALEXA_SIGNING_NAME}")
    public_key = leaf.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise VerificationError("signing certificate key is not RSA")
    verifier = PolicyBuilder().store(store).time(now).build_server_verifier(x509.DNSName(ALEXA_SIGNING_NAME))
    try:
        chain = verifier.verify(leaf, intermediates)
    except ChainError as exc:
        raise VerificationError("certificate chain is not trusted", str(exc)) from exc
    return SigningKey(public_key=public_key, not_after=min(cert.not_valid_after_utc for cert in chain))


# --- the verifier -----------------------------------------------------------------------------------


class RequestVerifier:
    """Checks Alexa requests; one per app, shared by its requests (the key cache is thread-safe)."""

    def __init__(
        self,
        *,
        skill_id: str = "",
        check_signatures: bool = True,
        trusted_roots: Sequence[x509.Certificate] = (),
        fetcher: Fetcher = https_fetcher,
        clock: Clock = utc_now,
        max_skew: timedelta = MAX_CLOCK_SKEW,
        fetch_timeout: float = FETCH_TIMEOUT_SECONDS,
        max_chain_bytes: int = MAX_CHAIN_BYTES,
    ) -> None:
        if check_signatures and not trusted_roots:
            raise ConfigError("request verification is on but no trusted roots were given")
        self.skill_id = skill_id
        self.check_signatures = check_signatures
        self._store = Store(list(trusted_roots)) if check_signatures else None
        self._fetcher = fetcher
        self._clock = clock
        self._max_skew = max_skew
        self._fetch_timeout = fetch_timeout
        self._max_chain_bytes = max_chain_bytes
        self._keys: dict[str, SigningKey] = {}
        self._canonical_urls: dict[str, str] = {}
        """Header value -> checked canonical URL: Alexa sends the same header on every request."""
        self._failures: dict[str, tuple[datetime, VerificationError]] = {}
        self._lock = threading.Lock()
        self.fetch_count = 0
        """Downloads so far (tests and the benchmark check the chain is fetched once)."""

    @classmethod
    def from_settings(
        cls, settings: Settings, *, fetcher: Fetcher | None = None, clock: Clock | None = None
    ) -> RequestVerifier:
        """The verifier the settings ask for; trusted roots are loaded only when signatures are checked."""
        roots = load_trusted_roots(settings.extra_trusted_roots) if settings.verify_signatures else []
        return cls(
            skill_id=settings.skill_id,
            check_signatures=settings.verify_signatures,
            trusted_roots=roots,
            fetcher=fetcher or https_fetcher,
            clock=clock or utc_now,
        )

    def verify(self, headers: Mapping[str, str], body: bytes, envelope: Mapping[str, Any]) -> Verified:
        """Run every check on one request; raise ``VerificationError`` naming the first that fails.

        ``headers`` holds the request's headers under their canonical names (``SIGNATURE_HEADER``,
        ``CERT_URL_HEADER``); ``envelope`` is ``body`` parsed, as the caller did to check its shape.
        """
        verified = Verified(signature_checked=False)
        if self.check_signatures:
            verified = self._check_signature(headers, body, envelope)
        check_application_id(envelope, self.skill_id)
        return verified

    def _check_signature(self, headers: Mapping[str, str], body: bytes, envelope: Mapping[str, Any]) -> Verified:
        signature = _decode_signature(headers.get(SIGNATURE_HEADER, ""))
        raw_url = headers.get(CERT_URL_HEADER, "")
        cert_url = self._canonical_urls.get(raw_url)
        if cert_url is None:
            cert_url = canonical_cert_url(raw_url)  # raises for a URL that breaks the rules: never cached
            with self._lock:
                _bounded_put(self._canonical_urls, raw_url, cert_url)
        key = self.signing_key(cert_url)
        try:
            key.public_key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as exc:
            raise VerificationError("signature does not match the body") from exc
        request_time = parse_timestamp(envelope)
        age = self._clock() - request_time
        skew = abs(age)
        if skew > self._max_skew and not (_is_skill_event(envelope) and timedelta(0) <= age <= SKILL_EVENT_DELAY):
            raise VerificationError(
                f"request timestamp is more than {int(self._max_skew.total_seconds())} s from now",
                f"off by {skew.total_seconds():.0f} s",
            )
        return Verified(signature_checked=True, cert_url=cert_url, request_time=request_time)

    def signing_key(self, cert_url: str) -> SigningKey:
        """The validated key for a canonical certificate URL: from the cache, or downloaded and checked."""
        now = self._clock()
        with self._lock:
            cached = self._keys.get(cert_url)
            if cached is not None and now < cached.not_after:
                return cached
            failed = self._failures.get(cert_url)
            if failed is not None and now < failed[0]:
                raise failed[1]
        try:
            self.fetch_count += 1
            pem = self._fetcher(cert_url, timeout=self._fetch_timeout, max_bytes=self._max_chain_bytes)
            if len(pem) > self._max_chain_bytes:
                raise VerificationError("certificate chain is too large")
            if self._store is None:
                raise VerificationError("signature checks are off; there is no trust store")
            key = validate_chain(pem, self._store, now)
        except VerificationError as exc:
            log.warning("certificate chain at %s rejected: %s", cert_url, exc)
            with self._lock:
                _bounded_put(self._failures, cert_url, (now + FAILURE_TTL, exc))
            raise
        with self._lock:
            _bounded_put(self._keys, cert_url, key)
            self._failures.pop(cert_url, None)
        return key


def _is_skill_event(envelope: Mapping[str, Any]) -> bool:
    request = envelope.get("request")
    return isinstance(request, Mapping) and request.get("type") in SKILL_EVENT_TYPES


def _bounded_put(cache: dict[str, _V], key: str, value: _V) -> None:
    """Insert, dropping the oldest entries first so the cache never exceeds ``MAX_CACHED_URLS``."""
    cache.pop(key, None)
    while len(cache) >= MAX_CACHED_URLS:
        cache.pop(next(iter(cache)))
    cache[key] = value


def _decode_signature(value: str) -> bytes:
    value = value.strip()
    if not value:
        raise VerificationError(f"missing {SIGNATURE_HEADER} header")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise VerificationError(f"{SIGNATURE_HEADER} header is not base64") from exc


def parse_timestamp(envelope: Mapping[str, Any]) -> datetime:
    """``request.timestamp`` as an aware UTC datetime (ISO 8601 as Alexa sends it, or epoch milliseconds)."""
    request = envelope.get("request")
    raw = request.get("timestamp") if isinstance(request, Mapping) else None
    if isinstance(raw, str) and raw:
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError as exc:
            raise VerificationError("request timestamp is not ISO 8601") from exc
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        try:
            return datetime.fromtimestamp(raw / 1000, UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise VerificationError("request timestamp is out of range") from exc
    raise VerificationError("request timestamp is missing")


def application_ids(envelope: Mapping[str, Any]) -> list[str]:
    """Every application id the envelope carries (context.System and session), in that order."""
    found: list[str] = []
    context = envelope.get("context")
    system = context.get("System") if isinstance(context, Mapping) else None
    session = envelope.get("session")
    for holder in (system, session):
        application = holder.get("application") if isinstance(holder, Mapping) else None
        app_id = application.get("applicationId") if isinstance(application, Mapping) else None
        if isinstance(app_id, str):
            found.append(app_id)
    return found


def check_application_id(envelope: Mapping[str, Any], skill_id: str) -> None:
    """Refuse a request meant for another skill; with no configured id (local use) accept any."""
    if not skill_id:
        return
    ids = application_ids(envelope)
    if not ids:
        raise VerificationError("request carries no application id")
    if any(app_id != skill_id for app_id in ids):
        raise VerificationError("request is for another application id")
