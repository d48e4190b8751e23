"""The handbook's registers: the teams with their members, the risks, the exercises with
the actions they raised, the most recent changes to the plan, and the copies of the plan
that left or reached this laptop as bundles (its copy-distribution record).

What is late is said in words ("OVERDUE"), not only by a grey shade, so that it survives
a black-and-white copier; "late" is measured against the moment the handbook is built.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.readiness import parse_day
from itscm_desktop.reports.fonts import BOLD, REGULAR, markup
from itscm_desktop.reports.layout import SHADE, styles
from itscm_desktop.reports.plan_sections import (
    OVERDUE,
    SIZE,
    cell,
    cell_style,
    choice,
    day_text,
    grouped,
    intro,
    label,
    register,
    say,
    section,
    titles,
)
from itscm_desktop.reports.records import in_call_order
from itscm_desktop.reports.text import string_width
from itscm_desktop.vault.audit_text import ACTIONS, TitleOf, changed_fields, title_finder
from itscm_desktop.vault.bundle_register import bundle_register
from itscm_desktop.vault.vault import Vault

#: How many changes the handbook prints; the app shows the whole log.
CHANGE_LOG_LIMIT = 200
#: How many bundles the handbook lists, newest first; the app's Sync page shows them all.
DISTRIBUTION_LIMIT = 100
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_OPEN_ACTIONS = ("open", "in_progress")


def _stack(*lines: tuple[str, str]) -> list[Flowable]:
    """A cell of several paragraphs, each (text, font); empty ones left out."""
    return [Paragraph(markup(text, font), cell_style()) for text, font in lines if text]


def _late(day: object, today: date) -> str:
    """The day in words, with OVERDUE when it has passed."""
    parsed = parse_day(day)
    if parsed is not None and parsed < today:
        return f"{day_text(parsed)}\n{OVERDUE}"
    return day_text(parsed)


# -- 4 Teams ----------------------------------------------------------------------------


def teams(vault: Vault, width: float, now: datetime) -> list[Flowable]:
    """Each team, by purpose in call order: what it does, its leader, where it meets, and
    its members (leader, primaries, alternates) with their roles."""
    found = in_call_order(vault.records("teams"))
    if not found:
        return [say("No teams yet — add them in the app, under Teams.")]
    people = {
        str(row[0]): (str(row[1] or ""), str(row[2] or ""))
        for row in vault.conn.execute("SELECT id, full_name, job_title FROM contacts")
    }
    members: dict[str, list[tuple[str, str, str]]] = {}
    for team_id, contact_id, role, membership in vault.conn.execute(
        "SELECT team_id, contact_id, role, membership FROM team_members "
        "ORDER BY team_id, membership = 'alternate', position, id"
    ):
        members.setdefault(team_id, []).append((contact_id, role or "", membership or ""))
    story: list[Flowable] = [
        intro(
            "Each team with its leader, where it meets and its members in call order. "
            "Everyone's numbers are in Emergency contacts."
        )
    ]
    for purpose, group in grouped(found, lambda t: t.get("purpose")):
        story += section(choice("teams", "purpose", purpose) or "Other")
        for team in group:
            story += _team(team, members.get(team["id"], []), people, width)
    return story


def _team(
    team: Mapping[str, Any],
    members: Sequence[tuple[str, str, str]],
    people: Mapping[str, tuple[str, str]],
    width: float,
) -> list[Flowable]:
    leader_id = team.get("leader_id") or ""
    leader = people.get(leader_id, ("", ""))[0]
    about = [
        f"{label('teams', 'leader_id')}: {leader or 'none named'}",
        f"{label('teams', 'meeting_point')}: {team.get('meeting_point') or 'not recorded'}",
    ]
    story: list[Flowable] = [
        CondPageBreak(30 * mm),
        Paragraph(markup(team["name"], BOLD), _team_heading()),
        say(" · ".join(about)),
    ]
    if team.get("description"):
        story.append(say(team["description"], "small"))
    ordered = sorted(members, key=lambda m: m[0] != leader_id)  # the leader first
    if leader_id and all(m[0] != leader_id for m in members):
        ordered.insert(0, (leader_id, "", ""))
    if not ordered:
        story.append(say("Nobody in this team yet — add people in the app, under Teams."))
        return story
    story.append(Spacer(0, 1.5 * mm))
    number = 9 * mm
    kind = string_width(label("team_members", "membership"), SIZE, BOLD) + 3 * mm
    name = (width - number - kind) * 0.45
    role = width - number - kind - name
    rows: list[list[object]] = [
        [
            "#",
            label("team_members", "contact_id"),
            label("team_members", "role"),
            label("team_members", "membership"),
        ]
    ]
    for order, (contact_id, role_text, membership) in enumerate(ordered, start=1):
        person, job = people.get(contact_id, ("(deleted contact)", ""))
        if contact_id == leader_id:
            role_text = " · ".join(r for r in ("Team leader", role_text) if r)
        rows.append(
            [
                str(order),
                cell(person, name, BOLD),
                cell(role_text or job, role),
                choice("team_members", "membership", membership),
            ]
        )
    story.append(register(rows, [number, name, role, kind], bold=(1,)))
    return story


@functools.cache
def _team_heading() -> Any:
    """The heading style with room above: a team's name stands apart from the team before.
    Named "heading", as the handbook looks for headings by style name."""
    return styles()["heading"].clone("heading", spaceBefore=4 * mm)


# -- 9 Risks ------------------------------------------------------------------------------


def risks(vault: Vault, width: float, now: datetime) -> list[Flowable]:
    """The risk register, highest score (likelihood × impact) first."""
    found = vault.records("risks")
    if not found:
        return [say("No risks yet — add them in the app, under Risks.")]
    today = now.astimezone().date()
    owners = titles(vault, "contacts")

    def score(risk: Mapping[str, Any]) -> int:
        return int(risk.get("likelihood") or 0) * int(risk.get("impact") or 0)

    found.sort(key=lambda r: (-score(r), -int(r.get("impact") or 0), r["title"].casefold()))
    story: list[Flowable] = [
        intro(
            "Highest score first. Score = likelihood × impact, each rated 1 (lowest) to 5 "
            f"(highest). A review date that has passed is marked {OVERDUE}."
        )
    ]
    widths = [20 * mm, 0.0, 0.0, 30 * mm, 24 * mm]
    rest = width - sum(widths)
    widths[1], widths[2] = rest * 0.56, rest * 0.44
    rows: list[list[object]] = [
        ["Score", "Risk and threat", "Treatment", "Owner", "Next review"],
    ]
    big = styles()["number"]
    for risk in found:
        rows.append(
            [
                [
                    Paragraph(str(score(risk)), big),
                    say(f"{risk.get('likelihood')} × {risk.get('impact')}", "small"),
                ],
                _stack((risk["title"], BOLD), (risk.get("threat") or "", REGULAR)),
                _stack(
                    (choice("risks", "treatment", risk.get("treatment")), BOLD),
                    (risk.get("treatment_notes") or "", REGULAR),
                ),
                cell(owners.get(risk.get("owner_id") or "", ""), widths[3]),
                _late(risk.get("review_on"), today),
            ]
        )
    story.append(register(rows, widths, bold=(4,)))
    return story


# -- 10 Exercises and actions -------------------------------------------------------------


def exercises(vault: Vault, width: float, now: datetime) -> list[Flowable]:
    """The exercises, latest first, with their outcome; then the actions they raised,
    the open ones first, the most overdue at the top."""
    today = now.astimezone().date()
    story = section(REGISTRY["exercises"].plural)
    found = vault.records("exercises")
    if not found:
        story.append(say("No exercises yet — plan one in the app, under Exercises."))
    found.sort(key=lambda e: e.get("held_on") or e.get("scheduled_on") or "", reverse=True)
    names = {e["id"]: e["title"] for e in found}
    widths = [24 * mm, 26 * mm, 0.0, 0.0]
    rest = width - sum(widths)
    widths[2], widths[3] = rest * 0.45, rest * 0.55
    rows: list[list[object]] = [["Date", "Type", "Exercise", "Outcome"]]
    for exercise in found:
        when = day_text(exercise.get("held_on"))
        if not when:
            planned = day_text(exercise.get("scheduled_on"))
            when = f"{planned}\nplanned" if planned else "not scheduled"
        rows.append(
            [
                when,
                choice("exercises", "kind", exercise.get("kind")),
                _stack((exercise["title"], BOLD), (exercise.get("scope") or "", REGULAR)),
                _stack((exercise.get("outcome") or "No outcome recorded yet.", REGULAR)),
            ]
        )
    if found:
        story.append(register(rows, widths, bold=(0,)))
    story += section(REGISTRY["exercise_actions"].plural)
    actions = vault.records("exercise_actions")
    if not actions:
        story.append(say("No findings or actions yet — record them with each exercise."))
        return story
    story.append(
        intro(f"Open actions first, the earliest due at the top; a passed due date is {OVERDUE}.")
    )
    actions.sort(
        key=lambda a: (a.get("status") not in _OPEN_ACTIONS, a.get("due_on") or "9999", a["id"])
    )
    owners = titles(vault, "contacts")
    widths = [0.0, 30 * mm, 30 * mm, 24 * mm, 22 * mm]
    widths[0] = width - sum(widths)
    rows = [["Finding and action", "Exercise", "Action owner", "Due", "Status"]]
    for action in actions:
        still_open = action.get("status") in _OPEN_ACTIONS
        due = action.get("due_on")
        rows.append(
            [
                _stack(
                    (action["finding"], BOLD),
                    (f"Action: {action['action']}" if action.get("action") else "", REGULAR),
                ),
                cell(names.get(action.get("exercise_id") or "", ""), widths[1]),
                cell(owners.get(action.get("owner_id") or "", ""), widths[2]),
                _late(due, today) if still_open else day_text(due),
                choice("exercise_actions", "status", action.get("status")),
            ]
        )
    story.append(register(rows, widths, bold=(3,)))
    return story


# -- 13 Change log ------------------------------------------------------------------------


def change_log(vault: Vault, width: float, now: datetime) -> list[Flowable]:
    """The most recent changes to the plan, newest first, under the day they were made
    (in this computer's time zone)."""
    entries = vault.audit_trail(limit=CHANGE_LOG_LIMIT + 1)
    cut = len(entries) > CHANGE_LOG_LIMIT
    entries = entries[:CHANGE_LOG_LIMIT]
    if not entries:
        return [say("No changes recorded yet.")]
    heading = "Newest first. Times are this computer's local time."
    if cut:
        heading = (
            f"The {CHANGE_LOG_LIMIT} most recent changes, newest first; the full log is in "
            "the app, under Change log. Times are this computer's local time."
        )
    widths = [13 * mm, 40 * mm, 0.0, 0.0]
    rest = width - sum(widths)
    widths[2], widths[3] = rest * 0.5, rest * 0.5
    rows: list[list[object]] = [["Time", "Who", "Record", "What changed"]]
    commands: list[tuple[Any, ...]] = []
    title_of = title_finder(vault)
    day = None
    for entry in entries:
        moment = _local(entry["at"])
        if moment.date() != day:
            day = moment.date()
            rows.append([f"{_WEEKDAYS[day.weekday()]} {day_text(day)}", "", "", ""])
            row = len(rows) - 1
            commands += [
                ("SPAN", (0, row), (-1, row)),
                ("BACKGROUND", (0, row), (-1, row), SHADE),
                ("FONTNAME", (0, row), (-1, row), BOLD),
            ]
        who = entry["author"] or ""
        if entry.get("device_name") and entry["device_name"] != who:
            who += f"\non {entry['device_name']}"
        table = entry["table"]
        kind = REGISTRY[table].label if table in REGISTRY else table
        action = ACTIONS.get(entry["action"], entry["action"])
        changed = _changes(table, entry["action"], entry["changes"], title_of)
        rows.append(
            [
                f"{moment:%H:%M}",
                cell(who, widths[1]),
                cell(f"{kind}: {entry['title'] or ''}", widths[2]),
                cell(f"{action}\n{changed}" if changed else action, widths[3]),
            ]
        )
    return [intro(heading), register(rows, widths, bold=(0,), commands=commands)]


def distribution(vault: Vault, width: float, now: datetime) -> list[Flowable]:
    """Every bundle this laptop wrote or took in, newest first: where copies of the plan
    went and came from (other laptops keep their own record)."""
    entries = bundle_register(vault, limit=DISTRIBUTION_LIMIT)
    if not entries:
        return [say("No bundle has been written or taken in on this laptop yet: the plan "
                    "has not been exchanged with other laptops from here.")]  # fmt: skip
    heading = (
        "Each bundle written to a USB stick or taken in on this laptop, newest first; each "
        "laptop keeps its own record. Times are this computer's local time."
    )
    widths = [37 * mm, 32 * mm, 0.0, 0.0, 18 * mm]
    rest = width - sum(widths)
    widths[2], widths[3] = rest * 0.35, rest * 0.65
    rows: list[list[object]] = [["When", "What", "Laptop and who", "Where", "Changes"]]
    for entry in entries:
        moment = _local(entry.at)
        what = "Exported" if entry.direction == "export" else "Imported"
        if entry.direction == "import":
            conflicts = entry.new_conflicts or 0
            plural = "conflict" if conflicts == 1 else "conflicts"
            what += f"\n{entry.new_changes} new, {conflicts} {plural}"
        rows.append(
            [
                cell(f"{day_text(moment.date())} {moment:%H:%M}", widths[0]),
                cell(what, widths[1]),
                cell(f"{entry.device_name}\n{entry.author}", widths[2]),
                cell(entry.place, widths[3]),
                str(entry.changes),
            ]
        )
    return [intro(heading), register(rows, widths, bold=(0,))]


def _local(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone()


def _changes(table: str, action: str, changes: str, title_of: TitleOf) -> str:
    """What an update did, a field to a line: "Job title: Engineer → Network lead"."""
    if action != "update":
        return ""
    return "\n".join(changed_fields(table, changes, title_of, longest=80, day=day_text))
