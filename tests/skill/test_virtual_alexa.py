"""A real Alexa client in CI: virtual-alexa (npm) drives `heartline serve --no-verify` over HTTP.

virtual-alexa resolves each utterance against the generated interaction model exactly as the ASK model
declares it, builds the request envelope Alexa would send, and posts it to the server on 127.0.0.1. It
sends number words as words ("four"), so the check-in also proves the endpoint's number filter.
The Node side (tests/js/drive.js) only reports what was sent and received; the assertions are here.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from intents.envelopes import EnvelopeFactory, new_session_id, slot_json

PROJECT_ROOT = Path(__file__).resolve().parents[2]
JS_DIR = PROJECT_ROOT / "tests" / "js"
MODEL = PROJECT_ROOT / "deploy" / "alexa" / "skill-package" / "interactionModels" / "custom" / "en-US.json"

pytestmark = [pytest.mark.server, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def node() -> str:
    """node, with virtual-alexa installed from the committed lockfile (``npm ci`` when it is missing)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (scripts/dev test installs it)")
    if not (JS_DIR / "node_modules" / "virtual-alexa").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is not installed, so virtual-alexa cannot be (scripts/dev test installs it)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, check=True, timeout=600)
    return node


@contextmanager
def heartline_serve(data: Path, *extra: str) -> Iterator[str]:
    """`heartline serve --no-verify` on a free port, with its own SQLite file and data dir; yields its base URL."""
    port = _free_port()
    script = Path(sys.executable).with_name("heartline")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "skill.cli"]
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "HEARTLINE_DATA_DIR": str(data),
        "HEARTLINE_OFFLINE": "1",
    }
    env.pop("HEARTLINE_SKILL_ID", None)
    env.pop("HEARTLINE_PUBLIC_URL", None)
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [
            *command,
            "-v",
            "serve",
            "--no-verify",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--db",
            str(data / "va.db"),
        ]
        + [arg.format(port=port) for arg in extra],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/healthz", timeout=2).raise_for_status()
                break
            except (requests.ConnectionError, requests.Timeout):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((data / "server.log").read_text(errors="replace")) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    server_log = (data / "server.log").read_text(errors="replace")
    assert "verification is OFF" in server_log
    assert "Traceback" not in server_log, server_log


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Alexa fetches audio only over https, and virtual-alexa plays only such streams: a public URL as a proxy's."""
    with heartline_serve(tmp_path_factory.mktemp("virtual-alexa"), "--public-url", "https://localhost:{port}") as base:
        yield base


def test_a_local_serve_with_no_public_url_links_round_audio_to_itself(tmp_path: Path) -> None:
    """With neither --public-url nor HEARTLINE_PUBLIC_URL, a round's audio URL pointed at https://localhost:5000,
    a TLS port nobody listens on, so a local test could not fetch it (a README probe)."""
    with heartline_serve(tmp_path) as base:
        factory = EnvelopeFactory("amzn1.ask.account.LOCAL-AUDIO")
        session = new_session_id()
        names = {"first_name": slot_json("first_name", "sam"), "second_name": slot_json("second_name", "alex")}
        first = requests.post(
            f"{base}/alexa", json=factory.intent("SetNamesIntent", names, session, True, {}), timeout=30
        )
        attributes = first.json().get("sessionAttributes") or {}
        envelope = factory.intent("StartListeningRoundIntent", {}, session, False, attributes)
        answer = requests.post(f"{base}/alexa", json=envelope, timeout=30).json()
        play = next(d for d in answer["response"]["directives"] if d["type"] == "AudioPlayer.Play")
        url = play["audioItem"]["stream"]["url"]
        assert url.startswith(f"{base}/audio/"), url
        track = requests.get(url, timeout=120)
        assert track.status_code == 200 and track.headers["Content-Type"] == "audio/mpeg" and len(track.content) > 1000
    assert "Alexa fetches only https: pass --public-url" in (tmp_path / "server.log").read_text()


def drive(node: str, base: str, conversations: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Run the conversations through virtual-alexa; one list of step results per conversation."""
    result = subprocess.run(
        [node, str(JS_DIR / "drive.js"), f"{base}/alexa", str(MODEL)],
        input=json.dumps(conversations),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    grouped: list[list[dict[str, Any]]] = [[] for _ in conversations]
    for line in lines:
        assert "error" not in line, line
        grouped[line["conversation"]].append(line)
    assert [len(g) for g in grouped] == [len(c) for c in conversations]
    return grouped


@pytest.fixture(scope="module")
def transcript(node: str, server: str) -> list[list[dict[str, Any]]]:
    """One household's evening, in the order a couple would live it."""
    return drive(
        node,
        server,
        [
            [
                {"launch": True},
                {"utter": "we're sam and alex"},
                {"utter": "give us a dinner question"},
                {"utter": "next question"},
                {"utter": "next question"},
                {"utter": "next question"},
                {"utter": "next question"},
            ],
            [{"launch": True}, {"utter": "help"}, {"utter": "stop"}],
            [
                {"launch": True},
                {"utter": "let's check in"},
                {"utter": "four"},
                {"utter": "i'd say three"},
                {"utter": "five"},
                {"utter": "two"},
                {"utter": "one"},
            ],
            [{"launch": True}, {"utter": "let's start a listening round for three minutes"}],
            [{"launch": True}, {"utter": "i'm not safe"}],
        ],
    )


def test_launch_welcomes_and_keeps_the_session_open(transcript: list[list[dict[str, Any]]]) -> None:
    launch = transcript[0][0]
    assert launch["requestType"] == "LaunchRequest"
    assert "Welcome to Heart Line" in launch["speech"]
    assert launch["reprompt"]
    assert launch["shouldEndSession"] is False


def test_names_are_understood_and_remembered(transcript: list[list[dict[str, Any]]]) -> None:
    names = transcript[0][1]
    assert names["intent"] == "SetNamesIntent"
    assert names["slots"] == {"first_name": "sam", "second_name": "alex"}
    assert "Sam and Alex" in names["speech"]
    assert "Sam and Alex" in transcript[1][0]["speech"], "the next session greets them by name"


def test_a_dinner_session_plays_five_different_questions(transcript: list[list[dict[str, Any]]], server: str) -> None:
    """Dinner is hands-free: each question is an audio track (question, table talk, chime) Alexa plays."""
    questions = transcript[0][2:7]
    assert [q["intent"] for q in questions] == ["DinnerQuestionIntent"] + ["AMAZON.NextIntent"] * 4
    assert all(q["directives"] == ["AudioPlayer.Play"] for q in questions)
    streams = [q["streams"][0] for q in questions]
    assert len({s["url"] for s in streams}) == 5 and len({s["token"] for s in streams}) == 5
    assert "AudioPlayer.PlaybackStopped" in questions[1]["otherRequests"], "Alexa stops the track to listen"
    first = streams[0]["url"]
    track = requests.get(server + first[first.index("/audio/") :], timeout=120)
    assert track.status_code == 200
    assert track.headers["Content-Type"] == "audio/mpeg"


def test_help_answers_and_stop_ends_the_session(transcript: list[list[dict[str, Any]]]) -> None:
    _, help_step, stop = transcript[1]
    assert help_step["intent"] == "AMAZON.HelpIntent"
    assert "dinner question" in help_step["speech"] and help_step["shouldEndSession"] is False
    assert stop["intent"] == "AMAZON.StopIntent"
    assert stop["shouldEndSession"] is True


def test_a_check_in_counts_number_words_as_numbers(transcript: list[list[dict[str, Any]]]) -> None:
    start, *answers = transcript[2][1:]
    assert start["intent"] == "CheckInIntent"
    assert [a["slots"].get("score") for a in answers] == ["four", "three", "five", "two", "one"]
    assert all(a["intent"] == "CheckInIntent" for a in answers)
    assert "3 out of five" in answers[-1]["speech"], "(4 + 3 + 5 + 2 + 1) / 5: the words reached the skill as digits"


def test_a_listening_round_starts_its_audio(transcript: list[list[dict[str, Any]]]) -> None:
    round_step = transcript[3][1]
    assert round_step["intent"] == "StartListeningRoundIntent"
    assert round_step["slots"].get("minutes") == "three"
    assert "AudioPlayer.Play" in round_step["directives"]
    assert "listening round" in round_step["speech"].lower()


def test_a_safety_phrase_stops_and_gives_the_hotlines(transcript: list[list[dict[str, Any]]]) -> None:
    safety = transcript[4][1]
    assert safety["intent"] == "SafetyIntent"
    assert "not therapy" in safety["speech"]
    assert "1-800-799-7233" in safety["speech"]
    assert safety["shouldEndSession"] is True
