"""Households in Redis: one hash per household (``data``, ``version``), written by a compare-and-set script.

A Lua script runs atomically on the server, so the version check and the write cannot be split by another
worker (WATCH/MULTI would need a second round trip and a retry loop of its own). Each write carries a
random token that the script remembers: if the client resends a write whose reply was lost, the script
recognises it instead of reporting a conflict that would make the endpoint apply the same answer twice.

redis-py reconnects on the next command after a connection breaks, so a restarted Redis is picked up
without help; short timeouts keep a dead one from stalling a request past Alexa's deadline.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from skill.errors import ConflictError, StoreError

log = logging.getLogger(__name__)

KEY_PREFIX = b"heartline:household:"
CONNECT_TIMEOUT = 1.0
"""Seconds to reach Redis; a store that is down must turn into an apology well inside Alexa's 8 s."""
COMMAND_TIMEOUT = 2.0

_SAVE = """
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if redis.call('HGET', KEYS[1], 'token') == ARGV[3] then
    return current
end
if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= current then
    return -1 - current
end
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'version', current + 1, 'token', ARGV[3])
return current + 1
"""
"""ARGV: document, expected version ('' for none), write token. Returns the new version, or -1 - current on
a conflict (versions start at 1, so a negative answer is never a version)."""


class RedisStore:
    """The Store protocol over one Redis database; safe for threads and for many processes."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.client = redis.Redis.from_url(
                url,
                socket_connect_timeout=CONNECT_TIMEOUT,
                socket_timeout=COMMAND_TIMEOUT,
                retry=Retry(NoBackoff(), 1),
                health_check_interval=15,
            )
        except ValueError as exc:
            raise StoreError(f"HEARTLINE_STORE is not a usable Redis URL: {exc}") from exc
        self._save = self.client.register_script(_SAVE)

    def _key(self, household: str) -> bytes:
        """One-to-one with the id whatever it holds (redis-py would refuse a lone surrogate)."""
        return KEY_PREFIX + household.encode("utf-8", "surrogatepass")

    def load(self, household: str) -> tuple[dict[str, Any], int] | None:
        try:
            raw_data, raw_version = self.client.hmget(self._key(household), ["data", "version"])
        except redis.RedisError as exc:
            raise StoreError(f"cannot read from Redis: {exc}") from exc
        if raw_data is None or raw_version is None:
            return None
        try:
            data = json.loads(raw_data)
        except (ValueError, UnicodeDecodeError):
            log.warning("stored document for one household is not JSON; starting it afresh")
            data = {}
        return (data if isinstance(data, dict) else {}), int(raw_version)

    def save(self, household: str, data: dict[str, Any], expected_version: int | None = None) -> int:
        text = json.dumps(data, separators=(",", ":"), sort_keys=True)
        expected = "" if expected_version is None else str(expected_version)
        try:
            result = int(self._save(keys=[self._key(household)], args=[text, expected, uuid.uuid4().hex]))
        except redis.RedisError as exc:
            raise StoreError(f"cannot write to Redis: {exc}") from exc
        if result < 0:
            raise ConflictError(f"household changed since it was loaded (version {expected_version} -> {-1 - result})")
        return result

    def delete(self, household: str) -> bool:
        try:
            return bool(self.client.delete(self._key(household)))
        except redis.RedisError as exc:
            raise StoreError(f"cannot delete from Redis: {exc}") from exc

    def ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False

    def close(self) -> None:
        self.client.close()
