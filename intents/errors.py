"""The last line of defence: any unexpected error becomes a spoken apology and a log line with the request id.

A concurrent write (ConflictError) is not handled here: it propagates so the front can run the request
again on fresh state instead of apologising for a race the user never saw.
"""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents import phrases
from skill.errors import ConflictError, StoreError
from skill.tracebacks import frames_only

log = logging.getLogger(__name__)

SILENT_REQUEST_PREFIXES = ("AudioPlayer.", "PlaybackController.", "System.")


class CatchAllHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return not isinstance(exception, ConflictError)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        request = handler_input.request_envelope.request
        # the message can quote a slot value (what a partner said): only types and frames are logged
        log.error("request=%s failed:\n%s", getattr(request, "request_id", "?"), frames_only(exception))
        builder = handler_input.response_builder
        if str(getattr(request, "object_type", "")).startswith(SILENT_REQUEST_PREFIXES):
            return builder.response
        if getattr(request, "object_type", "") == "SessionEndedRequest":
            return builder.response
        speech = phrases.STORE_DOWN if isinstance(exception, StoreError) else phrases.ERROR
        builder.speak(speech).set_should_end_session(True)
        return builder.response
