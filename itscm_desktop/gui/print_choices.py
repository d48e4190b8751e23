"""The left side of the Print Center: which document, narrowed to what, on which paper.

The documents are the reports catalogue's, in its order, so a document added there appears
here. The team picker shows only for a document that can be narrowed to a team, the
recovery-plan picker (all plans, or the ones ticked) only for one narrowed to plans.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.printing import PAPER_LABELS, remember_paper, saved_paper
from itscm_desktop.gui.widgets import text_style
from itscm_desktop.reports.catalogue import DOCUMENTS, Document, Options
from itscm_desktop.vault.vault import Vault

_KEY = Qt.ItemDataRole.UserRole
_DESCRIPTION = Qt.ItemDataRole.UserRole + 1
_TEXT_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


class DocumentDelegate(QStyledItemDelegate):
    """A document in the list: its title in bold, what it holds beneath, wrapped."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        title, item.text = item.text, ""
        style = item.widget.style() if item.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        pad = option.fontMetrics.height() // 2
        rect = item.rect.adjusted(pad, pad // 2, -pad, -pad)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole
        painter.save()
        painter.setFont(_bold(item.font))
        painter.setPen(item.palette.color(role.HighlightedText if selected else role.Text))
        drawn = painter.drawText(rect, int(_TEXT_FLAGS), title)
        painter.setFont(item.font)
        if not selected:
            painter.setPen(item.palette.color(role.PlaceholderText))
        description = str(index.data(_DESCRIPTION) or "")
        painter.drawText(rect.adjusted(0, drawn.height(), 0, 0), int(_TEXT_FLAGS), description)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | Any) -> QSize:
        pad = option.fontMetrics.height() // 2
        width = max(self._view.viewport().width() - 2 * pad, 10 * pad)
        box = QRect(0, 0, width, 100_000)
        flags = int(Qt.TextFlag.TextWordWrap)
        title = QFontMetrics(_bold(option.font)).boundingRect(box, flags, str(index.data()))
        text = str(index.data(_DESCRIPTION) or "")
        described = option.fontMetrics.boundingRect(box, flags, text)
        return QSize(width, title.height() + described.height() + pad + pad // 2)


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


class PrintChoices(QWidget):
    """The document list and its options. `changed` fires on any change a person makes;
    `activated` on Enter or a double click on a document."""

    changed = Signal()
    activated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.documents = QListWidget()
        self.documents.setObjectName("print_documents")
        self.documents.setAccessibleName("Documents")
        self.documents.setWordWrap(True)
        self.documents.setResizeMode(QListView.ResizeMode.Adjust)
        self.documents.setItemDelegate(DocumentDelegate(self.documents))
        for document in DOCUMENTS.values():
            item = QListWidgetItem(document.title)
            item.setData(_KEY, document.key)
            item.setData(_DESCRIPTION, document.description)
            item.setToolTip(document.description)
            self.documents.addItem(item)
        self.documents.currentRowChanged.connect(self._document_changed)
        self.documents.activated.connect(lambda _: self.activated.emit())

        self.team = QComboBox()
        self.team.setObjectName("print_team")
        self.team.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.all_plans = QCheckBox("All plans")
        self.all_plans.setObjectName("print_all_plans")
        self.all_plans.setChecked(True)
        self.all_plans.toggled.connect(self._all_plans_toggled)
        self.plans = QListWidget()
        self.plans.setObjectName("print_plans")
        self.plans.setAccessibleName("Recovery plans to print")
        self.plans.setEnabled(False)
        self.plans.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.plans.itemChanged.connect(lambda _: self.changed.emit())
        self.plans.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.plans.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.plans_box = QWidget()  # the whole width: plan names are long
        plans_label = QLabel("Recovery &plans:")
        plans_label.setBuddy(self.all_plans)
        plans_layout = QVBoxLayout(self.plans_box)
        plans_layout.setContentsMargins(0, 0, 0, 0)
        plans_layout.addWidget(plans_label)
        plans_layout.addWidget(self.all_plans)
        plans_layout.addWidget(self.plans)
        self.paper = QComboBox()
        self.paper.setObjectName("print_paper")
        for key, label in PAPER_LABELS.items():
            self.paper.addItem(label, key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(saved_paper())))
        self.paper.currentIndexChanged.connect(self._paper_changed)

        self.form = QFormLayout()
        self.form.addRow("&Team:", self.team)
        self.form.addRow("Pape&r:", self.paper)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Document"))
        layout.addWidget(self.documents, 2)
        layout.addWidget(self.plans_box, 1)
        layout.addLayout(self.form)
        self.documents.setCurrentRow(0)

    # -- what is chosen ---------------------------------------------------------------------

    def selected_key(self) -> str | None:
        item = self.documents.currentItem()
        return str(item.data(_KEY)) if item is not None else None

    def select(self, key: str) -> None:
        for row in range(self.documents.count()):
            if self.documents.item(row).data(_KEY) == key:
                self.documents.setCurrentRow(row)

    def document(self) -> Document | None:
        return DOCUMENTS.get(self.selected_key() or "")

    def paper_key(self) -> str:
        return str(self.paper.currentData() or "a4")

    def options(self) -> Options:
        """The options shown, narrowed only where the chosen document can be; `plan_ids`
        is () when the person unticked "All plans" and ticked none."""
        document = self.document()
        team = self.team.currentData() if document and document.by_team else None
        plans = None
        if document and document.by_plan and not self.all_plans.isChecked():
            plans = tuple(self.ticked_plans())
        return Options(team_id=team or None, plan_ids=plans, paper=self.paper_key())

    def plan_items(self) -> list[QListWidgetItem]:
        return [self.plans.item(row) for row in range(self.plans.count())]

    def ticked_plans(self) -> list[str]:
        return [str(item.data(_KEY)) for item in self.plan_items()
                if item.checkState() == Qt.CheckState.Checked]  # fmt: skip

    def scope(self, options: Options) -> str:
        """What the document is narrowed to, in words for its file name."""
        if options.team_id:
            return str(self.team.currentText())
        if options.plan_ids is not None:
            names = [i.text() for i in self.plan_items() if i.data(_KEY) in options.plan_ids]
            return names[0] if len(names) == 1 else f"{len(names)} plans"
        return ""

    # -- filling and clearing -----------------------------------------------------------

    def load(self, vault: Vault) -> None:
        """List the teams and recovery plans again, keeping what was chosen if it is still
        there (a team that has gone falls back to all teams)."""
        team = self.team.currentData()
        self.team.blockSignals(True)
        self.team.clear()
        self.team.addItem("All teams", None)
        for record in vault.records("teams", order_by="name"):
            self.team.addItem(vault.title("teams", record), record["id"])
        self.team.setCurrentIndex(max(0, self.team.findData(team)))
        self.team.blockSignals(False)
        ticked = set(self.ticked_plans())
        self.plans.blockSignals(True)
        self.plans.clear()
        for record in vault.records("recovery_plans", order_by="name"):
            item = QListWidgetItem(vault.title("recovery_plans", record))
            item.setToolTip(item.text())
            item.setData(_KEY, record["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if record["id"] in ticked else Qt.CheckState.Unchecked
            item.setCheckState(state)
            self.plans.addItem(item)
        self.plans.blockSignals(False)

    def clear(self) -> None:
        """Forget the names of teams and plans (the vault is locked)."""
        for widget in (self.team, self.plans):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)

    # -- reacting ---------------------------------------------------------------------------

    def _document_changed(self, *_: object) -> None:
        document = self.document()
        self.form.setRowVisible(0, bool(document and document.by_team))
        self.plans_box.setVisible(bool(document and document.by_plan))
        self.changed.emit()

    def _all_plans_toggled(self, checked: bool) -> None:
        self.plans.setEnabled(not checked)
        self.changed.emit()

    def _paper_changed(self, *_: object) -> None:
        remember_paper(self.paper_key())
        self.changed.emit()


def heading(text: str) -> QLabel:
    """A small bold heading above a part of the page."""
    label = QLabel(text)
    label.setFont(text_style.scaled_font(label, 1.1, bold=True))
    return label
