"""gunicorn settings for the Heartline endpoint: ``gunicorn --config deploy/gunicorn.conf.py``.

Sync workers: a request is short CPU work (verify, dispatch, one SQLite write), so a process per core
beats threads under the GIL. A sync worker waits on a slow client, though, so the proxy in front must read
each request whole before passing it on (nginx's default request buffering). Each worker builds its own
skill and store after the fork (no preload), so no SQLite connection crosses a fork. TLS ends in front of
gunicorn (a load balancer or reverse proxy): Alexa only calls https endpoints with a trusted certificate.

Environment: HEARTLINE_BIND (default 127.0.0.1:8000; the container sets 0.0.0.0:8000),
HEARTLINE_WORKERS (default 2), HEARTLINE_TIMEOUT (seconds, default 30), and every HEARTLINE_* setting
the app itself reads (skill id, store, public URL, verification).
"""

import os

from skill.config import Settings
from skill.errors import ConfigError
from skill.store import store_kind
from skill.verify import load_trusted_roots


def _whole_number(name: str, default: int, least: int) -> int:
    """A whole number from the environment; anything else stops gunicorn with one line naming it (``int()``
    here used to end gunicorn with a traceback through its config loader)."""
    raw = os.environ.get(name, "").strip() or str(default)
    if not raw.isdigit() or int(raw) < least:
        raise SystemExit(f"heartline: {name}={raw!r} is not a whole number of {least} or more")
    return int(raw)


# The app's own settings are checked here, once, before gunicorn binds or forks: a bad HEARTLINE_* value
# used to surface only inside each worker, as one traceback per worker and then "Worker failed to boot".
# (Only what can be checked without opening anything: a store is opened after the fork, in each worker.)
try:
    _settings = Settings.from_env()
    store_kind(_settings)
    if _settings.verify_signatures:
        load_trusted_roots(_settings.extra_trusted_roots)
except ConfigError as exc:
    raise SystemExit(f"heartline: {exc}") from None


def on_starting(server: object) -> None:
    """Say once, at start, what a production endpoint left unset: ``heartline serve`` warns of the first itself,
    but under gunicorn round audio was silently linked at the https://localhost:5000 default (no device can
    fetch it), and without a skill id any skill's correctly signed requests are answered."""
    warn = server.log.warning  # type: ignore[attr-defined]
    if not os.environ.get("HEARTLINE_PUBLIC_URL"):
        warn(
            "HEARTLINE_PUBLIC_URL is not set: round audio is linked at %s, which no Echo can fetch",
            _settings.public_url,
        )
    if not _settings.skill_id:
        warn("HEARTLINE_SKILL_ID is not set: requests for any Alexa skill are answered, not only yours")


wsgi_app = "skill.web:wsgi_app()"
bind = [address for address in os.environ.get("HEARTLINE_BIND", "127.0.0.1:8000").split(",") if address]
workers = _whole_number("HEARTLINE_WORKERS", 2, least=1)
worker_class = "sync"
timeout = _whole_number("HEARTLINE_TIMEOUT", 30, least=0)
graceful_timeout = 10
keepalive = 5
preload_app = False
accesslog = None
"""The app logs one line per request itself (request id, intent, time); an access log would double it."""
errorlog = "-"
loglevel = os.environ.get("HEARTLINE_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("HEARTLINE_FORWARDED_ALLOW_IPS", "127.0.0.1")
