"""Fixtures for audio tests: isolated settings and stand-ins for Google's text-to-speech and speech endpoints.

gTTS posts ``f.req=[[["jQ1olc","[text,lang,speed,\"null\"]",null,"generic"]]]`` to
``https://translate.google.<tld>/_/TranslateWebserverUi/data/batchexecute`` and scans each response line for
``jQ1olc","[\\"<base64 mp3>\\"]``. The stand-in answers in the same batchexecute envelope with a real MP3 (a
tone made by ffmpeg, so a clip from it is told apart from speech), and gTTS is routed to it by replacing the
URL builder gTTS imports (``gtts.tts._translate_url``); everything else in gTTS runs for real.

speechrecognition's ``recognize_google`` posts FLAC (``Content-Type: audio/x-flac; rate=16000``) to
``/speech-api/v2/recognize?client=chromium&lang=..&key=..&pFilter=..`` and reads newline-separated JSON:
``{"result":[]}`` first, then the results with their alternatives. The speech stand-in answers so, with the
transcripts a test scripts, and keeps each FLAC it was sent, decoded by ffmpeg, to measure what left.
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import gtts.tts
import numpy as np
import pytest

from skill.config import Settings

BATCH_PATH = "/_/TranslateWebserverUi/data/batchexecute"
TONE_SECONDS = 0.6
TONE_HZ = 440


@pytest.fixture(scope="session")
def tone_mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real MP3 shaped like Google's (24 kHz mono, 32 kbps): 0.6 s of 440 Hz."""
    path = tmp_path_factory.mktemp("stub") / "tone.mp3"
    tone = f"sine=frequency={TONE_HZ}:duration={TONE_SECONDS}"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", tone,
         "-ar", "24000", "-ac", "1", "-codec:a", "libmp3lame", "-b:a", "32k", str(path)],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


@dataclass
class GoogleStub:
    """What the stand-in was asked, and how it should answer next."""

    url: str
    mode: str = "ok"
    """ok: audio in the batchexecute envelope; garbled: the envelope holds bytes that are not audio;
    error: HTTP 500; slow: answer after ``delay_s``."""
    delay_s: float = 3.0
    requests: list[list[object]] = field(default_factory=list)
    """The decoded rpc parameter of each request: [text, lang, speed, "null"]."""

    @property
    def count(self) -> int:
        return len(self.requests)


def batchexecute_body(mp3: bytes) -> bytes:
    """Google's envelope: an anti-JSON prefix, then length-prefixed JSON chunks; the audio is a JSON string
    holding a JSON list holding the base64 MP3."""
    inner = json.dumps([base64.b64encode(mp3).decode("ascii")])
    chunk = json.dumps(
        [["wrb.fr", "jQ1olc", inner, None, None, None, "generic"], ["di", 41], ["af.httprm", 40, "-1", 7]],
        separators=(",", ":"),
    )
    tail = json.dumps([["e", 4, None, None, len(chunk)]], separators=(",", ":"))
    return f")]}}'\n\n{len(chunk)}\n{chunk}\n{len(tail)}\n{tail}\n".encode()


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch, tone_mp3: bytes) -> Iterator[GoogleStub]:
    """A stand-in batchexecute server on 127.0.0.1, with gTTS routed to it."""
    stub = GoogleStub(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            freq = urllib.parse.parse_qs(body)["f.req"][0]
            rpc = json.loads(freq)[0][0]
            stub.requests.append(json.loads(rpc[1]) if self.path == BATCH_PATH and rpc[0] == "jQ1olc" else [])
            if stub.mode == "slow":
                time.sleep(stub.delay_s)
            if stub.mode == "error":
                self.send_error(500, "Internal Server Error")
                return
            payload = batchexecute_body(b"\xff\xfbnot audio" if stub.mode == "garbled" else tone_mp3)
            try:
                _send_json(self, payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, *args: object) -> None:
            pass

    with _serving(Handler, monkeypatch) as stub.url:
        monkeypatch.setattr(gtts.tts, "_translate_url", lambda tld="com", path="": f"{stub.url}/{path}")
        yield stub


def _send_json(handler: BaseHTTPRequestHandler, payload: bytes) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json; charset=utf-8")
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)


@contextmanager
def _serving(handler: type[BaseHTTPRequestHandler], monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """``handler`` served on a free port of 127.0.0.1 (its base URL), with no proxy in the way."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port_url(monkeypatch: pytest.MonkeyPatch) -> str:
    """gTTS routed to a port on 127.0.0.1 where nothing listens: the network is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    monkeypatch.setattr(gtts.tts, "_translate_url", lambda tld="com", path="": f"{url}/{path}")
    return url


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", tts_timeout=0.5)


@dataclass
class SpeechStub:
    """What the speech stand-in was sent, and the transcripts it will answer, in order."""

    url: str
    transcripts: deque[str | None] = field(default_factory=deque)
    """Answered one per request; None: HTTP 500 (the service failing); none left: an empty result."""
    received: list[np.ndarray] = field(default_factory=list)
    """Each request's audio, decoded from its FLAC: 16 kHz mono float samples."""
    queries: list[dict[str, list[str]]] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        return f"{self.url}/speech-api/v2/recognize"


@pytest.fixture
def google_speech(monkeypatch: pytest.MonkeyPatch) -> Iterator[SpeechStub]:
    """A stand-in for the speech endpoint speechrecognition's google engine posts to, on 127.0.0.1."""
    stub = SpeechStub(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            flac = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            path, _, query = self.path.partition("?")
            if path != "/speech-api/v2/recognize" or not self.headers.get("Content-Type", "").startswith(
                "audio/x-flac"
            ):
                self.send_error(400, "not a speech request")
                return
            stub.queries.append(urllib.parse.parse_qs(query))
            decoded = subprocess.run(
                ["ffmpeg", "-nostdin", "-v", "error", "-f", "flac", "-i", "pipe:0", "-f", "s16le", "-ac", "1",
                 "-ar", "16000", "pipe:1"],
                input=flac, capture_output=True, check=True,
            ).stdout  # fmt: skip
            stub.received.append(np.frombuffer(decoded, dtype="<i2").astype(np.float64))
            transcript = stub.transcripts.popleft() if stub.transcripts else ""
            if transcript is None:
                self.send_error(500, "Internal Server Error")
                return
            lines = [json.dumps({"result": []})]
            if transcript:
                alternative = {"transcript": transcript, "confidence": 0.93}
                lines.append(json.dumps({"result": [{"alternative": [alternative], "final": True}], "result_index": 0}))
            _send_json(self, ("\n".join(lines) + "\n").encode())

        def log_message(self, *args: object) -> None:
            pass

    with _serving(Handler, monkeypatch) as stub.url:
        yield stub
