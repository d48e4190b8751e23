"""The demo organisation holds what the generator promises, each promise checked by a
query against the generated vault."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import phonenumbers
import pytest

from itscm_desktop.demo import REFERENCE_DATE, generate
from itscm_desktop.domain.bia import Impact, objective_problems
from itscm_desktop.domain.entities import (
    ASSET_KINDS,
    REGISTRY,
    TEMPLATE_PLACEHOLDERS,
)
from itscm_desktop.domain.registry import Kind
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

TODAY = REFERENCE_DATE.isoformat()
UNICODE_NAMES = (
    "Łukasz Wróbel",
    "Jürgen Müller",
    "Søren Ørsted",
    "Ζωή Παπαδοπούλου",
    "Юлия Смирнова",
    "田中 太郎",
)
NAMES_FROM_EVERYWHERE = (
    "Élodie Fontaine",  # French
    "Mathieu Lefèvre",
    "José Antonio García Núñez",  # Spanish
    "Siobhán Ní Bhriain",  # Irish
    "Pádraig Ó Súilleabháin",
    "Pieter van der Berg",  # Dutch
    "Femke de Vries",
    "Priya Raghunathan",  # Indian
    "Ananya Deshpande",
)
E164 = re.compile(r"\+[1-9][0-9]{1,14}")


def by_id(vault: Vault, table: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in vault.records(table)}


def site_id(vault: Vault, name_start: str) -> str:
    return next(str(s["id"]) for s in vault.records("sites") if s["name"].startswith(name_start))


# --- Counts ------------------------------------------------------------------------------


def test_counts_returned_match_the_vault(
    demo: Vault, demo_file: tuple[Path, dict[str, int]]
) -> None:
    stats = demo.stats()
    assert demo_file[1] == {t: n for t, n in stats.items() if t != "plan" and n}
    assert stats["plan"] == 1


def test_the_demo_has_the_promised_sizes(demo: Vault) -> None:
    stats = demo.stats()
    assert stats["services"] >= 12
    assert stats["contacts"] >= 60
    assert stats["teams"] >= 6
    assert stats["call_trees"] >= 2
    assert stats["suppliers"] >= 15
    assert stats["assets"] >= 150
    assert stats["recovery_plans"] >= 5
    assert stats["risks"] >= 10
    assert stats["exercises"] == 3
    assert stats["incidents"] == 1
    assert stats["message_templates"] >= 3
    assert 1 <= stats["documents"] <= 2


def test_generate_refuses_an_unknown_size(tmp_path: Path) -> None:
    with (
        Vault.create(tmp_path / "x.itscm", PASSPHRASE, organisation="X") as vault,
        pytest.raises(ValueError, match="size"),
    ):
        generate(vault, "huge")  # type: ignore[arg-type]


# --- The plan ----------------------------------------------------------------------------


def test_the_plan_header_is_complete(demo: Vault) -> None:
    plan = demo.plan()
    assert plan["organisation"] == "Wharfedale & Vistula Logistics Ltd"
    assert plan["classification"] == "confidential"
    assert plan["version"] and plan["scope"] and plan["assumptions"]
    assert plan["approved_by"] and plan["approved_on"] < TODAY
    assert plan["last_reviewed_on"] < TODAY
    assert plan["review_interval_months"] == 12
    owner = demo.get("contacts", plan["owner_id"])
    assert owner["job_title"] == "Head of IT Service Continuity"
    assert phonenumbers.is_valid_number(phonenumbers.parse(plan["crisis_line"]))


# --- People --------------------------------------------------------------------------------


def test_unicode_names_are_stored_exactly(demo: Vault) -> None:
    names = {c["full_name"] for c in demo.records("contacts")}
    for name in (*UNICODE_NAMES, *NAMES_FROM_EVERYWHERE):
        assert name in names


def test_lodz_has_staff_with_polish_numbers(demo: Vault) -> None:
    lodz = site_id(demo, "Łódź")
    staff = demo.records("contacts", where={"site_id": lodz})
    assert len(staff) >= 8
    assert "Łukasz Wróbel" in {c["full_name"] for c in staff}
    assert all(c["mobile_phone"].startswith("+48") for c in staff)
    assert all(c["work_phone"].startswith("+4842") for c in staff)


def test_every_phone_number_is_valid_e164(demo: Vault) -> None:
    checked = 0
    for entity in REGISTRY:
        phone_fields = [f.name for f in entity.fields if f.kind is Kind.PHONE]
        for record in demo.records(entity.table) if phone_fields else ():
            for name in phone_fields:
                number = record[name]
                if number is None:
                    continue
                assert E164.fullmatch(number), (entity.table, name, number)
                assert phonenumbers.is_valid_number(phonenumbers.parse(number)), number
                checked += 1
    assert checked > 200


def test_contacts_are_reachable_and_mostly_recently_verified(demo: Vault) -> None:
    contacts = demo.records("contacts")
    stale_before = (REFERENCE_DATE - timedelta(days=180)).isoformat()
    stale = [c for c in contacts if c["last_verified_on"] < stale_before]
    assert 3 <= len(stale) <= len(contacts) // 4
    assert all(c["last_verified_on"] <= TODAY for c in contacts)
    assert all(c["mobile_phone"] and c["work_phone"] and c["work_email"] for c in contacts)
    assert all(c["job_title"] and c["organisation"] for c in contacts)
    assert sum(1 for c in contacts if c["home_phone"]) >= 30
    assert sum(1 for c in contacts if c["personal_email"]) >= 20
    emails = [c["work_email"] for c in contacts]
    assert len(set(emails)) == len(emails)


def test_supplier_staff_work_for_their_supplier(demo: Vault) -> None:
    suppliers = by_id(demo, "suppliers")
    theirs = [c for c in demo.records("contacts") if c["supplier_id"]]
    assert len(theirs) >= 10
    for contact in theirs:
        assert contact["organisation"] == suppliers[contact["supplier_id"]]["name"]
    tanaka = next(c for c in theirs if c["full_name"] == "田中 太郎")
    assert tanaka["mobile_phone"].startswith("+81")


# --- Teams and call trees ------------------------------------------------------------------


def test_teams_have_leaders_primaries_and_alternates(demo: Vault) -> None:
    teams = demo.records("teams")
    purposes = {t["purpose"] for t in teams}
    assert {
        "crisis_management",
        "it_recovery",
        "network",
        "communications",
        "facilities",
        "applications",
    } <= purposes
    without_alternate = []
    for team in teams:
        assert team["leader_id"]
        members = demo.records("team_members", where={"team_id": team["id"]})
        kinds = Counter(m["membership"] for m in members)
        assert kinds["primary"] >= 2
        assert [m["position"] for m in members] == list(range(1, len(members) + 1))
        if not kinds["alternate"]:
            without_alternate.append(team["name"])
    assert without_alternate == ["Information Security Incident Response"]


def test_call_trees_are_nested_with_escalation_times(demo: Vault) -> None:
    trees = {t["name"]: t for t in demo.records("call_trees")}
    assert {"Major IT outage", "Site evacuation — Łódź"} <= set(trees)
    for tree in trees.values():
        nodes = {
            n["id"]: n for n in demo.records("call_tree_nodes", where={"call_tree_id": tree["id"]})
        }
        roots = [n for n in nodes.values() if n["parent_id"] is None]
        assert len(roots) == 1
        depth = {}
        for node in nodes.values():
            d, current = 0, node
            while current["parent_id"] is not None:
                current, d = nodes[current["parent_id"]], d + 1
            depth[node["id"]] = d
        assert max(depth.values()) >= 2
        assert all(n["instructions"] for n in nodes.values())
        assert all(n["escalate_after_minutes"] for n in nodes.values() if n["parent_id"])


# --- Suppliers ---------------------------------------------------------------------------


def test_suppliers_have_support_lines_and_contracts(demo: Vault) -> None:
    suppliers = demo.records("suppliers")
    for s in suppliers:
        for field in (
            "provides",
            "contract_ref",
            "contracted_recovery_minutes",
            "support_phone",
            "account_number",
            "contract_expires_on",
        ):
            assert s[field], (s["name"], field)
    assert any(s["contract_expires_on"] < TODAY for s in suppliers)


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
