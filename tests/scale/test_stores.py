"""Every store backend keeps the same contract: versions, conflicts, deletes, ping, and no lost updates."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skill.config import Settings
from skill.errors import ConfigError, ConflictError
from skill.store import SqliteStore, Store, open_store
from skill.stores.dynamodb_store import DynamoDbStore
from skill.stores.postgres_store import PostgresStore
from skill.stores.redis_store import RedisStore
from tests.scale.servers import PostgresServer, RedisServer

BACKENDS = ["sqlite", "redis", "postgres", "dynamodb"]


def settings_for(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if backend == "sqlite":
        return Settings(store_url=f"sqlite:///{tmp_path / 'h.db'}", data_dir=tmp_path)
    if backend == "redis":
        server: RedisServer = request.getfixturevalue("redis_server")
        return Settings(store_url=server.url, data_dir=tmp_path)
    if backend == "postgres":
        pg: PostgresServer = request.getfixturevalue("postgres_server")
        return Settings(store_url=pg.url, data_dir=tmp_path)
    endpoint: str = request.getfixturevalue("moto_endpoint")
    return Settings(
        dynamodb_table=f"heartline-{uuid.uuid4().hex[:8]}",
        dynamodb_endpoint=endpoint,
        dynamodb_region="us-east-1",
        dynamodb_create_table=True,
        data_dir=tmp_path,
    )


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened = open_store(settings_for(request.param, request, tmp_path))
    yield opened
    opened.close()


def household() -> str:
    return f"amzn1.ask.account.{uuid.uuid4().hex}"


@pytest.mark.server
def test_open_store_picks_the_backend_the_settings_name(store: Store, request: pytest.FixtureRequest) -> None:
    expected = {"sqlite": SqliteStore, "redis": RedisStore, "postgres": PostgresStore, "dynamodb": DynamoDbStore}
    assert isinstance(store, expected[request.node.callspec.params["store"]])


def test_an_unknown_scheme_or_two_stores_at_once_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="mongodb"):
        open_store(Settings(store_url="mongodb://x", data_dir=tmp_path))
    with pytest.raises(ConfigError, match="not both"):
        open_store(Settings(store_url="redis://x", dynamodb_table="t", data_dir=tmp_path))


def test_settings_read_the_dynamodb_table_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "HEARTLINE_DYNAMODB_TABLE": "households",
            "HEARTLINE_DYNAMODB_CREATE_TABLE": "1",
            "HEARTLINE_DYNAMODB_REGION": "eu-west-1",
            "HEARTLINE_DYNAMODB_ENDPOINT": "http://127.0.0.1:1",
        }
    )
    assert (settings.dynamodb_table, settings.dynamodb_region, settings.dynamodb_create_table) == (
        "households",
        "eu-west-1",
        True,
    )
    assert settings.dynamodb_endpoint == "http://127.0.0.1:1"


@pytest.mark.server
def test_versions_count_up_and_a_stale_version_is_a_conflict(store: Store) -> None:
    who = household()
    assert store.load(who) is None
    assert store.save(who, {"names": ["Sam", "Alex"]}, expected_version=0) == 1
    assert store.load(who) == ({"names": ["Sam", "Alex"]}, 1)
    assert store.save(who, {"names": ["Sam", "Ana"]}, expected_version=1) == 2
    with pytest.raises(ConflictError):
        store.save(who, {"names": ["Lost", "Write"]}, expected_version=1)
    with pytest.raises(ConflictError):
        store.save(household(), {"x": 1}, expected_version=3)
    assert store.load(who) == ({"names": ["Sam", "Ana"]}, 2)
    assert store.save(who, {"sessions": 7}) == 3
    assert store.load(who) == ({"sessions": 7}, 3)


@pytest.mark.server
def test_a_first_write_races_only_once(store: Store) -> None:
    who = household()
    store.save(who, {"a": 1}, expected_version=0)
    with pytest.raises(ConflictError):
        store.save(who, {"a": 2}, expected_version=0)


@pytest.mark.server
def test_delete_removes_only_that_household(store: Store) -> None:
    one, two = household(), household()
    store.save(one, {"n": 1}, expected_version=0)
    store.save(two, {"n": 2}, expected_version=0)
    assert store.delete(one) is True
    assert store.delete(one) is False
    assert store.load(one) is None
    assert store.load(two) == ({"n": 2}, 1)
    assert store.ping() is True


@pytest.mark.server
def test_any_text_alexa_could_hear_round_trips(store: Store) -> None:
    who = household() + " \u00e9\U0001f600\u0000'\";--"
    data: dict[str, Any] = {
        "names": ["Zo\u00eb \u0000", "\U0001f496" * 50],
        "used": {"dinner:light": ["a", "b"]},
        "checkins": [{"day": "2024-01-01", "scores": [1, 5, 3, 2, 4]}],
        "big": 2**53,
        "empty": "",
        "nested": {"deep": [[[]]]},
    }
    store.save(who, data, expected_version=0)
    assert store.load(who) == (data, 1)


@pytest.mark.server
def test_concurrent_read_modify_writes_lose_nothing(store: Store) -> None:
    """Threads add entries through load / modify / save-with-version, retrying on conflict."""
    threads_n, per_thread = (4, 10) if isinstance(store, DynamoDbStore) else (8, 25)  # moto is slow under contention
    who = household()
    store.save(who, {"entries": []}, expected_version=0)
    conflicts = 0
    lock = threading.Lock()

    def worker(tag: int) -> None:
        nonlocal conflicts
        for n in range(per_thread):
            while True:
                found = store.load(who)
                assert found is not None
                data, version = found
                try:
                    store.save(who, {"entries": [*data["entries"], f"{tag}-{n}"]}, expected_version=version)
                    break
                except ConflictError:
                    with lock:
                        conflicts += 1

    threads = [threading.Thread(target=worker, args=(tag,)) for tag in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found = store.load(who)
    assert found is not None
    assert sorted(found[0]["entries"]) == sorted(f"{t}-{n}" for t in range(threads_n) for n in range(per_thread))
    assert found[1] == threads_n * per_thread + 1


@pytest.mark.server
def test_a_redis_write_resent_after_a_lost_reply_is_not_a_conflict(redis_server: RedisServer) -> None:
    store = RedisStore(redis_server.url)
    who = household()
    key = f"heartline:household:{who}"
    assert store._save(keys=[key], args=['{"a":1}', "0", "token-1"]) == 1
    assert store._save(keys=[key], args=['{"a":1}', "0", "token-1"]) == 1, "the same write, sent again"
    assert store._save(keys=[key], args=['{"a":2}', "0", "token-2"]) == -2, "a different write is a conflict"
    store.close()


@pytest.mark.server
def test_dynamodb_takes_over_items_the_stock_adapter_wrote(moto_endpoint: str, tmp_path: Path) -> None:
    """An item the ask-sdk adapter saved (no version) loads as version 0 and is taken over by a versioned write."""
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter

    settings = Settings(
        dynamodb_table="legacy",
        dynamodb_endpoint=moto_endpoint,
        dynamodb_region="us-east-1",
        dynamodb_create_table=True,
        data_dir=tmp_path,
    )
    store = DynamoDbStore.from_settings(settings)
    adapter = DynamoDbAdapter("legacy", partition_keygen=lambda envelope: "old-user", dynamodb_resource=store.resource)
    adapter.save_attributes(None, {"sessions": 3})
    assert store.load("old-user") == ({"sessions": 3}, 0)
    assert store.save("old-user", {"sessions": 4}, expected_version=0) == 1
    assert adapter.get_attributes(None) == {"sessions": 4}
