"""Vault ▸ Restore from a backup: choose one, confirm, and work on it as it was then.

The backup's passphrase is asked for (it may be older than the current one) and checked
against the backup before the vault is locked, so a typo costs nothing. Then the vault
is locked, the backup put in its place (the current file is kept beside it, never
deleted) and the restored vault opened in the same window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.backup_list import backup_when, chosen_backup, fill_backup_list
from itscm_desktop.gui.inline_message import InlineMessage, make_title
from itscm_desktop.gui.long_work import LongWork
from itscm_desktop.vault.backups import BackupInfo, list_backups, restore_backup
from itscm_desktop.vault.errors import VaultError, WrongPassphrase
from itscm_desktop.vault.integrity import page_evidence
from itscm_desktop.vault.vault import Vault

WRONG_FOR_BACKUP = (
    "That passphrase does not open this backup — it may be older than your last passphrase "
    "change. Type the passphrase the vault had then."
)


class RestoreDialog(QDialog):
    """Lists the vault's backups; `controller` is the AppController that locks and reopens."""

    def __init__(self, path: Path | None, parent: QWidget, controller: Any) -> None:
        super().__init__(parent)
        self.path = path
        self.controller = controller
        self.confirmation: QMessageBox | None = None
        self.work: LongWork | None = None
        self._backup: BackupInfo | None = None
        self._passphrase = ""
        self._restoring = False  # from the lock until the restored vault is open (or not)
        self._locked_here = False
        self.setWindowTitle("Restore from a backup")
        self.setMinimumWidth(560)

        title = QLabel("Restore from a backup")
        make_title(title, 1.25)
        explanation = QLabel(
            "The plan goes back to how it was when the backup was made; changes made since "
            "then are not in it. The current file is kept beside the vault, never deleted."
        )
        explanation.setWordWrap(True)
        self.backups = QListWidget()
        self.backups.setObjectName("backups")
        self.backups.setAlternatingRowColors(True)
        backups_label = QLabel("&Backups, newest first")
        backups_label.setBuddy(self.backups)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("The passphrase the vault had when this backup was made")
        passphrase_label = QLabel("&Passphrase of this backup")
        passphrase_label.setBuddy(self.passphrase)
        frame = QFrame()
        frame.setObjectName("message_frame")
        frame_layout = QVBoxLayout(frame)
        message = QLabel()
        message.setWordWrap(True)
        frame_layout.addWidget(message)
        self.message = InlineMessage(frame, message)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button: QPushButton = buttons.addButton(
            "&Restore this backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (title, explanation, backups_label, self.backups, passphrase_label,
                       self.passphrase, frame, buttons):  # fmt: skip
            layout.addWidget(widget)
        self.restore_button.setDefault(True)  # Enter restores (after a confirmation)

        found = list_backups(path) if path is not None else []
        fill_backup_list(self.backups, found)
        if not found:
            self.message.show("There are no backups of this vault yet — make one with "
                              "Vault ▸ Back up now.", "info")  # fmt: skip
            self.restore_button.setEnabled(False)
        self.passphrase.setFocus()

    def confirm(self) -> None:
        backup = chosen_backup(self.backups)
        if backup is None or self.busy:
            return
        if not self.passphrase.text():
            self.message.show("Type the passphrase of this backup first.", "info")
            self.passphrase.setFocus()
            return
        self._backup, self._passphrase = backup, str(self.passphrase.text())
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore from a backup",
            f"Replace the vault with the backup of {backup_when(backup)}?\n\n"
            "Changes made since then will not be in the restored plan. The current file is "
            "kept beside it.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText("&Replace the vault")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(self._confirmed)
        self.confirmation = box
        box.open()

    def _confirmed(self, button: QAbstractButton) -> None:
        box = self.confirmation
        if box is not None and box.standardButton(button) == QMessageBox.StandardButton.Yes:
            self._check_passphrase()

    @property
    def busy(self) -> bool:
        return self._restoring or (self.work is not None and self.work.running)

    def _check_passphrase(self) -> None:
        """Does the passphrase open the backup? Checked before anything is locked."""
        backup, passphrase = self._backup, self._passphrase
        assert backup is not None

        def fits(progress: Any) -> bool:
            return page_evidence(backup.path, passphrase).passphrase_fits

        self.work = LongWork(self, "Checking the passphrase…", fits)
        self.work.succeeded.connect(self._checked)
        self.work.failed.connect(self._failed)
        self.work.start()

    def _checked(self, fits: object) -> None:
        if not fits:
            self._wrong()
            return
        backup, passphrase, path = self._backup, self._passphrase, self.path
        assert backup is not None and path is not None
        self._restoring = self._locked_here = True
        self.controller.suspend()

        def work(progress: Any) -> tuple[Vault, Path | None]:
            replaced = restore_backup(path, backup.path, passphrase)
            return Vault.open(path, passphrase), replaced

        self.work = LongWork(self, "Restoring the backup…", work)
        self.work.succeeded.connect(self._restored)
        self.work.failed.connect(self._failed)
        self.work.start()

    def _restored(self, result: Any) -> None:
        vault, replaced = result
        self._restoring = False
        assert self._backup is not None
        kept = f" The file it replaced is kept as {replaced}." if replaced else ""
        self._passphrase = ""
        self.passphrase.clear()
        self.controller.reopen(vault, f"Restored the backup of {backup_when(self._backup)}.{kept}")
        self.accept()

    def _wrong(self) -> None:
        self.passphrase.clear()
        self.passphrase.setFocus()
        self.message.show(WRONG_FOR_BACKUP)

    def _failed(self, error: object) -> None:
        self._restoring = False
        if isinstance(error, WrongPassphrase):
            self._wrong()
        elif isinstance(error, VaultError):
            self.message.show(str(error))
        else:
            raise error if isinstance(error, BaseException) else RuntimeError(error)

    def done(self, result: int) -> None:
        if self.busy:
            return
        self.passphrase.clear()
        self._passphrase = ""
        super().done(result)
        if self._locked_here and not self.controller.session.is_unlocked and self.path:
            self.controller.unlock(self.path)  # the restore failed after the lock: ask again
