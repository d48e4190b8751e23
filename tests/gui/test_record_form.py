"""RecordForm and its field editors: built from the registry for every entity, showing
stored values for people and handing back what was typed for the vault to check."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Kind
from itscm_desktop.domain.validation import Problem, ValidationError
from itscm_desktop.gui.models.record_table_model import local_time
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.field_widgets import DateEditor, LineEditor, PhoneEditor
from itscm_desktop.gui.widgets.record_form import RecordForm
from itscm_desktop.gui.widgets.reference_picker import RefsEditor


def make_form(qtbot: QtBot, session: Session, table: str) -> RecordForm:
    form = RecordForm(table, session, Navigator())
    qtbot.addWidget(form)
    form.resize(700, 900)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)  # focus and Tab need an active window
    return form


def line(form: RecordForm, name: str) -> LineEditor:
    editor = form.editor(name)
    assert isinstance(editor, LineEditor)
    return editor


@pytest.mark.parametrize("table", REGISTRY.tables)
def test_showing_a_stored_record_changes_nothing(
    qtbot: QtBot, session: Session, table: str
) -> None:
    """Every field shows its stored value in a way that reads back to the same value, so
    saving an untouched record writes nothing (no spurious edits to merge elsewhere)."""
    form = make_form(qtbot, session, table)
    assert [form.editors[f.name].field for f in REGISTRY[table].fields] == list(
        REGISTRY[table].fields
    )
    for record in session.vault.records(table, limit=5):
        form.set_record(record)
        assert form.record_id == record["id"]
        assert form.changes() == {} and not form.dirty
        assert session.vault.update(table, record["id"], form.values()) == {}


def test_labels_mark_required_fields_and_carry_help(qtbot: QtBot, session: Session) -> None:
    form = make_form(qtbot, session, "contacts")
    name_label = form.findChild(QLabel, "full_name_label")
    verified = form.findChild(QLabel, "last_verified_on_label")
    assert name_label is not None and name_label.text() == "Full name *"
    assert verified is not None and verified.text() == "Last verified"
    assert "confirmed these numbers" in verified.toolTip()
    availability = line(form, "availability").line
    assert availability.placeholderText().startswith("When and how to reach them")


def test_a_new_record_starts_from_the_defaults(qtbot: QtBot, session: Session) -> None:
    form = make_form(qtbot, session, "services")
    form.set_record(None)
    assert form.is_new and not form.dirty
    assert line(form, "tier").line.text() == "3"
    assert form.values()["rto_minutes"] == ""
    assets = make_form(qtbot, session, "assets")
    kind = assets.editor("kind").findChild(QComboBox)
    criticality = assets.editor("criticality").findChild(QComboBox)
    assert kind is not None and kind.currentText() == "Hardware"
    assert kind.itemText(0) == "Hardware"  # required: no empty entry
    assert criticality is not None and criticality.itemText(0) == "—"
    assert criticality.currentText() == "Medium"


def test_typing_marks_the_form_dirty_and_typing_it_back_does_not(
    qtbot: QtBot, session: Session
) -> None:
    form = make_form(qtbot, session, "contacts")
    record = session.vault.records("contacts")[0]
    form.set_record(record)
    department = line(form, "department").line
    qtbot.keyClick(department, Qt.Key.Key_End)
    with qtbot.waitSignal(form.changed):
        qtbot.keyClicks(department, "!")
    assert form.dirty and form.changes() == {"department": record["department"] + "!"}
    qtbot.keyClick(line(form, "department").line, Qt.Key.Key_Backspace)
    assert not form.dirty and form.changes() == {}


def test_durations_are_tidied_when_leaving_the_field(qtbot: QtBot, session: Session) -> None:
    form = make_form(qtbot, session, "services")
    rto = line(form, "rto_minutes").line
    rto.setFocus()
    qtbot.keyClicks(rto, "4h30")
    qtbot.keyClick(rto, Qt.Key.Key_Tab)
    assert rto.text() == "4 h 30 min"
    assert form.values()["rto_minutes"] == "4 h 30 min"
    qtbot.keyClicks(line(form, "rpo_minutes").line, "soon")
    qtbot.keyClick(line(form, "rpo_minutes").line, Qt.Key.Key_Tab)
    assert line(form, "rpo_minutes").line.text() == "soon"  # left for the vault to explain


def test_dates_may_stay_empty_and_the_calendar_fills_them(qtbot: QtBot, session: Session) -> None:
    form = make_form(qtbot, session, "contacts")
    record = next(r for r in session.vault.records("contacts") if r["last_verified_on"])
    form.set_record(record)
    editor = form.editor("last_verified_on")
    assert isinstance(editor, DateEditor)
    assert editor.line.text() == record["last_verified_on"]
    editor.line.clear()
    assert form.values()["last_verified_on"] == ""
    editor.set_date(QDate(2026, 11, 25))
    assert form.changes() == {"last_verified_on": "2026-11-25"}


def test_moments_are_shown_in_local_time(qtbot: QtBot, session: Session) -> None:
    form = make_form(qtbot, session, "incidents")
    incident = session.vault.records("incidents")[0]
    form.set_record(incident)
    shown = line(form, "declared_at").line.text()
    assert shown == local_time(incident["declared_at"])
    assert "T" not in shown and "Z" not in shown


def test_phone_numbers_are_spaced_with_copy_and_call(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(
        "itscm_desktop.gui.clipboard.copy_sensitive", lambda text: copied.append(text)
    )
    form = make_form(qtbot, session, "contacts")
    record = next(r for r in session.vault.records("contacts") if r["mobile_phone"])
    form.set_record(record)
    mobile = form.editor("mobile_phone")
    assert isinstance(mobile, PhoneEditor)
    assert mobile.line.text().startswith("+") and " " in mobile.line.text()
    assert f'href="tel:{record["mobile_phone"]}"' in mobile.call_link.text()
    qtbot.mouseClick(mobile.copy_button, Qt.MouseButton.LeftButton)
    assert copied == [mobile.line.text()]
    qtbot.keyClicks(mobile.line, "9")
    assert mobile.call_link.text() == ""  # not the stored number any more
    email = form.editor("work_email")
    qtbot.mouseClick(email.copy_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert copied[-1] == record["work_email"]


def test_several_references_are_added_and_removed(qtbot: QtBot, session: Session) -> None:
    form = make_form(qtbot, session, "risks")
    risk = next(r for r in session.vault.records("risks") if r["service_ids"])
    form.set_record(risk)
    editor = form.editor("service_ids")
    assert isinstance(editor, RefsEditor)
    assert editor.items.count() == len(risk["service_ids"])
    editor.items.setCurrentRow(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert form.changes() == {"service_ids": risk["service_ids"][1:]}
    other = next(s for s in session.vault.records("services") if s["id"] not in risk["service_ids"])
    editor.picker.choose("services", other["id"], other["name"])
    assert editor.items.item(editor.items.count() - 1).text() == other["name"]
    assert form.values()["service_ids"] == [*risk["service_ids"][1:], other["id"]]
    assert editor.picker.value() is None  # ready for the next one


def test_problems_go_under_their_fields_and_general_ones_on_top(
    qtbot: QtBot, session: Session
) -> None:
    form = make_form(qtbot, session, "contacts")
    error = ValidationError(
        REGISTRY["contacts"],
        [
            Problem("work_email", "“ana@” is not an e-mail address"),
            Problem(None, "There is already a contact like this."),
            Problem("full_name", "is required."),
        ],
    )
    form.show_problems(error)
    assert form.problem_text("work_email") == "“ana@” is not an e-mail address"
    assert form.problem_text("full_name") == "Is required."
    assert form.problem_text(None) == "There is already a contact like this."
    assert form.problem_text("job_title") == ""
    assert line(form, "work_email").line.hasFocus()  # the first one named
    colour = form.problems["full_name"].palette().color(QPalette.ColorRole.WindowText)
    assert colour.red() > colour.green() and colour.red() > colour.blue()
    form.clear_problems()
    assert form.problem_text("work_email") == form.problem_text(None) == ""


def test_save_inserts_then_updates_and_clears_problems(qtbot: QtBot, session: Session) -> None:
    changed: list[str] = []
    session.changed.connect(changed.append)
    form = make_form(qtbot, session, "sites")
    form.set_record(None)
    assert form.save() is None
    assert form.problem_text("name") == "Is required."
    qtbot.keyClicks(line(form, "name").line, "Bradford depot")
    with qtbot.waitSignal(form.saved) as saved:
        new_id = form.save()
    assert saved.args == [new_id] and changed == ["sites"]
    assert form.problem_text("name") == "" and form.record_id == new_id
    assert session.vault.get("sites", str(new_id))["kind"] == "office"
    text = form.editor("access_instructions").findChild(QPlainTextEdit)
    assert text is not None
    qtbot.keyClicks(text, "Key safe by the gate")
    assert form.save() == new_id
    assert session.vault.get("sites", str(new_id))["access_instructions"] == "Key safe by the gate"


def test_read_only_fields_are_shown_and_never_sent(qtbot: QtBot, session: Session) -> None:
    form = make_form(qtbot, session, "documents")
    document = session.vault.records("documents")[0]
    form.set_record(document)
    size = line(form, "size_bytes").line
    assert size.isReadOnly() and size.text() == f"{document['size_bytes']:,}"
    assert "size_bytes" not in form.values() and "sha256" not in form.values()
    assert {f.kind for f in REGISTRY["documents"].fields if f.system} == {Kind.INTEGER, Kind.HASH}


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_reference_picker_by_keyboard(qtbot: QtBot, session: Session) -> None:
    form = make_form(qtbot, session, "contacts")
    form.set_record(None)
    picker = form.editor("site_id").picker  # type: ignore[attr-defined]
    assert picker.value() is None and not picker.go_button.isEnabled()
    picker.edit.setFocus()
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)  # nothing typed: the first sites
    assert picker.completer.popup().isVisible()
    assert picker.matches.rowCount() == min(session.vault.count("sites"), 20)
    picker.completer.popup().hide()

    qtbot.keyClicks(picker.edit, "rotterdam")
    with qtbot.waitSignal(picker.changed):
        qtbot.keyClick(picker.edit, Qt.Key.Key_Return)  # the best match, at once
    site = session.vault.get("sites", str(picker.value()))
    assert "Rotterdam" in site["name"] and picker.edit.text() == site["name"]
    assert form.changes() == {"site_id": site["id"]}

    picker.edit.setText("half-typ")
    picker.edit.editingFinished.emit()
    assert picker.edit.text() == site["name"] and picker.value() == site["id"]

    opened: list[tuple[str, str]] = []
    picker.navigator.record_requested.connect(lambda t, i: opened.append((t, i)))
    qtbot.mouseClick(picker.go_button, Qt.MouseButton.LeftButton)
    assert opened == [("sites", site["id"])]
    qtbot.mouseClick(picker.clear_button, Qt.MouseButton.LeftButton)
    assert picker.value() is None and picker.edit.text() == ""
    assert form.changes() == {}


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_a_reference_into_several_tables_names_the_kind(qtbot: QtBot, session: Session) -> None:
    form = make_form(qtbot, session, "dependencies")
    picker = form.editor("to_id").picker  # type: ignore[attr-defined]
    qtbot.keyClicks(picker.edit, "leeds")
    qtbot.waitUntil(lambda: picker.matches.rowCount() > 0)
    kinds = {picker.matches.item(r).text().rsplit(" — ", 1)[-1] for r in range(3)}
    assert kinds <= {"Service", "Asset", "Supplier", "Site"} and kinds
