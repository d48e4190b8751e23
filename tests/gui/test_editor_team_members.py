"""The Members tab of a team, driven like a person on the demo plan."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.editors import editors_for
from itscm_desktop.gui.editors.team_members import (
    MEMBERSHIP,
    PERSON,
    ROLE,
    TeamMembersEditor,
)
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session


def _team(session: Session, name: str) -> str:
    vault = session.vault
    return next(t["id"] for t in vault.records("teams") if t["name"] == name)


def _stored(session: Session, team_id: str) -> list[tuple[str, str, int]]:
    """(person, membership, position) as the vault holds them, in stored call order."""
    vault = session.vault
    rows = vault.records("team_members", where={"team_id": team_id})
    return sorted(
        ((vault.title("team_members", r), r["membership"], r["position"]) for r in rows),
        key=lambda row: row[2],
    )


def _shown(editor: TeamMembersEditor) -> list[tuple[str, str]]:
    table = editor.table
    return [
        (table.item(row, PERSON).text(), table.item(row, MEMBERSHIP).text())
        for row in range(table.rowCount())
    ]


@pytest.fixture
def open_team(qtbot: QtBot, session: Session) -> Any:
    def open_(name: str) -> tuple[TeamMembersEditor, str]:
        editor = TeamMembersEditor(session, Navigator())
        qtbot.addWidget(editor)
        editor.resize(1000, 600)
        editor.show()
        team_id = _team(session, name)
        editor.show_record(team_id)
        return editor, team_id

    return open_


def test_registry_offers_members_and_documents_for_teams() -> None:
    assert editors_for("teams")[0] == ("Members", TeamMembersEditor)
    assert [title for title, _ in editors_for("teams")] == ["Members", "Documents"]
    assert editors_for("plan") == []


def test_team_gets_an_alternate_and_the_warning_goes(
    open_team: Any, session: Session, qtbot: QtBot
) -> None:
    editor, team_id = open_team("Information Security Incident Response")
    assert editor.banner.isVisible()
    assert "No alternate: if Oluwaseun Adeyemi is unreachable" in editor.banner.text()

    editor.add_as.setCurrentIndex(editor.add_as.findData("alternate"))
    qtbot.keyClicks(editor.picker.search_field, "lukasz")  # plain spelling finds Ł
    assert editor.picker.hit_titles()[0] == "Łukasz Wróbel"
    qtbot.keyClick(editor.picker.search_field, Qt.Key.Key_Return)

    assert not editor.banner.isVisible()
    assert _shown(editor)[-1] == ("Łukasz Wróbel", "Alternate")
    assert _stored(session, team_id)[-1] == ("Łukasz Wróbel", "alternate", 3)
    assert editor.picker.search_field.text() == ""


def test_people_already_in_the_team_cannot_be_added_twice(open_team: Any, qtbot: QtBot) -> None:
    editor, _ = open_team("Information Security Incident Response")
    qtbot.keyClicks(editor.picker.search_field, "Sam Patel")
    item = editor.picker.hits.item(0)
    assert "already in the team" in item.text()
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled


def test_moving_a_member_up_rewrites_the_call_order(
    open_team: Any, session: Session, qtbot: QtBot
) -> None:
    editor, team_id = open_team("IT Recovery Team")
    editor.table.selectRow(1)  # Helen Ashworth, second
    qtbot.mouseClick(editor.button(editor.move_up), Qt.MouseButton.LeftButton)
    editor.move_up.trigger()  # already first among primaries: nothing happens

    assert [name for name, _ in _shown(editor)][:3] == [
        "Helen Ashworth",
        "Tom Hargreaves",
        "Sam Patel",
    ]
    stored = _stored(session, team_id)
    assert [position for *_, position in stored] == list(range(9))
    assert stored[0][0] == "Helen Ashworth" and stored[1][0] == "Tom Hargreaves"
    assert editor.selected() is not None
    assert not editor.move_up.isEnabled()


def test_last_primary_cannot_move_below_the_alternates(open_team: Any) -> None:
    editor, _ = open_team("IT Recovery Team")
    editor.table.selectRow(5)  # Gareth Llewellyn, the last primary
    assert not editor.move_down.isEnabled()
    editor.move_down.trigger()
    assert _shown(editor)[5] == ("Gareth Llewellyn", "Primary")


def test_making_a_primary_an_alternate_puts_them_last(open_team: Any, session: Session) -> None:
    editor, team_id = open_team("Network Team")
    editor.table.selectRow(0)  # Jürgen Müller
    assert editor.toggle.text() == "Make &alternate"
    editor.toggle.trigger()

    assert _shown(editor)[-1] == ("Jürgen Müller", "Alternate")
    assert editor.toggle.text() == "Make &primary"
    assert _stored(session, team_id)[-1] == ("Jürgen Müller", "alternate", 4)


def test_role_is_changed_in_place(open_team: Any, session: Session, qtbot: QtBot) -> None:
    editor, team_id = open_team("Network Team")
    editor.table.selectRow(2)
    editor.change_role.trigger()
    editor_widget = editor.table.viewport().findChild(QLineEdit)
    assert editor_widget is not None and editor_widget.text() == "Łódź and WAN"
    editor_widget.selectAll()
    qtbot.keyClicks(editor_widget, "WAN and firewalls")
    qtbot.keyClick(editor_widget, Qt.Key.Key_Return)

    def stored_role() -> object:
        rows = session.vault.records("team_members", where={"team_id": team_id})
        roles = {session.vault.title("team_members", r): r["role"] for r in rows}
        return roles["Paweł Szymański"]

    qtbot.waitUntil(lambda: stored_role() == "WAN and firewalls")
    assert editor.table.item(2, ROLE).text() == "WAN and firewalls"
    assert editor.table.state() != editor.table.State.EditingState


def test_removing_asks_first(open_team: Any, session: Session, monkeypatch: Any) -> None:
    editor, team_id = open_team("Network Team")
    asked: list[str] = []
    monkeypatch.setattr(editor, "_confirm", lambda text: asked.append(text) or False)
    editor.table.selectRow(1)
    editor.remove.trigger()
    assert asked == ["Remove Pádraig Ó Súilleabháin from Network Team?"]
    assert len(_stored(session, team_id)) == 5

    monkeypatch.setattr(editor, "_confirm", lambda text: True)
    editor.remove.trigger()
    stored = _stored(session, team_id)
    assert "Pádraig Ó Súilleabháin" not in [name for name, *_ in stored]
    assert [position for *_, position in stored] == list(range(4))
    assert editor.table.rowCount() == 4


def test_clicking_a_person_opens_their_contact(open_team: Any, qtbot: QtBot) -> None:
    editor, _ = open_team("Network Team")
    rect = editor.table.visualItemRect(editor.table.item(0, PERSON))
    with qtbot.waitSignal(editor.navigator.record_requested) as opened:
        qtbot.mouseClick(editor.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args[0] == "contacts"
    assert opened.args[1] == editor.members[0].contact_id


def test_a_refused_save_is_explained_and_changes_nothing(open_team: Any, session: Session) -> None:
    editor, _ = open_team("Network Team")
    editor.table.selectRow(0)
    gone = editor.members[0].id
    session.vault.delete("team_members", gone)  # someone else removed it meanwhile
    editor.toggle.trigger()

    assert "There is no team member" in editor.notice.text()
    assert editor.table.rowCount() == 4  # the list was read again
    assert all(r["id"] != gone for r in session.vault.records("team_members"))


def test_other_changes_to_the_team_are_followed(open_team: Any, session: Session) -> None:
    editor, _ = open_team("Network Team")
    member = editor.members[0]
    session.vault.update("team_members", member.id, {"role": "Head of networks"})
    session.notify_changed("team_members")
    assert editor.table.item(0, ROLE).text() == "Head of networks"


def test_locking_clears_the_editor(open_team: Any, session: Session) -> None:
    editor, _ = open_team("Network Team")
    session.lock()
    assert editor.table.rowCount() == 0
    assert not editor.banner.isVisible()


def test_keyboard_moves_and_switches(open_team: Any, session: Session, qtbot: QtBot) -> None:
    editor, team_id = open_team("Network Team")
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.table.setFocus()
    editor.table.selectRow(1)  # Pádraig Ó Súilleabháin
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _stored(session, team_id)[0][0] == "Pádraig Ó Súilleabháin"

    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.table, Qt.Key.Key_A, modifiers)
    assert _stored(session, team_id)[-1] == ("Pádraig Ó Súilleabháin", "alternate", 4)


def test_a_tab_not_shown_reads_the_vault_when_it_is(session: Session, qtbot: QtBot) -> None:
    editor = TeamMembersEditor(session, Navigator())
    qtbot.addWidget(editor)
    editor.show_record(_team(session, "Network Team"))
    assert editor.table.rowCount() == 0  # hidden: nothing read yet
    editor.show()
    assert editor.table.rowCount() == 5
    editor.hide()
    editor.show_record(_team(session, "IT Recovery Team"))
    assert editor.table.rowCount() == 0  # the other team's people are not left showing
    editor.show()
    assert _shown(editor)[0] == ("Tom Hargreaves", "Primary")
