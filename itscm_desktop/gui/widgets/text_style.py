"""Text sized and toned relative to the system font: larger titles and numbers, muted notes.

Sizes are factors of a widget's own font rather than fixed points, so pages follow the
user's font and display scaling.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget


def scaled(font: QFont, factor: float) -> QFont:
    """`font` made `factor` times larger, whether it is sized in points or in pixels."""
    font = QFont(font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return font


def scaled_font(widget: QWidget, factor: float = 1.0, *, bold: bool = False) -> QFont:
    """`widget`'s font made `factor` times larger, bold or explicitly not bold."""
    font = scaled(widget.font(), factor)
    font.setBold(bold)
    return font


def muted(label: QLabel) -> QLabel:
    """`label` drawn in the palette's placeholder colour, for text that is secondary."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
