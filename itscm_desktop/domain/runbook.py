"""A runbook's steps in order (by phase, then position), their running time, and where
that running time passes the smallest RTO of the services the plan brings back.

Plain Python shared by the runbook editor (which also turns a new order into one save)
and the printed checklist, so that both number the steps alike and mark the RTO at the
same step. The running time assumes the steps are done one after another, as the
readiness check does; a runbook that ends exactly at the RTO has not passed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from itscm_desktop.domain.entities import PHASES

__all__ = [
    "PHASE_KEYS",
    "PHASE_LABELS",
    "StepOrder",
    "changes",
    "in_order",
    "rto_passed_at",
    "running_times",
    "smallest_rto",
]

PHASE_KEYS: tuple[str, ...] = tuple(key for key, _ in PHASES)
PHASE_LABELS: dict[str, str] = dict(PHASES)

StepT = TypeVar("StepT", bound=Mapping[str, Any])


@dataclass
class StepOrder:
    """Step ids per phase, in the order they are done."""

    phases: dict[str, list[str]]

    @classmethod
    def of(cls, steps: Iterable[Mapping[str, Any]]) -> StepOrder:
        order: dict[str, list[str]] = {phase: [] for phase in PHASE_KEYS}
        ranked = sorted(steps, key=lambda s: (int(s.get("position") or 0), str(s["id"])))
        for step in ranked:
            phase = str(step.get("phase") or "recovery")
            order.setdefault(phase, []).append(str(step["id"]))
        return cls(order)

    def in_order(self) -> list[str]:
        return [step for phase in self.phases for step in self.phases[phase]]

    def phase_of(self, step_id: str) -> str:
        for phase, steps in self.phases.items():
            if step_id in steps:
                return phase
        raise KeyError(step_id)

    def moved(self, step_id: str, phase: str, index: int) -> StepOrder:
        """The order after putting the step at `index` of `phase` (among the others)."""
        phases = {k: [s for s in v if s != step_id] for k, v in self.phases.items()}
        steps = phases.setdefault(phase, [])
        steps.insert(max(0, min(index, len(steps))), step_id)
        return StepOrder(phases)

    def shifted(self, step_id: str, step: int) -> StepOrder | None:
        """Moved up (-1) or down (+1) within its phase; None at either end."""
        phase = self.phase_of(step_id)
        index = self.phases[phase].index(step_id) + step
        if not 0 <= index < len(self.phases[phase]):
            return None
        return self.moved(step_id, phase, index)

    def without(self, step_id: str) -> StepOrder:
        return StepOrder({k: [s for s in v if s != step_id] for k, v in self.phases.items()})

    def placements(self) -> dict[str, tuple[str, int]]:
        return {
            step: (phase, position)
            for phase, steps in self.phases.items()
            for position, step in enumerate(steps)
        }


def in_order(steps: Iterable[StepT]) -> list[StepT]:
    """The steps as they are done and numbered (1, 2, … across the phases)."""
    by_id = {str(step["id"]): step for step in steps}
    return [by_id[step_id] for step_id in StepOrder.of(by_id.values()).in_order()]


def changes(steps: Iterable[Mapping[str, Any]], after: StepOrder) -> dict[str, dict[str, object]]:
    """{step id: fields to store} so that positions read 0..n within every phase."""
    stored = {str(s["id"]): (s.get("phase"), s.get("position")) for s in steps}
    result: dict[str, dict[str, object]] = {}
    for step, (phase, position) in after.placements().items():
        if step not in stored:
            continue
        values: dict[str, object] = {}
        if stored[step][0] != phase:
            values["phase"] = phase
        if stored[step][1] != position:
            values["position"] = position
        if values:
            result[step] = values
    return result


def running_times(minutes: Iterable[int | None]) -> list[int]:
    """The time elapsed at the end of each step; a step without an estimate adds 0."""
    total = 0
    result = []
    for value in minutes:
        total += value or 0
        result.append(total)
    return result


def rto_passed_at(running: list[int], rto: int | None) -> int | None:
    """The index of the first step whose end is past the RTO (ending exactly at the RTO
    is within it), or None if the runbook fits or there is no RTO."""
    if rto is None:
        return None
    return next((i for i, elapsed in enumerate(running) if elapsed > rto), None)


def smallest_rto(rtos: Iterable[object]) -> int | None:
    """The RTO a plan is held to: the smallest of its services' RTOs; services without
    one (None) do not count. None when no service has an RTO."""
    known = [rto for rto in rtos if isinstance(rto, int) and not isinstance(rto, bool)]
    return min(known) if known else None
