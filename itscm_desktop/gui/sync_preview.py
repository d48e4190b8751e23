"""What a bundle would bring, shown before anything is taken in: from which laptop, when,
how many new changes and conflicts, the records added, changed and deleted per part of the
plan, and the conflicts that will appear, named as the Conflicts view names them.

The numbers are the core's exact dry run of the same opened bundle that "Import" then
takes in, so the preview cannot promise something the import does not do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.merge import Conflict
from itscm_desktop.gui.widgets.text_style import scaled_font
from itscm_desktop.sync.bundle import Bundle
from itscm_desktop.sync.exchange import ImportReport
from itscm_desktop.vault.merging import record_title
from itscm_desktop.vault.sqlite import Connection

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
#: The parts of the plan listed without scrolling in a preview.
FIT_ROWS = 12


def local_time(text: str) -> str:
    """A UTC time as the core stores it ("…Z"), in local time: "25 Nov 2026 17:46"."""
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return text
    moment = QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute))
    return str(QLocale().toString(moment, "d MMM yyyy HH:mm"))


def data_size(size: int) -> str:
    """Bytes as people read them on a stick: "84 KB", "3.2 MB"."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


def count_text(count: int, one: str, many: str) -> str:
    return f"1 {one}" if count == 1 else f"{count:,} {many}"


def conflict_heading(conn: Connection, conflict: Conflict) -> str:
    """A conflict named as everywhere else: "Contact “Ana Silva”: Mobile"."""
    entity = REGISTRY[conflict.table]
    title = record_title(conn, conflict.table, conflict.row_id)
    if conflict.is_deletion:
        return f"{entity.label} “{title}” was deleted on one laptop and changed on another"
    return f"{entity.label} “{title}”: {entity.field(conflict.field).label}"


@dataclass(frozen=True)
class Preview:
    """An opened bundle and what taking it in would do: kept until Import or Cancel."""

    path: Path
    data: bytes
    bundle: Bundle
    report: ImportReport
    headings: tuple[str, ...]
    passphrase: str | None

    @property
    def source(self) -> str:
        manifest = self.report.manifest
        return (
            f"{self.path.name} ({data_size(len(self.data))}) from “{manifest.device_name}”, "
            f"exported {local_time(manifest.created)}."
        )


def read_only(table: QTableWidget) -> None:
    """A table to read and move through by keyboard, whole rows at a time."""
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)


class BundlePreview(QFrame):
    """The preview with its two buttons; the page connects them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_preview")
        self.source = QLabel()
        self.source.setObjectName("sync_preview_source")
        self.source.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("sync_preview_summary")
        self.summary.setFont(scaled_font(self.summary, 1.25, bold=True))
        self.changes = QTableWidget(0, 4)
        self.changes.setObjectName("sync_preview_changes")
        self.changes.setAccessibleName("What the bundle adds, changes and deletes")
        self.changes.setHorizontalHeaderLabels(["Records", "Added", "Changed", "Deleted"])
        read_only(self.changes)
        header = self.changes.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for index in (1, 2, 3):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        self.conflicts_label = QLabel()
        self.conflicts_label.setObjectName("sync_preview_conflicts_label")
        self.conflicts_label.setWordWrap(True)
        self.conflicts = QListWidget()
        self.conflicts.setObjectName("sync_preview_conflicts")
        self.conflicts.setAccessibleName("Conflicts the import will make")
        self.conflicts.setWordWrap(True)
        self.conflicts.setSpacing(max(2, self.fontMetrics().height() // 5))
        self.apply_button = QPushButton("Im&port these changes")
        self.apply_button.setObjectName("sync_apply")
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setObjectName("sync_cancel")
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.source)
        column.addWidget(self.summary)
        column.addWidget(self.changes)
        column.addWidget(self.conflicts_label)
        column.addWidget(self.conflicts, 1)
        column.addLayout(buttons)

    def show_preview(self, preview: Preview) -> None:
        report = preview.report
        self.source.setText(preview.source)
        self.summary.setText(report.summary)
        counts = report.counts_by_table()
        self.changes.setRowCount(len(counts))
        for row, (table, numbers) in enumerate(counts.items()):
            self.changes.setItem(row, 0, QTableWidgetItem(REGISTRY[table].plural))
            for index, number in enumerate(numbers, start=1):
                item = QTableWidgetItem(f"{number:,}" if number else "")
                item.setTextAlignment(RIGHT)
                self.changes.setItem(row, index, item)
        self.changes.setVisible(bool(counts))
        self._fit_rows(self.changes)
        self.conflicts.clear()
        self.conflicts.addItems(list(preview.headings))
        more = len(report.new_conflicts) - len(preview.headings)
        if more > 0:
            self.conflicts.addItem(f"and {more:,} more")
        self.conflicts.setVisible(bool(preview.headings))
        self.conflicts_label.setText(
            "These were changed here too: every value is kept, and you choose in Conflicts "
            "after the import."
            if preview.headings
            else "No conflicts: nothing in this bundle competes with an edit made here."
        )
        self.show()
        self.apply_button.setFocus()

    @staticmethod
    def _fit_rows(table: QTableWidget) -> None:
        """As tall as its rows (up to a dozen), so the conflicts get the room below."""
        rows = min(table.rowCount(), FIT_ROWS)
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(row) for row in range(rows))
        table.setFixedHeight(height)

    def clear(self) -> None:
        self.hide()
        self.changes.setRowCount(0)
        self.conflicts.clear()
