"""Synthetic response structures for the large organisation: a team of each kind at each
site, their call trees, and a programme of exercises with findings and actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from itscm_desktop.demo.builder import Builder
from itscm_desktop.demo.staffing import Colleague, Workplace

SITE_TEAMS = (
    ("Site response", "business_recovery"),
    ("IT recovery", "it_recovery"),
    ("Facilities", "facilities"),
    ("Network", "network"),
    ("Applications", "applications"),
    ("Communications", "communications"),
    ("Information security", "security"),
    ("Supplier management", "supplier_management"),
    ("Infrastructure", "infrastructure"),
)
ROLES = ("Team lead", "Deputy lead", "Coordinator")
EXERCISE_KINDS = (
    ("walkthrough", "Walkthrough"),
    ("tabletop", "Tabletop"),
    ("simulation", "Simulation"),
    ("parallel", "Parallel test"),
)
FINDINGS = (
    ("Two numbers on the contact sheet were out of date.",
     "Re-verify the team's contact details and reprint the sheet."),
    ("The recovery took longer than the RTO.",
     "Review the runbook's slowest step and propose a faster alternative."),
    ("Nobody knew where the spare hardware was kept.",
     "Label the spares and record their location in the asset inventory."),
    ("The alternate had never seen the runbook.",
     "Walk the alternate through the runbook and add them to the next exercise."),
    ("The supplier's 24/7 line went to a voicemail.",
     "Escalate with the supplier's account manager and confirm the line."),
)  # fmt: skip


@dataclass(frozen=True)
class SyntheticTeam:
    id: str
    name: str
    primaries: tuple[str, ...]
    alternates: tuple[str, ...]
    site: str


def add_synthetic_teams(
    b: Builder, count: int, colleagues: Sequence[Colleague], workplaces: Sequence[Workplace]
) -> list[SyntheticTeam]:
    """`count` teams: one of each kind per site, then numbered shift teams; three
    primaries and two alternates each, drawn from the site's staff where possible."""
    by_site: dict[str, list[str]] = {}
    for c in colleagues:
        by_site.setdefault(c.site, []).append(c.id)
    everyone = [c.id for c in colleagues]
    plan = [(w, label, purpose) for w in workplaces for label, purpose in SITE_TEAMS]
    teams: list[SyntheticTeam] = []
    for index in range(count):
        if index < len(plan):
            place, label, purpose = plan[index]
            name, site = f"{place.name} — {label}", place.key
        else:
            label, purpose = SITE_TEAMS[index % len(SITE_TEAMS)]
            name, site = f"{label} — shift team {index - len(plan) + 1}", ""
        pool = by_site.get(site, [])
        members = b.rng.sample(pool if len(pool) >= 5 else everyone, 5)
        team_id = b.add(
            "teams",
            {
                "name": name,
                "purpose": purpose,
                "leader_id": members[0],
                "description": f"{label} for {name.split(' — ')[0]}.",
                "meeting_point": "Site office; fallback: the team's Teams channel.",
            },
        )
        for position, member in enumerate(members, start=1):
            b.add(
                "team_members",
                {
                    "team_id": team_id,
                    "contact_id": member,
                    "role": ROLES[position - 1] if position <= 3 else "Alternate",
                    "membership": "primary" if position <= 3 else "alternate",
                    "position": position,
                },
            )
        teams.append(SyntheticTeam(team_id, name, tuple(members[:3]), tuple(members[3:]), site))
    return teams


def add_synthetic_call_trees(
    b: Builder, teams: Sequence[SyntheticTeam], colleagues: Sequence[Colleague]
) -> None:
    """One call tree per team: the leader calls the other four members, each of whom
    calls two colleagues (13 people)."""
    everyone = [c.id for c in colleagues]
    for team in teams:
        tree_id = b.add(
            "call_trees",
            {
                "name": f"{team.name} call tree",
                "when_to_use": "Any incident that needs the team outside office hours.",
                "team_id": team.id,
            },
        )

        root = _node(b, tree_id, team.primaries[0], None, 0, None)
        for position, member in enumerate((*team.primaries[1:], *team.alternates), start=1):
            child = _node(b, tree_id, member, root, position, 15)
            for sub, colleague in enumerate(b.rng.sample(everyone, 2), start=1):
                _node(b, tree_id, colleague, child, sub, 20)


def _node(
    b: Builder, tree_id: str, contact: str, parent: str | None, position: int, minutes: int | None
) -> str:
    return b.add(
        "call_tree_nodes",
        {
            "call_tree_id": tree_id,
            "contact_id": contact,
            "parent_id": parent,
            "position": position,
            "escalate_after_minutes": minutes,
            "instructions": "Confirm you can respond and give your arrival time.",
        },
    )


def add_synthetic_exercises(
    b: Builder,
    count: int,
    services: Sequence[tuple[str, str, int, str]],
    colleagues: Sequence[Colleague],
) -> None:
    """Exercises over the last two years and the next few months; most past ones held,
    with up to three findings each."""
    everyone = [c.id for c in colleagues]
    for index in range(count):
        service_id, name, _, _ = services[(index * 11) % len(services)]
        kind, label = EXERCISE_KINDS[index % len(EXERCISE_KINDS)]
        scheduled = b.rng.randint(-120, 700)
        held = scheduled if scheduled > 0 and b.rng.random() < 0.8 else None
        participants = b.rng.sample(everyone, b.rng.randint(4, 8))
        exercise_id = b.add(
            "exercises",
            {
                "title": f"{label}: {name}",
                "kind": kind,
                "scheduled_on": b.day(scheduled),
                "held_on": b.day(held) if held is not None else None,
                "scope": f"Recovery of {name} following its recovery plan.",
                "service_ids": [service_id],
                "participant_ids": participants,
                "outcome": "Objectives met with findings." if held is not None else None,
            },
        )
        if held is None:
            continue
        for finding, action in b.rng.sample(FINDINGS, b.rng.randint(0, 3)):
            due = held - b.rng.randint(30, 120)
            b.add(
                "exercise_actions",
                {
                    "exercise_id": exercise_id,
                    "finding": finding,
                    "action": action,
                    "owner_id": b.rng.choice(participants),
                    "due_on": b.day(due),
                    "status": "done" if due > 60 and b.rng.random() < 0.7 else "open",
                },
            )
