"""The Lambda entry point over DynamoDB (moto's server on 127.0.0.1): households land in the table, and
concurrent containers answering one household lose nothing thanks to the conditional writes."""

from __future__ import annotations

import importlib
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any

import pytest

from intents.envelopes import EnvelopeFactory, new_session_id, slot_json
from skill.config import Settings
from skill.stores.dynamodb_store import DynamoDbStore
from tests.scale.traffic import PROJECT_ROOT, speech_of

pytestmark = pytest.mark.server


@pytest.fixture
def lambda_module(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[ModuleType]:
    table = f"heartline-{uuid.uuid4().hex[:8]}"
    for name, value in {
        "HEARTLINE_DYNAMODB_TABLE": table,
        "HEARTLINE_DYNAMODB_ENDPOINT": moto_endpoint,
        "HEARTLINE_DYNAMODB_REGION": "us-east-1",
        "HEARTLINE_DYNAMODB_CREATE_TABLE": "1",
        "HEARTLINE_DATA_DIR": str(tmp_path),
        "HEARTLINE_OFFLINE": "1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("HEARTLINE_STORE", raising=False)
    monkeypatch.syspath_prepend(str(PROJECT_ROOT / "deploy"))
    sys.modules.pop("lambda_function", None)
    module = importlib.import_module("lambda_function")
    yield module
    sys.modules.pop("lambda_function", None)


def table_store(module: ModuleType) -> DynamoDbStore:
    settings = Settings.from_env()
    return DynamoDbStore.from_settings(settings)


def checkin(handler: Any, factory: EnvelopeFactory, scores: tuple[int, ...]) -> str:
    session = new_session_id()
    reply = handler(factory.intent("CheckInIntent", {}, session, True, {}), None)
    for score in scores:
        attributes = reply.get("sessionAttributes") or {}
        slots = {"score": slot_json("score", str(score))}
        reply = handler(factory.intent("CheckInIntent", slots, session, False, attributes), None)
    return speech_of(reply)


def test_lambda_keeps_households_in_the_dynamodb_table(lambda_module: ModuleType) -> None:
    factory = EnvelopeFactory("amzn1.ask.account.LAMBDA", audio=False)
    session = new_session_id()
    reply = lambda_module.lambda_handler(factory.launch(session), None)
    assert "Heart Line" in speech_of(reply)
    names = {"first_name": slot_json("first_name", "Sam"), "second_name": slot_json("second_name", "Alex")}
    lambda_module.lambda_handler(factory.intent("SetNamesIntent", names, session, False, {}), None)
    assert "Today you scored" in checkin(lambda_module.lambda_handler, factory, (5, 4, 4, 3, 5))

    store = table_store(lambda_module)
    found = store.load("amzn1.ask.account.LAMBDA")
    assert found is not None
    data, version = found
    assert data["names"] == ["Sam", "Alex"] and len(data["checkins"]) == 1 and version >= 2


def test_concurrent_lambda_containers_for_one_household_lose_no_checkin(lambda_module: ModuleType) -> None:
    """Four warm containers (each its own skill and store, as Lambda runs them) share one table and race."""
    factory = EnvelopeFactory("amzn1.ask.account.LAMBDA-RACE", audio=False)
    lambda_module.lambda_handler(factory.launch(new_session_id()), None)
    containers = [lambda_module._build() for _ in range(4)]

    def one(n: int) -> str:
        return checkin(lambda event, context: containers[n % 4].handle_event(event), factory, (n % 5 + 1,) * 5)

    with ThreadPoolExecutor(4) as pool:
        speeches = list(pool.map(one, range(40)))
    assert all("Today you scored" in speech for speech in speeches)
    found = table_store(lambda_module).load("amzn1.ask.account.LAMBDA-RACE")
    assert found is not None and len(found[0]["checkins"]) == 40
