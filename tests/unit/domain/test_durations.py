"""Tests for itscm_desktop.domain.durations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itscm_desktop.domain.durations import (
    MAX_MINUTES,
    DurationError,
    format_minutes,
    parse_minutes,
)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("90", 90),
        ("0", 0),
        ("90 min", 90),
        ("90min", 90),
        ("90 minutes", 90),
        ("45m", 45),
        ("4h", 240),
        ("4 H", 240),
        ("4 hrs", 240),
        ("2 hours", 120),
        ("4 h 30 min", 270),
        ("4h30min", 270),
        ("4h30", 270),
        ("4 h 30", 270),
        ("4 h, 30 min", 270),
        ("4 hours 30 minutes", 270),
        ("1d", 1440),
        ("1 day", 1440),
        ("1 d 2 h", 1560),
        ("1 d2h", 1560),
        ("2w", 20160),
        ("1 wk 2 days", 12960),
        ("1.5h", 90),
        ("1,5 h", 90),
        ("0.1 h", 6),
        ("0.5 d", 720),
        ("01:30", 90),
        ("0:45", 45),
        ("26:00", 1560),
        ("  3 d  ", 4320),
    ],
)
def test_parses_what_people_type(typed: str, minutes: int) -> None:
    assert parse_minutes(typed) == minutes


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "No duration was given."),
        ("  ", "No duration was given."),
        ("-5", "cannot be negative"),
        ("-1 h", "cannot be negative"),
        ("abc", "“abc” is not a duration; write it like “4 h 30 min”."),
        ("h", "is not a duration"),
        ("½ h", "is not a duration"),
        ("1.01h", "“1.01h” is not a whole number of minutes."),
        ("1.5", "is not a whole number of minutes."),
        ("1:75", "at most 59 minutes"),
        ("30 min 4 h", "put larger units first"),
        ("1h 2h", "“1h 2h” gives the hours twice."),
        ("3 months", "months and years vary in length"),
        ("1 y", "months and years vary in length"),
        ("3 x", "“x” is not a unit; use min, h, d or w."),
        ("1 d 2", "each number needs a unit"),
        ("2 30 min", "each number needs a unit"),
        ("10000 w", "longer than ten years"),
        ("99999:00", "longer than ten years"),
        ("1" * 100, "too long for a duration"),
    ],
)
def test_rejects_with_a_clear_message(typed: str, message: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_minutes(typed)
    assert message in str(caught.value)


def test_max_is_accepted() -> None:
    assert parse_minutes(f"{MAX_MINUTES} min") == MAX_MINUTES
    with pytest.raises(DurationError):
        parse_minutes(f"{MAX_MINUTES + 1}")


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 min"),
        (1, "1 min"),
        (45, "45 min"),
        (60, "1 h"),
        (240, "4 h"),
        (270, "4 h 30 min"),
        (1440, "1 d"),
        (1560, "1 d 2 h"),
        (4320, "3 d"),
        (4321, "3 d 1 min"),
        (10080, "1 w"),
        (11520, "1 w 1 d"),
        (100000, "9 w 6 d 10 h 40 min"),
    ],
)
def test_formats_compactly(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


def test_format_refuses_negative() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        format_minutes(-1)


@given(st.integers(min_value=0, max_value=MAX_MINUTES))
def test_format_then_parse_round_trips(minutes: int) -> None:
    assert parse_minutes(format_minutes(minutes)) == minutes


@given(
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=23),
    st.integers(min_value=0, max_value=59),
)
def test_components_add_up(weeks: int, days: int, hours: int, minutes: int) -> None:
    text = f"{weeks}w {days} d {hours}h{minutes}min"
    assert parse_minutes(text) == ((weeks * 7 + days) * 24 + hours) * 60 + minutes


@given(st.text(max_size=30))
def test_any_text_gives_minutes_or_a_duration_error(text: str) -> None:
    try:
        minutes = parse_minutes(text)
    except DurationError:
        return
    assert 0 <= minutes <= MAX_MINUTES
    assert parse_minutes(format_minutes(minutes)) == minutes
