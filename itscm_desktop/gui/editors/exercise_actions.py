"""An exercise's findings and the actions that came out of them, chased until done.

Unfinished actions come first, soonest due first; an open action past its due date says
"overdue" in words (and is tinted), because the dashboard counts it as a weakness of the
plan. Every gesture is one save; typing in the side form is saved before another finding
is shown, so nothing typed is lost by clicking elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import ACTION_STATUSES
from itscm_desktop.gui.editors.child_editor import ERROR_HUE, ChildEditor, SideBySide, tint
from itscm_desktop.gui.editors.exercise_action_form import ActionForm
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.edits import Edit

COLUMNS = ("Finding", "Action", "Owner", "Due", "Status")
FINDING, ACTION, OWNER, DUE, STATUS = range(len(COLUMNS))
STATUS_LABELS = dict(ACTION_STATUSES)
FINISHED = ("done", "wont_do")
_ID = Qt.ItemDataRole.UserRole


def is_overdue(action: Mapping[str, Any], today: date) -> bool:
    """Not finished and due before today (the dashboard's rule)."""
    due = action.get("due_on")
    return bool(due) and str(due) < today.isoformat() and action.get("status") not in FINISHED


def chasing_order(actions: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Unfinished first, soonest due first (no date last); then the finished ones."""
    return sorted(
        (dict(a) for a in actions),
        key=lambda a: (
            a.get("status") in FINISHED,
            not a.get("due_on"),
            str(a.get("due_on") or ""),
            str(a.get("finding") or ""),
            str(a["id"]),
        ),
    )


def due_text(action: Mapping[str, Any], today: date) -> str:
    """The due date as shown: "2026-06-30 — overdue" when it is."""
    due = str(action.get("due_on") or "")
    if not due:
        return "no date"
    return f"{due} — overdue" if is_overdue(action, today) else due


def tally(actions: Iterable[Mapping[str, Any]], today: date) -> str:
    """ "4 findings: 2 open (1 overdue), 1 in progress, 1 done." """
    actions = list(actions)
    if not actions:
        return "No findings yet: add what the exercise showed and what will be done about it."
    counts: dict[str, int] = {}
    for action in actions:
        status = str(action.get("status") or "open")
        counts[status] = counts.get(status, 0) + 1
    overdue = sum(is_overdue(a, today) for a in actions)
    parts = []
    for key, label in ACTION_STATUSES:
        if counts.get(key):
            parts.append(f"{counts[key]} {label.lower()}")
    if overdue:
        parts.append(f"{overdue} overdue")
    noun = "finding" if len(actions) == 1 else "findings"
    return f"{len(actions)} {noun}: " + ", ".join(parts) + "."


class ExerciseActionsEditor(ChildEditor):
    """The "Findings and actions" tab of an exercise. `today` is replaceable in tests."""

    parent_table = "exercises"
    child_tables = ("exercise_actions",)

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(session, navigator, parent)
        self.today: Callable[[], date] = date.today
        self.findings: list[dict[str, Any]] = []
        self._owners: dict[str, str] = {}

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the next control
        header = self.table.horizontalHeader()
        for column in (FINDING, ACTION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (OWNER, DUE, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemActivated.connect(lambda _item: self._edit_in_form())

        self.add = self.action("&New finding", self._new, "Ins", "Add a finding and its action")
        self.mark_done = self.action("Mark &done", self._toggle_done, "Ctrl+D")
        self.status_menu = QMenu(self)
        self.status_group = QActionGroup(self)
        self.status_actions: dict[str, QAction] = {}
        for value, label in ACTION_STATUSES:
            command = self.status_menu.addAction(label)
            command.setCheckable(True)
            command.triggered.connect(lambda _checked=False, v=value: self.set_status(v))
            self.status_group.addAction(command)
            self.status_actions[value] = command
        self.status_button = QToolButton()
        self.status_button.setText("S&et status")
        self.status_button.setToolTip("Change the status of the selected finding's action")
        self.status_button.setMenu(self.status_menu)
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.delete = self.action("De&lete…", self._delete, "Delete", "Delete the finding")
        buttons = QHBoxLayout()
        for widget in (self.button(self.add), self.button(self.mark_done), self.status_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.button(self.delete))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)

        self.form = ActionForm(session)
        self.form.save_requested.connect(self._save_form)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.fontMetrics().averageCharWidth() * 44)
        scroll.setMinimumHeight(self.form.sizeHint().height() + 2 * scroll.frameWidth())

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(SideBySide(left, scroll, wide_enough_chars=150), 1)
        session.about_to_lock.connect(self._keep_typing)
        self._update_actions()

    def watched_tables(self) -> tuple[str, ...]:
        return ("exercises", "exercise_actions", "contacts")  # owners' names

    # -- reading -------------------------------------------------------------------------

    def show_record(self, record_id: str | None) -> None:
        if record_id != self.record_id:
            self._keep_typing()
        super().show_record(record_id)

    def clear(self) -> None:
        self.findings = []
        self._fill()
        self.form.load({})

    def reload(self) -> None:
        if self.record_id is None or not self.session.is_unlocked:
            self.clear()
            return
        vault = self.session.vault
        if vault.find("exercises", self.record_id) is None:
            self.clear()
            return
        rows = vault.records("exercise_actions", where={"exercise_id": self.record_id})
        self.findings = chasing_order(rows)
        self._owners = {}
        for owner_id in {str(a["owner_id"]) for a in self.findings if a.get("owner_id")}:
            owner = vault.find("contacts", owner_id)
            self._owners[owner_id] = vault.title("contacts", owner) if owner else "(deleted)"
        self._fill()

    def _fill(self) -> None:
        selected = self.selected()
        today = self.today()
        self.table.blockSignals(True)  # the selection is restored once the rows are drawn
        self.table.setRowCount(len(self.findings))
        finished_colour = self.palette().color(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
        )
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, action in enumerate(self.findings):
            status = str(action.get("status") or "open")
            overdue = is_overdue(action, today)
            owner = self._owners.get(str(action.get("owner_id") or ""), "nobody yet")
            cells = (
                str(action.get("finding") or ""),
                str(action.get("action") or ""),
                owner,
                due_text(action, today),
                STATUS_LABELS.get(status, status),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(_ID, action["id"])
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if column in (FINDING, ACTION):
                    item.setToolTip(text)
                if status in FINISHED:
                    item.setForeground(finished_colour)
                if overdue and column == DUE:
                    item.setBackground(tint(self.palette(), ERROR_HUE))
                    item.setFont(bold)
                    days = (today - date.fromisoformat(str(action["due_on"]))).days
                    item.setToolTip(f"Due {days} day{'s' if days != 1 else ''} ago, not done")
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if not (selected and self._select(selected)):
            self.table.clearSelection()
        self.table.blockSignals(False)
        self.summary.setText(tally(self.findings, today) if self.record_id else "")
        self._selection_changed()

    # -- selection -----------------------------------------------------------------------

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), FINDING) if rows else None
        value = item.data(_ID) if item is not None else None  # the drawn row's id
        return str(value) if value else None

    def _select(self, action_id: str) -> bool:
        for row, action in enumerate(self.findings):
            if action["id"] == action_id:
                self.table.selectRow(row)
                return True
        return False

    def _selected_action(self) -> dict[str, Any] | None:
        action_id = self.selected()
        return next((a for a in self.findings if a["id"] == action_id), None)

    def _selection_changed(self) -> None:
        action = self._selected_action()
        target = str(action["id"]) if action else None
        if self.form.dirty and target != self.form.record.get("id"):
            self._save_typing(then_show=target)  # refused: the typing stays, and says why
            return
        if not self.form.dirty:
            self.form.load(action or {})
        self._update_actions()

    def _edit_in_form(self) -> None:
        """Enter or a double-click on a finding: carry on typing in the form."""
        self.form.finding.setFocus()

    def _show(self, action_id: str | None) -> None:
        """Select a finding (None: none) and show it in the form."""
        self.table.blockSignals(True)
        if not (action_id and self._select(action_id)):
            self.table.clearSelection()
        self.table.blockSignals(False)
        self.form.load(self._selected_action() or {})
        self._update_actions()

    def _update_actions(self) -> None:
        action = self._selected_action()
        chosen = action is not None
        self.add.setEnabled(self.record_id is not None)
        for command in (self.mark_done, self.delete):
            command.setEnabled(chosen)
        self.status_button.setEnabled(chosen)
        done = action is not None and action.get("status") == "done"
        self.mark_done.setText("&Reopen" if done else "Mark &done")
        self.mark_done.setIconText("Reopen" if done else "Mark done")
        if action is not None:
            self.status_actions[str(action.get("status") or "open")].setChecked(True)

    # -- gestures ------------------------------------------------------------------------

    def _save_typing(self, then_show: str | None) -> bool:
        """Store what the form holds, then show `then_show`. If the vault refuses, the
        finding being typed stays in the form (selected again if stored) and the notice
        says why."""
        typed_for = self.form.record.get("id")
        changes = self.form.changes()
        if changes and self._store(typed_for, changes) is None:
            self._show(str(typed_for) if typed_for else None)
            self._restore_typing(typed_for, changes)
            return False
        self._show(then_show)
        return True

    def _store(self, action_id: object, values: dict[str, Any]) -> str | None:
        """Insert (no id) or update one finding in one save; its id, None if refused."""
        if self.record_id is None:
            return None
        exercise_id = self.record_id

        def write(edit: Edit) -> str:
            if action_id:
                edit.update("exercise_actions", str(action_id), values)
                return str(action_id)
            return edit.insert("exercise_actions", values | {"exercise_id": exercise_id})

        self.form.load({})  # what was typed is in `values`; the reload shows what is stored
        return self.save(write, reload_on_failure=False)

    def _restore_typing(self, action_id: object, values: dict[str, Any]) -> None:
        """After a refusal: the form shows the finding with what was typed, unsaved."""
        self.form.load(self._stored(action_id), new=not action_id)
        for name, value in values.items():
            self._put_back(name, value)
        self.form.keep_typing()

    def _stored(self, action_id: object) -> dict[str, Any]:
        return next((a for a in self.findings if a["id"] == action_id), {})

    def _put_back(self, name: str, value: Any) -> None:
        """Show a refused value again, as it was typed."""
        form = self.form
        if name == "finding":
            form.finding.setPlainText(str(value or ""))
        elif name == "action":
            form.action_text.setPlainText(str(value or ""))
        elif name == "owner_id":
            form.owner.set_record(value)
        elif name == "due_on":
            form.due.line.setText(str(value or ""))
        elif name == "status":
            form.status.setCurrentIndex(max(0, form.status.findData(value)))

    def _save_form(self, values: dict[str, Any]) -> None:
        action_id = self.form.record.get("id")
        stored_id = self._store(action_id, values)
        if stored_id is None:
            self._restore_typing(action_id, values)
        else:
            self._show(stored_id)

    def _new(self) -> None:
        if self.record_id is None:
            return
        if self.form.dirty and not self._save_typing(then_show=None):
            return
        self._show(None)
        self.form.load({}, new=True)
        self._update_actions()
        self.form.finding.setFocus()

    def set_status(self, status: str) -> None:
        """Quick status change of the selected finding (with anything typed about it)."""
        action = self._selected_action()
        if action is None:
            return
        action_id = str(action["id"])
        values = self.form.changes() if self.form.record.get("id") == action_id else {}
        values["status"] = status
        if self._store(action_id, values) is None:
            self._show(action_id)
            self._restore_typing(action_id, values)
        else:
            self._show(action_id)

    def _toggle_done(self) -> None:
        action = self._selected_action()
        if action is not None:
            self.set_status("open" if action.get("status") == "done" else "done")

    def _delete(self) -> None:
        action = self._selected_action()
        if action is None:
            return
        finding = str(action.get("finding") or "")
        short = finding if len(finding) <= 90 else finding[:89].rstrip() + "…"
        if not self._confirm(f"Delete this finding and its action?\n\n“{short}”"):
            return
        action_id = str(action["id"])
        self.form.load({})
        self.save(lambda edit: edit.delete("exercise_actions", action_id))

    def _keep_typing(self) -> None:
        """Leaving the exercise or locking: what was typed is saved if it can be."""
        if self.record_id is not None and self.session.is_unlocked and self.form.dirty:
            self._save_typing(then_show=None)
