"""Vault ▸ Change passphrase… and Vault ▸ Remember passphrase on this computer….

Changing re-encrypts the vault (`PRAGMA rekey`) in a worker and keeps the keychain in step,
as `itscm passwd` does. Remembering says honestly whether this computer's keychain can
keep the passphrase, and only keeps one that opens the vault.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.care import STATUS_MS, tell
from itscm_desktop.gui.inline_message import InlineMessage
from itscm_desktop.gui.long_work import LongWork
from itscm_desktop.gui.new_passphrase import NewPassphrase
from itscm_desktop.gui.session import Session
from itscm_desktop.vault import keychain
from itscm_desktop.vault.errors import VaultError, WeakPassphrase, WrongPassphrase
from itscm_desktop.vault.integrity import page_evidence


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _message_frame() -> tuple[QFrame, InlineMessage]:
    frame = QFrame()
    frame.setObjectName("message_frame")
    label = QLabel()
    label.setWordWrap(True)
    QVBoxLayout(frame).addWidget(label)
    message = InlineMessage(frame, label)
    message.hide()
    return frame, message


class ChangePassphraseDialog(QDialog):
    """The current passphrase, the new one twice; the change runs in a worker."""

    def __init__(self, session: Session, parent: QWidget, *, idle: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self._idle = idle
        self.work: LongWork | None = None
        self.setWindowTitle("Change passphrase")
        self.setMinimumWidth(520)
        self.current = _password_field("current")
        self.new = _password_field("new")
        self.repeat = _password_field("repeat")
        hint = QLabel()
        hint.setProperty("role", "hint")
        self.fields = NewPassphrase(self.new, self.repeat, hint, self)
        show = QCheckBox("&Show the passphrases")
        show.toggled.connect(self._show)
        note = QLabel(
            "Backups made before now keep opening with the old passphrase only. "
            "Write the new one down before you press Change."
        )
        note.setWordWrap(True)
        note.setProperty("role", "secondary")
        frame, self.message = _message_frame()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.change_button: QPushButton = buttons.addButton(
            "&Change passphrase", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("C&urrent passphrase", self.current)
        form.addRow("&New passphrase", self.new)
        form.addRow("T&ype it again", self.repeat)
        form.addRow("", hint)
        form.addRow("", show)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(frame)
        layout.addWidget(buttons)
        self.change_button.setDefault(True)  # once inside the dialog, or it does not count
        self.current.setFocus()

    def _show(self, shown: bool) -> None:
        self.fields.set_shown(shown)
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.current.setEchoMode(mode)

    @property
    def busy(self) -> bool:
        return self.work is not None and self.work.running

    def change(self) -> None:
        if self.busy:
            return
        old, new = str(self.current.text()), self.fields.text
        if not old:
            self.message.show("Type the current passphrase first.", "info")
            self.current.setFocus()
            return
        if not self.fields.acceptable:
            self.message.show(str(self.fields.hint.text()), "info")
            self.new.setFocus()
            return
        if new == old:
            self.message.show("The new passphrase is the same as the current one.", "info")
            self.new.setFocus()
            return
        vault = self.session.vault
        path = vault.path

        def work(progress: Any) -> tuple[Any, str]:
            before = vault.change_passphrase(old, new)
            return before, keep_keychain_in_step(path, new)

        self.work = LongWork(self, "Re-encrypting the vault with the new passphrase…", work,
                             idle=self._idle)  # fmt: skip
        self.work.succeeded.connect(self._changed)
        self.work.failed.connect(self._failed)
        self.work.start()

    def _changed(self, result: Any) -> None:
        before, keychain_text = result
        self.current.clear()
        self.fields.clear()
        text = (
            "Passphrase changed: use the new one from now on.\n\n"
            f"Backups made before now still open with the old one only, such as "
            f"{before.path.name}."
        )
        if keychain_text:
            text += f"\n\n{keychain_text}"
        parent = self.parentWidget()
        if parent is not None and hasattr(parent, "statusBar"):
            parent.statusBar().showMessage("Passphrase changed.", STATUS_MS)
        self.accept()
        tell(parent or self, "Change passphrase", text)

    def _failed(self, error: object) -> None:
        if isinstance(error, WrongPassphrase):
            self.current.clear()
            self.current.setFocus()
            self.message.show("The current passphrase is not right, so nothing was changed.")
        elif isinstance(error, WeakPassphrase):
            self.message.show(str(error))
            self.new.setFocus()
        elif isinstance(error, VaultError):
            self.message.show(str(error))
        else:
            raise error if isinstance(error, BaseException) else RuntimeError(error)

    def done(self, result: int) -> None:
        if not self.busy:  # the file is being re-encrypted: wait
            self.current.clear()
            self.fields.clear()
            super().done(result)


def keep_keychain_in_step(path: Path, new: str) -> str:
    """After a change: a keychain that remembered the old passphrase remembers the new one,
    or forgets it — never keeps a stale one. Returns a sentence for the person, or ""."""
    if keychain.recall_passphrase(path) is None:
        return ""
    kept = keychain.remember_passphrase(path, new)
    if kept.ok:
        return "This computer now remembers the new passphrase."
    keychain.forget_passphrase(path)
    return f"This computer no longer remembers the passphrase: {kept.reason}"


class RememberDialog(QDialog):
    """Whether this computer's keychain keeps the vault's passphrase, and changing that."""

    def __init__(self, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.path = path
        self.work: LongWork | None = None
        self.setWindowTitle("Remember passphrase on this computer")
        self.setMinimumWidth(520)
        self.status = keychain.keychain_status()
        self.remembered = keychain.recall_passphrase(path) is not None

        self.state = QLabel()
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        note = QLabel(
            "The keychain is a convenience, not a backup: keep your own written copy of "
            "the passphrase. Anyone who can log in to this computer as you could open the vault."
        )
        note.setWordWrap(True)
        note.setProperty("role", "secondary")
        self.passphrase = _password_field("passphrase")
        self.passphrase.setPlaceholderText("The vault's passphrase")
        frame, self.message = _message_frame()
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

        layout = QVBoxLayout(self)
        for widget in (self.state, self.passphrase, note, frame, self.buttons):
            layout.addWidget(widget)
        self._refresh()

    def _refresh(self) -> None:
        name = self.path.name
        if not self.status.available:
            self.state.setText(self.status.description)
        elif self.remembered:
            self.state.setText(f"This computer remembers the passphrase of {name}.\n"
                               f"{self.status.description}")  # fmt: skip
        else:
            self.state.setText(f"This computer does not remember the passphrase of {name}. "
                               f"Type it to let it do so.\n{self.status.description}")  # fmt: skip
        can_remember = self.status.available and not self.remembered
        self.passphrase.setVisible(can_remember)
        self.remember_button.setVisible(can_remember)
        self.forget_button.setVisible(self.status.available and self.remembered)
        if can_remember:
            self.remember_button.setDefault(True)
            self.passphrase.setFocus()

    def remember(self) -> None:
        typed = str(self.passphrase.text())
        if not typed or (self.work is not None and self.work.running):
            return
        path = self.path

        def work(progress: Any) -> keychain.RememberResult | None:
            if not page_evidence(path, typed).passphrase_fits:
                return None  # only a passphrase that opens the vault is kept
            return keychain.remember_passphrase(path, typed)

        self.work = LongWork(self, "Checking the passphrase…", work)
        self.work.succeeded.connect(self._remembered)
        self.work.start()

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

    def done(self, result: int) -> None:
        self.passphrase.clear()
        super().done(result)

    def forget(self) -> None:
        if keychain.forget_passphrase(self.path):
            self.remembered = False
            self.message.show("This computer no longer remembers the passphrase.", "ok")
        else:
            self.message.show("The keychain did not let go of the passphrase: unlock it and retry.")
        self._refresh()
