"""The SQLite store on real files: WAL, versions, concurrent writers, corrupt and unreadable files."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from skill import store as store_module
from skill.errors import ConflictError, StoreError
from skill.store import SqliteStore


def test_documents_round_trip_and_versions_count_up(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "h.db")
    assert store.load("a") is None
    assert store.save("a", {"names": ["Sam", "Alex"]}) == 1
    assert store.save("a", {"names": ["Sam", "Alex"], "sessions": 2}) == 2
    assert store.load("a") == ({"names": ["Sam", "Alex"], "sessions": 2}, 2)
    assert store.load("b") is None


def test_the_file_is_in_wal_mode(tmp_path: Path) -> None:
    SqliteStore(tmp_path / "h.db").save("a", {})
    mode = sqlite3.connect(tmp_path / "h.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_stale_version_is_refused_instead_of_overwriting(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "h.db")
    store.save("a", {"n": 1})
    _, version = store.load("a")  # type: ignore[misc]
    store.save("a", {"n": 2}, expected_version=version)
    with pytest.raises(ConflictError):
        store.save("a", {"n": 3}, expected_version=version)
    assert store.load("a") == ({"n": 2}, 2)


def test_delete_removes_only_that_household(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "h.db")
    store.save("a", {"x": 1})
    store.save("b", {"x": 2})
    assert store.delete("a") is True
    assert store.delete("a") is False
    assert store.load("a") is None and store.load("b") == ({"x": 2}, 1)


def _writer(path: str, household: str, count: int) -> None:
    store = SqliteStore(Path(path))
    for i in range(count):
        while True:
            found = store.load(household)
            data, version = found if found else ({"items": []}, 0)
            try:
                store.save(household, {"items": [*data["items"], i]}, expected_version=version)
                break
            except ConflictError:
                continue


def test_two_processes_appending_with_versions_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    SqliteStore(path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), "shared", 50)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    found = SqliteStore(path).load("shared")
    assert found is not None and len(found[0]["items"]) == 100


def test_a_corrupt_file_is_moved_aside_and_a_new_store_started(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "h.db"
    path.write_bytes(b"\x00garbage" * 4096)
    store = SqliteStore(path)
    assert store.moved_aside is not None and store.moved_aside.read_bytes().startswith(b"\x00garbage")
    assert "moved it to" in caplog.text
    store.save("a", {"ok": True})
    assert store.load("a") == ({"ok": True}, 1)


def _locked_by_another_process(path: Path) -> sqlite3.Connection:
    """A new store file as a sibling worker holds it while setting it up: not yet in WAL, exclusively locked."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE mine (x)")
    holder.execute("INSERT INTO mine VALUES (1)")
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_store_busy_in_another_process_is_waited_for_not_moved_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers opening one new store: while one holds it, the other must not take it for corrupt (moved
    aside, the first one's writes went to a renamed file and every request read a malformed database)."""
    path = tmp_path / "h.db"
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.05)
    holder = _locked_by_another_process(path)
    release = threading.Timer(0.2, holder.execute, ("COMMIT",))
    release.start()
    try:
        opened = SqliteStore(path)
    finally:
        release.join()
        holder.close()
    assert opened.moved_aside is None and not list(tmp_path.glob("*.corrupt-*"))
    opened.save("a", {"ok": True})
    assert opened.load("a") == ({"ok": True}, 1)
    assert sqlite3.connect(path).execute("SELECT x FROM mine").fetchall() == [(1,)], "the same file, kept"


def test_a_store_that_stays_busy_is_an_error_and_left_where_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "h.db"
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.05)
    holder = _locked_by_another_process(path)
    try:
        with pytest.raises(StoreError, match="stayed busy"):
            SqliteStore(path)
    finally:
        holder.close()
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_file_sqlite_cannot_open_is_named_as_such_not_as_busy() -> None:
    """'unable to open database file' (a folder this user cannot write, a read-only mount) was retried as if
    another process held the file, then reported as 'stayed busy while opening', which sent operators looking
    for a second server."""
    began = time.monotonic()
    with pytest.raises(StoreError, match=r"cannot open the store /proc/version: unable to open database file"):
        SqliteStore(Path("/proc/version"))
    assert time.monotonic() - began < 0.5, "it was retried as if busy"


def test_a_truncated_database_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    store = SqliteStore(path)
    for i in range(200):
        store.save(f"h{i}", {"pad": "x" * 500})
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\xff" * 8192 + data[4096 + 8192 :])
    reopened = SqliteStore(path)
    assert reopened.moved_aside is not None
    assert reopened.ping()


def test_a_directory_or_device_given_as_the_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "h.db"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a regular file"):
        SqliteStore(folder)
    assert (folder / "keep.txt").read_text() == "mine"
    with pytest.raises(StoreError, match="not a regular file"):
        SqliteStore(Path("/dev/null"))
    assert Path("/dev/null").is_char_device()


def test_ping_reports_a_closed_store(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "h.db")
    assert store.ping()


def test_a_thread_per_request_does_not_leave_a_connection_per_thread(tmp_path: Path) -> None:
    import threading

    store = SqliteStore(tmp_path / "h.db")
    for i in range(40):
        worker = threading.Thread(target=store.save, args=(f"h{i}", {"i": i}))
        worker.start()
        worker.join()
    assert len(store._connections) <= 8
    assert store.load("h39") == ({"i": 39}, 1)


def test_speech_brought_back_by_the_session_is_kept_only_if_it_could_be_the_skills_own() -> None:
    """ "Say that again" puts the last speech back into the answer: an altered session must not smuggle in
    markup that breaks the answer, an outside sound, or more than Alexa takes (a probe of the endpoint)."""
    from skill.state import MAX_SPEECH_CHARS, Conversation

    own = "Sam has the floor. <break time='1s'/> About 3 minutes left."
    assert Conversation.from_dict({"last_speech": own, "last_reprompt": own}).last_speech == own
    outside = "<audio src='https://elsewhere.example/x.mp3'/>"
    for altered in ("<speak>hi</speak> & <audio src='x'/>", outside, "a < b", "x" * (MAX_SPEECH_CHARS + 1), 42):
        restored = Conversation.from_dict({"last_speech": altered, "last_reprompt": altered})
        assert restored.last_speech == "" and restored.last_reprompt == "", altered
