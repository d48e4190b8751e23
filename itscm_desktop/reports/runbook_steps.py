"""A recovery plan's steps on paper: one table per phase, a row per step with a tick box,
what to do, who does it, how long it takes and the time elapsed by its end, and columns
to write in when it started and finished and who did it; a black bar after the step
whose end passes the RTO.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.reports.cell_text import Lines, Segments
from itscm_desktop.reports.fonts import BOLD, REGULAR, markup
from itscm_desktop.reports.layout import RULE, SHADE, styles
from itscm_desktop.reports.records import Record

#: A person's name, the kind of their best number ("Mobile") and the number, by contact
#: id; "" for what is not known.
Reach = Callable[[str | None], tuple[str, str, str]]

_TICK = 5 * mm
#: A page holds more than this below the header, A4 or Letter; a step split across pages
#: leaves at least _MIN_PIECE on each.
_NEARLY_A_PAGE = 200 * mm
_MIN_PIECE = 30 * mm
#: Widths of the columns around the step's own: tick, number, who, time, and the three
#: columns written in by hand (started, finished, initials).
_DONE, _NUMBER, _WHO, _TIME, _WRITE = 10 * mm, 8 * mm, 33 * mm, 20 * mm, 14 * mm
_HEADER = ("Done", "#", "Step", "Who", "Takes\nElapsed", "Started", "Finished", "Initials")


class TickBox(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """An empty square to tick, ~5 mm, drawn (not a glyph): it prints the same with any
    font, and a pen mark in it is plain to see."""

    def __init__(self, size: float = _TICK, height: float = 8 * mm) -> None:
        super().__init__()
        self.size = size
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(1.2)
        canvas.rect(0, self.height - self.size, self.size, self.size, stroke=1, fill=0)
        canvas.restoreState()


class _StepTable(Table):  # type: ignore[misc]  # reportlab has no type hints
    """A step table that splits a step across pages only when the step is taller than a
    page: a step that fits a page starts on the next one, whole."""

    def split(self, available_width: float, available_height: float) -> list[Table]:
        self.splitInRow = _MIN_PIECE if available_height > _NEARLY_A_PAGE else 0
        return list(super().split(available_width, available_height))


def steps_table(
    rows: list[tuple[int, Record, int]],
    numbers: Mapping[str, int],
    teams: Mapping[str, Record],
    reach: Reach,
    rto: int | None,
    marker_after: int | None,
    width: float,
) -> Table:
    """The steps `rows` of one phase ((number, step, minutes elapsed by its end), in order)
    with their tick boxes; after the step numbered `marker_after`, the black bar saying
    that the RTO `rto` has passed. `numbers` gives each step of the plan its number (a
    step names the steps it waits for); `teams` and `reach` name who does it."""
    step_width = width - _DONE - _NUMBER - _WHO - _TIME - 3 * _WRITE
    data: list[list[object]] = [list(_HEADER)]
    commands: list[tuple[Any, ...]] = []
    for number, step, elapsed in rows:
        takes = step["estimated_minutes"]
        time = [[(format_minutes(takes) if takes is not None else "—", REGULAR)]]
        time.append([(format_minutes(elapsed), BOLD)])
        data.append(
            [
                [TickBox()],  # cells as lists: only those split across pages (_StepTable)
                str(number),
                [Lines(_step_text(step, number, numbers))],
                [Lines(_who(step, teams, reach))],
                [Lines(time)],
                "",
                "",
                "",
            ]
        )
        if number == marker_after:
            row = len(data) - 1
            data.append([_marker(rto or 0, number, elapsed)] + [""] * 7)
            commands += [
                ("SPAN", (0, row + 1), (-1, row + 1)),
                ("BACKGROUND", (0, row + 1), (-1, row + 1), colors.black),
                ("NOSPLIT", (0, row), (-1, row + 1)),
                ("BOX", (4, row), (4, row), 2.5, colors.black),
            ]
    commands[:0] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), 7.5),
        ("LEADING", (0, 0), (-1, 0), 9),
        ("FONTNAME", (1, 1), (1, -1), BOLD),
        ("FONTSIZE", (1, 1), (1, -1), 11.5),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, 0), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, 0), 1.5),
        ("LEFTPADDING", (0, 1), (0, -1), 2.5 * mm),
    ]
    widths = [_DONE, _NUMBER, step_width, _WHO, _TIME, _WRITE, _WRITE, _WRITE]
    table = _StepTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _lines(text: str, font: str = REGULAR) -> list[Segments]:
    return [[(line, font)] for line in text.split("\n")]


def _step_text(step: Record, number: int, numbers: Mapping[str, int]) -> list[Segments]:
    found = _lines(str(step["title"] or ""), BOLD)
    if step["instructions"]:
        found += _lines(str(step["instructions"]))
    if step["verification"]:
        check = _lines(str(step["verification"]))
        check[0].insert(0, ("Check:", BOLD))
        found += check
    needs = sorted(numbers[d] for d in step["depends_on_ids"] or () if d in numbers)
    if needs:
        line: Segments = [(f"After step {', '.join(str(n) for n in needs)}.", BOLD)]
        later = [n for n in needs if n > number]
        if later:
            joined = ", ".join(str(n) for n in later)
            line.append((f"⚠ Step {joined} comes later in this runbook.", REGULAR))
        found.append(line)
    return found


def _who(step: Record, teams: Mapping[str, Record], reach: Reach) -> list[Segments]:
    found: list[Segments] = []
    team = teams.get(step["team_id"] or "")
    if team is not None:
        found.append([(str(team["name"]), BOLD)])
    if step["role"]:
        found += _lines(str(step["role"]))
    name, kind, number = reach(step["contact_id"])
    if name:
        found.append([(name, REGULAR)])
    if number:  # on a line of its own: a number broken over two lines is misdialled
        found += [[(kind, REGULAR)], [(number, BOLD)]]
    return found or [[("Not assigned", REGULAR)]]


def _marker(rto: int, number: int, elapsed: int) -> Paragraph:
    passed = markup(f"⚠ RTO {format_minutes(rto)} PASSED HERE", BOLD)
    detail = markup(
        f" — by the end of step {number} the outage has lasted {format_minutes(elapsed)}"
    )
    style = styles()["body"].clone("marker", textColor=colors.white, leading=16)
    return Paragraph(f'<font size="13">{passed}</font>{detail}', style)
