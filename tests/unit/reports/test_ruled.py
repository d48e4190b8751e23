"""Ruled blocks split between rows with their heading repeated, and hold no text taller
than a page. (How their text is measured and broken: test_text.)"""

from __future__ import annotations

import pytest

from itscm_desktop.reports.layout import styles
from itscm_desktop.reports.ruled import MAX_LINES, Cell, Row, Ruled, Text


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


def test_a_note_longer_than_a_page_is_cut_and_says_so() -> None:
    small = styles()["small"]
    note = "\n".join(f"Line {n}: ring extension 4{n:03d}." for n in range(40))
    row = Row([Cell([Text(note, small)])])
    row.lay_out([300])
    ((_, _, (lines,)),) = row._laid
    assert len(lines) == MAX_LINES
    assert lines[:-1] == [f"Line {n}: ring extension 4{n:03d}." for n in range(MAX_LINES - 1)]
    assert lines[-1].startswith(f"Line {MAX_LINES - 1}: ring") and lines[-1].endswith("…")
    assert row.height == pytest.approx(4 + MAX_LINES * small.leading + 5)
