"""A check-in left partway is finished later the same evening. Alexa ends a session after about sixteen
silent seconds; the answers given were lost with it, and "four" said next got "I wasn't asking for a number"
(a probe). Real envelopes, a real skill and SQLite; the clock is set, the zone is the configured one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from intents.builder import build_skill
from intents.envelopes import EnvelopeFactory, new_session_id, slot_json
from intents.tracks import PhaseCatalog
from skill.config import Settings
from skill.content_files import load_content
from skill.device import invoke_json
from skill.store import SqliteStore

USER = "amzn1.ask.account.RESUME"
STATEMENTS = load_content().checkin


class Echo:
    def __init__(self, db: Path) -> None:
        self.now = datetime(2026, 12, 7, 19, 0, tzinfo=UTC)
        settings = Settings(store_url=f"sqlite:///{db}", public_url="https://x.test", timezone="UTC")
        self.store = SqliteStore(db)
        self.skill = build_skill(settings, store=self.store, tracks=PhaseCatalog(settings.public_url), clock=self.clock)
        self.factory = EnvelopeFactory(USER)
        self.session = new_session_id()
        self.attributes: dict[str, Any] = {}

    def clock(self) -> datetime:
        return self.now

    def send(self, envelope: dict[str, Any]) -> str:
        reply = invoke_json(self.skill, envelope)
        self.attributes = reply.get("sessionAttributes") or {}
        speech = (reply.get("response") or {}).get("outputSpeech") or {}
        return str(speech.get("ssml", ""))

    def launch(self) -> str:
        self.session, self.attributes = new_session_id(), {}
        return self.send(self.factory.launch(self.session))

    def say(self, name: str, new: bool = False, **slots: str) -> str:
        if new:
            self.session, self.attributes = new_session_id(), {}
        payload = {k: slot_json(k, v) for k, v in slots.items()}
        return self.send(self.factory.intent(name, payload, self.session, new, self.attributes))

    def time_out(self) -> None:
        self.send(self.factory.session_ended(self.session, self.attributes, "EXCEEDED_MAX_REPROMPTS"))

    def stored(self) -> dict[str, Any]:
        found = self.store.load(USER)
        assert found is not None
        return found[0]


def _two_answers_then_silence(echo: Echo) -> None:
    echo.launch()
    echo.say("SetNamesIntent", first_name="Sam", second_name="Alex")
    echo.say("CheckInIntent")
    echo.say("CheckInIntent", score="4")
    echo.say("CheckInIntent", score="3")
    echo.time_out()


def test_opening_again_that_evening_finishes_the_check_in(tmp_path: Path) -> None:
    echo = Echo(tmp_path / "h.db")
    _two_answers_then_silence(echo)
    assert echo.stored()["unfinished_checkin"] == {"day": "2026-12-07", "scores": [4, 3]}
    echo.now = datetime(2026, 12, 7, 19, 20, tzinfo=UTC)
    speech = echo.launch()
    assert "partway through a check-in, with 2 of 5 answered" in speech, speech
    assert STATEMENTS[2].text in speech
    for score in ("5", "4"):
        echo.say("CheckInIntent", score=score)
    speech = echo.say("CheckInIntent", score="4")
    assert "Today you scored" in speech, speech
    stored = echo.stored()
    assert stored["checkins"][-1]["scores"] == [4, 3, 5, 4, 4]
    assert stored["unfinished_checkin"] is None


def test_a_score_said_straight_to_a_new_session_answers_the_next_statement(tmp_path: Path) -> None:
    echo = Echo(tmp_path / "h.db")
    _two_answers_then_silence(echo)
    speech = echo.say("CheckInIntent", new=True, score="2")
    assert "wasn't asking" not in speech and STATEMENTS[3].text in speech, speech
    assert echo.stored()["unfinished_checkin"]["scores"] == [4, 3, 2]


def test_skipping_it_or_the_next_morning_lets_it_go(tmp_path: Path) -> None:
    echo = Echo(tmp_path / "h.db")
    _two_answers_then_silence(echo)
    echo.launch()
    echo.say("AMAZON.CancelIntent")
    assert echo.stored()["unfinished_checkin"] is None
    _two_answers_then_silence(echo)
    echo.now = datetime(2026, 12, 8, 19, 0, tzinfo=UTC)
    speech = echo.launch()
    assert "check-in" not in speech.split("Welcome back")[1][:60], speech
    assert echo.stored()["unfinished_checkin"] is None
    assert echo.stored()["checkins"] == [], "a check-in never finished is not recorded"


def test_a_last_answer_sent_again_after_its_reply_was_lost_records_the_check_in_once(tmp_path: Path) -> None:
    """The reply to the fifth answer never reached Alexa (a timeout, a dropped connection after the write), so
    the couple says "five" again and Alexa sends the session as it was before that answer (a probe)."""
    echo = Echo(tmp_path / "h.db")
    echo.launch()
    echo.say("CheckInIntent")
    for score in ("5", "5", "5", "5"):
        echo.say("CheckInIntent", score=score)
    before_last = dict(echo.attributes)
    first = echo.say("CheckInIntent", score="5")
    echo.attributes = before_last  # the reply was lost: Alexa still holds the session before it
    again = echo.say("CheckInIntent", score="5")
    assert "Today you scored 5 out of five" in first and "Today you scored 5 out of five" in again, again
    assert echo.stored()["checkins"] == [{"day": "2026-12-07", "scores": [5, 5, 5, 5, 5]}]


def test_a_second_check_in_with_the_same_answers_the_same_evening_is_recorded(tmp_path: Path) -> None:
    echo = Echo(tmp_path / "h.db")
    echo.launch()
    for _ in range(2):
        echo.say("CheckInIntent")
        for score in ("4", "4", "4", "4", "4"):
            speech = echo.say("CheckInIntent", score=score)
        assert "Today you scored 4 out of five" in speech, speech
    assert echo.stored()["checkins"] == [{"day": "2026-12-07", "scores": [4] * 5}] * 2


def test_two_devices_finishing_check_ins_with_the_same_answers_at_once_record_both(tmp_path: Path) -> None:
    """One household, two Echos, the same answers, last answers one after the other: not a replay."""
    kitchen, bedroom = Echo(tmp_path / "h.db"), Echo(tmp_path / "h.db")
    for echo in (kitchen, bedroom):
        echo.launch()
        echo.say("CheckInIntent")
    for _ in range(4):
        kitchen.say("CheckInIntent", score="3")
        bedroom.say("CheckInIntent", score="3")
    assert "Today you scored 3" in kitchen.say("CheckInIntent", score="3")
    assert "Today you scored 3" in bedroom.say("CheckInIntent", score="3")
    assert bedroom.stored()["checkins"] == [{"day": "2026-12-07", "scores": [3] * 5}] * 2
