"""Request types beside the conversation, as Alexa sends them: each gets its proper answer, never an apology.

Without a handler they reached the last line of defence: "Sorry, something went wrong" spoken (to a notice nobody
hears, even) and a traceback logged at ERROR.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from intents import phrases
from intents.envelopes import slot_json
from tests.intents.test_round_flow import USER, Alexa


@pytest.fixture
def alexa(logged_alexa: Alexa) -> Alexa:
    return logged_alexa


def request(alexa: Alexa, kind: str, *, session: bool, new: bool = False, **fields: Any) -> dict[str, Any]:
    """An envelope of ``kind`` from the test user's device, in the open session or outside any."""
    envelope = alexa.factory.launch(alexa.session)
    envelope["request"] = {**envelope["request"], "type": kind, **fields}
    if session:
        envelope["session"] = {**envelope["session"], "new": new, "attributes": alexa.attributes}
    else:
        del envelope["session"]
    return envelope


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


NOTICES = [
    ("AlexaSkillEvent.SkillEnabled", {"eventCreationTime": "2024-01-01T00:00:00Z"}),
    ("AlexaSkillEvent.SkillDisabled", {"body": {"userInformationPersistenceStatus": "PERSISTED"}}),
    ("Messaging.MessageReceived", {"message": {"note": "hello"}}),
    ("Reminders.ReminderCreated", {"body": {"alertToken": "t"}}),
    ("Reminders.ReminderStarted", {"body": {"alertToken": "t"}}),
    ("AlexaHouseholdListEvent.ItemsCreated", {"body": {"listId": "l", "listItemIds": ["i"]}}),
]


@pytest.mark.parametrize(("kind", "fields"), NOTICES, ids=[k for k, _ in NOTICES])
def test_a_notice_gets_an_empty_answer(
    alexa: Alexa, caplog: pytest.LogCaptureFixture, kind: str, fields: dict[str, Any]
) -> None:
    before = alexa.store.load(USER)
    assert alexa.send(request(alexa, kind, session=False, **fields)) == {}
    assert alexa.store.load(USER) == before
    assert not errors(caplog)


def test_can_fulfill_is_answered_no_without_speech_or_any_change(
    alexa: Alexa, caplog: pytest.LogCaptureFixture
) -> None:
    """The manifest does not declare CAN_FULFILL_INTENT_REQUEST, so the answer is NO; it may not speak or change
    state, and a new session would otherwise count a day."""
    before = alexa.store.load(USER)
    intent = {
        "name": "DinnerQuestionIntent",
        "confirmationStatus": "NONE",
        "slots": {"depth": slot_json("depth", None)},
    }
    response = alexa.send(request(alexa, "CanFulfillIntentRequest", session=True, new=True, intent=intent))
    assert response == {"canFulfillIntent": {"canFulfill": "NO"}}
    assert alexa.store.load(USER) == before
    assert not errors(caplog)


BACK = [
    ("SessionResumedRequest", {"cause": {"type": "ConnectionCompleted", "status": {"code": "200"}}}),
    ("Connections.Response", {"name": "Buy", "status": {"code": "200", "message": "OK"}, "token": "t"}),
    ("Alexa.Presentation.APL.UserEvent", {"token": "t", "arguments": ["pressed"], "source": {}}),
    ("Display.ElementSelected", {"token": "t"}),
]


@pytest.mark.parametrize(("kind", "fields"), BACK, ids=[k for k, _ in BACK])
def test_a_return_or_a_touch_picks_the_conversation_up_where_it_was(
    alexa: Alexa, caplog: pytest.LogCaptureFixture, kind: str, fields: dict[str, Any]
) -> None:
    alexa.intent("CheckInIntent")
    statement = alexa.attributes["conversation"]["last_reprompt"]
    response = alexa.send(request(alexa, kind, session=True, **fields))
    speech = response["outputSpeech"]["ssml"]
    assert statement in speech and phrases.ERROR not in speech
    assert response["shouldEndSession"] is False
    alexa.intent("CheckInIntent", score="4")
    assert alexa.attributes["conversation"]["checkin_answers"] == [4], "the check-in carried on"
    menu = alexa.send(request(alexa, kind, session=True, **fields))
    assert "outputSpeech" in menu and menu["shouldEndSession"] is False
    assert not errors(caplog)


def test_any_other_request_type_gets_an_empty_answer_and_a_warning(
    alexa: Alexa, caplog: pytest.LogCaptureFixture
) -> None:
    runtime_error = request(alexa, "Alexa.Presentation.APL.RuntimeError", session=False, token="t", errors=[])
    assert alexa.send(runtime_error) == {}
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("Alexa.Presentation.APL.RuntimeError" in w for w in warned)
    assert not errors(caplog)
