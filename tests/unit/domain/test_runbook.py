"""The runbook's order and clock: steps by phase then position, the time elapsed at the
end of each step, and the first step past the RTO (ending exactly at it is within it)."""

from __future__ import annotations

from typing import Any

import pytest

from itscm_desktop.domain.runbook import (
    PHASE_KEYS,
    StepOrder,
    in_order,
    rto_passed_at,
    running_times,
    smallest_rto,
)


def step(step_id: str, phase: str, position: int, minutes: int | None = 10) -> dict[str, Any]:
    return {"id": step_id, "phase": phase, "position": position, "estimated_minutes": minutes}


def test_phases_come_in_the_registry_order() -> None:
    assert PHASE_KEYS == ("activation", "recovery", "reconstitution")


def test_steps_are_done_by_phase_then_position_whatever_the_stored_order() -> None:
    steps = [
        step("z", "reconstitution", 0),
        step("b", "recovery", 2),
        step("a", "recovery", 1),
        step("c", "activation", 5),
        step("d", "activation", 0),
    ]
    assert [s["id"] for s in in_order(steps)] == ["d", "c", "a", "b", "z"]
    assert StepOrder.of(steps).in_order() == ["d", "c", "a", "b", "z"]


def test_equal_positions_keep_a_stable_order_and_a_missing_phase_is_recovery() -> None:
    steps = [step("b", "recovery", 0), step("a", "recovery", 0), {"id": "n", "position": None}]
    assert [s["id"] for s in in_order(steps)] == ["a", "b", "n"]


def test_running_times_add_up_and_a_step_without_estimate_adds_nothing() -> None:
    assert running_times([10, None, 20, 0, 5]) == [10, 10, 30, 30, 35]
    assert running_times([]) == []
    assert running_times([None, None]) == [0, 0]


@pytest.mark.parametrize(
    ("running", "rto", "expected"),
    [
        ([10, 20, 30], None, None),  # no RTO to compare with
        ([10, 20, 30], 30, None),  # ending exactly at the RTO is within it
        ([10, 20, 31], 30, 2),
        ([10, 20, 30], 29, 2),
        ([10, 20, 30], 20, 2),  # the step that ends at the RTO is not marked; the next is
        ([10, 20, 30], 19, 1),
        ([10, 20, 30], 0, 0),  # an RTO of zero is passed by the first step that takes time
        ([0, 0, 5], 0, 2),
        ([], 60, None),
        ([10, 10, 40], 10, 2),  # a step without estimate does not pass the RTO
    ],
)
def test_the_rto_is_passed_at_the_first_step_that_ends_after_it(
    running: list[int], rto: int | None, expected: int | None
) -> None:
    assert rto_passed_at(running, rto) == expected


def test_the_rto_that_counts_is_the_smallest_known_one() -> None:
    assert smallest_rto([240, None, 120, 480]) == 120
    assert smallest_rto([None, None]) is None
    assert smallest_rto([]) is None
    assert smallest_rto([0, 60]) == 0
    assert smallest_rto([True, 60]) == 60  # a stray boolean is no duration
