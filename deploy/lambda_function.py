"""AWS Lambda entry point: ``lambda_function.lambda_handler`` over the same skill the web endpoint serves.

The skill (and its store) is built once per container, on the first event, and reused while the container
lives. A Lambda trigger restricted to the skill id authenticates the caller, so there is no signature to
check here; the envelope's shape and application id are still checked.

Lambda's filesystem is read-only outside /tmp, so without HEARTLINE_DATA_DIR the data lives in
/tmp/heartline: SQLite there is per container and lost when the container goes. Point HEARTLINE_STORE at a
shared store for anything beyond a trial.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from skill.config import Settings
from skill.verify import RequestVerifier
from skill.web import AlexaEndpoint, number_slots_of_model

log = logging.getLogger("heartline.lambda")
logging.getLogger().setLevel(logging.INFO)

_endpoint: AlexaEndpoint | None = None


def _build() -> AlexaEndpoint:
    from intents.builder import build_skill
    from skill.store import open_store

    environ = dict(os.environ)
    environ.setdefault("HEARTLINE_DATA_DIR", "/tmp/heartline")
    settings = Settings.from_env(environ)
    skill = build_skill(settings, open_store(settings))
    verifier = RequestVerifier(skill_id=settings.skill_id, check_signatures=False)
    return AlexaEndpoint(skill, verifier, number_slots_of_model())


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer one Alexa request envelope; bad input raises (Alexa then tells the user something went wrong)."""
    global _endpoint
    if _endpoint is None:
        _endpoint = _build()
    return _endpoint.handle_event(event)
