"""The readiness rules: their declarations, what they find in the demo organisation, and
each rule's edge, by changing the demo (or a small hand-made plan) and looking again.

Changes are made inside a save that is never committed (`tried`): queries on the same
connection see them, and the module's vault is unchanged for the next test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from itscm_desktop.demo import REFERENCE_DATE
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.readiness import (
    RULES,
    ReadinessRule,
    add_months,
    needs_backup_information,
    plan_review_overdue,
    review_due_on,
    verified_before,
)
from itscm_desktop.vault.readiness import ReadinessFinding, check_readiness, check_rule
from itscm_desktop.vault.vault import Vault
from tests.unit.vault.conftest import tried

TODAY = REFERENCE_DATE


def found(vault: Vault, key: str, today: date = TODAY) -> ReadinessFinding:
    return check_rule(vault, key, today)


def titles(vault: Vault, finding: ReadinessFinding) -> list[str]:
    return [vault.title(finding.table, vault.get(finding.table, i)) for i in finding.record_ids]


def one_id(vault: Vault, table: str, title: str) -> str:
    field = REGISTRY[table].title_field
    matches = [r["id"] for r in vault.records(table) if r[field] == title]
    assert len(matches) == 1, (table, title, matches)
    return str(matches[0])


# --- The rules themselves ----------------------------------------------------------------


def test_the_rules_come_in_the_dashboard_order() -> None:
    assert [rule.key for rule in RULES] == [
        "services_without_plan",
        "tier1_plans_over_rto",
        "contacts_not_verified",
        "teams_without_alternate",
        "call_trees_unreachable",
        "assets_without_backup",
        "exercises_overdue",
        "actions_past_due",
        "plan_review_overdue",
        "sync_conflicts",
    ]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.key)
def test_each_rule_is_explained_in_plain_words(rule: ReadinessRule) -> None:
    assert rule.table in REGISTRY
    title, explanation = rule.title, rule.explanation
    assert 10 < len(title) <= 60 and title[0].isupper() and not title.endswith(".")
    assert explanation.endswith(".") and len(explanation) < 240
    for jargon in ("null", "record id", " id ", "validation", "query", "SQL", "table"):
        assert jargon not in f"{title} {explanation}"


def test_the_service_tables_of_the_rules() -> None:
    tables = {rule.key: rule.table for rule in RULES}
    assert tables["tier1_plans_over_rto"] == "services"
    assert tables["call_trees_unreachable"] == "call_trees"
    assert tables["actions_past_due"] == "exercise_actions"
    assert tables["plan_review_overdue"] == "plan"


@pytest.mark.parametrize(
    ("kind", "criticality", "needed"),
    [
        ("data", "low", True),
        ("cloud", None, True),
        ("hardware", "critical", True),
        ("hardware", "high", True),
        ("hardware", "medium", False),
        ("hardware", "low", False),
        ("software", "critical", False),
        ("network", "critical", False),
        ("facility", "high", False),
    ],
)
def test_which_assets_need_backup_information(
    kind: str, criticality: str | None, needed: bool
) -> None:
    assert needs_backup_information(kind, criticality) is needed


def test_months_are_added_like_a_calendar() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 15), 12) == date(2027, 11, 15)
    assert add_months(date(2026, 11, 15), 2) == date(2027, 1, 15)


def test_the_review_counts_from_the_last_review_else_the_approval() -> None:
    assert review_due_on(date(2026, 1, 10), date(2025, 1, 1), 12) == date(2027, 1, 10)
    assert review_due_on(None, date(2025, 6, 1), 6) == date(2025, 12, 1)
    assert review_due_on(None, None, 12) is None
    assert review_due_on(date(2026, 1, 10), None, None) == date(2027, 1, 10)  # default 12


def test_a_review_is_overdue_the_day_after_it_is_due() -> None:
    due = date(2027, 1, 10)
    assert not plan_review_overdue(due, date(2026, 1, 10), None, 12)
    assert plan_review_overdue(due + timedelta(days=1), date(2026, 1, 10), None, 12)
    assert plan_review_overdue(due, None, None, 12)


def test_contacts_are_due_for_verification_after_the_plans_days() -> None:
    assert verified_before(date(2026, 11, 1), 30) == date(2026, 10, 2)
    assert verified_before(date(2026, 11, 1), None) == date(2026, 11, 1) - timedelta(days=180)


# --- The demo organisation -----------------------------------------------------------------


def test_every_rule_is_answered_in_order_with_records_of_its_table(demo: Vault) -> None:
    findings = check_readiness(demo, TODAY)
    assert [f.rule for f in findings] == list(RULES)
    for finding in findings:
        assert finding.count == len(finding.record_ids) == len(set(finding.record_ids))
        assert finding.table == finding.rule.table
        for record_id in finding.record_ids:
            assert demo.find(finding.table, record_id) is not None


def test_the_demo_shows_its_deliberate_gaps(demo: Vault) -> None:
    counts = {f.rule.key: f.count for f in check_readiness(demo, TODAY)}
    assert counts == {
        "services_without_plan": 7,
        "tier1_plans_over_rto": 1,
        "contacts_not_verified": 7,
        "teams_without_alternate": 1,
        "call_trees_unreachable": 0,
        "assets_without_backup": 5,
        "exercises_overdue": 1,
        "actions_past_due": 4,
        "plan_review_overdue": 0,
        "sync_conflicts": 0,
    }


def test_the_wms_plan_is_longer_than_the_wms_rto(demo: Vault) -> None:
    finding = found(demo, "tier1_plans_over_rto")
    assert titles(demo, finding) == ["Warehouse management (Tessera WMS)"]
    note = finding.note(finding.record_ids[0])
    assert note == "Runbook 6 h 50 min, RTO 4 h (WMS recovery — Łódź and Rotterdam)"


def test_a_runbook_exactly_as_long_as_the_rto_is_not_flagged(demo: Vault) -> None:
    wms = one_id(demo, "services", "Warehouse management (Tessera WMS)")
    with tried(demo) as edit:
        edit.update("services", wms, {"rto_minutes": 410})
        assert found(demo, "tier1_plans_over_rto").count == 0
        edit.update("services", wms, {"rto_minutes": 409})
        assert found(demo, "tier1_plans_over_rto").record_ids == (wms,)
        edit.update("services", wms, {"tier": 2})
        assert found(demo, "tier1_plans_over_rto").count == 0


def test_a_shorter_runbook_brings_the_wms_within_its_rto(demo: Vault) -> None:
    plan = one_id(demo, "recovery_plans", "WMS recovery — Łódź and Rotterdam")
    steps = demo.records("runbook_steps", where={"recovery_plan_id": plan})
    longest = max(steps, key=lambda s: s["estimated_minutes"] or 0)
    with tried(demo) as edit:
        edit.update("runbook_steps", longest["id"], {"estimated_minutes": 0})
        still = sum(s["estimated_minutes"] or 0 for s in steps) - longest["estimated_minutes"]
        assert (still <= 240) == (found(demo, "tier1_plans_over_rto").count == 0)
        for step in steps:
            edit.update("runbook_steps", step["id"], {"estimated_minutes": 10})
        assert found(demo, "tier1_plans_over_rto").count == 0


def test_services_without_plan_are_those_no_plan_covers(demo: Vault) -> None:
    covered = {s for p in demo.records("recovery_plans") for s in p["service_ids"]}
    expected = [
        s["id"] for s in demo.records("services", order_by="name") if s["id"] not in covered
    ]
    finding = found(demo, "services_without_plan")
    assert list(finding.record_ids) == expected
    assert "Transport management and track-and-trace" in titles(demo, finding)


def test_a_service_added_to_a_plan_drops_out(demo: Vault) -> None:
    tms = one_id(demo, "services", "Transport management and track-and-trace")
    plan = demo.records("recovery_plans", limit=1)[0]
    with tried(demo) as edit:
        edit.update("recovery_plans", plan["id"], {"service_ids": [*plan["service_ids"], tms]})
        assert tms not in found(demo, "services_without_plan").record_ids
    assert tms in found(demo, "services_without_plan").record_ids


def test_contacts_verified_long_ago_or_never_are_listed(demo: Vault) -> None:
    cutoff = (TODAY - timedelta(days=180)).isoformat()
    expected = {
        c["id"]
        for c in demo.records("contacts")
        if not c["last_verified_on"] or c["last_verified_on"] < cutoff
    }
    finding = found(demo, "contacts_not_verified")
    assert set(finding.record_ids) == expected
    assert all(finding.note(i).startswith("Last verified 20") for i in finding.record_ids)


def test_a_contact_verified_today_drops_out_and_one_never_verified_comes_in(
    demo: Vault,
) -> None:
    stale = found(demo, "contacts_not_verified").record_ids[0]
    with tried(demo) as edit:
        edit.update("contacts", stale, {"last_verified_on": TODAY.isoformat()})
        newcomer = edit.insert("contacts", {"full_name": "Nadia Newcomer"})
        finding = found(demo, "contacts_not_verified")
        assert stale not in finding.record_ids
        assert newcomer in finding.record_ids
        assert finding.note(newcomer) == "Never verified"


def test_the_plan_decides_how_long_a_verification_lasts(demo: Vault) -> None:
    before = found(demo, "contacts_not_verified").count
    with tried(demo) as edit:
        edit.update("plan", demo.plan()["id"], {"verify_contacts_days": 3650})
        assert found(demo, "contacts_not_verified").count == 0
        edit.update("plan", demo.plan()["id"], {"verify_contacts_days": 30})
        assert found(demo, "contacts_not_verified").count > before


def test_the_security_team_has_no_alternate_until_it_gains_one(demo: Vault) -> None:
    finding = found(demo, "teams_without_alternate")
    assert titles(demo, finding) == ["Information Security Incident Response"]
    team = finding.record_ids[0]
    someone = demo.records("contacts", limit=1)[0]["id"]
    with tried(demo) as edit:
        edit.insert(
            "team_members",
            {"team_id": team, "contact_id": someone, "membership": "primary", "position": 9},
        )
        assert found(demo, "teams_without_alternate").record_ids == (team,)
        edit.insert(
            "team_members",
            {"team_id": team, "contact_id": someone, "membership": "alternate", "position": 10},
        )
        assert found(demo, "teams_without_alternate").count == 0


def test_a_call_tree_with_someone_who_has_no_number_is_unreachable(demo: Vault) -> None:
    assert found(demo, "call_trees_unreachable").count == 0
    node = demo.records("call_tree_nodes", limit=1)[0]
    person = demo.get("contacts", node["contact_id"])
    with tried(demo) as edit:
        edit.update("contacts", person["id"], {"mobile_phone": None, "work_phone": None})
        if person["home_phone"]:
            assert found(demo, "call_trees_unreachable").count == 0  # the home phone will do
        edit.update("contacts", person["id"], {"home_phone": None})
        finding = found(demo, "call_trees_unreachable")
        assert node["call_tree_id"] in finding.record_ids
        assert person["full_name"] in finding.note(node["call_tree_id"])


def test_assets_without_backup_information(demo: Vault) -> None:
    finding = found(demo, "assets_without_backup")
    assert sorted(titles(demo, finding)) == sorted(
        [
            "Continuity laptops (4)",
            "Domain controller ldz-dc04 (Łódź)",
            "EDI gateway",
            "Handheld scanners, Łódź (pool of 180)",
            "TMS reporting replica",
        ]
    )


def test_backup_information_is_asked_of_data_and_important_hardware_only(demo: Vault) -> None:
    with tried(demo) as edit:
        data = edit.insert("assets", {"name": "Claims archive", "kind": "data"})
        printer = edit.insert(
            "assets", {"name": "Label printer", "kind": "hardware", "criticality": "low"}
        )
        server = edit.insert(
            "assets", {"name": "Print server", "kind": "hardware", "criticality": "high"}
        )
        flagged = found(demo, "assets_without_backup").record_ids
        assert data in flagged and server in flagged and printer not in flagged
        edit.update("assets", data, {"backup_frequency": "daily"})
        edit.update("assets", server, {"backup_method": "Veeam image, nightly"})
        flagged = found(demo, "assets_without_backup").record_ids
        assert data not in flagged and server not in flagged


def test_an_overdue_exercise_drops_out_once_held(demo: Vault) -> None:
    finding = found(demo, "exercises_overdue")
    assert titles(demo, finding) == ["Łódź site evacuation walkthrough"]
    assert finding.note(finding.record_ids[0]) == "Scheduled for 2026-09-15"
    assert found(demo, "exercises_overdue", date(2026, 9, 15)).count == 0  # due, not overdue
    with tried(demo) as edit:
        edit.update("exercises", finding.record_ids[0], {"held_on": "2026-09-20"})
        assert found(demo, "exercises_overdue").count == 0


def test_actions_past_due_are_the_open_ones(demo: Vault) -> None:
    expected = [
        a["id"]
        for a in demo.records("exercise_actions", order_by="due_on")
        if a["status"] not in ("done", "wont_do") and a["due_on"] < TODAY.isoformat()
    ]
    finding = found(demo, "actions_past_due")
    assert list(finding.record_ids) == expected
    first, second = finding.record_ids[:2]
    with tried(demo) as edit:
        edit.update("exercise_actions", first, {"status": "done"})
        edit.update("exercise_actions", second, {"status": "wont_do"})
        assert found(demo, "actions_past_due").record_ids == tuple(expected[2:])


def test_the_plan_review_falls_due_with_time(demo: Vault) -> None:
    plan = demo.plan()
    due = add_months(date.fromisoformat(plan["last_reviewed_on"]), plan["review_interval_months"])
    assert found(demo, "plan_review_overdue", due).count == 0
    late = found(demo, "plan_review_overdue", due + timedelta(days=1))
    assert late.record_ids == (plan["id"],)
    assert late.note(plan["id"]) == f"Review was due {due.isoformat()}"


def test_without_a_review_the_approval_counts_and_without_both_it_is_overdue(
    demo: Vault,
) -> None:
    plan = demo.plan()
    with tried(demo) as edit:
        edit.update("plan", plan["id"], {"last_reviewed_on": None, "approved_on": "2026-01-15"})
        assert found(demo, "plan_review_overdue").count == 0
        edit.update("plan", plan["id"], {"approved_on": "2025-10-31"})
        assert found(demo, "plan_review_overdue").count == 1
        edit.update("plan", plan["id"], {"approved_on": None})
        finding = found(demo, "plan_review_overdue")
        assert finding.note(plan["id"]) == "Never reviewed nor approved"


def test_today_defaults_to_the_computers_date(demo: Vault) -> None:
    assert check_readiness(demo) == check_readiness(demo, date.today())
    assert check_readiness(demo) != check_readiness(demo, date(2020, 1, 1))


# --- A small hand-made plan --------------------------------------------------------------


def test_a_new_plan_only_lacks_its_review(small: Vault) -> None:
    counts = {f.rule.key: f.count for f in check_readiness(small, TODAY)}
    assert counts == {key: 0 for key in counts} | {"plan_review_overdue": 1}


def test_a_small_plan_fills_every_rule(small: Vault) -> None:
    with tried(small) as edit:
        ana = edit.insert("contacts", {"full_name": "Ana Souza"})
        team = edit.insert("teams", {"name": "Network team", "leader_id": ana})
        edit.insert("team_members", {"team_id": team, "contact_id": ana})
        tree = edit.insert("call_trees", {"name": "Outage", "team_id": team})
        edit.insert("call_tree_nodes", {"call_tree_id": tree, "contact_id": ana})
        payroll = edit.insert("services", {"name": "Payroll", "tier": 1, "rto_minutes": "1h"})
        email = edit.insert("services", {"name": "E-mail", "tier": 1})
        plan = edit.insert("recovery_plans", {"name": "Payroll recovery", "service_ids": [payroll]})
        for position in range(3):
            edit.insert(
                "runbook_steps",
                {"recovery_plan_id": plan, "title": f"Step {position}", "position": position,
                 "estimated_minutes": 30},
            )  # fmt: skip
        edit.insert("assets", {"name": "Payroll database", "kind": "data"})
        exercise = edit.insert(
            "exercises", {"title": "Payroll tabletop", "scheduled_on": "2026-10-01"}
        )
        edit.insert(
            "exercise_actions",
            {"exercise_id": exercise, "finding": "No runbook", "due_on": "2026-10-31"},
        )
        findings = {f.rule.key: f for f in check_readiness(small, TODAY)}
        assert findings["services_without_plan"].record_ids == (email,)
        assert findings["tier1_plans_over_rto"].record_ids == (payroll,)
        assert findings["tier1_plans_over_rto"].note(payroll) == (
            "Runbook 1 h 30 min, RTO 1 h (Payroll recovery)"
        )
        assert findings["contacts_not_verified"].record_ids == (ana,)
        assert findings["teams_without_alternate"].record_ids == (team,)
        assert findings["call_trees_unreachable"].record_ids == (tree,)
        assert findings["call_trees_unreachable"].note(tree) == "No number for Ana Souza"
        assert findings["assets_without_backup"].count == 1
        assert findings["exercises_overdue"].record_ids == (exercise,)
        assert findings["actions_past_due"].count == 1
        assert findings["plan_review_overdue"].count == 1
        assert findings["sync_conflicts"].count == 0
