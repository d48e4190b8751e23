"""The Business impact tab of a service, driven like a person on the demo plan."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from itscm_desktop.domain.bia import STANDARD_WINDOWS
from itscm_desktop.gui.editors.bia import CATEGORIES, BiaEditor, cell_text, severity_colour
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session

ERP = "ERP — finance, orders and invoicing (Meridian ERP)"


class Grid:
    def __init__(self, editor: BiaEditor, session: Session, service_id: str) -> None:
        self.editor = editor
        self.session = session
        self.service_id = service_id

    def cell(self, category: str, window: int) -> tuple[int, int]:
        return CATEGORIES.index(category), self.editor.windows.index(window)

    def text(self, category: str, window: int) -> str:
        return self.editor.grid.item(*self.cell(category, window)).text()

    def type(self, qtbot: QtBot, category: str, window: int, key: str | Qt.Key) -> None:
        self.editor.grid.setCurrentCell(*self.cell(category, window))
        qtbot.keyClick(self.editor.grid, key)

    def stored(self, category: str, window: int) -> list[dict[str, Any]]:
        return [
            row
            for row in self.session.vault.records(
                "bia_impacts", where={"service_id": self.service_id}
            )
            if row["category"] == category and row["window_minutes"] == window
        ]


@pytest.fixture
def grid(qtbot: QtBot, session: Session) -> Grid:
    editor = BiaEditor(session, Navigator())
    qtbot.addWidget(editor)
    editor.resize(1200, 700)
    editor.show()
    service_id = next(s["id"] for s in session.vault.records("services") if s["name"] == ERP)
    editor.show_record(service_id)
    return Grid(editor, session, service_id)


def test_the_grid_shows_ratings_costs_and_objectives(grid: Grid) -> None:
    assert grid.editor.windows == list(STANDARD_WINDOWS)
    assert grid.text("financial", 60) == "1 Minimal\nGBP 20,700"
    assert grid.text("health_safety", 60) == "—"
    assert grid.editor.objectives.text() == "RTO 4 h   ·   RPO 15 min   ·   MTD 12 h"
    assert "Impacts become intolerable after 1 d: MTD should be at most 1 d" in (
        grid.editor.advice.text()
    )
    assert grid.editor.problems.text() == ""


def test_typing_a_rating_stores_it_and_rechecks_the_mtd(grid: Grid, qtbot: QtBot) -> None:
    grid.type(qtbot, "operational", 480, "4")

    assert [r["rating"] for r in grid.stored("operational", 480)] == [4]
    assert grid.text("operational", 480) == "4 Major"
    assert "MTD should be at most 8 h" in grid.editor.advice.text()
    assert "MTD (12 h) is later than the point where impacts become intolerable (8 h" in (
        grid.editor.problems.text()
    )
    assert grid.editor.grid.currentRow() == CATEGORIES.index("operational")


def test_rating_an_empty_cell_adds_a_row_and_delete_removes_it(grid: Grid, qtbot: QtBot) -> None:
    grid.type(qtbot, "health_safety", 1440, "2")
    added = grid.stored("health_safety", 1440)
    assert [(r["rating"], r["cost"]) for r in added] == [(2, None)]
    assert grid.text("health_safety", 1440) == "2 Minor"

    grid.type(qtbot, "health_safety", 1440, Qt.Key.Key_Delete)
    assert grid.stored("health_safety", 1440) == []
    assert grid.text("health_safety", 1440) == "—"
    assert grid.editor.notice.text() == ""


def test_clearing_a_rating_keeps_the_cost(grid: Grid, qtbot: QtBot) -> None:
    grid.type(qtbot, "financial", 60, Qt.Key.Key_Backspace)
    assert [(r["rating"], r["cost"]) for r in grid.stored("financial", 60)] == [(None, 20700.0)]
    assert grid.text("financial", 60) == "—\nGBP 20,700"


def test_a_rating_is_chosen_from_a_list(grid: Grid, qtbot: QtBot) -> None:
    row, column = grid.cell("customer", 240)
    table = grid.editor.grid
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    combo = table.viewport().findChild(QComboBox)
    assert combo is not None and combo.currentText() == "2 Minor"
    combo.setCurrentIndex(combo.findData(5))
    qtbot.keyClick(combo, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: [r["rating"] for r in grid.stored("customer", 240)] == [5])
    assert grid.text("customer", 240) == "5 Severe"


def test_severity_is_shown_in_words_and_colour(grid: Grid) -> None:
    table = grid.editor.grid
    severe = table.item(*grid.cell("financial", 1440))
    minimal = table.item(*grid.cell("operational", 60))
    assert "Severe" in severe.text() and "Minimal" in minimal.text()
    assert severe.background().color() != minimal.background().color()
    palette = grid.editor.palette()
    assert severity_colour(palette, 5) == severe.background().color()
    assert cell_text(None, None, "EUR") == "—"
    assert cell_text(4, 488_600.0, "GBP") == "4 Major\nGBP 489k"
    assert cell_text(5, 4_254_000.0, "GBP") == "5 Severe\nGBP 4.25m"
    assert severe.toolTip() == "Financial impact after 1 d: Severe; cost GBP 732,900"


def test_other_keys_do_not_rate(grid: Grid, qtbot: QtBot) -> None:
    grid.type(qtbot, "operational", 60, "7")
    grid.type(qtbot, "operational", 60, "x")
    assert [r["rating"] for r in grid.stored("operational", 60)] == [1]


def test_objectives_follow_the_service(grid: Grid) -> None:
    grid.session.vault.update("services", grid.service_id, {"mtd_minutes": 2880})
    grid.session.notify_changed("services")
    assert grid.editor.objectives.text().endswith("MTD 2 d")
    assert "MTD (2 d) is later" in grid.editor.problems.text()
