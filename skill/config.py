"""One settings object, built once from the environment (``HEARTLINE_*``) and command-line flags.

No other module reads the environment: fronts build a ``Settings`` and pass it down, so a test can run
two differently configured apps in one process.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from skill.clock import zone_named
from skill.errors import ConfigError


def default_data_dir() -> Path:
    """Where state lives when nothing is configured: ``$XDG_DATA_HOME/heartline`` or ``~/.local/share``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "heartline"


@dataclass(frozen=True)
class Settings:
    """Everything configurable about one running Heartline."""

    store_url: str = ""
    """``sqlite:///path`` (default: a file in the data dir), ``redis://...`` or ``postgresql://...``."""
    data_dir: Path = field(default_factory=default_data_dir)
    """Stored households, rendered audio cache."""
    skill_id: str = ""
    """The Alexa application id requests must carry; empty accepts any (local use only)."""
    verify_signatures: bool = True
    """Check Alexa's request signature; only turned off for local testing."""
    public_url: str = "https://localhost:5000"
    """The https base under which Alexa fetches rendered audio."""
    extra_trusted_roots: tuple[Path, ...] = ()
    """PEM files of extra CA roots (tests, staging) trusted beside certifi's bundle."""
    tts_timeout: float = 5.0
    """Seconds before a gTTS call gives up and the offline engine renders instead."""
    offline: bool = False
    """Never try network speech services."""
    asr_engine: str = "sphinx"
    """Speech recognition for ``heartline talk``: sphinx (offline, default), google, whisper, faster-whisper, vosk."""
    asr_model: Path | None = None
    """Model file or folder for the whisper, faster-whisper and vosk engines (never downloaded)."""
    dynamodb_table: str = ""
    """DynamoDB table for households (the Lambda deployment); set instead of ``store_url``."""
    dynamodb_endpoint: str = ""
    """A DynamoDB-compatible endpoint URL (DynamoDB Local, moto); empty means AWS itself."""
    dynamodb_region: str = ""
    """AWS region of the table; empty leaves it to boto3 (``AWS_REGION`` on Lambda)."""
    dynamodb_create_table: bool = False
    """Create the table at start if it is missing (trials and tests; production provisions it)."""
    audio_key: str = ""
    """A secret shared by every host and the Lambda: round audio URLs then carry their phase description,
    sealed (``intents/sealed.py``), so any of them can render a track another began. Empty: each host renders
    only the rounds it began."""
    timezone: str = ""
    """IANA zone ("America/New_York") for a request whose device's own zone is unknown; empty means this
    machine's. An Echo's zone comes from Alexa's settings API (``intents/timezones.py``)."""

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file behind ``store_url`` (only meaningful for the sqlite scheme)."""
        url = self.store_url or ""
        if not url:
            return self.data_dir / "heartline.db"
        if not url.startswith("sqlite:///"):
            raise ConfigError(f"HEARTLINE_STORE={url!r} is not a sqlite:/// URL")
        return Path(url[len("sqlite:///") :])

    @property
    def audio_cache_dir(self) -> Path:
        return self.data_dir / "audio"

    def with_db(self, db: str | Path | None) -> Settings:
        """Settings with the ``--db PATH`` flag applied (a plain path means SQLite)."""
        if db is None:
            return self
        return replace(self, store_url=f"sqlite:///{Path(db)}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        kwargs: dict[str, object] = {}
        if env.get("HEARTLINE_DATA_DIR"):
            kwargs["data_dir"] = Path(env["HEARTLINE_DATA_DIR"])
        if env.get("HEARTLINE_STORE"):
            kwargs["store_url"] = env["HEARTLINE_STORE"]
        if env.get("HEARTLINE_SKILL_ID"):
            kwargs["skill_id"] = env["HEARTLINE_SKILL_ID"]
        if env.get("HEARTLINE_PUBLIC_URL"):
            kwargs["public_url"] = public_base_url(env["HEARTLINE_PUBLIC_URL"], "HEARTLINE_PUBLIC_URL")
        if "HEARTLINE_VERIFY" in env:
            kwargs["verify_signatures"] = _parse_bool("HEARTLINE_VERIFY", env["HEARTLINE_VERIFY"])
        if env.get("HEARTLINE_TRUSTED_ROOTS"):
            kwargs["extra_trusted_roots"] = tuple(
                Path(p) for p in env["HEARTLINE_TRUSTED_ROOTS"].split(os.pathsep) if p
            )
        if env.get("HEARTLINE_TTS_TIMEOUT"):
            try:
                kwargs["tts_timeout"] = float(env["HEARTLINE_TTS_TIMEOUT"])
            except ValueError as exc:
                raise ConfigError(f"HEARTLINE_TTS_TIMEOUT={env['HEARTLINE_TTS_TIMEOUT']!r} is not a number") from exc
        if "HEARTLINE_OFFLINE" in env:
            kwargs["offline"] = _parse_bool("HEARTLINE_OFFLINE", env["HEARTLINE_OFFLINE"])
        for name in ("dynamodb_table", "dynamodb_endpoint", "dynamodb_region"):
            if env.get(f"HEARTLINE_{name.upper()}"):
                kwargs[name] = env[f"HEARTLINE_{name.upper()}"]
        if "HEARTLINE_DYNAMODB_CREATE_TABLE" in env:
            kwargs["dynamodb_create_table"] = _parse_bool(
                "HEARTLINE_DYNAMODB_CREATE_TABLE", env["HEARTLINE_DYNAMODB_CREATE_TABLE"]
            )
        if env.get("HEARTLINE_AUDIO_KEY"):
            if len(env["HEARTLINE_AUDIO_KEY"]) < 16:
                raise ConfigError("HEARTLINE_AUDIO_KEY is too short: use a random secret of 16 characters or more")
            kwargs["audio_key"] = env["HEARTLINE_AUDIO_KEY"]
        if env.get("HEARTLINE_TIMEZONE"):
            if zone_named(env["HEARTLINE_TIMEZONE"].strip()) is None:
                raise ConfigError(
                    f"HEARTLINE_TIMEZONE={env['HEARTLINE_TIMEZONE']!r} is not a time zone (use a name such as"
                    " America/New_York or Europe/London)"
                )
            kwargs["timezone"] = env["HEARTLINE_TIMEZONE"].strip()
        if env.get("HEARTLINE_ASR_ENGINE"):
            kwargs["asr_engine"] = env["HEARTLINE_ASR_ENGINE"].strip().lower()
        if env.get("HEARTLINE_ASR_MODEL"):
            kwargs["asr_model"] = Path(env["HEARTLINE_ASR_MODEL"])
        return cls(**kwargs)  # type: ignore[arg-type]


def public_base_url(url: str, source: str) -> str:
    """The base that round audio links (and the manifest's endpoint) are made under, without a trailing slash.

    Alexa fetches audio over https; plain http is let through for a local test. Anything else (``ftp://x``,
    ``https://`` with no host, a bare ``your.host``) was taken as it stood and every audio link made from it
    was one no device could fetch."""
    base = url.strip().rstrip("/")
    try:
        parts = urlsplit(base)
        parts.port  # noqa: B018 -- reading it is the check: a port that is not a number raises ValueError
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"{source}={url!r} is not a web address: use https://your.host (http only for local tests)")
    return base


def _parse_bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name}={value!r} is not a yes/no value (use 1/0, true/false, on/off)")
