"""Check-ins and the progress summary built from them.

A check-in is five statements answered 1 to 5; its mean is what the couple hears back. The trend compares
the latest check-in with the ones before it, because a single number tells a couple little.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from skill.state import CheckIn, Household

TREND_MARGIN = 0.25
"""Means closer than this count as steady: a quarter point is within the noise of a five-point scale."""


@dataclass(frozen=True)
class Progress:
    sessions: int
    rounds_done: int
    checkins: int
    last: float | None
    average: float | None
    trend: str | None
    """'up', 'down' or 'steady' against the average of the earlier check-ins; None with fewer than two."""


def record_checkin(household: Household, scores: tuple[int, ...], day: str) -> Household:
    if not scores or any(not 1 <= s <= 5 for s in scores):
        raise ValueError(f"check-in scores must be 1 to 5, got {scores}")
    entry = CheckIn(day, tuple(scores))
    return replace(household, checkins=(*household.checkins, entry))


def summarize(household: Household) -> Progress:
    means = [c.mean for c in household.checkins]
    last = means[-1] if means else None
    average = sum(means) / len(means) if means else None
    trend: str | None = None
    if len(means) >= 2:
        earlier = sum(means[:-1]) / len(means[:-1])
        delta = means[-1] - earlier
        trend = "up" if delta > TREND_MARGIN else "down" if delta < -TREND_MARGIN else "steady"
    return Progress(
        sessions=household.sessions,
        rounds_done=household.rounds_done,
        checkins=len(means),
        last=last,
        average=average,
        trend=trend,
    )


def start_session(household: Household, day: str) -> Household:
    """Count the days a household opens the skill, not Alexa sessions: an evening's dinner opens one for every
    'Alexa, next', and "you've had 7 sessions" after one dinner would be nonsense to them."""
    if household.last_session == day:
        return household
    return replace(household, sessions=household.sessions + 1, last_session=day)
