"""The runbook drawn as phases with their steps. A step dragged between two others is
put there (in that phase); dropped on a phase's heading it goes to the end of it.

Like the call tree, the view never moves items itself: it says what was asked (`moved`)
and the editor saves it and draws the runbook again from the vault.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHeaderView, QTreeWidgetItem, QWidget

from itscm_desktop.gui.editors.child_editor import ERROR_HUE, tint
from itscm_desktop.gui.editors.drag_to_move import ITEM_ID, DragToMoveTree, children_of

STEP_FORMAT = "application/x-itscm-runbook-step"
#: Item data: a step's id, or a phase heading's phase key.
STEP_ID = ITEM_ID
PHASE_KEY = Qt.ItemDataRole.UserRole + 1
#: Item data: True on the line that marks where the RTO runs out.
RTO_MARKER = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("#", "Step", "Responsible", "Time", "Running total", "Depends on")
COLUMN_TIPS = (
    "Step number, in the order the steps are done",
    "What to do",
    "Responsible team / person (or role)",
    "Estimated time of the step",
    "Time since the plan was invoked, when the step is done",
    "Steps that must be finished first",
)
NUMBER, TITLE, RESPONSIBLE, MINUTES, RUNNING, DEPENDS = range(len(COLUMNS))


class RunbookView(DragToMoveTree):
    """`moved(step id, phase, index among that phase's other steps)`."""

    drag_format = STEP_FORMAT

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(COLUMNS)
        for column, tip in enumerate(COLUMN_TIPS):
            self.headerItem().setToolTip(column, tip)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RESPONSIBLE, QHeaderView.ResizeMode.Interactive)
        # Headings and the RTO line span the row; they must not widen the "#" column.
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(NUMBER, self.fontMetrics().horizontalAdvance("#9999"))

    def add_phase(self, phase: str, text: str) -> QTreeWidgetItem:
        """A phase's heading across the row; steps go under it, and can be dropped on it."""
        heading = QTreeWidgetItem([text])
        heading.setData(0, PHASE_KEY, phase)
        heading.setFont(0, self._bold())
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        heading.setBackground(0, tint(self.palette(), highlight, 0.14))
        heading.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        )
        self.addTopLevelItem(heading)
        heading.setFirstColumnSpanned(True)
        heading.setExpanded(True)
        return heading

    def add_rto_line(self, heading: QTreeWidgetItem, text: str) -> None:
        """A line across the runbook under the step during which the RTO runs out."""
        marker = QTreeWidgetItem([text])
        marker.setData(0, RTO_MARKER, True)
        marker.setFlags(Qt.ItemFlag.ItemIsEnabled)
        marker.setFont(0, self._bold())
        marker.setBackground(0, tint(self.palette(), ERROR_HUE, 0.4))
        heading.addChild(marker)
        marker.setFirstColumnSpanned(True)

    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def step_item(self, step_id: str) -> QTreeWidgetItem | None:
        for phase in range(self.topLevelItemCount()):
            heading = self.topLevelItem(phase)
            for item in children_of(heading) if heading is not None else []:
                if item.data(0, STEP_ID) == step_id:
                    return item
        return None

    def drop_place(self, step_id: str, pos: QPoint) -> tuple[str, int] | None:
        """(phase, index among its other steps) for a drop at `pos` in the viewport."""
        target = self.itemAt(pos)
        if target is None:
            return None
        heading = target.parent()
        if heading is None:  # a phase heading: to the end of that phase
            others = [c for c in children_of(target) if c.data(0, STEP_ID) not in (step_id, None)]
            return str(target.data(0, PHASE_KEY)), len(others)
        if target.data(0, RTO_MARKER):  # the line under a step: just after that step
            row = heading.indexOfChild(target)
            if row == 0:
                return str(heading.data(0, PHASE_KEY)), 0
            above = heading.child(row - 1)
            if above is None or above.data(0, STEP_ID) == step_id:
                return None
            target, after = above, True
        elif target.data(0, STEP_ID) == step_id:
            return None
        else:
            after = pos.y() > self.visualItemRect(target).center().y()
        others = [
            c.data(0, STEP_ID)
            for c in children_of(heading)
            if c.data(0, STEP_ID) not in (step_id, None)
        ]
        index = others.index(target.data(0, STEP_ID)) + (1 if after else 0)
        return str(heading.data(0, PHASE_KEY)), index
