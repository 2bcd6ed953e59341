"""The container's health check: does the endpoint this container runs answer ``/healthz``?

It reads ``HEARTLINE_BIND`` as ``deploy/gunicorn.conf.py`` does. The Dockerfile's check used to ask port 8000
whatever the bind, so a container started on another port (``-e HEARTLINE_BIND=0.0.0.0:9000``) served
requests and was reported unhealthy, and an orchestrator would have restarted it for ever.

    python -m skill.healthcheck      # exit 0: healthy; 1: not answering, with the reason on stderr
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

DEFAULT_BIND = "127.0.0.1:8000"
"""gunicorn.conf.py's default."""
TIMEOUT_S = 4.0
"""Under the Dockerfile's 5 s HEALTHCHECK timeout, so a hung endpoint is reported by this check, not killed."""
ANY_ADDRESS = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}
"""A bind to every address is reached on the loopback of the same family."""


def health_url(bind: str) -> str | None:
    """The ``/healthz`` URL of the first address in ``bind`` (gunicorn's comma-separated list); None for a unix
    socket, which has no URL."""
    first = next((address.strip() for address in bind.split(",") if address.strip()), DEFAULT_BIND)
    if first.startswith(("unix:", "fd://")):
        return None
    host, _, port = first.rpartition(":")
    host = host.strip("[]")
    host = ANY_ADDRESS.get(host, host)
    if not port.isdigit():
        port, host = "8000", first.strip("[]") or "127.0.0.1"  # gunicorn's default port for a bare host
    return f"http://[{host}]:{port}/healthz" if ":" in host else f"http://{host}:{port}/healthz"


def main() -> int:
    url = health_url(os.environ.get("HEARTLINE_BIND", DEFAULT_BIND))
    if url is None:
        print("healthcheck: HEARTLINE_BIND is a unix socket; nothing to ask over HTTP", file=sys.stderr)
        return 0
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as answer:  # noqa: S310 (a loopback URL made here)
            if answer.status == 200:
                return 0
            print(f"healthcheck: {url} answered {answer.status}", file=sys.stderr)
    except urllib.error.HTTPError as exc:
        print(f"healthcheck: {url} answered {exc.code}", file=sys.stderr)
    except (OSError, ValueError) as exc:
        print(f"healthcheck: {url}: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
