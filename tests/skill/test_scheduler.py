"""The local scheduler on the real monotonic clock: boundaries land on plan, pause and resume keep position."""

from __future__ import annotations

import time

from skill.rounds import Phase, Role, Warning
from skill.scheduler import EventKind, PhaseClock, TimelinePlayer, phase_timeline


def short_plan() -> list[Phase]:
    return [
        Phase(0, Role.SPEAK, "Sam", 1, "Sam, go", (Warning(0, "almost"),)),
        Phase(1, Role.RESPOND, "Alex", 1, "Alex, reply"),
        Phase(2, Role.REFLECT, "both", 1, "Together"),
    ]


def test_phase_boundaries_land_within_20ms_of_plan_at_time_scale_1() -> None:
    phases = short_plan()
    start = time.monotonic()
    boundaries: list[float] = []
    at: float | None = start
    for phase in phases:
        player = TimelinePlayer(phase, PhaseClock(1.0), at=at)
        while not player.finished:
            wait = player.seconds_until_next()
            if wait:
                time.sleep(wait)
            for event in player.due():
                if event.kind is EventKind.END:
                    boundaries.append(time.monotonic() - start)
        at = player.end_deadline()
    planned = [1.0, 2.0, 3.0]
    for got, want in zip(boundaries, planned, strict=True):
        assert abs(got - want) <= 0.020, (boundaries, planned)


def test_deadlines_do_not_drift_when_a_handler_is_slow() -> None:
    phase = Phase(0, Role.SPEAK, "Sam", 10, "go")
    clock = PhaseClock(20.0)
    player = TimelinePlayer(phase, clock)
    first_deadline = clock.deadline(10.0)
    time.sleep(0.1)  # a slow print
    player.due()
    assert clock.deadline(10.0) == first_deadline


def test_pause_freezes_position_and_resume_continues_from_it() -> None:
    fake = [100.0]
    clock = PhaseClock(1.0, clock=lambda: fake[0])
    player = TimelinePlayer(Phase(0, Role.SPEAK, "Sam", 60, "go", (Warning(30, "half"),)), clock)
    assert [e.kind for e in player.due()] == [EventKind.CUE]
    fake[0] = 110.0
    clock.pause()
    fake[0] = 500.0
    assert clock.position() == 10.0 and player.due() == [] and player.seconds_until_next() is None
    clock.resume()
    fake[0] = 520.0
    assert [e.kind for e in player.due()] == [EventKind.WARNING]


def test_resuming_at_an_offset_skips_what_was_heard() -> None:
    fake = [0.0]
    player = TimelinePlayer(
        Phase(0, Role.SPEAK, "Sam", 60, "go", (Warning(30, "half"),)),
        PhaseClock(1.0, clock=lambda: fake[0]),
        offset=40.0,
    )
    assert [e.kind for e in player.due()] == [EventKind.WARNING] or player.due() == []
    kinds = [e.kind for e in phase_timeline(player.phase)]
    assert kinds == [EventKind.CUE, EventKind.WARNING, EventKind.NEARLY_FINISHED, EventKind.END]
