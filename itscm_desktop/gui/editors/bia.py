"""A service's business impact analysis as a grid: how bad an outage is, per impact
category, after each time window; with the service's MTD/RTO/RPO checked against it.

A cell is rated by typing a digit 0–5 (Delete clears it) or from a list (double-click or
F2). Each rating is one save of the service's bia_impacts row for that category and
window: added, changed, or removed when neither a rating nor a cost is left.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.bia import (
    IMPACT_CATEGORIES,
    INTOLERABLE_RATING,
    RATING_LABELS,
    STANDARD_WINDOWS,
    Impact,
    objective_problems,
    suggested_mtd,
)
from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.gui.editors.child_editor import (
    ERROR_HUE,
    GOOD_HUE,
    INFO_HUE,
    WARNING_HUE,
    ChildEditor,
    Notice,
    tint,
)
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.text_style import scaled_font
from itscm_desktop.vault.edits import Edit

CATEGORIES: tuple[str, ...] = tuple(IMPACT_CATEGORIES)
_ROW = Qt.ItemDataRole.UserRole

#: How far each rating tints a cell towards its hue; the rating's word is always shown.
SEVERITY: dict[int, tuple[QColor, float]] = {
    0: (GOOD_HUE, 0.0),
    1: (GOOD_HUE, 0.18),
    2: (QColor(170, 190, 0), 0.22),
    3: (WARNING_HUE, 0.3),
    4: (QColor(235, 95, 20), 0.38),
    5: (ERROR_HUE, 0.45),
}
_NOT_ASSESSED = "not assessed"


def severity_colour(palette: QPalette, rating: int) -> QColor:
    """A cell background for `rating`, mixed from the palette so text stays readable."""
    hue, amount = SEVERITY[rating]
    return tint(palette, hue, amount)


def money(amount: float) -> str:
    """An amount short enough for a grid cell: 13,800 / 489k / 4.25m (full in tooltips)."""
    if amount < 100_000:
        return f"{amount:,.0f}"
    if amount < 1_000_000:
        return f"{amount / 1000:,.0f}k"
    return f"{amount / 1_000_000:,.3g}m"


def cell_text(rating: int | None, cost: float | None, currency: str) -> str:
    lines = [f"{rating} {RATING_LABELS[rating]}" if rating is not None else "—"]
    if cost is not None:
        lines.append(f"{currency} {money(cost)}".strip())
    return "\n".join(lines)


class RatingDelegate(QStyledItemDelegate):
    """A list of the ratings (and "not assessed") for the cell being edited."""

    def __init__(self, editor: BiaEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(f"— {_NOT_ASSESSED}", None)
        for rating, label in RATING_LABELS.items():
            combo.addItem(f"{rating} {label}", rating)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        row = self._editor.impact_at(index.row(), index.column())
        rating = row.get("rating") if row else None
        editor.setCurrentIndex(max(0, editor.findData(rating)) if rating is not None else 0)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        row, column, rating = index.row(), index.column(), editor.currentData()
        # Saved once the view has closed the list: the save redraws every cell.
        QTimer.singleShot(0, self._editor, lambda: self._editor.rate(row, column, rating))


class BiaGrid(QTableWidget):
    """The grid; a digit key rates the current cell, Delete or Backspace clears it."""

    def __init__(self, editor: BiaEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self._editor, self._editor.fit_height)  # text wraps anew

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row, column = self.currentRow(), self.currentColumn()
        text = event.text()
        if row >= 0 and column >= 0 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if text in {str(r) for r in RATING_LABELS}:
                self._editor.rate(row, column, int(text))
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._editor.rate(row, column, None)
                return
        super().keyPressEvent(event)


class BiaEditor(ChildEditor):
    """The "Business impact" tab of a service."""

    parent_table = "services"
    child_tables = ("bia_impacts",)

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(session, navigator, parent)
        self.service: dict[str, Any] = {}
        self.impacts: list[dict[str, Any]] = []
        self.windows: list[int] = list(STANDARD_WINDOWS)
        self.currency = ""

        self.objectives = QLabel()
        self.objectives.setTextFormat(Qt.TextFormat.PlainText)
        self.objectives.setFont(scaled_font(self.objectives, 1.15, bold=True))
        self.problems = Notice(self)
        self.advice = Notice(self)

        self.grid = BiaGrid(self)
        self.grid.setRowCount(len(CATEGORIES))
        self.grid.setVerticalHeaderLabels([IMPACT_CATEGORIES[c] for c in CATEGORIES])
        self.grid.setItemDelegate(RatingDelegate(self))
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() * 3)
        self.grid.setWordWrap(True)
        self.grid.setCornerButtonEnabled(False)

        heading = QLabel("Impact after an outage of:")
        legend = QLabel(
            "Ratings: "
            + " · ".join(f"{r} {label}" for r, label in RATING_LABELS.items())
            + ". Type a digit in a cell to rate it, Delete to clear it, or double-click "
            "for a list."
        )
        legend.setWordWrap(True)
        legend.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.objectives)
        layout.addWidget(self.problems)
        layout.addWidget(self.advice)
        layout.addWidget(heading)
        layout.addWidget(self.grid)
        layout.addWidget(legend)
        layout.addStretch(1)

    def watched_tables(self) -> tuple[str, ...]:
        return ("services", "bia_impacts", "plan")  # the plan holds the currency

    # -- reading -------------------------------------------------------------------------

    def clear(self) -> None:
        self.service, self.impacts = {}, []
        self._draw()

    def reload(self) -> None:
        if self.record_id is None or not self.session.is_unlocked:
            self.clear()
            return
        vault = self.session.vault
        service = vault.find("services", self.record_id)
        if service is None:
            self.clear()
            return
        self.service = dict(service)
        self.impacts = vault.records("bia_impacts", where={"service_id": self.record_id})
        self.currency = str(vault.plan().get("currency") or "")
        self._draw()

    def impact_at(self, row: int, column: int) -> dict[str, Any] | None:
        """The stored impact shown in a cell, if any."""
        if not 0 <= row < len(CATEGORIES) or not 0 <= column < len(self.windows):
            return None
        category, window = CATEGORIES[row], self.windows[column]
        return next(
            (
                i
                for i in self.impacts
                if i["category"] == category and i["window_minutes"] == window
            ),
            None,
        )

    def _draw(self) -> None:
        extra = {int(i["window_minutes"]) for i in self.impacts} - set(STANDARD_WINDOWS)
        self.windows = sorted({*STANDARD_WINDOWS, *(w for w in extra if w > 0)})
        self.grid.setColumnCount(len(self.windows))
        self.grid.setHorizontalHeaderLabels([format_minutes(w) for w in self.windows])
        placeholder = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for row, category in enumerate(CATEGORIES):
            for column, window in enumerate(self.windows):
                impact = self.impact_at(row, column) if self.service else None
                rating = impact.get("rating") if impact else None
                cost = impact.get("cost") if impact else None
                item = QTableWidgetItem(cell_text(rating, cost, self.currency))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setData(_ROW, impact["id"] if impact else None)
                label = IMPACT_CATEGORIES[category].lower()
                when = format_minutes(window)
                tip = f"{label} impact after {when}: " + (
                    RATING_LABELS[rating] if rating is not None else _NOT_ASSESSED
                )
                if cost is not None:
                    tip += f"; cost {self.currency} {cost:,.2f}".replace(".00", "")
                item.setToolTip(tip[0].upper() + tip[1:])
                if rating is not None:
                    item.setBackground(severity_colour(self.palette(), int(rating)))
                else:
                    item.setForeground(placeholder)
                self.grid.setItem(row, column, item)
        self.grid.setEnabled(bool(self.service))
        self.fit_height()
        self._show_objectives()

    def fit_height(self) -> None:
        """As tall as its rows: a grid of six categories needs no scrolling."""
        self.grid.resizeRowsToContents()
        height = self.grid.horizontalHeader().sizeHint().height()
        height += self.grid.verticalHeader().length() + 2 * self.grid.frameWidth()
        if self.grid.horizontalScrollBar().isVisible():
            height += self.grid.horizontalScrollBar().sizeHint().height()
        self.grid.setFixedHeight(height)

    def _show_objectives(self) -> None:
        if not self.service:
            self.objectives.clear()
            self.problems.clear()
            self.advice.clear()
            return
        services = REGISTRY["services"]
        values = {n: self.service.get(n) for n in ("rto_minutes", "rpo_minutes", "mtd_minutes")}
        self.objectives.setText(
            "   ·   ".join(
                f"{services.field(name).label} "
                f"{format_minutes(v) if isinstance(v, int) else 'not set'}"
                for name, v in values.items()
            )
        )
        impacts = [
            Impact(i["category"], int(i["window_minutes"]), i.get("rating"), i.get("cost"))
            for i in self.impacts
            if i["category"] in IMPACT_CATEGORIES and int(i["window_minutes"] or 0) > 0
        ]
        problems = objective_problems(
            values["rto_minutes"], values["rpo_minutes"], values["mtd_minutes"], impacts
        )
        if problems:
            self.problems.show_message("⚠ " + "\n⚠ ".join(problems), WARNING_HUE)
        else:
            self.problems.clear()
        self._advise(suggested_mtd(impacts), values["mtd_minutes"])

    def _advise(self, intolerable: int | None, mtd: object) -> None:
        if intolerable is None:
            self.advice.show_message(
                f"No impact is rated {INTOLERABLE_RATING} or worse yet, so the BIA does not "
                "limit the MTD.",
                INFO_HUE,
            )
            return
        when = format_minutes(intolerable)
        text = f"Impacts become intolerable after {when}: MTD should be at most {when}."
        if isinstance(mtd, int) and mtd <= intolerable:
            self.advice.show_message(
                f"{text} The MTD of {format_minutes(mtd)} is within that.", GOOD_HUE
            )
        else:
            self.advice.show_message(text, INFO_HUE)

    # -- gestures ------------------------------------------------------------------------

    def rate(self, row: int, column: int, rating: int | None) -> None:
        """Store `rating` for the cell's category and window (None: not assessed)."""
        if self.record_id is None or not 0 <= column < len(self.windows):
            return
        impact = self.impact_at(row, column)
        values = {
            "service_id": self.record_id,
            "category": CATEGORIES[row],
            "window_minutes": self.windows[column],
            "rating": rating,
        }

        def write(edit: Edit) -> None:
            if impact is None:
                if rating is not None:
                    edit.insert("bia_impacts", values)
            elif rating is None and impact.get("cost") is None:
                edit.delete("bia_impacts", impact["id"])
            elif impact.get("rating") != rating:
                edit.update("bia_impacts", impact["id"], {"rating": rating})

        self.save(write)
        self.grid.setCurrentCell(row, column)
