"""Who do I call? What a person types, and the people and lines it gives, in calling order.

Checked against the demo organisation, with changes made inside a save that is never
committed (`tried`), and against a small hand-made plan for the orderings' edges.
"""

from __future__ import annotations

from typing import Any

import pytest

from itscm_desktop.domain.phones import format_phone
from itscm_desktop.vault.callout import (
    Callee,
    CallGroup,
    Number,
    call_group,
    call_groups,
    who_to_call,
)
from itscm_desktop.vault.vault import Vault
from tests.unit.vault.conftest import tried


def first(vault: Vault, query: str, table: str) -> CallGroup:
    """The best group of the kind wanted for the query."""
    groups = [g for g in who_to_call(vault, query) if g.table == table]
    assert groups, f"nothing of {table} for {query!r}"
    return groups[0]


def named(vault: Vault, table: str, field: str, value: str) -> dict[str, Any]:
    matches = [r for r in vault.records(table) if r[field] == value]
    assert len(matches) == 1
    return matches[0]


def names(group: CallGroup) -> list[str]:
    return [c.name for c in group.callees]


@pytest.mark.parametrize("query", ["", "   ", "...", "—?!", '()*"'])
def test_nothing_typed_finds_nothing(demo: Vault, query: str) -> None:
    assert who_to_call(demo, query) == []


def test_at_most_limit_groups_best_first(demo: Vault) -> None:
    assert len(who_to_call(demo, "a", limit=3)) == 3
    assert len(who_to_call(demo, "a")) == 8
    assert who_to_call(demo, "network")[0].heading == "Network Team"


def test_a_team_is_called_leader_then_primaries_then_alternates(demo: Vault) -> None:
    group = first(demo, "Network Team", "teams")
    assert group.heading == "Network Team" and group.label == "Team"
    assert names(group) == [
        "Jürgen Müller",
        "Pádraig Ó Súilleabháin",
        "Paweł Szymański",
        "Łukasz Wróbel",
        "Sam Patel",
    ]
    assert [c.order for c in group.callees] == [1, 2, 3, 4, 5]
    assert [c.membership for c in group.callees] == [
        "primary", "primary", "primary", "alternate", "alternate"
    ]  # fmt: skip
    leader = group.callees[0]
    assert leader.role == "Team leader · Network lead"
    assert leader.table == "contacts"
    assert group.callees[3].role == "On-site hands, Łódź"
    assert "Meet: Network bridge on Teams" in group.detail


def test_numbers_come_best_first_and_formatted(demo: Vault) -> None:
    leader = first(demo, "Network Team", "teams").callees[0]
    person = demo.get("contacts", leader.id)
    assert leader.numbers == (
        Number("mobile", person["mobile_phone"], format_phone(person["mobile_phone"])),
        Number("work", person["work_phone"], format_phone(person["work_phone"])),
        Number("home", person["home_phone"], format_phone(person["home_phone"])),
    )
    assert leader.numbers[0].display.startswith("+49 ")
    assert leader.emails[0] == person["work_email"]
    assert leader.note == "No calls 23:00–06:00 unless the network core is down."
    assert leader.reachable


def test_a_person_without_numbers_is_still_listed(demo: Vault) -> None:
    group = first(demo, "Network Team", "teams")
    sam = group.callees[-1]
    with tried(demo) as edit:
        edit.update(
            "contacts", sam.id, {"mobile_phone": None, "work_phone": None, "home_phone": None}
        )
        again = first(demo, "Network Team", "teams").callees[-1]
        assert (again.name, again.numbers, again.reachable) == ("Sam Patel", (), False)


def test_a_person_shows_their_team_roles(demo: Vault) -> None:
    group = first(demo, "Łukasz Wróbel", "contacts")
    assert group.heading == "Łukasz Wróbel"
    assert group.detail == "IT Site Manager, Łódź · Wharfedale & Vistula Logistics Ltd"
    (callee,) = group.callees
    assert callee.role == (
        "IT Recovery Team · Deputy recovery lead (alternate); "
        "Network Team · On-site hands, Łódź (alternate); "
        "Łódź Site Response Team · Team leader, Site response lead"
    )
    assert callee.note == "Lives 10 minutes from the Łódź site; can be on site in 20."


def test_a_person_in_no_team_shows_their_job(demo: Vault) -> None:
    callee = first(demo, "Mathieu Lefèvre", "contacts").callees[0]
    assert callee.role == "Support Manager"


def test_a_service_owner_then_recovery_teams_then_supplier_lines(demo: Vault) -> None:
    group = first(demo, "Warehouse management", "services")
    assert group.detail == "Tier 1 · RTO 4 h"
    callees = group.callees
    assert callees[0].role == "Service owner"
    assert callees[0].name == "Krzysztof Dąbrowski"
    assert [c.order for c in callees] == list(range(1, len(callees) + 1))
    assert len({(c.table, c.id) for c in callees}) == len(callees)
    kinds = ["owner" if c.role == "Service owner" else c.membership or c.table for c in callees]
    # Owner, every primary, every alternate, then the suppliers' lines: nothing out of place.
    assert kinds == sorted(kinds, key=["owner", "primary", "alternate", "suppliers"].index)
    assert "alternate" in kinds and "primary" in kinds
    line = callees[-1]
    assert line.table == "suppliers" and line.name == "Tessera Warehouse Software SAS"
    assert line.role.startswith("24/7 support line")
    assert [n.kind for n in line.numbers] == ["support"]
    assert "Contract TWS-2022-1187" in line.note


def test_a_service_calls_the_teams_of_its_recovery_steps(demo: Vault) -> None:
    service = named(demo, "services", "name", "Warehouse management (Tessera WMS)")
    plans = [p for p in demo.records("recovery_plans") if service["id"] in p["service_ids"]]
    teams = {
        s["team_id"]
        for p in plans
        for s in demo.records("runbook_steps", where={"recovery_plan_id": p["id"]})
        if s["team_id"]
    }
    people = {
        m["contact_id"] for t in teams for m in demo.records("team_members", where={"team_id": t})
    }
    group = call_group(demo, "services", service["id"])
    assert group is not None
    listed = {c.id for c in group.callees if c.table == "contacts"}
    assert listed == people | {service["owner_id"]}


def test_a_supplier_line_first_then_its_people(demo: Vault) -> None:
    group = first(demo, "Meridian Business Systems", "suppliers")
    line, *people = group.callees
    assert (line.table, line.role) == ("suppliers", "24/7 support line")
    assert line.numbers[0].display == "+49 30 23125400"
    supplier = demo.get("suppliers", group.id)
    assert line.note == (
        f"Contract {supplier['contract_ref']} · Account {supplier['account_number']} · "
        "Contracted recovery 4 h"
    )
    expected = sorted(
        (c for c in demo.records("contacts") if c["supplier_id"] == group.id),
        key=lambda c: c["full_name"],
    )
    assert [p.id for p in people] == [c["id"] for c in expected] and len(people) == 2


def test_a_supplier_without_a_support_line_still_shows_it_missing(demo: Vault) -> None:
    supplier = named(demo, "suppliers", "name", "Tessera Warehouse Software SAS")
    with tried(demo) as edit:
        edit.update("suppliers", supplier["id"], {"support_phone": None})
        group = call_group(demo, "suppliers", supplier["id"])
        assert group is not None
        assert group.callees[0].numbers == () and not group.callees[0].reachable


def test_a_site_phone_first_then_the_people_there(demo: Vault) -> None:
    group = first(demo, "lodz shared service", "sites")
    line, *people = group.callees
    assert (line.table, line.role, line.name) == ("sites", "Site phone", group.heading)
    assert line.numbers == (Number("site", "+48426301100", "+48 42 630 11 00"),)
    assert line.note.startswith("Gatehouse staffed 24/7")
    at_site = [c for c in demo.records("contacts") if c["site_id"] == group.id]
    assert sorted(p.id for p in people) == sorted(c["id"] for c in at_site)
    assert len(people) == 20
    assert [p.name for p in people] == sorted(p.name for p in people)


def test_a_call_tree_in_its_own_order_with_escalation(demo: Vault) -> None:
    group = first(demo, "ransomware", "call_trees")
    nodes = demo.records("call_tree_nodes", where={"call_tree_id": group.id})
    children: dict[str | None, list[dict[str, Any]]] = {}
    for node in sorted(nodes, key=lambda n: n["position"]):
        children.setdefault(node["parent_id"], []).append(node)
    expected: list[tuple[str, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for node in children.get(parent, []):
            expected.append((node["contact_id"], depth))
            walk(node["id"], depth + 1)

    walk(None, 0)
    assert [(c.id, c.depth) for c in group.callees] == expected
    top, second = group.callees[:2]
    assert top.name == "Oluwaseun Adeyemi" and top.role.endswith("Starts the tree")
    assert second.role.endswith("Called by Oluwaseun Adeyemi")
    assert second.note.startswith("After 15 min with no answer, call the next person\n")
    assert [c.order for c in group.callees] == list(range(1, len(nodes) + 1))


def test_unknown_or_missing_records_give_no_group(demo: Vault) -> None:
    assert call_group(demo, "risks", demo.records("risks", limit=1)[0]["id"]) is None
    assert call_group(demo, "teams", "no-such-id") is None


# --- A small hand-made plan --------------------------------------------------------------


def test_a_leader_outside_the_team_and_alternates_listed_first(small: Vault) -> None:
    with tried(small) as edit:
        boss = edit.insert("contacts", {"full_name": "Bea Boss", "work_phone": "+442079460123"})
        alt = edit.insert("contacts", {"full_name": "Al Alternate"})
        pri = edit.insert("contacts", {"full_name": "Pia Primary"})
        team = edit.insert("teams", {"name": "Zeta squad", "leader_id": boss})
        edit.insert(
            "team_members",
            {"team_id": team, "contact_id": alt, "membership": "alternate", "position": 0},
        )
        edit.insert(
            "team_members",
            {"team_id": team, "contact_id": pri, "membership": "primary", "position": 7},
        )
        (group,) = who_to_call(small, "zeta")
        assert [(c.name, c.role, c.membership) for c in group.callees] == [
            ("Bea Boss", "Team leader", ""),
            ("Pia Primary", "", "primary"),
            ("Al Alternate", "", "alternate"),
        ]
        assert [n.kind for n in group.callees[0].numbers] == ["work"]


def test_a_person_who_is_owner_and_member_is_listed_once(small: Vault) -> None:
    with tried(small) as edit:
        ana = edit.insert("contacts", {"full_name": "Ana Souza", "mobile_phone": "+351912345678"})
        team = edit.insert("teams", {"name": "Payroll team"})
        edit.insert("team_members", {"team_id": team, "contact_id": ana, "role": "Lead"})
        service = edit.insert("services", {"name": "Payroll", "owner_id": ana})
        plan = edit.insert("recovery_plans", {"name": "Payroll plan", "service_ids": [service]})
        edit.insert("runbook_steps", {"recovery_plan_id": plan, "title": "Run", "team_id": team})
        group = call_group(small, "services", service)
        assert group is not None
        assert [(c.name, c.role) for c in group.callees] == [("Ana Souza", "Service owner")]


def test_the_dataclasses_are_values() -> None:
    number = Number("mobile", "+447911123456", "+44 7911 123456")
    callee = Callee("contacts", "x", "Ana", "Lead", "primary", 1, (number,), (), "")
    assert callee == Callee("contacts", "x", "Ana", "Lead", "primary", 1, (number,), (), "")
    assert hash(callee) == hash(
        Callee("contacts", "x", "Ana", "Lead", "primary", 1, (number,), (), "")
    )


def test_call_groups_are_call_group_for_each(demo: Vault) -> None:
    ids = [t["id"] for t in demo.records("teams")] + ["no-such-team"]
    assert call_groups(demo, "teams", ids) == [call_group(demo, "teams", i) for i in ids]
    assert call_groups(demo, "teams", []) == []
