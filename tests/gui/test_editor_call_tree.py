"""The Call order tab of a call tree, driven like a person on the demo plan."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.editors.call_order import CallOrder, changes, stored_placements
from itscm_desktop.gui.editors.call_tree import NUMBER, PERSON, CallTreeEditor
from itscm_desktop.gui.editors.people import NO_NUMBER
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session


class Tree:
    """The Major IT outage call tree on screen and in the vault, by people's names."""

    def __init__(self, editor: CallTreeEditor, session: Session, tree_id: str) -> None:
        self.editor = editor
        self.session = session
        self.tree_id = tree_id

    def item(self, name: str) -> QTreeWidgetItem:
        matches = self.editor.tree.findItems(
            name, Qt.MatchFlag.MatchEndsWith | Qt.MatchFlag.MatchRecursive, PERSON
        )
        assert len(matches) == 1, name
        return matches[0]

    def select(self, name: str) -> None:
        self.editor.tree.setCurrentItem(self.item(name))

    def shown_callees(self, name: str) -> list[str]:
        item = self.item(name)
        return [item.child(i).text(PERSON) for i in range(item.childCount())]

    def stored(self) -> dict[str, tuple[str | None, int]]:
        """person -> (caller's name, position) as the vault holds them."""
        vault = self.session.vault
        rows = vault.records("call_tree_nodes", where={"call_tree_id": self.tree_id})
        names = {r["id"]: vault.title("call_tree_nodes", r) for r in rows}
        return {names[r["id"]]: (names.get(r["parent_id"]), r["position"]) for r in rows}

    def stored_callees(self, name: str | None) -> list[str]:
        entries = [
            (pos, person) for person, (caller, pos) in self.stored().items() if caller == name
        ]
        return [person for _, person in sorted(entries)]

    def drop(self, name: str, on: str, where: str = "on") -> None:
        """Drag the entry of `name` and let go on (or just above) the entry of `on`."""
        tree = self.editor.tree
        data = tree.mimeData([self.item(name)])
        rect = tree.visualItemRect(self.item(on))
        y = rect.center().y() if where == "on" else rect.top() + 1
        event = QDropEvent(
            QPointF(QPoint(rect.center().x(), y)),
            Qt.DropAction.MoveAction,
            data,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        # Qt delivers a drop only at the end of a real drag, which blocks in its own event
        # loop; the view's drop handler gets the event a real drop would bring.
        tree.dropEvent(event)
        assert event.dropAction() == Qt.DropAction.IgnoreAction  # Qt moves nothing itself


@pytest.fixture
def tree(qtbot: QtBot, session: Session) -> Tree:
    editor = CallTreeEditor(session, Navigator())
    qtbot.addWidget(editor)
    editor.resize(1200, 700)
    editor.show()
    tree_id = next(
        t["id"] for t in session.vault.records("call_trees") if t["name"] == "Major IT outage"
    )
    editor.show_record(tree_id)
    return Tree(editor, session, tree_id)


def test_the_tree_shows_who_calls_whom_with_numbers(tree: Tree) -> None:
    assert tree.editor.tree.topLevelItemCount() == 1
    assert tree.item("Gareth Llewellyn").text(NUMBER).startswith("+44 7400")
    assert tree.shown_callees("Tom Hargreaves") == [
        "Jürgen Müller",
        "Sam Patel",
        "Søren Ørsted",
        "Vikram Nair",
    ]
    assert "18 people · starts with Gareth Llewellyn" in tree.editor.summary.text()


def test_indent_makes_the_entry_above_its_caller(tree: Tree) -> None:
    tree.select("Fiona MacLeod")  # called by Helen Ashworth, after Rajesh Iyer
    tree.editor.indent.trigger()

    assert tree.stored()["Fiona MacLeod"] == ("Rajesh Iyer", 1)
    assert tree.shown_callees("Rajesh Iyer") == ["Margaret Holroyd", "Fiona MacLeod"]
    assert tree.item("Fiona MacLeod").isSelected()


def test_outdent_and_moving_among_the_callers_people(tree: Tree) -> None:
    tree.select("Marek Grabowski")  # called by Vikram Nair
    tree.editor.outdent.trigger()
    assert tree.stored_callees("Tom Hargreaves") == [
        "Jürgen Müller",
        "Sam Patel",
        "Søren Ørsted",
        "Vikram Nair",
        "Marek Grabowski",
    ]
    tree.editor.move_up.trigger()
    tree.editor.move_up.trigger()
    assert tree.stored_callees("Tom Hargreaves")[2] == "Marek Grabowski"
    positions = [tree.stored()[p][1] for p in tree.stored_callees("Tom Hargreaves")]
    assert positions == [0, 1, 2, 3, 4]
    assert not tree.editor.indent.isEnabled() or tree.editor.move_up.isEnabled()


def test_first_of_its_callers_people_cannot_be_indented(tree: Tree) -> None:
    tree.select("Helen Ashworth")
    assert not tree.editor.indent.isEnabled()
    assert not tree.editor.move_up.isEnabled()
    tree.select("Gareth Llewellyn")
    assert not tree.editor.outdent.isEnabled()


def test_dropping_an_entry_on_another_makes_it_the_caller(tree: Tree) -> None:
    tree.drop("Siobhán Ní Bhriain", on="Tom Hargreaves")

    assert tree.stored()["Siobhán Ní Bhriain"] == ("Tom Hargreaves", 4)
    assert tree.shown_callees("Tom Hargreaves")[-1] == "Siobhán Ní Bhriain"
    assert tree.stored_callees("Gareth Llewellyn") == [
        "Helen Ashworth",
        "Tom Hargreaves",
        "Priya Raghunathan",
    ]


def test_dropping_just_above_an_entry_places_it_there(tree: Tree) -> None:
    tree.drop("Siobhán Ní Bhriain", on="Sam Patel", where="above")
    assert tree.stored_callees("Tom Hargreaves") == [
        "Jürgen Müller",
        "Siobhán Ní Bhriain",
        "Sam Patel",
        "Søren Ørsted",
        "Vikram Nair",
    ]


def test_an_entry_cannot_be_dropped_under_someone_it_calls(tree: Tree) -> None:
    before = tree.stored()
    tree.drop("Tom Hargreaves", on="Pádraig Ó Súilleabháin")
    assert "cannot be called by someone they call" in tree.editor.notice.text()
    assert tree.stored() == before


def test_a_loop_the_vault_refuses_is_explained(tree: Tree) -> None:
    vault = tree.session.vault
    rows = vault.records("call_tree_nodes", where={"call_tree_id": tree.tree_id})
    by_name = {vault.title("call_tree_nodes", r): r["id"] for r in rows}
    # Another laptop's change, merged while this one still shows the old tree.
    vault.update(
        "call_tree_nodes", by_name["Siobhán Ní Bhriain"], {"parent_id": by_name["Fiona MacLeod"]}
    )
    tree.drop("Fiona MacLeod", on="Siobhán Ní Bhriain")

    assert "loop" in tree.editor.notice.text()
    assert tree.stored()["Fiona MacLeod"] == ("Helen Ashworth", 2)
    assert tree.shown_callees("Fiona MacLeod") == ["Siobhán Ní Bhriain"]  # read again


def test_removing_an_entry_moves_the_people_it_called_up(tree: Tree, monkeypatch: Any) -> None:
    asked: list[str] = []
    monkeypatch.setattr(tree.editor, "_confirm", lambda text: asked.append(text) or True)
    tree.select("Tom Hargreaves")
    tree.editor.remove.trigger()

    assert "Gareth Llewellyn calls them instead" in asked[0]
    assert "Tom Hargreaves" not in tree.stored()
    assert tree.stored_callees("Gareth Llewellyn") == [
        "Helen Ashworth",
        "Jürgen Müller",
        "Sam Patel",
        "Søren Ørsted",
        "Vikram Nair",
        "Priya Raghunathan",
        "Siobhán Ní Bhriain",
    ]
    positions = [tree.stored()[p][1] for p in tree.stored_callees("Gareth Llewellyn")]
    assert positions == list(range(7))
    assert "Jürgen Müller" in tree.shown_callees("Gareth Llewellyn")
    assert tree.item("Gareth Llewellyn").isSelected()


def test_removing_can_be_cancelled(tree: Tree, monkeypatch: Any) -> None:
    monkeypatch.setattr(tree.editor, "_confirm", lambda text: False)
    tree.select("Tom Hargreaves")
    tree.editor.remove.trigger()
    assert "Tom Hargreaves" in tree.stored()


def test_a_person_is_added_under_the_selected_entry(tree: Tree, qtbot: QtBot) -> None:
    tree.select("Sam Patel")
    assert "called by Sam Patel" in tree.editor.add_under.text()
    qtbot.keyClicks(tree.editor.picker.search_field, "Oluwaseun")
    qtbot.keyClick(tree.editor.picker.search_field, Qt.Key.Key_Return)

    assert tree.stored()["Oluwaseun Adeyemi"] == ("Sam Patel", 0)
    assert tree.shown_callees("Sam Patel") == ["Oluwaseun Adeyemi"]
    assert tree.item("Oluwaseun Adeyemi").isSelected()


def test_escalation_and_instructions_are_edited_in_the_form(tree: Tree, qtbot: QtBot) -> None:
    tree.select("Helen Ashworth")
    field = tree.editor.escalate
    assert field.text() == "15 min"
    field.selectAll()
    qtbot.keyClicks(field, "1h30")
    tree.editor.instructions.setPlainText("Call twice, then text.")
    qtbot.keyClick(field, Qt.Key.Key_Return)

    node = next(
        r
        for r in tree.session.vault.records("call_tree_nodes")
        if tree.session.vault.title("call_tree_nodes", r) == "Helen Ashworth"
    )
    assert node["escalate_after_minutes"] == 90
    assert node["instructions"] == "Call twice, then text."
    assert tree.item("Helen Ashworth").text(2) == "1 h 30 min"


def test_a_duration_that_cannot_be_read_is_explained(tree: Tree, qtbot: QtBot) -> None:
    tree.select("Helen Ashworth")
    tree.editor.escalate.selectAll()
    qtbot.keyClicks(tree.editor.escalate, "soon")
    qtbot.mouseClick(tree.editor.save_entry, Qt.MouseButton.LeftButton)
    assert "Escalate after" in tree.editor.notice.text()
    assert tree.item("Helen Ashworth").text(2) == "15 min"
    assert tree.editor.escalate.text() == "soon"  # kept, to be corrected


def test_someone_without_a_number_is_marked(tree: Tree) -> None:
    contact_id = next(
        c["id"] for c in tree.session.vault.records("contacts") if c["full_name"] == "Vikram Nair"
    )
    tree.session.vault.update(
        "contacts", contact_id, {"mobile_phone": None, "work_phone": None, "home_phone": None}
    )
    tree.session.notify_changed("contacts")
    assert tree.item("Vikram Nair").text(NUMBER) == NO_NUMBER
    assert tree.item("Vikram Nair").text(PERSON) == "⚠ Vikram Nair"
    assert "1 cannot be phoned" in tree.editor.summary.text()


def test_call_order_shapes_without_widgets() -> None:
    nodes = [
        {"id": "a", "parent_id": None, "position": 5},
        {"id": "b", "parent_id": "a", "position": 1},
        {"id": "c", "parent_id": "a", "position": 2},
        {"id": "d", "parent_id": "c", "position": 0},
    ]
    order = CallOrder.of(nodes)
    assert order.below("a") == {"b", "c", "d"}
    with pytest.raises(ValueError):
        order.moved("a", "d", 0)
    assert order.indented("b") is None
    indented = order.indented("c")
    assert indented is not None and indented.called_by("b") == ["c"]
    removed = order.without("c")
    assert removed.called_by("a") == ["b", "d"]
    assert changes(stored_placements(nodes), removed) == {
        "a": {"position": 0},
        "b": {"position": 0},
        "d": {"parent_id": "a", "position": 1},
    }
