""" "Who do I call?": type a team, a service or a person; read and copy the numbers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from itscm_desktop.domain.phones import format_phone
from itscm_desktop.gui.clipboard import shared_clipboard
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.who_to_call import GroupView, NumberLabel, WhoToCallPage
from itscm_desktop.gui.session import Session


@pytest.fixture
def navigator() -> Navigator:
    return Navigator()


@pytest.fixture
def page(qtbot: QtBot, session: Session, navigator: Navigator) -> Iterator[WhoToCallPage]:
    page = WhoToCallPage(session=session, navigator=navigator)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.activate()
    yield page
    shared_clipboard().clear_now()


def type_text(widget: QWidget, text: str) -> None:
    """Type like a person, letters outside ASCII included."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def look_up(qtbot: QtBot, page: WhoToCallPage, text: str) -> None:
    page.query.clear()
    type_text(page.query, text)
    qtbot.waitUntil(lambda: bool(page.groups) and page.is_complete)


def names(view: GroupView) -> list[str]:
    return [label.text() for label in view.findChildren(QLabel, "callee_name")]


def badges(view: GroupView) -> list[str]:
    """PRIMARY / ALTERNATE badges top to bottom, as shown."""
    found = [
        label
        for name in ("badge_primary", "badge_alternate")
        for label in view.findChildren(QLabel, name)
    ]
    return [label.text() for label in sorted(found, key=lambda w: w.mapTo(view, w.pos()).y())]


def test_the_query_has_focus_and_the_empty_page_shows_the_crisis_line(
    page: WhoToCallPage, session: Session
) -> None:
    assert page.focusWidget() is page.query
    assert page.hint.isVisible() and "Type a name" in page.hint.text()
    crisis = session.vault.plan()["crisis_line"]
    assert page.crisis.isVisible()
    assert page.crisis_number.text() == format_phone(crisis)


def test_a_team_lists_primaries_before_alternates_with_formatted_numbers(
    qtbot: QtBot, page: WhoToCallPage, session: Session
) -> None:
    look_up(qtbot, page, "IT Recovery Team")
    view = page.views[0]
    assert view.group.heading == "IT Recovery Team"
    shown = badges(view)
    assert "PRIMARY" in shown and "ALTERNATE" in shown
    assert shown == sorted(shown, key=lambda b: b == "ALTERNATE")  # every primary first
    vault = session.vault
    team = vault.records("teams", where={"name": "IT Recovery Team"})[0]
    leader = vault.get("contacts", team["leader_id"])
    assert names(view)[0] == f'<a href="contacts">{leader["full_name"]}</a>'
    first_numbers = [n.text() for n in view.numbers[:2]]
    assert first_numbers == [
        format_phone(leader["mobile_phone"]),
        format_phone(leader["work_phone"]),
    ]


def test_numbers_are_at_least_half_as_large_again_as_the_text(
    qtbot: QtBot, page: WhoToCallPage
) -> None:
    look_up(qtbot, page, "IT Recovery Team")
    number = page.all_numbers()[0]
    assert number.font().pointSizeF() >= 1.5 * page.font().pointSizeF()


def test_copy_puts_the_number_on_the_clipboard(qtbot: QtBot, page: WhoToCallPage) -> None:
    look_up(qtbot, page, "IT Recovery Team")
    view = page.views[0]
    copy = view.findChildren(QPushButton, "copy_number")[1]
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == view.numbers[1].text()
    assert view.numbers[1].text() in page.status.text()


def test_a_service_lists_its_owner_first(
    qtbot: QtBot, page: WhoToCallPage, session: Session
) -> None:
    look_up(qtbot, page, "ERP")
    vault = session.vault
    service = next(v for v in page.views if v.group.table == "services")
    owner = vault.get("contacts", vault.get("services", service.group.id)["owner_id"])
    assert service.group.heading.startswith("ERP")
    assert names(service)[0] == f'<a href="contacts">{owner["full_name"]}</a>'
    roles = [label.text() for label in service.findChildren(QLabel, "callee_role")]
    assert roles[0] == "Service owner"
    assert service.findChild(QLabel, "group_detail").text().startswith("Tier 1")


def test_a_person_shows_their_numbers(qtbot: QtBot, page: WhoToCallPage, session: Session) -> None:
    look_up(qtbot, page, "Jürgen Müller")
    view = page.views[0]
    assert view.group.table == "contacts"
    person = session.vault.get("contacts", view.group.id)
    assert person["full_name"] == "Jürgen Müller"
    assert [n.text() for n in view.numbers] == [
        format_phone(person[f]) for f in ("mobile_phone", "work_phone", "home_phone")
    ]
    assert "juergen.mueller@wvlogistics.example" in view.findChild(QLabel, "callee_email").text()


def test_keyboard_down_into_the_numbers_and_ctrl_c_copies(
    qtbot: QtBot, page: WhoToCallPage
) -> None:
    look_up(qtbot, page, "IT Recovery Team")
    numbers = page.all_numbers()
    qtbot.keyClick(page.query, Qt.Key.Key_Down)
    assert page.focusWidget() is numbers[0]
    qtbot.keyClick(numbers[0], Qt.Key.Key_Down)
    assert page.focusWidget() is numbers[1]
    qtbot.keyClick(numbers[1], Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == numbers[1].text()
    qtbot.keyClick(numbers[1], Qt.Key.Key_Up)
    qtbot.keyClick(numbers[0], Qt.Key.Key_Up)
    assert page.focusWidget() is page.query


def test_enter_in_the_query_goes_to_the_first_number(qtbot: QtBot, page: WhoToCallPage) -> None:
    qtbot.keyClicks(page.query, "Network Team")
    qtbot.keyClick(page.query, Qt.Key.Key_Return)  # before the debounce: looks up at once
    assert page.groups[0].heading == "Network Team"
    assert isinstance(page.focusWidget(), NumberLabel)
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Escape)
    assert page.focusWidget() is page.query


def test_someone_without_a_number_is_flagged(
    qtbot: QtBot, page: WhoToCallPage, session: Session
) -> None:
    vault = session.vault
    person = vault.search("Hargreaves", tables=["contacts"])[0]
    vault.update(
        "contacts", person.id, {"mobile_phone": None, "work_phone": None, "home_phone": None}
    )
    session.notify_changed("contacts")
    look_up(qtbot, page, "IT Recovery Team")
    view = page.views[0]
    flags = view.findChildren(QLabel, "no_number")
    assert [f.text() for f in flags] == ["⚠ No number on file"]
    assert flags[0].isVisible()


def test_a_name_opens_the_person(qtbot: QtBot, page: WhoToCallPage, navigator: Navigator) -> None:
    look_up(qtbot, page, "Network Team")
    view = page.views[0]
    name = view.findChildren(QLabel, "callee_name")[0]
    with qtbot.waitSignal(navigator.record_requested) as opened:
        name.linkActivated.emit("contacts")
    assert opened.args == ["contacts", view.group.callees[0].id]


def test_nothing_found_says_so(qtbot: QtBot, page: WhoToCallPage) -> None:
    qtbot.keyClicks(page.query, "zzqxw")
    qtbot.waitUntil(lambda: "Nobody found for “zzqxw”" in page.hint.text())
    assert page.hint.isVisible() and page.crisis.isVisible()


def test_a_changed_number_shows_at_once(
    qtbot: QtBot, page: WhoToCallPage, session: Session
) -> None:
    look_up(qtbot, page, "Jürgen Müller")
    contact_id = page.views[0].group.id
    session.vault.update("contacts", contact_id, {"mobile_phone": "+447400900123"})
    session.notify_changed("contacts")
    qtbot.waitUntil(lambda: page.is_complete and bool(page.views))
    assert page.all_numbers()[0].text() == format_phone("+447400900123")


def test_locking_clears_the_page(qtbot: QtBot, page: WhoToCallPage, session: Session) -> None:
    look_up(qtbot, page, "IT Recovery Team")
    session.lock()
    assert page.query.text() == ""
    assert page.groups == [] and page.all_numbers() == []
    assert page.crisis_number.text() == ""


def test_a_change_to_something_not_shown_keeps_the_page_as_it_is(
    qtbot: QtBot, page: WhoToCallPage, session: Session
) -> None:
    look_up(qtbot, page, "IT Recovery Team")
    views = list(page.views)
    asset = session.vault.records("assets", limit=1)[0]
    session.vault.update("assets", asset["id"], {"notes": "Checked"})
    session.notify_changed("assets")
    assert page.views == views  # nothing rebuilt: the person keeps their place
