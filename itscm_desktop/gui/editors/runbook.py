"""A recovery plan's runbook: its steps by phase, in order, with the running time and the
step where that time passes the smallest RTO of the services the plan brings back.

Steps are reordered with Move up/down or by dragging, and edited in the side form. Every
gesture is one save; positions are stored 0..n within each phase.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.runbook import (
    PHASE_KEYS,
    PHASE_LABELS,
    StepOrder,
    changes,
    rto_passed_at,
    running_times,
)
from itscm_desktop.gui.editors.child_editor import (
    ERROR_HUE,
    ChildEditor,
    SideBySide,
    list_column,
    tint,
)
from itscm_desktop.gui.editors.runbook_form import StepForm
from itscm_desktop.gui.editors.runbook_view import (
    COLUMNS,
    DEPENDS,
    NUMBER,
    PHASE_KEY,
    RESPONSIBLE,
    RUNNING,
    STEP_ID,
    TITLE,
    RunbookView,
)
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.edits import Edit


def _duration(minutes: object) -> str:
    return format_minutes(minutes) if isinstance(minutes, int) else "—"


class RunbookEditor(ChildEditor):
    """The "Steps" tab of a recovery plan."""

    parent_table = "recovery_plans"
    child_tables = ("runbook_steps",)

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(session, navigator, parent)
        self.steps: dict[str, dict[str, Any]] = {}
        self.order = StepOrder.of([])
        self.numbers: dict[str, int] = {}
        self.rto: int | None = None
        self.passed_at: str | None = None
        self.summary_services: list[tuple[str, object]] = []

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = RunbookView()
        self.tree.moved.connect(self._dropped)
        self.tree.itemSelectionChanged.connect(self._selection_changed)

        self.add = self.action("&Add step", self._add, "Ins", "Add a step after the selected one")
        self.move_up = self.action("Move &up", lambda: self._shift(-1), "Ctrl+Up")
        self.move_down = self.action("Move &down", lambda: self._shift(1), "Ctrl+Down")
        self.delete = self.action("De&lete step…", self._delete, "Delete")
        buttons = QHBoxLayout()
        for command in (self.add, self.move_up, self.move_down):
            buttons.addWidget(self.button(command))
        buttons.addStretch(1)
        buttons.addWidget(self.button(self.delete))

        left = list_column(self.summary, self.tree, buttons)

        self.form = StepForm(session)
        self.form.save_requested.connect(self._save_step)
        self.form.problem.connect(lambda text: self.notice.show_message(text, ERROR_HUE))
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 44)

        splitter = SideBySide(left, scroll, wide_enough_chars=160)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.tree, self.form.title)
        self._selection_changed()

    def watched_tables(self) -> tuple[str, ...]:
        # RTOs come from services; responsible titles from teams and contacts.
        return ("recovery_plans", "runbook_steps", "services", "teams", "contacts")

    # -- reading -------------------------------------------------------------------------

    def clear(self) -> None:
        self.steps, self.order, self.rto, self.summary_services = {}, StepOrder.of([]), None, []
        self._draw()

    def reload(self) -> None:
        if self.record_id is None or not self.session.is_unlocked:
            self.clear()
            return
        vault = self.session.vault
        plan = vault.find("recovery_plans", self.record_id)
        if plan is None:
            self.clear()
            return
        rows = vault.records("runbook_steps", where={"recovery_plan_id": self.record_id})
        self.steps = {str(r["id"]): r for r in rows}
        self.order = StepOrder.of(rows)
        services = [vault.find("services", sid) for sid in plan.get("service_ids") or []]
        self.summary_services = [
            (vault.title("services", s), s.get("rto_minutes")) for s in services if s
        ]
        rtos = [rto for _, rto in self.summary_services if isinstance(rto, int)]
        self.rto = min(rtos) if rtos else None
        self._draw()

    def _responsible(self, step: dict[str, Any]) -> str:
        vault = self.session.vault
        parts = []
        for table, field in (("teams", "team_id"), ("contacts", "contact_id")):
            record = vault.find(table, step[field]) if step.get(field) else None
            if record:
                parts.append(vault.title(table, record))
        if not step.get("contact_id") and step.get("role"):
            parts.append(str(step["role"]))
        return " / ".join(parts)

    def _draw(self) -> None:
        selected = self.selected()
        self.tree.blockSignals(True)  # the selection is restored once the steps are drawn
        self.tree.clear()
        in_order = self.order.in_order()
        self.numbers = {step: number for number, step in enumerate(in_order, start=1)}
        running = running_times(self.steps[s].get("estimated_minutes") for s in in_order)
        elapsed = dict(zip(in_order, running, strict=True))
        passed = rto_passed_at(running, self.rto)
        self.passed_at = in_order[passed] if passed is not None else None
        for phase in PHASE_KEYS if self.record_id else ():
            steps = self.order.phases.get(phase, [])
            total = sum(self.steps[s].get("estimated_minutes") or 0 for s in steps)
            count = f"{len(steps)} step{'' if len(steps) == 1 else 's'}"
            heading = self.tree.add_phase(
                phase, f"{PHASE_LABELS[phase]} · {count} · {_duration(total)}"
            )
            for step_id in steps:
                heading.addChild(self._step_item(step_id, elapsed[step_id]))
                if step_id == self.passed_at:
                    self.tree.add_rto_line(
                        heading,
                        f"⚠ RTO {format_minutes(self.rto or 0)} passed here: by the end of "
                        f"step #{self.numbers[step_id]} the outage has lasted "
                        f"{format_minutes(elapsed[step_id])}",
                    )
        self._summarise(running[-1] if running else 0)
        widest = self.fontMetrics().averageCharWidth() * 26  # the step's title comes first
        self.tree.setColumnWidth(
            RESPONSIBLE, min(self.tree.sizeHintForColumn(RESPONSIBLE) + 12, widest)
        )
        if selected:
            self.select(selected)
        self.tree.blockSignals(False)
        self._selection_changed()

    def _step_item(self, step_id: str, elapsed: int) -> QTreeWidgetItem:
        step = self.steps[step_id]
        number = self.numbers[step_id]
        needs = [d for d in step.get("depends_on_ids") or [] if d in self.numbers]
        later = [d for d in needs if self.numbers[d] > number]
        depends = ", ".join(
            f"#{self.numbers[d]}" for d in sorted(needs, key=lambda d: self.numbers[d])
        )
        running = format_minutes(elapsed)
        item = QTreeWidgetItem(
            [
                str(number),
                str(step.get("title") or ""),
                self._responsible(step),
                _duration(step.get("estimated_minutes")),
                running,
                ("⚠ " if later else "") + depends,
            ]
        )
        item.setData(0, STEP_ID, step_id)
        item.setToolTip(RESPONSIBLE, item.text(RESPONSIBLE))
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        item.setToolTip(TITLE, str(step.get("instructions") or step.get("title") or ""))
        item.setTextAlignment(NUMBER, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if needs:
            lines = [f"#{self.numbers[d]} {self.steps[d].get('title')}" for d in needs]
            if later:
                lines.append("⚠ A step it depends on comes later in the runbook.")
            item.setToolTip(DEPENDS, "Depends on:\n" + "\n".join(lines))
        if step_id == self.passed_at:
            bold = QFont(self.tree.font())
            bold.setBold(True)
            item.setFont(RUNNING, bold)
            for column in range(len(COLUMNS)):
                item.setBackground(column, tint(self.palette(), ERROR_HUE))
            item.setToolTip(
                RUNNING,
                f"By the end of this step the outage has lasted {format_minutes(elapsed)}, "
                f"longer than the smallest RTO ({format_minutes(self.rto or 0)}).",
            )
        return item

    def _summarise(self, total: int) -> None:
        if self.record_id is None:
            self.summary.clear()
            return
        covered = " · ".join(
            f"{name} (RTO {_duration(rto)})" for name, rto in self.summary_services
        )
        lines = [f"Brings back: {covered}" if covered else "Brings back no service yet."]
        if self.rto is None:
            lines.append(f"Total {format_minutes(total)}; no RTO to compare it with.")
        elif total > self.rto:
            lines.append(
                f"⚠ Total {format_minutes(total)}: {format_minutes(total - self.rto)} longer "
                f"than the smallest RTO ({format_minutes(self.rto)}). Shorten the steps or "
                "agree a realistic RTO."
            )
        else:
            lines.append(
                f"Total {format_minutes(total)}: within the smallest RTO "
                f"({format_minutes(self.rto)})."
            )
        self.summary.setText("\n".join(lines))

    # -- selection -----------------------------------------------------------------------

    def selected(self) -> str | None:
        return self.tree.selected_id()

    def selected_phase(self) -> str:
        items = self.tree.selectedItems()
        if not items:
            return "recovery"
        step_id = items[0].data(0, STEP_ID)
        return self.order.phase_of(step_id) if step_id else str(items[0].data(0, PHASE_KEY))

    def select(self, step_id: str) -> None:
        item = self.tree.step_item(step_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _selection_changed(self) -> None:
        step_id = self.selected()
        has = step_id in self.steps
        phase = self.order.phases.get(self.order.phase_of(step_id), []) if has and step_id else []
        index = phase.index(step_id) if has and step_id else -1
        self.move_up.setEnabled(has and index > 0)
        self.move_down.setEnabled(has and 0 <= index < len(phase) - 1)
        self.delete.setEnabled(has)
        self.add.setEnabled(self.record_id is not None)
        others = [
            (other, f"#{self.numbers[other]} {self.steps[other].get('title')}")
            for other in self.order.in_order()
            if other != step_id
        ]
        if self.form.dirty and has and self.form.step.get("id") == step_id:
            return  # keep what is being typed about this step
        self.form.load(self.steps[step_id] if has and step_id else {}, others)

    # -- gestures ------------------------------------------------------------------------

    def _store(
        self, after: StepOrder | None, step_id: str, extra: dict[str, Any] | None = None
    ) -> bool:
        """Save a new order (positions 0..n in each phase), with other fields of the step;
        False if the vault refused (the form then keeps what was typed)."""
        if after is None:
            return False

        def write(edit: Edit) -> bool:
            updates = changes(self.steps.values(), after)
            updates[step_id] = {**updates.get(step_id, {}), **(extra or {})}
            for changed_id, values in updates.items():
                if values:
                    edit.update("runbook_steps", changed_id, values)
            return True

        saved = self.save(write, reload_on_failure=extra is None) is not None
        self.select(step_id)
        return saved

    def _shift(self, step: int) -> None:
        if (step_id := self.selected()) in self.steps and step_id:
            self._store(self.order.shifted(step_id, step), step_id)

    def _dropped(self, step_id: str, phase: str, index: int) -> None:
        if step_id in self.steps:
            self._store(self.order.moved(step_id, phase, index), step_id)

    def _save_step(self, values: dict[str, Any]) -> None:
        step_id = self.selected()
        if step_id not in self.steps or step_id is None:
            return
        phase = values.get("phase")
        after = self.order
        if phase and phase != self.order.phase_of(step_id):
            after = self.order.moved(step_id, phase, len(self.order.phases.get(phase, [])))
        if not self._store(after, step_id, values):
            self.form.keep_typing()

    def _add(self) -> None:
        if self.record_id is None:
            return
        phase = self.selected_phase()
        steps = self.order.phases.get(phase, [])
        selected = self.selected()
        index = steps.index(selected) + 1 if selected in steps else len(steps)
        values = {
            "recovery_plan_id": self.record_id,
            "phase": phase,
            "title": "New step",
            "position": index,
        }

        def add(edit: Edit) -> str:
            new_id = edit.insert("runbook_steps", values)
            after = self.order.moved(new_id, phase, index)
            for changed_id, changed in changes(self.steps.values(), after).items():
                edit.update("runbook_steps", changed_id, changed)
            return new_id

        new_id = self.save(add)
        if new_id is not None:
            self.select(new_id)
            self.form.title.setFocus()
            self.form.title.selectAll()

    def _delete(self) -> None:
        step_id = self.selected()
        if step_id not in self.steps or step_id is None:
            return
        title = self.steps[step_id].get("title")
        question = f"Delete step #{self.numbers[step_id]} “{title}”?"
        uses = self.session.vault.referrers("runbook_steps", step_id)
        later = sorted(self.numbers[u.record["id"]] for u in uses if u.record["id"] in self.numbers)
        if later:
            question += "\n\nSteps " if len(later) > 1 else "\n\nStep "
            question += ", ".join(f"#{n}" for n in later) + " will no longer depend on it."
        logged = len([u for u in uses if u.table == "incident_events"])
        if logged:
            question += (
                f"\n\n{logged} incident log entr{'ies' if logged > 1 else 'y'} name it; "
                "they keep their text."
            )
        if not self._confirm(question):
            return
        after = self.order.without(step_id)
        remaining = [s for i, s in self.steps.items() if i != step_id]

        def delete(edit: Edit) -> None:
            edit.delete("runbook_steps", step_id, clear_references=True)
            for changed_id, values in changes(remaining, after).items():
                edit.update("runbook_steps", changed_id, values)

        self.save(delete, "incident_events")
