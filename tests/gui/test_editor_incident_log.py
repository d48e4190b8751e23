"""The Log tab of an incident, driven like a person on the demo plan's closed incident."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.editors import editors_for
from itscm_desktop.gui.editors.incident_log import (
    AUTHOR,
    KIND,
    TEXT,
    TIME,
    IncidentLogEditor,
    os_user,
)
from itscm_desktop.gui.editors.incident_log_time import TimeTyped, moment_typed, since
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.records import RecordsPage
from itscm_desktop.gui.session import Session

#: A fixed "now" for the tests: 03:07:42 UTC on a November night.
NOW = datetime(2026, 11, 25, 3, 7, 42, tzinfo=UTC)


def _incident(session: Session) -> str:
    return str(session.vault.records("incidents")[0]["id"])


def _contact(session: Session, name: str) -> str:
    return session.vault.search(name, tables=["contacts"], limit=1)[0].id


def _stored(session: Session, incident_id: str) -> list[dict[str, Any]]:
    rows = session.vault.records("incident_events", where={"incident_id": incident_id})
    return sorted(rows, key=lambda r: (r["occurred_at"], r["created_at"]))


def _row(editor: IncidentLogEditor, row: int) -> dict[int, str]:
    return {c: editor.table.item(row, c).text() for c in (TIME, KIND, TEXT, AUTHOR)}


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


@pytest.fixture
def log(qtbot: QtBot, session: Session) -> tuple[IncidentLogEditor, str]:
    editor = IncidentLogEditor(session, Navigator())
    qtbot.addWidget(editor)
    editor.clock = lambda: NOW
    editor.resize(1100, 800)
    editor.show()
    incident_id = _incident(session)
    editor.show_record(incident_id)
    return editor, incident_id


@pytest.fixture
def changes(session: Session) -> list[str]:
    """The tables the window is told about, in order."""
    told: list[str] = []
    session.changed.connect(told.append)
    return told


def test_incidents_and_exercises_get_their_tabs() -> None:
    from itscm_desktop.gui.editors.exercise_actions import ExerciseActionsEditor

    assert [title for title, _ in editors_for("incidents")] == ["Log", "Documents"]
    assert editors_for("incidents")[0][1] is IncidentLogEditor
    assert editors_for("exercises")[0] == ("Findings and actions", ExerciseActionsEditor)
    assert [title for title, _ in editors_for("teams")] == ["Members", "Documents"]


def test_the_demo_timeline_reads_in_order_with_times_and_who(
    log: tuple[IncidentLogEditor, str], session: Session
) -> None:
    editor, incident_id = log
    stored = _stored(session, incident_id)
    assert editor.table.rowCount() == len(stored) == 32
    first = _local(datetime(2026, 8, 12, 6, 45, tzinfo=UTC))
    assert _row(editor, 0)[TIME] == first.strftime("%Y-%m-%d\n%H:%M\n+0 min")
    assert _row(editor, 0)[KIND] == "Status change"
    assert _row(editor, 0)[AUTHOR] == "Siobhán Ní Bhriain"
    second = _row(editor, 1)[TIME]
    assert "\n" in second and not second.startswith("2026")  # the date only where it changes
    assert second.endswith("+2 min")
    unanswered = next(r for r in range(32) if "voicemail left" in _row(editor, r)[TEXT])
    assert _row(editor, unanswered)[TEXT].startswith("Pádraig Ó Súilleabháin — No answer\n")
    step = _row(editor, 1)[TEXT]
    assert step.startswith("Step: Confirm the outage and its scope\n")
    assert editor.summary.text() == (
        f"Status: Closed · declared {first:%Y-%m-%d %H:%M} by Siobhán Ní Bhriain · "
        f"closed {_local(datetime(2026, 8, 12, 13, 10, tzinfo=UTC)):%H:%M}, after 6 h 25 min"
        " · 32 log entries"
    )
    scroll = editor.table.verticalScrollBar()
    assert scroll.maximum() > 0 and scroll.value() == scroll.maximum()  # the newest in view


def test_enter_adds_a_note_at_the_current_time(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot, changes: list[str]
) -> None:
    editor, incident_id = log
    assert editor.entry.kind.currentText() == "Note"
    qtbot.keyClicks(editor.entry.text, "Generator running; UPS at 40 %")
    qtbot.keyClick(editor.entry.text, Qt.Key.Key_Return)

    added = _stored(session, incident_id)[-1]
    assert added["occurred_at"] == "2026-11-25T03:07:42Z"
    assert added["text"] == "Generator running; UPS at 40 %"
    assert added["kind"] == "note"
    assert added["author"] == (os_user() or None)
    assert {"incident_events", "incidents"} <= set(changes)
    last = editor.table.rowCount() - 1
    assert last == 32
    assert _row(editor, last)[TEXT] == "Generator running; UPS at 40 %"
    assert _row(editor, last)[TIME].startswith(_local(NOW).strftime("%Y-%m-%d\n%H:%M"))
    assert editor.entry.text.text() == ""  # ready for the next one
    assert editor.notice.text() == ""


def test_an_empty_entry_is_not_added(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot
) -> None:
    editor, incident_id = log
    qtbot.keyClick(editor.entry.text, Qt.Key.Key_Return)
    assert len(_stored(session, incident_id)) == 32
    assert editor.notice.text() == "Write what happened first."


def test_a_call_is_logged_with_the_person_and_the_result(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot
) -> None:
    editor, incident_id = log
    entry = editor.entry
    assert not entry.call_box.isVisible()
    entry.kind.setCurrentIndex(entry.kind.findData("call"))
    assert entry.call_box.isVisible()
    qtbot.keyClicks(entry.person.picker.search_field, "padraig")
    qtbot.keyClick(entry.person.picker.search_field, Qt.Key.Key_Return)
    assert entry.person.current.text() == "Pádraig Ó Súilleabháin"
    assert entry.result.hasFocus()
    entry.result.setCurrentIndex(entry.result.findText("No answer"))
    qtbot.keyClicks(entry.text, "Second try, phone on silent again")
    qtbot.keyClick(entry.text, Qt.Key.Key_Return)

    added = _stored(session, incident_id)[-1]
    assert added["kind"] == "call"
    assert added["contact_id"] == _contact(session, "Pádraig Ó Súilleabháin")
    assert added["call_result"] == "no_answer"
    assert added["step_id"] is None
    shown = _row(editor, editor.table.rowCount() - 1)
    assert shown[KIND] == "Call"
    assert shown[TEXT] == ("Pádraig Ó Súilleabháin — No answer\nSecond try, phone on silent again")
    assert entry.kind.currentText() == "Note" and entry.person.record_id is None


def test_a_call_needs_no_words_when_the_result_says_it(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot
) -> None:
    editor, incident_id = log
    entry = editor.entry
    entry.kind.setCurrentIndex(entry.kind.findData("call"))
    qtbot.keyClicks(entry.person.picker.search_field, "Henning")
    qtbot.keyClick(entry.person.picker.search_field, Qt.Key.Key_Return)
    entry.result.setCurrentIndex(entry.result.findData("wrong_number"))
    qtbot.keyClick(entry.text, Qt.Key.Key_Return)
    added = _stored(session, incident_id)[-1]
    assert (added["text"], added["call_result"]) == ("Wrong number.", "wrong_number")


def test_a_step_is_chosen_from_the_plan_the_incident_invoked(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot
) -> None:
    editor, incident_id = log
    entry = editor.entry
    entry.kind.setCurrentIndex(entry.kind.findData("step_started"))
    assert entry.step_box.isVisible() and not entry.call_box.isVisible()
    offered = [entry.step.itemText(i) for i in range(entry.step.count())]
    assert offered[:3] == [
        "— choose a step —",
        "#1 Confirm the outage and its scope",
        "#2 Invoke this plan and open the incident log",
    ]
    assert len(offered) == 12  # the network plan's eleven steps
    entry.step.setCurrentIndex(2)
    qtbot.keyClick(entry.text, Qt.Key.Key_Return)

    added = _stored(session, incident_id)[-1]
    assert added["kind"] == "step_started"
    assert added["text"] == "Started: Invoke this plan and open the incident log"
    step = session.vault.get("runbook_steps", added["step_id"])
    assert step["title"] == "Invoke this plan and open the incident log"


def test_a_step_of_another_plan_is_found_by_search(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot
) -> None:
    editor, incident_id = log
    entry = editor.entry
    entry.kind.setCurrentIndex(entry.kind.findData("step_done"))
    wanted = session.vault.search("Veeam", tables=["runbook_steps"], limit=1)[0]
    qtbot.keyClicks(entry.other_step.search_field, "Veeam")
    qtbot.keyClick(entry.other_step.search_field, Qt.Key.Key_Return)
    assert entry.step.currentData() == wanted.id
    session.notify_changed("contacts")  # someone saves elsewhere: the log is read again
    assert entry.step.currentData() == wanted.id
    qtbot.keyClicks(entry.text, "Restore finished")
    qtbot.keyClick(entry.text, Qt.Key.Key_Return)
    added = _stored(session, incident_id)[-1]
    assert (added["step_id"], added["text"]) == (wanted.id, "Restore finished")


def test_an_entry_written_afterwards_takes_the_time_typed(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot
) -> None:
    editor, incident_id = log
    qtbot.keyClicks(editor.entry.when, "2026-11-24 23:50")
    qtbot.keyClicks(editor.entry.text, "Alarm from the UPS (logged afterwards)")
    qtbot.keyClick(editor.entry.text, Qt.Key.Key_Return)
    added = next(r for r in _stored(session, incident_id) if r["text"].startswith("Alarm"))
    expected = datetime(2026, 11, 24, 23, 50).astimezone().astimezone(UTC)
    assert added["occurred_at"] == expected.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert editor.entry.when.text() == ""  # the next entry is "now" again


def test_a_time_that_cannot_be_read_keeps_what_was_typed(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot
) -> None:
    editor, incident_id = log
    qtbot.keyClicks(editor.entry.when, "25:99")
    qtbot.keyClicks(editor.entry.text, "Something")
    qtbot.keyClick(editor.entry.text, Qt.Key.Key_Return)
    assert "is not a time of day; write it as 07:15" in editor.notice.text()
    assert editor.entry.text.text() == "Something"
    assert editor.entry.when.hasFocus()
    assert len(_stored(session, incident_id)) == 32


def test_clock_times_mean_the_latest_such_time() -> None:
    now = datetime.combine(date(2026, 11, 25), time(0, 10)).astimezone()
    earlier = moment_typed("23:50", now)
    assert earlier == datetime.combine(date(2026, 11, 24), time(23, 50)).astimezone()
    assert moment_typed("00:05", now) == datetime.combine(now.date(), time(0, 5)).astimezone()
    assert moment_typed("7.15", now).hour == 7
    assert moment_typed("", now) is now
    with pytest.raises(TimeTyped, match="has not happened yet"):
        moment_typed((now + timedelta(days=1)).strftime("%Y-%m-%d %H:%M"), now)
    with pytest.raises(TimeTyped, match="is not a time"):
        moment_typed("quarter past", now)


def test_time_since_the_declaration_in_words() -> None:
    declared = datetime(2026, 8, 12, 6, 45, tzinfo=UTC)
    assert since(declared, declared + timedelta(minutes=192, seconds=59)) == "3 h 12 min"
    assert since(declared, declared - timedelta(minutes=7)) == "7 min before"
    assert since(None, declared) == ""


def test_an_entry_is_changed_in_the_entry_row(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot
) -> None:
    editor, incident_id = log
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    row = next(r for r in range(32) if _row(editor, r)[TEXT].startswith("Łódź back"))
    target = _stored(session, incident_id)[row]
    editor.table.setFocus()
    editor.table.selectRow(row)
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)

    entry = editor.entry
    assert entry.is_changing and entry.text.hasFocus()
    assert entry.text.text() == target["text"]
    assert entry.author.text() == "Krzysztof Dąbrowski"
    assert entry.heading.text().startswith("Changing the entry of ")
    entry.text.selectAll()
    qtbot.keyClicks(entry.text, "Lodz back on scanners at 08:05; 146 picks to key in.")
    qtbot.keyClick(entry.text, Qt.Key.Key_Return)

    changed = session.vault.get("incident_events", target["id"])
    assert changed["text"] == "Lodz back on scanners at 08:05; 146 picks to key in."
    assert changed["occurred_at"] == target["occurred_at"]  # unchanged fields untouched
    assert changed["author"] == "Krzysztof Dąbrowski"
    assert not entry.is_changing
    assert entry.author.text() == os_user()  # new entries are written as before
    assert editor.selected() == target["id"]
    assert len(_stored(session, incident_id)) == 32


def test_escape_leaves_an_entry_as_it_was(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot
) -> None:
    editor, incident_id = log
    editor.table.selectRow(3)
    before = _stored(session, incident_id)[3]
    editor.change.trigger()
    qtbot.keyClicks(editor.entry.text, " and more")
    qtbot.keyClick(editor.entry.text, Qt.Key.Key_Escape)
    assert not editor.entry.is_changing
    assert editor.entry.text.text() == ""
    assert session.vault.get("incident_events", before["id"])["text"] == before["text"]


def test_deleting_an_entry_asks_first(
    log: tuple[IncidentLogEditor, str], session: Session, monkeypatch: Any
) -> None:
    editor, incident_id = log
    asked: list[str] = []
    monkeypatch.setattr(editor, "_confirm", lambda text: asked.append(text) or False)
    editor.table.selectRow(4)
    doomed = _stored(session, incident_id)[4]
    editor.delete.trigger()
    assert asked and asked[0].startswith("Delete the log entry of ")
    assert "No answer; voicemail left." in asked[0]
    assert len(_stored(session, incident_id)) == 32

    monkeypatch.setattr(editor, "_confirm", lambda text: True)
    editor.delete.trigger()
    assert doomed["id"] not in {r["id"] for r in _stored(session, incident_id)}
    assert editor.table.rowCount() == 31


def test_an_open_incident_says_how_long_it_has_been_open(
    log: tuple[IncidentLogEditor, str], session: Session
) -> None:
    editor, incident_id = log
    declared = NOW - timedelta(hours=3, minutes=12)
    session.vault.update(
        "incidents",
        incident_id,
        {"status": "recovering", "closed_at": None, "declared_at": declared},
    )
    session.notify_changed("incidents")
    assert "Status: Recovering" in editor.summary.text()
    assert "open for 3 h 12 min" in editor.summary.text()
    editor.clock = lambda: NOW + timedelta(minutes=30)
    editor._summary_timer.timeout.emit()
    assert "open for 3 h 42 min" in editor.summary.text()


def test_locking_keeps_what_was_typed_in_the_log(
    log: tuple[IncidentLogEditor, str], session: Session, demo_path: Any, qtbot: QtBot
) -> None:
    editor, _ = log
    qtbot.keyClicks(editor.entry.text, "Half-written when the laptop locked")
    session.lock()
    assert editor.table.rowCount() == 0
    assert editor.entry.text.text() == ""
    from itscm_desktop.vault.vault import Vault
    from tests.conftest import PASSPHRASE

    with Vault.open(demo_path, PASSPHRASE) as vault:
        texts = [r["text"] for r in vault.records("incident_events")]
    assert "Half-written when the laptop locked" in texts


def test_another_incident_starts_a_fresh_entry(
    log: tuple[IncidentLogEditor, str], session: Session
) -> None:
    editor, _ = log
    editor.table.selectRow(2)
    editor.change.trigger()
    assert editor.entry.is_changing
    editor.show_record(None)
    assert not editor.entry.is_changing
    assert editor.table.rowCount() == 0
    assert not editor.entry.isEnabled()


def test_the_keyboard_goes_through_the_entry_row_in_reading_order(
    log: tuple[IncidentLogEditor, str], qtbot: QtBot
) -> None:
    editor, _ = log
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    entry = editor.entry
    entry.kind.setCurrentIndex(entry.kind.findData("call"))
    entry.kind.setFocus()
    visited = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [
        entry.when,
        entry.text,
        entry.person.picker.search_field,
        entry.result,
        entry.author,
        entry.add_button,
    ]


def test_the_log_is_a_tab_of_the_incidents_page(qtbot: QtBot, session: Session) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    page = RecordsPage("incidents", session=session, navigator=Navigator(window))
    window.setCentralWidget(page)
    window.resize(1400, 900)
    window.show()
    page.activate()
    qtbot.wait(10)  # the page sizes its columns a moment later: let that run while it exists
    page.show_record("incidents", _incident(session))
    editor = next(e for e in page.editors if isinstance(e, IncidentLogEditor))
    assert page.tabs.tabText(page.tabs.indexOf(editor)) == "Log"
    assert editor.table.rowCount() == 0  # not read until the tab is shown
    page.tabs.setCurrentWidget(editor)
    assert editor.table.rowCount() == 32
    assert editor.entry.isEnabled()


def test_a_new_entry_being_typed_waits_while_an_older_one_is_changed(
    log: tuple[IncidentLogEditor, str], session: Session, qtbot: QtBot
) -> None:
    editor, incident_id = log
    entry = editor.entry
    entry.kind.setCurrentIndex(entry.kind.findData("decision"))
    qtbot.keyClicks(entry.text, "Fail over to Manchester")
    editor.table.selectRow(0)
    editor.change.trigger()
    assert entry.text.text().startswith("Incident declared (major)")
    qtbot.keyClick(entry.text, Qt.Key.Key_Escape)
    assert (entry.kind.currentText(), entry.text.text()) == ("Decision", "Fail over to Manchester")
    qtbot.keyClick(entry.text, Qt.Key.Key_Return)
    added = _stored(session, incident_id)[-1]
    assert (added["kind"], added["text"]) == ("decision", "Fail over to Manchester")
