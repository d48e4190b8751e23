"""The call tree drawn as a tree: who calls whom. Dragging an entry onto another makes
the other its caller; dropping it between two entries puts it there among them.

The view never moves items itself: it says what was asked (`moved`) and the editor
saves it and draws the tree again from the vault.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

#: The dragged entry travels as its id in this format.
NODE_FORMAT = "application/x-itscm-call-tree-entry"
NODE_ID = Qt.ItemDataRole.UserRole


def item_id(item: QTreeWidgetItem | None) -> str | None:
    if item is None:
        return None
    value = item.data(0, NODE_ID)
    return str(value) if value else None


class CallTreeView(QTreeWidget):
    """`moved(entry id, new caller id or "", index among the caller's entries)`."""

    moved = Signal(str, str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDropIndicatorShown(True)

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        data = super().mimeData(items)
        if items and item_id(items[0]):
            data.setData(NODE_FORMAT, str(item_id(items[0])).encode())
        return data

    def node_item(self, node_id: str) -> QTreeWidgetItem | None:
        """The entry of this node, if it is drawn. (Not named `find`: that is QWidget's
        lookup of a widget by window id, which this would hide.)"""
        for item in self._all_items():
            if item_id(item) == node_id:
                return item
        return None

    def _all_items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        pending = self._top_level()
        while pending:
            item = pending.pop(0)
            found.append(item)
            pending[0:0] = _children(item)
        return found

    def dropEvent(self, event: QDropEvent) -> None:
        """Turn a drop into a request to move; Qt's own moving of items is never used."""
        data = event.mimeData()
        if not data.hasFormat(NODE_FORMAT):
            event.ignore()
            return
        node_id = bytes(data.data(NODE_FORMAT).data()).decode()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        place = self.drop_place(node_id, event.position().toPoint())
        if place is not None:
            self.moved.emit(node_id, place[0] or "", place[1])

    def drop_place(self, node_id: str, pos: QPoint) -> tuple[str | None, int] | None:
        """(new caller, index among its entries once the entry left its old place) for a
        drop at `pos` in the viewport; None when the drop would change nothing sensible."""
        target = self.itemAt(pos)
        dragged = self.node_item(node_id)
        if dragged is None or target is dragged:
            return None
        if target is None:
            return None, self._count_without(None, node_id)
        rect = self.visualItemRect(target)
        margin = max(2, rect.height() // 4)
        if pos.y() < rect.top() + margin:
            where = "above"
        elif pos.y() > rect.bottom() - margin and not target.childCount():
            where = "below"
        else:
            where = "on"
        if where == "on":
            return item_id(target), self._count_without(target, node_id)
        caller = target.parent()
        siblings = [
            item_id(s)
            for s in (_children(caller) if caller else self._top_level())
            if item_id(s) != node_id
        ]
        index = siblings.index(item_id(target)) + (1 if where == "below" else 0)
        return item_id(caller), index

    def _top_level(self) -> list[QTreeWidgetItem]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _count_without(self, caller: QTreeWidgetItem | None, node_id: str) -> int:
        items = _children(caller) if caller is not None else self._top_level()
        return len([i for i in items if item_id(i) != node_id])


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]
