"""The row under an incident's log where entries are written: always ready for the next
one, and the same row when an entry is changed afterwards.

Enter adds what was typed at the current time. A time is typed only for something that
happened earlier ("07:15" means the latest 07:15, "2026-08-12 07:15" exactly that); times
are this computer's local time and stored in UTC by the vault (see incident_log_time).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from itscm_desktop.domain.entities import CALL_RESULTS, EVENT_KINDS, REGISTRY
from itscm_desktop.gui.editors.incident_log_time import moment_typed
from itscm_desktop.gui.editors.record_picker import ChosenRecord, RecordPicker
from itscm_desktop.gui.models.record_table_model import local_time
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.field_widgets import fit_width

_EVENTS = REGISTRY["incident_events"]
KIND_LABELS = dict(EVENT_KINDS)
RESULT_LABELS = dict(CALL_RESULTS)
STEP_KINDS = ("step_started", "step_done")
_NUMBER = re.compile(r"^#[0-9]+ ")  # a step's place in its runbook, as the list shows it


class LogEntryRow(QFrame):
    """Kind, time, what happened, and for a call the person and result, for a runbook
    step the step. `submitted` on Enter or the button; `cancelled` when a change is
    abandoned (Escape or Cancel)."""

    submitted = Signal()
    cancelled = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.editing: dict[str, Any] = {}  # the entry being changed; empty: a new one
        self._draft: dict[str, Any] | None = None  # a new entry's typing, while changing one

        self.heading = QLabel()
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        self.kind = QComboBox()
        for value, label in EVENT_KINDS:
            self.kind.addItem(label, value)
        self.when = QLineEdit()
        self.when.setObjectName("log_time")
        self.when.setPlaceholderText("now")
        self.when.setToolTip(
            "Leave empty for now. For something that happened earlier type 07:15, or "
            "2026-08-12 07:15 for another day (local time)."
        )
        fit_width(self.when, "2026-08-12 07:15:00")
        self.text = QLineEdit()
        self.text.setObjectName("log_text")
        self.text.setPlaceholderText("What happened — Enter adds it to the log")
        self.add_button = QPushButton("Add to log")
        self.add_button.clicked.connect(self.submitted)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Leave the entry as it was (Escape)")
        self.cancel_button.clicked.connect(self.cancelled)
        for line in (self.when, self.text):
            line.returnPressed.connect(self.submitted)

        self.person = ChosenRecord(session, "contacts", "Type a name…")
        self.person.changed.connect(self._person_changed)
        self.result = QComboBox()
        self.result.addItem("— not noted —", None)
        for value, label in CALL_RESULTS:
            self.result.addItem(label, value)
        self.step = QComboBox()
        self.step.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.step.setMinimumContentsLength(30)
        self.other_step = RecordPicker(session, "runbook_steps", "…or search every plan's steps")
        self.other_step.picked.connect(self._other_step_picked)
        self.author = QLineEdit()
        self.author.setObjectName("log_author")
        self.author.setToolTip("Who writes the log entry")
        self.author.returnPressed.connect(self.submitted)
        fit_width(self.author, "Siobhán Ní Bhriain xx")

        self.call_box = QWidget()
        call = QHBoxLayout(self.call_box)
        call.setContentsMargins(0, 0, 0, 0)
        call.addWidget(_buddy("&Person called:", self.person), 0, Qt.AlignmentFlag.AlignTop)
        call.addWidget(self.person, 1)
        call.addWidget(_buddy("&Result:", self.result), 0, Qt.AlignmentFlag.AlignTop)
        call.addWidget(self.result, 0, Qt.AlignmentFlag.AlignTop)
        self.step_box = QWidget()
        step = QHBoxLayout(self.step_box)
        step.setContentsMargins(0, 0, 0, 0)
        step.addWidget(_buddy("Runbook &step:", self.step), 0, Qt.AlignmentFlag.AlignTop)
        step.addWidget(self.step, 2, Qt.AlignmentFlag.AlignTop)
        step.addWidget(self.other_step, 1)

        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 8)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.heading, 0, 0, 1, 5)
        grid.addWidget(_buddy("&Kind", self.kind), 1, 0)
        grid.addWidget(_buddy("T&ime", self.when), 1, 1)
        grid.addWidget(_buddy("&What happened", self.text), 1, 2)
        grid.addWidget(self.kind, 2, 0)
        grid.addWidget(self.when, 2, 1)
        grid.addWidget(self.text, 2, 2)
        details = QHBoxLayout()
        details.setContentsMargins(0, 4, 0, 0)
        details.addWidget(self.call_box, 1)
        details.addWidget(self.step_box, 1)
        details.addStretch(0)
        details.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        details.addWidget(_buddy("Logged &by:", self.author), 0, Qt.AlignmentFlag.AlignTop)
        details.addWidget(self.author, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(details, 3, 0, 1, 5)
        # Added last, so Tab reaches them after the details (the order widgets join a form).
        grid.addWidget(self.add_button, 2, 3)
        grid.addWidget(self.cancel_button, 2, 4)
        grid.setColumnStretch(2, 1)

        self.kind.currentIndexChanged.connect(self._show_details)
        self.start_new()

    # -- modes ---------------------------------------------------------------------------

    def start_new(self, *, keep_draft: bool = True) -> None:
        """Ready for the next entry: a note, now, nothing typed (the author stays). After
        a change, what was being typed before it comes back (unless `keep_draft` is off:
        another incident, or the vault locked)."""
        draft = self._draft if keep_draft else None
        self._draft = None
        self.editing = {}
        self.heading.setText("New log entry")
        self.add_button.setText("Add to log")
        self.cancel_button.hide()
        self.kind.setCurrentIndex(self.kind.findData("note"))
        self.when.clear()
        self.text.clear()
        self.person.set_record(None)
        self.result.setCurrentIndex(0)
        self.step.setCurrentIndex(0)
        self.other_step.reset()
        if draft is not None:
            self._put_back(draft)
        self._show_details()

    def start_change(self, entry: Mapping[str, Any]) -> None:
        """Show a stored entry to change it; Enter saves, Escape or Cancel leaves it. What
        was being typed for a new entry is kept aside until then."""
        if not self.editing:
            self._draft = self._typed()
        self.editing = dict(entry)
        shown = local_time(str(entry.get("occurred_at") or ""))
        self.heading.setText(f"Changing the entry of {shown} — Enter saves, Escape cancels")
        self.add_button.setText("Save change")
        self.cancel_button.show()
        self.kind.setCurrentIndex(max(0, self.kind.findData(entry.get("kind") or "note")))
        self.when.setText(shown)
        self.text.setText(str(entry.get("text") or ""))
        self.text.setCursorPosition(0)
        self.author.setText(str(entry.get("author") or ""))
        self.person.set_record(entry.get("contact_id"))
        self.result.setCurrentIndex(max(0, self.result.findData(entry.get("call_result"))))
        step_id = entry.get("step_id")
        if step_id and self.step.findData(step_id) < 0:
            self.add_step(str(step_id), self._step_title(str(step_id)))
        self.step.setCurrentIndex(max(0, self.step.findData(step_id)) if step_id else 0)
        self._show_details()
        self.text.setFocus()

    def _typed(self) -> dict[str, Any]:
        return {
            "kind": self.kind.currentData(),
            "when": self.when.text(),
            "text": self.text.text(),
            "author": self.author.text(),
            "contact_id": self.person.record_id,
            "call_result": self.result.currentData(),
            "step_id": self.step.currentData(),
        }

    def _put_back(self, typed: Mapping[str, Any]) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(typed["kind"])))
        self.when.setText(typed["when"])
        self.text.setText(typed["text"])
        self.author.setText(typed["author"])
        self.person.set_record(typed["contact_id"])
        self.result.setCurrentIndex(max(0, self.result.findData(typed["call_result"])))
        chosen = self.step.findData(typed["step_id"]) if typed["step_id"] else 0
        self.step.setCurrentIndex(max(0, chosen))

    @property
    def is_changing(self) -> bool:
        return bool(self.editing)

    # -- the steps that can be chosen ----------------------------------------------------

    def set_steps(self, plans: list[tuple[str, list[tuple[str, str]]]]) -> None:
        """The steps offered first: (plan name, [(step id, "#n title")]) of the recovery
        plans the incident invoked. Other plans' steps are found by search."""
        chosen, chosen_text = self.step.currentData(), self.step.currentText().strip()
        self.step.clear()
        self.step.addItem("— choose a step —", None)
        several = len(plans) > 1
        for plan, steps in plans:
            if several:
                self.step.addItem(plan, None)
                model = self.step.model()
                if isinstance(model, QStandardItemModel):  # a plan's name: a heading only
                    heading = model.item(self.step.count() - 1)
                    if heading is not None:
                        heading.setEnabled(False)
            for step_id, title in steps:
                self.step.addItem(("    " if several else "") + title, step_id)
        if not plans:
            self.step.setItemText(0, "— search a plan's steps —")
        if chosen and self.step.findData(chosen) < 0:  # found by search: still chosen
            self.add_step(chosen, chosen_text)
        self.step.setCurrentIndex(max(0, self.step.findData(chosen)) if chosen else 0)

    def add_step(self, step_id: str, title: str) -> None:
        """Offer a step of a plan the incident did not invoke (found by search)."""
        if self.step.findData(step_id) < 0:
            self.step.addItem(title, step_id)
        self.step.setCurrentIndex(self.step.findData(step_id))

    def _other_step_picked(self, step_id: str, _title: str) -> None:
        self.add_step(step_id, self._step_title(step_id))
        self.text.setFocus()

    def _step_title(self, step_id: str) -> str:
        session = self.other_step.session
        step = session.vault.find("runbook_steps", step_id) if session.is_unlocked else None
        if step is None:
            return "(a deleted step)"
        plan = session.vault.find("recovery_plans", str(step["recovery_plan_id"]))
        where = f" — {session.vault.title('recovery_plans', plan)}" if plan else ""
        return f"{step.get('title')}{where}"

    # -- what was typed ------------------------------------------------------------------

    def values(self, now: datetime) -> dict[str, Any]:
        """The entry as it would be stored (occurred_at aware); raises TimeTyped. The text
        says what was chosen when nothing was typed ("No answer.", "Done: …")."""
        kind = str(self.kind.currentData())
        call = self.call_box.isVisibleTo(self)
        step = self.step_box.isVisibleTo(self)
        values: dict[str, Any] = {
            "kind": kind,
            "occurred_at": moment_typed(self.when.text(), now),
            "text": self.text.text().strip(),
            "author": self.author.text().strip() or None,
            "contact_id": self.person.record_id if call else None,
            "call_result": self.result.currentData() if call else None,
            "step_id": self.step.currentData() if step else None,
        }
        if not values["text"]:
            values["text"] = self._text_for_choices(values)
        return values

    def _text_for_choices(self, values: Mapping[str, Any]) -> str:
        if values["kind"] == "call" and values["contact_id"]:
            result = RESULT_LABELS.get(values["call_result"] or "", "")
            return f"{result}." if result else f"Called {self.person.current.text()}."
        if values["step_id"]:
            title = _NUMBER.sub("", self.step.currentText().strip())
            return f"{'Done' if values['kind'] == 'step_done' else 'Started'}: {title}"
        return ""

    def problem_field(self, name: str) -> None:
        """Put the cursor where a refused value is typed."""
        {"occurred_at": self.when, "author": self.author}.get(name, self.text).setFocus()

    # -- showing what fits the kind ------------------------------------------------------

    def _show_details(self) -> None:
        kind = self.kind.currentData()
        keeps_person = bool(self.editing.get("contact_id"))
        keeps_step = bool(self.editing.get("step_id"))
        self.call_box.setVisible(kind == "call" or keeps_person)
        self.step_box.setVisible(kind in STEP_KINDS or keeps_step)

    def _person_changed(self) -> None:
        if self.person.record_id:
            self.result.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.editing:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label
