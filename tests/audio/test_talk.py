"""``heartline talk`` end to end: WAV files played into the capture path, sound recorded at the output.

Real audio through the real pipeline (VAD, offline recogniser, chat session, local device, scheduler,
TTS): only the sound card is replaced. The run happens under a temporary HOME and working directory so a
file written by mistake (captured audio, a transcript) would show up.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "audio"
sys.path.insert(0, str(FIXTURES.parent))

from make_audio import Voice, synthesize  # noqa: E402

from audio.capture import WavSource  # noqa: E402
from audio.talk import NAMES_BY_VOICE  # noqa: E402
from skill.cli import main  # noqa: E402
from skill.config import Settings  # noqa: E402

pytest.importorskip("pocketsphinx")
pytest.importorskip("webrtcvad")


class RecordingSink:
    """Stands in for the speakers: keeps what would have been played."""

    def __init__(self) -> None:
        self.played: list[tuple[np.ndarray, int]] = []

    def play(self, samples: np.ndarray, rate: int) -> None:
        self.played.append((np.asarray(samples), rate))


def _tree(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


@pytest.mark.audio
def test_a_spoken_session_runs_a_round_learns_the_names_and_writes_no_audio_or_transcript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from audio.recognition import Recognition
    from audio.sphinx import LiveUtterance, SphinxRecognizer
    from audio.talk import run_talk

    wake = tmp_path / "wake-pause.wav"
    synthesize("heart line pause it", Voice("en-us", 165, 45), wake)
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    settings = Settings(data_dir=home / ".local" / "share" / "heartline", offline=True)
    before = _tree(home) | _tree(work)

    files = [
        FIXTURES / "cmd07-en-us-m7-s140-p35-clean.wav",  # we are alex and jordan
        FIXTURES / "off04-en-us-s165-p45-clean.wav",  # the movie last night was really long
        FIXTURES / "off00-en-us-s165-p45-clean.wav",  # pass the salt please
        FIXTURES / "cmd00-en-us-s165-p45-clean.wav",  # start a listening round
        wake,  # heart line pause it
        FIXTURES / "cmd43-en-us-m7-s140-p35-clean.wav",  # keep going
        FIXTURES / "off03-en-us-m7-s140-p35-clean.wav",  # did you call your mother this week: Alex has the floor
    ]
    out = io.StringIO()
    sink = RecordingSink()
    source = WavSource(files, gap_s=1.0, then_s=0.5)
    recognizer = SphinxRecognizer()
    waits: list[float] = []
    result = LiveUtterance.result

    def timed_result(self: LiveUtterance) -> tuple[Recognition, bool | None]:
        recognition, spotted = result(self)
        waits.append(recognition.decode_ms)
        return recognition, spotted

    monkeypatch.setattr(LiveUtterance, "result", timed_result)
    assert run_talk(settings, source, sink, out, recognizer, time_scale=30, use_keys=False) == 0
    printed = out.getvalue()

    assert len(waits) >= 6
    assert waits[0] > 0.0, "the session's first utterance is decoded again from its own level once it ends"
    assert all(wait == 0.0 for wait in waits[1:]), "every later utterance answered was decoded in its pause"
    assert printed.startswith("Welcome to Heart Line")
    lines = printed.splitlines()
    heard = [line for line in lines if line.startswith(">")]
    assert heard == ["> we are alex and jordan", "> start a listening round", "> heart line pause it", "> keep going"]
    assert lines.count("[not a command]") == 2, "movie and salt are rejected; the mother one is not even heard"
    after_movie = lines[lines.index("[not a command]") + 1]
    assert after_movie.startswith("Sorry, I didn't catch that."), "an open question is asked again"
    assert printed.count("Sorry, I didn't catch that.") == 1, "once, not for every sentence of table talk"
    assert "Lovely to meet you, Alex and Jordan." in printed
    assert recognizer.names[:2] == ("alex", "jordan"), "the household's names lead the grammar once said"
    parts = {line.split(":")[1].split(",")[0].strip() for line in lines if line.startswith("[The listening round:")}
    assert parts == {f"part {n} of 9" for n in range(1, 10)}, printed
    assert printed.count("[chime]") >= 9
    assert len(sink.played) >= 20 and all(rate == 24000 for _, rate in sink.played)

    new = (_tree(home) | _tree(work)) - before
    cache = settings.audio_cache_dir.relative_to(home)
    store = settings.sqlite_path.relative_to(home)
    unexpected = [p for p in new if not (p.is_relative_to(cache) or p.name.startswith(store.name))]
    assert unexpected == [], "only the prompt-speech cache and the household store may be written"


@pytest.mark.audio
def test_a_spoken_check_in_listens_for_scores_and_stores_them(tmp_path: Path) -> None:
    from audio.sphinx import SphinxRecognizer
    from audio.talk import run_talk

    voice = Voice("en-us+m7", 140, 35)
    lines = ["can we check in", "four", "i'd say three", "three", "about a two", "probably a four"]
    files = []
    for index, line in enumerate(lines):
        files.append(tmp_path / f"say{index}.wav")
        synthesize(line, voice, files[-1])
    settings = Settings(data_dir=tmp_path / "data", offline=True)
    out = io.StringIO()
    recognizer = SphinxRecognizer()
    focuses: list[str | None] = []
    listen_for = recognizer.listen_for

    def spy(pending: str | None) -> None:
        listen_for(pending)
        focuses.append(recognizer.focus)

    recognizer.listen_for = spy  # type: ignore[method-assign]
    source = WavSource(files, gap_s=1.0, then_s=0.5)
    assert run_talk(settings, source, RecordingSink(), out, recognizer, time_scale=30, use_keys=False) == 0
    printed = out.getvalue()
    heard = [line[2:] for line in printed.splitlines() if line.startswith(">")]
    assert heard == lines, printed
    assert focuses == [None, "checkin", "checkin", "checkin", "checkin", "checkin"]
    assert "Today you scored 3.2 out of five" in printed, printed
    with sqlite3.connect(settings.sqlite_path) as db:
        stored = [json.loads(data) for (data,) in db.execute("SELECT data FROM households")]
    assert [c["scores"] for h in stored for c in h["checkins"]] == [[4, 3, 3, 2, 4]]


@pytest.mark.audio
def test_steady_noise_between_check_in_answers_is_not_heard_as_anything(tmp_path: Path) -> None:
    """A fan switched on while a check-in waits: webrtcvad took its steady noise for speech, and the check-in's
    small grammar heard it as "what now" (help), which answered with the scale instead of taking the score."""
    import subprocess

    from audio.sphinx import SphinxRecognizer
    from audio.talk import run_talk

    voice = Voice("en-us+m7", 140, 35)
    files = []
    for index, line in enumerate(["can we check in", "four"]):
        files.append(tmp_path / f"say{index}.wav")
        synthesize(line, voice, files[-1])
    fan = tmp_path / "fan.wav"
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-b", "16", str(fan), "synth", "4", "brownnoise", "vol", "0.5"], check=True
    )
    files.insert(1, fan)
    settings = Settings(data_dir=tmp_path / "data", offline=True)
    out = io.StringIO()
    source = WavSource(files, gap_s=1.0, then_s=0.5)
    assert run_talk(settings, source, RecordingSink(), out, SphinxRecognizer(), time_scale=30, use_keys=False) == 0
    printed = out.getvalue()
    lines = printed.splitlines()
    assert [line for line in lines if line.startswith(">")] == ["> can we check in", "> four"], printed
    assert "[not a command]" not in lines, printed


@pytest.mark.audio
def test_silence_after_a_question_gets_its_reprompt_once(tmp_path: Path) -> None:
    """Nobody answers the welcome: an Echo asks again after about 8 s; talk waited in silence for as long as it
    took, so a couple who missed the question never heard it, nor what they could say. Now it asks again once
    per question, and keeps quiet after."""
    from audio.sphinx import SphinxRecognizer
    from audio.talk import REPROMPT_AFTER_S, run_talk

    names = FIXTURES / "cmd07-en-us-m7-s140-p35-clean.wav"  # we are alex and jordan
    out = io.StringIO()
    settings = Settings(data_dir=tmp_path / "data", offline=True)
    wait = 2 * REPROMPT_AFTER_S + 2
    source = WavSource([names], lead_s=wait, then_s=REPROMPT_AFTER_S + 1.5)
    assert run_talk(settings, source, RecordingSink(), out, SphinxRecognizer(), time_scale=10, use_keys=False) == 0
    lines = [line for line in out.getvalue().splitlines() if line != NAMES_BY_VOICE]  # printed, never spoken
    heard = lines.index("> we are alex and jordan")
    before, after = lines[1:heard], lines[heard + 2 :]
    assert before == ["Tell me your two first names, like, 'we're Sam and Alex'."], lines  # once in two waits
    assert lines[heard + 1].startswith("Lovely to meet you, Alex and Jordan.")
    assert after == ["Dinner question, listening round, or check-in?"], "a new question, its own reprompt"


@pytest.mark.audio
def test_open_heart_line_said_to_an_open_heartline_gets_what_it_waits_for_not_the_welcome_again(
    tmp_path: Path,
) -> None:
    """talk opens Heartline and speaks the welcome first; people said "open heart line" anyway (the line printed
    at the start told them to), which began a new session and played the whole welcome again."""
    from audio.sphinx import SphinxRecognizer
    from audio.talk import run_talk

    opening = tmp_path / "open.wav"
    synthesize("open heart line", Voice("en-us", 165, 45), opening)
    names = FIXTURES / "cmd07-en-us-m7-s140-p35-clean.wav"  # we are alex and jordan
    out = io.StringIO()
    settings = Settings(data_dir=tmp_path / "data", offline=True)
    source = WavSource([opening, names], gap_s=1.0, then_s=0.5)
    assert run_talk(settings, source, RecordingSink(), out, SphinxRecognizer(), time_scale=10, use_keys=False) == 0
    lines = out.getvalue().splitlines()
    assert lines[1:4] == [
        "> open heart line",
        "Tell me your two first names, like, 'we're Sam and Alex'.",
        "> we are alex and jordan",
    ], lines
    assert sum(line.startswith("Welcome to Heart Line") for line in lines) == 1


@pytest.mark.audio
def test_a_quiet_microphone_is_said_to_be_quiet_once_with_its_level(tmp_path: Path) -> None:
    """Speech 25 dB under the recordings the recogniser was measured on (a laptop across the table) is heard
    worse, and 30 dB under mostly not at all: nothing said so, and commands just went unanswered."""
    import subprocess

    from audio.sphinx import SphinxRecognizer
    from audio.talk import run_talk

    voice = Voice("en-us+m7", 140, 35)
    files = []
    for index, line in enumerate(["can we check in", "four"]):
        loud, quiet = tmp_path / f"loud{index}.wav", tmp_path / f"say{index}.wav"
        synthesize(line, voice, loud)
        subprocess.run(["sox", str(loud), str(quiet), "vol", "-25dB"], check=True)
        files.append(quiet)
    out = io.StringIO()
    source = WavSource(files, gap_s=1.0, then_s=0.5)
    settings = Settings(data_dir=tmp_path / "data", offline=True)
    assert run_talk(settings, source, RecordingSink(), out, SphinxRecognizer(), time_scale=30, use_keys=False) == 0
    lines = out.getvalue().splitlines()
    told = [line for line in lines if line.startswith("[the microphone hears this quietly (")]
    assert len(told) == 1 and told[0].endswith("dBFS): move closer to it or turn its input level up]"), lines
    assert -50 < float(told[0].split("(")[1].split(" dBFS")[0]) < -35


@pytest.mark.audio
def test_a_bare_wake_phrase_chimes_and_the_next_command_is_taken(tmp_path: Path) -> None:
    """Like an Echo lighting up: "heart line", a pause, then the command, while a partner has the floor."""
    from audio.cues import Chime, chime
    from audio.sphinx import SphinxRecognizer
    from audio.talk import run_talk

    voice = Voice("en-us", 165, 45)
    wake, pause = tmp_path / "wake.wav", tmp_path / "pause.wav"
    synthesize("heart line", voice, wake)
    synthesize("pause it", voice, pause)
    files = [
        FIXTURES / "cmd07-en-us-m7-s140-p35-clean.wav",  # we are alex and jordan
        FIXTURES / "cmd00-en-us-s165-p45-clean.wav",  # start a listening round
        wake,
        pause,
    ]
    out = io.StringIO()
    sink = RecordingSink()
    settings = Settings(data_dir=tmp_path / "data", offline=True)
    source = WavSource(files, gap_s=1.0, then_s=0.5)
    # time_scale 10: the first part lasts 18 s, so no cue of the round's own cuts into the command
    assert run_talk(settings, source, sink, out, SphinxRecognizer(), time_scale=10, use_keys=False) == 0
    lines = out.getvalue().splitlines()
    heard = [line for line in lines if line.startswith(">")]
    assert heard == ["> we are alex and jordan", "> start a listening round", "> pause it"], "\n".join(lines)
    assert lines.index("[listening]") < lines.index("> pause it")
    listening = chime(Chime.LISTENING)
    assert sum(np.array_equal(samples, listening) for samples, _ in sink.played) == 1


def test_talk_without_a_microphone_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HEARTLINE_DATA_DIR", str(tmp_path / "data"))
    if os.environ.get("HEARTLINE_HAS_SOUND"):
        pytest.skip("this machine has sound devices")
    assert main(["talk", "--offline"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("heartline: no usable ") and "\n" not in err and "Traceback" not in err
    assert "--silent" in err or "--hear" in err, "the line says what to do without the device"


@pytest.mark.audio
@pytest.mark.parametrize("stdin", ["closed", "a pipe"])
def test_talk_with_no_terminal_on_stdin_runs_on_voice_alone_and_ctrl_c_keeps_the_round(
    tmp_path: Path, stdin: str
) -> None:
    """``heartline talk <&-`` (or run from a service) ended in a traceback before anything was heard: the keys
    looked at a stdin that was not there. Ctrl-C mid-round ends talk quietly with the round kept."""
    import signal
    import sqlite3
    import subprocess
    import time

    names, start = tmp_path / "names.wav", tmp_path / "start.wav"
    synthesize("we are alex and jordan", Voice("en-us", 165, 45), names)
    synthesize("start a listening round", Voice("en-us", 165, 45), start)
    db = tmp_path / "talk.db"
    command = [sys.executable, "-m", "skill.cli", "talk", "--offline", "--silent", "--db", str(db), "--hear"]

    def child() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # as a terminal starts it (see test_recognize)
        if stdin == "closed":
            os.close(0)

    env = {**os.environ, "HOME": str(tmp_path), "HEARTLINE_DATA_DIR": str(tmp_path / "data")}
    talk = subprocess.Popen(
        [*command, str(names), str(start)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=child,
    )
    assert talk.stdout is not None
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = talk.stdout.readline()
        lines.append(line)
        if line.startswith("[The listening round: part 1") or not line:
            break
    talk.send_signal(signal.SIGINT)
    out, err = talk.communicate(timeout=60)
    assert talk.returncode == 0 and "Traceback" not in err, err
    assert "> we are alex and jordan" in "".join(lines) and "> start a listening round" in "".join(lines)
    with sqlite3.connect(db) as store:
        (kept,) = [json.loads(data) for (data,) in store.execute("SELECT data FROM households")]
    assert kept["active"]["exercise"] == "listening" and kept["active"]["first"] == "Alex", kept


@pytest.mark.audio
def test_keys_still_work_on_a_round_playing_after_the_recordings_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``--hear``, once the recordings were over the round played out with the keys dead: q did nothing
    until its last part ended, minutes later."""
    import queue
    import threading
    import time
    from collections.abc import Iterator
    from contextlib import contextmanager

    import audio.talk
    from audio.sphinx import SphinxRecognizer
    from audio.talk import run_talk

    names, start = tmp_path / "names.wav", tmp_path / "start.wav"
    synthesize("we are alex and jordan", Voice("en-us", 165, 45), names)
    synthesize("start a listening round", Voice("en-us", 165, 45), start)
    presses: queue.Queue[str] = queue.Queue()

    @contextmanager
    def terminal() -> Iterator[queue.Queue[str]]:
        yield presses

    monkeypatch.setattr(audio.talk, "key_presses", terminal)
    out = io.StringIO()
    source = WavSource([names, start], gap_s=1.0, then_s=0.3)

    def press_q_once_the_recordings_are_over() -> None:
        while "[The listening round: part 1" not in out.getvalue():
            time.sleep(0.1)
        time.sleep(2.0)
        presses.put("q")

    threading.Thread(target=press_q_once_the_recordings_are_over, daemon=True).start()
    settings = Settings(data_dir=tmp_path / "data", offline=True)
    began = time.monotonic()
    assert run_talk(settings, source, RecordingSink(), out, SphinxRecognizer()) == 0
    assert time.monotonic() - began < 60, "a three-minute part was not waited out"
    assert "Goodbye." in out.getvalue().splitlines()[-2], out.getvalue()


def _cd_quality_stereo(source: Path, target: Path) -> None:
    """``source`` (16 kHz mono) as a laptop's recorder would keep it: 44.1 kHz, two channels."""
    import wave

    with wave.open(str(source), "rb") as w:
        mono = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    times = np.arange(0, len(mono) / 16000, 1 / 44100)
    resampled = np.interp(times, np.arange(len(mono)) / 16000, mono).astype("<i2")
    with wave.open(str(target), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(np.repeat(resampled, 2).tobytes())


@pytest.mark.audio
def test_talk_hears_recordings_instead_of_a_microphone_and_prints_instead_of_playing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``heartline talk --hear FILE... --silent``: the whole talk path on a machine with neither microphone nor
    speakers, from recordings in whatever format a recorder keeps."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HEARTLINE_DATA_DIR", str(tmp_path / "data"))
    names = tmp_path / "names.wav"
    _cd_quality_stereo(FIXTURES / "cmd07-en-us-m7-s140-p35-clean.wav", names)  # we are alex and jordan
    table_talk = FIXTURES / "off00-en-us-s165-p45-clean.wav"  # pass the salt please
    quiet = ["--silent", "--offline", "--time-scale", "60"]
    assert main(["talk", *quiet, "--hear", str(names), str(table_talk)]) == 0
    out = capsys.readouterr().out
    assert "Hearing 2 recording(s) instead of a microphone" in out
    banner = out.splitlines()[0]
    assert "open heart line" not in banner, "talk opens Heartline itself: saying it again replays the welcome"
    assert "'heart line, pause'" in banner
    assert "> we are alex and jordan" in out
    assert "Alex and Jordan" in out.split("> we are alex and jordan", 1)[1]
    assert out.count("start talk with --names FIRST SECOND") == 1, "names set by voice: how to give others"
    assert "salt" not in out  # table talk is not acted on (nor printed: nothing of it is kept)
    rendered = [p for p in (tmp_path / "data").rglob("*") if p.suffix in (".wav", ".mp3")]
    assert not rendered, f"--silent rendered speech nobody hears: {rendered}"


@pytest.mark.audio
def test_names_given_with_names_are_stored_and_heard_by_voice_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """By voice only names the grammar holds can be heard: "we're Maya and Jon" set Mark and John, and a
    household whose names were stored earlier was heard with the common names alone until they were said again.
    ``--names`` stores them before Heartline opens, and talk puts the stored names in the grammar from the start,
    so "maya goes first" gives Maya the floor."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HEARTLINE_DATA_DIR", str(tmp_path / "data"))
    first = tmp_path / "first.wav"
    synthesize("maya goes first", Voice("en-us", 165, 45), first)
    quiet = ["--silent", "--offline", "--time-scale", "60"]
    assert main(["talk", *quiet, "--names", "maya", "Jon", "--hear", str(first)]) == 0
    out = capsys.readouterr().out
    assert "Maya and Jon" in out.splitlines()[1], "the welcome knows them"
    assert "> maya goes first" in out, out
    assert "Maya, the floor is yours" in out


def test_talk_names_must_be_two_different_first_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["talk", "--silent", "--names", "Sam", "sam", "--hear", str(FIXTURES / "cmd00-en-us-s165-p45-clean.wav")])
        == 2
    )
    assert "two different first names" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        main(["talk", "--names", "R2D2", "Sam"])
    assert refused.value.code == 2 and "not a first name: 'R2D2'" in capsys.readouterr().err


@pytest.mark.audio
def test_talk_names_a_recording_it_cannot_hear_and_starts_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HEARTLINE_DATA_DIR", str(tmp_path / "data"))
    notes = tmp_path / "notes.wav"
    notes.write_text("not a recording")
    fine = FIXTURES / "cmd00-en-us-s165-p45-clean.wav"
    for wrong, reason in ((notes, "not an audio file"), (tmp_path / "missing.wav", "no such file")):
        assert main(["talk", "--silent", "--offline", "--hear", str(fine), str(wrong)]) == 2
        captured = capsys.readouterr()
        assert captured.err.startswith(f"heartline: {wrong}: {reason}") and "Traceback" not in captured.err
        assert "Welcome" not in captured.out


@pytest.mark.parametrize(
    ("transcript", "accepted", "spotted", "calls"),
    [
        ("heart line pause", True, True, True),
        ("", False, True, True),  # the spotter heard it; the command may follow in the next breath
        ("heart line pause it", True, False, True),  # the spotter missed, the grammar heard a whole call
        ("heart line it's michael and william", False, False, False),  # forced onto the grammar, rejected
        ("pause", True, False, False),  # a command without the wake phrase is the partner's own words
        ("heartline next", False, None, True),  # an engine without a spotter: its transcript decides
        ("next question", True, None, False),
    ],
)
def test_a_call_while_a_partner_has_the_floor_needs_the_wake_phrase(
    transcript: str, accepted: bool, spotted: bool | None, calls: bool
) -> None:
    from audio.recognition import Recognition
    from audio.talk import woke

    assert woke(Recognition(transcript, None, accepted=accepted), spotted) is calls


@pytest.mark.parametrize(
    ("transcript", "intent", "only_calls"),
    [
        ("bye heart line", "AMAZON.StopIntent", True),  # a bare "heart line" in flite's awb voice
        ("heart line hey", "GreetingIntent", True),  # and in espeak-ng's en-us+f3
        ("hey heart line", "GreetingIntent", True),
        ("thank you heartline", "ThanksIntent", True),
        ("heart line stop", "AMAZON.StopIntent", False),
        ("heart line how much time is left", "RoundStatusIntent", False),
        ("pause", "AMAZON.PauseIntent", False),  # no wake phrase: the spotter decides whether it was a call
    ],
)
def test_a_greeting_or_a_command_ending_in_the_wake_phrase_is_only_a_call(
    transcript: str, intent: str, only_calls: bool
) -> None:
    from audio.recognition import Recognition
    from audio.talk import only_a_call

    assert only_a_call(Recognition(transcript, intent, accepted=True)) is only_calls


@pytest.mark.audio
def test_a_bare_wake_phrase_heard_as_goodbye_only_opens_the_microphone(tmp_path: Path) -> None:
    """ "heart line" alone, said to call Heartline over a round, in flite's awb voice (kal's too) was heard as
    "bye heart line": the round stopped and talk ended, mid-round. Now it gets the listening chime, and the
    command after it is taken. (espeak-ng's en-us+f3 was heard as "heart line hey", a hello said over the round:
    ``test_a_greeting_or_a_command_ending_in_the_wake_phrase_is_only_a_call``.)"""
    import shutil

    from audio.sphinx import SphinxRecognizer
    from audio.talk import run_talk

    if shutil.which("flite") is None:
        pytest.skip("flite is not installed (scripts/dev installs it)")
    call, pause = tmp_path / "call.wav", tmp_path / "pause.wav"
    synthesize("heart line", Voice("awb", 180, 50, "flite"), call)
    synthesize("pause it", Voice("en-us", 165, 45), pause)
    files = [
        FIXTURES / "cmd07-en-us-m7-s140-p35-clean.wav",  # we are alex and jordan
        FIXTURES / "cmd00-en-us-s165-p45-clean.wav",  # start a listening round
        call,
        pause,
    ]
    out = io.StringIO()
    settings = Settings(data_dir=tmp_path / "data", offline=True)
    source = WavSource(files, gap_s=1.0, then_s=0.5)
    assert run_talk(settings, source, RecordingSink(), out, SphinxRecognizer(), time_scale=10, use_keys=False) == 0
    printed = out.getvalue()
    lines = printed.splitlines()
    heard = [line for line in lines if line.startswith(">")]
    assert heard == ["> we are alex and jordan", "> start a listening round", "> pause it"], printed
    assert lines.index("[listening]") < lines.index("> pause it")
    assert "Goodbye" not in printed, printed


@pytest.mark.audio
def test_the_wake_phrase_the_spotter_misses_is_still_heard_as_a_call(tmp_path: Path) -> None:
    """A voice whose "heart line pause" the keyphrase spotter misses (bench/asr.py: it hears 16 of 33)."""
    from audio.recognize import read_wav
    from audio.sphinx import SphinxRecognizer
    from audio.talk import woke

    path = tmp_path / "wake.wav"
    synthesize("heart line pause", Voice("en-us+f3", 150, 60), path)
    recognizer = SphinxRecognizer()
    decoding = recognizer.decode(read_wav(path), wake=True)
    spotted = decoding.spotted
    recognition = recognizer.decide(decoding, recognizer.mode)
    assert spotted is False
    assert woke(recognition, spotted)
    assert recognition.intent == "AMAZON.PauseIntent"


REPEATED = "Close people disagree often, and they argue kindly."


def said_plainly_then_as(tmp_path: Path, prosody: str) -> tuple[np.ndarray, np.ndarray, int]:
    """What ``talk``'s speakers play for ``REPEATED``, then for the same words in an SSML prosody (the repeat
    Alexa would get), and the rate they play at."""
    from audio.talk import SpeakerOutput
    from audio.tts import Speech

    sink = RecordingSink()
    output = SpeakerOutput(Speech(Settings(data_dir=tmp_path, offline=True)), sink, io.StringIO())
    output.speech(REPEATED)
    output.speech(f"<prosody {prosody}>{REPEATED}</prosody>")
    (usual, rate), (repeated, _) = sink.played
    return usual, repeated, rate


@pytest.mark.audio
def test_a_slow_repeat_is_spoken_in_the_slow_voice(tmp_path: Path) -> None:
    """What "slow down" sends (Alexa's prosody rate) is heard slower through ``talk``'s speakers too."""
    from intents.common import SLOW_RATE

    usual, slow, rate = said_plainly_then_as(tmp_path, f'rate="{SLOW_RATE}"')
    assert len(slow) > 1.2 * len(usual), f"{len(slow) / rate:.2f} s slow against {len(usual) / rate:.2f} s"


@pytest.mark.audio
def test_a_loud_repeat_is_played_louder_without_clipping(tmp_path: Path) -> None:
    """What "speak up" sends (Alexa's prosody volume) is heard louder through ``talk``'s speakers too."""
    from intents.common import LOUD_VOLUME

    usual, loud, _ = said_plainly_then_as(tmp_path, f'volume="{LOUD_VOLUME}"')
    gain_db = 20 * np.log10(np.sqrt(np.mean(np.square(loud))) / np.sqrt(np.mean(np.square(usual))))
    assert len(loud) == len(usual) and 4.0 < gain_db < 7.0, f"{gain_db:.1f} dB louder"
    assert np.abs(loud).max() < 1.0, "the peaks are rounded off, never clipped"
