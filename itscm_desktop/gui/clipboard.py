"""Copying a phone number, an account number or a passphrase without leaving it behind.

What is copied from the vault is cleared from the clipboard after half a minute, and at
once when the vault locks — but only if the clipboard still holds it: whatever the person
copied since from another program is theirs and stays.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication

#: How long a copied value stays on the clipboard.
CLEAR_AFTER_MS = 30_000


class SensitiveClipboard(QObject):
    """Puts text on the clipboard and takes it off again after `interval_ms`."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__(parent)
        self._text: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.clear_now)

    @property
    def interval_ms(self) -> int:
        return int(self.timer.interval())

    @interval_ms.setter
    def interval_ms(self, value: int) -> None:
        self.timer.setInterval(value)

    @property
    def holds_ours(self) -> bool:
        """True while the clipboard still shows what we put there."""
        return self._text is not None and _board().text() == self._text

    def copy(self, text: str) -> None:
        self._text = text
        _board().setText(text)
        self.timer.start()

    def clear_now(self) -> None:
        """Clear the clipboard if it still holds our text; leave anything else alone."""
        self.timer.stop()
        if self.holds_ours:
            _board().clear()
        self._text = None


def _board() -> QClipboard:
    return QGuiApplication.clipboard()


def shared_clipboard() -> SensitiveClipboard:
    """The one instance the whole application copies through, so that locking clears
    a copy made on any page."""
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("copying needs a running QApplication")
    existing = app.findChild(SensitiveClipboard, _NAME, _DIRECT)
    if isinstance(existing, SensitiveClipboard):
        return existing
    clipboard = SensitiveClipboard(app)
    clipboard.setObjectName(_NAME)
    return clipboard


def copy_sensitive(text: str) -> None:
    """Copy `text`; it is cleared after `CLEAR_AFTER_MS` or when the vault locks."""
    shared_clipboard().copy(text)


_NAME = "sensitive_clipboard"
_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
