"""Phase tracks: decoded back from MP3, their format and their sound boundaries checked against the plan.

Boundaries are found blind from the decoded signal's short-time energy (10 ms frames): every stretch louder
than -50 dBFS must fall inside a planned sound, and each planned sound's measured start and end must be within
100 ms of the plan. Chimes are told from speech by their pitch.
"""

from __future__ import annotations

import io
import json
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest

from audio.cues import Chime, chime_duration
from audio.measure import decode, dominant_hz, measure
from audio.pcm import SAMPLE_RATE
from audio.prerender import ProgressBar, generic_texts, render_generic_cues
from audio.tracks import (
    RenderAhead,
    Sound,
    layout_phase,
    render_phase,
    render_plan,
    track_file,
)
from audio.tts import Engine, Speech
from skill.config import Settings
from skill.decks import RoundScript
from skill.rounds import Phase, Role, RoundPlan, RoundSettings, Warning, build_round
from tests.audio.conftest import GoogleStub

TOLERANCE_S = 0.1

WRAP_UP = "A little time left."

SHORT_PLAN = RoundPlan(
    exercise="listening",
    title="Listening",
    intro="In this round one of you talks while the other listens.",
    outro="Thank you both.",
    topic_id="stress",
    topic="a stress of the week",
    phases=(
        Phase(0, Role.SPEAK, "Sam", 16, "Sam, the floor is yours.", (Warning(6, WRAP_UP),)),
        Phase(1, Role.RESPOND, "Alex", 12, "Alex, say what you heard.", (Warning(5, WRAP_UP),)),
        Phase(2, Role.SWITCH, "Alex", 8, "Time to trade places."),
        Phase(3, Role.REFLECT, "both", 20, "Together, what was it like?", (Warning(8, WRAP_UP),)),
    ),
)


def probe(path: Path) -> dict[str, str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,bit_rate,channels",
         "-of", "json", str(path)],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return {k: str(v) for k, v in json.loads(out)["streams"][0].items()}


@pytest.fixture
def offline(settings: Settings) -> Settings:
    return replace(settings, offline=True)


@pytest.mark.audio
def test_phase_tracks_are_mp3_alexa_accepts_and_exactly_as_long_as_the_phase(offline: Settings) -> None:
    tracks = render_plan(SHORT_PLAN, offline, Speech(offline))

    for phase, track in zip(SHORT_PLAN.phases, tracks, strict=True):
        assert track.path == offline.audio_cache_dir / "tracks" / f"{phase.track_id()}.mp3"
        fmt = probe(track.path)
        assert fmt == {"codec_name": "mp3", "sample_rate": "24000", "channels": "1", "bit_rate": "48000"}
        assert abs(decode(track.path).size / SAMPLE_RATE - phase.seconds) < 0.05
        assert track.duration_s == phase.seconds
        assert track.engines == (Engine.ESPEAK,)


@pytest.mark.audio
def test_speech_silence_and_chimes_fall_where_the_plan_puts_them(offline: Settings) -> None:
    tracks = render_plan(SHORT_PLAN, offline, Speech(offline))

    for phase, track in zip(SHORT_PLAN.phases, tracks, strict=True):
        measured = measure(track)
        kinds = [m.planned for m in measured]
        expected = [Sound.SPEECH] + [Sound.WARNING_CHIME, Sound.SPEECH] * len(phase.warnings) + [Sound.TIME_CHIME]
        assert kinds == expected
        for m in measured:
            assert abs(m.start - m.planned_start) <= TOLERANCE_S, (phase.index, m)
            assert abs(m.end - m.planned_end) <= TOLERANCE_S, (phase.index, m)
        time_chime = track.segments[-1]
        assert time_chime.end_s == phase.seconds
        for w, seg in zip(phase.warnings, [s for s in track.segments if s.sound is Sound.WARNING_CHIME], strict=True):
            assert seg.start_s == phase.seconds - w.seconds_left


@pytest.mark.audio
def test_chimes_in_a_track_are_the_chimes_by_pitch(offline: Settings) -> None:
    track = render_phase(SHORT_PLAN.phases[0], offline, Speech(offline))
    samples = decode(track.path)

    def pitch(seg_sound: Sound) -> float:
        seg = next(s for s in track.segments if s.sound is seg_sound)
        start = round(seg.start_s * SAMPLE_RATE)
        return dominant_hz(samples[start : start + SAMPLE_RATE // 4])

    assert abs(pitch(Sound.WARNING_CHIME) - 659.3) < 8
    assert abs(pitch(Sound.TIME_CHIME) - 523.3) < 8


@pytest.mark.audio
def test_existing_track_is_reused_not_rendered_again(offline: Settings) -> None:
    speech = Speech(offline)
    first = render_phase(SHORT_PLAN.phases[2], offline, speech)
    mtime = first.path.stat().st_mtime_ns

    again = render_phase(replace(SHORT_PLAN.phases[2], index=7), offline, speech)  # same words and timing

    assert again.cached and again.path == first.path and again.path.stat().st_mtime_ns == mtime
    assert again.segments == tuple(replace(s, text="") for s in first.segments)
    assert not list(first.path.parent.glob(".*"))  # no temp files left behind


@pytest.mark.audio
def test_track_records_gtts_when_gtts_rendered_it(settings: Settings, google: GoogleStub) -> None:
    track = render_phase(SHORT_PLAN.phases[0], settings, Speech(settings))

    assert track.engines == (Engine.GTTS,)
    assert google.count == 2  # the cue and the warning line


@pytest.mark.audio
def test_render_ahead_renders_the_plan_in_the_background(offline: Settings) -> None:
    with RenderAhead(offline, Speech(offline)) as ahead:
        ids = ahead.submit_plan(SHORT_PLAN)
        tracks = [ahead.result(i, timeout=30) for i in ids]

        assert ids == [p.track_id() for p in SHORT_PLAN.phases]
        assert [ahead.path_for(i) for i in ids] == [t.path for t in tracks]
        assert ahead.path_for("0" * 24) is None
    assert RenderAhead(offline, Speech(offline)).path_for(ids[1]) == tracks[1].path  # found on disk later


def test_render_ahead_forgets_finished_renders_so_a_server_does_not_grow(offline: Settings) -> None:
    with RenderAhead(offline, Speech(offline)) as ahead:
        ids = ahead.submit_plan(SHORT_PLAN)
        tracks = [ahead.result(i, timeout=30) for i in ids]
        deadline = time.monotonic() + 5
        while ahead._futures and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ahead._futures == {}
        assert [ahead.result(i).path for i in ids] == [t.path for t in tracks]


def test_track_file_refuses_ids_that_are_not_track_ids(settings: Settings) -> None:
    for bad in ("../../etc/passwd", "0" * 23, "A" * 24, "0" * 24 + "/x", ""):
        assert track_file(settings, bad) is None


def test_warning_that_collides_with_the_cue_is_left_out() -> None:
    phase = Phase(0, Role.SPEAK, "Sam", 10, "cue", (Warning(8, WRAP_UP),))

    segments = layout_phase(phase, cue_s=3.0, warning_speech_s={WRAP_UP: 1.0})

    assert [s.sound for s in segments] == [Sound.SPEECH, Sound.TIME_CHIME]
    assert segments[-1].end_s == 10


def test_cue_longer_than_the_phase_lengthens_the_track_instead_of_cutting_it() -> None:
    phase = Phase(0, Role.SWITCH, "Sam", 5, "a very long cue")

    segments = layout_phase(phase, cue_s=6.0, warning_speech_s={})

    time_chime = segments[-1]
    assert time_chime.start_s > 6.0 and time_chime.end_s - time_chime.start_s == pytest.approx(
        chime_duration(Chime.TIME)
    )


SCRIPT = RoundScript(
    id="listening",
    title="Listening",
    intro="One of you talks, the other listens.",
    speak="{speaker}, the floor is yours for {minutes}.",
    respond="{listener}, say what you heard.",
    confirm="Did that land? Add what is missing.",
    switch="{speaker}, you speak next.",
    reflect="Together, for {minutes}: what was it like?",
    outro="Thank you, {first} and {second}.",
    time_warning=WRAP_UP,
)


def test_generic_texts_skip_names_and_cover_every_round_length() -> None:
    texts = generic_texts([SCRIPT])

    assert "One of you talks, the other listens." in texts and WRAP_UP in texts
    assert "Did that land? Add what is missing." in texts
    assert "Together, for one minute: what was it like?" in texts
    assert "Together, for 10 minutes: what was it like?" in texts
    assert not any("{" in t or "Sam" in t for t in texts)
    assert len(texts) == 3 + 10  # intro, confirm, warning; reflect for 1-10 minutes


@pytest.mark.audio
def test_render_generic_cues_reports_engines_hits_and_progress(offline: Settings) -> None:
    texts = generic_texts([SCRIPT])[:5]
    stream = io.StringIO()

    first = render_generic_cues(offline, texts, progress=ProgressBar(stream, width=10))
    second = render_generic_cues(offline, texts)

    assert (first.clips, first.cache_hits, first.by_engine) == (5, 0, {"espeak-ng": 5})
    assert (second.cache_hits, second.seconds) == (5, first.seconds)
    assert stream.getvalue().endswith("[##########] 5/5  espeak-ng \n")
    assert "5 clips (0 cached, 5 rendered); engines: espeak-ng 5" in first.format()


@pytest.mark.audio
@pytest.mark.slow
def test_a_built_one_minute_round_renders_every_phase_to_its_length(offline: Settings) -> None:
    plan = build_round(SCRIPT, RoundSettings("Sam", "Alex", minutes=1), "stress", "a stress of the week")

    tracks = render_plan(plan, offline, Speech(offline))

    for phase, track in zip(plan.phases, tracks, strict=True):
        assert abs(decode(track.path).size / SAMPLE_RATE - phase.seconds) < 0.05
        kinds = [s.sound for s in track.segments]
        assert kinds.count(Sound.WARNING_CHIME) == len(phase.warnings)
