"""An incident's log: what happened, when, and who did it, written while it happens.

Entries read top to bottom in the order they happened, newest at the bottom, right above
the row where the next one is typed: the page reads like the timeline the post-incident
review needs, and what was just added appears next to where the eyes already are. The
list scrolls to the end when the incident is opened.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import INCIDENT_STATUSES
from itscm_desktop.domain.runbook import StepOrder
from itscm_desktop.gui.editors.child_editor import ERROR_HUE, WARNING_HUE, ChildEditor, tint
from itscm_desktop.gui.editors.incident_log_entry import KIND_LABELS, RESULT_LABELS, LogEntryRow
from itscm_desktop.gui.editors.incident_log_time import (
    TimeTyped,
    parse_moment,
    since,
    stored_moment,
)
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.edits import Edit

COLUMNS = ("Time", "Kind", "What happened", "Logged by")
TIME, KIND, TEXT, AUTHOR = range(len(COLUMNS))
_STATUS_LABELS = dict(INCIDENT_STATUSES)
_ENTRY_ID = Qt.ItemDataRole.UserRole
_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
#: Call results that leave someone still to reach: their cell is tinted as well as said.
_UNREACHED = ("no_answer", "wrong_number", "left_message")


def os_user() -> str:
    """Who is logged in to this computer: the author of an entry unless changed."""
    try:
        return getpass.getuser()
    except Exception:  # no user name on some systems (containers): the field stays empty
        return ""


class IncidentLogEditor(ChildEditor):
    """The "Log" tab of an incident. `clock` gives the current time (tests replace it)."""

    parent_table = "incidents"
    child_tables = ("incident_events",)

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(session, navigator, parent)
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.incident: dict[str, Any] = {}
        self.entries: list[dict[str, Any]] = []
        self._names: dict[str, str] = {}
        self._steps: dict[str, str] = {}
        self._at_end = True  # the view follows the end of the log while it shows the end

        self._rows_timer = QTimer(self)  # row heights follow the wrapped text's width
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the next control
        header = self.table.horizontalHeader()
        for column in (TIME, KIND, AUTHOR):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        time_header = self.table.horizontalHeaderItem(TIME)
        if time_header is not None:
            time_header.setToolTip("Local time, and how long after the incident was declared")
        header.sectionResized.connect(lambda *_: self._rows_timer.start())
        self._rows_timer.timeout.connect(self.table.resizeRowsToContents)
        self.table.itemActivated.connect(lambda _item: self._change())
        scroll = self.table.verticalScrollBar()
        scroll.valueChanged.connect(self._scrolled)
        scroll.rangeChanged.connect(self._log_grew)
        self.table.itemSelectionChanged.connect(self._update_actions)
        self._summary_timer = QTimer(self)  # "open for …" keeps counting while shown
        self._summary_timer.setInterval(30_000)
        self._summary_timer.timeout.connect(self._summarise)

        self.change = self.action("&Change entry", self._change, "F2", "Change the entry")
        self.delete = self.action("&Delete entry…", self._delete, "Delete", "Delete the entry")
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Select an entry to change it, or press F2."))
        buttons.addStretch(1)
        buttons.addWidget(self.button(self.change))
        buttons.addWidget(self.button(self.delete))

        self.entry = LogEntryRow(session)
        self.entry.author.setText(os_user())
        self.entry.submitted.connect(self._submit)
        self.entry.cancelled.connect(self._cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.entry)
        self.setFocusProxy(self.entry.text)
        session.about_to_lock.connect(self._keep_typing)
        self._update_actions()

    def watched_tables(self) -> tuple[str, ...]:
        # Names come from contacts; the steps offered from the plans and their steps.
        return ("incidents", "incident_events", "contacts", "recovery_plans", "runbook_steps")

    # -- reading -------------------------------------------------------------------------

    def show_record(self, record_id: str | None) -> None:
        if record_id != self.record_id:
            self._keep_typing()
            self.entry.start_new(keep_draft=False)
        super().show_record(record_id)

    def clear(self) -> None:
        self.incident, self.entries = {}, []
        self.entry.start_new(keep_draft=False)  # nothing typed stays once the vault locks
        self.entry.set_steps([])
        self._fill()
        self._summarise()

    def reload(self) -> None:
        if self.record_id is None or not self.session.is_unlocked:
            self.clear()
            return
        vault = self.session.vault
        incident = vault.find("incidents", self.record_id)
        if incident is None:
            self.clear()
            return
        self.incident = incident
        rows = vault.records("incident_events", where={"incident_id": self.record_id})
        self.entries = sorted(
            rows, key=lambda r: (str(r["occurred_at"]), str(r["created_at"]), str(r["id"]))
        )
        self._names = self._titles("contacts", {r.get("contact_id") for r in self.entries})
        self._steps = self._titles("runbook_steps", {r.get("step_id") for r in self.entries})
        self.entry.set_steps(self._plans_steps())
        self._fill()
        self._summarise()

    def _titles(self, table: str, ids: set[Any]) -> dict[str, str]:
        vault = self.session.vault
        found = {}
        for record_id in filter(None, ids):
            record = vault.find(table, str(record_id))
            found[str(record_id)] = vault.title(table, record) if record else "(deleted)"
        return found

    def _plans_steps(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The steps of the recovery plans this incident invoked, in runbook order."""
        vault = self.session.vault
        plans = []
        for plan_id in self.incident.get("recovery_plan_ids") or []:
            plan = vault.find("recovery_plans", plan_id)
            if plan is None:
                continue
            rows = vault.records("runbook_steps", where={"recovery_plan_id": plan_id})
            titles = {str(r["id"]): str(r.get("title") or "") for r in rows}
            order = StepOrder.of(rows).in_order()
            steps = [(s, f"#{n} {titles[s]}") for n, s in enumerate(order, start=1)]
            plans.append((vault.title("recovery_plans", plan), steps))
        return plans

    # -- drawing -------------------------------------------------------------------------

    def _fill(self) -> None:
        selected = self.selected()
        self.table.setRowCount(len(self.entries))
        declared = parse_moment(self.incident.get("declared_at"))
        bold = QFont(self.table.font())
        bold.setBold(True)
        last_day = None
        for row, entry in enumerate(self.entries):
            moment = parse_moment(entry.get("occurred_at"))
            local = moment.astimezone() if moment else None
            day = local.date() if local else None
            lines = [local.strftime("%H:%M")] if local else []
            if local and day != last_day:
                lines.insert(0, local.strftime("%Y-%m-%d"))  # the date where it changes
            last_day = day
            after = since(declared, moment)
            if after:
                lines.append(after if after.endswith("before") else f"+{after}")
            kind = str(entry.get("kind") or "note")
            detail = self._detail(entry)
            text = str(entry.get("text") or "")
            cells = (
                "\n".join(lines),
                KIND_LABELS.get(kind, kind),
                f"{detail}\n{text}" if detail else text,
                str(entry.get("author") or ""),
            )
            for column, shown in enumerate(cells):
                item = QTableWidgetItem(shown)
                item.setData(_ENTRY_ID, entry["id"])
                item.setTextAlignment(_ALIGN_RIGHT if column == TIME else _ALIGN_LEFT)
                if column == TIME and local:
                    item.setToolTip(
                        local.strftime("%A %Y-%m-%d %H:%M:%S (local time)")
                        + (f", {after} after the declaration" if after else "")
                    )
                elif column == TEXT:
                    item.setToolTip(shown)
                if kind in ("decision", "status") and column in (KIND, TEXT):
                    item.setFont(bold)
                result = entry.get("call_result")
                if column == TEXT and result in _UNREACHED:
                    hue = ERROR_HUE if result == "wrong_number" else WARNING_HUE
                    item.setBackground(tint(self.palette(), hue))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if not (selected and self._select(selected)):
            self.table.clearSelection()
            self._at_end = True  # from now on the view follows the end of the log
            self.table.scrollToBottom()
        self._update_actions()

    def _scrolled(self, value: int) -> None:
        self._at_end = value >= self.table.verticalScrollBar().maximum()

    def _log_grew(self, _low: int, high: int) -> None:
        if self._at_end:  # follow the end of the log, as a terminal does
            self.table.verticalScrollBar().setValue(high)

    def _detail(self, entry: Mapping[str, Any]) -> str:
        """For a call the person and how it went; for a step the step."""
        parts = []
        person = self._names.get(str(entry.get("contact_id") or ""))
        result = RESULT_LABELS.get(str(entry.get("call_result") or ""))
        if person or result:
            parts.append(" — ".join(p for p in (person, result) if p))
        step = self._steps.get(str(entry.get("step_id") or ""))
        if step:
            parts.append(f"Step: {step}")
        return " · ".join(parts)

    def _summarise(self) -> None:
        incident = self.incident
        declared = parse_moment(incident.get("declared_at"))
        if not incident or declared is None:
            self.summary.clear()
            return
        status = str(incident.get("status") or "open")
        parts = [f"Status: {_STATUS_LABELS.get(status, status)}"]
        said = f"declared {declared.astimezone().strftime('%Y-%m-%d %H:%M')}"
        by = incident.get("declared_by_id")
        if by:
            person = self.session.vault.find("contacts", str(by))
            if person:
                said += f" by {self.session.vault.title('contacts', person)}"
        parts.append(said)
        closed = parse_moment(incident.get("closed_at"))
        if closed is not None:
            local = closed.astimezone()
            same_day = local.date() == declared.astimezone().date()
            when = local.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")
            parts.append(f"closed {when}, after {since(declared, closed)}")
        elif status != "closed":
            parts.append(f"open for {since(declared, self.clock())}")
        count = len(self.entries)
        parts.append(f"{count} log entr{'y' if count == 1 else 'ies'}")
        self.summary.setText(" · ".join(parts))

    # -- selection -----------------------------------------------------------------------

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), TEXT) if rows else None
        value = item.data(_ENTRY_ID) if item is not None else None  # the drawn row's id
        return str(value) if value else None

    def _row_of(self, entry_id: str) -> int | None:
        return next((r for r, e in enumerate(self.entries) if e["id"] == entry_id), None)

    def _select(self, entry_id: str) -> bool:
        row = self._row_of(entry_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.table.model().index(row, TEXT))
        return True

    def _selected_entry(self) -> dict[str, Any] | None:
        entry_id = self.selected()
        return next((e for e in self.entries if e["id"] == entry_id), None)

    def _update_actions(self) -> None:
        chosen = self.selected() is not None
        self.change.setEnabled(chosen)
        self.delete.setEnabled(chosen)
        self.entry.setEnabled(self.record_id is not None and bool(self.incident))

    # -- gestures ------------------------------------------------------------------------

    def _submit(self) -> None:
        if self.record_id is None or not self.incident:
            return
        try:
            values = self.entry.values(self.clock())
        except TimeTyped as problem:
            self.notice.show_message(str(problem), ERROR_HUE)
            self.entry.problem_field("occurred_at")
            return
        if not values["text"]:
            self.notice.show_message("Write what happened first.", WARNING_HUE)
            self.entry.problem_field("text")
            return
        values["occurred_at"] = stored_moment(values["occurred_at"])
        stored = self.entry.editing
        if stored:
            changed = {k: v for k, v in values.items() if v != stored.get(k)}
            entry_id = str(stored["id"])
            if changed:
                saved = self.save(
                    lambda edit: edit.update("incident_events", entry_id, changed),
                    reload_on_failure=False,
                )
                if saved is None:
                    return  # the notice says why; what was typed stays
        else:
            incident_id = self.record_id

            def add(edit: Edit) -> str:
                return edit.insert("incident_events", values | {"incident_id": incident_id})

            new_id = self.save(add, reload_on_failure=False)
            if new_id is None:
                return
            entry_id = new_id
        self.entry.start_new()
        self.notice.clear()
        self._select(entry_id)
        self.entry.text.setFocus()

    def _change(self) -> None:
        entry = self._selected_entry()
        if entry is not None:
            self.entry.start_change(entry)

    def _cancel(self) -> None:
        self.entry.start_new()
        self.notice.clear()
        self.table.setFocus()

    def _delete(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return
        moment = parse_moment(entry.get("occurred_at"))
        when = moment.astimezone().strftime("%H:%M") if moment else ""
        text = str(entry.get("text") or "")
        short = text if len(text) <= 80 else text[:79].rstrip() + "…"
        if not self._confirm(f"Delete the log entry of {when}?\n\n“{short}”"):
            return
        entry_id = str(entry["id"])
        if self.entry.editing.get("id") == entry_id:
            self.entry.start_new()
        self.save(lambda edit: edit.delete("incident_events", entry_id))

    def _keep_typing(self) -> None:
        """Leaving the incident or locking: what was typed goes into the log, not lost
        (a change is saved, a new entry added at the time typed or now)."""
        if self.record_id is None or not self.session.is_unlocked:
            return
        if self.entry.is_changing:
            self._submit()  # the change; then any new entry typed before it comes back
        if not self.entry.is_changing and self.entry.text.text().strip():
            self._submit()

    # -- following the clock -------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._summarise()
        self._summary_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._summary_timer.stop()
        super().hideEvent(event)
