"""A wallet card drawn: front and back side by side, with the fold, the outline to cut
along and crop marks, every line of text kept inside its side.

A side is ID-1 size (85.6 × 54 mm), the size of a bank card. The front says whose card it
is, their team and role, the crisis line (boxed, large) and where the team meets; the
back, whom to call next and the suppliers' 24/7 lines. Text shrinks to SMALLEST to fit its
line, then is cut with "…"; nothing comes closer than PADDING to an edge or to the fold.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from itscm_desktop.reports.fonts import BOLD, REGULAR
from itscm_desktop.reports.layout import RULE
from itscm_desktop.reports.text import draw_string, fitted, wrapped

CARD_WIDTH = 85.6 * mm  # one side, ID-1
CARD_HEIGHT = 54 * mm
UNFOLDED_WIDTH = 2 * CARD_WIDTH
MARK_OFFSET = 1 * mm  # crop marks start this far from the cut...
MARK_LENGTH = 2.5 * mm  # ...and are this long
MARK_REACH = MARK_OFFSET + MARK_LENGTH
#: No text comes closer than this to an edge or to the fold.
PADDING = 3.5 * mm
SMALLEST = 6.0  # points: text shrinks to this size, then is cut with "…"


@dataclass(frozen=True)
class Line:
    """A name and the number to call it on, as printed on the back."""

    name: str
    number: str  # empty when none is recorded


@dataclass(frozen=True)
class Card:
    """What one card says, every field ready to print."""

    organisation: str
    classification: str
    holder: str
    team: str
    role: str  # "Team leader · Chair · Primary"
    crisis_line: str
    meeting_point: str
    call_next: tuple[Line, ...]
    more: int  # people to call who did not fit
    suppliers: tuple[Line, ...]
    suppliers_total: int
    printed: str  # "Plan v3.2 · printed 2026-11-25": an old card shows its age


# -- Text fitted to the card ------------------------------------------------------------------

#: Where a line's baseline sits below its top, and its descent, per point of size (DejaVu).
_ASCENT = 0.76
_DESCENT = 0.241
#: The height of a line with a name and a number on the back.
_PAIR = 8.5 + 2.5


class _Pen:
    """Writes lines down one side of a card from the top; nothing leaves the padding."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.left = PADDING
        self.width = CARD_WIDTH - 2 * PADDING
        self.y = CARD_HEIGHT - PADDING  # the top of the next line

    def line(
        self,
        text: str,
        size: float,
        font: str = REGULAR,
        *,
        gap: float = 1.5,
        width: float = 0,
        smallest: float = SMALLEST,
    ) -> None:
        """One line of `text` at `size`, smaller if it must be, `width` wide (or the
        column's); then the next line starts `gap` lower."""
        text, shown = fitted(text, width or self.width, size, font, smallest)
        draw_string(self.canvas, self.left, self.y - _ASCENT * size, text, shown, font)
        self.y -= size + gap

    def pair(self, line: Line, missing: str, *, order: str = "") -> None:
        """A name on the left and its number on the right (or `missing`, plainly), on one
        baseline."""
        name_size, number_size = 7.5, 8.5
        baseline = self.y - _ASCENT * number_size
        font = BOLD if line.number else REGULAR
        size = number_size if line.number else name_size
        number, shown = fitted(line.number or missing, self.width * 0.55, size, font, SMALLEST)
        right = self.left + self.width
        taken = draw_string(self.canvas, right, baseline, number, shown, font, align="right")
        indent = 3.2 * mm if order else 0
        if order:
            draw_string(self.canvas, self.left, baseline, order, name_size, BOLD)
        room = self.width - indent - taken - 2 * mm
        name, shown = fitted(line.name, room, name_size, REGULAR, SMALLEST)
        draw_string(self.canvas, self.left + indent, baseline, name, shown, REGULAR)
        self.y -= _PAIR

    def rule(self, before: float = 1.0, after: float = 3.0) -> None:
        self.y -= before
        self.canvas.setStrokeColor(RULE)
        self.canvas.setLineWidth(0.5)
        self.canvas.line(self.left, self.y, self.left + self.width, self.y)
        self.y -= after

    def lines_left(self, size: float, gap: float) -> int:
        """How many more lines of `size` fit above the bottom padding."""
        return max(0, int((self.y - PADDING + gap) // (size + gap)))


# -- The card drawn -----------------------------------------------------------------------------


def _draw_front(canvas: Canvas, card: Card) -> None:
    pen = _Pen(canvas)
    room = pen.width
    if card.classification:
        mark, size = fitted(card.classification, pen.width / 2, 6, BOLD, SMALLEST)
        right = pen.left + pen.width
        room -= draw_string(canvas, right, pen.y - _ASCENT * 6.5, mark, size, BOLD, align="right")
        room -= 2 * mm
    pen.line(card.organisation, 6.5, BOLD, width=room, gap=2.5)
    pen.line("IN AN EMERGENCY", 11, BOLD, gap=1)
    pen.rule(after=3.5)
    pen.line(card.holder, 12, BOLD, smallest=8)
    pen.line(card.team, 7.5, BOLD, gap=1)
    pen.line(card.role, 7, gap=3.5)
    # The crisis line, boxed and large: the one number everyone must find.
    box = 36.0
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(1.2)
    canvas.roundRect(pen.left, pen.y - box, pen.width, box, 2.5, stroke=1, fill=0)
    draw_string(canvas, pen.left + 4, pen.y - 4 - _ASCENT * 6.5, "CRISIS LINE", 6.5, BOLD)
    if card.crisis_line:
        number, size = fitted(card.crisis_line, pen.width - 8, 20, BOLD, smallest=10)
    else:
        number, size = "not recorded yet", 11.0
    draw_string(canvas, pen.left + 4, pen.y - box + 4 + _DESCENT * size, number, size, BOLD)
    pen.y -= box + 3.5
    if card.meeting_point:
        pen.line("MEETING POINT", 6, BOLD, gap=1)
        lines = pen.lines_left(7, 1.3)
        for line in wrapped(card.meeting_point, pen.width, 7, REGULAR, lines=lines):
            pen.line(line, 7, gap=1.3)


def _draw_back(canvas: Canvas, card: Card) -> None:
    pen = _Pen(canvas)
    pen.line("CALL NEXT, IN THIS ORDER", 7, BOLD, gap=2.5)
    for order, line in enumerate(card.call_next, start=1):
        pen.pair(line, "no number", order=str(order))
    if card.more:
        pen.line(f"… and {card.more} more: see the contact sheet", 7)
    if not card.call_next:
        pen.line("Nobody else in this team yet.", 7)
    pen.rule(before=0.5)
    heading = "SUPPLIERS' 24/7 LINES"
    if card.suppliers_total > len(card.suppliers):
        heading += f" ({len(card.suppliers)} of {card.suppliers_total})"
    pen.line(heading, 7, BOLD, gap=2.5)
    footer = PADDING + 6 + 1.5  # the top of the "printed" line, which nothing may cross
    for line in card.suppliers:
        if pen.y - _PAIR < footer:
            break
        pen.pair(line, "no 24/7 line")
    if not card.suppliers:
        pen.line("None recorded for this team.", 7)
    printed, size = fitted(card.printed, pen.width, 6, REGULAR, SMALLEST)
    draw_string(canvas, pen.left, PADDING + _DESCENT * size, printed, size, REGULAR)


def _draw_marks(canvas: Canvas) -> None:
    """The outline to cut along, the fold, and crop marks outside the corners and the fold
    ends (they survive when the outline is cut off-line)."""
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.rect(0, 0, UNFOLDED_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
    marks = []
    for x in (0, CARD_WIDTH, UNFOLDED_WIDTH):
        marks.append((x, -MARK_OFFSET, x, -MARK_REACH))
        marks.append((x, CARD_HEIGHT + MARK_OFFSET, x, CARD_HEIGHT + MARK_REACH))
    for y in (0, CARD_HEIGHT):
        marks.append((-MARK_OFFSET, y, -MARK_REACH, y))
        marks.append((UNFOLDED_WIDTH + MARK_OFFSET, y, UNFOLDED_WIDTH + MARK_REACH, y))
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.25)
    canvas.lines(marks)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.setDash(3, 2)
    canvas.line(CARD_WIDTH, 0, CARD_WIDTH, CARD_HEIGHT)
    canvas.setDash()


def draw_card(canvas: Canvas, card: Card, x: float, y: float) -> None:
    """Draw `card` unfolded with its bottom-left corner (not its marks') at (x, y)."""
    canvas.saveState()
    canvas.translate(x, y)
    _draw_marks(canvas)
    _draw_front(canvas, card)
    canvas.translate(CARD_WIDTH, 0)
    _draw_back(canvas, card)
    canvas.restoreState()
