"""The call tree drawn as a tree: who calls whom. Dragging an entry onto another makes
the other its caller; dropping it between two entries puts it there among them.

The view never moves items itself: it says what was asked (`moved`) and the editor
saves it and draws the tree again from the vault.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QTreeWidgetItem

from itscm_desktop.gui.editors.drag_to_move import ITEM_ID, DragToMoveTree, children_of, item_id

#: The dragged entry travels as its id in this format.
NODE_FORMAT = "application/x-itscm-call-tree-entry"
NODE_ID = ITEM_ID


class CallTreeView(DragToMoveTree):
    """`moved(entry id, new caller id or "", index among the caller's entries)`."""

    drag_format = NODE_FORMAT

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
            pending[0:0] = children_of(item)
        return found

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
            for s in (children_of(caller) if caller else self._top_level())
            if item_id(s) != node_id
        ]
        index = siblings.index(item_id(target)) + (1 if where == "below" else 0)
        return item_id(caller), index

    def _top_level(self) -> list[QTreeWidgetItem]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _count_without(self, caller: QTreeWidgetItem | None, node_id: str) -> int:
        items = children_of(caller) if caller is not None else self._top_level()
        return len([i for i in items if item_id(i) != node_id])
