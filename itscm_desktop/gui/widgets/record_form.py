"""The form of any record, built from the entity registry: one labelled editor per field.

The form only collects what was typed. Saving hands it to the vault, which checks and
converts everything; the problems it reports are shown in red under their fields. So a
rule lives in one place (domain/validation.py), and the CLI and imports obey it too.
Deleting the record shown, and the questions asked before saving or deleting, live here
too, so that every page that edits a record asks them the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Entity, Field, Kind
from itscm_desktop.domain.validation import ValidationError, defaults, describe
from itscm_desktop.gui.models.record_table_model import count_label
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.field_widgets import EDITORS, FieldEditor, ReadOnlyEditor
from itscm_desktop.gui.widgets.reference_picker import RefEditor, RefsEditor
from itscm_desktop.vault.edits import RecordNotFound, StillInUse
from itscm_desktop.vault.errors import VaultError

#: Answers to "Save your changes?"
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


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
    #: Enter was pressed in a one-line field: the page saves.
    submitted = Signal()

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
            editor.submitted.connect(self.submitted)
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

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
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

    def delete(
        self,
        confirm: Callable[[str, list[str]], bool],
        confirm_clearing: Callable[[str, list[tuple[str, str, str]]], bool],
    ) -> bool:
        """Delete the record shown and its parts, after `confirm(name, parts)`. When other
        records still use it, `confirm_clearing(name, uses)` decides whether to delete it
        anyway and clear those references. True when it was deleted."""
        record_id = self._record_id
        if record_id is None:
            return False
        vault = self.session.vault
        parts = []
        for child in REGISTRY.children_of(self.table):
            assert child.parent_field is not None
            count = vault.count(child.table, where={child.parent_field: record_id})
            if count:
                parts.append(count_label(count, child.table))
        name = self.describe()
        if not confirm(name, parts):
            return False
        touched = {self.table}
        try:
            try:
                deleted = vault.delete(self.table, record_id)
            except StillInUse as in_use:
                if not confirm_clearing(name, in_use.uses):
                    return False
                deleted = vault.delete(self.table, record_id, clear_references=True)
                touched |= {table for table, _, _ in in_use.uses}
        except (RecordNotFound, VaultError) as error:
            self.show_message(str(error))
            return False
        self.set_record(None)
        for table in sorted(touched | {table for table, _ in deleted}):
            self.session.notify_changed(table)
        return True

    def describe(self) -> str:
        """The record as a question names it: contact “Ana Souza”, or the new contact."""
        label = self.entity.label.lower()
        if self._record_id is None or not self.session.is_unlocked:
            return f"the new {label}"
        record = self.session.vault.find(self.table, self._record_id)
        return f"{label} “{self.session.vault.title(self.table, record)}”" if record else label

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
            self.scroll_area.ensureWidgetVisible(self._rows[first.field.name])
        elif general:
            self.scroll_area.ensureWidgetVisible(self.top_problems)

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


# -- questions about the record being edited ---------------------------------------------


def ask_unsaved(parent: QWidget, name: str) -> str:
    """SAVE, DISCARD or CANCEL for unsaved changes to `name` ("contact “Ana Souza”")."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save your changes to {name}?")
    box.setInformativeText("If you don't save, what you typed is lost.")
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    answer = QMessageBox.StandardButton(box.exec())
    return {buttons.Save: SAVE, buttons.Discard: DISCARD}.get(answer, CANCEL)


def ask_delete(parent: QWidget, entity: Entity, name: str, parts: list[str]) -> bool:
    """Confirm deleting `name` and the parts that go with it ("6 team members")."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(f"Delete {entity.label.lower()}")
    box.setText(f"Delete {name}?")
    also = f"Its {' and '.join(parts)} will be deleted with it. " if parts else ""
    box.setInformativeText(also + "You can't undo this.")
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is delete


def ask_clear_references(
    parent: QWidget, entity: Entity, name: str, uses: list[tuple[str, str, str]]
) -> bool:
    """`name` is still used by other records (table, id, title): delete it anyway and
    clear those uses?"""
    lines = [f"• {REGISTRY[t].label}: {title}" for t, _, title in uses[:12]]
    if len(uses) > 12:
        lines.append(f"… and {len(uses) - 12} more")
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(f"{entity.label} still in use")
    box.setText(f"{name[:1].upper()}{name[1:]} is still used by:\n" + "\n".join(lines))
    box.setInformativeText(
        "Deleting it empties those references; records that cannot exist without it "
        "(a team membership, a dependency) are deleted too."
    )
    clear = box.addButton("Delete and clear the references", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is clear
