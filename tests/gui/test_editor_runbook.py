"""The Steps tab of a recovery plan, driven like a person on the demo plan."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from itscm_desktop.domain.runbook import StepOrder, rto_passed_at, running_times
from itscm_desktop.gui.editors.runbook import RunbookEditor
from itscm_desktop.gui.editors.runbook_view import MINUTES, NUMBER, RTO_MARKER, RUNNING, TITLE
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session

ERP_PLAN = "ERP failover to the Manchester recovery suite"
CONFIRM_END_TO_END = (
    "Confirm with the service owner that ERP and EDI with customers and carriers works end to end"
)


class Runbook:
    """The ERP plan's steps on screen and in the vault, by their titles."""

    def __init__(self, editor: RunbookEditor, session: Session, plan_id: str) -> None:
        self.editor = editor
        self.session = session
        self.plan_id = plan_id

    def item(self, title: str) -> QTreeWidgetItem:
        found = self.editor.tree.findItems(
            title, Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive, TITLE
        )
        assert len(found) == 1, title
        return found[0]

    def heading(self, phase_label: str) -> QTreeWidgetItem:
        found = self.editor.tree.findItems(phase_label, Qt.MatchFlag.MatchStartsWith, 0)
        assert len(found) == 1, phase_label
        return found[0]

    def select(self, title: str) -> None:
        self.editor.tree.setCurrentItem(self.item(title))

    def rows(self) -> list[dict[str, Any]]:
        return self.session.vault.records("runbook_steps", where={"recovery_plan_id": self.plan_id})

    def stored(self, phase: str) -> list[tuple[int, str]]:
        """(position, title) of the phase's steps as stored, in position order."""
        return sorted((r["position"], r["title"]) for r in self.rows() if r["phase"] == phase)

    def step(self, title: str) -> dict[str, Any]:
        return next(r for r in self.rows() if r["title"].startswith(title))

    def marked(self) -> list[str]:
        """Titles of the steps followed by the line saying the RTO was passed there."""
        tree = self.editor.tree
        found = []
        for p in range(tree.topLevelItemCount()):
            heading = tree.topLevelItem(p)
            for r in range(1, heading.childCount()):
                if heading.child(r).data(0, RTO_MARKER):
                    assert "passed here" in heading.child(r).text(0)
                    found.append(heading.child(r - 1).text(TITLE))
        return found

    def marker_text(self) -> str:
        tree = self.editor.tree
        return next(
            tree.topLevelItem(p).child(r).text(0)
            for p in range(tree.topLevelItemCount())
            for r in range(tree.topLevelItem(p).childCount())
            if tree.topLevelItem(p).child(r).data(0, RTO_MARKER)
        )

    def drop(self, title: str, on: QTreeWidgetItem, upper_half: bool = True) -> None:
        tree = self.editor.tree
        rect = tree.visualItemRect(on)
        y = rect.top() + 2 if upper_half else rect.bottom() - 2
        event = QDropEvent(
            QPointF(QPoint(rect.center().x(), y)),
            Qt.DropAction.MoveAction,
            tree.mimeData([self.item(title)]),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        # A real drop ends a drag that blocks in its own event loop; the view's drop
        # handler gets the event such a drop brings.
        tree.dropEvent(event)


@pytest.fixture
def runbook(qtbot: QtBot, session: Session) -> Runbook:
    editor = RunbookEditor(session, Navigator())
    qtbot.addWidget(editor)
    editor.resize(1300, 800)
    editor.show()
    plan_id = next(
        p["id"] for p in session.vault.records("recovery_plans") if p["name"] == ERP_PLAN
    )
    editor.show_record(plan_id)
    return Runbook(editor, session, plan_id)


def test_steps_by_phase_with_running_time_and_rto(runbook: Runbook) -> None:
    tree = runbook.editor.tree
    assert tree.topLevelItemCount() == 3
    assert runbook.heading("Activation & notification").text(0).endswith("4 steps · 35 min")
    first = runbook.item("Confirm the outage")
    assert (first.text(NUMBER), first.text(MINUTES), first.text(RUNNING)) == (
        "1",
        "10 min",
        "10 min",
    )
    assert runbook.item("Book the post-incident review").text(RUNNING) == "4 h"
    assert "(RTO 4 h)" in runbook.editor.summary.text()
    assert "within the smallest RTO (4 h)" in runbook.editor.summary.text()
    assert runbook.marked() == []


def test_changing_a_steps_time_moves_the_rto_marker(runbook: Runbook, qtbot: QtBot) -> None:
    runbook.select("Force the AG-ERP failover")
    minutes = runbook.editor.form.minutes
    assert minutes.text() == "20 min"
    minutes.selectAll()
    qtbot.keyClicks(minutes, "45 min")
    qtbot.keyClick(minutes, Qt.Key.Key_Return)

    assert runbook.step("Force the AG-ERP failover")["estimated_minutes"] == 45
    assert runbook.item("Force the AG-ERP failover").text(MINUTES) == "45 min"
    assert runbook.item("Smoke test with key users").text(RUNNING) == "3 h 15 min"
    assert runbook.marked() == ["Plan the fail-back as a normal change"]
    assert runbook.marker_text() == (
        "⚠ RTO 4 h passed here: by the end of step #15 the outage has lasted 4 h 10 min"
    )
    assert "25 min longer than the smallest RTO" in runbook.editor.summary.text()

    marker = runbook.item("Plan the fail-back").parent().child(3)
    assert marker.data(0, RTO_MARKER)
    runbook.drop("Book the post-incident review", on=marker)  # lands under the step above
    assert [t for _, t in runbook.stored("reconstitution")][3] == "Book the post-incident review"

    runbook.select("Force the AG-ERP failover")
    minutes.selectAll()
    qtbot.keyClicks(minutes, "1h30")
    qtbot.mouseClick(runbook.editor.form.save_button, Qt.MouseButton.LeftButton)
    assert runbook.step("Force the AG-ERP failover")["estimated_minutes"] == 90
    assert runbook.marked() == [CONFIRM_END_TO_END]


def test_a_time_that_cannot_be_read_is_explained(runbook: Runbook, qtbot: QtBot) -> None:
    runbook.select("Force the AG-ERP failover")
    runbook.editor.form.minutes.selectAll()
    qtbot.keyClicks(runbook.editor.form.minutes, "two months")
    qtbot.keyClick(runbook.editor.form.minutes, Qt.Key.Key_Return)
    assert "Estimated time:" in runbook.editor.notice.text()
    assert runbook.step("Force the AG-ERP failover")["estimated_minutes"] == 20


def test_moving_a_step_up_rewrites_the_phase_positions(runbook: Runbook) -> None:
    runbook.select("Invoke the Manchester recovery suite")
    runbook.editor.move_up.trigger()

    stored = runbook.stored("recovery")
    assert [p for p, _ in stored] == list(range(8))
    assert [t for _, t in stored][:2] == [
        "Invoke the Manchester recovery suite",
        "Decide: repair in DC1 or fail over to Manchester",
    ]
    assert runbook.item("Invoke the Manchester recovery suite").text(NUMBER) == "5"
    assert runbook.item("Invoke the Manchester recovery suite").isSelected()
    assert not runbook.editor.move_up.isEnabled()  # first of its phase now


def test_dragging_a_step_between_others(runbook: Runbook) -> None:
    runbook.drop("Smoke test with key users", on=runbook.item("Stop the ERP application"))
    titles = [t for _, t in runbook.stored("recovery")]
    assert titles.index("Smoke test with key users") == 2
    assert titles.index("Stop the ERP application services in DC1") == 3
    assert [p for p, _ in runbook.stored("recovery")] == list(range(8))


def test_dropping_a_step_on_a_phase_moves_it_there(runbook: Runbook) -> None:
    runbook.drop("Smoke test with key users", on=runbook.heading("Reconstitution"))
    assert runbook.stored("reconstitution")[-1] == (5, "Smoke test with key users")
    assert len(runbook.stored("recovery")) == 7
    assert runbook.item("Smoke test").parent() is runbook.heading("Reconstitution")


def test_changing_the_phase_in_the_form(runbook: Runbook, qtbot: QtBot) -> None:
    runbook.select("Decide: repair in DC1")
    combo = runbook.editor.form.phase
    combo.setCurrentIndex(combo.findData("activation"))
    qtbot.mouseClick(runbook.editor.form.save_button, Qt.MouseButton.LeftButton)
    assert runbook.stored("activation")[-1] == (
        4,
        "Decide: repair in DC1 or fail over to Manchester",
    )
    assert [p for p, _ in runbook.stored("recovery")] == list(range(7))


def test_a_step_is_added_after_the_selected_one(runbook: Runbook, qtbot: QtBot) -> None:
    runbook.select("Reconcile the data lost")
    qtbot.mouseClick(runbook.editor.button(runbook.editor.add), Qt.MouseButton.LeftButton)
    title = runbook.editor.form.title
    assert title.text() == "New step" and title.selectedText() == "New step"
    qtbot.keyClicks(title, "Tell the auditors")
    qtbot.keyClick(title, Qt.Key.Key_Return)

    stored = runbook.stored("reconstitution")
    assert [t for _, t in stored][:3] == [
        CONFIRM_END_TO_END,
        "Reconcile the data lost within the RPO",
        "Tell the auditors",
    ]
    assert [p for p, _ in stored] == list(range(6))


def test_deleting_a_step_others_depend_on(runbook: Runbook, monkeypatch: Any) -> None:
    asked: list[str] = []
    monkeypatch.setattr(runbook.editor, "_confirm", lambda text: asked.append(text) or True)
    runbook.select("Decide: repair in DC1")
    decide = runbook.step("Decide: repair in DC1")["id"]
    runbook.editor.delete.trigger()

    assert asked[0].startswith("Delete step #5 “Decide: repair in DC1 or fail over to Manchester”?")
    assert "Steps #6, #7 will no longer depend on it." in asked[0]
    assert all(r["id"] != decide for r in runbook.rows())
    assert all(decide not in (r["depends_on_ids"] or []) for r in runbook.rows())
    assert [p for p, _ in runbook.stored("recovery")] == list(range(7))
    assert runbook.item("Invoke the Manchester recovery suite").text(NUMBER) == "5"


def test_deleting_can_be_cancelled(runbook: Runbook, monkeypatch: Any) -> None:
    monkeypatch.setattr(runbook.editor, "_confirm", lambda text: False)
    runbook.select("Decide: repair in DC1")
    runbook.editor.delete.trigger()
    assert len(runbook.rows()) == 17


def test_a_dependency_loop_is_refused_in_plain_words(runbook: Runbook, qtbot: QtBot) -> None:
    runbook.select("Confirm the outage")
    depends = runbook.editor.form.depends
    decide = next(
        depends.item(row)
        for row in range(depends.count())
        if depends.item(row).text().startswith("#5 ")
    )
    decide.setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(runbook.editor.form.save_button, Qt.MouseButton.LeftButton)

    assert "this would make a loop" in runbook.editor.notice.text()
    assert runbook.step("Confirm the outage")["depends_on_ids"] in (None, [])
    assert decide.checkState() == Qt.CheckState.Checked  # what was typed is kept
    assert runbook.editor.form.dirty

    decide.setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(runbook.editor.form.revert_button, Qt.MouseButton.LeftButton)
    assert not runbook.editor.form.dirty


def test_responsible_person_is_chosen_by_search(runbook: Runbook, qtbot: QtBot) -> None:
    runbook.select("Plan the fail-back")
    person = runbook.editor.form.person
    assert person.current.text() == "— none —"
    qtbot.keyClicks(person.picker.search_field, "Vikram")
    qtbot.keyClick(person.picker.search_field, Qt.Key.Key_Return)
    assert person.current.text() == "Vikram Nair"
    qtbot.mouseClick(runbook.editor.form.save_button, Qt.MouseButton.LeftButton)

    stored = runbook.step("Plan the fail-back")["contact_id"]
    assert runbook.session.vault.get("contacts", stored)["full_name"] == "Vikram Nair"
    assert runbook.item("Plan the fail-back").text(2) == "IT Recovery Team / Vikram Nair"


def test_running_time_arithmetic_without_widgets() -> None:
    assert running_times([10, None, 30]) == [10, 10, 40]
    assert rto_passed_at([10, 10, 40], 30) == 2
    assert rto_passed_at([10, 10, 40], 40) is None
    assert rto_passed_at([10], None) is None
    order = StepOrder.of(
        [
            {"id": "a", "phase": "recovery", "position": 3},
            {"id": "b", "phase": "recovery", "position": 1},
            {"id": "c", "phase": "activation", "position": 9},
        ]
    )
    assert order.in_order() == ["c", "b", "a"]
    assert order.shifted("b", -1) is None
    moved = order.moved("a", "activation", 0)
    assert moved.phases["activation"] == ["a", "c"]
