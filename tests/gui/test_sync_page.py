"""The Sync page: export to a stick (asking for the team's passphrase the first time),
import from one with a preview that writes nothing, the register, and the dashboard's
live conflict count.

Sealing or opening a bundle costs a scrypt derivation (1–3 s), so this file does six:
one for the second laptop's bundle (made once), two in the export test, two in the import
test (preview, then re-import) and one with the wrong passphrase. Everything else moves
bundles unencrypted through the core.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.exchange_passphrase import ExchangePassphraseDialog
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages import sync as sync_page
from itscm_desktop.gui.pages.dashboard import DashboardPage
from itscm_desktop.gui.pages.sync import NOTHING_NEW, SyncPage
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.sync_preview import data_size
from itscm_desktop.sync import stick
from itscm_desktop.sync.bundle import WRONG_OR_DAMAGED, Bundle, seal
from itscm_desktop.sync.exchange import (
    exchange_passphrase,
    make_plan_bundle,
    read_bundle,
    remember_exchange_passphrase,
    take_bundle,
)
from itscm_desktop.vault.bundle_register import bundle_register
from itscm_desktop.vault.conflicts import conflict_count, conflict_views
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

EXCHANGE = "tidal mooring lantern 77"
WAIT_MS = 20_000


@dataclass(frozen=True)
class LaptopB:
    """A second laptop's copy of the demo plan, edited apart from the session's."""

    sealed: bytes  # its bundle, locked with EXCHANGE
    bundle: Bundle  # the same bundle, not encrypted, for tests that need no scrypt
    contact_id: str  # a contact whose job title B changed
    risk_id: str  # a risk B deleted
    new_contact: str  # a contact B added


@pytest.fixture(scope="module")
def laptop_b(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> LaptopB:
    folder = tmp_path_factory.mktemp("laptop_b")
    shutil.copyfile(demo_template, folder / "a.itscm")
    a = Vault.open(folder / "a.itscm", PASSPHRASE)
    b = Vault.join(folder / "b.itscm", PASSPHRASE, plan_id=a.plan_id, device_name="Laptop B")
    try:
        take_bundle(b, make_plan_bundle(a), b"")
        contact_id = b.records("contacts", order_by="full_name", limit=1)[0]["id"]
        risk_id = b.records("risks", order_by="title", limit=1)[0]["id"]
        b.update("contacts", contact_id, {"job_title": "Chief from B"})
        b.delete("risks", risk_id, clear_references=True)
        new_contact = b.insert("contacts", {"full_name": "Zofia Wiśniewska"})
        bundle = make_plan_bundle(b)
        return LaptopB(seal(bundle, EXCHANGE), bundle, contact_id, risk_id, new_contact)
    finally:
        a.close()
        b.close()


@pytest.fixture
def navigator() -> Navigator:
    return Navigator()


@pytest.fixture
def page(qtbot: QtBot, session: Session, navigator: Navigator,
         monkeypatch: pytest.MonkeyPatch) -> SyncPage:  # fmt: skip
    monkeypatch.setattr(stick, "removable_volumes", lambda: [])  # no stick in the test machine
    page = SyncPage(session=session, navigator=navigator)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.activate()
    return page


def open_dialog(page: SyncPage) -> ExchangePassphraseDialog:
    dialogs = [d for d in page.findChildren(ExchangePassphraseDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def type_twice(qtbot: QtBot, dialog: ExchangePassphraseDialog, first: str, again: str) -> None:
    dialog.first.clear()
    dialog.second.clear()
    qtbot.keyClicks(dialog.first, first)
    qtbot.keyClicks(dialog.second, again)
    dialog.ok_button.click()


def diverge(session: Session, laptop_b: LaptopB) -> None:
    """This laptop edits what B edited and what B deleted: two conflicts to come."""
    session.vault.update("contacts", laptop_b.contact_id, {"job_title": "Chief from here"})
    session.vault.update("risks", laptop_b.risk_id, {"treatment_notes": "Spare generator on site"})


def test_header_says_which_laptop_and_how_many_changes(page: SyncPage, session: Session) -> None:
    held = sum(session.vault.knowledge().as_dict().values())
    assert session.vault.device_name in page.identity.text()
    assert f"holds {held} changes" in page.identity.text()
    assert "does not know the team's exchange passphrase" in page.passphrase_status.text()
    assert not page.export_button.isEnabled()  # no stick, no folder chosen
    assert page.sticks.placeholderText().startswith("No USB stick found")


def test_renaming_this_laptop_names_its_next_changes(
    qtbot: QtBot, page: SyncPage, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("   ", True))
    page.rename_button.click()
    assert warnings == ["Give this laptop a name the others will recognise."]
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *args, **kwargs: ("  Priya's   ThinkPad ", True)
    )
    with qtbot.waitSignal(session.changed):  # the window's status line names this laptop
        page.rename_button.click()
    assert session.vault.device_name == "Priya's ThinkPad"
    assert page.identity.text().startswith("This laptop: Priya's ThinkPad ·")
    contact = session.vault.records("contacts", limit=1)[0]["id"]
    session.vault.update("contacts", contact, {"job_title": "Renamed laptop"})
    assert session.vault.audit_trail(limit=1)[0]["device_name"] == "Priya's ThinkPad"


def test_export_asks_for_the_passphrase_then_writes_a_bundle_the_core_reads(
    qtbot: QtBot, page: SyncPage, session: Session, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    stick_folder = tmp_path / "STICK"
    stick_folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *args, **kwargs: str(stick_folder))  # fmt: skip
    qtbot.mouseClick(page.folder_button, Qt.MouseButton.LeftButton)
    assert page.sticks.currentData() == str(stick_folder)
    assert page.export_button.isEnabled()

    page.export_button.click()
    dialog = open_dialog(page)
    assert (
        "Every laptop of the team uses the same"
        in dialog.findChild(QLabel, "exchange_intro").text()
    )
    type_twice(qtbot, dialog, "short", "short")
    assert dialog.isVisible() and "at least 12 characters" in dialog.hint.text()
    assert dialog.hint.property("kind") == "warning" and dialog.focusWidget() is dialog.first
    type_twice(qtbot, dialog, EXCHANGE, EXCHANGE + "x")
    assert dialog.isVisible() and dialog.hint.text() == "The two passphrases are not the same yet."
    assert dialog.focusWidget() is dialog.second
    assert exchange_passphrase(session.vault) is None and not list(stick_folder.iterdir())

    type_twice(qtbot, dialog, EXCHANGE, EXCHANGE)
    assert not dialog.isVisible()
    assert exchange_passphrase(session.vault) == EXCHANGE
    assert page.export_status.text() == sync_page.EXPORTING
    assert page.passphrase_status.text() == "The team's exchange passphrase is kept in this plan."
    assert not page.export_button.isEnabled() and not page.import_button.isEnabled()
    qtbot.waitUntil(lambda: page.send_message.text.startswith("Done:"), timeout=WAIT_MS)

    (written,) = stick_folder.iterdir()
    assert written.suffix == stick.SUFFIX
    assert page.send_message.text == (
        f"Done: {written.name} written and checked on {stick_folder} "
        f"({data_size(written.stat().st_size)}, 2 changes). You can remove the stick."
    )
    assert page.send_message.kind == "ok" and page.export_status.text() == ""
    assert page.export_button.isEnabled()
    bundle = read_bundle(session.vault, written.read_bytes())  # the kept passphrase opens it
    assert bundle.manifest.device_name == session.vault.device_name
    assert page.register.table.rowCount() == 1
    assert page.register.table.item(0, 1).text() == "Exported"
    assert page.register.table.item(0, 4).text() == str(written)
    assert page.passphrase_status.text() == "The team's exchange passphrase is kept in this plan."


def test_a_failed_write_shows_its_sentence_and_nothing_else(
    qtbot: QtBot, page: SyncPage, session: Session, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    remember_exchange_passphrase(session.vault, EXCHANGE)

    def full(*args: object, **kwargs: object) -> None:
        raise stick.StickWriteFailed("full")

    monkeypatch.setattr(sync_page, "export_to", full)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    page.folder_button.click()
    page.export_button.click()
    assert not page.findChildren(ExchangePassphraseDialog)  # the kept one is used
    qtbot.waitUntil(lambda: page.send_message.text != "", timeout=WAIT_MS)
    assert page.send_message.text == stick.FULL
    assert page.send_message.kind == "error"
    assert page.register.table.rowCount() == 0 and page.export_button.isEnabled()


def test_import_shows_a_preview_before_writing_then_applies_it(
    qtbot: QtBot, page: SyncPage, session: Session, navigator: Navigator,
    laptop_b: LaptopB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    vault = session.vault
    diverge(session, laptop_b)
    dashboard = DashboardPage(session=session, navigator=navigator)
    qtbot.addWidget(dashboard)
    dashboard.show()
    dashboard.activate()
    conflicts_card = dashboard.cards["sync_conflicts"]
    assert conflicts_card.done.isVisible()
    path = tmp_path / "from-b.itscm-bundle"
    path.write_bytes(laptop_b.sealed)
    asked: list[str] = []

    def choose(parent: object, caption: str, folder: str, filter: str) -> tuple[str, str]:
        asked.append(filter)
        return str(path), filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    before = vault.knowledge().as_dict()

    page.import_button.click()
    assert asked == ["Bundles (*.itscm-bundle)"]
    dialog = open_dialog(page)  # this laptop does not know the passphrase: asked once
    assert not dialog.second.isVisible()
    qtbot.keyClicks(dialog.first, EXCHANGE)
    dialog.ok_button.click()
    qtbot.waitUntil(page.preview_view.isVisible, timeout=WAIT_MS)

    assert "from “Laptop B”, exported" in page.preview_view.source.text()
    assert page.preview_view.summary.text() == "3 new changes, 2 new conflicts"
    rows = {page.preview_view.changes.item(r, 0).text():
            [page.preview_view.changes.item(r, c).text() for c in (1, 2, 3)]
            for r in range(page.preview_view.changes.rowCount())}  # fmt: skip
    assert rows == {"Contacts": ["1", "", ""], "Risks": ["", "", "1"]}  # B's edit is not shown
    headings = [page.preview_view.conflicts.item(r).text()
                for r in range(page.preview_view.conflicts.count())]  # fmt: skip
    contact = vault.get("contacts", laptop_b.contact_id)
    risk = vault.get("risks", laptop_b.risk_id)
    assert f"Contact “{contact['full_name']}”: Job title" in headings
    assert (f"Risk “{risk['title']}” was deleted on one laptop and changed on another"
            in headings)  # fmt: skip
    # nothing written yet
    assert vault.knowledge().as_dict() == before
    assert conflict_count(vault.conn) == 0 and bundle_register(vault) == []
    assert vault.find("contacts", laptop_b.new_contact) is None
    assert exchange_passphrase(vault) is None
    assert page.preview_view.apply_button.isEnabled() and not page.import_button.isEnabled()

    page.preview_view.apply_button.click()
    qtbot.waitUntil(lambda: page.take_message.text != "", timeout=WAIT_MS)
    assert page.take_message.text == (
        "Imported from “Laptop B”: 3 new changes, 2 new conflicts. "
        "Choose a value for each in Conflicts."
    )
    assert not page.preview_view.isVisible()
    assert conflict_count(vault.conn) == 2
    assert vault.get("contacts", laptop_b.new_contact)["full_name"] == "Zofia Wiśniewska"
    assert exchange_passphrase(vault) == EXCHANGE  # it opened the bundle: now it is kept
    assert page.register.table.item(0, 1).text() == "Imported"
    assert page.register.table.item(0, 4).text() == f"{path} (from Laptop B)"
    assert (
        page.register.table.item(0, 6).text() == "3"
        and page.register.table.item(0, 7).text() == "2"
    )
    # the dashboard heard about it: its conflict count is live, its examples the notes
    assert conflicts_card.count.isVisible() and conflicts_card.count.text() == "2"
    assert (
        f"Contact “{contact['full_name']}”: Job title, 2 values" in conflicts_card.examples.text()
    )
    assert page.tabs.tabText(page.tabs.indexOf(page.conflicts)) == "Co&nflicts (2)"
    page.to_conflicts.click()
    assert page.tabs.currentWidget() is page.conflicts
    page.tabs.setCurrentIndex(0)
    page.show_only(["the dashboard's conflict ids"])
    assert page.tabs.currentWidget() is page.conflicts
    qtbot.waitUntil(lambda: page.conflicts.list.count() > 0)
    page.tabs.setCurrentIndex(0)

    page.import_button.click()  # the same bundle again: the kept passphrase, nothing new
    qtbot.waitUntil(lambda: page.take_message.text == NOTHING_NEW, timeout=WAIT_MS)
    assert not page.preview_view.isVisible() and page.import_button.isEnabled()
    assert len(bundle_register(vault)) == 1


def test_a_bundle_with_another_passphrase_is_refused_and_nothing_written(
    qtbot: QtBot, page: SyncPage, session: Session, laptop_b: LaptopB, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    vault = session.vault
    remember_exchange_passphrase(vault, "another team's words 5")
    path = tmp_path / "from-b.itscm-bundle"
    path.write_bytes(laptop_b.sealed)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    before = vault.knowledge().as_dict()
    page.import_button.click()
    qtbot.waitUntil(lambda: page.take_message.text != "", timeout=WAIT_MS)
    assert page.take_message.text == WRONG_OR_DAMAGED
    assert page.take_message.kind == "error" and not page.preview_view.isVisible()
    assert vault.knowledge().as_dict() == before and bundle_register(vault) == []


def test_the_dashboard_conflict_card_names_them_and_opens_sync(
    qtbot: QtBot, session: Session, navigator: Navigator, laptop_b: LaptopB
) -> None:
    diverge(session, laptop_b)
    take_bundle(session.vault, laptop_b.bundle, b"")
    dashboard = DashboardPage(session=session, navigator=navigator)
    qtbot.addWidget(dashboard)
    dashboard.show()
    dashboard.activate()
    card = dashboard.cards["sync_conflicts"]
    assert card.count.text() == "2"
    assert "”: deleted on one laptop, changed on another" in card.examples.text()
    assert "• Risk “" in card.examples.text()
    with qtbot.waitSignal(navigator.page_requested) as opened:
        card.count.click()
    key, ids = opened.args
    assert key == "sync"
    assert sorted(ids) == sorted(view.id for view in conflict_views(session.vault.conn))


def test_cancel_imports_nothing_and_locking_forgets_the_opened_bundle(
    qtbot: QtBot, page: SyncPage, session: Session, laptop_b: LaptopB, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    vault = session.vault
    remember_exchange_passphrase(vault, EXCHANGE)
    monkeypatch.setattr(sync_page, "read_bundle", lambda *a, **k: laptop_b.bundle)  # no scrypt
    path = tmp_path / "from-b.itscm-bundle"
    path.write_bytes(b"opened by the patched read_bundle")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    before = vault.knowledge().as_dict()

    page.import_button.click()
    qtbot.waitUntil(page.preview_view.isVisible, timeout=WAIT_MS)
    assert page.preview_view.summary.text() == "3 new changes, 0 new conflicts"
    assert page.preview_view.conflicts_label.text().startswith("No conflicts")
    qtbot.keyClick(page.preview_view.cancel_button, Qt.Key.Key_Space)
    assert not page.preview_view.isVisible() and page.preview is None
    assert page.take_message.text == "Nothing was imported."
    assert vault.knowledge().as_dict() == before and bundle_register(vault) == []

    page.import_button.click()
    qtbot.waitUntil(page.preview_view.isVisible, timeout=WAIT_MS)
    session.lock()
    assert page.preview is None and not page.preview_view.isVisible()
    assert page.register.table.rowCount() == 0 and page.identity.text() == ""


def test_locking_waits_for_an_export_and_drops_its_result(
    qtbot: QtBot, page: SyncPage, session: Session, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    vault = session.vault
    remember_exchange_passphrase(vault, EXCHANGE)
    read: list[int] = []

    def slow_export(vault: Vault, folder: Path) -> None:
        time.sleep(0.3)  # as long as sealing takes, roughly
        read.append(sum(vault.knowledge().as_dict().values()))  # the vault is still open

    monkeypatch.setattr(sync_page, "export_to", slow_export)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    page.folder_button.click()
    page.export_button.click()
    assert page.busy
    session.lock()
    assert read and read[0] > 0
    qtbot.wait(50)
    assert page.send_message.text == "" and not page.busy
