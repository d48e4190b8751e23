"""Choosing a new passphrase: two fields and a live hint that says what is wrong, in words.

Used wherever a passphrase is set (a new vault, a passphrase change). The rule itself is
`domain.passphrase.passphrase_problem`, so the dialogs, the command line and the vault
refuse exactly the same passphrases.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QLineEdit

from itscm_desktop.domain.passphrase import MIN_LENGTH, passphrase_problem
from itscm_desktop.gui.inline_message import set_kind

START_HINT = f"At least {MIN_LENGTH} characters — a few unrelated words work well."
GOOD_TYPE_AGAIN = "Strong enough. Type it again in the second field."
NOT_MATCHING = "The two passphrases are not the same yet."
GOOD_MATCHING = "Strong enough, and both fields match."


class NewPassphrase(QObject):
    """Watches a passphrase field and its repeat; `acceptable` once both agree and the
    passphrase passes the strength rules. `changed` carries `acceptable` on every keystroke."""

    changed = Signal(bool)

    def __init__(
        self, first: QLineEdit, second: QLineEdit, hint: QLabel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.first = first
        self.second = second
        self.hint = hint
        hint.setWordWrap(True)
        first.textChanged.connect(self._update)
        second.textChanged.connect(self._update)
        self._update()

    @property
    def text(self) -> str:
        return str(self.first.text())

    @property
    def acceptable(self) -> bool:
        return passphrase_problem(self.text) is None and self.text == self.second.text()

    def set_shown(self, shown: bool) -> None:
        """Show or hide what is typed in both fields."""
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        text, again = self.text, str(self.second.text())
        problem = passphrase_problem(text) if text else None
        if not text:
            message, kind = START_HINT, ""
        elif problem:
            message, kind = problem, "warning"
        elif not again:
            message, kind = GOOD_TYPE_AGAIN, "ok"
        elif again != text:
            message, kind = NOT_MATCHING, "warning"
        else:
            message, kind = GOOD_MATCHING, "ok"
        self.hint.setText(message)
        set_kind(self.hint, kind)
        self.changed.emit(self.acceptable)
