"""The search dialog (Ctrl+K): type, see grouped matches, move with the arrows, jump."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QStandardItemModel
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.search import (
    ROW_ROLE,
    SNIPPET_ROLE,
    Row,
    SearchDialog,
    build_model,
    group_hits,
    snippet_html,
)
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.search import SearchHit


@pytest.fixture
def navigator() -> Navigator:
    return Navigator()


@pytest.fixture
def dialog(qtbot: QtBot, session: Session, navigator: Navigator) -> Iterator[SearchDialog]:
    dialog = SearchDialog(session, navigator)
    dialog.open()
    yield dialog
    # The dialog deletes itself when it closes, as it does in the app.
    if shiboken6.isValid(dialog):
        dialog.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))


def shown(dialog: SearchDialog) -> list[tuple[Row, str]]:
    """Every row as a person reads it: (kind of row, its text)."""
    model = dialog.model
    return [
        (Row(model.item(r).data(ROW_ROLE)), model.item(r).text()) for r in range(model.rowCount())
    ]


def type_text(widget: QWidget, text: str) -> None:
    """Type like a person, letters outside ASCII included (QTest.keyClicks only knows
    ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def current(dialog: SearchDialog) -> tuple[str, str]:
    index = dialog.results.currentIndex()
    return index.data(Qt.ItemDataRole.DisplayRole), index.data(Qt.ItemDataRole.UserRole + 2)


# -- pure parts ---------------------------------------------------------------------------


def test_snippet_marks_become_bold_and_markup_is_shown_as_typed() -> None:
    assert snippet_html("a <b>&</b> [Müller] x") == "a &lt;b&gt;&amp;&lt;/b&gt; <b>Müller</b> x"


def test_snippet_lines_are_joined_and_the_repeated_title_dropped() -> None:
    snippet = "Jürgen [Müller]\nNetwork Manager\nWharfedale"
    assert snippet_html(snippet, "Jürgen Müller") == "Network Manager · Wharfedale"
    # only a whole-word title is dropped
    assert snippet_html("[Net]work Team", "Net") == "<b>Net</b>work Team"


def hit(table: str, number: int, rank: float) -> SearchHit:
    return SearchHit(table, f"{table}-{number}", f"{table} {number}", "", rank)


def test_records_of_their_own_come_before_parts_and_each_kind_is_capped() -> None:
    hits = [hit("dependencies", n, -9.0 + n * 0.01) for n in range(8)]
    hits += [hit("assets", 1, -2.0), hit("contacts", 1, -3.0), hit("team_members", 1, -8.0)]
    groups = group_hits(hits, per_kind=5, max_shown=50)
    assert [g.table for g in groups] == ["contacts", "assets", "dependencies", "team_members"]
    dependencies = groups[2]
    assert [h.id for h in dependencies.hits] == [f"dependencies-{n}" for n in range(5)]
    assert len(dependencies.more) == 3
    assert groups[0].heading == "Contacts"


def test_no_more_than_the_maximum_is_shown() -> None:
    hits = [hit(t, n, -1.0) for t in ("assets", "contacts", "services") for n in range(5)]
    groups = group_hits(hits, per_kind=5, max_shown=7)
    assert sum(len(g.hits) for g in groups) == 7


def test_the_model_has_headings_hits_and_a_show_all_row() -> None:
    hits = [hit("dependencies", n, -1.0) for n in range(7)]
    model = QStandardItemModel()
    build_model(group_hits(hits, per_kind=5), model)
    rows = [model.item(r) for r in range(model.rowCount())]
    assert [r.data(ROW_ROLE) for r in rows] == [Row.HEADING] + [Row.HIT] * 5 + [Row.MORE]
    assert rows[0].text() == "Dependencies"
    assert not rows[0].isSelectable()
    assert rows[-1].text() == "Show all 7 dependencies…"


# -- the dialog, driven like a person ------------------------------------------------------


def test_mueller_arrow_down_and_enter_jumps_to_the_second_match(
    qtbot: QtBot, dialog: SearchDialog, session: Session, navigator: Navigator
) -> None:
    type_text(dialog.query, "müller")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    rows = shown(dialog)
    assert rows[0] == (Row.HEADING, "Contacts")
    assert (Row.HEADING, "Team members") in rows
    assert (Row.HIT, "Jürgen Müller") in rows
    # the best match is chosen already; Down moves past the next heading to the membership
    assert current(dialog) == ("Jürgen Müller", "contacts")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert current(dialog) == ("Jürgen Müller", "team_members")
    snippet = dialog.results.currentIndex().data(SNIPPET_ROLE)
    assert snippet.startswith("Network Team · ")  # says which team the membership is in
    membership = session.vault.search("müller", tables=["team_members"])[0]
    with (
        qtbot.waitSignal(navigator.record_requested) as jumped,
        qtbot.waitSignal(dialog.finished),
    ):
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert jumped.args == ["team_members", membership.id]


def test_enter_right_after_typing_opens_the_best_match(
    qtbot: QtBot, dialog: SearchDialog, session: Session, navigator: Navigator
) -> None:
    qtbot.keyClicks(dialog.query, "pennine fibre")
    supplier = session.vault.search("pennine fibre", tables=["suppliers"])[0]
    with qtbot.waitSignal(navigator.record_requested) as jumped:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # before the debounce ran
    assert jumped.args == ["suppliers", supplier.id]


def test_arrows_skip_headings_and_stop_at_the_ends(qtbot: QtBot, dialog: SearchDialog) -> None:
    dialog.set_query("network")
    rows = shown(dialog)
    for _ in range(len(rows) + 3):
        qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
        assert Row(dialog.results.currentIndex().data(ROW_ROLE)) is not Row.HEADING
    assert dialog.results.currentIndex().row() == len(rows) - 1
    for _ in range(len(rows) + 3):
        qtbot.keyClick(dialog.query, Qt.Key.Key_Up)
    assert dialog.results.currentIndex().row() == 1  # the first hit, under the first heading


def test_show_all_opens_the_page_with_every_match_of_that_kind(
    qtbot: QtBot, dialog: SearchDialog, session: Session, navigator: Navigator
) -> None:
    dialog.set_query("network")
    rows = shown(dialog)
    more = next(r for r, (kind, text) in enumerate(rows) if text.startswith("Show all") and
                "dependencies" in text)  # fmt: skip
    dialog.results.setCurrentIndex(dialog.model.index(more, 0))
    expected = {h.id for h in session.vault.search("network", limit=200, tables=["dependencies"])}
    assert rows[more][1] == f"Show all {len(expected)} dependencies…"
    with qtbot.waitSignal(navigator.page_requested) as opened:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert opened.args[0] == "dependencies"
    assert set(opened.args[1]) == expected


def test_show_all_runbook_steps_opens_their_recovery_plans(
    qtbot: QtBot, dialog: SearchDialog, session: Session, navigator: Navigator
) -> None:
    dialog.set_query("network")
    rows = shown(dialog)
    more = next(r for r, (_, text) in enumerate(rows) if "runbook steps in their" in text)
    vault = session.vault
    steps = vault.search("network", limit=200, tables=["runbook_steps"])
    plans = {vault.get("runbook_steps", h.id)["recovery_plan_id"] for h in steps}
    with qtbot.waitSignal(navigator.page_requested) as opened:
        dialog.results.clicked.emit(dialog.model.index(more, 0))
    assert opened.args[0] == "recovery_plans"
    assert set(opened.args[1]) == plans


def test_clicking_a_match_jumps_to_it(
    qtbot: QtBot, dialog: SearchDialog, session: Session, navigator: Navigator
) -> None:
    dialog.set_query("Network Team")
    team = session.vault.search("Network Team", tables=["teams"])[0]
    row = next(r for r, (_, text) in enumerate(shown(dialog)) if text == team.title)
    rect = dialog.results.visualRect(dialog.model.index(row, 0))
    with qtbot.waitSignal(navigator.record_requested) as jumped:
        qtbot.mouseClick(dialog.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert jumped.args == ["teams", team.id]


def test_no_matches_says_so(qtbot: QtBot, dialog: SearchDialog) -> None:
    qtbot.keyClicks(dialog.query, "zzqxw")
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.message)
    qtbot.waitUntil(lambda: "No matches for “zzqxw”" in dialog.message.text())
    assert dialog.model.rowCount() == 0


def test_clearing_the_query_clears_the_results(qtbot: QtBot, dialog: SearchDialog) -> None:
    dialog.set_query("erp")
    assert dialog.hit_rows()
    dialog.query.selectAll()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    assert dialog.stack.currentWidget() is dialog.message


def test_escape_closes(qtbot: QtBot, dialog: SearchDialog) -> None:
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)


def test_locking_closes_the_dialog(qtbot: QtBot, dialog: SearchDialog, session: Session) -> None:
    dialog.set_query("erp")
    with qtbot.waitSignal(dialog.rejected):
        session.lock()


def test_an_open_dialog_follows_a_rename(
    qtbot: QtBot, dialog: SearchDialog, session: Session
) -> None:
    dialog.set_query("Network Team")
    team = session.vault.search("Network Team", tables=["teams"])[0]
    session.vault.update("teams", team.id, {"name": "Network and Firewall Team"})
    session.notify_changed("teams")
    assert (Row.HIT, "Network and Firewall Team") in shown(dialog)
    assert (Row.HIT, "Network Team") not in shown(dialog)
