"""Real store servers for the scale tests: redis-server, PostgreSQL and moto's DynamoDB on 127.0.0.1.

Each runs from a temp dir on a free port and can be stopped and started again on the same port and data,
which is how the tests take a store down and bring it back. A missing binary fails the test with the
package to install: CI installs them (scripts/dev test), so a silent skip would hide a broken setup.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def need_binary(name: str, package: str, candidates: tuple[str, ...] = ()) -> str:
    found = shutil.which(name) or next((c for c in candidates if os.access(c, os.X_OK)), None)
    if found is None:
        pytest.fail(
            f"{name} is not installed: apt-get install -y {package} (scripts/dev test installs it)", pytrace=False
        )
    return found


class RedisServer:
    def __init__(self) -> None:
        self.binary = need_binary("redis-server", "redis-server")
        self.dir = Path(tempfile.mkdtemp(prefix="heartline-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresServer:
    """A throwaway cluster; as root it runs as the ``postgres`` user, since postgres refuses to run as root."""

    def __init__(self) -> None:
        bins = tuple(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True))
        self.initdb = need_binary("initdb", "postgresql", tuple(f"{b}/initdb" for b in bins))
        self.pg_ctl = need_binary("pg_ctl", "postgresql", tuple(f"{b}/pg_ctl" for b in bins))
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="heartline-pg-"))
        self.data = self.dir / "data"
        self.run_as: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self._run([self.initdb, "-D", str(self.data), "-U", "heartline", "--auth=trust", "-E", "UTF8", "--no-sync"])

    def _run(self, command: list[str]) -> None:
        result = subprocess.run(self.run_as + command, capture_output=True, text=True, timeout=120, cwd=self.dir)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {result.stderr or result.stdout}")

    @property
    def url(self) -> str:
        return f"postgresql://heartline@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run([self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "start"])
        wait_for_port(self.port)

    def stop(self) -> None:
        self._run([self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def close(self) -> None:
        try:
            self.stop()
        except RuntimeError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)
