"""A record's relations: the groups a service, contact, team, asset, supplier and site show
in their own words, the generic groups of everything else, and that nothing is left out."""

from __future__ import annotations

from typing import Any

import pytest

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Kind
from itscm_desktop.vault import relations as relations_module
from itscm_desktop.vault.relations import Related, RelationGroup, relations
from itscm_desktop.vault.vault import Vault


def named(vault: Vault, table: str, title: str) -> dict[str, Any]:
    field = REGISTRY[table].title_field
    matches = [r for r in vault.records(table) if r[field] == title]
    assert len(matches) == 1, (table, title)
    return matches[0]


def grouped(vault: Vault, table: str, title: str) -> dict[str, RelationGroup]:
    groups = relations(vault, table, named(vault, table, title)["id"])
    assert all(g.items for g in groups), "only groups with something in them"
    assert len({g.title for g in groups}) == len(groups)
    return {g.title: g for g in groups}


def pairs(group: RelationGroup) -> list[tuple[str, str]]:
    return [(item.title, item.detail) for item in group.items]


def test_a_service_in_its_own_words(demo: Vault) -> None:
    groups = grouped(demo, "services", "Warehouse management (Tessera WMS)")
    assert list(groups) == [
        "Owner",
        "Depends on",
        "Needed by",
        "Recovery plans",
        "Risks",
        "Business impact",
        "Exercises",
        "Incidents (Services affected)",
    ]
    assert pairs(groups["Owner"]) == [("Krzysztof Dąbrowski", "Warehouse Operations Manager, Łódź")]
    depends = groups["Depends on"].items
    assert ("WMS database (Oracle)", "runs on") in pairs(groups["Depends on"])
    assert {item.table for item in depends} == {"assets", "services", "suppliers"}
    details = [item.detail for item in depends]
    assert details == sorted(details, key=["runs on", "needs", "provided by", "hosted at"].index)
    assert pairs(groups["Needed by"]) == [("Data warehouse and BI", "needs")]
    assert pairs(groups["Recovery plans"]) == [
        ("WMS recovery — Łódź and Rotterdam", "Runbook 6 h 50 min")
    ]
    assert ("WMS restore exceeds its RTO", "likelihood 3 × impact 5") in pairs(groups["Risks"])
    assert pairs(groups["Exercises"]) == [
        ("ERP and WMS failover test", "Parallel test · held 2026-06-20"),
        ("Łódź site evacuation walkthrough", "Walkthrough · scheduled 2026-09-15"),
    ]


def test_business_impact_reads_rating_after_time(demo: Vault) -> None:
    service = named(demo, "services", "Warehouse management (Tessera WMS)")
    (impact_group,) = [
        g for g in relations(demo, "services", service["id"]) if g.title == "Business impact"
    ]
    impacts = demo.records("bia_impacts", where={"service_id": service["id"]})
    assert impact_group.count == len(impacts)
    windows = []
    for item in impact_group.items:
        impact = demo.get("bia_impacts", item.id)
        windows.append(impact["window_minutes"])
        label = REGISTRY["bia_impacts"].field("category").choice_label(impact["category"])
        assert item.title == label
        expected = f"rating {impact['rating']} after {format_minutes(impact['window_minutes'])}"
        assert item.detail.startswith(expected)
        if impact["cost"] is None:
            assert "cost" not in item.detail
        else:
            assert item.detail.endswith(f" · cost {impact['cost']:,.0f} GBP")
    assert windows == sorted(windows)


def test_a_contact_in_their_own_words(demo: Vault) -> None:
    groups = grouped(demo, "contacts", "Helen Ashworth")
    assert list(groups)[:5] == ["Site", "Teams", "Call trees", "Owns assets",
                                "Responsible for runbook steps"]  # fmt: skip
    assert pairs(groups["Teams"]) == [
        ("Crisis Management Team", "primary · Continuity coordinator and log keeper"),
        ("IT Recovery Team", "primary · Continuity coordinator"),
    ]
    assert ("Major IT outage", "Called by Gareth Llewellyn") in pairs(groups["Call trees"])
    helen = named(demo, "contacts", "Helen Ashworth")
    steps = [s for s in demo.records("runbook_steps") if s["contact_id"] == helen["id"]]
    assert groups["Responsible for runbook steps"].count == len(steps) == 21
    assert {i.table for i in groups["Responsible for runbook steps"].items} == {"runbook_steps"}
    assert pairs(groups["Plan settings (Plan owner)"]) == [("IT Service Continuity Plan", "")]


def test_a_contact_who_leads_and_owns(demo: Vault) -> None:
    groups = grouped(demo, "contacts", "Jürgen Müller")
    assert pairs(groups["Leads teams"]) == [("Network Team", "Network")]
    assert pairs(groups["Owns services"]) == [
        ("Network core and WAN", "Tier 1 · RTO 2 h"),
        ("VPN and remote access", "Tier 2 · RTO 4 h"),
    ]
    jurgen = named(demo, "contacts", "Jürgen Müller")
    assets = [a for a in demo.records("assets") if a["owner_id"] == jurgen["id"]]
    assert groups["Owns assets"].count == len(assets)
    assert ("DC1 core switch A", "Network · Critical") in pairs(groups["Owns assets"])


def test_a_supplier_contact_shows_whom_they_work_for(demo: Vault) -> None:
    groups = grouped(demo, "contacts", "Mathieu Lefèvre")
    (works_for,) = groups["Works for"].items
    assert (works_for.table, works_for.title) == ("suppliers", "Tessera Warehouse Software SAS")


def test_a_team(demo: Vault) -> None:
    groups = grouped(demo, "teams", "Network Team")
    assert list(groups) == ["Leader", "Members", "Responsible for runbook steps"]
    assert [d for _, d in pairs(groups["Members"])] == [
        "primary · Network lead",
        "primary · Core and data centre",
        "primary · Łódź and WAN",
        "alternate · On-site hands, Łódź",
        "alternate · Firewall rules (delegated)",
    ]
    assert ("Find the failed component", "Network core recovery — Leeds DC1") in pairs(
        groups["Responsible for runbook steps"]
    )


def test_an_asset(demo: Vault) -> None:
    groups = grouped(demo, "assets", "WMS database (Oracle)")
    assert list(groups) == ["Depends on", "Needed by", "Site", "Owner", "Supplier"]
    assert pairs(groups["Needed by"]) == [("Warehouse management (Tessera WMS)", "runs on")]
    assert pairs(groups["Owner"]) == [("Marek Grabowski", "Database Administrator")]
    assert groups["Site"].items[0].detail == "Data centre"


def test_a_supplier(demo: Vault) -> None:
    groups = grouped(demo, "suppliers", "Tessera Warehouse Software SAS")
    assert list(groups) == ["Contacts", "Assets it supports", "Needed by"]
    assert pairs(groups["Contacts"]) == [("Mathieu Lefèvre", "Support Manager")]
    assert pairs(groups["Assets it supports"]) == [
        ("Tessera WMS", "Software · Critical"),
        ("WMS database (Oracle)", "Data · Critical"),
    ]
    assert pairs(groups["Needed by"]) == [("Warehouse management (Tessera WMS)", "provided by")]


def test_a_site(demo: Vault) -> None:
    site = named(demo, "sites", "Łódź shared service centre and distribution hub")
    groups = {g.title: g for g in relations(demo, "sites", site["id"])}
    assert list(groups) == ["People", "Assets", "Hosted here", "Incidents (Sites affected)"]
    people = [c for c in demo.records("contacts") if c["site_id"] == site["id"]]
    assert groups["People"].count == len(people) == 20
    assets = [a for a in demo.records("assets") if a["site_id"] == site["id"]]
    assert groups["Assets"].count == len(assets)
    hosted = [d for d in demo.records("dependencies") if d["to_id"] == site["id"]]
    assert groups["Hosted here"].count == len(hosted)
    assert {i.detail for i in groups["Hosted here"].items} == {"hosted at"}


def test_everything_else_is_generic(demo: Vault) -> None:
    groups = grouped(demo, "recovery_plans", "WMS recovery — Łódź and Rotterdam")
    assert list(groups)[:3] == ["Services covered", "Plan owner", "Runbook steps"]
    steps = groups["Runbook steps"].items
    records = [demo.get("runbook_steps", s.id) for s in steps]
    phases = ["activation", "recovery", "reconstitution"]
    keys = [(phases.index(r["phase"]), r["position"]) for r in records]
    assert keys == sorted(keys)
    exercise = grouped(demo, "exercises", "ERP and WMS failover test")
    assert list(exercise) == ["Services exercised", "Participants", "Findings and actions"]
    dependency = demo.records("dependencies", limit=1)[0]
    titles = [g.title for g in relations(demo, "dependencies", dependency["id"])]
    assert titles == ["What", "Depends on"]


@pytest.mark.parametrize(
    "table",
    ["recovery_plans", "exercises", "incidents", "call_trees", "risks", "plan", "documents"],
)
def test_generic_groups_leave_nothing_out(demo: Vault, table: str) -> None:
    for record in demo.records(table):
        shown = {
            (item.table, item.id)
            for group in relations(demo, table, record["id"])
            for item in group.items
        }
        expected = {(ref.table, ref.record["id"]) for ref in demo.referrers(table, record["id"])}
        for field in REGISTRY[table].reference_fields:
            value = record.get(field.name)
            for target in value if field.kind is Kind.REFS else [value] if value else []:
                expected |= {(t, target) for t in field.ref if demo.find(t, target)}
        assert shown == expected, (table, record["id"])


def test_special_groups_leave_nothing_out_either(demo: Vault) -> None:
    """Every record pointing at a service, asset, supplier or site shows up: itself, or
    (for the links special groups turn round) the record at its other end."""
    for table in ("services", "assets", "suppliers", "sites"):
        for record in demo.records(table, limit=12):
            shown = {(i.table, i.id) for g in relations(demo, table, record["id"]) for i in g.items}
            for ref in demo.referrers(table, record["id"]):
                other = ref.record
                if ref.table == "dependencies":
                    end = other["to_id"] if ref.field == "from_id" else other["from_id"]
                    assert any(i == end for _, i in shown), (table, ref)
                else:
                    assert (ref.table, other["id"]) in shown, (table, ref.table, ref.field)


def test_long_groups_are_cut_and_counted(demo: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relations_module, "MAX_ITEMS", 3)
    site = named(demo, "sites", "Łódź shared service centre and distribution hub")
    groups = {g.title: g for g in relations(demo, "sites", site["id"])}
    assert len(groups["People"].items) == 3
    assert groups["People"].more == 17 and groups["People"].count == 20
    incident = demo.records("incidents", limit=1)[0]
    log = {g.title: g for g in relations(demo, "incidents", incident["id"])}["Incident log"]
    assert len(log.items) == 3 and log.count == 32


def test_a_record_that_is_not_there_has_no_relations(demo: Vault) -> None:
    assert relations(demo, "services", "no-such-id") == []


def test_the_dataclasses_are_values() -> None:
    item = Related("services", "x", "ERP", "runs on")
    assert RelationGroup("Depends on", (item,)) == RelationGroup("Depends on", (item,), 0)
    assert RelationGroup("Depends on", (item,), 4).count == 5
