"""Plain text in the bundled fonts, line by line: measured, fitted to a width, drawn.

Every document that draws text itself (the page header, call tree boxes, wallet cards,
ruled blocks, runbook and inventory cells) measures it here, and far more often than a
Paragraph would: the large organisation's contact sheet measures tens of thousands of
strings. So a width is read from each font's own advance table, each run in the font
`fonts.runs` sets it in, and scaled as reportlab scales it: the width of a line here is
the width a Paragraph measures, to the last digit. There is no kerning, so a line is as
wide as its words and spaces together, and the advances (multiples of 1/2048 of the
size) add up exactly: a line can be measured one word at a time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from itscm_desktop.reports.fonts import REGULAR, register_fonts, runs

#: A word and the font it is set in.
Piece = tuple[str, str]

ELLIPSIS = "…"
NO_BREAK = "\u00a0"
#: Where lines break: spaces, but not the no-break space, which holds words together.
_SPACES = re.compile(r"[ \t\r\f\v]+")
#: A phone number written in groups, international ("+48 42 630 1100") or national
#: ("0113 496 0000"): it is dialled from one line, so it is never broken.
_PHONE = re.compile(r"\+\d[\d ]*\d|(?<![\w.,])0\d+(?: \d+)+")


@functools.cache
def _ascii(font: str) -> tuple[float, ...]:
    """The advance of each ASCII character in `font`, in thousandths of the size."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return tuple(face.charWidths.get(code, face.defaultWidth) for code in range(128))


def _units(text: str, font: str) -> float:
    """The advance of `text` in thousandths of the size, each run in its font: an exact
    sum. (reportlab's own width at size 1000 is that sum, unrounded.)"""
    if text.isascii():
        return float(sum(map(_ascii(font).__getitem__, text.encode("ascii"))))
    return float(
        sum(pdfmetrics.getFont(name).stringWidth(part, 1000) for name, part in runs(text, font))
    )


#: Words repeat (runbooks share most of their steps' words): each is measured once.
_word_units = functools.lru_cache(maxsize=65536)(_units)


def _points(units: float, size: float) -> float:
    """`units` thousandths at `size`, in points, rounded exactly as reportlab rounds."""
    return units * size * 0.001


def string_width(text: str, size: float, font: str = REGULAR) -> float:
    """The width of `text` at `size` as `draw_string` sets it, in points."""
    return _points(_units(text, font), size)


def draw_string(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    font: str = REGULAR,
    *,
    align: str = "left",
) -> float:
    """Draw one line of `text` on `canvas`, each run in its font; `align` is left, centre
    or right of `x`. Returns the width drawn."""
    width = string_width(text, size, font)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    # One text object ending in a line break, so that text extraction (search, screen
    # readers, the tests) reads the runs back as one line, and as a line of its own.
    line = canvas.beginText(x, y)
    write_line(line, text, size, font)
    canvas.drawText(line)
    return width


def write_line(text_object: Any, text: str, size: float, font: str = REGULAR) -> None:
    """Write `text` into a reportlab text object where it stands, each run in its font,
    ending in a line break: text extraction reads it back as one line of its own."""
    parts = runs(text, font)
    for index, (name, part) in enumerate(parts):
        text_object.setFont(name, size)
        if index == len(parts) - 1:
            text_object.textLine(part)
        else:
            text_object.textOut(part)


def _longest(count: int, fits: Callable[[int], bool]) -> int:
    """The largest n up to `count` for which `fits(n)` (true up to some n, false after),
    or 0."""
    low, high = 0, count
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def fitting(text: str, width: float, size: float, font: str = REGULAR) -> int:
    """How many leading characters of `text` fit `width`: at least one, as a line must
    take something."""
    return max(1, _longest(len(text), lambda n: string_width(text[:n], size, font) <= width))


def shortened(text: str, width: float, size: float, font: str = REGULAR) -> str:
    """`text` as it is when it fits `width`, else cut with "…" so that it does."""
    if string_width(text, size, font) <= width:
        return text
    cut = _longest(len(text), lambda n: string_width(text[:n] + ELLIPSIS, size, font) <= width)
    return text[:cut].rstrip() + ELLIPSIS


def largest_size(
    text: str, width: float, size: float, font: str = REGULAR, smallest: float = 7.0
) -> float:
    """The largest size from `size` down to `smallest`, by half points, at which `text`
    fits `width` (`smallest` when none does)."""
    units = _units(text, font)
    while size > smallest and _points(units, size) > width:
        size -= 0.5
    return size


@functools.lru_cache(maxsize=16384)
def fitted(
    text: str, width: float, size: float, font: str = REGULAR, smallest: float = 7.0
) -> tuple[str, float]:
    """`text` and the largest size (see `largest_size`) at which it fits `width`, cut
    with "…" when even `smallest` is too large. Cached: the same names and numbers are
    fitted to the same places on page after page (a team's on each of its wallet cards)."""
    size = largest_size(text, width, size, font, smallest)
    return shortened(text, width, size, font), size


def unbroken(number: str) -> str:
    """A phone number that a line break never cuts in two (its spaces no-break)."""
    return number.replace(" ", NO_BREAK)


def words(text: str) -> list[str]:
    """`text` cut at its spaces, except inside a phone number (its spaces become no-break
    spaces) and at no-break spaces typed in it. No text is one empty word."""
    text = text.strip()
    if "+" in text or "0" in text:
        text = _PHONE.sub(lambda number: unbroken(number.group()), text)
    return _SPACES.split(text)


def broken(
    pieces: Sequence[Piece], width: float, size: float
) -> list[tuple[list[Piece], int, int]]:
    """`pieces` (words, each in its font) one after another with a space between, on lines
    no wider than `width`, each line as full as it can be. A word wider than a line is
    cut, at its last no-break space that allows (a phone number between its groups), else
    where it must be; its pieces take lines of their own but the last, which starts the
    next line. Each line: its words, the index of its first word and how many characters
    of that word the lines before took (a cut word's)."""
    found: list[tuple[list[Piece], int, int]] = []
    line: list[Piece] = []
    used = 0.0  # thousandths of the size
    start = (0, 0)
    for index, (word, font) in enumerate(pieces):
        wide = _word_units(word, font)
        if line:
            space = _word_units(" ", font)
            if _points(used + space + wide, size) <= width:
                line.append((word, font))
                used += space + wide
                continue
            found.append((line, *start))
        offset = 0
        while _points(wide, size) > width and len(word) - offset > 1:
            rest = word[offset:]
            cut = fitting(rest, width, size, font)
            held = rest.rfind(NO_BREAK, 1, cut + 1)  # a phone number breaks between groups
            found.append(([(rest[: held if held > 0 else cut], font)], index, offset))
            offset += held + 1 if held > 0 else cut
            wide = _units(word[offset:], font)
        line, used, start = [(word[offset:], font)], wide, (index, offset)
    if line:
        found.append((line, *start))
    return found


def wrapped(
    text: str, width: float, size: float, font: str = REGULAR, *, lines: int | None = None
) -> list[str]:
    """`text` in lines no wider than `width`, broken at spaces and at its own line breaks
    (an empty line stays), as a Paragraph breaks it; a word wider than a line is cut, but
    a phone number is kept whole (see `words`), or if it is wider than a line, cut only
    between its groups. With `lines`, at most that many: the last then holds as much of
    the rest as fits, and ends in "…". No text, no line."""
    if lines is not None and lines < 1:
        return []
    paragraphs = [words(paragraph) for paragraph in text.split("\n")]
    found: list[str] = []
    starts: list[tuple[int, int, int]] = []  # each line's paragraph, first word, offset
    for number, paragraph in enumerate(paragraphs):
        whole = " ".join(paragraph)
        if string_width(whole, size, font) <= width:
            found.append(whole)
            starts.append((number, 0, 0))
            continue
        for pieces, word, offset in broken([(w, font) for w in paragraph], width, size):
            found.append(" ".join(piece for piece, _ in pieces))
            starts.append((number, word, offset))
    if lines is not None and len(found) > lines:
        number, word, offset = starts[lines - 1]
        rest = [paragraphs[number][word][offset:], *paragraphs[number][word + 1 :]]
        rest += [w for paragraph in paragraphs[number + 1 :] for w in paragraph]
        last = " ".join(w for w in rest if w) + " " + ELLIPSIS
        found[lines - 1 :] = [shortened(last, width, size, font)]
    return found if found != [""] else []
