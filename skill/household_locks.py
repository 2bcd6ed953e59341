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

import errno
import fcntl
import logging
import os
import random
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_FILE_NAME = "households.lock"
STRIPES = 1024
"""Locks the households are spread over: two households active at once share one about once in a thousand, and
then only wait out one request."""
DEADLOCK_PATIENCE_S = 2.0
"""How long a request asks again while the kernel reports a deadlock that threads make up (``_take``)."""


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
            if not _take(self._fd, stripe):
                yield
                return
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


def _take(fd: int, stripe: int) -> bool:
    """Wait for ``stripe``'s byte across processes; False if the kernel kept calling it a deadlock.

    The kernel keeps record locks per process, not per thread, so with threads in two processes (two
    ``heartline serve`` on one data dir, or threaded workers) it can see a cycle that is not there: this
    process's thread A holds one household and thread B waits for another held by the second process,
    whose own waiting thread wants A's. It answers EDEADLK, and that request was a 500. No request holds two
    households, so the cycle ends when A's request does: wait a moment and ask again. Past
    ``DEADLOCK_PATIENCE_S`` the request goes on without its turn, which the store's retries keep correct.
    """
    deadline = time.monotonic() + DEADLOCK_PATIENCE_S
    pause = 0.001
    while True:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX, 1, stripe)
            return True
        except OSError as exc:
            if exc.errno != errno.EDEADLK:
                raise
        if time.monotonic() >= deadline:
            log.warning("household lock %d: the kernel kept reporting a deadlock; going on by retries", stripe)
            return False
        time.sleep(random.uniform(0, pause))
        pause = min(pause * 2, 0.05)


def _open_lock_file(path: Path) -> int | None:
    """The shared lock file, or None where it cannot be made (a read-only data dir): the endpoint then falls
    back on its retries, which are correct, only less fair."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        log.warning("cannot open %s (%s): concurrent requests of a household settle by retrying", path, exc.strerror)
        return None
