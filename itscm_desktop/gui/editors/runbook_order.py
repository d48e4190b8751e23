"""A runbook's steps in order (by phase, then position), their running time, and where
that running time passes the smallest RTO of the services the plan brings back.

Plain Python: the editor shows it and turns a new order into one save. The running
time assumes the steps are done one after another, as the readiness check does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from itscm_desktop.domain.entities import PHASES

PHASE_KEYS: tuple[str, ...] = tuple(key for key, _ in PHASES)
PHASE_LABELS: dict[str, str] = dict(PHASES)


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
    """The index of the step whose end is past the RTO, or None if the runbook fits."""
    if rto is None:
        return None
    return next((i for i, elapsed in enumerate(running) if elapsed > rto), None)
