"""The bundle register as a table: every bundle written or read on this laptop, newest
first — the plan's copy-distribution record (which copies left, which came in, from where).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.sync_preview import RIGHT, local_time, read_only
from itscm_desktop.gui.widgets.text_style import muted
from itscm_desktop.vault.bundle_register import RegisterEntry

COLUMNS = ("When", "Exported/Imported", "Laptop", "By", "Where", "Changes", "New changes",
           "New conflicts")  # fmt: skip
WHERE = COLUMNS.index("Where")
EXPLANATION = (
    "Every bundle written or read on this laptop, newest first: the plan's record of which "
    "copies left this laptop, and which came in from where."
)


class BundleRegister(QWidget):
    """The explanation and the table; `show_entries` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_register_tab")
        explanation = muted(QLabel(EXPLANATION))
        explanation.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("sync_register")
        self.table.setAccessibleName("Bundle register")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        read_only(self.table)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a path keeps its file name
        header = self.table.horizontalHeader()
        for index in range(len(COLUMNS)):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHERE, QHeaderView.ResizeMode.Stretch)
        column = QVBoxLayout(self)
        column.addWidget(explanation)
        column.addWidget(self.table, 1)

    def show_entries(self, entries: Sequence[RegisterEntry]) -> None:
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = [
                local_time(entry.at),
                "Exported" if entry.direction == "export" else "Imported",
                entry.device_name,
                entry.author,
                entry.place,
                f"{entry.changes:,}",
                "" if entry.new_changes is None else f"{entry.new_changes:,}",
                "" if entry.new_conflicts is None else f"{entry.new_conflicts:,}",
            ]
            for index, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if index > WHERE:
                    item.setTextAlignment(RIGHT)
                elif index == WHERE:
                    item.setToolTip(text)
                self.table.setItem(row, index, item)

    def clear(self) -> None:
        self.table.setRowCount(0)
