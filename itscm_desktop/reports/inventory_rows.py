"""The asset inventory's rows: each asset's cells fitted to their columns, and drawn.

The large organisation has 20,000 assets, so rows are fitted and drawn directly, not as
Paragraphs in a Table: seconds instead of minutes. A cell's text is set a little smaller
when that is all it takes to fit (`fit`), else wrapped to a few lines. Each row's height
is known once it is fitted, so a page break costs a sum. The look is not the contact
sheet's ruled blocks (`ruled`): no box, thin rules, lines of several sizes in one cell,
a caption over the headings on the pages a group runs onto, and a backup that repeats
the row above reading "as above" except at the top of a page.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.reports.fonts import BOLD, REGULAR
from itscm_desktop.reports.layout import RULE, SHADE
from itscm_desktop.reports.text import string_width, wrapped, write_line

_ASSETS = REGISTRY["assets"]


@dataclass(frozen=True)
class Text:
    """What one cell says before it is fitted: text, font, size, at most `lines` lines."""

    text: str
    font: str = REGULAR
    size: float = 7.0
    lines: int = 1
    shrink: float = 0.88  # set down to this share of `size` before breaking a line


Cell = tuple[Text, ...]
#: A fitted line: (text, font, size).
Line = tuple[str, str, float]

#: The columns: share of the width, and the two-line heading.
COLUMNS: tuple[tuple[float, str, str], ...] = (
    (0.34, "Asset", "Vendor · model · version"),
    (0.19, _ASSETS.field("serial").label, _ASSETS.field("hostname").label),
    (0.18, _ASSETS.field("owner_id").label, "Supplier · contract"),
    (0.20, "Backup method", "Frequency · location"),
    (0.09, _ASSETS.field("criticality").label, ""),
)
BACKUP_COLUMN = 3
AS_ABOVE = "as above"
#: A line is this many times its font size high; text sits this far above its bottom.
_LEADING = 1.17
_DESCENT = 0.25
_PAD = 2.0  # above and below the lines of a row
_SIDE = 2.5  # left and right of a cell's text
_HEADER_SIZE = 7.0
_CAPTION_SIZE = 8.0


@dataclass(frozen=True)
class Row:
    """One asset, fitted: its cells in full, and (when its backup reads as the row's
    before) with "as above" instead, each with its height."""

    cells: tuple[tuple[Line, ...], ...]
    height: float
    ditto: tuple[tuple[Line, ...], ...] | None = None
    ditto_height: float = 0.0

    def shown(self, first: bool) -> tuple[tuple[tuple[Line, ...], ...], float]:
        """The cells and height as printed: the first row of a page says it all."""
        if first or self.ditto is None:
            return self.cells, self.height
        return self.ditto, self.ditto_height


def fitted_rows(assets: Sequence[tuple[tuple[Cell, ...], Cell | None]], width: float) -> list[Row]:
    """Each asset's cells (in the order of COLUMNS) fitted to a table `width` wide. An
    asset's backup cell, when given, reads "as above" if it is the row's before."""
    rooms = [width * share - 2 * _SIDE for share, _, _ in COLUMNS]
    found = []
    before: Cell | None = None
    for cells, backup in assets:
        fitted = [_fitted(cell, room) for cell, room in zip(cells, rooms, strict=True)]
        full = Row(tuple(fitted), _height(fitted))
        if backup is not None and backup == before:
            room = rooms[BACKUP_COLUMN]
            tested = _fitted(cells[BACKUP_COLUMN][len(backup) :], room)
            fitted[BACKUP_COLUMN] = ((AS_ABOVE, REGULAR, 7.0), *tested)
            full = Row(full.cells, full.height, tuple(fitted), _height(fitted))
        found.append(full)
        before = backup
    return found


def _fitted(cell: Cell, room: float) -> tuple[Line, ...]:
    return tuple(line for t in cell for line in fit(t, room))


def _height(cells: Sequence[Sequence[Line]]) -> float:
    return max(sum(size * _LEADING for _, _, size in lines) for lines in cells) + 2 * _PAD


class AssetRows(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """The assets of one site and kind as a table drawn line by line. Each row's height
    is known when it is made, so a page break costs a sum; the column headings (under a
    "continued" caption) repeat on every page the group runs onto."""

    def __init__(
        self, rows: list[Row], width: float, caption: str, continued: bool = False
    ) -> None:
        super().__init__()
        self._rows = rows
        self._width = width
        self._caption = caption
        self._continued = continued
        self._lefts = [width * sum(c[0] for c in COLUMNS[:i]) for i in range(len(COLUMNS))]
        self._header = _LEADING * _HEADER_SIZE * 2 + 2 * _PAD
        self._top = self._header + (_LEADING * _CAPTION_SIZE + 2 if continued else 0)
        self._heights = [r.shown(i == 0)[1] for i, r in enumerate(rows)]
        self._height = self._top + sum(self._heights)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self._width, self._height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = available_height - self._top
        count = 0
        for height in self._heights:
            room -= height
            if room < 0:
                break
            count += 1
        if count == 0:
            return []
        if count == len(self._rows):
            return [self]
        first = AssetRows(self._rows[:count], self._width, self._caption, self._continued)
        return [first, AssetRows(self._rows[count:], self._width, self._caption, True)]

    def draw(self) -> None:
        canvas = self.canv
        text = canvas.beginText()
        y = self._height
        if self._continued:
            y -= _LEADING * _CAPTION_SIZE
            _put(text, 0, y + _DESCENT * _CAPTION_SIZE, (self._caption, BOLD, _CAPTION_SIZE))
            y -= 2
        canvas.setFillColor(SHADE)
        canvas.rect(0, y - self._header, self._width, self._header, stroke=0, fill=1)
        canvas.setFillColor("black")
        heading = tuple(
            _fitted((Text(first, BOLD, _HEADER_SIZE), Text(second, size=_HEADER_SIZE)), room)
            for (share, first, second) in COLUMNS
            for room in [share * self._width - 2 * _SIDE]
        )
        self._cells(text, heading, y)
        y -= self._header
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        for index, row in enumerate(self._rows):
            cells, height = row.shown(index == 0)
            self._cells(text, cells, y)
            y -= height
            canvas.line(0, y, self._width, y)
        canvas.drawText(text)

    def _cells(self, text: Any, cells: Sequence[Sequence[Line]], top: float) -> None:
        for left, lines in zip(self._lefts, cells, strict=True):
            y = top - _PAD
            for line in lines:
                y -= line[2] * _LEADING
                _put(text, left + _SIDE, y + _DESCENT * line[2], line)


def _put(text: Any, x: float, y: float, line: Line) -> None:
    """One line into the text object `text` at (x, y), each run in the font that has its
    characters; it ends in a line break so that text extraction reads it as one line."""
    value, font, size = line
    text.setTextOrigin(x, y)
    write_line(text, value, size, font)


@functools.lru_cache(maxsize=8192)
def fit(text: Text, width: float) -> tuple[Line, ...]:
    """`text` as at most `text.lines` lines no wider than `width`: on one line, set a
    little smaller if that is all it takes; else wrapped (`text.wrapped`: at spaces, inside
    a word when one word is too wide, as in 田中 or a long serial), what does not fit
    ending in "…". Empty text is no line at all. Cached: most asset texts repeat."""
    value = " ".join(text.text.split())
    if not value:
        return ()
    natural = string_width(value, text.size, text.font)
    if natural <= width:
        return ((value, text.font, text.size),)
    if natural * text.shrink <= width:
        size = int(text.size * width / natural * 10) / 10  # down to a tenth of a point
        return ((value, text.font, size),)
    lines = wrapped(value, width, text.size, text.font, lines=text.lines)
    return tuple((line, text.font, text.size) for line in lines)
