"""The change log: who changed what in the plan, when, and on which computer.

The log can hold tens of thousands of entries (every record of a large plan was created
once), so the model reads it in batches as the person scrolls, and a filter looks only
through what has been read, reading further as it goes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.base import Page
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.text_style import muted, scaled_font
from itscm_desktop.vault import audit_text
from itscm_desktop.vault.audit_text import TitleOf, title_finder

#: Entries read from the vault at a time.
BATCH = 300
#: With a filter, at most this many batches are read per request for more, so a filter
#: that matches little never reads the whole log at once.
FILTER_BATCHES = 10
COLUMNS = ("When", "Who", "Computer", "What", "Kind", "Record", "What changed")
WHEN, WHO, COMPUTER, ACTION, KIND, RECORD, CHANGES = range(len(COLUMNS))

_ROOT = QModelIndex()


def local_time(stamp: str) -> str:
    """A stored UTC timestamp in this computer's time zone: "25 Nov 2026 14:18"."""
    moment = QDateTime.fromString(stamp, Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        return stamp
    return str(QLocale().toString(moment.toLocalTime(), "d MMM yyyy HH:mm"))


def describe_changes(table: str, action: str, changes: str, title_of: TitleOf) -> str:
    """What a change did, in words, as the page shows it (see `audit_text`): moments in
    this computer's time zone."""
    return audit_text.describe_changes(table, action, changes, title_of, moment=local_time)


class AuditModel(QAbstractTableModel):
    """The change log, newest first, read in batches; optionally filtered by text."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[dict[str, Any]] = []
        self._read = 0  # entries read from the log, matching or not
        self._exhausted = False
        self._filter = ""
        self._exists: dict[str, bool] = {}

    # -- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        self._rows, self._read, self._exhausted, self._exists = [], 0, False, {}
        self.endResetModel()
        if self.session.is_unlocked:
            self.fetchMore(QModelIndex())

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._read, self._exhausted, self._exists = [], 0, True, {}
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self._filter = text.strip().casefold()
        self.reload()

    @property
    def filter_text(self) -> str:
        return self._filter

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:
        return not parent.isValid() and not self._exhausted and self.session.is_unlocked

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        vault = self.session.vault
        title_of = title_finder(vault)
        found: list[dict[str, Any]] = []
        for _ in range(FILTER_BATCHES if self._filter else 1):
            # The vault's log has no offset: read one batch more than before, keep the tail.
            entries = vault.audit_trail(limit=self._read + BATCH)[self._read :]
            self._read += len(entries)
            if len(entries) < BATCH:
                self._exhausted = True
            for entry in entries:
                row = self._row(entry, title_of)
                if self._matches(row):
                    found.append(row)
            if self._exhausted or len(found) >= BATCH // 3:
                break
        if found:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(found) - 1)
            self._rows.extend(found)
            self.endInsertRows()

    def _row(self, entry: dict[str, Any], title_of: TitleOf) -> dict[str, Any]:
        table = str(entry["table"])
        action = str(entry["action"])
        kind = REGISTRY[table].label if table in REGISTRY else table
        cells = [
            local_time(str(entry["at"])),
            str(entry["author"] or ""),
            str(entry["device_name"] or ""),
            audit_text.ACTIONS.get(action, action),
            kind,
            str(entry["title"] or ""),
            describe_changes(table, action, str(entry["changes"] or ""), title_of),
        ]
        return {"table": table, "id": entry["id"], "action": action, "cells": cells}

    def _matches(self, row: dict[str, Any]) -> bool:
        return not self._filter or any(self._filter in c.casefold() for c in row["cells"])

    # -- the model ----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row["cells"][column]
        if role == Qt.ItemDataRole.ToolTipRole and column == CHANGES:
            return row["cells"][CHANGES].replace("; ", "\n")
        if role == Qt.ItemDataRole.ToolTipRole and column == RECORD and self.can_open(index):
            return f"Open {row['cells'][RECORD]}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == RECORD:
                link = self.can_open(index)
                colour = QPalette.ColorRole.Link if link else QPalette.ColorRole.PlaceholderText
                return QApplication.palette().color(colour)
            if column == CHANGES and row["action"] != "update":
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def record_at(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, str]:
        row = self._rows[index.row()]
        return row["table"], row["id"]

    def can_open(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        """True if the entry's record still exists (deleted ones have nothing to show)."""
        row = self._rows[index.row()]
        if row["action"] == "delete" or not self.session.is_unlocked:
            return False
        if row["id"] not in self._exists:
            found = row["table"] in REGISTRY and self.session.vault.find(row["table"], row["id"])
            self._exists[row["id"]] = bool(found)
        return self._exists[row["id"]]

    @property
    def complete(self) -> bool:
        """True once the whole log has been read."""
        return self._exhausted


class AuditPage(Page):
    """The change log page: newest first, filter by text, open a changed record."""

    def __init__(
        self, *, session: Session, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, navigator, parent)
        self.model = AuditModel(session, self)

        title = QLabel("Change log")
        title.setFont(scaled_font(title, 1.4, bold=True))
        self.filter = QLineEdit()
        self.filter.setObjectName("audit_filter")
        self.filter.setPlaceholderText("Filter by person, computer, record or change")
        self.filter.setClearButtonEnabled(True)

        self.table = QTableView()
        self.table.setObjectName("audit_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 1.6))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        widths = {WHEN: "25 Nov 2026 14:18 ", WHO: "m.holroyd-smith", COMPUTER: "demo generator ",
                  ACTION: "Deleted ", KIND: "Finding and action", RECORD: "x" * 34}  # fmt: skip
        for column, sample in widths.items():
            header.resizeSection(column, self.fontMetrics().horizontalAdvance(sample) + 24)
        self.table.activated.connect(self._open)
        self.table.clicked.connect(self._clicked)

        self.status = QLabel()
        self.status.setObjectName("audit_status")
        muted(self.status)

        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height()
        layout.setContentsMargins(margin, margin, margin, margin // 2)
        layout.addWidget(title)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._apply_filter)
        self.filter.textEdited.connect(lambda _text: self._timer.start())
        self.filter.returnPressed.connect(self._apply_filter)
        self.model.rowsInserted.connect(self._update_status)
        self.model.modelReset.connect(self._update_status)

    # -- Page hooks ---------------------------------------------------------------------

    def reload(self) -> None:
        self.model.set_filter(self.filter.text())

    def on_locked(self) -> None:
        self._timer.stop()
        self.filter.clear()
        self.model.clear()
        self.status.clear()
        self._stale = True

    # -- behaviour ----------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self._timer.stop()
        if self.session.is_unlocked:
            self.model.set_filter(self.filter.text())

    def _update_status(self) -> None:
        if not self.session.is_unlocked:
            return
        count = self.model.rowCount()
        noun = "change" if count == 1 else "changes"
        if self.model.filter_text:
            text = f"{count:,} {noun} match “{self.filter.text().strip()}”"
        else:
            text = f"{count:,} {noun}, newest first"
        if not self.model.complete:
            text += " · scroll down for older ones"
        self.status.setText(text)

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == RECORD:
            self._open(index)

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        if not self.model.can_open(index):
            self.status.setText("That record has been deleted; there is nothing to open.")
            return
        self.navigator.open_record(*self.model.record_at(index))
