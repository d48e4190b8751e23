"""`itscm-desktop [VAULT]`: start the app, unlock a vault, lock it again when asked or idle.

The flow: a vault given on the command line, else the most recent one, is offered for
unlocking; with neither, the start dialog offers to create one, open one or open the
demo. Locking (Ctrl+L or idle time) closes the vault, clears every page, and shows the
unlock dialog again over the same window, which returns to the same place.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from itscm_desktop import __version__
from itscm_desktop.gui.main_window import MainWindow
from itscm_desktop.gui.resources import icon, style_sheet
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.settings import AppSettings

ORGANISATION = "ITSCM Desktop"
APPLICATION = "ITSCM Desktop"


class AppController(QObject):
    """Decides what the person sees: the start dialog, the unlock dialog, or the plan."""

    def __init__(self, window: MainWindow, session: Session, settings: AppSettings) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.settings = settings
        from itscm_desktop.gui.clipboard import SensitiveClipboard
        from itscm_desktop.gui.idle import IdleWatcher

        self.clipboard = SensitiveClipboard(self)
        self.idle = IdleWatcher(settings.idle_minutes(), parent=self)
        self.idle.idle.connect(self.lock)
        window.lock_requested.connect(self.lock)
        session.locked.connect(self.clipboard.clear_now)

    def start(self, path: Path | None) -> None:
        recent = self.settings.recent_vaults()
        target = path or next((p for p in recent if p.exists()), None)
        if target is None:
            self.choose()
        else:
            self.unlock(target)

    def choose(self) -> None:
        """The start dialog: create a vault, open one, or open the demo."""
        from itscm_desktop.gui.start import StartDialog

        dialog = StartDialog(self.settings, self.window if self.window.isVisible() else None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self._quit_unless_open()
            return
        if dialog.vault is not None:
            self._opened(dialog.vault.path, dialog.vault)
        elif dialog.path is not None:
            self.unlock(dialog.path)

    def unlock(self, path: Path) -> None:
        from itscm_desktop.gui.unlock import UnlockDialog

        dialog = UnlockDialog(path, self.settings, self.window if self.window.isVisible() else None)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.vault is not None:
            self._opened(path, dialog.vault)
        elif dialog.wants_other:
            self.choose()
        else:
            self._quit_unless_open()

    def lock(self) -> None:
        if not self.session.is_unlocked:
            return
        path = self.session.path
        self.idle.pause()
        self.session.lock()
        if path is not None:
            # Queued, so that the lock completes (and repaints) before the dialog opens.
            QTimer.singleShot(0, lambda: self.unlock(path))

    def _opened(self, path: Path, vault: object) -> None:
        from itscm_desktop.vault.vault import Vault

        assert isinstance(vault, Vault)
        self.settings.add_recent_vault(path)
        self.session.open(vault)
        self.window.show()
        self.idle.resume()

    def _quit_unless_open(self) -> None:
        if not self.session.is_unlocked:
            QTimer.singleShot(0, QApplication.quit)


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
    app.setStyleSheet(style_sheet())
    return app


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
    QTimer.singleShot(0, lambda: controller.start(args.vault))
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
