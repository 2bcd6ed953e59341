"""What day it is for a household: the evening they are in, where they are.

A dinner that starts at 23:40 and asks "go deeper" at 00:10 is one evening, and an Echo in New York is not in
the server's UTC (whose midnight is 7 pm there: a probe's "go deeper" at 00:00:30 UTC came back lighter, its
theme was dropped, and "you've been here on 2 days" was said half an hour after first opening). So a day is
the local date in the household's time zone, and it turns at ``DAY_TURNS_AT_HOUR`` in the morning, not at
midnight.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_TURNS_AT_HOUR = 4
"""Local hour at which "tonight" becomes the next day: late dinners are still the same evening."""


def local_day(now: datetime, zone: tzinfo) -> str:
    """The ISO date of the evening ``now`` (aware) belongs to in ``zone``."""
    if now.tzinfo is None:
        raise ValueError("local_day needs an aware datetime")
    return (now.astimezone(zone) - timedelta(hours=DAY_TURNS_AT_HOUR)).date().isoformat()


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone ``name`` ("America/New_York"), or None for a name that is not one."""
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def system_zone() -> tzinfo:
    """This machine's own zone: right for ``heartline talk`` and ``chat`` on a laptop at the table."""
    return datetime.now().astimezone().tzinfo or UTC


def utc_now() -> datetime:
    return datetime.now(UTC)
