"""Ruled blocks measure and break text as a Paragraph would, and split between rows
with their heading repeated."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from itscm_desktop.reports.fonts import BOLD, REGULAR, markup, string_width
from itscm_desktop.reports.layout import styles
from itscm_desktop.reports.ruled import Cell, Row, Ruled, Text, text_width, wrapped


@pytest.mark.parametrize(
    "text", ["Margaret Holroyd", "TEAM LEADER · PRIMARY", "Łódź Wiśniewska", "田中 太郎", ""]
)
@pytest.mark.parametrize("font", [REGULAR, BOLD])
def test_widths_are_the_fonts_own(text: str, font: str) -> None:
    assert text_width(text, 11.5, font) == string_width(text, 11.5, font)


def test_text_breaks_at_spaces_within_the_width_as_a_paragraph_does() -> None:
    text = "On the IT on-call rota (week 1 of 4); outside that week, best effort. Łódź."
    style = styles()["small"]
    width = 120.0
    lines = wrapped(text, width, style.fontSize, style.fontName)
    assert " ".join(lines) == text
    assert all(string_width(line, style.fontSize, style.fontName) <= width for line in lines)
    paragraph = Paragraph(markup(text), style)
    paragraph.wrap(width, 1000)
    assert len(lines) == len(paragraph.blPara.lines)


def test_line_breaks_long_words_and_no_break_spaces() -> None:
    assert wrapped("Contact line\none\n\ntwo", 1000, 10, REGULAR) == [
        "Contact line",
        "one",
        "",
        "two",
    ]
    long = wrapped("invoke@northern-recovery.example.com", 60, 8.5, REGULAR)
    assert len(long) > 1 and "".join(long) == "invoke@northern-recovery.example.com"
    assert all(string_width(line, 8.5, REGULAR) <= 60 for line in long)
    # "Contract\u00a0X" stays on one line rather than leaving "Contract" alone.
    assert wrapped("Quote: Contract\u00a0ABC-123", 90, 9.5, REGULAR)[-1] == "Contract\u00a0ABC-123"
    assert wrapped("", 100, 10, REGULAR) == []
    assert wrapped("   ", 100, 10, REGULAR) == []


def test_a_block_splits_between_rows_and_repeats_its_heading() -> None:
    body = styles()["body"]
    heading = Row([Cell([Text("Team", body)], span=2)], shaded=True)
    continued = Row([Cell([Text("Team (continued)", body)], span=2)], shaded=True)
    rows = [Row([Cell([Text(f"Person {n}", body)]), Cell([Text("+44", body)])]) for n in range(10)]
    block = Ruled([100, 100], heading, rows, continued)
    height = block.wrap(200, 1000)[1]
    row = 4 + 12 + 5  # padding above, one line, padding below
    assert height == pytest.approx(11 * row)
    first, rest = block.split(200, 4.5 * row)
    assert (first.heading, first.rows) == (heading, rows[:3])
    assert (rest.heading, rest.rows) == (continued, rows[3:])
    assert rest.split(200, row * 1.5) == []  # a heading alone is never left at a page foot


def test_a_phone_number_is_never_broken_across_lines() -> None:
    text = "Gatehouse staffed 24/7 (+48 42 630 1100). Server room on the ground floor."
    lines = wrapped(text, 160, 9.5, REGULAR)
    assert len(lines) > 1
    assert any("+48\u00a042\u00a0630\u00a01100" in line for line in lines)
    assert " ".join(lines).replace("\u00a0", " ") == text
