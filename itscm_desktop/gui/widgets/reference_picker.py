"""Choosing records to point at (a contact's site, a service's owner) by typing a name.

The picker never lists a whole table: what is typed goes to the vault's search, and the
best 20 matches drop down, so 5,000 contacts are as quick as 9 sites. With nothing typed,
the Down key shows the first few records in list order, for small tables like sites.
`RefEditor` and `RefsEditor` are the form's editors for one and for several references.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Field
from itscm_desktop.gui.models.record_table_model import referenced_titles
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.field_widgets import FieldEditor, tool_button

MATCHES = 20
_ID = Qt.ItemDataRole.UserRole + 1
_TABLE = Qt.ItemDataRole.UserRole + 2
_TITLE = Qt.ItemDataRole.UserRole + 3
_TYPING_PAUSE_MS = 80


class _NameEdit(QLineEdit):
    """The text box of the picker: Down with nothing typed shows the first records."""

    browse_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer().popup() if self.completer() else None
        if event.key() == Qt.Key.Key_Down and not (popup and popup.isVisible()):
            self.browse_requested.emit()
            return
        super().keyPressEvent(event)


class ReferencePicker(QWidget):
    """Pick a record of `field.ref` by name; `value()` is its id, or None."""

    #: The chosen record changed (picked, cleared, or set by the program: see set_value).
    changed = Signal()

    def __init__(
        self,
        field: Field,
        session: Session,
        navigator: Navigator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.session = session
        self.navigator = navigator
        self._id: str | None = None
        self._table: str | None = None
        self._title = ""
        self._several = len(field.ref) > 1

        self.edit = _NameEdit()
        self.edit.setObjectName(f"{field.name}_picker")
        kinds = " or ".join(REGISTRY[t].label.lower() for t in field.ref)
        self.edit.setPlaceholderText(field.help or f"Type to find a {kinds}")
        self.matches = QStandardItemModel(self)
        self.completer = QCompleter(self.matches, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        # The overload that passes the picked row, not its text. PySide6 selects a signal's
        # overload by indexing; its stubs lack SignalInstance.__getitem__.
        self.completer.activated[QModelIndex].connect(self._picked)  # type: ignore[index]
        self.edit.setCompleter(self.completer)

        self.clear_button = QToolButton()
        self.clear_button.setText("✕")
        self.clear_button.setToolTip(f"No {REGISTRY[field.ref[0]].label.lower()}")
        self.clear_button.setAccessibleName(f"Clear {field.label}")
        self.clear_button.clicked.connect(self.clear)
        self.go_button = QToolButton()
        self.go_button.setText("Open")
        self.go_button.setToolTip("Show this record")
        self.go_button.setAccessibleName(f"Open {field.label}")
        self.go_button.clicked.connect(self.go_to)
        for button in (self.clear_button, self.go_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.go_button)
        self.setFocusProxy(self.edit)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_TYPING_PAUSE_MS)
        self._timer.timeout.connect(self._search)
        self.edit.textEdited.connect(self._typed)
        self.edit.returnPressed.connect(self._enter)
        self.edit.editingFinished.connect(self._restore_title)
        self.edit.browse_requested.connect(self._browse)
        self._update_buttons()

    # -- value -----------------------------------------------------------------------

    def value(self) -> str | None:
        return self._id

    def title(self) -> str:
        return self._title

    def set_value(self, record_id: str | None) -> None:
        """Show the record with this id (looked up by its name); does not emit `changed`."""
        self._id, self._table, self._title = record_id, None, ""
        if record_id and self.session.is_unlocked:
            vault = self.session.vault
            for table in self.field.ref:
                record = vault.find(table, record_id)
                if record is not None:
                    self._table, self._title = table, vault.title(table, record)
                    break
            else:
                self._title = "(deleted)"
        self.edit.setText(self._title)
        self.edit.setCursorPosition(0)
        self._update_buttons()

    def choose(self, table: str, record_id: str, title: str) -> None:
        """Choose a record, as picking it from the list does."""
        changed = record_id != self._id
        self._id, self._table, self._title = record_id, table, title
        self.edit.setText(title)
        self._update_buttons()
        if changed:
            self.changed.emit()

    def clear(self) -> None:
        changed = self._id is not None
        self._id, self._table, self._title = None, None, ""
        self.edit.clear()
        self._update_buttons()
        if changed:
            self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.clear_button.setVisible(not read_only)

    def go_to(self) -> None:
        if self._id and self._table:
            self.navigator.open_record(self._table, self._id)

    # -- searching -------------------------------------------------------------------

    def _popup(self) -> QAbstractItemView:
        """The completer's list. Qt makes it on first use; only the inline completion
        mode has none, and this completer pops up (set in __init__)."""
        popup = self.completer.popup()
        assert popup is not None
        return popup

    def _typed(self, _text: str) -> None:
        """Matches for what was typed before are wrong now: drop them, search shortly."""
        self.matches.clear()
        self._popup().hide()
        self._timer.start()

    def _search(self) -> None:
        text = self.edit.text().strip()
        if not text:
            if self._id is not None:
                self.clear()
            self._popup().hide()
            return
        if not self.session.is_unlocked:
            return
        hits = self.session.vault.search(text, limit=MATCHES, tables=self.field.ref)
        self._show([(h.table, h.id, h.title) for h in hits])

    def _browse(self) -> None:
        """The first records of the (first) table, for a person who does not know a name."""
        if self.edit.text().strip() and self.edit.text() != self._title:
            self._search()
            return
        if not self.session.is_unlocked:
            return
        vault = self.session.vault
        found: list[tuple[str, str, str]] = []
        for table in self.field.ref:
            for record in vault.records(table, limit=MATCHES - len(found)):
                found.append((table, str(record["id"]), vault.title(table, record)))
            if len(found) >= MATCHES:
                break
        self._show(found)

    def _show(self, found: list[tuple[str, str, str]]) -> None:
        self.matches.clear()
        for table, record_id, title in found:
            text = f"{title} — {REGISTRY[table].label}" if self._several else title
            item = QStandardItem(text)
            item.setData(record_id, _ID)
            item.setData(table, _TABLE)
            item.setData(title, _TITLE)
            item.setEditable(False)
            self.matches.appendRow(item)
        if not found:
            item = QStandardItem("Nothing found")
            item.setEnabled(False)
            self.matches.appendRow(item)
        self.completer.complete()

    def _picked(self, index: QModelIndex | QPersistentModelIndex) -> None:
        record_id = index.data(_ID)
        if record_id:
            title = str(index.data(_TITLE))
            self.choose(str(index.data(_TABLE)), str(record_id), title)
        else:
            self.edit.setText(self._title)

    def _enter(self) -> None:
        """Enter picks the best match of what was typed, without opening the list first."""
        popup = self._popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            popup.hide()
            self._picked(popup.currentIndex())  # the highlighted match
            return
        text = self.edit.text().strip()
        if not text or text == self._title or not self.session.is_unlocked:
            return
        self._timer.stop()
        popup.hide()
        hits = self.session.vault.search(text, limit=1, tables=self.field.ref)
        if hits:
            self.choose(hits[0].table, hits[0].id, hits[0].title)

    def _restore_title(self) -> None:
        """Leaving the box with a half-typed name keeps the record that was chosen."""
        if self._popup().isVisible():
            return
        if not self.edit.text().strip() and self._id is not None:
            self.clear()
        elif self.edit.text() != self._title:
            self.edit.setText(self._title)

    def _update_buttons(self) -> None:
        self.go_button.setEnabled(bool(self._id and self._table))
        self.clear_button.setEnabled(self._id is not None)


class RefEditor(FieldEditor):
    def __init__(
        self, field: Field, session: Session, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, parent)
        self.picker = ReferencePicker(field, session, navigator)
        self.picker.edit.setObjectName(field.name)
        self.picker.changed.connect(self.edited)
        self.row.addWidget(self.picker, 1)
        self.setFocusProxy(self.picker)

    def value(self) -> Any:
        return self.picker.value() or ""

    def set_value(self, stored: Any) -> None:
        self.picker.set_value(stored if isinstance(stored, str) else None)

    def set_read_only(self, read_only: bool) -> None:
        self.picker.set_read_only(read_only)


class RefsEditor(FieldEditor):
    """Several records (services affected): a short list, Add… with a picker, Remove."""

    def __init__(
        self, field: Field, session: Session, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, parent)
        self.session = session
        self.navigator = navigator
        self.items = QListWidget()
        self.items.setObjectName(field.name)
        lines = QFontMetrics(self.items.font()).lineSpacing()
        self.items.setFixedHeight(lines * 3 + 12)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.items.setUniformItemSizes(True)
        self.items.itemActivated.connect(self._open)
        self.picker = ReferencePicker(field, session, navigator)
        self.picker.edit.setPlaceholderText(f"Add: type a {REGISTRY[field.ref[0]].label.lower()}")
        self.picker.go_button.hide()
        self.picker.clear_button.hide()
        self.picker.changed.connect(self._add_picked)
        self.remove_button = tool_button("Remove", "Remove the selected one")
        self.remove_button.clicked.connect(self.remove_selected)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.items)
        below = QHBoxLayout()
        below.addWidget(self.picker, 1)
        below.addWidget(self.remove_button)
        column.addLayout(below)
        self.row.addLayout(column, 1)
        self.setFocusProxy(self.items)

    def value(self) -> Any:
        return [self.items.item(n).data(_ID) for n in range(self.items.count())]

    def set_value(self, stored: Any) -> None:
        self.items.clear()
        ids = stored if isinstance(stored, list) else []
        if ids and self.session.is_unlocked:
            titles = referenced_titles(self.session.vault, self.field.ref, ids)
            for record_id in ids:
                self._append(str(record_id), titles.get(str(record_id), "(deleted)"))

    def set_read_only(self, read_only: bool) -> None:
        self.picker.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)

    def _append(self, record_id: str, title: str, table: str | None = None) -> None:
        item = QListWidgetItem(title)
        item.setData(_ID, record_id)
        item.setData(_TABLE, table)
        self.items.addItem(item)

    def _add_picked(self) -> None:
        record_id = self.picker.value()
        if record_id and record_id not in self.value():
            self._append(record_id, self.picker.title())
            self.edited.emit()
        self.picker.clear()

    def remove_selected(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.takeItem(row)
            self.edited.emit()

    def _open(self, item: QListWidgetItem) -> None:
        record_id = str(item.data(_ID))
        for table in self.field.ref:
            if self.session.is_unlocked and self.session.vault.find(table, record_id):
                self.navigator.open_record(table, record_id)
                return
