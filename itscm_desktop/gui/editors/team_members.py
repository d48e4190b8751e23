"""The members of a team, in call order, edited where they are shown.

Primaries come first, then alternates, each in call order. A team without an alternate
gets a warning: if its first person cannot be reached, nobody takes over.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import MEMBERSHIPS, REGISTRY
from itscm_desktop.gui.editors.child_editor import ERROR_HUE, WARNING_HUE, ChildEditor, tint
from itscm_desktop.gui.editors.people import NO_NUMBER, numbers_line
from itscm_desktop.gui.editors.record_picker import RecordPicker
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.edits import Edit

_MEMBERS = REGISTRY["team_members"]
COLUMNS = ("#", "Person", _MEMBERS.field("role").label, "Primary or alternate", "Phone numbers")
NUMBER, PERSON, ROLE, MEMBERSHIP, PHONES = range(len(COLUMNS))
_MEMBERSHIP_LABEL = dict(MEMBERSHIPS)


@dataclass(frozen=True)
class Member:
    """One row: a membership and the person's name and numbers."""

    id: str
    contact_id: str
    name: str
    role: str
    membership: str
    position: int
    numbers: str


def call_order(members: list[Member]) -> list[Member]:
    """Primaries first, then alternates, each by their stored call order."""
    return sorted(members, key=lambda m: (m.membership != "primary", m.position, m.name))


class TeamMembersEditor(ChildEditor):
    """The "Members" tab of a team."""

    parent_table = "teams"
    child_tables = ("team_members",)

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(session, navigator, parent)
        self.members: list[Member] = []
        self._filling = False

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAutoFillBackground(True)
        self.banner.setMargin(8)
        self.banner.hide()

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in (NUMBER, PERSON, ROLE, MEMBERSHIP):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PHONES, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._role_edited)
        self.table.cellClicked.connect(self._clicked)
        self.table.itemActivated.connect(lambda item: self._clicked(item.row(), item.column()))
        self.table.itemSelectionChanged.connect(self._update_actions)

        self.move_up = self.action("Move &up", lambda: self._move(-1), "Ctrl+Up")
        self.move_down = self.action("Move &down", lambda: self._move(1), "Ctrl+Down")
        self.toggle = self.action(
            "Make &alternate",
            self._toggle_membership,
            "Ctrl+Shift+A",
            "Switch between primary and alternate",
        )
        self.change_role = self.action("Change &role", self._edit_role, "F2")
        self.remove = self.action("&Remove…", self._remove, "Delete", "Remove from the team")
        buttons = QHBoxLayout()
        for command in (self.move_up, self.move_down, self.toggle, self.change_role):
            buttons.addWidget(self.button(command))
        buttons.addStretch(1)
        buttons.addWidget(self.button(self.remove))

        self.picker = RecordPicker(session, "contacts", "Type a name or number to add a person…")
        self.picker.picked.connect(self._add)
        self.add_as = QComboBox()
        for value, label in MEMBERSHIPS:
            self.add_as.addItem(f"as {label.lower()}", value)
        self.add_as.setToolTip("Add the person as a primary or as an alternate")
        adding = QHBoxLayout()
        add_label = QLabel("&Add a person:")
        add_label.setBuddy(self.picker.search_field)
        adding.addWidget(add_label, 0, Qt.AlignmentFlag.AlignTop)
        adding.addWidget(self.picker, 1)
        adding.addWidget(self.add_as, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(adding)
        self.setTabOrder(self.table, self.picker.search_field)
        self.setTabOrder(self.picker.search_field, self.add_as)
        self._update_actions()

    def watched_tables(self) -> tuple[str, ...]:
        return ("teams", "team_members", "contacts")  # names and numbers come from contacts

    # -- reading -------------------------------------------------------------------------

    def clear(self) -> None:
        self.members = []
        self._fill()

    def reload(self) -> None:
        if self.record_id is None or not self.session.is_unlocked:
            self.clear()
            return
        vault = self.session.vault
        rows = vault.records("team_members", where={"team_id": self.record_id})
        members = []
        for row in rows:
            contact = vault.find("contacts", row["contact_id"]) or {}
            members.append(
                Member(
                    id=row["id"],
                    contact_id=row["contact_id"],
                    name=vault.title("contacts", contact) if contact else "(deleted)",
                    role=row.get("role") or "",
                    membership=row.get("membership") or "primary",
                    position=int(row.get("position") or 0),
                    numbers=numbers_line(contact),
                )
            )
        self.members = call_order(members)
        self._fill()

    def _fill(self) -> None:
        selected = self.selected()
        self._filling = True
        try:
            self.table.setRowCount(len(self.members))
            link = self.palette().color(QPalette.ColorRole.Link)
            underlined = QFont(self.table.font())
            underlined.setUnderline(True)
            italic = QFont(self.table.font())
            italic.setItalic(True)
            for row, member in enumerate(self.members):
                cells = (
                    str(row + 1),
                    member.name,
                    member.role,
                    _MEMBERSHIP_LABEL.get(member.membership, member.membership),
                    member.numbers,
                )
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if column != ROLE:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setData(Qt.ItemDataRole.UserRole, member.id)
                    if column == PERSON:
                        item.setForeground(link)
                        item.setFont(underlined)
                        item.setToolTip(f"Open {member.name}'s contact details")
                    elif column == ROLE:
                        item.setToolTip("Double-click or press F2 to change")
                    elif column == PHONES:
                        item.setToolTip(member.numbers.replace(" · ", "\n"))
                        if member.numbers == NO_NUMBER:
                            item.setBackground(tint(self.palette(), ERROR_HUE))
                    elif column == MEMBERSHIP and member.membership == "alternate":
                        item.setFont(italic)
                    self.table.setItem(row, column, item)
        finally:
            self._filling = False
        self._select(selected)
        self.picker.exclude({m.contact_id: "already in the team" for m in self.members})
        self._show_banner()
        self._update_actions()

    def _show_banner(self) -> None:
        text = self.readiness_warning()
        self.banner.setVisible(bool(text))
        self.banner.setText(text)
        palette = self.banner.palette()
        palette.setColor(QPalette.ColorRole.Window, tint(self.palette(), WARNING_HUE, 0.3))
        self.banner.setPalette(palette)

    def readiness_warning(self) -> str:
        """What the dashboard counts against this team, in words; "" when it is covered."""
        if self.record_id is None:
            return ""
        if not self.members:
            return "Nobody in this team yet: add the people to call."
        if not any(m.membership == "alternate" for m in self.members):
            first = next((m for m in self.members if m.membership == "primary"), self.members[0])
            return f"⚠ No alternate: if {first.name} is unreachable nobody takes over."
        return ""

    # -- selection -----------------------------------------------------------------------

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return self.members[row].id if row < len(self.members) else None

    def _select(self, member_id: str | None) -> None:
        for row, member in enumerate(self.members):
            if member.id == member_id:
                self.table.setCurrentCell(row, max(self.table.currentColumn(), NUMBER))
                self.table.selectRow(row)
                return
        self.table.clearSelection()

    def _selected_member(self) -> Member | None:
        member_id = self.selected()
        return next((m for m in self.members if m.id == member_id), None)

    def _update_actions(self) -> None:
        member = self._selected_member()
        index = self.members.index(member) if member else -1
        same_group = [m for m in self.members if member and m.membership == member.membership]
        group_index = same_group.index(member) if member else -1
        self.move_up.setEnabled(member is not None and group_index > 0)
        self.move_down.setEnabled(member is not None and 0 <= group_index < len(same_group) - 1)
        for command in (self.toggle, self.change_role, self.remove):
            command.setEnabled(index >= 0)
        to_alternate = member is None or member.membership == "primary"
        self.toggle.setText("Make &alternate" if to_alternate else "Make &primary")
        self.picker.setEnabled(self.record_id is not None)

    # -- gestures ------------------------------------------------------------------------

    def _clicked(self, row: int, column: int) -> None:
        if column == PERSON and 0 <= row < len(self.members):
            self.navigator.open_record("contacts", self.members[row].contact_id)

    def _edit_role(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            item = self.table.item(rows[0].row(), ROLE)
            if item is None:
                return
            self.table.setCurrentItem(item)
            self.table.editItem(item)

    def _role_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != ROLE:
            return
        member_id = str(item.data(Qt.ItemDataRole.UserRole))
        role = item.text().strip() or None
        # Saved after the view has finished with the item: the save rebuilds the rows.
        QTimer.singleShot(
            0,
            lambda: self.save(lambda edit: edit.update("team_members", member_id, {"role": role})),
        )

    def _rewrite_positions(self, edit: Edit, order: list[Member]) -> None:
        """Store call order 0..n as shown (primaries first), changing only what moved."""
        for position, member in enumerate(order):
            if member.position != position:
                edit.update("team_members", member.id, {"position": position})

    def _move(self, step: int) -> None:
        """Swap with the neighbour in the same group (primaries stay above alternates)."""
        member = self._selected_member()
        if member is None:
            return
        order = list(self.members)
        here = order.index(member)
        there = here + step
        if not 0 <= there < len(order) or order[there].membership != member.membership:
            return
        order[here], order[there] = order[there], order[here]
        self.save(lambda edit: self._rewrite_positions(edit, order))
        self._select(member.id)

    def _toggle_membership(self) -> None:
        member = self._selected_member()
        if member is None:
            return
        new = "alternate" if member.membership == "primary" else "primary"
        rest = [m for m in self.members if m.id != member.id]
        order = _regroup(rest, member, new)

        def change(edit: Edit) -> None:
            edit.update("team_members", member.id, {"membership": new})
            self._rewrite_positions(edit, order)

        self.save(change)
        self._select(member.id)

    def _remove(self) -> None:
        member = self._selected_member()
        if member is None or self.record_id is None:
            return
        team = self.session.vault.find("teams", self.record_id) or {}
        team_name = self.session.vault.title("teams", team) if team else "the team"
        if not self._confirm(f"Remove {member.name} from {team_name}?"):
            return
        order = [m for m in self.members if m.id != member.id]

        def remove(edit: Edit) -> None:
            edit.delete("team_members", member.id)
            self._rewrite_positions(edit, order)

        self.save(remove)

    def _add(self, contact_id: str, _title: str) -> None:
        if self.record_id is None:
            return
        team_id = self.record_id
        membership = str(self.add_as.currentData())
        values: dict[str, Any] = {
            "team_id": team_id,
            "contact_id": contact_id,
            "membership": membership,
        }

        def add(edit: Edit) -> str:
            new_id = edit.insert("team_members", values | {"position": len(self.members)})
            placeholder = Member(new_id, contact_id, "", "", membership, len(self.members), "")
            self._rewrite_positions(edit, _regroup(self.members, placeholder, membership))
            return new_id

        new_id = self.save(add)
        if new_id is not None:
            self._select(new_id)


def _regroup(rest: list[Member], member: Member, membership: str) -> list[Member]:
    """Call order with `member` placed last among the `membership` group."""
    primaries = [m for m in rest if m.membership == "primary"]
    alternates = [m for m in rest if m.membership == "alternate"]
    moved = replace(member, membership=membership)
    if membership == "primary":
        primaries.append(moved)
    else:
        alternates.append(moved)
    return primaries + alternates
