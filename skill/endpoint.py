"""The framework-free Alexa endpoint: headers and body in, checked, run through the skill, ``Outcome`` out.

The Flask app, the Lambda entry point and the benchmark all answer through ``AlexaEndpoint``, so they check,
retry and serialize exactly alike. It also settles races between workers saving one household: requests of a
household take turns on this host (``HouseholdLocks``), and a request that loses to a process elsewhere
sharing the store is run again.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope
from ask_sdk_runtime.exceptions import DispatchException

from skill.codec import ModelCodec
from skill.envelope import RequestRejected, check_envelope, check_envelope_shape, household_key, request_label
from skill.errors import ConflictError
from skill.household_locks import HouseholdLocks
from skill.number_words import any_slot, digits_for_number_words
from skill.verify import RequestVerifier, VerificationError, check_application_id

log = logging.getLogger(__name__)

CONFLICT_ATTEMPTS = 12
"""Runs of one request when another worker keeps saving the same household first. Each run reloads the
household, so a retry is a new, correct answer rather than a replay; twelve runs let 16 concurrent writers to
one household all land, and the backoff cap keeps even the worst case (11 waits of at most 0.4 s, ~2 s
expected) inside Alexa's 8 s deadline."""
CONFLICT_BACKOFF_BASE = 0.004
CONFLICT_BACKOFF_CAP = 0.4
"""Seconds: full jitter over an exponential window, so racing workers spread out instead of colliding again."""


@dataclass(frozen=True)
class Outcome:
    """One answered request: what to send back and what to log."""

    status: int
    payload: dict[str, Any]
    request_id: str = "-"
    label: str = "-"
    """The request type, or the intent name for an IntentRequest."""
    detail: str = ""
    """Why it was refused, for the log (may be longer than the reason sent back)."""


def conflict_apology() -> dict[str, Any]:
    """The response when a request kept losing races: the spoken store apology, never a 500."""
    from intents.phrases import STORE_DOWN

    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": f"<speak>{STORE_DOWN}</speak>"},
            "shouldEndSession": True,
        },
    }


class AlexaEndpoint:
    """Headers and raw body in, ``Outcome`` out: every check, the skill call and serialization."""

    def __init__(
        self,
        skill: CustomSkill,
        verifier: RequestVerifier,
        number_slot: Callable[[str, str], bool] = any_slot,
        household_locks: HouseholdLocks | None = None,
    ) -> None:
        self.skill = skill
        self.verifier = verifier
        self.number_slot = number_slot
        self.codec = ModelCodec()
        self.household_locks = household_locks if household_locks is not None else HouseholdLocks()

    def handle(self, headers: Mapping[str, str], body: bytes) -> Outcome:
        """Answer one POST; bad input becomes a 4xx ``Outcome``, a failing skill raises."""
        request_id, label = "-", "-"
        try:
            envelope = check_envelope(body)
            request_id, label = request_label(envelope)
            self.verifier.verify(headers, body, envelope)
            payload = self.dispatch(envelope)
        except VerificationError as exc:
            return Outcome(400, {"error": exc.reason}, request_id, label, exc.detail)
        except RequestRejected as exc:
            return Outcome(exc.status, {"error": exc.reason}, request_id, label, exc.detail)
        return Outcome(200, payload, request_id, label)

    def handle_event(self, event: dict[str, Any]) -> dict[str, Any]:
        """Answer an envelope that arrived already parsed and authenticated (a Lambda trigger checks the
        caller, so there is no signature); shape and application id are still checked. Raises
        ``RequestRejected`` or ``VerificationError`` for bad input."""
        check_envelope_shape(event)
        check_application_id(event, self.verifier.skill_id)
        return self.dispatch(event)

    def dispatch(self, envelope: dict[str, Any]) -> dict[str, Any]:
        """Deserialize a checked envelope, run the skill, and return the response envelope as JSON data."""
        digits_for_number_words(envelope, self.number_slot)
        try:
            request_envelope = self.codec.decode(envelope, RequestEnvelope)
        except Exception as exc:  # ask-sdk raises several types for data that does not fit its model
            # the exception's text can quote slot values (names): log only its type
            raise RequestRejected(400, "request does not fit the Alexa request schema", type(exc).__name__) from exc
        # one household's requests take turns on this host (threads, and workers sharing the lock file): only
        # a process on another host sharing the store can then win a race, and the retries below settle those
        with self.household_locks.held(household_key(envelope)):
            for attempt in range(CONFLICT_ATTEMPTS):
                began = time.monotonic()
                try:
                    response_envelope = self.skill.invoke(request_envelope=request_envelope, context=None)
                    break
                except DispatchException as exc:
                    raise RequestRejected(400, "no handler for this request", str(exc)) from exc
                except ConflictError:
                    log.info("request lost race %d for its household", attempt + 1)
                    if attempt == CONFLICT_ATTEMPTS - 1:
                        log.warning("request lost %d races for its household; answering with an apology", attempt + 1)
                        return conflict_apology()
                    # the window grows from the lost attempt's own length: a slow store needs wider spacing
                    window = max(CONFLICT_BACKOFF_BASE, time.monotonic() - began) * 2**attempt
                    time.sleep(random.uniform(0, min(CONFLICT_BACKOFF_CAP, window)))
                    # a fresh envelope: nothing the lost attempt touched may leak into the retry
                    request_envelope = self.codec.decode(envelope, RequestEnvelope)
        serialized = self.codec.encode(response_envelope)
        if not isinstance(serialized, dict):
            raise TypeError(f"skill returned {type(serialized).__name__}, not a response envelope")
        return serialized
