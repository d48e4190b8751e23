"""When log entries happened: as typed by a person, as the vault stores them (UTC), and
how long after the incident was declared.

Plain Python, so the rules are tested without widgets. Typed times are this computer's
local time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from itscm_desktop.domain.durations import format_minutes

#: How far ahead of the clock a typed time may be (a watch a little fast), no more.
_FUTURE_SLACK = timedelta(minutes=5)
_CLOCK = re.compile(r"([0-9]{1,2})[:.h]([0-9]{2})")


class TimeTyped(ValueError):
    """A time the person typed cannot be used; str() says how to write it."""


def moment_typed(text: str, now: datetime) -> datetime:
    """When an entry happened. Nothing typed: `now`. "07:15": the latest 07:15 that is
    not after `now` (so just after midnight it is yesterday's). "2026-08-12 07:15": that
    moment. Typed times are local; the result is timezone-aware."""
    text = text.strip()
    if not text:
        return now
    local_now = now.astimezone()
    clock = _CLOCK.fullmatch(text)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise TimeTyped(f"“{text}” is not a time of day; write it as 07:15.")
        day = local_now.date()
        moment = datetime.combine(day, time(hour, minute)).astimezone()
        if moment > local_now + _FUTURE_SLACK:
            moment = datetime.combine(day - timedelta(days=1), time(hour, minute)).astimezone()
        return moment
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TimeTyped(
            f"“{text}” is not a time; write 07:15, or 2026-08-12 07:15 for another day."
        ) from None
    moment = moment.astimezone()  # a time without a zone is this computer's local time
    if moment > local_now + _FUTURE_SLACK:
        raise TimeTyped(f"{text} has not happened yet: the log is for what has happened.")
    return moment


def parse_moment(stored: object) -> datetime | None:
    """A stored UTC timestamp as an aware datetime, or None."""
    if not isinstance(stored, str) or not stored:
        return None
    try:
        moment = datetime.fromisoformat(stored.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stored_moment(moment: datetime) -> str:
    """How the vault writes a moment (UTC, whole seconds), to compare with what it holds."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def since(start: datetime | None, moment: datetime | None) -> str:
    """ "1 h 12 min" after the declaration, "7 min before" for what led up to it."""
    if start is None or moment is None:
        return ""
    minutes = int((moment - start).total_seconds() // 60)
    return format_minutes(minutes) if minutes >= 0 else f"{format_minutes(-minutes)} before"
