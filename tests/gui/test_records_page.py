"""The records page driven like a person: create, edit, refuse, delete, pick, filter, jump."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QToolButton
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.records import RecordsPage
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets import record_form
from itscm_desktop.gui.widgets.field_widgets import LineEditor
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

PageFactory = Callable[[str], RecordsPage]


@pytest.fixture
def open_page(qtbot: QtBot, session: Session) -> PageFactory:
    """A page of `table` in a window of its own (for the status bar), shown and loaded."""
    windows: list[QMainWindow] = []

    def make(table: str) -> RecordsPage:
        window = QMainWindow()
        windows.append(window)
        qtbot.addWidget(window)
        page = RecordsPage(table, session=session, navigator=Navigator(window))
        window.setCentralWidget(page)
        window.resize(1400, 900)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # keyboard shortcuts need an active window
        page.activate()
        return page

    return make


def button(page: RecordsPage, name: str) -> QToolButton:
    action = getattr(page, f"{name}_action")
    widget = page.toolbar.widgetForAction(action)
    assert isinstance(widget, QToolButton)
    return widget


def type_into(qtbot: QtBot, page: RecordsPage, field: str, text: str) -> None:
    editor = page.form.editor(field)
    target = editor.line if isinstance(editor, LineEditor) else editor.focusProxy()
    assert target is not None
    if isinstance(editor, LineEditor):
        editor.line.selectAll()
        qtbot.keyClick(editor.line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(target, text)


def shown_names(page: RecordsPage) -> list[str]:
    return [str(page.model.data(page.model.index(r, 0))) for r in range(page.model.rowCount())]


def select_row(qtbot: QtBot, page: RecordsPage, row: int) -> None:
    rect = page.view.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def contact_named(session: Session, name: str) -> dict[str, object] | None:
    found = session.vault.records("contacts", where={"full_name": name})
    return found[0] if found else None


# -- creating and editing ---------------------------------------------------------------


def test_page_shows_the_entity_and_the_first_record(open_page: PageFactory) -> None:
    page = open_page("contacts")
    assert page.findChild(object, "page_title").text() == "Contacts"  # type: ignore[union-attr]
    assert page.count_label.text() == "74 contacts"
    assert page.view.selectionModel().currentIndex().row() == 0
    assert page.form.editor("full_name").value() == shown_names(page)[0]
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Details",
        "Relations",
        "Documents",
    ]


def test_create_a_contact_with_a_number_typed_without_plus(
    qtbot: QtBot, open_page: PageFactory, session: Session
) -> None:
    page = open_page("contacts")
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.record_title.text() == "New contact"
    assert page.form.editor("full_name").line.hasFocus()  # type: ignore[attr-defined]
    qtbot.keyClicks(page.form.editor("full_name").line, "Zofia Nowak")  # type: ignore[attr-defined]
    type_into(qtbot, page, "mobile_phone", "07911 123456")
    assert page.save_action.isEnabled()
    qtbot.mouseClick(button(page, "save"), Qt.MouseButton.LeftButton)

    stored = contact_named(session, "Zofia Nowak")
    assert stored is not None and stored["mobile_phone"] == "+447911123456"
    assert page.count_label.text() == "75 contacts"
    row = page.view.selectionModel().currentIndex().row()
    assert shown_names(page)[row] == "Zofia Nowak"
    assert page.form.editor("mobile_phone").line.text() == "+44 7911 123456"  # type: ignore[attr-defined]
    assert page.record_title.text() == "Zofia Nowak"
    assert not page.form.dirty


def test_edit_changes_only_what_was_typed(
    qtbot: QtBot, open_page: PageFactory, session: Session
) -> None:
    page = open_page("contacts")
    select_row(qtbot, page, 2)
    record_id = page.model.record_id(2)
    assert record_id is not None
    type_into(qtbot, page, "job_title", "Chief Continuity Officer")
    assert page.form.dirty and page.revert_action.isEnabled()
    qtbot.keyClick(page.form.editor("job_title"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert session.vault.get("contacts", record_id)["job_title"] == "Chief Continuity Officer"
    trail = session.vault.audit_trail(record_id=record_id, limit=1)[0]
    assert trail["action"] == "update" and '"job_title"' in trail["changes"]
    assert '"mobile_phone"' not in trail["changes"]
    column = [f.name for f in page.model.columns].index("job_title")
    row = page.model.row_of(record_id)
    assert row is not None
    assert page.model.data(page.model.index(row, column)) == "Chief Continuity Officer"


def test_an_invalid_phone_is_shown_under_its_field_and_nothing_is_saved(
    qtbot: QtBot, open_page: PageFactory, session: Session
) -> None:
    page = open_page("contacts")
    record_id = page.model.record_id(0)
    assert record_id is not None
    before = session.vault.get("contacts", record_id)
    type_into(qtbot, page, "mobile_phone", "12")
    type_into(qtbot, page, "job_title", "Changed too")
    qtbot.mouseClick(button(page, "save"), Qt.MouseButton.LeftButton)

    problem = page.form.problem_text("mobile_phone")
    assert problem and "12" in problem
    assert page.form.problems["mobile_phone"].isVisible()
    assert page.form.editor("mobile_phone").line.hasFocus()  # type: ignore[attr-defined]
    assert page.form.problem_text("job_title") == ""
    assert session.vault.get("contacts", record_id) == before
    assert page.form.dirty  # what was typed is still there, to be corrected

    type_into(qtbot, page, "mobile_phone", "+44 7911 123456")
    qtbot.mouseClick(button(page, "save"), Qt.MouseButton.LeftButton)
    assert page.form.problem_text("mobile_phone") == ""
    assert session.vault.get("contacts", record_id)["mobile_phone"] == "+447911123456"


def test_a_service_with_objectives_typed_in_hours(
    qtbot: QtBot, open_page: PageFactory, session: Session
) -> None:
    page = open_page("services")
    qtbot.mouseClick(button(page, "new"), Qt.MouseButton.LeftButton)
    type_into(qtbot, page, "name", "Freight tracking API")
    type_into(qtbot, page, "rto_minutes", "9h")
    type_into(qtbot, page, "mtd_minutes", "8h")
    qtbot.mouseClick(button(page, "save"), Qt.MouseButton.LeftButton)
    assert "longer than the MTD" in page.form.problem_text("rto_minutes")
    assert session.vault.records("services", where={"name": "Freight tracking API"}) == []

    type_into(qtbot, page, "rto_minutes", "4h")
    qtbot.mouseClick(button(page, "save"), Qt.MouseButton.LeftButton)
    [stored] = session.vault.records("services", where={"name": "Freight tracking API"})
    assert (stored["rto_minutes"], stored["mtd_minutes"], stored["tier"]) == (240, 480, 3)
    assert page.form.editor("rto_minutes").line.text() == "4 h"  # type: ignore[attr-defined]


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_an_asset_on_a_site_picked_by_name(
    qtbot: QtBot, open_page: PageFactory, session: Session
) -> None:
    page = open_page("assets")
    qtbot.mouseClick(button(page, "new"), Qt.MouseButton.LeftButton)
    type_into(qtbot, page, "name", "lds-test-01")
    picker = page.form.editor("site_id").picker  # type: ignore[attr-defined]
    qtbot.keyClicks(picker.edit, "Manch")
    popup = picker.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and picker.matches.rowCount() > 0)
    assert "Manchester" in picker.matches.item(0).text()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    site = session.vault.find("sites", str(picker.value()))
    assert site is not None and "Manchester" in site["name"]
    assert picker.edit.text() == site["name"]
    qtbot.mouseClick(button(page, "save"), Qt.MouseButton.LeftButton)
    [stored] = session.vault.records("assets", where={"name": "lds-test-01"})
    assert stored["site_id"] == site["id"]
    assert stored["kind"] == "hardware"  # the default the form started with


# -- deleting -------------------------------------------------------------------------------


def test_delete_asks_first_naming_the_record(
    qtbot: QtBot, open_page: PageFactory, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_id = session.vault.insert("contacts", {"full_name": "Temporary Person"})
    page = open_page("contacts")
    page.show_record("contacts", record_id)
    asked: list[tuple[str, list[str]]] = []
    answer = False
    monkeypatch.setattr(
        page, "ask_delete", lambda name, parts: asked.append((name, parts)) or answer
    )
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert asked == [("contact “Temporary Person”", [])]
    assert session.vault.find("contacts", record_id) is not None

    answer = True
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert session.vault.find("contacts", record_id) is None
    assert "Temporary Person" not in shown_names(page)
    assert page.count_label.text() == "74 contacts"
    assert page.form.record_id is not None  # the next contact is shown


def test_the_real_confirmation_names_the_parts_that_go_too(
    qtbot: QtBot, open_page: PageFactory, session: Session
) -> None:
    page = open_page("teams")
    team = session.vault.records("teams")[0]
    members = session.vault.count("team_members", where={"team_id": team["id"]})
    page.show_record("teams", team["id"])
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text() + " " + box.informativeText())
        [cancel] = [
            b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole
        ]
        cancel.click()

    QTimer.singleShot(0, answer)
    page.delete()
    assert seen and f"team “{team['name']}”" in seen[0]
    assert f"{members} team members" in seen[0]
    assert session.vault.find("teams", team["id"]) is not None


def test_deleting_a_contact_in_use_offers_to_clear_the_references(
    qtbot: QtBot, open_page: PageFactory, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = next(s for s in session.vault.records("services") if s["owner_id"])
    owner = session.vault.get("contacts", service["owner_id"])
    page = open_page("contacts")
    page.show_record("contacts", owner["id"])
    monkeypatch.setattr(page, "ask_delete", lambda name, parts: True)
    uses_seen: list[list[tuple[str, str, str]]] = []
    answer = False
    monkeypatch.setattr(
        page, "ask_clear_references", lambda name, uses: uses_seen.append(uses) or answer
    )
    qtbot.mouseClick(button(page, "delete"), Qt.MouseButton.LeftButton)
    assert ("services", service["id"], service["name"]) in uses_seen[0]
    assert session.vault.find("contacts", owner["id"]) is not None

    answer = True
    qtbot.mouseClick(button(page, "delete"), Qt.MouseButton.LeftButton)
    assert session.vault.find("contacts", owner["id"]) is None
    assert session.vault.get("services", service["id"])["owner_id"] is None


# -- unsaved work ---------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [record_form.CANCEL, record_form.DISCARD, record_form.SAVE])
def test_leaving_a_record_with_unsaved_changes_asks(
    answer: str,
    qtbot: QtBot,
    open_page: PageFactory,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = open_page("contacts")
    first = page.model.record_id(0)
    assert first is not None
    type_into(qtbot, page, "department", "Night shift")
    asked: list[str] = []
    monkeypatch.setattr(page, "ask_unsaved", lambda name: asked.append(name) or answer)
    select_row(qtbot, page, 4)
    qtbot.wait(10)
    assert asked == [f"contact “{shown_names(page)[0]}”"]
    stored = session.vault.get("contacts", first)["department"]
    if answer == record_form.CANCEL:
        assert page.form.record_id == first and page.form.dirty
        assert page.view.selectionModel().currentIndex().row() == 0
        assert stored != "Night shift"
    else:
        assert page.form.record_id == page.model.record_id(4)
        assert not page.form.dirty
        assert (stored == "Night shift") is (answer == record_form.SAVE)


def test_locking_saves_typed_work_that_is_valid(
    qtbot: QtBot, open_page: PageFactory, session: Session, demo_path: Path
) -> None:
    page = open_page("contacts")
    shown = page.form.record_id
    type_into(qtbot, page, "department", "Night shift")
    session.lock()  # Ctrl+L or the idle timer, with the edit not yet saved
    assert "Saved your changes" in str(page.property("last_message"))
    assert page.model.rowCount() == 0 and page.count_label.text() == ""
    with Vault.open(demo_path, PASSPHRASE) as vault:
        assert vault.get("contacts", str(shown))["department"] == "Night shift"


def test_locking_discards_what_cannot_be_saved_and_says_so(
    qtbot: QtBot, open_page: PageFactory, session: Session, demo_path: Path
) -> None:
    page = open_page("contacts")
    shown = page.form.record_id
    type_into(qtbot, page, "mobile_phone", "12")  # not a phone number: cannot be saved
    session.lock()
    assert "discarded" in str(page.property("last_message"))
    assert "discarded" in page.window().statusBar().currentMessage()  # type: ignore[attr-defined]
    assert page.form.editor("mobile_phone").value() == ""
    assert page.model.rowCount() == 0 and page.count_label.text() == ""
    with Vault.open(demo_path, PASSPHRASE) as vault:
        assert vault.get("contacts", str(shown))["mobile_phone"] != "12"


# -- finding ------------------------------------------------------------------------------


def test_filter_as_you_type_and_escape_clears(qtbot: QtBot, open_page: PageFactory) -> None:
    page = open_page("contacts")
    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter_edit.hasFocus()
    qtbot.keyClicks(page.filter_edit, "wharf")
    qtbot.waitUntil(lambda: page.count_label.text() != "74 contacts")
    count = page.model.total
    assert 10 < count < 74 and page.count_label.text() == f"{count} contacts match"
    qtbot.keyClicks(page.filter_edit, " nothing")
    qtbot.waitUntil(lambda: page.count_label.text() == "0 contacts match")
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Escape)
    assert page.filter_edit.text() == "" and page.count_label.text() == "74 contacts"


def test_show_record_clears_a_filter_that_hides_it(qtbot: QtBot, open_page: PageFactory) -> None:
    page = open_page("contacts")
    target = page.model.record_id(60)
    assert target is not None
    page.filter_edit.setText("zzz")
    page.apply_filter()
    assert page.model.rowCount() == 0
    page.show_record("contacts", target)
    assert page.filter_edit.text() == ""
    assert page.model.record_id(page.view.selectionModel().currentIndex().row()) == target
    assert page.form.record_id == target


def test_a_part_shows_its_owner_with_its_tab(open_page: PageFactory, session: Session) -> None:
    page = open_page("teams")
    member = session.vault.records("team_members")[0]
    page.show_record("team_members", member["id"])
    assert page.form.record_id == member["team_id"]
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Members"


def test_dashboard_restriction_with_show_all(
    qtbot: QtBot, open_page: PageFactory, session: Session
) -> None:
    page = open_page("contacts")
    ids = [r["id"] for r in session.vault.records("contacts", limit=3, offset=10)]
    page.show_only(ids)
    assert page.banner.isVisible()
    assert page.banner_text.text() == "Showing 3 contacts from the dashboard."
    assert page.model.rowCount() == 3 and page.count_label.text() == "3 contacts"
    qtbot.mouseClick(page.show_all_button, Qt.MouseButton.LeftButton)
    assert not page.banner.isVisible() and page.count_label.text() == "74 contacts"


def test_enter_on_a_row_puts_the_cursor_in_the_form(qtbot: QtBot, open_page: PageFactory) -> None:
    page = open_page("services")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    assert page.form.record_id == page.model.record_id(1)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert page.form.editor("name").line.hasFocus()  # type: ignore[attr-defined]


def test_relations_tab_links_open_records(
    qtbot: QtBot, open_page: PageFactory, session: Session
) -> None:
    page = open_page("services")
    page.tabs.setCurrentWidget(page.relations)
    links = page.relations.links()
    assert links, "a demo service is connected to something"
    opened: list[tuple[str, str]] = []
    page.navigator.record_requested.connect(lambda t, i: opened.append((t, i)))
    tree = page.relations.tree
    first = tree.topLevelItem(0).child(0)
    rect = tree.visualItemRect(first)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) == 1 and session.vault.find(*opened[0]) is not None


def test_after_unlocking_the_same_record_is_shown_again(
    qtbot: QtBot, open_page: PageFactory, session: Session
) -> None:
    page = open_page("contacts")
    select_row(qtbot, page, 5)
    chosen = page.form.record_id
    path = session.vault.path
    session.lock()
    assert page.form.record_id is None and page.record_title.text() == ""
    session.open(Vault.open(path, PASSPHRASE))
    page.activate()  # the window does this for the visible page
    assert page.form.record_id == chosen
    assert page.model.record_id(page.view.selectionModel().currentIndex().row()) == chosen
    assert page.count_label.text() == "74 contacts"


def test_enter_in_a_field_saves(qtbot: QtBot, open_page: PageFactory, session: Session) -> None:
    page = open_page("sites")
    record_id = page.form.record_id
    assert record_id is not None
    type_into(qtbot, page, "name", "Leeds head office (main entrance)")
    qtbot.keyClick(page.form.editor("name").line, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert session.vault.get("sites", record_id)["name"] == "Leeds head office (main entrance)"
    assert not page.form.dirty


def test_clicking_a_header_sorts_and_enter_in_the_filter_goes_to_the_list(
    qtbot: QtBot, open_page: PageFactory
) -> None:
    page = open_page("services")
    header = page.view.horizontalHeader()
    tier = [f.name for f in page.model.columns].index("tier")
    for _ in range(2):  # ascending, then descending
        x = header.sectionViewportPosition(tier) + header.sectionSize(tier) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    tiers = [page.model.record(r)["tier"] for r in range(page.model.rowCount())]  # type: ignore[index]
    assert tiers == sorted(tiers, reverse=True) and tiers[0] == 4
    qtbot.keyClicks(page.filter_edit, "network")
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Return)
    assert page.view.hasFocus()
    assert page.form.record_id == page.model.record_id(0)
    assert "Network" in page.record_title.text()


def test_the_page_says_which_record_it_shows(qtbot: QtBot, open_page: PageFactory) -> None:
    page = open_page("suppliers")
    select_row(qtbot, page, 2)
    assert page.current_record() == ("suppliers", page.model.record_id(2))
    qtbot.mouseClick(button(page, "new"), Qt.MouseButton.LeftButton)
    assert page.current_record() is None
