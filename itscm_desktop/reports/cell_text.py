"""Plain text in table cells, wrapped once per width and drawn as one text object.

The large organisation's runbooks have 7,500 steps: reportlab's Paragraph wraps a cell
again for every page a table splits over and again to draw it (38 s for the checklist of
300 plans). The step tables and the business impact summary's priority table need only
plain and bold text, each run in the font that has its characters: `Lines`.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from itscm_desktop.reports.fonts import runs
from itscm_desktop.reports.text import broken, words

#: One paragraph of a `Lines` cell: (text, font) pieces set one after another.
Segments = list[tuple[str, str]]


class Lines(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Short paragraphs of plain text in a table cell, wrapped at spaces once per width
    (as `text.wrapped` wraps, phone numbers kept whole) and drawn as one text object,
    each run in the font that has its characters."""

    def __init__(self, paragraphs: list[Segments], size: float = 8.5, leading: float = 10.5):
        super().__init__()
        self.paragraphs = paragraphs
        self.size = size
        self.leading = leading
        self._wrapped: tuple[float, list[Segments]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped is None or self._wrapped[0] != available_width:
            lines: list[Segments] = []
            for paragraph in self.paragraphs:
                lines += _wrapped(paragraph, available_width, self.size)
            self._wrapped = (available_width, lines)
        # Like a Paragraph, as wide as it may be: the table's columns are fixed.
        self.width, self.height = available_width, len(self._wrapped[1]) * self.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Lines]:
        """The lines that fit `available_height` and the rest (a step longer than a page).

        The lines stay as the cell last wrapped them: reportlab asks a cell's content to
        split at the column's width, padding included, wider than the content's own.
        """
        if self._wrapped is None:
            self.wrap(available_width, available_height)
        assert self._wrapped is not None
        lines = self._wrapped[1]
        fit = int(available_height // self.leading)
        if not 0 < fit < len(lines):
            return []
        return [Lines(part, self.size, self.leading) for part in (lines[:fit], lines[fit:])]

    def draw(self) -> None:
        assert self._wrapped is not None
        text = self.canv.beginText(0, self.height - self.size)
        text.setLeading(self.leading)
        current = ""
        for line in self._wrapped[1]:
            pieces = [piece for words, font in line for piece in runs(words, font)]
            for index, (name, part) in enumerate(pieces, start=1):
                if name != current:
                    text.setFont(name, self.size, self.leading)
                    current = name
                if index < len(pieces):
                    text.textOut(part)
                else:
                    text.textLine(part)  # ends the line: one text operation, not two
            if not pieces:
                text.textLine("")
        self.canv.drawText(text)


def _wrapped(paragraph: Segments, width: float, size: float) -> list[Segments]:
    """`paragraph` broken into lines no wider than `width` (see `text.broken`), each line
    its words joined into one piece per font. An empty paragraph is one blank line."""
    pieces = [(word, font) for text, font in paragraph for word in words(text) if word]
    lines: list[Segments] = []
    for found, _, _ in broken(pieces, width, size):
        line: Segments = []
        for word, font in found:
            if line and line[-1][1] == font:
                line[-1] = (f"{line[-1][0]} {word}", font)
            elif line:
                line[-1] = (line[-1][0] + " ", line[-1][1])
                line.append((word, font))
            else:
                line.append((word, font))
        lines.append(line)
    return lines or [[]]
