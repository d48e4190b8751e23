"""The form of any record, built from the entity registry: one labelled editor per field.

The form only collects what was typed. Saving hands it to the vault, which checks and
converts everything; the problems it reports are shown in red under their fields. So a
rule lives in one place (domain/validation.py), and the CLI and imports obey it too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Field, Kind
from itscm_desktop.domain.validation import ValidationError, defaults, describe
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.field_widgets import EDITORS, FieldEditor, ReadOnlyEditor
from itscm_desktop.gui.widgets.reference_picker import RefEditor, RefsEditor
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.errors import VaultError


def editor_for(field: Field, session: Session, navigator: Navigator) -> FieldEditor:
    """The widget that edits `field`."""
    if field.system:
        return ReadOnlyEditor(field)
    if field.kind is Kind.REF:
        return RefEditor(field, session, navigator)
    if field.kind is Kind.REFS:
        return RefsEditor(field, session, navigator)
    return EDITORS[field.kind](field)


def problem_colour(widget: QWidget) -> QColor:
    """A red that reads well on the window's own background, light or dark."""
    background = widget.palette().color(QPalette.ColorRole.Window)
    return QColor("#ff8a80") if background.lightness() < 128 else QColor("#b3261e")


def _problem_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, problem_colour(label))
    label.setPalette(palette)
    label.hide()
    return label


class RecordForm(QWidget):
    """Shows and edits one record of `table` (or a new one, after `set_record(None)`)."""

    #: Something was typed; `dirty` may have changed. (Not emitted when a record is shown:
    #: whoever calls `set_record` knows.)
    changed = Signal()
    #: A save went through: the record's id.
    saved = Signal(str)

    def __init__(
        self,
        table: str,
        session: Session,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table = table
        self.entity = REGISTRY[table]
        self.session = session
        self.navigator = navigator
        self._record_id: str | None = None
        self._baseline: dict[str, Any] = {}
        self._dirty = False

        self.top_problems = _problem_label("form_problems")
        self.editors: dict[str, FieldEditor] = {}
        self.problems: dict[str, QLabel] = {}
        self._rows: dict[str, QWidget] = {}

        body = QWidget()
        body.setObjectName("record_form_body")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for field in self.entity.fields:
            editor = editor_for(field, session, navigator)
            editor.edited.connect(self._edited)
            editor.edited.connect(self.changed)  # after _edited, so `dirty` is up to date
            problem = _problem_label(f"{field.name}_problem")
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(problem)
            label = QLabel(field.label + (" *" if field.required else ""))
            label.setObjectName(f"{field.name}_label")
            label.setBuddy(editor)
            tip = field.help or ""
            if field.required:
                tip = (tip + "\n" if tip else "") + "Required."
            label.setToolTip(tip)
            editor.setToolTip(field.help)
            form.addRow(label, cell)
            self.editors[field.name] = editor
            self.problems[field.name] = problem
            self._rows[field.name] = cell

        outer = QVBoxLayout(body)
        outer.addWidget(self.top_problems)
        outer.addLayout(form)
        if self.entity.required_fields:
            note = QLabel("* required")
            note.setEnabled(False)
            outer.addWidget(note)
        outer.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self.set_record(None)

    # -- what it shows ---------------------------------------------------------------

    @property
    def record_id(self) -> str | None:
        """The record shown, or None for a new one not saved yet."""
        return self._record_id

    @property
    def is_new(self) -> bool:
        return self._record_id is None

    @property
    def dirty(self) -> bool:
        """True when something was typed that is not saved."""
        return self._dirty

    def editor(self, name: str) -> FieldEditor:
        return self.editors[name]

    def set_record(self, record: dict[str, Any] | None) -> None:
        """Show a stored record, or a new one with the entity's defaults (None)."""
        self._record_id = str(record["id"]) if record else None
        shown: dict[str, Any] = record if record is not None else dict(defaults(self.entity))
        for name, editor in self.editors.items():
            editor.set_value(shown.get(name))
        self.clear_problems()
        self._baseline = self.values()
        self._set_dirty(False)

    def clear(self) -> None:
        """Empty every field (the vault was locked): nothing of the plan stays on screen."""
        self._record_id = None
        for editor in self.editors.values():
            editor.set_value(None)
        self.clear_problems()
        self._baseline = self.values()
        self._set_dirty(False)

    def values(self) -> dict[str, Any]:
        """What the form holds, as typed, for every field a person may change."""
        return {name: e.value() for name, e in self.editors.items() if not e.field.system}

    def changes(self) -> dict[str, Any]:
        """Only the fields changed since the record was shown, so that saving an edit
        touches nothing else (no spurious changes to merge on another laptop)."""
        baseline = self._baseline
        return {name: value for name, value in self.values().items() if value != baseline[name]}

    def revert(self) -> None:
        """Show the record as it is stored, dropping what was typed."""
        if self._record_id is None or not self.session.is_unlocked:
            self.set_record(None)
            return
        self.set_record(self.session.vault.find(self.table, self._record_id))

    # -- saving ----------------------------------------------------------------------

    def save(self) -> str | None:
        """Insert or update through the vault. Returns the record's id, or None when the
        vault refused it (the problems are then shown on the form)."""
        vault = self.session.vault
        try:
            if self._record_id is None:
                record_id = vault.insert(self.table, self.values())
            else:
                record_id = self._record_id
                changes = self.changes()
                if changes:
                    vault.update(self.table, record_id, changes)
        except ValidationError as error:
            self.show_problems(error)
            return None
        except RecordNotFound:
            self.show_message(
                f"This {self.entity.label.lower()} was deleted (perhaps by a merge from "
                "another laptop). Copy what you need, then choose another record."
            )
            return None
        except VaultError as error:
            self.show_message(str(error))
            return None
        self.set_record(vault.get(self.table, record_id))
        self.session.notify_changed(self.table)
        self.saved.emit(record_id)
        return record_id

    def show_problems(self, error: ValidationError) -> None:
        """Each problem in red under its field; the first field with a problem gets focus."""
        self.clear_problems()
        general: list[str] = []
        first: FieldEditor | None = None
        for problem in error.problems:
            name = problem.field
            if name is not None and name in self.problems and not self.editors[name].isHidden():
                label = self.problems[name]
                text = problem.message[:1].upper() + problem.message[1:]
                label.setText((label.text() + "\n" if label.text() else "") + text)
                label.show()
                first = first or self.editors[name]
            else:
                general.append(describe(self.entity, problem))
        if general:
            self.show_message("\n".join(general))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(self._rows[first.field.name])
        elif general:
            self.scroll.ensureWidgetVisible(self.top_problems)

    def show_message(self, text: str) -> None:
        """A problem about the whole record, above the fields."""
        self.top_problems.setText(text)
        self.top_problems.setVisible(bool(text))

    def problem_text(self, name: str | None = None) -> str:
        """The problem shown under a field (or above the form for None); "" if none."""
        label = self.top_problems if name is None else self.problems[name]
        return label.text() if label.isVisibleTo(self) else ""

    def clear_problems(self) -> None:
        for label in (self.top_problems, *self.problems.values()):
            label.clear()
            label.hide()

    # -- plumbing --------------------------------------------------------------------

    def _edited(self) -> None:
        self._set_dirty(self.values() != self._baseline)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
