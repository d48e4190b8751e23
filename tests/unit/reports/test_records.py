"""Records read for a document: the same answer whether a few are read one by one or a
whole table is read for many, and teams in the order they are called."""

from __future__ import annotations

from itscm_desktop.reports.records import FEW, in_call_order, records_by_id, records_by_key
from itscm_desktop.vault.vault import Vault


def test_records_by_id_read_one_by_one_or_all_at_once(demo: Vault) -> None:
    contacts = demo.records("contacts", order_by="full_name")
    assert len(contacts) > FEW
    few = [c["id"] for c in contacts[:3]] + ["no-such-id", ""]
    assert records_by_id(demo, "contacts", few) == {c["id"]: c for c in contacts[:3]}
    many = [c["id"] for c in contacts] + ["no-such-id"]
    assert records_by_id(demo, "contacts", many) == {c["id"]: c for c in contacts}


def test_records_by_key_read_one_by_one_or_all_at_once(demo: Vault) -> None:
    steps = demo.records("runbook_steps")
    plans = sorted({s["recovery_plan_id"] for s in steps})
    few = records_by_key(demo, "runbook_steps", "recovery_plan_id", plans[:2])
    assert set(few) == set(plans[:2])
    for plan in plans[:2]:
        assert few[plan] == [s for s in steps if s["recovery_plan_id"] == plan]
    keys = plans + [f"missing-{n}" for n in range(FEW)]
    many = records_by_key(demo, "runbook_steps", "recovery_plan_id", keys)
    assert {key: many.get(key, []) for key in plans[:2]} == few
    assert sum(len(found) for found in many.values()) == len(steps)


def test_teams_in_call_order(demo: Vault) -> None:
    teams = in_call_order(demo.records("teams"))
    names = [t["name"] for t in teams]
    assert names[:3] == ["Crisis Management Team", "IT Recovery Team", "Network Team"]
    assert names[-1] == "Łódź Site Response Team"  # business recovery comes last here
    unnamed = in_call_order([{"name": "b", "purpose": None}, {"name": "A", "purpose": None}])
    assert [t["name"] for t in unnamed] == ["A", "b"]
