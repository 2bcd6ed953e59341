"""Requests that fit Alexa's schema but carry what Alexa itself would never send: each gets a handled answer.

Such values once reached int() or an attribute of None inside a handler, and the couple heard "Sorry, something
went wrong" with a traceback logged at ERROR; the endpoint's shape check cannot refuse them, since the schema
allows them, so the handlers read them with care.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from intents import phrases
from intents.envelopes import slot_json
from tests.intents.test_round_flow import USER, Alexa, play_of

HUGE = "9" * 5000
"""Longer than int() will read (4,300 digits)."""
ODD_NUMBERS = ["\u00b2", HUGE, "-1", "\u0663", " 4 4 "]
"""A superscript two (``str.isdigit`` takes it, int() does not), a number too long to read, a sign, an
Arabic-Indic three and spaced digits."""


@pytest.fixture
def alexa(logged_alexa: Alexa) -> Alexa:
    return logged_alexa


def speech(response: dict[str, Any]) -> str:
    return str((response.get("outputSpeech") or {}).get("ssml", ""))


def no_errors(caplog: pytest.LogCaptureFixture) -> None:
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors


def send_slots(alexa: Alexa, intent: str, *slots: dict[str, Any], player: dict[str, Any] | None = None) -> Any:
    payload = {slot["name"]: slot for slot in slots}
    return alexa.send(alexa.factory.intent(intent, payload, alexa.session, False, alexa.attributes, player))


@pytest.mark.parametrize("phase", ODD_NUMBERS)
def test_a_player_token_with_an_odd_number_is_not_the_rounds(
    alexa: Alexa, caplog: pytest.LogCaptureFixture, phase: str
) -> None:
    token = play_of(alexa.intent("StartListeningRoundIntent"))["audioItem"]["stream"]["token"]
    before = alexa.active()
    odd = f"{token.rsplit(':', 1)[0]}:{phase}"
    for event in ("AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackNearlyFinished", "AudioPlayer.PlaybackFinished"):
        assert alexa.event(event, odd) == {}
    round_no = f"{token.split(':')[0]}:listening:{phase}:0"
    assert alexa.event("AudioPlayer.PlaybackStopped", round_no) == {}
    assert alexa.active() == before
    player = {"token": odd, "offsetInMilliseconds": 1000, "playerActivity": "PLAYING"}
    status = alexa.intent("RoundStatusIntent", player, new=True)
    assert "has the floor" in speech(status)
    no_errors(caplog)


@pytest.mark.parametrize("span", ["\u00b2", HUGE])
def test_a_time_span_resolved_to_an_odd_id_is_no_time_named(
    alexa: Alexa, caplog: pytest.LogCaptureFixture, span: str
) -> None:
    response = send_slots(alexa, "HowLongIntent", slot_json("span", "a while", span, "TIME_SPAN"))
    assert "A listening round takes about" in speech(response)
    no_errors(caplog)


@pytest.mark.parametrize("word", ["\u00b2", HUGE])
def test_a_check_in_word_resolved_to_an_odd_id_asks_the_statement_again(
    alexa: Alexa, caplog: pytest.LogCaptureFixture, word: str
) -> None:
    alexa.intent("CheckInIntent")
    response = send_slots(alexa, "CheckInIntent", slot_json("answer", "sort of", word, "CHECKIN_WORD"))
    assert phrases.CHECKIN_NUMBER in speech(response) and phrases.ERROR not in speech(response)
    no_errors(caplog)


@pytest.mark.parametrize("place", ["\u00b2", HUGE])
def test_a_list_place_resolved_to_an_odd_id_asks_which_one(
    alexa: Alexa, caplog: pytest.LogCaptureFixture, place: str
) -> None:
    alexa.intent("FaqIntent")
    response = send_slots(alexa, "ChooseIntent", slot_json("choice", "the umpteenth", place, "ORDINAL"))
    assert "Which one would you like?" in speech(response)
    no_errors(caplog)


@pytest.mark.parametrize("score", ODD_NUMBERS)
def test_an_odd_number_as_a_check_in_score_asks_the_statement_again(
    alexa: Alexa, caplog: pytest.LogCaptureFixture, score: str
) -> None:
    alexa.intent("CheckInIntent")
    response = alexa.intent("CheckInIntent", score=score)
    assert phrases.CHECKIN_NUMBER in speech(response)
    assert alexa.store.load(USER)[0]["checkins"] == []
    no_errors(caplog)


@pytest.mark.parametrize(
    "values",
    [[None], [{"value": None}], [{}], [{"value": {"name": "trust", "id": None}}], []],
    ids=["null value", "null wrapper", "empty wrapper", "null id", "no values"],
)
def test_a_matched_resolution_with_null_values_resolves_nothing(
    alexa: Alexa, caplog: pytest.LogCaptureFixture, values: list[Any]
) -> None:
    slot = slot_json("topic", "flux capacitors", "faq-signs", "FAQ_TOPIC")
    slot["resolutions"]["resolutionsPerAuthority"][0]["values"] = values
    response = send_slots(alexa, "FaqIntent", slot)
    assert "I don't have an answer about flux capacitors" in speech(response)
    no_errors(caplog)


def test_a_null_value_before_a_real_one_is_passed_over(alexa: Alexa, caplog: pytest.LogCaptureFixture) -> None:
    slot = slot_json("topic", "flux capacitors", "faq-signs", "FAQ_TOPIC")
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    authority["values"] = [None, *authority["values"]]
    assert "How can I tell if we have good emotional intimacy?" in speech(send_slots(alexa, "FaqIntent", slot))
    no_errors(caplog)


LONG = "word " * 2000
SAID_BACK = "word word word word word word"
"""The first six words: what is said back of ``LONG``."""


@pytest.mark.parametrize(
    ("before", "intent", "slot"),
    [
        ("", "FaqIntent", slot_json("topic", LONG, None, "FAQ_TOPIC")),
        ("", "CheckInIntent", slot_json("answer", LONG, None, "CHECKIN_WORD")),
        ("CheckInIntent", "CheckInIntent", slot_json("answer", LONG, None, "CHECKIN_WORD")),
        ("", "CheckInIntent", slot_json("score", LONG)),
        ("CheckInIntent", "CheckInIntent", slot_json("score", LONG)),
        ("", "DinnerQuestionIntent", slot_json("theme", LONG, None, "THEME")),
    ],
    ids=["faq topic", "word unasked", "word in a check-in", "score unasked", "score in a check-in", "dinner theme"],
)
def test_words_said_back_are_a_few_whatever_was_sent(
    alexa: Alexa, caplog: pytest.LogCaptureFixture, before: str, intent: str, slot: dict[str, Any]
) -> None:
    """A slot of 2,000 words was said back whole ("I don't have an answer about word word ..."), 10,000
    characters, over Alexa's 8,000 for speech; each such reply now says back the first few words."""
    if before:
        alexa.intent(before)
    said = speech(send_slots(alexa, intent, slot))
    assert SAID_BACK in said and SAID_BACK + " word" not in said
    assert len(said) < 1000
    no_errors(caplog)
