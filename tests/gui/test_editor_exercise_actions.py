"""The Findings and actions tab of an exercise, driven like a person on the demo plan."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from itscm_desktop.demo.generator import REFERENCE_DATE
from itscm_desktop.gui.editors.exercise_actions import (
    DUE,
    FINDING,
    OWNER,
    STATUS,
    ExerciseActionsEditor,
    chasing_order,
    due_text,
    is_overdue,
    tally,
)
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session

FAILOVER = "ERP and WMS failover test"


def _exercise(session: Session, title: str) -> str:
    return next(e["id"] for e in session.vault.records("exercises") if e["title"] == title)


def _stored(session: Session, exercise_id: str) -> dict[str, dict[str, Any]]:
    """The exercise's findings as the vault holds them, by finding text."""
    rows = session.vault.records("exercise_actions", where={"exercise_id": exercise_id})
    return {r["finding"]: r for r in rows}


def _shown(editor: ExerciseActionsEditor) -> list[tuple[str, str, str, str]]:
    table = editor.table
    return [
        tuple(table.item(row, column).text() for column in (FINDING, OWNER, DUE, STATUS))
        for row in range(table.rowCount())
    ]  # type: ignore[misc]


def _row_of(editor: ExerciseActionsEditor, start: str) -> int:
    return next(r for r, shown in enumerate(_shown(editor)) if shown[0].startswith(start))


@pytest.fixture
def open_exercise(qtbot: QtBot, session: Session) -> Any:
    def open_(title: str = FAILOVER) -> tuple[ExerciseActionsEditor, str]:
        editor = ExerciseActionsEditor(session, Navigator())
        qtbot.addWidget(editor)
        editor.today = lambda: REFERENCE_DATE  # the day the demo's dates count back from
        editor.resize(1100, 800)
        editor.show()
        editor.activateWindow()
        qtbot.waitUntil(editor.isActiveWindow)
        exercise_id = _exercise(session, title)
        editor.show_record(exercise_id)
        return editor, exercise_id

    return open_


@pytest.fixture
def changes(session: Session) -> list[str]:
    told: list[str] = []
    session.changed.connect(told.append)
    return told


def test_unfinished_actions_come_first_and_overdue_ones_say_so(open_exercise: Any) -> None:
    editor, _ = open_exercise()
    today = REFERENCE_DATE
    shown = _shown(editor)
    assert [row[3] for row in shown] == ["Open", "Open", "Open", "Done"]
    overdue = [row for row in shown if "overdue" in row[2]]
    assert [row[0][:20] for row in overdue] == ["The Łódź domain cont", "The WMS recovery can"]
    assert overdue[0][1] == "Łukasz Wróbel"
    assert overdue[0][2] == (today - timedelta(days=93)).isoformat() + " — overdue"
    future = shown[2]
    assert future[2] == (today + timedelta(days=44)).isoformat()  # not yet due: no word
    done = shown[3]
    assert done[2] == (today - timedelta(days=109)).isoformat()  # late but done: not overdue
    assert editor.summary.text() == "4 findings: 3 open, 1 done, 2 overdue."
    assert "93 days ago" in editor.table.item(0, DUE).toolTip()


def test_a_finding_is_added_with_an_owner_and_a_due_date(
    open_exercise: Any, session: Session, qtbot: QtBot, changes: list[str]
) -> None:
    editor, exercise_id = open_exercise()
    qtbot.mouseClick(editor.button(editor.add), Qt.MouseButton.LeftButton)
    form = editor.form
    assert form.is_new and form.finding.hasFocus()
    qtbot.keyClicks(form.finding, "Nobody could find the WMS licence key.")
    qtbot.keyClick(form.finding, Qt.Key.Key_Tab)
    assert form.action_text.hasFocus()
    qtbot.keyClicks(form.action_text, "Keep the licence key in the vault's documents.")
    qtbot.keyClicks(form.owner.picker.search_field, "chloe")
    qtbot.keyClick(form.owner.picker.search_field, Qt.Key.Key_Return)
    assert form.owner.current.text() == "Chloe Barraclough"
    qtbot.keyClicks(form.due.line, "2027-01-31")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    added = _stored(session, exercise_id)["Nobody could find the WMS licence key."]
    assert added["action"] == "Keep the licence key in the vault's documents."
    owner = session.vault.get("contacts", added["owner_id"])
    assert session.vault.title("contacts", owner) == "Chloe Barraclough"
    assert (added["due_on"], added["status"]) == ("2027-01-31", "open")
    assert {"exercise_actions", "exercises"} <= set(changes)
    assert editor.selected() == added["id"]
    assert not form.is_new and not form.dirty
    assert len(_stored(session, exercise_id)) == 5
    assert editor.summary.text().startswith("5 findings: 4 open")


def test_marking_done_stops_the_overdue_warning(
    open_exercise: Any, session: Session, qtbot: QtBot
) -> None:
    editor, exercise_id = open_exercise()
    row = _row_of(editor, "The Łódź domain controller")
    editor.table.setFocus()
    editor.table.selectRow(row)
    assert editor.mark_done.iconText() == "Mark done"
    qtbot.keyClick(editor.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)

    stored = _stored(session, exercise_id)
    action = next(a for f, a in stored.items() if f.startswith("The Łódź domain controller"))
    assert action["status"] == "done"
    row = _row_of(editor, "The Łódź domain controller")
    assert _shown(editor)[row][3] == "Done" and "overdue" not in _shown(editor)[row][2]
    assert editor.selected() == action["id"]
    assert editor.mark_done.iconText() == "Reopen"
    assert editor.summary.text() == "4 findings: 2 open, 2 done, 1 overdue."


def test_the_status_menu_changes_the_status_at_once(open_exercise: Any, session: Session) -> None:
    editor, exercise_id = open_exercise()
    editor.table.selectRow(_row_of(editor, "The WMS recovery"))
    assert editor.status_actions["open"].isChecked()
    editor.status_actions["in_progress"].trigger()
    action = _stored(session, exercise_id)["The WMS recovery cannot meet its 4-hour RTO."]
    assert action["status"] == "in_progress"
    assert editor.form.status.currentData() == "in_progress"
    assert editor.status_actions["in_progress"].isChecked()


def test_a_quick_status_change_keeps_what_was_typed_about_the_finding(
    open_exercise: Any, session: Session, qtbot: QtBot
) -> None:
    editor, exercise_id = open_exercise()
    editor.table.selectRow(_row_of(editor, "The WMS recovery"))
    editor.form.action_text.selectAll()
    qtbot.keyClicks(editor.form.action_text, "Data Guard standby approved")
    editor.mark_done.trigger()
    action = _stored(session, exercise_id)["The WMS recovery cannot meet its 4-hour RTO."]
    assert (action["action"], action["status"]) == ("Data Guard standby approved", "done")


def test_deleting_a_finding_asks_first(
    open_exercise: Any, session: Session, monkeypatch: Any
) -> None:
    editor, exercise_id = open_exercise()
    asked: list[str] = []
    monkeypatch.setattr(editor, "_confirm", lambda text: asked.append(text) or False)
    editor.table.selectRow(_row_of(editor, "The Manchester seats"))
    editor.delete.trigger()
    assert asked == [
        "Delete this finding and its action?\n\n"
        "“The Manchester seats have no printers mapped for Łódź staff.”"
    ]
    assert len(_stored(session, exercise_id)) == 4

    monkeypatch.setattr(editor, "_confirm", lambda text: True)
    editor.delete.trigger()
    assert "The Manchester seats have no printers mapped for Łódź staff." not in _stored(
        session, exercise_id
    )
    assert editor.table.rowCount() == 3
    assert not editor.form.isEnabled()


def test_typing_is_saved_before_another_finding_is_shown(
    open_exercise: Any, session: Session, qtbot: QtBot
) -> None:
    editor, exercise_id = open_exercise()
    editor.table.selectRow(_row_of(editor, "The Manchester seats"))
    editor.form.due.line.clear()
    qtbot.keyClicks(editor.form.due.line, "2027-02-28")
    editor.table.selectRow(_row_of(editor, "The WMS recovery"))

    stored = _stored(session, exercise_id)
    assert stored["The Manchester seats have no printers mapped for Łódź staff."]["due_on"] == (
        "2027-02-28"
    )
    assert editor.form.finding.toPlainText() == "The WMS recovery cannot meet its 4-hour RTO."
    assert editor.selected() == stored["The WMS recovery cannot meet its 4-hour RTO."]["id"]


def test_a_date_that_cannot_be_read_is_refused_in_words_and_kept(
    open_exercise: Any, session: Session, qtbot: QtBot
) -> None:
    editor, exercise_id = open_exercise()
    row = _row_of(editor, "The Manchester seats")
    editor.table.selectRow(row)
    before = _stored(session, exercise_id)
    editor.form.due.line.clear()
    qtbot.keyClicks(editor.form.due.line, "next Friday")
    qtbot.keyClick(editor.form.due.line, Qt.Key.Key_Return)

    assert editor.notice.text().startswith("Due: “next Friday” is not a date")
    assert editor.form.due.line.text() == "next Friday"
    assert editor.form.dirty
    assert _stored(session, exercise_id) == before
    editor.table.selectRow(_row_of(editor, "The WMS recovery"))  # still refused: stays put
    assert editor.form.due.line.text() == "next Friday"
    assert (
        editor.selected()
        == before["The Manchester seats have no printers mapped for Łódź staff."]["id"]
    )


def test_a_new_finding_needs_its_finding(
    open_exercise: Any, session: Session, qtbot: QtBot
) -> None:
    editor, exercise_id = open_exercise("Łódź site evacuation walkthrough")
    assert editor.table.rowCount() == 0
    assert editor.summary.text().startswith("No findings yet")
    editor.add.trigger()
    qtbot.keyClicks(editor.form.action_text, "Test the call tree out of hours")
    qtbot.mouseClick(editor.form.save_button, Qt.MouseButton.LeftButton)
    assert editor.notice.text() == "Finding: is required."
    assert editor.form.is_new
    assert editor.form.action_text.toPlainText() == "Test the call tree out of hours"
    assert _stored(session, exercise_id) == {}


def test_the_rules_in_plain_python() -> None:
    today = date(2026, 11, 25)
    late = {"id": "a", "due_on": "2026-11-24", "status": "in_progress", "finding": "x"}
    due_today = {"id": "b", "due_on": "2026-11-25", "status": "open", "finding": "y"}
    finished = {"id": "c", "due_on": "2026-01-01", "status": "wont_do", "finding": "z"}
    undated = {"id": "d", "due_on": None, "status": "open", "finding": "w"}
    assert is_overdue(late, today) and not is_overdue(due_today, today)
    assert not is_overdue(finished, today) and not is_overdue(undated, today)
    assert due_text(late, today) == "2026-11-24 — overdue"
    assert due_text(undated, today) == "no date"
    order = chasing_order([finished, undated, due_today, late])
    assert [a["id"] for a in order] == ["a", "b", "d", "c"]
    assert tally([late, due_today, finished, undated], today) == (
        "4 findings: 2 open, 1 in progress, 1 won't do, 1 overdue."
    )


def test_locking_clears_the_tab(open_exercise: Any, session: Session) -> None:
    editor, _ = open_exercise()
    session.lock()
    assert editor.table.rowCount() == 0
    assert not editor.form.isEnabled()


def test_ctrl_enter_in_the_form_saves(open_exercise: Any, session: Session, qtbot: QtBot) -> None:
    editor, exercise_id = open_exercise()
    editor.table.selectRow(_row_of(editor, "The Manchester seats"))
    editor.form.action_text.setFocus()
    editor.form.action_text.selectAll()
    qtbot.keyClicks(editor.form.action_text, "Map the printers; test from a Lodz laptop.")
    qtbot.keyClick(editor.form.action_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = _stored(session, exercise_id)
    action = stored["The Manchester seats have no printers mapped for Łódź staff."]
    assert action["action"] == "Map the printers; test from a Lodz laptop."
    assert not editor.form.dirty
