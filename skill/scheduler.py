"""Playing a phase in real time on a monotonic clock, for the local fronts.

Every event's moment is computed from the phase's start (a deadline), never by adding up sleeps, so a slow
print or a busy machine delays one event a little instead of pushing every later one back. A time scale
runs the same plan faster for tests and demos; pausing freezes the position and resuming re-anchors it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from skill.rounds import Phase

NEARLY_FINISHED_LEAD = 10.0
"""Plan seconds before the end at which the player asks for the next track, like Alexa's event."""


class EventKind(StrEnum):
    CUE = "cue"
    WARNING = "warning"
    NEARLY_FINISHED = "nearly_finished"
    END = "end"


@dataclass(frozen=True)
class TimelineEvent:
    at: float
    """Plan seconds from the phase's start."""
    kind: EventKind
    text: str = ""


def phase_timeline(phase: Phase) -> tuple[TimelineEvent, ...]:
    """The moments of one phase: its cue, each warning, the request for what follows, its end."""
    events = [TimelineEvent(0.0, EventKind.CUE, phase.cue)]
    for warning in phase.warnings:
        events.append(TimelineEvent(float(phase.seconds - warning.seconds_left), EventKind.WARNING, warning.text))
    nearly = max(0.0, phase.seconds - min(NEARLY_FINISHED_LEAD, phase.seconds / 2))
    events.append(TimelineEvent(nearly, EventKind.NEARLY_FINISHED))
    events.append(TimelineEvent(float(phase.seconds), EventKind.END))
    return tuple(sorted(events, key=lambda e: (e.at, list(EventKind).index(e.kind))))


class PhaseClock:
    """Plan time within one track: start, pause, resume, position; scaled against a monotonic clock."""

    def __init__(self, time_scale: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        if time_scale <= 0:
            raise ValueError(f"time scale must be positive, got {time_scale}")
        self.time_scale = time_scale
        self._clock = clock
        self._anchor = clock()
        """Monotonic time at which plan position 0 would have been."""
        self._paused_at: float | None = None

    def start(self, offset: float = 0.0, at: float | None = None) -> None:
        """Begin at plan ``offset``; ``at`` (a monotonic time, e.g. the last track's deadline) avoids drift."""
        now = self._clock() if at is None else at
        self._anchor = now - offset / self.time_scale
        self._paused_at = None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def position(self) -> float:
        if self._paused_at is not None:
            return self._paused_at
        return (self._clock() - self._anchor) * self.time_scale

    def pause(self) -> float:
        if self._paused_at is None:
            self._paused_at = self.position()
        return self._paused_at

    def resume(self) -> None:
        if self._paused_at is not None:
            self.start(self._paused_at)

    def deadline(self, plan_seconds: float) -> float:
        """The monotonic time at which the given plan position is reached (if not paused)."""
        return self._anchor + plan_seconds / self.time_scale

    def now(self) -> float:
        return self._clock()


class TimelinePlayer:
    """Fires a phase's events as their deadlines pass; the caller decides how to wait (queue, sleep, audio)."""

    def __init__(self, phase: Phase, clock: PhaseClock, offset: float = 0.0, at: float | None = None) -> None:
        self.phase = phase
        self.clock = clock
        self.events = phase_timeline(phase)
        # Events before the starting offset were heard already (resume) — except the cue on a fresh start.
        self._next = 0
        while self._next < len(self.events) and offset > 0 and self.events[self._next].at < offset:
            self._next += 1
        clock.start(offset, at)

    @property
    def finished(self) -> bool:
        return self._next >= len(self.events)

    def seconds_until_next(self) -> float | None:
        """Real seconds until the next event; None when paused or finished (wait for input instead)."""
        if self.finished or self.clock.paused:
            return None
        return max(0.0, self.clock.deadline(self.events[self._next].at) - self.clock.now())

    def next_deadline(self) -> float | None:
        if self.finished or self.clock.paused:
            return None
        return self.clock.deadline(self.events[self._next].at)

    def due(self) -> list[TimelineEvent]:
        """Events whose moment has come, in order; each is returned once."""
        fired: list[TimelineEvent] = []
        if self.clock.paused:
            return fired
        position = self.clock.position()
        while not self.finished and self.events[self._next].at <= position + 1e-9:
            fired.append(self.events[self._next])
            self._next += 1
        return fired

    def end_deadline(self) -> float:
        return self.clock.deadline(float(self.phase.seconds))
