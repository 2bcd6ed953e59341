"""One household's requests one at a time on this host, across threads and worker processes.

Saving a household is optimistic (each store refuses a write made over a version it did not read), and the
endpoint runs a request that lost that race again. That is correct but not fair: a gunicorn worker with a
steady stream of requests for one household reloads and saves back to back, so a request in another
worker that backed off after losing can keep losing until it gives up with an apology (CI saw it once in
1,400 requests under load). Taking turns before loading removes the race between processes on one host;
the optimistic check stays for hosts that share a store over the network.

A thread lock orders a process's own threads and a byte-range lock (``fcntl.lockf``) on one file in the
data dir orders the processes. The kernel drops a process's byte-range locks when it dies, so a worker
killed mid-request blocks nobody.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_FILE_NAME = "households.lock"
STRIPES = 1024
"""Locks the households are spread over: two households active at once share one about once in a thousand, and
then only wait out one request."""


class HouseholdLocks:
    """``with locks.held(key):`` runs the block while no other thread or process on this host holds ``key``'s
    stripe. Without a lock file (a Lambda runs one request at a time) only threads are ordered."""

    def __init__(self, lock_file: Path | None = None, stripes: int = STRIPES) -> None:
        self.stripes = stripes
        self._threads = tuple(threading.Lock() for _ in range(stripes))
        self._fd: int | None = None
        if lock_file is not None:
            self._fd = _open_lock_file(lock_file)

    @property
    def across_processes(self) -> bool:
        return self._fd is not None

    def stripe_of(self, key: str) -> int:
        """A hash that every process agrees on: ``hash()`` of a str is salted per process."""
        return zlib.crc32(key.encode("utf-8")) % self.stripes

    @contextmanager
    def held(self, key: str) -> Iterator[None]:
        stripe = self.stripe_of(key)
        with self._threads[stripe]:
            if self._fd is None:
                yield
                return
            fcntl.lockf(self._fd, fcntl.LOCK_EX, 1, stripe)
            try:
                yield
            finally:
                fcntl.lockf(self._fd, fcntl.LOCK_UN, 1, stripe)

    def close(self) -> None:
        """POSIX record locks belong to the process, and closing any descriptor of the file drops them all: so a
        process keeps one ``HouseholdLocks`` per data dir and closes it only when it is done serving."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _open_lock_file(path: Path) -> int | None:
    """The shared lock file, or None where it cannot be made (a read-only data dir): the endpoint then falls
    back on its retries, which are correct, only less fair."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        log.warning("cannot open %s (%s): concurrent requests of a household settle by retrying", path, exc.strerror)
        return None
