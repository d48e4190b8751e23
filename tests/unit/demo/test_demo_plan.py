"""The demo organisation's continuity content — services and their BIA, dependencies,
assets, runbooks, risks, exercises, the incident, templates — checked by queries."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

import pytest

from itscm_desktop.demo import REFERENCE_DATE
from itscm_desktop.domain.bia import Impact, objective_problems
from itscm_desktop.domain.entities import (
    ASSET_KINDS,
    TEMPLATE_PLACEHOLDERS,
)
from itscm_desktop.vault.vault import Vault

TODAY = REFERENCE_DATE.isoformat()


def by_id(vault: Vault, table: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in vault.records(table)}


# --- Services, BIA and dependencies ------------------------------------------------------


@pytest.mark.parametrize(
    "needle",
    ["E-mail", "ERP", "Payroll", "web shop", "VPN", "File shares", "single sign-on",
     "Warehouse management", "telephony", "Data warehouse", "HR system", "Network core"],
)  # fmt: skip
def test_the_catalogue_covers_the_usual_services(demo: Vault, needle: str) -> None:
    assert any(needle in s["name"] for s in demo.records("services"))


def test_every_service_is_owned_with_consistent_objectives(demo: Vault) -> None:
    for s in demo.records("services"):
        assert s["owner_id"] and s["description"] and s["business_processes"]
        assert 1 <= s["tier"] <= 4
        assert s["rto_minutes"] <= s["mtd_minutes"]
        assert s["rpo_minutes"] is not None
        impacts = demo.records("bia_impacts", where={"service_id": s["id"]})
        assert len({i["category"] for i in impacts}) >= 3
        assert len({i["window_minutes"] for i in impacts}) >= 4
        problems = objective_problems(
            s["rto_minutes"],
            s["rpo_minutes"],
            s["mtd_minutes"],
            [Impact(i["category"], i["window_minutes"], i["rating"], i["cost"]) for i in impacts],
        )
        assert problems == [], (s["name"], problems)


def test_ratings_rise_with_time(demo: Vault) -> None:
    series: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for i in demo.records("bia_impacts"):
        series[(i["service_id"], i["category"])].append((i["window_minutes"], i["rating"]))
    for points in series.values():
        ratings = [r for _, r in sorted(points)]
        assert ratings == sorted(ratings)
        assert ratings[-1] > ratings[0]


def test_dependencies_link_services_assets_sites_and_suppliers(demo: Vault) -> None:
    tables = {
        record_id: table
        for table in ("services", "assets", "sites", "suppliers")
        for record_id in by_id(demo, table)
    }
    kinds = Counter(
        (tables[d["from_id"]], d["kind"], tables[d["to_id"]]) for d in demo.records("dependencies")
    )
    assert kinds[("services", "needs", "services")] >= 10
    assert kinds[("services", "runs_on", "assets")] >= 16
    assert kinds[("assets", "hosted_at", "sites")] >= 40
    assert kinds[("services", "provided_by", "suppliers")] >= 10


def test_no_service_needs_a_slower_one(demo: Vault) -> None:
    services = by_id(demo, "services")
    for d in demo.records("dependencies", where={"kind": "needs"}):
        if d["from_id"] in services and d["to_id"] in services:
            assert services[d["to_id"]]["rto_minutes"] <= services[d["from_id"]]["rto_minutes"]


# --- Assets ------------------------------------------------------------------------------


def test_assets_cover_every_kind_over_several_sites(demo: Vault) -> None:
    assets = demo.records("assets")
    sites = by_id(demo, "sites")
    assert {a["kind"] for a in assets} == {k for k, _ in ASSET_KINDS}
    site_kinds = {sites[a["site_id"]]["kind"] for a in assets}
    assert {"office", "data_centre", "alternate_warm", "cloud_region"} <= site_kinds
    assert all(a["owner_id"] and a["site_id"] and a["criticality"] for a in assets)
    assert sum(1 for a in assets if a["supplier_id"]) >= 40
    assert sum(1 for a in assets if a["serial"]) >= 60
    hostnames = [a["hostname"] for a in assets if a["hostname"]]
    addresses = [h.split(" / ")[1] for h in hostnames if " / 10." in h]
    assert len(set(addresses)) == len(addresses)


def test_only_the_deliberate_gaps_lack_backup_information(demo: Vault) -> None:
    unprotected = {
        a["name"]
        for a in demo.records("assets")
        if not a["backup_method"]
        and (
            a["kind"] in ("data", "cloud")
            or (a["kind"] == "hardware" and a["vendor"] in ("Dell", "HPE", "VMware"))
        )
    }
    assert unprotected == {
        "EDI gateway",
        "Domain controller ldz-dc04 (Łódź)",
        "TMS reporting replica",
    }


# --- Recovery plans ----------------------------------------------------------------------


PHASES = ["activation", "recovery", "reconstitution"]


def plan_steps(vault: Vault, plan_id: str) -> list[dict[str, Any]]:
    """A plan's steps in runbook order (the phases' order, not their names' order)."""
    steps = vault.records("runbook_steps", where={"recovery_plan_id": plan_id})
    return sorted(steps, key=lambda s: (PHASES.index(s["phase"]), s["position"]))


def test_runbooks_are_ordered_and_complete(demo: Vault) -> None:
    for plan in demo.records("recovery_plans"):
        steps = plan_steps(demo, plan["id"])
        assert len(steps) >= 8
        titles = {s["id"]: s for s in steps}
        for index, step in enumerate(steps):
            earlier = {s["id"] for s in steps[:index]}
            assert set(step["depends_on_ids"]) <= earlier, (plan["name"], step["title"])
            assert set(step["depends_on_ids"]) <= set(titles)
        for phase in PHASES:
            positions = [s["position"] for s in steps if s["phase"] == phase]
            assert positions == list(range(1, len(positions) + 1)), (plan["name"], phase)
        for s in steps:
            assert s["instructions"] and s["verification"] and s["role"] and s["team_id"]
            assert s["estimated_minutes"] > 0
        assert sum(1 for s in steps if s["depends_on_ids"]) >= len(steps) // 2
        assert plan["service_ids"] and plan["owner_id"] and plan["activation_criteria"]


def test_exactly_one_tier_1_plan_exceeds_its_rto(demo: Vault) -> None:
    services = by_id(demo, "services")
    late = []
    for plan in demo.records("recovery_plans"):
        covered = [services[s] for s in plan["service_ids"]]
        rto = min(s["rto_minutes"] for s in covered)
        total = sum(s["estimated_minutes"] for s in plan_steps(demo, plan["id"]))
        if total > rto:
            late.append((plan["name"], min(s["tier"] for s in covered)))
    assert late == [("WMS recovery — Łódź and Rotterdam", 1)]


# --- Risks, exercises, incident ------------------------------------------------------------


def test_risks_are_scored_owned_and_linked(demo: Vault) -> None:
    for risk in demo.records("risks"):
        assert 1 <= risk["likelihood"] <= 5 and 1 <= risk["impact"] <= 5
        assert risk["owner_id"] and risk["service_ids"] and risk["treatment"]
        assert risk["review_on"]


def test_exercises_one_overdue_two_held_with_overdue_actions(demo: Vault) -> None:
    exercises = demo.records("exercises")
    held = [e for e in exercises if e["held_on"]]
    overdue = [e for e in exercises if not e["held_on"] and e["scheduled_on"] < TODAY]
    assert len(held) == 2 and len(overdue) == 1
    for exercise in held:
        actions = demo.records("exercise_actions", where={"exercise_id": exercise["id"]})
        assert actions and exercise["outcome"] and exercise["participant_ids"]
    actions = demo.records("exercise_actions")
    late = [a for a in actions if a["status"] in ("open", "in_progress") and a["due_on"] < TODAY]
    assert len(late) >= 2
    assert any(a["status"] == "done" for a in actions)


def test_the_incident_is_closed_with_a_full_timeline(demo: Vault) -> None:
    (incident,) = demo.records("incidents")
    assert incident["status"] == "closed"
    assert incident["declared_at"] < incident["closed_at"]
    events = demo.records("incident_events", where={"incident_id": incident["id"]})
    assert len(events) >= 15
    times = [e["occurred_at"] for e in events]
    assert times == sorted(times)
    assert incident["declared_at"] <= times[0] and times[-1] <= incident["closed_at"]
    kinds = Counter(e["kind"] for e in events)
    for kind in ("call", "decision", "step_started", "step_done", "status", "communication"):
        assert kinds[kind] >= 1
    assert all(e["call_result"] and e["contact_id"] for e in events if e["kind"] == "call")
    plan_step_ids = {s["id"] for p in incident["recovery_plan_ids"] for s in plan_steps(demo, p)}
    referenced = {e["step_id"] for e in events if e["step_id"]}
    assert len(referenced) >= 6 and referenced <= plan_step_ids


# --- Communications ----------------------------------------------------------------------


def test_templates_use_only_known_placeholders(demo: Vault) -> None:
    used: set[str] = set()
    for t in demo.records("message_templates"):
        found = set(re.findall(r"\{([^{}]*)\}", (t["subject"] or "") + t["body"]))
        assert found <= set(TEMPLATE_PLACEHOLDERS)
        used |= found
    assert {"service", "eta", "organisation", "crisis_line"} <= used


def test_documents_are_kept_in_the_vault(demo: Vault) -> None:
    documents = {d["name"]: d for d in demo.records("documents")}
    overview = documents["Network overview — sites and links.txt"]
    text = demo.document_bytes(overview["id"]).decode("utf-8")
    assert "DC1 core switch A" in text and "Łódź" in text
    assert overview["size_bytes"] == len(text.encode("utf-8"))
    lines = demo.document_bytes(documents["Supplier 24-7 lines.csv"]["id"]).decode("utf-8")
    assert lines.count("\r\n") == demo.count("suppliers") + 1


def test_search_finds_the_unicode_names(demo: Vault) -> None:
    assert any(h.title == "Łukasz Wróbel" for h in demo.search("Wróbel"))
    assert any(h.title == "Ζωή Παπαδοπούλου" for h in demo.search("Παπαδοπούλου"))


def test_dates_count_back_from_the_reference_date(demo: Vault) -> None:
    plan = demo.plan()
    assert plan["approved_on"] == "2026-03-14"
    assert plan["approved_on"] == (REFERENCE_DATE - timedelta(days=232)).isoformat()
