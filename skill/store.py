"""Where households live between sessions: one JSON document per household, keyed by its id.

SQLite is the embedded default (WAL mode, one short transaction per write). The household document is
small (names, settings, used prompt ids, check-in scores), so a whole-document write is simpler and as fast
as column updates; a version counter lets the caller detect a concurrent writer.

A db file that is corrupt or unreadable is moved aside with a warning and a fresh one started: a couple at
dinner should get their question, not a stack trace.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from skill.config import Settings
from skill.errors import ConfigError, ConflictError, StoreError

log = logging.getLogger(__name__)

MAX_IDLE_CONNECTIONS = 8
BUSY_TIMEOUT_S = 10.0
"""How long one statement waits for another process's lock before it fails as busy."""
OPEN_ATTEMPTS = 4
"""Opening checks the file this many times while it is busy (a sibling worker setting up the same new file),
then gives up with a StoreError; a busy file is never taken for a corrupt one."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS households (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at REAL NOT NULL
);
"""


class Store(Protocol):
    """The persistence the skill needs; every backend offers exactly this."""

    def load(self, household: str) -> tuple[dict[str, Any], int] | None:
        """The household's document and its version, or None if nothing is stored."""

    def save(self, household: str, data: dict[str, Any], expected_version: int | None = None) -> int:
        """Write the document; with ``expected_version`` fail with ConflictError if someone wrote since."""

    def delete(self, household: str) -> bool:
        """Remove everything stored for the household; True if there was something."""

    def ping(self) -> bool:
        """Whether the store answers (for /healthz)."""

    def close(self) -> None: ...


def _busy(exc: sqlite3.OperationalError) -> bool:
    """SQLite's busy and locked errors (another connection holds the file), as opposed to one it cannot open."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class SqliteStore:
    """The default store: a single file, safe for several threads and several processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connections: list[sqlite3.Connection] = []
        """Every open connection, idle or lent out, so ``close`` reaches them all."""
        self._idle: list[sqlite3.Connection] = []
        """Connections waiting to be lent: one per concurrent request at most, reused across threads."""
        self._lock = threading.Lock()
        self.moved_aside: Path | None = None
        self._open_checked()

    # -- opening -------------------------------------------------------------------------------------------

    def _open_checked(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for the store {self.path}: {exc}") from exc
        if self.path.exists() and not self.path.is_file():
            # Only a file of ours is ever moved aside: a folder or a device (/dev/null) is someone else's.
            raise StoreError(f"the store {self.path} exists and is not a regular file; give a file path")
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                with self._borrow() as conn:
                    self._check(conn)
                return
            except sqlite3.OperationalError as exc:
                self._close_all()
                if not _busy(exc):
                    # a file SQLite cannot open at all (a folder this user cannot write, a read-only mount, a
                    # /proc file) is not busy: it was retried, then reported as "stayed busy while opening"
                    raise StoreError(
                        f"cannot open the store {self.path}: {exc} (can this user write to it and its folder?)"
                    ) from exc
                # Busy or locked: another process holds the file (two gunicorn workers opening one new store at
                # once). Moving it aside would pull it from under that process, whose writes then go to a
                # renamed file: every later request read "database disk image is malformed".
                if attempt == OPEN_ATTEMPTS:
                    raise StoreError(f"the store {self.path} stayed busy while opening: {exc}") from exc
                time.sleep(0.1 * attempt)
            except sqlite3.Error as exc:
                self._close_all()
                self._move_aside(reason=str(exc))
                with self._borrow() as conn:
                    self._check(conn)
                return

    def _check(self, conn: sqlite3.Connection) -> None:
        """Touch the file the way every request will, so corruption shows now rather than mid-dinner."""
        result = conn.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {result[0] if result else 'no answer'}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(SCHEMA)

    def _move_aside(self, reason: str) -> None:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            self.path.rename(target)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.rename(target.with_name(target.name + suffix))
        except OSError as exc:
            raise StoreError(
                f"the store {self.path} is unreadable ({reason}) and cannot be moved aside: {exc}"
            ) from exc
        self.moved_aside = target
        log.warning("store %s was unreadable (%s); moved it to %s and started a new one", self.path, reason, target)

    def _connect_new(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA synchronous=NORMAL")
        # A household that deletes its data means the bytes too: freed pages are zeroed, not left to be read.
        conn.execute("PRAGMA secure_delete=ON")
        with self._lock:
            self._connections.append(conn)
        return conn

    @contextmanager
    def _borrow(self) -> Iterator[sqlite3.Connection]:
        """A connection for one operation. Pooled rather than per thread: a threaded server starts a thread
        per request, and a connection kept per thread would never be closed."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect_new()
        try:
            yield conn
        finally:
            with self._lock:
                if conn in self._connections and len(self._idle) < MAX_IDLE_CONNECTIONS:
                    self._idle.append(conn)
                    conn = None
            if conn is not None:
                self._forget(conn)

    def _forget(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            if conn in self._connections:
                self._connections.remove(conn)
        conn.close()

    def _close_all(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
            self._idle.clear()

    # -- the Store protocol --------------------------------------------------------------------------------

    def load(self, household: str) -> tuple[dict[str, Any], int] | None:
        try:
            with self._borrow() as conn:
                row = conn.execute("SELECT data, version FROM households WHERE id = ?", (household,)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read from the store {self.path}: {exc}") from exc
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except json.JSONDecodeError:
            log.warning("stored document for one household is not JSON; starting it afresh")
            return {}, int(row[1])
        return (data if isinstance(data, dict) else {}), int(row[1])

    def save(self, household: str, data: dict[str, Any], expected_version: int | None = None) -> int:
        text = json.dumps(data, separators=(",", ":"), sort_keys=True)
        try:
            with self._borrow() as conn:
                return self._save(conn, household, text, expected_version)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from exc

    def _save(self, conn: sqlite3.Connection, household: str, text: str, expected_version: int | None) -> int:
        """One immediate transaction: the version check and the write cannot interleave with another writer."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT version FROM households WHERE id = ?", (household,)).fetchone()
            current = int(row[0]) if row else 0
            if expected_version is not None and current != expected_version:
                raise ConflictError(f"household changed since it was loaded (version {expected_version} -> {current})")
            conn.execute(
                "INSERT INTO households (id, data, version, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET data = excluded.data, version = excluded.version, "
                "updated_at = excluded.updated_at",
                (household, text, current + 1, time.time()),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return current + 1

    def delete(self, household: str) -> bool:
        try:
            with self._borrow() as conn:
                cur = conn.execute("DELETE FROM households WHERE id = ?", (household,))
                # Earlier versions of the row live on in the write-ahead log until a checkpoint copies it back
                # and empties it. Best effort: a reader holding an old snapshot leaves the log for later.
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot delete from the store {self.path}: {exc}") from exc
        return cur.rowcount > 0

    def ping(self) -> bool:
        try:
            with self._borrow() as conn:
                conn.execute("SELECT 1 FROM households LIMIT 1").fetchall()
        except sqlite3.Error:
            return False
        return True

    def close(self) -> None:
        self._close_all()


def store_kind(settings: Settings) -> str:
    """Which backend the settings name ("sqlite", "redis", "postgres" or "dynamodb"), without opening it, so a
    server can refuse a bad ``HEARTLINE_STORE`` once at start rather than in every worker."""
    url = settings.store_url
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if settings.dynamodb_table:
        if url:
            raise ConfigError("set either HEARTLINE_STORE or HEARTLINE_DYNAMODB_TABLE, not both")
        return "dynamodb"
    if scheme in {"", "sqlite"}:
        settings.sqlite_path  # noqa: B018 -- reading it is the check: a sqlite URL that is not sqlite:/// raises
        return "sqlite"
    if scheme in {"redis", "rediss", "unix"}:
        return "redis"
    if scheme in {"postgresql", "postgres"}:
        return "postgres"
    raise ConfigError(f"HEARTLINE_STORE={url!r}: use sqlite:///path, redis://host:port/db or postgresql://...")


def open_store(settings: Settings) -> Store:
    """The store named by the settings: SQLite unless ``store_url`` names Redis or PostgreSQL, or a DynamoDB
    table is configured. Shared backends are imported only when chosen, so their clients stay optional."""
    kind = store_kind(settings)
    if kind == "dynamodb":
        from skill.stores.dynamodb_store import DynamoDbStore

        return DynamoDbStore.from_settings(settings)
    if kind == "redis":
        from skill.stores.redis_store import RedisStore

        return RedisStore(settings.store_url)
    if kind == "postgres":
        from skill.stores.postgres_store import PostgresStore

        return PostgresStore(settings.store_url)
    return SqliteStore(settings.sqlite_path)
