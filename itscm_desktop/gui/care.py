"""The Vault menu: looking after the file that holds the plan.

`MainWindow` calls `care.<name>(window)`; each handler uses `window.session`,
`window.settings`, `window.statusBar()` and, when it must lock or reopen the vault or
change the auto-lock, the `AppController` (a child of the window, see app.py). Handlers
return what they started (the work, or the dialog they opened), so tests can follow it.
Nothing here blocks the window: dialogs are opened, not executed, and slow work runs in
the worker pool behind a progress dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.long_work import LongWork
from itscm_desktop.vault.errors import VaultError
from itscm_desktop.vault.integrity import IntegrityReport
from itscm_desktop.vault.vault import Vault

if TYPE_CHECKING:
    from itscm_desktop.gui.app import AppController
    from itscm_desktop.gui.idle import IdleWatcher
    from itscm_desktop.gui.main_window import MainWindow

#: How long a status bar message stays (ms).
STATUS_MS = 20_000
MAX_IDLE_MINUTES = 240


def _controller(window: MainWindow) -> AppController | None:
    from itscm_desktop.gui.app import AppController

    return window.findChild(AppController)


def _idle(window: MainWindow) -> IdleWatcher | None:
    controller = _controller(window)
    return controller.idle if controller is not None else None


def _unlocked(window: MainWindow) -> bool:
    if window.session.is_unlocked:
        return True
    window.statusBar().showMessage("Unlock the vault first.", STATUS_MS)
    return False


def tell(parent: QWidget, title: str, text: str, *, problem: bool = False) -> QMessageBox:
    """A message the person confirms with Enter; opened, so the window keeps painting."""
    box = QMessageBox(QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information,
                      title, text, QMessageBox.StandardButton.Ok, parent)  # fmt: skip
    box.setObjectName("care_message")
    box.open()
    return box


def _interrupter(vault: Any) -> Any:
    """Stops the statement the vault's connection is running (SQLite allows this from
    another thread); the work then fails and is reported as stopped."""
    conn: Any = vault.conn
    return conn.interrupt


def open_until_locked(window: MainWindow, dialog: QDialog) -> QDialog:
    """Open `dialog` over the window; it closes when the vault locks (idle time), unless it
    is in the middle of its work, so nothing of the plan stays on the screen."""

    def locked() -> None:
        if dialog.isVisible() and not getattr(dialog, "busy", False):
            dialog.reject()

    def finished() -> None:
        window.session.locked.disconnect(locked)

    window.session.locked.connect(locked)
    dialog.finished.connect(finished)
    dialog.open()
    return dialog


def _report_failure(window: MainWindow, title: str, error: object) -> None:
    if not isinstance(error, VaultError):
        raise error if isinstance(error, BaseException) else RuntimeError(error)
    tell(window, title, str(error), problem=True)


# -- backups ----------------------------------------------------------------------------


def back_up_now(window: MainWindow) -> LongWork | None:
    """Write a backup beside the vault; the status bar says where."""
    if not _unlocked(window):
        return None
    vault = window.session.vault
    work = LongWork(window, "Backing up the vault…", lambda progress: vault.backup(),
                    on_cancel=_interrupter(vault), idle=_idle(window))  # fmt: skip

    def done(info: Any) -> None:
        window.statusBar().showMessage(f"Backed up to {info.path}", STATUS_MS)

    work.succeeded.connect(done)
    work.failed.connect(lambda error: _report_failure(window, "Back up", error))
    work.cancelled.connect(
        lambda: window.statusBar().showMessage("Backup stopped; nothing was written.", STATUS_MS)
    )
    return work.start()


def restore_backup(window: MainWindow) -> QDialog | None:
    """Choose a backup, confirm, then put it in place of the vault (see restore.py)."""
    if not _unlocked(window):
        return None
    from itscm_desktop.gui.restore import RestoreDialog

    controller = _controller(window)
    if controller is None:  # a window without the app around it (never in the app)
        return None
    dialog = RestoreDialog(window.session.path, window, controller)
    return open_until_locked(window, dialog)


# -- checking ---------------------------------------------------------------------------


def check_integrity(window: MainWindow) -> LongWork | None:
    """Check every page of the file and its structure; report what was found."""
    if not _unlocked(window):
        return None
    vault: Vault = window.session.vault

    def work(progress: Any) -> IntegrityReport:
        progress.report(0, 0, "Checking every page of the vault file…")
        return vault.check()

    work_ = LongWork(window, "Checking the vault file…", work, on_cancel=_interrupter(vault),
                     idle=_idle(window))  # fmt: skip
    work_.succeeded.connect(lambda report: show_check_result(window, report))
    work_.failed.connect(lambda error: _report_failure(window, "Check the file", error))
    work_.cancelled.connect(
        lambda: window.statusBar().showMessage("Check stopped before the end.", STATUS_MS)
    )
    return work_.start()


def show_check_result(window: MainWindow, report: IntegrityReport) -> QMessageBox:
    if report.ok:
        text = (
            "The vault file is intact: every page matches its checksum and the structure is sound."
        )
        window.statusBar().showMessage("The vault file is intact.", STATUS_MS)
        return tell(window, "Check the file", text)
    shown = "\n".join(f"• {problem}" for problem in report.problems[:10])
    text = (
        f"The vault file is damaged:\n{shown}\n\n"
        "Your edits are still in it, but make a copy of the file now and restore a backup "
        "(Vault ▸ Restore from a backup…)."
    )
    window.statusBar().showMessage("The vault file is damaged — see the report.", STATUS_MS)
    return tell(window, "Check the file", text, problem=True)


# -- passphrase -------------------------------------------------------------------------


def change_passphrase(window: MainWindow) -> QDialog | None:
    if not _unlocked(window):
        return None
    from itscm_desktop.gui.passphrase_dialogs import ChangePassphraseDialog

    dialog = ChangePassphraseDialog(window.session, window, idle=_idle(window))
    return open_until_locked(window, dialog)


def remember_passphrase(window: MainWindow) -> QDialog | None:
    if not _unlocked(window):
        return None
    from itscm_desktop.gui.remember import RememberDialog

    dialog = RememberDialog(window.session.vault.path, window)
    return open_until_locked(window, dialog)


# -- settings and information -----------------------------------------------------------


class AutoLockDialog(QDialog):
    """Minutes without use before the vault locks itself; 0 means never."""

    def __init__(self, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Auto-lock")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        text = QLabel(
            "Lock the vault when nobody has used this computer for a while, so an unattended "
            "laptop does not show the plan to whoever walks by."
        )
        text.setWordWrap(True)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("minutes")
        self.minutes.setRange(0, MAX_IDLE_MINUTES)
        self.minutes.setSuffix(" minutes")
        self.minutes.setSpecialValueText("Never")
        self.minutes.setValue(minutes)
        label = QLabel("&Lock after")
        label.setBuddy(self.minutes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(text)
        layout.addWidget(label)
        layout.addWidget(self.minutes)
        layout.addWidget(buttons)
        self.minutes.setFocus()
        self.minutes.selectAll()


def auto_lock_settings(window: MainWindow) -> AutoLockDialog:
    dialog = AutoLockDialog(window.settings.idle_minutes(), window)

    def save() -> None:
        minutes = dialog.minutes.value()
        window.settings.set_idle_minutes(minutes)
        idle = _idle(window)
        if idle is not None:
            idle.set_minutes(minutes)
        window.statusBar().showMessage(
            "The vault no longer locks by itself."
            if minutes == 0
            else f"The vault now locks after {minutes} minutes without use.",
            STATUS_MS,
        )

    dialog.accepted.connect(save)
    open_until_locked(window, dialog)
    return dialog


def about(window: MainWindow) -> QDialog:
    from itscm_desktop.gui.about import AboutDialog

    path = window.session.path
    dialog = AboutDialog(path, window)
    return open_until_locked(window, dialog)


def open_other_vault(window: MainWindow) -> None:
    """Lock this vault and show the start dialog; cancelling it unlocks this one again."""
    controller = _controller(window)
    if controller is not None:
        controller.open_other()
