"""Answering the readiness rules against a vault: one SQL query per rule.

The dashboard calls `check_readiness` on every change it watches, so each rule is one
query over indexed columns; on the large organisation (5,000 contacts, 20,000 assets,
1,000 services) all ten together take a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.readiness import (
    HARDWARE_CRITICALITIES_BACKED_UP,
    KINDS_ALWAYS_BACKED_UP,
    RULE_BY_KEY,
    RULES,
    ReadinessRule,
    parse_day,
    review_due_on,
    verified_before,
)
from itscm_desktop.vault.connection import translate_errors
from itscm_desktop.vault.merging import record_title, stored_conflicts
from itscm_desktop.vault.sqlite import Connection
from itscm_desktop.vault.vault import Vault


@dataclass(frozen=True)
class ReadinessFinding:
    """What one rule found: the ids of the records it flags, in the order a list shows
    them (by name; actions by due date). `notes` says, for some rules, why a record is
    flagged ("Never verified", "Runbook 6 h 50 min, RTO 4 h")."""

    rule: ReadinessRule
    record_ids: tuple[str, ...]
    notes: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def count(self) -> int:
        return len(self.record_ids)

    @property
    def table(self) -> str:
        return self.rule.table

    @property
    def key(self) -> str:
        return self.rule.key

    def note(self, record_id: str) -> str:
        """Why this record is flagged, or "" when the rule's title says it all."""
        return self.notes.get(record_id, "")


Found = tuple[list[str], dict[str, str]]
Check = Callable[[Connection, date], Found]

#: A date column holding a day before the given one (empty values never count).
_DAY_BEFORE = "({0} IS NOT NULL AND {0} != '' AND {0} < ?)"


def _empty(column: str) -> str:
    return f"coalesce({column}, '') = ''"


def _ids(conn: Connection, sql: str, params: tuple[object, ...] = ()) -> list[str]:
    return [str(row[0]) for row in conn.execute(sql, params)]


def services_without_plan(conn: Connection, today: date) -> Found:
    sql = (
        "SELECT id FROM services WHERE id NOT IN ("
        " SELECT j.value FROM recovery_plans AS p, json_each(p.service_ids) AS j"
        ") ORDER BY name, id"
    )
    return _ids(conn, sql), {}


def tier1_plans_over_rto(conn: Connection, today: date) -> Found:
    """Tier 1 services covered by a plan whose steps' estimated minutes add up to more
    than the service's RTO; the note names the longest such plan."""
    sql = (
        "WITH totals AS ("
        " SELECT recovery_plan_id AS plan_id, sum(estimated_minutes) AS total"
        " FROM runbook_steps GROUP BY recovery_plan_id"
        ") "
        "SELECT s.id, s.rto_minutes, t.total, p.name "
        "FROM totals AS t "
        "JOIN recovery_plans AS p ON p.id = t.plan_id "
        "CROSS JOIN json_each(p.service_ids) AS j "
        "CROSS JOIN services AS s ON s.id = j.value "
        "WHERE +s.tier = 1 AND s.rto_minutes IS NOT NULL AND t.total > s.rto_minutes "
        "ORDER BY s.name, s.id, t.total DESC"
    )
    ids: list[str] = []
    notes: dict[str, str] = {}
    for service_id, rto, total, plan_name in conn.execute(sql):
        if service_id in notes:
            continue
        ids.append(service_id)
        notes[service_id] = (
            f"Runbook {format_minutes(int(total))}, RTO {format_minutes(int(rto))} ({plan_name})"
        )
    return ids, notes


def contacts_not_verified(conn: Connection, today: date) -> Found:
    row = conn.execute("SELECT verify_contacts_days FROM plan LIMIT 1").fetchone()
    cutoff = verified_before(today, row[0] if row else None).isoformat()
    sql = (
        "SELECT id, last_verified_on FROM contacts "
        f"WHERE {_empty('last_verified_on')} OR last_verified_on < ? "
        "ORDER BY full_name, id"
    )
    ids: list[str] = []
    notes: dict[str, str] = {}
    for contact_id, verified in conn.execute(sql, (cutoff,)):
        ids.append(contact_id)
        notes[contact_id] = f"Last verified {verified}" if verified else "Never verified"
    return ids, notes


def teams_without_alternate(conn: Connection, today: date) -> Found:
    sql = (
        "SELECT id FROM teams WHERE id NOT IN ("
        " SELECT team_id FROM team_members WHERE membership = 'alternate'"
        ") ORDER BY name, id"
    )
    return _ids(conn, sql), {}


def call_trees_unreachable(conn: Connection, today: date) -> Found:
    """A node whose person has no phone number at all, or no longer exists."""
    no_number = " AND ".join(
        _empty(f"c.{column}") for column in ("mobile_phone", "work_phone", "home_phone")
    )
    sql = (
        "SELECT t.id, c.full_name FROM call_tree_nodes AS n "
        "JOIN call_trees AS t ON t.id = n.call_tree_id "
        "LEFT JOIN contacts AS c ON c.id = n.contact_id "
        f"WHERE {no_number} "
        "ORDER BY t.name, t.id, n.position"
    )
    ids: list[str] = []
    people: dict[str, list[str]] = {}
    for tree_id, name in conn.execute(sql):
        if tree_id not in people:
            ids.append(tree_id)
            people[tree_id] = []
        who = name or "(a deleted contact)"
        if who not in people[tree_id]:
            people[tree_id].append(who)
    return ids, {tree: "No number for " + ", ".join(names) for tree, names in people.items()}


def assets_without_backup(conn: Connection, today: date) -> Found:
    always = ", ".join(f"'{kind}'" for kind in KINDS_ALWAYS_BACKED_UP)
    hardware = ", ".join(f"'{level}'" for level in HARDWARE_CRITICALITIES_BACKED_UP)
    sql = (
        "SELECT id FROM assets "
        f"WHERE (kind IN ({always}) OR (kind = 'hardware' AND criticality IN ({hardware}))) "
        f"AND {_empty('backup_method')} AND {_empty('backup_frequency')} "
        "ORDER BY name, id"
    )
    return _ids(conn, sql), {}


def exercises_overdue(conn: Connection, today: date) -> Found:
    sql = (
        "SELECT id, scheduled_on FROM exercises "
        f"WHERE {_DAY_BEFORE.format('scheduled_on')} AND {_empty('held_on')} "
        "ORDER BY scheduled_on, title, id"
    )
    rows = conn.execute(sql, (today.isoformat(),)).fetchall()
    return [r[0] for r in rows], {r[0]: f"Scheduled for {r[1]}" for r in rows}


def actions_past_due(conn: Connection, today: date) -> Found:
    sql = (
        "SELECT id, due_on FROM exercise_actions "
        f"WHERE {_DAY_BEFORE.format('due_on')} "
        "AND coalesce(status, 'open') NOT IN ('done', 'wont_do') "
        "ORDER BY due_on, id"
    )
    rows = conn.execute(sql, (today.isoformat(),)).fetchall()
    return [r[0] for r in rows], {r[0]: f"Due {r[1]}" for r in rows}


def plan_review_overdue(conn: Connection, today: date) -> Found:
    row = conn.execute(
        "SELECT id, last_reviewed_on, approved_on, review_interval_months FROM plan LIMIT 1"
    ).fetchone()
    if row is None:
        return [], {}
    plan_id, reviewed, approved, months = row
    due = review_due_on(parse_day(reviewed), parse_day(approved), months)
    if due is None:
        return [plan_id], {plan_id: "Never reviewed nor approved"}
    if due < today:
        return [plan_id], {plan_id: f"Review was due {due.isoformat()}"}
    return [], {}


def sync_conflicts(conn: Connection, today: date) -> Found:
    """Conflicts between laptops waiting for someone to choose, by conflict id (what
    `itscm resolve` takes), each noted with the record and field it is on."""
    ids: list[str] = []
    notes: dict[str, str] = {}
    for conflict in stored_conflicts(conn):
        entity = REGISTRY[conflict.table]
        ids.append(conflict.id)
        what = f"{entity.label} “{record_title(conn, conflict.table, conflict.row_id)}”"
        notes[conflict.id] = (
            f"{what}: deleted on one laptop, changed on another"
            if conflict.is_deletion
            else f"{what}: {entity.field(conflict.field).label}, {len(conflict.candidates)} values"
        )
    return ids, notes


_CHECKS: dict[str, Check] = {
    "services_without_plan": services_without_plan,
    "tier1_plans_over_rto": tier1_plans_over_rto,
    "contacts_not_verified": contacts_not_verified,
    "teams_without_alternate": teams_without_alternate,
    "call_trees_unreachable": call_trees_unreachable,
    "assets_without_backup": assets_without_backup,
    "exercises_overdue": exercises_overdue,
    "actions_past_due": actions_past_due,
    "plan_review_overdue": plan_review_overdue,
    "sync_conflicts": sync_conflicts,
}


def check_rule(vault: Vault, key: str, today: date | None = None) -> ReadinessFinding:
    """One rule's finding (KeyError for an unknown key: that is a bug)."""
    rule = RULE_BY_KEY[key]
    with translate_errors():
        ids, notes = _CHECKS[key](vault.conn, today or date.today())
    return ReadinessFinding(rule, tuple(ids), notes)


def check_readiness(vault: Vault, today: date | None = None) -> list[ReadinessFinding]:
    """Every rule's finding, in the order of `RULES`, those with nothing found included.
    `today` is the day the plan is judged on (the computer's date by default)."""
    day = today or date.today()
    return [check_rule(vault, rule.key, day) for rule in RULES]
