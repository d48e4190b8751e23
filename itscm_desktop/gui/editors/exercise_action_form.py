"""The side form of an exercise's findings: one finding, its action, owner, due date and
status.

It holds the person's typing until Save (or Enter in the due date); `save_requested`
carries only the fields that differ from what is stored, every field for a new finding.
Labels come from the registry; the vault checks the values (a date it cannot read is
refused in words, and what was typed stays).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from itscm_desktop.domain.entities import ACTION_STATUSES, REGISTRY
from itscm_desktop.gui.editors.record_picker import ChosenRecord
from itscm_desktop.gui.editors.side_form import TypingState
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.field_widgets import DateEditor

_ACTIONS = REGISTRY["exercise_actions"]


def _label(name: str, mnemonic: int) -> str:
    """The registry's label with Alt+letter at `mnemonic` (the letter's position)."""
    label = _ACTIONS.field(name).label
    return f"{label[:mnemonic]}&{label[mnemonic:]}:"


class ActionForm(TypingState, QWidget):
    """Edit one finding; `save_requested(values)` asks the editor to store the changes."""

    save_requested = Signal(dict)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: dict[str, Any] = {}
        self.is_new = False
        self._loading = False

        self.heading = QLabel()
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        self.finding = QPlainTextEdit()
        self.finding.setTabChangesFocus(True)
        self.finding.setPlaceholderText("What the exercise showed")
        self.action_text = QPlainTextEdit()
        self.action_text.setTabChangesFocus(True)
        self.action_text.setPlaceholderText("What will be done about it")
        for box in (self.finding, self.action_text):  # a few lines; longer text scrolls
            box.setMinimumHeight(box.fontMetrics().lineSpacing() * 3 + 12)
            box.setMaximumHeight(box.fontMetrics().lineSpacing() * 5 + 12)
        self.owner = ChosenRecord(session, "contacts", "Type a name to choose the owner…")
        self.due = DateEditor(_ACTIONS.field("due_on"))
        self.status = QComboBox()
        for value, label in ACTION_STATUSES:
            self.status.addItem(label, value)
        self.status.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.save_button = QPushButton("&Save finding")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.request_save)
        self.save_button.setToolTip("Save what the form says (Ctrl+Enter)")
        save_key = QAction(self)
        save_key.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save_key.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.triggered.connect(self.request_save)
        self.addAction(save_key)
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.clicked.connect(lambda: self.load(self.record, new=self.is_new))

        for box in (self.finding, self.action_text):
            box.textChanged.connect(self._edited)
        self.owner.changed.connect(self._edited)
        self.due.edited.connect(self._edited)
        self.due.submitted.connect(self.request_save)
        self.status.currentIndexChanged.connect(self._edited)

        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.heading)
        form.addRow(_label("finding", 0), self.finding)
        form.addRow(_label("action", 1), self.action_text)
        form.addRow(_label("owner_id", 7), self.owner)
        form.addRow(_label("due_on", 1), self.due)
        form.addRow(_label("status", 1), self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        for first, second in (
            (self.finding, self.action_text),
            (self.action_text, self.owner),
            (self.owner, self.due),
            (self.due, self.status),
            (self.status, self.revert_button),
            (self.revert_button, self.save_button),
        ):
            QWidget.setTabOrder(first, second)
        self.load({})

    def load(self, record: Mapping[str, Any], *, new: bool = False) -> None:
        """Show a stored finding, a new one (`new`, values are defaults), or none."""
        self._loading = True
        self.record = dict(record)
        self.is_new = new
        if new:
            self.heading.setText("New finding — Save adds it")
        else:
            self.heading.setText("Select a finding, or add one")
        self.heading.setVisible(new or not record)  # a stored finding speaks for itself
        self.finding.setPlainText(str(record.get("finding") or ""))
        self.action_text.setPlainText(str(record.get("action") or ""))
        self.owner.set_record(record.get("owner_id"))
        self.due.set_value(record.get("due_on"))
        status = record.get("status") or "open"
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        self.setEnabled(bool(record) or new)
        self.save_button.setText("&Save new finding" if new else "&Save finding")
        self._loading = False
        self._set_dirty(False)

    def values(self) -> dict[str, Any]:
        """What the form says now, as the vault takes it (the date as typed)."""
        return {
            "finding": self.finding.toPlainText().strip(),
            "action": self.action_text.toPlainText().strip() or None,
            "owner_id": self.owner.record_id,
            "due_on": str(self.due.value()).strip() or None,
            "status": self.status.currentData(),
        }

    def changes(self) -> dict[str, Any]:
        """What differs from what is stored: everything typed for a new finding."""
        values = self.values()
        if self.is_new:
            return values
        return {k: v for k, v in values.items() if (v or None) != (self.record.get(k) or None)}

    def request_save(self) -> None:
        if not (self.record or self.is_new):
            return
        changed = self.changes()
        self._set_dirty(False)
        if changed:
            self.save_requested.emit(changed)

    @property
    def savable_when_clean(self) -> bool:
        """A new finding can be saved as it stands."""
        return self.is_new
