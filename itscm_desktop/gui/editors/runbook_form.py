"""The side form of the runbook editor: everything about one step.

It holds the person's typing until Save (or Enter in a one-line field); `save_requested`
carries only the fields that differ from what is stored. Labels come from the registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from itscm_desktop.domain.durations import DurationError, format_minutes, parse_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.runbook import PHASE_KEYS, PHASE_LABELS
from itscm_desktop.gui.editors.record_picker import ChosenRecord
from itscm_desktop.gui.editors.side_form import TypingState
from itscm_desktop.gui.session import Session

_STEPS = REGISTRY["runbook_steps"]


def _label(name: str) -> str:
    return _STEPS.field(name).label + ":"


class StepForm(TypingState, QWidget):
    """Edit one step; `save_requested(values)` asks the editor to store the changes,
    `problem(text)` reports typing that cannot be stored (a duration it cannot read)."""

    save_requested = Signal(dict)
    problem = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step: dict[str, Any] = {}
        self._loading = False

        self.title = QLineEdit()
        self.phase = QComboBox()
        for key in PHASE_KEYS:
            self.phase.addItem(PHASE_LABELS[key], key)
        self.minutes = QLineEdit()
        self.minutes.setPlaceholderText("e.g. 45 min, 1h30")
        self.team = ChosenRecord(session, "teams", "Type to choose a team…")
        self.role = QLineEdit()
        self.person = ChosenRecord(session, "contacts", "Type a name to choose a person…")
        self.depends = QListWidget()
        self.depends.setToolTip("Tick the steps that must be finished before this one")
        self.depends.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.depends.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.instructions = QPlainTextEdit()
        self.instructions.setTabChangesFocus(True)
        self.verification = QPlainTextEdit()
        self.verification.setTabChangesFocus(True)
        self.save_button = QPushButton("&Save step")
        self.save_button.clicked.connect(self.request_save)
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.clicked.connect(lambda: self.load(self.step, self._others))

        for line in (self.title, self.minutes, self.role):
            line.returnPressed.connect(self.request_save)
            line.textEdited.connect(self._edited)
        for text in (self.instructions, self.verification):
            text.textChanged.connect(self._edited)
        self.phase.currentIndexChanged.connect(self._edited)
        self.team.changed.connect(self._edited)
        self.person.changed.connect(self._edited)
        self.depends.itemChanged.connect(self._edited)

        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(_label("title"), self.title)
        form.addRow(_label("phase"), self.phase)
        form.addRow(_label("estimated_minutes"), self.minutes)
        form.addRow(_label("team_id"), self.team)
        form.addRow(_label("role"), self.role)
        form.addRow(_label("contact_id"), self.person)
        form.addRow(_label("instructions"), self.instructions)
        form.addRow(_label("verification"), self.verification)
        form.addRow(_label("depends_on_ids"), self.depends)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        self._others: list[tuple[str, str]] = []
        self.load({}, [])

    def load(self, step: Mapping[str, Any], others: list[tuple[str, str]]) -> None:
        """Show `step` (empty: none selected); `others` are (id, "#n title") of the steps
        it may depend on, in runbook order."""
        self._loading = True
        self.step = dict(step)
        self._others = list(others)
        self.title.setText(str(step.get("title") or ""))
        self.phase.setCurrentIndex(max(0, self.phase.findData(step.get("phase") or "recovery")))
        minutes = step.get("estimated_minutes")
        self.minutes.setText(format_minutes(minutes) if isinstance(minutes, int) else "")
        self.team.set_record(step.get("team_id"))
        self.role.setText(str(step.get("role") or ""))
        self.person.set_record(step.get("contact_id"))
        self.instructions.setPlainText(str(step.get("instructions") or ""))
        self.verification.setPlainText(str(step.get("verification") or ""))
        chosen = set(step.get("depends_on_ids") or [])
        self.depends.clear()
        for other_id, text in others:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, other_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = other_id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.depends.addItem(item)
        self.setEnabled(bool(step))
        self._loading = False
        self._set_dirty(False)

    def values(self) -> dict[str, Any]:
        """What the form says now, as stored values; raises DurationError."""
        typed = self.minutes.text().strip()
        return {
            "title": self.title.text().strip(),
            "phase": self.phase.currentData(),
            "estimated_minutes": parse_minutes(typed) if typed else None,
            "team_id": self.team.record_id,
            "role": self.role.text().strip() or None,
            "contact_id": self.person.record_id,
            "instructions": self.instructions.toPlainText().strip() or None,
            "verification": self.verification.toPlainText().strip() or None,
            "depends_on_ids": [
                str(self.depends.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.depends.count())
                if self.depends.item(row).checkState() == Qt.CheckState.Checked
            ],
        }

    def request_save(self) -> None:
        if not self.step:
            return
        try:
            values = self.values()
        except DurationError as problem:
            self.problem.emit(f"{_STEPS.field('estimated_minutes').label}: {problem}")
            self.minutes.setFocus()
            return
        changed = {
            name: value
            for name, value in values.items()
            if not _same(name, value, self.step.get(name))
        }
        self._set_dirty(False)
        if changed:
            self.save_requested.emit(changed)


def _same(name: str, typed: object, stored: object) -> bool:
    if name == "depends_on_ids":
        return _ids(typed) == _ids(stored)
    return (typed if typed != "" else None) == (stored if stored != "" else None)


def _ids(value: object) -> list[str]:
    return sorted(str(v) for v in value) if isinstance(value, list) else []
