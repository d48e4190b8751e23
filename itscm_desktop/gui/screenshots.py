"""Regenerate the README's pictures from the demo organisation:
`python -m itscm_desktop.gui.screenshots [OUT_DIR]` (default docs/screenshots), best under a
virtual screen: `make screenshots` runs it with xvfb-run when it is installed.

Nothing here is faked: a fresh demo vault is generated, unlocked and driven through the
same widgets a person uses; each picture is a grab of the real window. The printed pages
(`print-*.png`) are the first pages of the documents the Print Center makes, rendered by
QtPdf as the preview shows them.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QTabWidget, QWidget

from itscm_desktop.demo import create_demo_vault
from itscm_desktop.gui.main_window import MainWindow
from itscm_desktop.gui.printing import discard, pdf_document
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.reports.catalogue import build
from itscm_desktop.sync.exchange import make_plan_bundle, take_bundle
from itscm_desktop.vault.vault import Vault

DEMO_PASSPHRASE = "lighthouse harbour orange 42"
SIZE = (1440, 900)
#: The printed pages shown in the README, by picture name: (document, page from 0).
PRINTED = {"print-contact-sheet": ("contact-sheet", 0), "print-wallet-cards": ("wallet-cards", 0)}
#: Wide enough to read the numbers on a README page, small enough to load quickly.
PRINTED_WIDTH = 900


def settle(ms: int = 250) -> None:
    """Let queued work, debounced searches and repaints happen."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def grab(widget: QWidget) -> QPixmap:
    """The widget as seen on screen, dialogs above it included when a screen exists."""
    screen = QGuiApplication.primaryScreen()
    if QGuiApplication.platformName() == "xcb" and screen is not None:
        frame = widget.frameGeometry()
        return screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    return widget.grab()


def _first_id(vault: Vault, table: str, query: str) -> str:
    hits = vault.search(query, tables=[table], limit=1)
    if not hits:
        raise LookupError(f"the demo has no {table} matching {query!r}")
    return hits[0].id


def _select_tab(widget: QWidget, title: str) -> None:
    for tabs in widget.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if tabs.tabText(index) == title and tabs.isVisibleTo(widget):
                tabs.setCurrentIndex(index)
                return


def take_screenshots(out: Path) -> list[Path]:
    """Write the README's screenshots into `out` and return their paths. Needs a
    QApplication; the demo vault and settings live in a temporary folder."""
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def save(name: str, widget: QWidget) -> None:
        settle()
        path = out / f"{name}.png"
        if not grab(widget).save(str(path)):
            raise OSError(f"could not write {path}")
        saved.append(path)

    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.itscm"
        create_demo_vault(demo, DEMO_PASSPHRASE)
        settings = AppSettings(
            QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        )

        from itscm_desktop.gui.unlock import UnlockDialog

        unlock = UnlockDialog(demo, settings)
        unlock.show()
        while not unlock.settled:  # the keychain has answered: the dialog is final
            settle(50)
        save("unlock", unlock)
        unlock.close()

        session = Session()
        window = MainWindow(session, settings)
        window.resize(*SIZE)
        session.open(Vault.open(demo, DEMO_PASSPHRASE))
        window.show()
        vault = session.vault
        steps: list[tuple[str, Callable[[], QWidget]]] = []

        def dashboard() -> QWidget:
            window.show_page("dashboard")
            return window

        def service() -> QWidget:
            window.show_record("services", _first_id(vault, "services", "web shop"))
            _select_tab(window, "Relations")
            return window

        def contacts() -> QWidget:
            window.show_record("contacts", _first_id(vault, "contacts", "Jürgen Müller"))
            return window

        def call_tree() -> QWidget:
            window.show_record("call_trees", _first_id(vault, "call_trees", "major outage"))
            _select_tab(window, "Call order")
            return window

        def who_to_call() -> QWidget:
            page = window.show_page("who_to_call")
            field = page.findChild(QLineEdit)
            if field is None:
                raise LookupError("the who-to-call page has no query field")
            field.setFocus()
            QTest.keyClicks(field, "IT recovery")  # typed, as a person would
            settle(500)
            return window

        opened: list[QWidget] = []

        def search() -> QWidget:
            from itscm_desktop.gui.search import SearchDialog

            window.show_page("dashboard")
            dialog = SearchDialog(session, window.navigator, window)
            dialog.set_query("network")
            dialog.open()
            settle(400)
            opened.append(dialog)
            return window if QGuiApplication.platformName() == "xcb" else dialog

        def print_center() -> QWidget:
            for dialog in opened:  # the search popup, else it covers the page
                dialog.close()
            page = window.show_page("print_center")
            for _ in range(600):  # the contact sheet is laid out in the background
                if getattr(page, "is_ready", True):
                    break
                settle(50)
            return window

        def sync_conflicts() -> QWidget:
            # A second laptop joins, both change one person's job title, and this laptop
            # takes in the other's bundle: one conflict to settle.
            other = Vault.join(
                Path(folder) / "laptop-b.itscm",
                DEMO_PASSPHRASE,
                plan_id=vault.plan_id,
                device_name="Duty laptop (Leeds)",
            )
            take_bundle(other, make_plan_bundle(vault), b"")
            person = _first_id(vault, "contacts", "kowalczyk")
            vault.update("contacts", person, {"job_title": "Head of IT operations"})
            other.update("contacts", person, {"job_title": "Interim head of IT"})
            take_bundle(vault, make_plan_bundle(other), b"")
            other.close()
            session.notify_changed("contacts")
            page = window.show_page("sync")
            page.show_only([])
            return window

        steps += [
            ("dashboard", dashboard),
            ("service", service),
            ("contacts", contacts),
            ("call-tree", call_tree),
            ("who-to-call", who_to_call),
            ("search", search),
            ("print-center", print_center),
            ("sync-conflicts", sync_conflicts),
        ]
        for name, show in steps:
            save(name, show())
        for name, (key, page) in PRINTED.items():
            saved.append(_save_page(build(vault, key), page, out / f"{name}.png"))
        session.lock()
        window.close()
    return saved


def _save_page(data: bytes, page: int, path: Path) -> Path:
    """Page `page` of the PDF `data` as a PNG `PRINTED_WIDTH` pixels wide, on white."""
    document = pdf_document(data)
    try:
        points = document.pagePointSize(page)
        height = round(PRINTED_WIDTH * points.height() / points.width())
        image = document.render(page, QSize(PRINTED_WIDTH, height))
        if image.isNull() or not image.save(str(path)):
            raise OSError(f"could not write {path}")
    finally:
        discard(document)
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from itscm_desktop.gui.app import make_application

    app = make_application([sys.argv[0]])
    for path in take_screenshots(Path(args[0] if args else "docs/screenshots")):
        print(path)
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
