"""Choosing one record (a person, a team) by typing part of its name or number, and a
form field that shows the record chosen so far.

The list holds only the best search hits for what was typed, never the whole table: a
plan can have 5,000 people. Enter picks the first hit; Down moves into the list.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.session import Session

#: How many hits the list shows; a person types more rather than scrolls further.
HIT_LIMIT = 20
_ID = Qt.ItemDataRole.UserRole
_TITLE = Qt.ItemDataRole.UserRole + 1


def _detail(snippet: str, title: str) -> str:
    """The search snippet as one quiet line (job title, organisation…), without the title."""
    lines = [line.replace("[", "").replace("]", "").strip() for line in snippet.splitlines()]
    rest = [line for line in lines if line and line.rstrip("…") not in title]
    return " · ".join(rest[:2])


class RecordPicker(QWidget):
    """A search field with its hits below it; `picked(id, title)` when one is chosen."""

    picked = Signal(str, str)

    def __init__(
        self, session: Session, table: str, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.table = table
        self._excluded: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText(placeholder)
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(self._search)
        self.search_field.installEventFilter(self)
        self.hits = QListWidget()
        self.hits.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hits.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hits.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.hits.setUniformItemSizes(True)
        self.hits.itemActivated.connect(self._choose)
        self.hits.hide()
        layout.addWidget(self.search_field)
        layout.addWidget(self.hits)
        self.setFocusProxy(self.search_field)

    def exclude(self, reasons: dict[str, str]) -> None:
        """Records shown but not pickable, with why (e.g. "already in the team")."""
        self._excluded = dict(reasons)

    def reset(self) -> None:
        self.search_field.clear()

    def hit_titles(self) -> list[str]:
        return [str(self.hits.item(row).data(_TITLE)) for row in range(self.hits.count())]

    # -- behaviour -----------------------------------------------------------------------

    def _search(self, text: str) -> None:
        self.hits.clear()
        if not text.strip() or not self.session.is_unlocked:
            self.hits.hide()
            return
        found = self.session.vault.search(text, limit=HIT_LIMIT, tables=[self.table])
        self._fill((hit.id, hit.title, _detail(hit.snippet, hit.title)) for hit in found)

    def _fill(self, rows: Iterable[tuple[str, str, str]]) -> None:
        first_pickable = None
        for record_id, title, detail in rows:
            reason = self._excluded.get(record_id)
            text = f"{title} — {reason}" if reason else title + (f" · {detail}" if detail else "")
            item = QListWidgetItem(text)
            item.setData(_ID, record_id)
            item.setData(_TITLE, title)
            item.setToolTip(text)
            if reason:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            elif first_pickable is None:
                first_pickable = item
            self.hits.addItem(item)
        if self.hits.count() == 0:
            item = QListWidgetItem("Nobody found — try part of the name or a number")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.hits.addItem(item)
        if first_pickable is not None:
            self.hits.setCurrentItem(first_pickable)
        rows_shown = min(self.hits.count(), 8)
        self.hits.setFixedHeight(
            self.hits.sizeHintForRow(0) * rows_shown + 2 * self.hits.frameWidth()
        )
        self.hits.show()

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        record_id = item.data(_ID)
        if not record_id:
            return
        title = str(item.data(_TITLE))
        self.search_field.clear()
        self.search_field.setFocus()
        self.picked.emit(str(record_id), title)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the field picks the highlighted hit; Up/Down move through the hits."""
        if (
            watched is self.search_field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.hits.isVisible():
                self._choose(self.hits.currentItem())
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.hits.isVisible():
                self._step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key == Qt.Key.Key_Escape and self.search_field.text():
                self.search_field.clear()
                return True
        return bool(super().eventFilter(watched, event))

    def _step(self, step: int) -> None:
        row = self.hits.currentRow()
        for _ in range(self.hits.count()):
            row = (row + step) % self.hits.count()
            item = self.hits.item(row)
            if item.flags() & Qt.ItemFlag.ItemIsEnabled:
                self.hits.setCurrentRow(row)
                return


class ChosenRecord(QWidget):
    """A reference in a form: the record chosen now (or none), a button to clear it, and
    a picker to choose another. `changed` when the person picks or clears."""

    changed = Signal()

    def __init__(
        self, session: Session, table: str, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.table = table
        self.record_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        self.current = QLabel()
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Nobody / nothing chosen")
        self.clear_button.clicked.connect(lambda: self._set(None, "", notify=True))
        row.addWidget(self.current, 1)
        row.addWidget(self.clear_button)
        self.picker = RecordPicker(session, table, placeholder)
        self.picker.picked.connect(lambda rid, title: self._set(rid, title, notify=True))
        layout.addLayout(row)
        layout.addWidget(self.picker)
        self.setFocusProxy(self.picker)
        self._set(None, "", notify=False)

    def set_record(self, record_id: str | None) -> None:
        """Show the stored choice (looked up by id) without announcing a change."""
        title = ""
        if record_id and self.session.is_unlocked:
            record = self.session.vault.find(self.table, record_id)
            title = self.session.vault.title(self.table, record) if record else "(deleted)"
        self._set(record_id, title, notify=False)

    def _set(self, record_id: str | None, title: str, *, notify: bool) -> None:
        self.record_id = record_id
        self.current.setText(title if record_id else "— none —")
        self.current.setEnabled(record_id is not None)
        self.clear_button.setEnabled(record_id is not None)
        self.picker.reset()
        if notify:
            self.changed.emit()
