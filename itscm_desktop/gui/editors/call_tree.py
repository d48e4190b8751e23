"""A call tree (who calls whom) shown and edited as a tree.

Each entry shows the person, the number to try first and when to escalate. Entries are
re-parented by dragging or by Indent/Outdent; every gesture is one save, after which the
tree is drawn again from the vault, so what is shown is what is stored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.durations import DurationError, format_minutes, parse_minutes
from itscm_desktop.gui.editors.call_order import CallOrder, changes, stored_placements
from itscm_desktop.gui.editors.call_tree_view import NODE_ID, CallTreeView
from itscm_desktop.gui.editors.child_editor import (
    ERROR_HUE,
    ChildEditor,
    SideBySide,
    list_column,
    tint,
)
from itscm_desktop.gui.editors.people import NO_NUMBER, best_number
from itscm_desktop.gui.editors.record_picker import RecordPicker
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.edits import Edit

COLUMNS = ("Person", "Number to call", "Escalate after", "Instructions")
PERSON, NUMBER, ESCALATE, INSTRUCTIONS = range(len(COLUMNS))


class CallTreeEditor(ChildEditor):
    """The "Call order" tab of a call tree."""

    parent_table = "call_trees"
    child_tables = ("call_tree_nodes",)

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(session, navigator, parent)
        self.nodes: dict[str, dict[str, Any]] = {}
        self.names: dict[str, str] = {}
        self.contacts: dict[str, dict[str, Any]] = {}
        self.order = CallOrder()

        self.tree = CallTreeView()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column in (PERSON, NUMBER, ESCALATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.moved.connect(self._dropped)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(lambda *_: self._open_person())

        self.indent = self.action(
            "&Indent", self._indent, "Ctrl+Right", "Called by the entry above"
        )
        self.outdent = self.action(
            "&Outdent", self._outdent, "Ctrl+Left", "Called by the one who calls their caller"
        )
        self.move_up = self.action("Move &up", lambda: self._shift(-1), "Ctrl+Up")
        self.move_down = self.action("Move &down", lambda: self._shift(1), "Ctrl+Down")
        self.open_person = self.action("Open &person", self._open_person, "Ctrl+Return")
        self.remove = self.action("&Remove…", self._remove, "Delete", "Remove from the call tree")
        buttons = QHBoxLayout()
        for command in (self.indent, self.outdent, self.move_up, self.move_down):
            buttons.addWidget(self.button(command))
        buttons.addStretch(1)
        buttons.addWidget(self.button(self.open_person))
        buttons.addWidget(self.button(self.remove))

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        left = list_column(self.summary, self.tree, buttons)

        self.adding = QGroupBox("Add a person")
        self.add_under = QLabel()
        self.add_under.setWordWrap(True)
        self.picker = RecordPicker(session, "contacts", "Type a name or number…")
        self.picker.picked.connect(self._add)
        add_layout = QVBoxLayout(self.adding)
        add_layout.addWidget(self.add_under)
        add_layout.addWidget(self.picker)

        self.entry = QGroupBox("Selected entry")
        self.escalate = QLineEdit()
        self.escalate.setPlaceholderText("e.g. 15 min")
        self.escalate.returnPressed.connect(self._save_entry)
        self.instructions = QPlainTextEdit()
        self.instructions.setTabChangesFocus(True)
        self.instructions.setPlaceholderText("What to tell this person, what they decide")
        self.save_entry = QPushButton("&Save entry")
        self.save_entry.clicked.connect(self._save_entry)
        self.escalate.textEdited.connect(lambda _: self.save_entry.setEnabled(True))
        self.instructions.textChanged.connect(self._instructions_edited)
        form = QFormLayout(self.entry)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow("Escalate &after:", self.escalate)
        form.addRow("I&nstructions:", self.instructions)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_entry)
        form.addRow(save_row)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.adding)
        right_layout.addWidget(self.entry, 1)
        right.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 42)

        splitter = SideBySide(left, right, wide_enough_chars=140)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.tree, self.picker.search_field)
        self.setTabOrder(self.picker.search_field, self.escalate)
        self.setTabOrder(self.escalate, self.instructions)
        self.setTabOrder(self.instructions, self.save_entry)
        self._filling = False
        self._entry_shown: str | None = None
        self._selection_changed()

    def watched_tables(self) -> tuple[str, ...]:
        return ("call_trees", "call_tree_nodes", "contacts")  # names and numbers come from contacts

    # -- reading -------------------------------------------------------------------------

    def clear(self) -> None:
        self.nodes, self.names, self.contacts, self.order = {}, {}, {}, CallOrder()
        self._draw()

    def reload(self) -> None:
        if self.record_id is None or not self.session.is_unlocked:
            self.clear()
            return
        vault = self.session.vault
        rows = vault.records("call_tree_nodes", where={"call_tree_id": self.record_id})
        self.nodes = {str(r["id"]): r for r in rows}
        self.contacts, self.names = {}, {}
        for node_id, node in self.nodes.items():
            contact = vault.find("contacts", node["contact_id"]) or {}
            self.contacts[node_id] = contact
            self.names[node_id] = vault.title("contacts", contact) if contact else "(deleted)"
        self.order = CallOrder.of(rows)
        self._draw()

    def _draw(self) -> None:
        selected = self.selected()
        self._filling = True
        self.tree.blockSignals(True)  # the selection is restored once the tree is drawn
        self.tree.clear()
        unreachable = 0
        bold = QFont(self.tree.font())
        bold.setBold(True)

        def add(parent: QTreeWidgetItem | None, caller: str | None) -> None:
            nonlocal unreachable
            for node_id in self.order.called_by(caller):
                node = self.nodes[node_id]
                number = best_number(self.contacts.get(node_id, {}))
                minutes = node.get("escalate_after_minutes")
                instructions = str(node.get("instructions") or "")
                item = QTreeWidgetItem(
                    [
                        self.names[node_id],
                        number or NO_NUMBER,
                        format_minutes(minutes) if isinstance(minutes, int) else "",
                        " ".join(instructions.split()),
                    ]
                )
                item.setData(0, NODE_ID, node_id)
                item.setToolTip(INSTRUCTIONS, instructions)
                item.setToolTip(PERSON, self._describe(node_id))
                if number is None:
                    unreachable += 1
                    item.setText(PERSON, "⚠ " + self.names[node_id])
                    item.setFont(NUMBER, bold)
                    for column in (PERSON, NUMBER):
                        item.setBackground(column, tint(self.palette(), ERROR_HUE))
                if parent is None:
                    self.tree.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                add(item, node_id)

        add(None, None)
        self.tree.expandAll()
        self._filling = False
        self._summarise(unreachable)
        if selected and (item := self.tree.node_item(selected)) is not None:
            self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)
        self._selection_changed()

    def _describe(self, node_id: str) -> str:
        contact = self.contacts.get(node_id, {})
        parts = [self.names[node_id], contact.get("job_title"), contact.get("organisation")]
        return "\n".join(str(p) for p in parts if p)

    def _summarise(self, unreachable: int) -> None:
        if self.record_id is None:
            self.summary.clear()
            return
        people = len(self.nodes)
        starts = [self.names[n] for n in self.order.called_by(None)]
        text = f"{people} {'person' if people == 1 else 'people'}"
        if starts:
            text += f" · starts with {', '.join(starts)}"
        if unreachable:
            text += (
                f" · ⚠ {unreachable} cannot be phoned: the tree stops there until a number is added"
            )
        self.summary.setText(text)

    # -- selection -----------------------------------------------------------------------

    def selected(self) -> str | None:
        return self.tree.selected_id()

    def select(self, node_id: str) -> None:
        item = self.tree.node_item(node_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _selection_changed(self) -> None:
        selected = self.selected()
        node_id = selected if selected in self.nodes else None
        has = node_id is not None
        caller = self.order.caller(node_id) if node_id else None
        siblings = self.order.called_by(caller) if node_id else []
        index = siblings.index(node_id) if node_id else -1
        self.indent.setEnabled(has and index > 0)
        self.outdent.setEnabled(has and caller is not None)
        self.move_up.setEnabled(has and index > 0)
        self.move_down.setEnabled(has and 0 <= index < len(siblings) - 1)
        self.open_person.setEnabled(has)
        self.remove.setEnabled(has)
        self.entry.setEnabled(has)
        self.adding.setEnabled(self.record_id is not None)
        if has and node_id:
            self.add_under.setText(f"New people are called by {self.names[node_id]}.")
        elif self.nodes:
            self.add_under.setText("Nothing selected: new people start the tree.")
        else:
            self.add_under.setText("The first person added starts the tree.")
        self.picker.exclude(
            {str(n["contact_id"]): "already in this call tree" for n in self.nodes.values()}
        )
        if not (self.save_entry.isEnabled() and node_id == self._entry_shown):
            self._show_entry(node_id)  # unless what is typed about this entry is unsaved

    def _show_entry(self, node_id: str | None) -> None:
        self._entry_shown = node_id
        node = self.nodes.get(node_id or "", {})
        minutes = node.get("escalate_after_minutes")
        self._filling = True
        self.escalate.setText(format_minutes(minutes) if isinstance(minutes, int) else "")
        self.instructions.setPlainText(str(node.get("instructions") or ""))
        self._filling = False
        self.save_entry.setEnabled(False)
        self.entry.setTitle(f"{self.names[node_id]}" if node_id else "Selected entry")

    def _instructions_edited(self) -> None:
        if not self._filling:
            self.save_entry.setEnabled(True)

    # -- gestures ------------------------------------------------------------------------

    def _store(self, after: CallOrder | None, moved: str) -> None:
        """Save a new shape: callers and positions 0..n of every entry that changed."""
        if after is None:
            return
        stored = stored_placements(self.nodes.values())

        def write(edit: Edit) -> None:
            for node_id, values in changes(stored, after).items():
                edit.update("call_tree_nodes", node_id, values)

        self.save(write)
        self.select(moved)

    def _indent(self) -> None:
        if node_id := self.selected():
            self._store(self.order.indented(node_id), node_id)

    def _outdent(self) -> None:
        if node_id := self.selected():
            self._store(self.order.outdented(node_id), node_id)

    def _shift(self, step: int) -> None:
        if node_id := self.selected():
            self._store(self.order.shifted(node_id, step), node_id)

    def _dropped(self, node_id: str, caller: str, index: int) -> None:
        if node_id not in self.nodes:
            return
        try:
            after = self.order.moved(node_id, caller or None, index)
        except ValueError as refusal:
            self.notice.show_message(str(refusal), ERROR_HUE)
            return
        self._store(after, node_id)

    def _open_person(self) -> None:
        node_id = self.selected()
        if node_id in self.nodes:
            self.navigator.open_record("contacts", str(self.nodes[node_id]["contact_id"]))

    def _remove(self) -> None:
        node_id = self.selected()
        if node_id not in self.nodes or node_id is None:
            return
        name = self.names[node_id]
        called = [self.names[n] for n in self.order.called_by(node_id)]
        caller = self.order.caller(node_id)
        question = f"Remove {name} from this call tree?"
        if called:
            who = ", ".join(called)
            then = f"{self.names[caller]} calls" if caller else "the tree starts with"
            question += f"\n\nThe people {name} calls ({who}) move up: {then} them instead."
        if not self._confirm(question):
            return
        after = self.order.without(node_id)
        stored = stored_placements(n for i, n in self.nodes.items() if i != node_id)

        def remove(edit: Edit) -> None:
            edit.delete("call_tree_nodes", node_id)  # the vault moves its people up
            for moved, values in changes(stored, after).items():
                values.pop("parent_id", None)
                if values:
                    edit.update("call_tree_nodes", moved, values)

        self.save(remove)
        if caller:
            self.select(caller)

    def _add(self, contact_id: str, _title: str) -> None:
        if self.record_id is None:
            return
        caller = self.selected()
        values = {
            "call_tree_id": self.record_id,
            "contact_id": contact_id,
            "parent_id": caller,
            "position": len(self.order.called_by(caller)),
        }
        new_id = self.save(lambda edit: edit.insert("call_tree_nodes", values))
        if new_id is not None:
            self.select(new_id)

    def _save_entry(self) -> None:
        node_id = self.selected()
        if node_id not in self.nodes or node_id is None:
            return
        typed = self.escalate.text().strip()
        try:
            minutes = parse_minutes(typed) if typed else None
        except DurationError as problem:
            self.notice.show_message(f"Escalate after: {problem}", ERROR_HUE)
            self.escalate.setFocus()
            return
        values = {
            "escalate_after_minutes": minutes,
            "instructions": self.instructions.toPlainText().strip() or None,
        }
        self.save_entry.setEnabled(False)
        saved = self.save(
            lambda edit: edit.update("call_tree_nodes", node_id, values), reload_on_failure=False
        )
        if saved is None:
            self.save_entry.setEnabled(True)  # keep what was typed, still to be saved
        self.select(node_id)
