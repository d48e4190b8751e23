"""Messages shown inside a dialog, not as a popup: a framed label whose colour says whether
something went wrong (`error`), needs attention (`info`) or worked (`ok`).

A stressed person reads what is in front of them; a popup over a dialog hides the field
they must retype. The frame's look comes from `ui/app.qss` (the `kind` property), so it
follows the light or dark palette.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

Kind = Literal["error", "info", "ok"]


def repolish(widget: QWidget) -> None:
    """Apply the style sheet again after a dynamic property the sheet matches has changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_kind(widget: QWidget, kind: str) -> None:
    if widget.property("kind") != kind:
        widget.setProperty("kind", kind)
        repolish(widget)


def make_title(label: QLabel, scale: float = 1.4) -> None:
    """A heading relative to the person's own font size, so it scales with their settings."""
    font = label.font()
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * scale)
    font.setBold(True)
    label.setFont(font)


class InlineMessage:
    """Binds a frame and the label inside it; `show` replaces the text and the kind."""

    def __init__(self, frame: QFrame, label: QLabel) -> None:
        self.frame = frame
        self.label = label

    def show(self, text: str, kind: Kind = "error") -> None:
        self.label.setText(text)
        set_kind(self.frame, kind)
        self.frame.setVisible(True)

    def hide(self) -> None:
        self.label.clear()
        self.frame.setVisible(False)

    @property
    def text(self) -> str:
        return "" if self.frame.isHidden() else str(self.label.text())

    @property
    def kind(self) -> str:
        return str(self.frame.property("kind") or "")


def message_frame(name: str) -> tuple[QFrame, InlineMessage]:
    """A framed, word-wrapped message line, hidden until something is said in it."""
    frame = QFrame()
    frame.setObjectName("message_frame")
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    QVBoxLayout(frame).addWidget(label)
    message = InlineMessage(frame, label)
    message.hide()
    return frame, message
