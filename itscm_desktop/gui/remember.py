"""Vault ▸ Remember passphrase on this computer…: say honestly whether this computer's
keychain can keep the passphrase, keep one (only if it opens the vault) or forget it.

Every question to the keychain runs in a worker: a locked keychain may wait for its own
password, and the window must not freeze meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.inline_message import InlineMessage
from itscm_desktop.gui.long_work import LongWork
from itscm_desktop.vault import keychain
from itscm_desktop.vault.integrity import page_evidence

ASKING = "Asking this computer's keychain…"


class RememberDialog(QDialog):
    """Whether this computer's keychain keeps the vault's passphrase, and changing that."""

    def __init__(self, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.path = path
        self.work: LongWork | None = None
        self.status: keychain.KeychainStatus | None = None
        self.remembered = False
        self.setWindowTitle("Remember passphrase on this computer")
        self.setMinimumWidth(520)

        self.state = QLabel(ASKING)
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        note = QLabel(
            "The keychain is a convenience, not a backup: keep your own written copy of the "
            "passphrase. Anyone who can log in to this computer as you could open the vault."
        )
        note.setWordWrap(True)
        note.setProperty("role", "secondary")
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("The vault's passphrase")
        frame = QFrame()
        frame.setObjectName("message_frame")
        label = QLabel()
        label.setWordWrap(True)
        QVBoxLayout(frame).addWidget(label)
        self.message = InlineMessage(frame, label)
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.remember_button = self.buttons.addButton(
            "&Remember", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.forget_button = self.buttons.addButton(
            "&Forget it", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.remember_button.clicked.connect(self.remember)
        self.forget_button.clicked.connect(self.forget)
        for button in self.buttons.findChildren(QPushButton):  # Enter in the field remembers
            button.setAutoDefault(False)
            button.setDefault(False)
        self.passphrase.returnPressed.connect(self.remember)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        for widget in (self.state, self.passphrase, note, frame, self.buttons):
            layout.addWidget(widget)
        self._refresh()
        self._ask(self._question, self._answered)

    @property
    def busy(self) -> bool:
        return self.work is not None and self.work.running

    # -- the keychain, in a worker ----------------------------------------------------

    def _question(self, progress: Any) -> tuple[keychain.KeychainStatus, bool]:
        status = keychain.keychain_status()
        known = status.available and keychain.recall_passphrase(self.path) is not None
        return status, known

    def _answered(self, answer: Any) -> None:
        self.status, self.remembered = answer
        self._refresh()

    def remember(self) -> None:
        typed = str(self.passphrase.text())
        if not typed or self.busy:
            return
        path = self.path

        def work(progress: Any) -> keychain.RememberResult | None:
            if not page_evidence(path, typed).passphrase_fits:
                return None  # only a passphrase that opens the vault is kept
            return keychain.remember_passphrase(path, typed)

        self._ask(work, self._remembered, "Checking the passphrase…")

    def _remembered(self, result: object) -> None:
        self.passphrase.clear()
        if result is None:
            self.message.show("That is not the vault's passphrase, so it was not kept.")
            self.passphrase.setFocus()
            return
        assert isinstance(result, keychain.RememberResult)
        if not result.ok:
            self.message.show(result.reason)
            return
        self.remembered = True
        self.message.show("Done: this computer will unlock the vault without asking.", "ok")
        self._refresh()

    def forget(self) -> None:
        if not self.busy:
            path = self.path
            self._ask(lambda progress: keychain.forget_passphrase(path), self._forgotten)

    def _forgotten(self, gone: object) -> None:
        if gone:
            self.remembered = False
            self.message.show("This computer no longer remembers the passphrase.", "ok")
        else:
            self.message.show("The keychain did not let go of the passphrase: unlock it and retry.")
        self._refresh()

    def _ask(self, work: Any, done: Any, text: str = ASKING) -> None:
        self.work = LongWork(self, text, work)
        self.work.succeeded.connect(done)
        self.work.start()

    # -- showing the state -------------------------------------------------------------

    def _refresh(self) -> None:
        status, name = self.status, self.path.name
        if status is None:
            self.state.setText(ASKING)
        elif not status.available:
            self.state.setText(status.description)
        elif self.remembered:
            self.state.setText(
                f"This computer remembers the passphrase of {name}.\n{status.description}"
            )
        else:
            self.state.setText(
                f"This computer does not remember the passphrase of {name}. Type it below to "
                f"let it do so.\n{status.description}"
            )
        available = status is not None and status.available
        can_remember = available and not self.remembered
        self.passphrase.setVisible(can_remember)
        self.remember_button.setVisible(can_remember)
        self.forget_button.setVisible(available and self.remembered)
        if can_remember:
            self.passphrase.setFocus()

    def done(self, result: int) -> None:
        self.passphrase.clear()
        super().done(result)
