"""``heartline chat`` as a user runs it: a real process, lines piped in, the transcript read back."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from skill.chat import ssml_to_text


def run_chat(db: Path, lines: list[str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "skill.cli", "chat", "--db", str(db), *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_whole_listening_round_plays_at_time_scale_600(tmp_path: Path) -> None:
    started = time.monotonic()
    result = run_chat(
        tmp_path / "h.db", ["we're sam and alex", "start a listening round for 3 minutes"], "--time-scale", "600"
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    out = result.stdout
    parts = [line for line in out.splitlines() if line.startswith("[The listening round: part")]
    assert len(parts) == 9
    roles = [p.split(", ")[1] for p in parts]
    assert roles == ["speak", "respond", "clarify", "switch", "speak", "respond", "clarify", "reflect", "close"]
    assert "Sam, the floor is yours" in out or "Sam," in out
    assert out.count("[chime]") >= 9
    assert "[pause 150s]" in out, "a 3-minute turn shows its silence before the 30-second warning"
    # 3+1+0.75+0.25+3+1+0.75+1+0.25 = 11 minutes of plan at 600x is 1.1 s of wall time.
    assert elapsed < 30
    assert "Traceback" not in result.stderr


def test_piped_input_ends_cleanly_at_eof(tmp_path: Path) -> None:
    result = run_chat(tmp_path / "h.db", ["help"])
    assert result.returncode == 0
    assert "Heart Line guides" in result.stdout
    assert result.stderr == ""


def test_profiles_keep_households_apart_in_one_db(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    run_chat(db, ["we're sam and alex"], "--profile", "kitchen")
    other = run_chat(db, [], "--profile", "bedroom")
    same = run_chat(db, [], "--profile", "kitchen")
    assert "Welcome back" not in other.stdout and "names" in other.stdout
    assert "Welcome back, Sam and Alex" in same.stdout


def test_a_corrupt_db_file_is_moved_aside_and_chat_still_answers(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    db.write_bytes(b"this is not a sqlite database at all" * 100)
    result = run_chat(db, ["we're sam and alex"])
    assert result.returncode == 0
    assert "Lovely to meet you, Sam and Alex" in result.stdout
    assert "moved it to" in result.stderr
    assert list(tmp_path.glob("h.db.corrupt-*"))


@pytest.mark.parametrize("scale", ["0", "-3", "nan", "inf", "1e-9", "fast"])
def test_bad_time_scale_is_a_clear_error(tmp_path: Path, scale: str) -> None:
    result = run_chat(tmp_path / "h.db", [], "--time-scale", scale)
    assert result.returncode == 2
    assert "time-scale" in result.stderr and "Traceback" not in result.stderr


def test_ssml_is_printed_as_plain_text_with_pauses_and_chimes() -> None:
    ssml = (
        '<speak>Hello &amp; welcome.<break time="2s"/><audio src="https://x/chime.mp3"/>Go<break time="500ms"/></speak>'
    )
    assert ssml_to_text(ssml) == "Hello & welcome. [pause 2s] [chime] Go [pause 0.5s]"


def test_piped_dinner_plays_one_timed_question_per_line_and_ends_at_eof(tmp_path: Path) -> None:
    result = run_chat(tmp_path / "h.db", ["give us a dinner question", "next", "go deeper"], "--time-scale", "200")
    assert result.returncode == 0, result.stderr
    tracks = [line for line in result.stdout.splitlines() if line.startswith("[Dinner questions:")]
    assert len(tracks) == 3
    assert result.stdout.count("[pause 240s]") == 3, "each question is followed by the default table talk"
    assert "minutes to talk" in result.stdout and "Next question." in result.stdout


def test_names_in_any_script_are_kept_as_typed(tmp_path: Path) -> None:
    """Typed names lost every letter outside a-z ("we're zoë and renée" met "Zo and Ren E")."""
    result = run_chat(tmp_path / "h.db", ["we're zoë and renée", "actually it's Seán, not Renée"])
    assert "Lovely to meet you, Zoë and Renée." in result.stdout
    assert "Zoë and Seán it is." in result.stdout


def test_a_resumed_part_is_printed_with_the_time_left_in_it(tmp_path: Path) -> None:
    """After "resume", chat printed the part's whole length ("3:00"), as if it began again; the audio goes on from
    where it was paused, and the line now says what is left of it."""
    import io

    from skill.chat import TextOutput
    from tests.support.driver import Driver, named

    driver = Driver(tmp_path / "h.db")
    named(driver, "start a listening round")
    printed = io.StringIO()
    driver.device.output = TextOutput(printed)
    driver.advance(0.05)  # 50 s of the part, at the driver's 1000x
    driver.say("pause")
    driver.say("resume")
    started = [line for line in printed.getvalue().splitlines() if line.startswith("[The listening round")]
    assert started and started[-1].endswith(", 3:00, 2:10 left]"), printed.getvalue()
