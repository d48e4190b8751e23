"""The readiness rules: what the dashboard's "Is the plan ready?" checks, and why.

Each rule names the records that make the plan weaker than it looks on paper, so that a
continuity manager can fix them before an outage finds them. The rules are declared here
(pure: no database); `vault/readiness.py` answers them with one query each.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class ReadinessRule:
    """One check of the plan. `table` holds the records a finding lists (a click on the
    dashboard opens them)."""

    key: str
    title: str
    explanation: str
    table: str


RULES: tuple[ReadinessRule, ...] = (
    ReadinessRule(
        "services_without_plan",
        "Services with no recovery plan",
        "Nobody has written down how to bring these services back; add them to a recovery "
        "plan, or write one.",
        "services",
    ),
    ReadinessRule(
        "tier1_plans_over_rto",
        "Tier 1 services whose runbook exceeds the RTO",
        "The steps of a plan covering these services add up to more than their recovery "
        "time objective; shorten the runbook or agree a realistic RTO.",
        "services",
    ),
    ReadinessRule(
        "contacts_not_verified",
        "Contacts not verified recently",
        "Numbers go stale as people move on; confirm these contacts' details and record "
        "the date you did.",
        "contacts",
    ),
    ReadinessRule(
        "teams_without_alternate",
        "Teams with no alternate",
        "If the primaries are ill, on leave or caught in the outage, nobody stands in; "
        "name at least one alternate per team.",
        "teams",
    ),
    ReadinessRule(
        "call_trees_unreachable",
        "Call trees with someone who cannot be phoned",
        "A person in these call trees has no mobile, work or home number, so the tree "
        "stops there; add a number or replace the person.",
        "call_trees",
    ),
    ReadinessRule(
        "assets_without_backup",
        "Assets with no backup information",
        "Data, cloud resources and critical or high hardware must say how they are backed "
        "up; without it nobody knows what can be restored. Fill in the backup method.",
        "assets",
    ),
    ReadinessRule(
        "exercises_overdue",
        "Exercises overdue",
        "These exercises were scheduled for a day that has passed and are not recorded as "
        "held; hold them, or record when they were held.",
        "exercises",
    ),
    ReadinessRule(
        "actions_past_due",
        "Exercise actions past their due date",
        "Findings from exercises stay weaknesses until their actions are done; chase the "
        "owners or set a new due date.",
        "exercise_actions",
    ),
    ReadinessRule(
        "plan_review_overdue",
        "Plan review overdue",
        "The plan has not been reviewed within its review interval (or never); review it "
        "and record the date in the plan settings.",
        "plan",
    ),
    ReadinessRule(
        "sync_conflicts",
        "Edits that conflict between laptops",
        "When two laptops change the same field, or one deletes what another changed, "
        "every value is kept for you to choose: open Sync, then Conflicts.",
        "plan",
    ),
)

RULE_BY_KEY: dict[str, ReadinessRule] = {rule.key: rule for rule in RULES}

#: Asset kinds that always need backup information: they hold the organisation's data
#: or its configuration in someone else's data centre.
KINDS_ALWAYS_BACKED_UP: tuple[str, ...] = ("data", "cloud")
#: Hardware needs it too when it is critical or high: such hardware is a server that a
#: service stands on and must be rebuilt after a loss. Low and medium hardware (printers,
#: UPSs, scanners) is replaced, not restored. Software is restored with the server or
#: the data that carries it; network and facility assets have no backup to speak of.
HARDWARE_CRITICALITIES_BACKED_UP: tuple[str, ...] = ("critical", "high")

#: How old a contact's verification may be when the plan does not say.
DEFAULT_VERIFY_CONTACTS_DAYS = 180
#: How often the plan is reviewed when the plan does not say.
DEFAULT_REVIEW_INTERVAL_MONTHS = 12


def needs_backup_information(kind: str | None, criticality: str | None) -> bool:
    """True if an asset of this kind and criticality must say how it is backed up."""
    if kind in KINDS_ALWAYS_BACKED_UP:
        return True
    return kind == "hardware" and criticality in HARDWARE_CRITICALITIES_BACKED_UP


def verified_before(today: date, verify_contacts_days: int | None) -> date:
    """Contacts last verified before this day are due for verification again."""
    days = verify_contacts_days or DEFAULT_VERIFY_CONTACTS_DAYS
    return today - timedelta(days=days)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st of a shorter month becomes its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due_on(
    last_reviewed_on: date | None, approved_on: date | None, interval_months: int | None
) -> date | None:
    """When the plan is next due for review: the last review (else the last approval)
    plus the review interval. None if it was never reviewed nor approved."""
    since = last_reviewed_on or approved_on
    if since is None:
        return None
    return add_months(since, interval_months or DEFAULT_REVIEW_INTERVAL_MONTHS)


def plan_review_overdue(
    today: date,
    last_reviewed_on: date | None,
    approved_on: date | None,
    interval_months: int | None,
) -> bool:
    """True if the review date has passed, or the plan was never reviewed nor approved."""
    due = review_due_on(last_reviewed_on, approved_on, interval_months)
    return due is None or due < today


def parse_day(value: object) -> date | None:
    """A stored ISO date as a date; empty or unreadable values are None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
