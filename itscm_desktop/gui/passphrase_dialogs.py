"""Vault ▸ Change passphrase…: re-encrypt the vault (`PRAGMA rekey`) in a worker and keep
the keychain in step, as `itscm passwd` does."""

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
