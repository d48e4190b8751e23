"""The plan's dates as an iCalendar file, for the calendar the manager already uses.

Exercises appear on the day they were held (or are scheduled), every finding's action on
its due date, and the plan's next review on the day it falls due (last review or
approval plus the review interval; a plan never reviewed nor approved has no such day).
All are all-day events rather than to-dos: Outlook and Google Calendar import events but
drop to-dos. Each UID is derived from the record's id, so importing a newer export
updates the calendar's entries instead of doubling them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from itscm_desktop import __version__
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.readiness import parse_day, review_due_on
from itscm_desktop.vault.vault import Vault

PRODID = f"-//ITSCM Desktop//Continuity plan {__version__}//EN"
_UID_DOMAIN = "itscm-desktop"
_FINISHED = {"done": "Done", "wont_do": "Won't do"}


def uid_for(kind: str, record_id: str) -> str:
    """The stable UID of a record's calendar entry: the same in every export."""
    return f"{kind}-{record_id}@{_UID_DOMAIN}"


def plan_to_ics(vault: Vault, *, now: datetime | None = None) -> bytes:
    """Every dated exercise and action, and the next plan review, as one calendar."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    plan = vault.plan()
    organisation = str(plan.get("organisation") or "")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{organisation} continuity plan".strip())
    exercises = {str(e["id"]): e for e in vault.records("exercises")}
    for exercise in exercises.values():
        day = parse_day(exercise.get("held_on")) or parse_day(exercise.get("scheduled_on"))
        if day is not None:
            cal.add_component(_exercise_event(exercise, day, stamp))
    for action in vault.records("exercise_actions"):
        day = parse_day(action.get("due_on"))
        if day is not None:
            parent = exercises.get(str(action.get("exercise_id")), {})
            cal.add_component(_action_event(action, parent, day, stamp))
    review = review_due_on(
        parse_day(plan.get("last_reviewed_on")),
        parse_day(plan.get("approved_on")),
        plan.get("review_interval_months"),
    )
    if review is not None:
        cal.add_component(
            _all_day(
                uid_for("plan-review", vault.plan_id),
                f"Plan review due: {plan.get('title') or 'continuity plan'}",
                review,
                stamp,
                f"Review the {organisation} continuity plan "
                f"(every {plan.get('review_interval_months') or 12} months).",
            )
        )
    data: bytes = cal.to_ical()
    return data


def _all_day(uid: str, summary: str, day: date, stamp: datetime, description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
    return event


def _exercise_event(exercise: Mapping[str, Any], day: date, stamp: datetime) -> Event:
    kind = REGISTRY["exercises"].field("kind").choice_label(str(exercise.get("kind") or ""))
    parts = [str(exercise.get(name)) for name in ("scope", "outcome") if exercise.get(name)]
    event = _all_day(
        uid_for("exercise", str(exercise["id"])),
        f"{kind} exercise: {exercise.get('title')}",
        day,
        stamp,
        "\n\n".join(parts),
    )
    event.add("categories", ["Continuity exercise"])
    return event


def _action_event(
    action: Mapping[str, Any], exercise: Mapping[str, Any], day: date, stamp: datetime
) -> Event:
    what = str(action.get("action") or action.get("finding") or "").strip()
    first_line = what.splitlines()[0] if what else "action"
    status = _FINISHED.get(str(action.get("status")))
    summary = f"Action due: {first_line[:80]}" + (f" ({status})" if status else "")
    description = f"Finding: {action.get('finding') or ''}"
    if action.get("action"):
        description += f"\nAction: {action['action']}"
    if exercise:
        description += f"\nFrom the exercise: {exercise.get('title')}"
    event = _all_day(uid_for("action", str(action["id"])), summary, day, stamp, description)
    event.add("categories", ["Exercise action"])
    return event
