"""gunicorn settings for the Heartline endpoint: ``gunicorn --config deploy/gunicorn.conf.py``.

Sync workers: a request is short CPU work (verify, dispatch, one SQLite write), so a process per core
beats threads under the GIL. Each worker builds its own skill and store after the fork (no preload), so
no SQLite connection crosses a fork. TLS ends in front of gunicorn (a load balancer or reverse proxy):
Alexa only calls https endpoints with a trusted certificate.

Environment: HEARTLINE_BIND (default 127.0.0.1:8000; the container sets 0.0.0.0:8000),
HEARTLINE_WORKERS (default 2), HEARTLINE_TIMEOUT (seconds, default 30), and every HEARTLINE_* setting
the app itself reads (skill id, store, public URL, verification).
"""

import os

wsgi_app = "skill.web:wsgi_app()"
bind = [address for address in os.environ.get("HEARTLINE_BIND", "127.0.0.1:8000").split(",") if address]
workers = int(os.environ.get("HEARTLINE_WORKERS", "2"))
worker_class = "sync"
timeout = int(os.environ.get("HEARTLINE_TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5
preload_app = False
accesslog = None
"""The app logs one line per request itself (request id, intent, time); an access log would double it."""
errorlog = "-"
loglevel = os.environ.get("HEARTLINE_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("HEARTLINE_FORWARDED_ALLOW_IPS", "127.0.0.1")
