"""Unlocking a vault: which file, the passphrase, and what to do when it does not open.

Every way an unlock can fail gets its own sentence inside the dialog (never a popup over
the field the person must retype), and a damaged file offers its backups right there.
Key derivation takes a few tenths of a second, so `Vault.open` runs in a worker and the
window keeps painting. A passphrase this computer remembers is tried first; when it no
longer works the dialog says so gently and asks — that is not a wrong passphrase.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.backup_list import backup_when, chosen_backup, fill_backup_list
from itscm_desktop.gui.inline_message import InlineMessage, Kind, make_title
from itscm_desktop.gui.resources import icon, load_form
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.gui.start import DEMO_PASSPHRASE, is_demo_vault
from itscm_desktop.gui.worker import Progress, Task, start
from itscm_desktop.vault import keychain
from itscm_desktop.vault.backups import BackupInfo, backup_folder, list_backups, restore_backup
from itscm_desktop.vault.errors import (
    NotAVault,
    SchemaTooNew,
    VaultBusy,
    VaultDamaged,
    VaultError,
    VaultMissing,
    WrongPassphrase,
)
from itscm_desktop.vault.vault import Vault

STALE_REMEMBERED = "The passphrase this computer remembered no longer works — type it, please."
CAPS_LOCK = "Check Caps Lock and the keyboard layout: capitals and symbols count."
TRIES_BEFORE_CAPS_HINT = 3


class UnlockDialog(QDialog):
    """After `accept`, `.vault` is the unlocked vault. "Open another vault…" sets
    `.wants_other` and rejects. `.notice` holds a sentence for the status bar, if any
    (the keychain could not keep the passphrase, a backup was restored)."""

    def __init__(
        self,
        path: Path,
        settings: AppSettings,
        parent: QWidget | None = None,
        *,
        use_keychain: bool = True,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.settings = settings
        self.vault: Vault | None = None
        self.wants_other = False
        self.notice = ""
        self.wrong_tries = 0
        self._remembered: str | None = None
        self._keychain_ok = False
        self._last_typed = ""
        self._task: Task | None = None
        self._keychain_task: Task | None = None
        self._on_done: Callable[[Any], None] | None = None
        self._on_error: Callable[[BaseException], None] | None = None

        self.setWindowTitle("Unlock — ITSCM Desktop")
        self.setMinimumWidth(520)
        self.form = load_form("unlock", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 18)
        layout.addWidget(self.form)
        self.passphrase: QLineEdit = self._child(QLineEdit, "passphrase")
        self.show_button: QPushButton = self._child(QPushButton, "show_button")
        self.remember: QCheckBox = self._child(QCheckBox, "remember")
        self.keychain_note: QLabel = self._child(QLabel, "keychain_note")
        self.hint: QLabel = self._child(QLabel, "hint")
        self.backups: QListWidget = self._child(QListWidget, "backups")
        self.backups_label: QLabel = self._child(QLabel, "backups_label")
        self.restore_button: QPushButton = self._child(QPushButton, "restore_button")
        self.restore_note: QLabel = self._child(QLabel, "restore_note")
        self.unlock_button: QPushButton = self._child(QPushButton, "unlock_button")
        self.quit_button: QPushButton = self._child(QPushButton, "quit_button")
        self.other_button: QPushButton = self._child(QPushButton, "other_button")
        self.busy_row: QWidget = self._child(QWidget, "busy_row")
        self.busy_label: QLabel = self._child(QLabel, "busy_label")
        self.message = InlineMessage(
            self._child(QFrame, "message_frame"), self._child(QLabel, "message")
        )

        name = self._child(QLabel, "vault_name")
        name.setText(path.name)
        make_title(name, 1.3)
        self._child(QLabel, "vault_folder").setText(f"in {path.parent}")
        self._child(QLabel, "vault_icon").setPixmap(icon("app").pixmap(QSize(48, 48)))
        if is_demo_vault(path):
            self.hint.setText(f"Demo passphrase: {DEMO_PASSPHRASE}")
            self.hint.setVisible(True)
        self.remember.setEnabled(False)
        self.remember.setToolTip("Asking this computer's keychain…")
        self.keychain_note.setVisible(False)
        self._show_backups([])

        self.show_button.toggled.connect(self._show_passphrase)
        self.unlock_button.clicked.connect(self.unlock)
        self.quit_button.clicked.connect(self.reject)
        self.other_button.clicked.connect(self.open_other)
        self.restore_button.clicked.connect(self.restore)
        self.passphrase.setFocus()

        if not path.exists():
            self._say_missing()
        if use_keychain:
            # Not a busy state: a keychain waiting for its own password must never keep
            # the person from typing the passphrase and unlocking.
            self._keychain_task = Task(self._ask_keychain)
            self._keychain_task.succeeded.connect(self._keychain_answered)
            self._keychain_task.failed.connect(self._keychain_failed)
            start(self._keychain_task)

    def _child(self, cls: type[Any], name: str) -> Any:
        widget = self.form.findChild(cls, name)
        if widget is None:
            raise RuntimeError(f"unlock.ui has no {cls.__name__} named {name}")
        return widget

    # -- the keychain ----------------------------------------------------------------

    def _ask_keychain(self, progress: Progress) -> tuple[keychain.KeychainStatus, str | None]:
        status = keychain.keychain_status()
        remembered = keychain.recall_passphrase(self.path) if status.available else None
        return status, remembered

    @property
    def asking_keychain(self) -> bool:
        return self._keychain_task is not None

    def _keychain_answered(self, answer: Any) -> None:
        self._keychain_task = None
        status, remembered = answer
        self._keychain_ok = status.available
        self._remembered = remembered
        self.remember.setEnabled(status.available)
        self.remember.setToolTip(status.description)
        self.remember.setChecked(remembered is not None)
        if not status.available:
            self.keychain_note.setText(status.description)
            self.keychain_note.setVisible(True)
        if remembered is not None and self.path.exists() and not self.busy and not self.vault:
            self._attempt(remembered, typed=False)

    def _keychain_failed(self, error: object) -> None:
        self._keychain_task = None  # keychain.* never raises: anything here is a bug
        raise error if isinstance(error, BaseException) else RuntimeError(error)

    # -- unlocking -------------------------------------------------------------------

    def unlock(self) -> None:
        """Try the typed passphrase (Enter in the field, or the Unlock button)."""
        if self.busy:
            return
        if self.vault is not None:  # restored and unlocked already: just go on
            self.accept()
            return
        typed = str(self.passphrase.text())
        if not typed:
            self.message.show("Type the passphrase, then press Enter.", "info")
            self.passphrase.setFocus()
            return
        self._attempt(typed, typed=True)

    def _attempt(self, passphrase: str, *, typed: bool) -> None:
        remember = self._keychain_ok and self.remember.isChecked()
        forget = self._keychain_ok and not remember and self._remembered is not None
        self._last_typed = passphrase

        def work(progress: Progress) -> tuple[Vault, keychain.RememberResult | None]:
            vault = Vault.open(self.path, passphrase)
            kept = None
            if typed and remember and passphrase != self._remembered:
                kept = keychain.remember_passphrase(self.path, passphrase)
            elif typed and forget:
                keychain.forget_passphrase(self.path)
            return vault, kept

        def failed(error: BaseException) -> None:
            self._unlock_failed(error, typed=typed)

        self._run(work, "Unlocking…", self._unlocked, failed)

    def _unlocked(self, result: Any) -> None:
        vault, kept = result
        self.vault = vault
        self.passphrase.clear()
        if kept is not None and not kept.ok:
            self.notice = (
                f"Unlocked, but this computer could not remember the passphrase: {kept.reason}"
            )
        self.accept()

    def _unlock_failed(self, error: BaseException, *, typed: bool) -> None:
        if not isinstance(error, VaultError):
            raise error  # a bug, not a problem with the file
        self.passphrase.clear()
        self.passphrase.setFocus()
        if isinstance(error, WrongPassphrase) and not typed:
            self._say(STALE_REMEMBERED, "info")
            return
        if isinstance(error, WrongPassphrase):
            self.wrong_tries += 1
            text = str(error)
            if self.wrong_tries >= TRIES_BEFORE_CAPS_HINT:
                text += "\n" + CAPS_LOCK
            self._say(text, "error", error.backups)
        elif isinstance(error, VaultDamaged):
            backups = error.backups or list_backups(self.path)
            self._say(str(error), "error", backups, offer_restore=True)
        elif isinstance(error, VaultMissing):
            self._say_missing()
        elif isinstance(error, NotAVault):
            self._say(f"{error} Choose the right file with “Open another vault…”.")
        elif isinstance(error, VaultBusy):
            self._say(
                "The vault is open in another window or program — close it there, "
                "then press Unlock again."
            )
        elif isinstance(error, SchemaTooNew):
            self._say(str(error))
        else:
            self._say(str(error))

    def _say_missing(self) -> None:
        self._say(
            f"No vault file at {self.path} — was it on a USB drive? "
            "Plug it in and press Unlock again, or open another vault."
        )

    def _say(
        self,
        text: str,
        kind: Kind = "error",
        backups: Sequence[BackupInfo] = (),
        *,
        offer_restore: bool = False,
    ) -> None:
        if offer_restore and not backups:
            text += f"\nNo backups of this vault were found in {backup_folder(self.path)}."
        self.message.show(text, kind)
        self._show_backups(backups)
        self._grow()

    def _grow(self) -> None:
        """Make room for a message that appeared; never shrink what the person sized."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def _show_backups(self, backups: Sequence[BackupInfo]) -> None:
        fill_backup_list(self.backups, backups)
        for widget in (self.backups, self.backups_label, self.restore_button, self.restore_note):
            widget.setVisible(bool(backups))

    # -- restoring -------------------------------------------------------------------

    def restore(self) -> None:
        """Put the chosen backup in place of the file, keeping the file aside, and unlock."""
        backup = chosen_backup(self.backups)
        if backup is None or self.busy:
            return
        passphrase = str(self.passphrase.text()) or self._last_typed
        if not passphrase:
            self.message.show(
                "Type the passphrase this backup opens with, then press Restore again.", "info"
            )
            self.passphrase.setFocus()
            return

        def work(progress: Progress) -> tuple[Vault, Path | None, BackupInfo]:
            replaced = restore_backup(self.path, backup.path, passphrase)
            return Vault.open(self.path, passphrase), replaced, backup

        self._run(work, "Restoring the backup…", self._restored, self._restore_failed)

    def _restored(self, result: Any) -> None:
        vault, replaced, backup = result
        self.vault = vault
        self.passphrase.clear()
        kept = f" The file it replaced is kept as {replaced}." if replaced else ""
        self.notice = f"Restored the backup of {backup_when(backup)}.{kept}"
        self.message.show(f"{self.notice}\nPress Enter to open the plan.", "ok")
        self._show_backups([])
        self._grow()
        self.unlock_button.setText("&Open the plan")
        self.unlock_button.setFocus()
        for widget in (self.passphrase, self.show_button, self.remember, self.other_button):
            widget.setEnabled(False)

    def _restore_failed(self, error: BaseException) -> None:
        if not isinstance(error, VaultError):
            raise error
        self.passphrase.clear()
        self.passphrase.setFocus()
        if isinstance(error, WrongPassphrase):
            self.message.show(
                "That passphrase does not open this backup — it may be older than your last "
                "passphrase change. Type the passphrase it was made with, then Restore again."
            )
        else:
            self.message.show(str(error))

    # -- buttons ---------------------------------------------------------------------

    def open_other(self) -> None:
        if not self.busy:
            self.wants_other = True
            self.reject()

    def _show_passphrase(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.show_button.setText("&Hide" if shown else "&Show")

    # -- worker plumbing -------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    @property
    def settled(self) -> bool:
        """Nothing running: no unlock, restore or keychain question (for tests and quit)."""
        return self._task is None and self._keychain_task is None

    def _run(
        self,
        work: Callable[[Progress], Any],
        text: str,
        done: Callable[[Any], None],
        error: Callable[[BaseException], None],
    ) -> None:
        self._on_done, self._on_error = done, error
        self.busy_label.setText(text)
        self.busy_row.setVisible(True)
        for button in (self.unlock_button, self.restore_button, self.other_button,
                       self.quit_button):  # fmt: skip
            button.setEnabled(False)
        task = Task(work)  # no parent: it may outlive this dialog by a moment (see long_work)
        task.succeeded.connect(self._task_succeeded)
        task.failed.connect(self._task_failed)
        self._task = task
        start(task)

    def _idle_again(self) -> None:
        self._task = None
        self.busy_row.setVisible(False)
        for button in (self.unlock_button, self.restore_button, self.other_button,
                       self.quit_button):  # fmt: skip
            button.setEnabled(True)

    def _task_succeeded(self, result: object) -> None:
        self._idle_again()
        if self._on_done is not None:
            self._on_done(result)

    def _task_failed(self, error: object) -> None:
        self._idle_again()
        assert isinstance(error, BaseException)
        if self._on_error is not None:
            self._on_error(error)

    def reject(self) -> None:
        if self.busy:
            return  # a vault may be opening; it must not be left open behind our back
        if self.vault is not None:  # restored, then Quit: lock what was opened
            self.vault.close()
            self.vault = None
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape clears what was typed; it does not quit the program (Quit does)."""
        if event.key() == Qt.Key.Key_Escape:
            self.passphrase.clear()
            self.passphrase.setFocus()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)
