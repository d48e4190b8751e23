"""One person's box in a call tree diagram: measured for its width, and drawn.

A box holds the call order number in a shaded column, the name, job title, escalation
time, instructions and availability, and the person's numbers large on the right (or
"NO NUMBER", boxed). Each level of the tree is indented by INDENT, up to LEVELS_DRAWN
levels; deeper people keep that indent and say their level and caller instead of hanging
on a line. The lines between boxes leave a box at its rail and meet the next at ANCHOR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.reports.fonts import BOLD, REGULAR
from itscm_desktop.reports.layout import RULE, SHADE
from itscm_desktop.reports.text import (
    draw_string,
    fitted,
    largest_size,
    shortened,
    string_width,
    wrapped,
)
from itscm_desktop.vault.callout import Callee

#: Box geometry: each level is indented by INDENT up to LEVELS_DRAWN levels below the
#: top; deeper people keep that indent and say their level instead of hanging on a line.
INDENT = 9 * mm
LEVELS_DRAWN = 5
_ORDER = 10 * mm  # the shaded column with the call order number
_RAIL = _ORDER / 2  # where the line down to the people a person calls leaves their box
_NUMBERS = 58 * mm  # the column of phone numbers
_PAD = 2.5 * mm
ANCHOR = _PAD + 5  # where the elbow meets a box, below its top: beside the name
_INSTRUCTION_LINES = 3
_GREY = colors.Color(0.3, 0.3, 0.3)


@dataclass(frozen=True)
class Box:
    """One person in a tree, with what the drawing needs to know about their place."""

    callee: Callee  # name, order, depth and numbers as call_group gives them
    job_title: str
    availability: str
    escalate: int | None
    instructions: str
    caller: Callee | None
    last: bool  # the last person their caller calls
    calls: bool  # calls someone (has a line down to them)
    rails: tuple[int, ...]  # levels whose line passes beside this box, on to a later box

    @property
    def depth(self) -> int:
        return self.callee.depth

    @property
    def entering(self) -> tuple[int, ...]:
        """The levels whose lines come into this box's row from above."""
        joined = (self.depth - 1,) if 0 < self.depth <= LEVELS_DRAWN else ()
        return self.rails + joined


def box_x(depth: int) -> float:
    """The left of a box at `depth`, from the tree's left."""
    return float(min(depth, LEVELS_DRAWN) * INDENT)


def rail_x(level: int) -> float:
    """Where the line down from a box at `level` to the people it calls runs."""
    return box_x(level) + float(_RAIL)


@dataclass(frozen=True)
class _Text:
    """One line of text in a box: `dx` from the box's left, its baseline `dy` below the
    box's top."""

    dx: float
    dy: float
    text: str
    size: float
    font: str = REGULAR
    grey: bool = False
    align: str = "left"


@dataclass(frozen=True)
class Layout:
    """A box measured for one width: the text in it and its height."""

    width: float
    texts: tuple[_Text, ...]
    height: float
    reachable: bool  # has a number; else "NO NUMBER" is drawn, boxed


_NUMBER_LABELS = {
    "mobile": REGISTRY["contacts"].field("mobile_phone").label,
    "work": REGISTRY["contacts"].field("work_phone").label.removesuffix(" phone"),
    "home": REGISTRY["contacts"].field("home_phone").label.removesuffix(" phone"),
}
ESCALATE = REGISTRY["call_tree_nodes"].field("escalate_after_minutes")
_LABEL_WIDTH = 12 * mm
_NUMBER_LEADING = 16.0


def measure(box: Box, width: float) -> Layout:
    """Where each line of `box` goes in a box `width` wide: name, job title, level (when
    deeper than drawn), escalation, instructions and availability beside the numbers."""
    room = width - _ORDER - _NUMBERS - 3 * _PAD
    order = str(box.callee.order)
    size = largest_size(order, _ORDER - 3, 14, BOLD, smallest=8)
    texts = [_Text(_ORDER / 2, _PAD + 13, order, size, BOLD, align="centre")]
    y = _PAD

    def add(
        text: str, size: float, leading: float, font: str = REGULAR, grey: bool = False
    ) -> None:
        nonlocal y
        y += leading
        texts.append(_Text(_ORDER + _PAD, y - (leading - size) * 0.8, text, size, font, grey))

    for line in wrapped(box.callee.name, room, 11.5, BOLD, lines=2):
        add(line, 11.5, 14, BOLD)
    for line in wrapped(box.job_title, room, 8.5, lines=2):
        add(line, 8.5, 10.5, grey=True)
    if box.depth > LEVELS_DRAWN and box.caller is not None:
        level = f"Level {box.depth + 1} · called by {box.caller.order}"
        if string_width(f"{level} {box.caller.name}", 8.5, BOLD) <= room:
            add(f"{level} {box.caller.name}", 8.5, 11, BOLD)
        else:
            add(level, 8.5, 11, BOLD)
            add(shortened(box.caller.name, room, 8.5, BOLD), 8.5, 11, BOLD)
    if box.escalate is not None:
        add(f"{ESCALATE.label} {format_minutes(box.escalate)}", 9, 12, BOLD)
    for line in wrapped(box.instructions, room, 9, lines=_INSTRUCTION_LINES):
        add(line, 9, 11)
    for line in wrapped(box.availability, room, 8, lines=2):
        add(line, 8, 10, grey=True)
    left = width - _PAD - _NUMBERS
    for index, number in enumerate(box.callee.numbers, start=1):
        display, size = fitted(number.display, _NUMBERS - _LABEL_WIDTH, 13, BOLD, smallest=9)
        dy = _PAD + index * _NUMBER_LEADING - 3
        label = _NUMBER_LABELS.get(number.kind, number.kind.title())
        texts.append(_Text(left, dy, label, 8.5, grey=True))
        texts.append(_Text(left + _LABEL_WIDTH, dy, display, size, BOLD))
    if not box.callee.numbers:
        middle = left + _NUMBERS / 2
        texts.append(_Text(middle, _PAD + 13, "NO NUMBER", 12, BOLD, align="centre"))
        texts.append(_Text(middle, _PAD + 24, "find another way", 9, BOLD, align="centre"))
    numbers = _NUMBER_LEADING * len(box.callee.numbers) or 30.0
    height = max(y, numbers + _PAD) + _PAD
    return Layout(width, tuple(texts), height, bool(box.callee.numbers))


def draw_box(canvas: Any, box: Box, layout: Layout, x: float, top: float) -> None:
    """Draw `box` as measured in `layout`, its top left corner at (x, top); the box that
    starts the tree is outlined in black and heavier."""
    width, height = layout.width, layout.height
    canvas.setFillColor(SHADE)
    canvas.rect(x, top - height, _ORDER, height, stroke=0, fill=1)
    canvas.setStrokeColor(colors.black if box.depth == 0 else RULE)
    canvas.setLineWidth(1.6 if box.depth == 0 else 0.8)
    canvas.rect(x, top - height, width, height, stroke=1, fill=0)
    if not layout.reachable:
        canvas.setLineWidth(2)
        canvas.setStrokeColor(colors.black)
        canvas.rect(x + width - _PAD - _NUMBERS, top - _PAD - 28, _NUMBERS, 28, stroke=1, fill=0)
    for t in layout.texts:
        canvas.setFillColor(_GREY if t.grey else colors.black)
        draw_string(canvas, x + t.dx, top - t.dy, t.text, t.size, t.font, align=t.align)
    canvas.setFillColor(colors.black)


def note(canvas: Any, x: float, y: float, text: str, align: str = "left") -> None:
    """A small grey note on the drawing ("Continued on the next page")."""
    canvas.setFillColor(_GREY)
    draw_string(canvas, x, y, text, 8.5, REGULAR, align=align)
    canvas.setFillColor(colors.black)
