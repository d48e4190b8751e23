"""The bundled fonts, so that names in any script the plan holds print as typed.

DejaVu Sans covers Latin, Greek and Cyrillic (Łódź, Ørsted, Ζωή, Юлия); Droid Sans
Fallback covers Chinese, Japanese and Korean (田中 太郎). Neither covers everything, so
text is cut into runs, each set in the first font that has its characters. The font files
ship inside the package (``resources/fonts``) and are embedded, subset, in every PDF: a
printed sheet never depends on the fonts of the computer that made it. Plain text drawn
on the canvas is measured, fitted and drawn in `text`.
"""

from __future__ import annotations

import functools
import importlib.resources
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont

#: The names the fonts are registered under with reportlab.
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CJK = "DroidSansFallback"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}

#: Characters that belong to whatever run they fall in (every font has them).
_NEUTRAL = frozenset(" \t\n\u00a0")


@functools.cache
def register_fonts() -> None:
    """Load the bundled TTFs and register them with reportlab (once per process).

    `as_file` gives a real path even when the package runs from a zip; reportlab reads
    the whole file while registering, so the temporary copy may go away afterwards.
    """
    folder = importlib.resources.files("itscm_desktop.resources") / "fonts"
    for name, file in _FILES.items():
        with importlib.resources.as_file(folder / file) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)


@functools.cache
def _coverage(font: str) -> frozenset[str]:
    """The characters `font` has a glyph for."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return frozenset(chr(code) for code, glyph in face.charToGlyph.items() if glyph)


def covers(font: str, char: str) -> bool:
    """Whether `font` has a glyph for the character `char`."""
    return char in _coverage(font)


def runs(text: str, font: str = REGULAR) -> list[tuple[str, str]]:
    """`text` cut into (font, text) runs: each run in `font` where `font` has the glyphs,
    else in the fallback that has them. Spaces stay in the run they are in, so "田中 太郎"
    is one run, not three. A character no bundled font has stays in `font` (it prints as
    a box, which at least shows that something is there)."""
    if text.isascii() or _coverage(font).issuperset(text):  # Łódź, Ørsted, "·": at once
        return [(font, text)] if text else []
    fonts = (font, CJK) if font != CJK else (CJK, REGULAR)
    found: list[tuple[str, str]] = []
    current = font
    start = 0
    for index, char in enumerate(text):
        if char in _NEUTRAL or covers(current, char):
            continue
        wanted = next((f for f in fonts if covers(f, char)), font)
        if wanted != current:
            if index > start:
                found.append((current, text[start:index]))
            current, start = wanted, index
    if len(text) > start:
        found.append((current, text[start:]))
    return found


def markup(text: str, font: str = REGULAR) -> str:
    """Paragraph markup for plain `text`: escaped, each run in its own ``<font>``, line
    breaks kept. The result does not depend on the paragraph style's font."""
    return "<br/>".join(_line_markup(line, font) for line in text.split("\n"))


def _line_markup(line: str, font: str) -> str:
    return "".join(f'<font name="{name}">{escape(part)}</font>' for name, part in runs(line, font))
