"""AWS Lambda entry point: ``lambda_function.lambda_handler`` over the same skill the web endpoint serves.

The skill (and its store) is built once per container, on the first event, and reused while the container
lives. A Lambda trigger restricted to the skill id authenticates the caller, so there is no signature to
check here; the envelope's shape and application id are still checked.

Households belong in DynamoDB: set HEARTLINE_DYNAMODB_TABLE (and optionally HEARTLINE_DYNAMODB_REGION,
HEARTLINE_DYNAMODB_CREATE_TABLE) and ``open_store`` keeps them there, in the table layout of ask-sdk's
DynamoDB adapter but with versioned, conditional writes, so two containers answering one household at once
cannot overwrite each other (see docs/scaling.md). Without it, Lambda's filesystem is read-only outside
/tmp, so the data lives in /tmp/heartline: SQLite there is per container and lost when the container goes,
which is only good for a trial.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from skill.config import Settings
from skill.endpoint import AlexaEndpoint
from skill.number_words import number_slots_of_model
from skill.verify import RequestVerifier

log = logging.getLogger("heartline.lambda")
logging.getLogger().setLevel(logging.INFO)

_endpoint: AlexaEndpoint | None = None


def _build() -> AlexaEndpoint:
    from intents.builder import build_skill
    from intents.sealed import audio_key
    from intents.tracks import PhaseCatalog, SealedCatalog, TrackCatalog
    from skill.store import open_store

    environ = dict(os.environ)
    environ.setdefault("HEARTLINE_DATA_DIR", "/tmp/heartline")
    settings = Settings.from_env(environ)
    if not settings.dynamodb_table and not settings.store_url:
        log.warning("no HEARTLINE_DYNAMODB_TABLE: households live in this container's /tmp and vanish with it")
    if settings.audio_key:
        tracks: TrackCatalog = SealedCatalog(settings.public_url, audio_key(settings.audio_key))
    else:
        log.warning(
            "no HEARTLINE_AUDIO_KEY: round and dinner audio URLs will not play (a Lambda renders no audio; set"
            " the same key here and on the web host named by HEARTLINE_PUBLIC_URL)"
        )
        tracks = PhaseCatalog(settings.public_url)
    skill = build_skill(settings, open_store(settings), tracks=tracks)
    verifier = RequestVerifier(skill_id=settings.skill_id, check_signatures=False)
    return AlexaEndpoint(skill, verifier, number_slots_of_model())


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer one Alexa request envelope; bad input raises (Alexa then tells the user something went wrong)."""
    global _endpoint
    if _endpoint is None:
        _endpoint = _build()
    return _endpoint.handle_event(event)
