"""Servers under test and the conversations the scale tests send them, as real envelopes over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from intents.context import esc
from intents.envelopes import EnvelopeFactory, new_session_id, slot_json
from skill.content_files import load_content
from skill.decks import Depth
from tests.scale.servers import free_port, wait_for_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHECKIN_STATEMENTS = 5


def server_env(store_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "HEARTLINE_STORE": store_url,
        "HEARTLINE_DATA_DIR": str(data_dir),
        "HEARTLINE_VERIFY": "0",
        "HEARTLINE_OFFLINE": "1",
        "HEARTLINE_LOG_LEVEL": "warning",
        **extra,
    }


@dataclass
class Server:
    """A server process group (gunicorn master and workers, or ``heartline serve``) on a free port."""

    command: list[str]
    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def complaints(self) -> list[str]:
        """What the server logged at WARNING or worse, beside its start-up notice: why a request failed, kept
        for the assertion message because the temporary folder holding the log goes with the run."""
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return [
            line
            for line in lines
            if (" WARNING " in line or " ERROR " in line) and "signature verification is OFF" not in line
        ]

    def lost_races(self) -> int:
        """Requests run again after another worker saved their household first (logged at INFO)."""
        return self.log.read_text(encoding="utf-8", errors="replace").count("lost race")

    def start(self) -> Server:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [part.replace("{port}", str(self.port)) for part in self.command],
                env={**self.env, "HEARTLINE_BIND": f"127.0.0.1:{self.port}"},
                cwd=PROJECT_ROOT,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        wait_for_port(self.port, timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{self.command[0]} on port {self.port} never became healthy; see {self.log}")

    def kill(self) -> None:
        """SIGKILL the whole group at once: no worker gets to finish what it was writing."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]


def gunicorn(store_url: str, data_dir: Path, workers: int = 2) -> Server:
    binary = str(Path(sys.executable).with_name("gunicorn"))
    return Server(
        [binary, "--config", str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py")],
        server_env(store_url, data_dir, HEARTLINE_WORKERS=str(workers)),
        data_dir / "gunicorn.log",
    )


def heartline_serve(store_url: str, data_dir: Path, name: str = "serve") -> Server:
    return Server(
        [sys.executable, "-m", "skill.cli", "--verbose", "serve", "--no-verify", "--port", "{port}"],
        server_env(store_url, data_dir),
        data_dir / f"{name}.log",
    )


class Household:
    """One Alexa account talking to a server: each conversation is a fresh session, as on an Echo."""

    def __init__(self, base: str, user_id: str) -> None:
        self.base = base
        self.user_id = user_id
        self.factory = EnvelopeFactory(user_id, audio=False)
        self.http = requests.Session()
        self.statuses: list[int] = []
        self.speeches: list[str] = []
        """Every reply's speech, not only a conversation's last: an apology midway leaves the session
        without its state, and what follows it would only show the confusion, not the cause."""

    def post(self, envelope: dict[str, Any]) -> dict[str, Any]:
        answer = self.http.post(f"{self.base}/alexa", json=envelope, timeout=30)
        self.statuses.append(answer.status_code)
        reply = answer.json() if answer.status_code == 200 else {}
        self.speeches.append(speech_of(reply))
        return reply

    def intent(self, session: str, new: bool, attributes: dict[str, Any], name: str, **slots: str) -> dict[str, Any]:
        payload = {key: slot_json(key, value) for key, value in slots.items()}
        return self.post(self.factory.intent(name, payload, session, new, attributes))

    def checkin(self, scores: tuple[int, ...]) -> str:
        """Start a check-in and answer its five statements; the last answer's speech."""
        session = new_session_id()
        reply = self.intent(session, True, {}, "CheckInIntent")
        for score in scores:
            reply = self.intent(session, False, reply.get("sessionAttributes") or {}, "CheckInIntent", score=str(score))
        return speech_of(reply)

    def dinner(self) -> str:
        return speech_of(self.intent(new_session_id(), True, {}, "DinnerQuestionIntent"))

    def launch(self) -> str:
        return speech_of(self.post(self.factory.launch(new_session_id())))


def speech_of(reply: dict[str, Any]) -> str:
    return str(((reply.get("response") or {}).get("outputSpeech") or {}).get("ssml") or "")


def light_dinner_ids_by_text() -> dict[str, str]:
    """Escaped question text (as it appears in SSML) -> prompt id, for the light dinner deck."""
    return {esc(p.text): p.id for p in load_content().dinner.at_depth(Depth.LIGHT)}


def prompt_id_in(speech: str, by_text: dict[str, str]) -> str:
    found = [prompt_id for text, prompt_id in by_text.items() if text in speech]
    if len(found) != 1:
        raise LookupError(f"expected one dinner question in the speech, found {found}: {speech[:200]}")
    return found[0]
