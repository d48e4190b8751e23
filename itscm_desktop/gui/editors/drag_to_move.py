"""A tree whose drags only ask for a move: the dragged item's id travels in the drag, and a
drop emits `moved` instead of letting Qt move the item.

The editor that owns the view saves the move and draws the tree again from the vault, so
what is shown is always what is stored. A subclass says where a drop lands (`drop_place`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

#: Item data in column 0: the id of the record an item shows.
ITEM_ID = Qt.ItemDataRole.UserRole


def item_id(item: QTreeWidgetItem | None) -> str | None:
    """The id of the record `item` shows; None for no item or one that shows no record."""
    if item is None:
        return None
    value = item.data(0, ITEM_ID)
    return str(value) if value else None


def children_of(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]


class DragToMoveTree(QTreeWidget):
    """`moved(dragged id, where to, index there)`; what "where to" is, and how the index
    is counted, is the subclass's to say."""

    moved = Signal(str, str, int)
    #: The MIME type the dragged item's id travels in.
    drag_format: ClassVar[str]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDropIndicatorShown(True)

    def selected_id(self) -> str | None:
        """The id of the record of the selected item, if one is selected."""
        items = self.selectedItems()
        return item_id(items[0]) if items else None

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        data = super().mimeData(items)
        dragged = item_id(items[0]) if items else None
        if dragged:
            data.setData(self.drag_format, dragged.encode())
        return data

    def dropEvent(self, event: QDropEvent) -> None:
        """Turn a drop into a request to move; Qt's own moving of items is never used."""
        data = event.mimeData()
        if not data.hasFormat(self.drag_format):
            event.ignore()
            return
        dragged = bytes(data.data(self.drag_format).data()).decode()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        place = self.drop_place(dragged, event.position().toPoint())
        if place is not None:
            self.moved.emit(dragged, place[0] or "", place[1])

    def drop_place(self, dragged: str, pos: QPoint) -> tuple[str | None, int] | None:
        """(where to, index there) for a drop of `dragged` at `pos` in the viewport; None
        when the drop asks for nothing."""
        raise NotImplementedError
