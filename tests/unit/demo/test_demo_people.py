"""The demo organisation holds what the generator promises — sizes, the plan header,
people, teams, call trees, suppliers — each promise checked by a query."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import phonenumbers
import pytest

from itscm_desktop.demo import REFERENCE_DATE, generate
from itscm_desktop.domain.entities import (
    REGISTRY,
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
