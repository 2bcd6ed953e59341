"""What day it is for a household: the local evening, turning at 4 a.m."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skill.clock import DAY_TURNS_AT_HOUR, local_day, zone_named
from skill.config import Settings
from skill.errors import ConfigError

NEW_YORK = zone_named("America/New_York")


def test_utc_midnight_is_early_evening_in_new_york_and_the_same_evening() -> None:
    assert NEW_YORK is not None
    before = datetime(2026, 12, 7, 23, 58, tzinfo=UTC)  # 18:58 in New York
    after = datetime(2026, 12, 8, 0, 0, 30, tzinfo=UTC)  # 19:00:30
    assert local_day(before, NEW_YORK) == local_day(after, NEW_YORK) == "2026-12-07"


def test_a_dinner_past_midnight_is_still_tonight_and_the_day_turns_in_the_morning() -> None:
    assert NEW_YORK is not None
    late = datetime(2026, 12, 8, 5, 30, tzinfo=UTC)  # 00:30 in New York
    assert local_day(late, NEW_YORK) == "2026-12-07"
    morning = datetime(2026, 12, 8, 5 + DAY_TURNS_AT_HOUR, 0, tzinfo=UTC)  # 04:00
    assert local_day(morning, NEW_YORK) == "2026-12-08"


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        local_day(datetime(2026, 12, 7, 12, 0), UTC)


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../../etc/passwd", "/etc/localtime", "x" * 100])
def test_names_that_are_not_zones_are_none(name: str) -> None:
    assert zone_named(name) is None


def test_the_configured_zone_is_checked_at_start() -> None:
    assert Settings.from_env({"HEARTLINE_TIMEZONE": "Europe/London"}).timezone == "Europe/London"
    with pytest.raises(ConfigError, match="HEARTLINE_TIMEZONE"):
        Settings.from_env({"HEARTLINE_TIMEZONE": "Somewhere/Nice"})
