"""Durations such as RTO, RPO and MTD: typed as "4 h 30 min", stored as whole minutes.

A day is 24 hours and a week 7 days of clock time, not business days: recovery
objectives run around the clock. Months and years are refused because their length
varies; "30 d" or "52 w" say exactly what is meant.
"""

from __future__ import annotations

import re
from fractions import Fraction

__all__ = ["MAX_MINUTES", "DurationError", "format_minutes", "parse_minutes"]

MINUTES_PER_UNIT = {"w": 7 * 24 * 60, "d": 24 * 60, "h": 60, "min": 1}
MAX_MINUTES = 3650 * 24 * 60
"""About ten years: anything longer is a typing mistake, and it keeps values in int64."""

_UNIT_NAMES = {
    "w": "w",
    "wk": "w",
    "wks": "w",
    "week": "w",
    "weeks": "w",
    "d": "d",
    "day": "d",
    "days": "d",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "m": "min",
    "min": "min",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
}
_VARYING_UNITS = {"mo", "mon", "month", "months", "y", "yr", "yrs", "year", "years"}
_UNIT_WORDS = {"w": "weeks", "d": "days", "h": "hours", "min": "minutes"}
_ORDER = list(MINUTES_PER_UNIT)
_CLOCK = re.compile(r"([0-9]{1,5}):([0-9]{2})")
_PART = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*([^\W\d_]*)[.,]?\s*")
_MAX_INPUT = 60


class DurationError(ValueError):
    """A duration a person typed cannot be used; str() is the message to show them."""


def parse_minutes(text: str) -> int:
    """Read a duration and return whole minutes, or raise :class:`DurationError`.

    Accepts a bare number of minutes ("90"), units w, d, h and min in that order
    with or without spaces ("1 d 2 h", "4h30min"), long unit names ("2 hours"),
    decimals with a point or comma ("1.5 h", "1,5 h"), minutes after hours without a
    unit ("4 h 30"), commas between parts ("4 h, 30 min") and clock notation h:mm
    ("01:30"). The result must be a whole number of minutes between 0 and
    :data:`MAX_MINUTES`.
    """
    typed = text.strip()
    if not typed:
        raise DurationError("No duration was given.")
    shown = _quote(typed)
    if len(typed) > _MAX_INPUT:
        raise DurationError(f"{shown} is too long for a duration.")
    if typed.startswith("-"):
        raise DurationError(f"{shown}: a duration cannot be negative.")
    clock = _CLOCK.fullmatch(typed)
    if clock:
        hours, minutes = int(clock.group(1)), int(clock.group(2))
        if minutes > 59:
            raise DurationError(f"{shown}: after the colon there can be at most 59 minutes.")
        return _checked(hours * 60 + minutes, shown)
    total = _sum_parts(typed.lower(), shown)
    if total.denominator != 1:
        raise DurationError(f"{shown} is not a whole number of minutes.")
    return _checked(int(total), shown)


def format_minutes(minutes: int) -> str:
    """Write minutes compactly and exactly, largest units first: "1 w 2 d", "4 h 30 min".

    The output always reads back through :func:`parse_minutes` to the same value.
    Negative minutes are a bug in the caller and raise :class:`ValueError`.
    """
    if minutes < 0:
        raise ValueError(f"A duration cannot be negative: {minutes} minutes.")
    if minutes == 0:
        return "0 min"
    parts = []
    rest = minutes
    for unit, size in MINUTES_PER_UNIT.items():
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count} {unit}")
    return " ".join(parts)


def _sum_parts(typed: str, shown: str) -> Fraction:
    total = Fraction(0)
    previous: str | None = None
    position = 0
    while position < len(typed):
        part = _PART.match(typed, position)
        if part is None or part.end() == position:
            raise DurationError(f"{shown} is not a duration; write it like “4 h 30 min”.")
        number, word = part.group(1), part.group(2)
        position = part.end()
        unit = _unit(word, previous, at_end=position == len(typed), shown=shown)
        if previous is not None and _ORDER.index(unit) <= _ORDER.index(previous):
            if unit == previous:
                raise DurationError(f"{shown} gives the {_UNIT_WORDS[unit]} twice.")
            raise DurationError(f"{shown}: put larger units first, as in “1 d 4 h”.")
        total += Fraction(number.replace(",", ".")) * MINUTES_PER_UNIT[unit]
        previous = unit
    return total


def _unit(word: str, previous: str | None, *, at_end: bool, shown: str) -> str:
    if word:
        if word in _VARYING_UNITS:
            raise DurationError(
                f"{shown}: months and years vary in length; use days or weeks, as in “30 d”."
            )
        if word not in _UNIT_NAMES:
            raise DurationError(f"{shown}: “{word}” is not a unit; use min, h, d or w.")
        return _UNIT_NAMES[word]
    if previous is None and at_end:
        return "min"
    if previous == "h" and at_end:
        return "min"
    raise DurationError(f"{shown}: each number needs a unit (min, h, d or w).")


def _checked(minutes: int, shown: str) -> int:
    if minutes > MAX_MINUTES:
        raise DurationError(f"{shown} is longer than ten years; check the number.")
    return minutes


def _quote(text: str) -> str:
    shown = text if len(text) <= _MAX_INPUT else text[: _MAX_INPUT - 1] + "…"
    return f"“{shown}”"
