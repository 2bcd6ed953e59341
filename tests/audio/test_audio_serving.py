"""Round tracks over real HTTP: every directive's URL from a whole round is fetched from a running server and
decoded; ranges, caching headers, unknown ids and path escapes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests
from werkzeug.serving import make_server

from audio.tts import Speech
from intents.envelopes import EnvelopeFactory, new_session_id, slot_json
from intents.sealed import phase_from_json
from skill.config import Settings
from skill.web import create_app

pytestmark = pytest.mark.audio

PUBLIC = "https://heartline.test"
USER = "amzn1.ask.account.AUDIOTEST"


class Server:
    def __init__(self, settings: Settings) -> None:
        self.app = create_app(settings)
        self.httpd = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def post(self, envelope: dict[str, Any]) -> dict[str, Any]:
        reply = requests.post(f"{self.base}/alexa", data=json.dumps(envelope), timeout=30)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def local(self, url: str) -> str:
        assert url.startswith(PUBLIC + "/audio/")
        return self.base + url[len(PUBLIC) :]

    def close(self) -> None:
        self.httpd.shutdown()
        tracks = self.app.extensions["heartline"]["tracks"]
        tracks.close()  # waits for renders in flight, as a worker does when it stops


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        store_url=f"sqlite:///{tmp_path / 'h.db'}",
        data_dir=tmp_path,
        public_url=PUBLIC,
        verify_signatures=False,
        offline=True,
    )


@pytest.fixture
def server(settings: Settings) -> Iterator[Server]:
    s = Server(settings)
    yield s
    s.close()


def ffprobe(data: bytes, tmp: Path) -> dict[str, Any]:
    path = tmp / "probe.mp3"
    path.write_bytes(data)
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", str(path)],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return json.loads(out)


def start_round(server: Server) -> tuple[EnvelopeFactory, dict[str, Any]]:
    factory = EnvelopeFactory(USER)
    session = new_session_id()
    server.post(factory.launch(session))
    reply = server.post(
        factory.intent(
            "SetNamesIntent",
            {"first_name": slot_json("first_name", "Sam"), "second_name": slot_json("second_name", "Alex")},
            session,
            False,
            {},
        )
    )
    reply = server.post(
        factory.intent(
            "StartListeningRoundIntent",
            {"minutes": slot_json("minutes", "1")},
            session,
            False,
            reply.get("sessionAttributes") or {},
        )
    )
    return factory, reply


def test_every_track_of_a_whole_round_is_served_and_decodes_as_alexa_audio(server: Server, tmp_path: Path) -> None:
    factory, reply = start_round(server)
    play = reply["response"]["directives"][0]
    urls = [play["audioItem"]["stream"]["url"]]
    token = play["audioItem"]["stream"]["token"]
    while True:
        nxt = server.post(factory.audio_event("AudioPlayer.PlaybackNearlyFinished", token, 0))
        directives = nxt["response"].get("directives") or []
        if not directives:
            break
        stream = directives[0]["audioItem"]["stream"]
        assert stream["expectedPreviousToken"] == token
        urls.append(stream["url"])
        token = stream["token"]
    assert len(urls) == 9
    planned = [60, 60, 45, 15, 60, 60, 45, 60, 15]
    for url, seconds in zip(urls, planned, strict=True):
        got = requests.get(server.local(url), timeout=60)
        assert got.status_code == 200
        assert got.headers["Content-Type"] == "audio/mpeg"
        assert int(got.headers["Content-Length"]) == len(got.content)
        assert "immutable" in got.headers["Cache-Control"]
        info = ffprobe(got.content, tmp_path)
        stream = info["streams"][0]
        assert stream["codec_name"] == "mp3" and int(stream["sample_rate"]) == 24000
        assert int(stream["bit_rate"]) == 48000 and int(stream["channels"]) == 1
        assert abs(float(info["format"]["duration"]) - seconds) < 0.2


def test_byte_ranges_are_answered_with_206(server: Server) -> None:
    _, reply = start_round(server)
    url = server.local(reply["response"]["directives"][0]["audioItem"]["stream"]["url"])
    whole = requests.get(url, timeout=60).content
    part = requests.get(url, headers={"Range": "bytes=100-199"}, timeout=30)
    assert part.status_code == 206
    assert part.content == whole[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole)}"


@pytest.mark.parametrize(
    "path",
    [
        "/audio/0123456789abcdef01234567.mp3",
        "/audio/..%2F..%2Fetc%2Fpasswd.mp3",
        "/audio/../h.db",
        "/audio/h.db.mp3",
        "/audio/%2e%2e.mp3",
    ],
)
def test_unknown_ids_and_path_escapes_are_404(server: Server, path: str) -> None:
    response = requests.get(server.base + path, timeout=10)
    assert response.status_code == 404 and response.headers["Content-Type"] == "application/json"
    assert "no such" in response.json()["error"]


def test_another_worker_renders_a_track_it_never_saw_from_its_stored_description(
    settings: Settings, tmp_path: Path
) -> None:
    first = Server(settings)
    try:
        _, reply = start_round(first)
        url = reply["response"]["directives"][0]["audioItem"]["stream"]["url"]
    finally:
        first.close()
    for mp3 in (tmp_path / "audio" / "tracks").glob("*.mp3"):
        mp3.unlink()
    second = Server(replace(settings))
    try:
        got = requests.get(second.local(url), timeout=60)
        assert got.status_code == 200 and got.headers["Content-Type"] == "audio/mpeg"
    finally:
        second.close()


def test_deleting_a_households_data_removes_the_tracks_that_say_their_names(server: Server, tmp_path: Path) -> None:
    """The household's row went, but the tracks' descriptions kept "Sam, the floor is yours" on disk and the
    endpoint still served the audio saying it (a probe found both). Another household's tracks stay."""
    factory, reply = start_round(server)
    url = reply["response"]["directives"][0]["audioItem"]["stream"]["url"]
    assert requests.get(server.local(url), timeout=60).status_code == 200
    other = EnvelopeFactory("amzn1.ask.account.OTHER")
    session = new_session_id()
    server.post(other.launch(session))
    names = {"first_name": slot_json("first_name", "Robin"), "second_name": slot_json("second_name", "Kai")}
    kept = server.post(other.intent("SetNamesIntent", names, session, False, {}))
    kept = server.post(other.intent("StartListeningRoundIntent", {}, session, False, kept["sessionAttributes"]))
    kept_url = kept["response"]["directives"][0]["audioItem"]["stream"]["url"]
    assert requests.get(server.local(kept_url), timeout=60).status_code == 200

    tracks = tmp_path / "audio" / "tracks"
    said = [p for p in tracks.glob("*.phase.json") if "Sam" in p.read_text()]
    assert said, "the round's descriptions name them"
    cues = [phase_from_json(p.read_bytes()).cue for p in said]
    speech = Speech(server.app.extensions["heartline"]["settings"])
    assert any(speech.cached(cue) is not None for cue in cues), "their cues were rendered as clips"
    session = new_session_id()
    asked = server.post(factory.intent("DeleteDataIntent", {}, session, True, {}))
    done = server.post(factory.intent("AMAZON.YesIntent", {}, session, False, asked["sessionAttributes"]))
    assert "gone" in done["response"]["outputSpeech"]["ssml"]

    texts = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix not in {".mp3", ".wav"}]
    leftover = [p.name for p in texts if b"Sam" in p.read_bytes()]
    assert leftover == [], "no description, database page or log holds the name"
    gone = [spec.with_name(spec.name.replace(".phase.json", ".mp3")) for spec in said]
    assert not any(path.exists() for path in [*said, *gone]), "the tracks themselves are deleted"
    assert all(speech.cached(cue) is None for cue in cues), "and the clips of their cues"
    assert requests.get(server.local(url), timeout=30).status_code == 404
    assert requests.get(server.local(kept_url), timeout=60).status_code == 200
    assert any("Robin" in p.read_text() for p in tracks.glob("*.phase.json"))


KEY = "a shared secret for these tests only"


def test_with_a_shared_key_another_host_renders_a_track_it_never_saw(tmp_path: Path) -> None:
    """Two hosts with their own folders: without a key a round begun on one was a 404 on the other (a
    deployment probe); with the same key the URL carries its phase, sealed, and either host renders it."""
    hosts = [
        Server(
            Settings(
                store_url=f"sqlite:///{tmp_path / 'shared.db'}",
                data_dir=tmp_path / name,
                public_url=PUBLIC,
                verify_signatures=False,
                offline=True,
                audio_key=KEY,
            )
        )
        for name in ("a", "b")
    ]
    try:
        _, reply = start_round(hosts[0])
        url = reply["response"]["directives"][0]["audioItem"]["stream"]["url"]
        assert "?d=" in url and len(url) < 1024, "Alexa takes stream URLs up to 1024 characters"
        assert "Sam" not in url and "Alex" not in url, "the names in the cue are sealed, not merely encoded"
        track, sealed = url.rsplit("/", 1)[1].split(".mp3?d=")
        altered = sealed[:-3] + ("AAA" if sealed[-3:] != "AAA" else "BBB")
        other = "0" * 24
        for bad in (f"{track}.mp3?d={altered}", f"{other}.mp3?d={sealed}", f"{other}.mp3?d=" + "x" * 5000):
            assert requests.get(f"{hosts[1].base}/audio/{bad}", timeout=30).status_code == 404, bad
        got = requests.get(hosts[1].local(url), timeout=60)
        assert got.status_code == 200 and got.headers["Content-Type"] == "audio/mpeg"
        assert ffprobe(got.content, tmp_path)["streams"][0]["codec_name"] == "mp3"
    finally:
        for host in hosts:
            host.close()


def test_without_the_key_a_sealed_url_is_not_opened(settings: Settings, tmp_path: Path) -> None:
    keyed = Server(replace(settings, data_dir=tmp_path / "keyed", audio_key=KEY))
    plain = Server(replace(settings, data_dir=tmp_path / "plain", store_url=f"sqlite:///{tmp_path / 'p.db'}"))
    try:
        _, reply = start_round(keyed)
        url = reply["response"]["directives"][0]["audioItem"]["stream"]["url"]
        assert requests.get(plain.local(url), timeout=30).status_code == 404
    finally:
        keyed.close()
        plain.close()


def test_a_round_begun_on_the_lambda_plays_from_a_web_host_with_the_same_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Lambda renders no audio: its URLs pointed at a web host that had never heard of the round, and every
    one was a 404 (a deployment probe). The Lambda also imports nothing for audio, so its package can leave
    numpy and the recogniser out."""
    skill_id = "amzn1.ask.skill.lambda-audio-test"
    monkeypatch.setenv("HEARTLINE_DATA_DIR", str(tmp_path / "lambda"))
    monkeypatch.setenv("HEARTLINE_SKILL_ID", skill_id)
    monkeypatch.setenv("HEARTLINE_PUBLIC_URL", PUBLIC)
    monkeypatch.setenv("HEARTLINE_AUDIO_KEY", KEY)
    entry = str(Path(__file__).parents[2] / "deploy" / "lambda_function.py")
    heavy = ("numpy", "speech_recognition", "flask", "gtts")
    script = f"""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("lambda_function", {entry!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
envelopes = json.load(sys.stdin)
replies = [module.lambda_handler(e, None) for e in envelopes]
print(json.dumps({{"replies": replies, "heavy": sorted(m for m in {heavy!r} if m in sys.modules)}}))
"""
    factory = EnvelopeFactory(USER, application_id=skill_id)
    session = new_session_id()
    names = {"first_name": slot_json("first_name", "Sam"), "second_name": slot_json("second_name", "Alex")}
    envelopes = [
        factory.launch(session),
        factory.intent("SetNamesIntent", names, session, False, {}),
    ]
    done = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps(envelopes), capture_output=True, text=True, check=True
    )
    first = json.loads(done.stdout.splitlines()[-1])
    attributes = first["replies"][-1]["sessionAttributes"]
    start = [factory.intent("StartListeningRoundIntent", {}, session, False, attributes)]
    done = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps(start), capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["heavy"] == [], "the Lambda path imports no audio or web library"
    url = result["replies"][0]["response"]["directives"][0]["audioItem"]["stream"]["url"]
    web = Server(
        Settings(
            store_url=f"sqlite:///{tmp_path / 'web.db'}",
            data_dir=tmp_path / "web",
            public_url=PUBLIC,
            verify_signatures=False,
            offline=True,
            audio_key=KEY,
        )
    )
    try:
        got = requests.get(web.local(url), timeout=60)
        assert got.status_code == 200 and got.headers["Content-Type"] == "audio/mpeg"
    finally:
        web.close()
