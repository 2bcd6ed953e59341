"""The ask-sdk persistence adapter over Heartline's store, keyed by household.

A household is the Alexa account (``userId``) or, locally, a profile name the chat front puts in the same
field. The document's version rides along under a private key so that the save can detect a concurrent
writer instead of silently overwriting it.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.errors import RequestError
from skill.store import Store

VERSION_KEY = "__version__"


def household_id(request_envelope: RequestEnvelope) -> str:
    """The household a request belongs to; AudioPlayer events have no session, so read context first."""
    context = request_envelope.context
    user = getattr(getattr(context, "system", None), "user", None)
    if user is not None and user.user_id:
        return str(user.user_id)
    session = request_envelope.session
    if session is not None and session.user is not None and session.user.user_id:
        return str(session.user.user_id)
    raise RequestError("the request names no user, so there is no household to load")


class StorePersistenceAdapter(AbstractPersistenceAdapter):
    def __init__(self, store: Store) -> None:
        self.store = store

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        found = self.store.load(household_id(request_envelope))
        if found is None:
            return {VERSION_KEY: 0}
        data, version = found
        return {**data, VERSION_KEY: version}

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict[str, Any]) -> None:
        data = dict(attributes)
        version = data.pop(VERSION_KEY, None)
        expected = version if isinstance(version, int) else None
        self.store.save(household_id(request_envelope), data, expected_version=expected)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self.store.delete(household_id(request_envelope))
