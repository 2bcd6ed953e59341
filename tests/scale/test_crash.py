"""Crashes and outages: a server killed mid-write restarts on an intact store; a store that goes away turns
into 503 on /healthz and a spoken apology, and the app comes back by itself when the store does."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests
from flask.testing import FlaskClient

from intents.envelopes import EnvelopeFactory, new_session_id, slot_json
from intents.phrases import STORE_DOWN
from skill.config import Settings
from skill.number_words import any_slot
from skill.store import open_store
from skill.web import create_app
from tests.scale.servers import PostgresServer, RedisServer
from tests.scale.traffic import Household, Server, gunicorn, heartline_serve

pytestmark = [pytest.mark.server, pytest.mark.slow]

WRITERS = 8


@pytest.mark.parametrize("kind", ["gunicorn", "heartline-serve"])
def test_a_server_killed_mid_write_restarts_on_an_intact_store(kind: str, tmp_path: Path) -> None:
    db = tmp_path / "heartline.db"
    url = f"sqlite:///{db}"
    make = gunicorn if kind == "gunicorn" else heartline_serve
    server: Server = make(url, tmp_path).start()
    users = [f"amzn1.ask.account.CRASH{n}" for n in range(WRITERS)]
    completed = dict.fromkeys(users, 0)
    stop = threading.Event()

    def writer(user: str) -> None:
        household = Household(server.base, user)
        while not stop.is_set():
            try:
                speech = household.checkin(tuple(random.randint(1, 5) for _ in range(5)))
            except requests.RequestException:
                return
            if "Today you scored" in speech:
                completed[user] += 1

    threads = [threading.Thread(target=writer, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    time.sleep(3.0)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = open_store(Settings(store_url=url))
    stored = {user: len((store.load(user) or ({"checkins": []}, 0))[0]["checkins"]) for user in users}
    store.close()
    assert sum(completed.values()) > 0, "the server was killed before anything was written"
    for user in users:
        # each writer had at most one request in flight when the server died: it may or may not have landed
        assert completed[user] <= stored[user] <= completed[user] + 1, (user, completed[user], stored[user])

    restarted = make(url, tmp_path).start()
    try:
        again = Household(restarted.base, users[0])
        assert "Today you scored" in again.checkin((5, 4, 3, 2, 1))
        store = open_store(Settings(store_url=url))
        found = store.load(users[0])
        store.close()
        assert found is not None and len(found[0]["checkins"]) == stored[users[0]] + 1
    finally:
        restarted.stop()


class Outage:
    """A store server that can be taken down and brought back, and the app in front of it."""

    def __init__(self, server: RedisServer | PostgresServer, client: FlaskClient) -> None:
        self.server = server
        self.client = client
        self.factory = EnvelopeFactory("amzn1.ask.account.OUTAGE", audio=False)

    def health(self) -> int:
        return self.client.get("/healthz").status_code

    def checkin(self) -> tuple[int, str]:
        """A whole check-in; the status and speech of the last request."""
        session, attributes = new_session_id(), {}
        status, speech = 0, ""
        for index in range(6):
            slots = {"score": slot_json("score", "4")} if index else {}
            answer = self.client.post(
                "/alexa", json=self.factory.intent("CheckInIntent", slots, session, index == 0, attributes)
            )
            status = answer.status_code
            body = answer.get_json() or {}
            attributes = body.get("sessionAttributes") or {}
            speech = ((body.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")
            if status != 200 or STORE_DOWN in speech:
                break
        return status, speech


@pytest.fixture(params=["redis", "postgres"])
def outage(request: pytest.FixtureRequest, tmp_path: Path) -> Outage:
    server: RedisServer | PostgresServer = request.getfixturevalue(f"{request.param}_server")
    app = create_app(
        Settings(store_url=server.url, data_dir=tmp_path, verify_signatures=False, offline=True),
        number_slot=any_slot,
    )
    return Outage(server, app.test_client())


def test_a_store_that_goes_down_means_503_and_an_apology_then_it_recovers(outage: Outage) -> None:
    assert outage.health() == 200
    assert outage.checkin()[1].count("Today you scored") == 1

    outage.server.stop()
    try:
        assert outage.health() == 503
        started = time.monotonic()
        status, speech = outage.checkin()
        assert status == 200 and STORE_DOWN in speech, speech
        assert time.monotonic() - started < 8, "an unreachable store must not outlast Alexa's deadline"
    finally:
        outage.server.start()

    deadline = time.monotonic() + 15
    while outage.health() != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert outage.health() == 200
    status, speech = outage.checkin()
    assert status == 200 and "Today you scored" in speech, speech
