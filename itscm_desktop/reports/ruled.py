"""Ruled blocks: the look of a platypus Table (a box, a rule under each row, a shaded
heading that repeats on every page the block runs on to) for long lists of short rows,
at a fraction of the cost.

A Table of Paragraphs parses markup, wraps and measures every cell again and again; a
contact sheet of 2,000 people spent most of its time there. Here a cell is plain text in
a paragraph style, wrapped once on spaces with the same font metrics (`text.wrapped`),
set on the same baselines as a Paragraph, and drawn line by line, each run in its font
(so Łódź and 田中 still find theirs). Text reads back cell by cell, left to right, as a
Table's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.colors import Color, black
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from itscm_desktop.reports.fonts import runs
from itscm_desktop.reports.layout import RULE, SHADE
from itscm_desktop.reports.text import wrapped

#: A Table's default cell padding, and the padding the documents set above and below.
PAD_X = 6.0
PAD_TOP = 4.0
PAD_BOTTOM = 5.0
#: At most this many lines of one text: a row must fit on a page (a Table's would not
#: either), and a note longer than this belongs in the handbook, not on a contact sheet.
MAX_LINES = 24


@dataclass(frozen=True)
class Text:
    """A piece of plain text set in a paragraph style (font, size, leading, colour)."""

    text: str
    style: ParagraphStyle


@dataclass(frozen=True)
class Cell:
    """What one cell holds: texts one under the other, or one flowable (a QR code).
    `span` is the number of columns it covers; `top` its own top padding."""

    content: Sequence[Text] | Flowable = ()
    span: int = 1
    top: float = PAD_TOP


@dataclass
class Row:
    """One row of cells, left to right; a shaded row is a heading."""

    cells: Sequence[Cell]
    shaded: bool = False
    #: Filled in when the block is first measured: each cell's x, width and lines.
    _laid: list[tuple[float, Cell, list[list[str]]]] = field(default_factory=list)
    height: float = 0.0

    def lay_out(self, widths: Sequence[float]) -> None:
        x, column = 0.0, 0
        height = 0.0
        for cell in self.cells:
            width = sum(widths[column : column + cell.span])
            column += cell.span
            inner = width - 2 * PAD_X
            if isinstance(cell.content, Flowable):
                lines: list[list[str]] = []
                used = cell.content.wrap(inner, 1e6)[1]
            else:
                lines = [
                    wrapped(t.text, inner, t.style.fontSize, t.style.fontName, lines=MAX_LINES)
                    for t in cell.content
                ]
                used = sum(
                    len(found) * t.style.leading
                    for t, found in zip(cell.content, lines, strict=True)
                )
            self._laid.append((x, cell, lines))
            height = max(height, cell.top + used + PAD_BOTTOM)
            x += width
        self.height = height

    def draw_text(self, lines: _Lines, top: float) -> None:
        for x, cell, found in self._laid:
            if isinstance(cell.content, Flowable):
                continue
            y = top - cell.top
            for text, texts in zip(cell.content, found, strict=True):
                style = text.style
                lines.colour(style.textColor)
                baseline = y - style.fontSize  # where a Paragraph sets it
                for line in texts:
                    lines.add(x + PAD_X, baseline, line, style)
                    baseline -= style.leading
                y -= len(texts) * style.leading

    def draw_flowables(self, canvas: Canvas, top: float) -> None:
        for x, cell, _ in self._laid:
            if isinstance(cell.content, Flowable):
                flowable = cell.content
                flowable.drawOn(canvas, x + PAD_X, top - cell.top - flowable.height)


class _Lines:
    """Lines of text written as one PDF text object, each ended as a line of its own
    (so that text extraction reads each back on its own line), each run in its font as
    `fonts.draw_string` sets it, each font said only when it changes.

    The operators are written here rather than through reportlab's text object, which
    formats a text matrix, a font and every number in pure Python for each line: on a
    sheet of 30,000 lines that was a third of the time. The fonts' own `splitString`
    still picks the glyphs and the subsets to embed."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.code = ["BT"]
        self.x = self.y = 0.0
        self.fill: Color = black
        self.font: tuple[str, float, float] | None = None

    def colour(self, fill: Color) -> None:
        if fill != self.fill:
            self.code.append(f"{fill.red:g} {fill.green:g} {fill.blue:g} rg")
            self.fill = fill

    def add(self, x: float, y: float, line: str, style: ParagraphStyle) -> None:
        code = self.code
        if x != self.x or y != self.y:
            code.append(f"{x - self.x:.2f} {y - self.y:.2f} Td")
        size, leading = style.fontSize, style.leading
        document = self.canvas._doc  # the fonts keep their subsets per document
        for name, part in runs(line, style.fontName):
            font = pdfmetrics.getFont(name)
            for subset, chunk in font.splitString(part, document):
                internal = font.getSubsetInternalName(subset, document)
                if (internal, size, leading) != self.font:
                    code.append(f"{internal} {size:g} Tf {leading:g} TL")
                    self.font = (internal, size, leading)
                code.append(f"({_escaped(chunk)}) Tj")
        code.append("T*")
        self.x, self.y = x, y - leading

    def close(self) -> None:
        """Write the text object onto the canvas, the fill black again."""
        self.colour(black)
        self.code.append("ET")
        self.canvas.addLiteral(" ".join(self.code))


#: Bytes a PDF string may hold as they are: printable ASCII but the parentheses and the
#: backslash, which must be escaped.
_PLAIN = re.compile(rb"[\x20-\x27\x2a-\x5b\x5d-\x7e]*")


def _escaped(chunk: bytes) -> str:
    """`chunk` as the inside of a PDF string literal."""
    if _PLAIN.fullmatch(chunk):
        return chunk.decode("ascii")
    return str(escapePDF(chunk))


class Ruled(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A boxed block of rows in columns of `widths`, its first row a heading. On a page
    break the block goes on under `continued` (the heading again if None); a page holds
    the heading and at least one row, or the block starts on the next page."""

    def __init__(
        self,
        widths: Sequence[float],
        heading: Row,
        rows: Sequence[Row],
        continued: Row | None = None,
    ) -> None:
        super().__init__()
        self.widths = list(widths)
        self.heading = heading
        self.rows = list(rows)
        self.continued = continued or heading
        self.width = sum(self.widths)
        self.height = 0.0

    def _measured(self) -> None:
        for row in (self.heading, self.continued, *self.rows):
            if not row._laid:
                row.lay_out(self.widths)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._measured()
        self.height = self.heading.height + sum(row.height for row in self.rows)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self._measured()
        room = available_height - self.heading.height
        fitting = 0
        for row in self.rows:
            if row.height > room:
                break
            room -= row.height
            fitting += 1
        if fitting == 0 or fitting == len(self.rows):
            return []
        return [
            Ruled(self.widths, self.heading, self.rows[:fitting], self.continued),
            Ruled(self.widths, self.continued, self.rows[fitting:], self.continued),
        ]

    def draw(self) -> None:
        canvas = self.canv
        rows = [self.heading, *self.rows]
        top = self.height
        canvas.setFillColor(SHADE)
        for row in rows:
            if row.shaded:
                canvas.rect(0, top - row.height, self.width, row.height, stroke=0, fill=1)
            top -= row.height
        canvas.setFillColor(black)
        lines = _Lines(canvas)
        top = self.height
        for row in rows:
            row.draw_text(lines, top)
            top -= row.height
        lines.close()
        top = self.height
        for row in rows:
            row.draw_flowables(canvas, top)
            top -= row.height
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        top = self.height
        for row in rows[:-1]:
            top -= row.height
            canvas.line(0, top, self.width, top)
        canvas.setLineWidth(0.8)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
