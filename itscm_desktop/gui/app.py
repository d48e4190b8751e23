"""`itscm-desktop [VAULT]`: start the app, unlock a vault, lock it again when asked or idle.

The flow: a vault given on the command line, else the most recent one, is offered for
unlocking; with neither, the start dialog offers to create one, open one or open the
demo. Locking (Ctrl+L or idle time) closes the vault, clears every page, and shows the
unlock dialog again over the same window, which returns to the same place.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from itscm_desktop import __version__
from itscm_desktop.gui.clipboard import shared_clipboard
from itscm_desktop.gui.idle import IdleWatcher
from itscm_desktop.gui.main_window import MainWindow
from itscm_desktop.gui.navigation import page_for
from itscm_desktop.gui.resources import icon, style_sheet
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.vault.vault import Vault

ORGANISATION = "ITSCM Desktop"
APPLICATION = "ITSCM Desktop"
NOTICE_MS = 30_000


class AppController(QObject):
    """Decides what the person sees: the start dialog, the unlock dialog, or the plan.

    Dialogs are opened (not executed), so the window keeps painting and tests can drive
    them; the one showing is `self.dialog`. It is a child of the window, so the Vault menu
    finds it there (`window.findChild(AppController)`) to lock, reopen and set the auto-lock.
    """

    def __init__(
        self,
        window: MainWindow,
        session: Session,
        settings: AppSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        quit_app: Callable[[], None] = QApplication.quit,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.settings = settings
        self.dialog: QDialog | None = None
        self._quit_app = quit_app
        self._last_record: tuple[str, str] | None = None
        self._place: tuple[Path, str, tuple[str, str] | None] | None = None
        self.setObjectName("app_controller")
        self.clipboard = shared_clipboard()
        self.idle = IdleWatcher(settings.idle_minutes(), clock=clock, parent=self)
        self.idle.pause()  # nothing to protect until a vault is open
        self.idle.idle.connect(self.lock)
        window.lock_requested.connect(self.lock)
        window.navigator.record_requested.connect(self._note_record)
        session.locked.connect(self.clipboard.clear_now)

    # -- what to show ----------------------------------------------------------------

    def start(self, path: Path | None) -> None:
        recent = self.settings.recent_vaults()
        target = path or next((p for p in recent if p.exists()), None)
        if target is None:
            self.choose()
        else:
            self.unlock(target)

    def choose(self, fallback: Path | None = None) -> None:
        """The start dialog: create a vault, open one, or open the demo. Cancelling it
        unlocks `fallback` again (the vault locked by "Open another vault…")."""
        from itscm_desktop.gui.start import StartDialog

        dialog = StartDialog(self.settings, self._dialog_parent())
        dialog.finished.connect(lambda result: self._chosen(dialog, result, fallback))
        self._show(dialog)

    def _chosen(self, dialog: QDialog, result: int, fallback: Path | None) -> None:
        from itscm_desktop.gui.start import StartDialog

        assert isinstance(dialog, StartDialog)
        self._dismiss(dialog)
        if result == QDialog.DialogCode.Accepted and dialog.vault is not None:
            joined = dialog.joined
            notice = ""
            if joined is not None:
                changes = "1 change" if joined.new_changes == 1 else f"{joined.new_changes} changes"
                notice = (
                    f"Joined the plan from “{joined.manifest.device_name}”: {changes} copied. "
                    f"This laptop is “{dialog.vault.device_name}”."
                )
            self._opened(dialog.vault.path, dialog.vault, notice)
        elif result == QDialog.DialogCode.Accepted and dialog.path is not None:
            self.unlock(dialog.path)
        elif fallback is not None:
            self.unlock(fallback)
        else:
            self._quit_unless_open()

    def unlock(self, path: Path) -> None:
        from itscm_desktop.gui.unlock import UnlockDialog

        dialog = UnlockDialog(path, self.settings, self._dialog_parent())
        dialog.finished.connect(lambda result: self._unlock_finished(dialog, result, path))
        self._show(dialog)

    def _unlock_finished(self, dialog: QDialog, result: int, path: Path) -> None:
        from itscm_desktop.gui.unlock import UnlockDialog

        assert isinstance(dialog, UnlockDialog)
        self._dismiss(dialog)
        if result == QDialog.DialogCode.Accepted and dialog.vault is not None:
            self._opened(path, dialog.vault, dialog.notice)
        elif dialog.wants_other:
            self.choose(fallback=path)
        else:
            self._quit_unless_open()

    # -- locking ---------------------------------------------------------------------

    def lock(self) -> None:
        """Close the vault and ask for the passphrase again over the same window."""
        if not self.session.is_unlocked:
            return
        path = self.session.path
        self.suspend()
        if path is not None:
            # Queued, so that the lock completes (and repaints) before the dialog opens.
            QTimer.singleShot(0, self, lambda: self.unlock(path))

    def suspend(self) -> None:
        """Close the vault without asking again (a restore or another vault follows)."""
        if not self.session.is_unlocked:
            return
        self._remember_place()
        self.idle.pause()
        self.session.lock()

    def reopen(self, vault: Vault, notice: str = "") -> None:
        """Show `vault` in the window (after a restore put a backup in its place)."""
        self._opened(vault.path, vault, notice)

    def open_other(self) -> None:
        """Lock this vault, then the start dialog; cancelling it unlocks this one again."""
        path = self.session.path
        self.suspend()
        self.choose(fallback=path)

    # -- the same place after unlocking ----------------------------------------------

    def _note_record(self, table: str, record_id: str) -> None:
        self._last_record = (table, record_id)

    def _remember_place(self) -> None:
        """The page and record shown, to show them again after the next unlock. A page
        may say which record it shows (`current_record()`); else the last one opened."""
        path, key = self.session.path, self.window.current_page_key()
        if path is None or key is None:
            self._place = None
            return
        page = self.window.pages.get(key)
        current = getattr(page, "current_record", None)
        record = current() if callable(current) else self._last_record
        if record is not None and page_for(record[0]) != key:
            record = None
        self._place = (path.resolve(), key, record)

    def _return_to_place(self, path: Path) -> None:
        place, self._place = self._place, None
        if place is None or place[0] != path.resolve():
            return
        _, key, record = place
        if record is not None and self.session.vault.find(*record) is not None:
            self.window.show_record(*record)
        elif self.window.current_page_key() != key:
            self.window.show_page(key)

    # -- plumbing --------------------------------------------------------------------

    def _opened(self, path: Path, vault: Vault, notice: str = "") -> None:
        self.settings.add_recent_vault(path)
        returning = bool(self.window.pages)
        self.session.open(vault)
        if returning:
            # Pages built before the lock kept their "up to date" mark while they were
            # emptied; everything may have changed (another vault, a restored backup).
            self.session.notify_changed("")
        self.window.show()
        self._return_to_place(path)
        self.idle.resume()
        if notice:
            self.window.statusBar().showMessage(notice, NOTICE_MS)

    def _dialog_parent(self) -> MainWindow | None:
        return self.window if self.window.isVisible() else None

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _dismiss(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _quit_unless_open(self) -> None:
        if not self.session.is_unlocked:
            self.window.close()  # saves the window's size and place for next time
            QTimer.singleShot(0, self, self._quit_app)


def make_application(argv: list[str]) -> QApplication:
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(argv)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("itscm-desktop")
    app.setWindowIcon(icon("app"))
    use_fusion_without_platform_style(app)
    app.setStyleSheet(style_sheet())
    return app


def use_fusion_without_platform_style(app: QApplication) -> None:
    """Windows and macOS have their own styles, which follow the system's light or dark
    mode. A Linux desktop without a platform theme falls back to the bare "Windows"
    style; Fusion follows the palette there instead."""
    style = app.style()
    name = style.name().lower() if style is not None else ""
    if sys.platform != "win32" and name in ("", "windows"):
        app.setStyle("Fusion")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="itscm-desktop", description=__doc__)
    parser.add_argument("vault", nargs="?", type=Path, help="the vault file to unlock")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args, qt_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    app = make_application([sys.argv[0], *qt_args])
    settings = AppSettings()
    session = Session()
    window = MainWindow(session, settings)
    controller = AppController(window, session, settings)
    window.show()  # at once, locked: the unlock dialog opens over it
    QTimer.singleShot(0, lambda: controller.start(args.vault))
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
