"""What a record is connected to, in groups ("Runs on", "Used by", "Member of"), as links.

The groups come from `vault.relations`, so the CLI and the printed handbook tell the same
story. Clicking a link or pressing Enter on it shows that record. The panel reads only
when it is on screen: a hidden Relations tab costs nothing while someone pages through
a list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.relations import relations

_TABLE = Qt.ItemDataRole.UserRole + 1
_ID = Qt.ItemDataRole.UserRole + 2


class RelationsPanel(QWidget):
    """Headed groups of linked records; activating one opens it through the navigator."""

    def __init__(
        self, session: Session, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.navigator = navigator
        self._shown: tuple[str, str] | None = None
        self._loaded = True

        self.tree = QTreeWidget()
        self.tree.setObjectName("relations")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setIndentation(12)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemActivated.connect(self._open)
        self.tree.itemClicked.connect(self._open)
        self.tree.viewport().setCursor(Qt.CursorShape.PointingHandCursor)

        self.empty = QLabel()
        self.empty.setObjectName("relations_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        self.setFocusProxy(self.tree)
        self.show_record(None, None)

    def show_record(self, table: str | None, record_id: str | None) -> None:
        """Show what this record is connected to (None: nothing selected, or a new record)."""
        self._shown = (table, record_id) if table and record_id else None
        self._loaded = False
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        self.tree.clear()
        if self._shown is None or not self.session.is_unlocked:
            self._say("Save the record to see what it is connected to." if self._shown else "")
            return
        groups = relations(self.session.vault, *self._shown)
        link = self.palette().color(QPalette.ColorRole.Link)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for group in groups:
            if not group.items:
                continue
            count = group.count
            heading = QTreeWidgetItem([f"{group.title} ({count:,})", ""])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            heading.setFont(0, bold)
            self.tree.addTopLevelItem(heading)
            for related in group.items:
                item = QTreeWidgetItem([related.title, related.detail or ""])
                item.setData(0, _TABLE, related.table)
                item.setData(0, _ID, related.id)
                item.setForeground(0, link)
                item.setToolTip(0, f"Show {related.title}")
                heading.addChild(item)
            more = group.more
            if more:
                rest = QTreeWidgetItem([f"… and {more:,} more", ""])
                rest.setFlags(Qt.ItemFlag.NoItemFlags)
                heading.addChild(rest)
            heading.setExpanded(True)
        if self.tree.topLevelItemCount() == 0:
            self._say("Nothing is connected to this record yet.")
        else:
            self.empty.hide()
            self.tree.show()

    def links(self) -> list[tuple[str, str, str]]:
        """(group title, record title, detail) of every link shown, top to bottom."""
        found = []
        for n in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(n)
            if heading is None:
                continue
            title = heading.text(0).rsplit(" (", 1)[0]
            for c in range(heading.childCount()):
                child = heading.child(c)
                if child is not None and child.data(0, _ID):
                    found.append((title, child.text(0), child.text(1)))
        return found

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.reload()

    def _say(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(bool(text))
        self.tree.setVisible(not text)

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        table, record_id = item.data(0, _TABLE), item.data(0, _ID)
        if table and record_id:
            self.navigator.open_record(str(table), str(record_id))
