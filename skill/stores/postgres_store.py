"""Households in PostgreSQL: one row per household, versions checked inside the UPDATE itself.

``UPDATE ... WHERE version = %s`` (and ``INSERT ... ON CONFLICT DO NOTHING`` for a household's first write)
makes the check and the write one statement, so no transaction is held open across a request. The
document is kept as JSON text rather than jsonb, and the household id as UTF-8 bytes rather than text: both
jsonb and text refuse some strings JSON allows (``\\u0000``), and no id or name a request carries may make the
store fail or two ids share a row.

Connections are per thread and made on first use, so the app starts while the database is still coming up
(``/healthz`` says 503 until it answers); a broken connection is dropped and the next call reconnects.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import psycopg

from skill.errors import ConflictError, StoreError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 2
"""Seconds (libpq's unit is whole seconds): a database that is down must become an apology within Alexa's 8 s."""
STATEMENT_TIMEOUT_MS = 3000
SCHEMA_LOCK = 0x4845_4152
"""An advisory lock id ('HEAR'), so two workers starting at once do not race to create the table."""
SCHEMA = """
CREATE TABLE IF NOT EXISTS heartline_households (
    id BYTEA PRIMARY KEY,
    data TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""


def _key(household: str) -> bytes:
    """The row key: one-to-one with the id, whatever characters it holds."""
    return household.encode("utf-8", "surrogatepass")


class PostgresStore:
    """The Store protocol over one PostgreSQL database; safe for threads and for many processes."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[psycopg.Connection[Any]] = []
        self._schema_ready = False

    # -- connections ---------------------------------------------------------------------------------------

    def _conn(self) -> psycopg.Connection[Any]:
        conn: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if conn is not None:
            self._forget(conn)
        try:
            conn = psycopg.connect(
                self.url,
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT,
                options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
            )
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {exc}") from exc
        if not self._schema_ready:
            try:
                # look before creating: a user with no CREATE right can then run once the table exists
                exists = conn.execute("SELECT to_regclass('heartline_households')").fetchone()
                if exists is None or exists[0] is None:
                    with conn.transaction():
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                        conn.execute(SCHEMA)
            except psycopg.Error as exc:
                conn.close()
                raise StoreError(f"cannot create the households table in PostgreSQL: {exc}") from exc
            self._schema_ready = True
        with self._lock:
            self._connections.append(conn)
        self._local.conn = conn
        return conn

    def _forget(self, conn: psycopg.Connection[Any]) -> None:
        with self._lock:
            if conn in self._connections:
                self._connections.remove(conn)
        try:
            conn.close()
        except psycopg.Error:
            pass
        self._local.conn = None

    def _execute(self, what: str, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Run one statement; a failed connection is dropped so the next request reconnects."""
        conn = self._conn()
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall() if cur.description is not None else [(cur.rowcount,)]
        except psycopg.Error as exc:
            if conn.broken or conn.closed or isinstance(exc, psycopg.OperationalError):
                self._forget(conn)
            raise StoreError(f"cannot {what} PostgreSQL: {exc}") from exc

    # -- the Store protocol --------------------------------------------------------------------------------

    def load(self, household: str) -> tuple[dict[str, Any], int] | None:
        rows = self._execute(
            "read from", "SELECT data, version FROM heartline_households WHERE id = %s", (_key(household),)
        )
        if not rows:
            return None
        text, version = rows[0]
        try:
            data = json.loads(text)
        except ValueError:
            log.warning("stored document for one household is not JSON; starting it afresh")
            data = {}
        return (data if isinstance(data, dict) else {}), int(version)

    def save(self, household: str, data: dict[str, Any], expected_version: int | None = None) -> int:
        text = json.dumps(data, separators=(",", ":"), sort_keys=True)
        if expected_version is None:
            rows = self._execute(
                "write to",
                "INSERT INTO heartline_households (id, data, version) VALUES (%s, %s, 1) "
                "ON CONFLICT (id) DO UPDATE SET data = excluded.data, "
                "version = heartline_households.version + 1, updated_at = now() RETURNING version",
                (_key(household), text),
            )
        elif expected_version == 0:
            rows = self._execute(
                "write to",
                "INSERT INTO heartline_households (id, data, version) VALUES (%s, %s, 1) "
                "ON CONFLICT (id) DO NOTHING RETURNING version",
                (_key(household), text),
            )
        else:
            rows = self._execute(
                "write to",
                "UPDATE heartline_households SET data = %s, version = version + 1, updated_at = now() "
                "WHERE id = %s AND version = %s RETURNING version",
                (text, _key(household), expected_version),
            )
        if not rows:
            raise ConflictError(f"household changed since it was loaded (expected version {expected_version})")
        return int(rows[0][0])

    def delete(self, household: str) -> bool:
        rows = self._execute("delete from", "DELETE FROM heartline_households WHERE id = %s", (_key(household),))
        return bool(rows and rows[0][0])

    def ping(self) -> bool:
        try:
            self._execute("ping", "SELECT 1", ())
        except StoreError:
            return False
        return True

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            try:
                conn.close()
            except psycopg.Error:
                pass
        self._local = threading.local()
