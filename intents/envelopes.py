"""Request envelopes shaped exactly as Alexa sends them, for the local fronts and the tests.

Going through the real JSON (and ask-sdk's deserializer) means the local fronts exercise the same code path
as the Alexa endpoint; nothing is handed to the handlers that Alexa could not have sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

LOCAL_APPLICATION_ID = "amzn1.ask.skill.heartline-local"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _request_id() -> str:
    return f"amzn1.echo-api.request.{uuid.uuid4()}"


def slot_json(
    name: str,
    spoken: str | None,
    resolved_id: str | None = None,
    slot_type: str | None = None,
    resolved_name: str | None = None,
) -> dict[str, Any]:
    """A filled slot with entity resolution for custom types, or an empty one (as Alexa sends unfilled slots)."""
    slot: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
    if spoken is None:
        return slot
    slot["value"] = spoken
    if slot_type and not slot_type.startswith("AMAZON."):
        authority = f"amzn1.er-authority.echo-sdk.{LOCAL_APPLICATION_ID}.{slot_type}"
        if resolved_id:
            slot["resolutions"] = {
                "resolutionsPerAuthority": [
                    {
                        "authority": authority,
                        "status": {"code": "ER_SUCCESS_MATCH"},
                        "values": [{"value": {"name": resolved_name or spoken, "id": resolved_id}}],
                    }
                ]
            }
        else:
            slot["resolutions"] = {
                "resolutionsPerAuthority": [
                    {
                        "authority": authority,
                        "status": {"code": "ER_SUCCESS_NO_MATCH"},
                    }
                ]
            }
    return slot


class EnvelopeFactory:
    """Makes envelopes for one user on one device; the caller owns session and player state."""

    def __init__(
        self,
        user_id: str,
        application_id: str = LOCAL_APPLICATION_ID,
        audio: bool = True,
        device_id: str = "amzn1.ask.device.heartline-local",
    ) -> None:
        self.user_id = user_id
        self.application_id = application_id
        self.audio = audio
        self.device_id = device_id

    def _context(self, player: Mapping[str, Any] | None) -> dict[str, Any]:
        interfaces: dict[str, Any] = {"AudioPlayer": {}} if self.audio else {}
        context: dict[str, Any] = {
            "System": {
                "application": {"applicationId": self.application_id},
                "user": {"userId": self.user_id},
                "device": {"deviceId": self.device_id, "supportedInterfaces": interfaces},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        }
        if self.audio:
            context["AudioPlayer"] = dict(player) if player else {"playerActivity": "IDLE"}
        return context

    def _session(self, session_id: str, new: bool, attributes: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "new": new,
            "sessionId": session_id,
            "application": {"applicationId": self.application_id},
            "user": {"userId": self.user_id},
            "attributes": dict(attributes),
        }

    def launch(self, session_id: str, player: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {
            "version": "1.0",
            "session": self._session(session_id, True, {}),
            "context": self._context(player),
            "request": {"type": "LaunchRequest", "requestId": _request_id(), "timestamp": _now(), "locale": "en-US"},
        }

    def intent(
        self,
        name: str,
        slots: Mapping[str, dict[str, Any]],
        session_id: str,
        new: bool,
        attributes: Mapping[str, Any],
        player: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        return {
            "version": "1.0",
            "session": self._session(session_id, new, attributes),
            "context": self._context(player),
            "request": {
                "type": "IntentRequest",
                "requestId": _request_id(),
                "timestamp": _now(),
                "locale": "en-US",
                "dialogState": "STARTED" if new else "IN_PROGRESS",
                "intent": {"name": name, "confirmationStatus": "NONE", "slots": dict(slots)},
            },
        }

    def session_ended(
        self, session_id: str, attributes: Mapping[str, Any], reason: str = "USER_INITIATED"
    ) -> dict[str, Any]:
        return {
            "version": "1.0",
            "session": self._session(session_id, False, attributes),
            "context": self._context(None),
            "request": {
                "type": "SessionEndedRequest",
                "requestId": _request_id(),
                "timestamp": _now(),
                "locale": "en-US",
                "reason": reason,
            },
        }

    def audio_event(
        self,
        event: str,
        token: str,
        offset_ms: int,
        player: Mapping[str, Any] | None = None,
        error: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``AudioPlayer.PlaybackStarted`` and friends: no session, the token and offset in the request."""
        request: dict[str, Any] = {
            "type": event,
            "requestId": _request_id(),
            "timestamp": _now(),
            "locale": "en-US",
            "token": token,
            "offsetInMilliseconds": offset_ms,
        }
        if error is not None:
            request["error"] = dict(error)
            request["currentPlaybackState"] = {
                "token": token,
                "offsetInMilliseconds": offset_ms,
                "playerActivity": "STOPPED",
            }
        return {"version": "1.0", "context": self._context(player), "request": request}

    def playback_controller(self, command: str, player: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {
            "version": "1.0",
            "context": self._context(player),
            "request": {
                "type": f"PlaybackController.{command}",
                "requestId": _request_id(),
                "timestamp": _now(),
                "locale": "en-US",
            },
        }


def new_session_id() -> str:
    return f"amzn1.echo-api.session.{uuid.uuid4()}"
