"""An Echo's own time zone, from a stand-in for Alexa's settings API on 127.0.0.1 that answers as the real one
does (``GET /v2/devices/{deviceId}/settings/System.timeZone`` with the request's bearer token, a JSON string).
A probe found the server's UTC midnight (7 pm in New York) in the middle of a dinner: "go deeper" at 00:00:30
came back lighter than the question before."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_model.services import ApiClientRequest

from intents.builder import build_skill
from intents.envelopes import EnvelopeFactory, new_session_id, slot_json
from intents.timezones import DeviceZones, TimedApiClient
from intents.tracks import PhaseCatalog
from skill.config import Settings
from skill.device import invoke_json
from skill.store import SqliteStore

USER = "amzn1.ask.account.ZONE"
TOKEN = "zone-test-token"


class SettingsApi:
    """Alexa's device settings API, as far as the time zone goes."""

    def __init__(self, zone: str) -> None:
        self.zone = zone
        self.status = 200
        self.calls: list[tuple[str, str]] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                api.calls.append((self.path, self.headers.get("Authorization", "")))
                body = json.dumps(api.zone).encode() if api.status == 200 else b'{"message":"nope"}'
                self.send_response(api.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def api() -> Iterator[SettingsApi]:
    stand_in = SettingsApi("America/New_York")
    yield stand_in
    stand_in.close()


class Echo:
    def __init__(self, db: Path, endpoint: str, settings: Settings | None = None) -> None:
        self.now = datetime(2026, 12, 7, 23, 50, tzinfo=UTC)
        self.settings = settings or Settings(store_url=f"sqlite:///{db}", public_url="https://heartline.test")
        self.store = SqliteStore(db)
        self.skill = build_skill(
            self.settings,
            store=self.store,
            tracks=PhaseCatalog(self.settings.public_url),
            zones=DeviceZones(self.settings),
            clock=lambda: self.now,
        )
        self.factory = EnvelopeFactory(USER, audio=False)
        self.endpoint = endpoint
        self.session = new_session_id()
        self.attributes: dict[str, Any] = {}

    def send(self, envelope: dict[str, Any]) -> dict[str, Any]:
        envelope["context"]["System"].update(apiEndpoint=self.endpoint, apiAccessToken=TOKEN)
        reply = invoke_json(self.skill, envelope)
        self.attributes = reply.get("sessionAttributes") or {}
        return reply

    def intent(self, name: str, **slots: str) -> dict[str, Any]:
        payload = {k: slot_json(k, v) for k, v in slots.items()}
        self.session = new_session_id()
        return self.send(self.factory.intent(name, payload, self.session, True, {}))

    def stored(self) -> dict[str, Any]:
        found = self.store.load(USER)
        assert found is not None
        return found[0]


def test_go_deeper_across_utc_midnight_is_the_same_new_york_evening(api: SettingsApi, tmp_path: Path) -> None:
    echo = Echo(tmp_path / "h.db", api.url)
    echo.now = datetime(2026, 12, 7, 23, 58, tzinfo=UTC)
    echo.intent("DinnerQuestionIntent", depth="medium")
    assert echo.stored()["dinner_day"] == "2026-12-07"
    echo.now = datetime(2026, 12, 8, 0, 0, 30, tzinfo=UTC)
    echo.intent("DeeperIntent")
    stored = echo.stored()
    assert stored["dinner_depth"] == "deep", "the dinner went on deeper, not from light again"
    assert stored["sessions"] == 1, "one evening, one day counted"
    device = echo.factory.intent("X", {}, "s", True, {})["context"]["System"]["device"]["deviceId"]
    assert api.calls[0] == (f"/v2/devices/{device}/settings/System.timeZone", f"Bearer {TOKEN}")
    assert len(api.calls) == 1, "asked once, then remembered"


def test_without_the_device_zone_utc_midnight_starts_a_new_day(api: SettingsApi, tmp_path: Path) -> None:
    """The same evening with the API failing: the configured zone (UTC here) answers, and the lookup is not
    repeated on every request while it is down."""
    api.status = 500
    settings = Settings(store_url=f"sqlite:///{tmp_path / 'h.db'}", public_url="https://x.test", timezone="UTC")
    echo = Echo(tmp_path / "h.db", api.url, settings)
    echo.now = datetime(2026, 12, 7, 23, 58, tzinfo=UTC)
    echo.intent("DinnerQuestionIntent", depth="medium")
    echo.now = datetime(2026, 12, 8, 4, 0, 30, tzinfo=UTC)
    echo.intent("DeeperIntent")
    assert echo.stored()["sessions"] == 2
    assert len(api.calls) == 1


def test_an_endpoint_that_is_not_alexas_is_never_called(tmp_path: Path) -> None:
    """The endpoint comes from the request: a forged one must not make the server call out to it."""
    settings = Settings(store_url=f"sqlite:///{tmp_path / 'h.db'}", public_url="https://x.test", timezone="UTC")
    echo = Echo(tmp_path / "h.db", "https://attacker.example", settings)
    reply = echo.intent("DinnerQuestionIntent")
    assert "outputSpeech" in reply["response"]
    assert echo.stored()["dinner_day"] == "2026-12-07"


def test_the_api_client_refuses_hosts_that_are_not_alexas_before_connecting() -> None:
    client = TimedApiClient()
    for url in ("https://attacker.example/v2/devices/d/settings/System.timeZone", "http://api.amazonalexa.com/v2"):
        with pytest.raises(ValueError, match="Alexa's own hosts"):
            client.invoke(ApiClientRequest(url=url, method="GET", headers=[]))
