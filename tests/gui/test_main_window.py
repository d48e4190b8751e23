"""The main window: pages built in the background after unlocking, jumping to records
with back and forward, one search popup at a time."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from itscm_desktop.gui.main_window import PAGES, MainWindow
from itscm_desktop.gui.search import SearchDialog
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE


def open_window(qtbot: QtBot, session: Session, settings: AppSettings) -> MainWindow:
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    session.unlocked.emit()  # the session fixture unlocked before the window existed
    return window


def test_pages_are_built_in_the_background_after_unlocking(
    qtbot: QtBot, session: Session, settings: AppSettings
) -> None:
    window = open_window(qtbot, session, settings)
    assert window.current_page_key() == "dashboard"
    qtbot.waitUntil(lambda: not window.warming_up, timeout=20_000)
    assert set(window.pages) == {spec.key for spec in PAGES}
    built = dict(window.pages)
    window.show_page("assets")
    assert window.pages == built  # opening a page now builds nothing


def test_jumping_between_records_and_back(
    qtbot: QtBot, session: Session, settings: AppSettings
) -> None:
    window = open_window(qtbot, session, settings)
    vault = session.vault
    service = vault.search("web shop", tables=["services"])[0].id
    person = vault.search("Müller", tables=["contacts"])[0].id
    window.navigator.open_record("services", service)
    window.navigator.open_record("contacts", person)
    assert window.current_page_key() == "contacts"
    assert window.back_action.isEnabled() and not window.forward_action.isEnabled()
    window.go_back()
    assert window.current_page_key() == "services"
    assert window.forward_action.isEnabled()
    window.go_forward()
    assert window.current_page_key() == "contacts"


def test_ctrl_k_twice_keeps_one_search_popup(
    qtbot: QtBot, session: Session, settings: AppSettings
) -> None:
    window = open_window(qtbot, session, settings)
    window.open_search()
    window.open_search()
    popups = [d for d in window.findChildren(SearchDialog) if d.isVisible()]
    assert len(popups) == 1


def test_locking_forgets_and_unlocking_returns_to_the_same_page(
    qtbot: QtBot, session: Session, settings: AppSettings
) -> None:
    window = open_window(qtbot, session, settings)
    window.show_page("suppliers")
    vault = session.vault
    session.lock()
    assert window.windowTitle() == "ITSCM Desktop — locked"
    session.open(Vault.open(vault.path, PASSPHRASE))
    assert window.current_page_key() == "suppliers"


def test_the_status_line_names_this_laptop_after_a_rename(
    qtbot: QtBot, session: Session, settings: AppSettings
) -> None:
    window = open_window(qtbot, session, settings)
    assert window.status.text().endswith(f"this computer: {session.vault.device_name}")
    session.vault.rename_device("Duty laptop (Leeds)")
    session.notify_changed("plan")
    assert window.status.text().endswith("this computer: Duty laptop (Leeds)")
