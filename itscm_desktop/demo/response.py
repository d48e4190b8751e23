"""Writing the response side of the plan: teams and their members, call trees, recovery
plans with their runbook steps, exercises with their findings and actions, incidents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from itscm_desktop.demo.builder import Builder
from itscm_desktop.demo.exercises import ExerciseSpec
from itscm_desktop.demo.incidents import IncidentSpec
from itscm_desktop.demo.runbooks import PlanSpec, StepSpec
from itscm_desktop.demo.teams import CallTreeSpec, Node, TeamSpec


def add_teams(b: Builder, teams: Iterable[TeamSpec]) -> None:
    for t in teams:
        team_id = b.add(
            "teams",
            {
                "name": t.name,
                "purpose": t.purpose,
                "leader_id": b.id("contacts", t.leader),
                "description": t.description,
                "meeting_point": t.meeting_point,
            },
            key=t.key,
        )
        for position, member in enumerate(t.members, start=1):
            b.add(
                "team_members",
                {
                    "team_id": team_id,
                    "contact_id": b.id("contacts", member.person),
                    "role": member.role,
                    "membership": "alternate" if member.alternate else "primary",
                    "position": position,
                },
            )


def add_call_trees(b: Builder, trees: Iterable[CallTreeSpec]) -> None:
    for tree in trees:
        tree_id = b.add(
            "call_trees",
            {
                "name": tree.name,
                "when_to_use": tree.when_to_use,
                "team_id": b.id("teams", tree.team),
                "notes": tree.notes or None,
            },
            key=tree.key,
        )
        pending: list[tuple[Node, str | None, int]] = [(tree.root, None, 0)]
        while pending:  # depth first, callers before the people they call
            node, parent, position = pending.pop()
            node_id = b.add(
                "call_tree_nodes",
                {
                    "call_tree_id": tree_id,
                    "contact_id": b.id("contacts", node.person),
                    "parent_id": parent,
                    "position": position,
                    "escalate_after_minutes": node.escalate_after,
                    "instructions": node.instructions,
                },
            )
            for index in range(len(node.calls), 0, -1):
                pending.append((node.calls[index - 1], node_id, index))


def add_steps(
    b: Builder,
    plan_id: str,
    steps: Iterable[StepSpec],
    context: Mapping[str, str],
    teams: Mapping[str, str],
    people: Mapping[str, str],
) -> dict[str, str]:
    """Write a plan's steps in order; returns their ids by label. `teams` and `people`
    map the steps' keys to ids."""
    ids: dict[str, str] = {}
    positions: dict[str, int] = {}
    for template in steps:
        step = template.filled(dict(context))
        positions[step.phase] = positions.get(step.phase, 0) + 1
        ids[step.label] = b.add(
            "runbook_steps",
            {
                "recovery_plan_id": plan_id,
                "phase": step.phase,
                "position": positions[step.phase],
                "title": step.title,
                "instructions": step.instructions,
                "team_id": teams[step.team],
                "role": step.role,
                "contact_id": people[step.person] if step.person else None,
                "estimated_minutes": step.minutes,
                "depends_on_ids": [ids[label] for label in step.after] or None,
                "verification": step.verification,
            },
        )
    return ids


def add_plan(b: Builder, plan: PlanSpec, context: Mapping[str, str]) -> dict[str, str]:
    """A recovery plan with its steps; returns the step ids by label."""
    plan_id = b.add(
        "recovery_plans",
        {
            "name": plan.name,
            "scenario": plan.scenario,
            "service_ids": b.ids("services", plan.services),
            "owner_id": b.id("contacts", plan.owner),
            "activation_criteria": plan.activation_criteria,
            "notes": plan.notes or None,
        },
        key=plan.key,
    )
    return add_steps(b, plan_id, plan.steps, context, b.keyed("teams"), b.keyed("contacts"))


def add_exercises(b: Builder, exercises: Iterable[ExerciseSpec]) -> None:
    for e in exercises:
        exercise_id = b.add(
            "exercises",
            {
                "title": e.title,
                "kind": e.kind,
                "scheduled_on": b.day(e.scheduled_days_ago),
                "held_on": b.day(e.held_days_ago) if e.held_days_ago is not None else None,
                "scope": e.scope,
                "service_ids": b.ids("services", e.services),
                "participant_ids": b.ids("contacts", e.participants),
                "outcome": e.outcome or None,
            },
        )
        for a in e.actions:
            b.add(
                "exercise_actions",
                {
                    "exercise_id": exercise_id,
                    "finding": a.finding,
                    "action": a.action,
                    "owner_id": b.id("contacts", a.owner),
                    "due_on": b.day(a.due_days_ago),
                    "status": a.status,
                },
            )


def add_incident(
    b: Builder,
    spec: IncidentSpec,
    steps: Mapping[str, str],
    authors: Mapping[str, str],
) -> str:
    """A closed incident and its log; `steps` maps the plan's step labels to ids and
    `authors` cast keys to the names written in the log."""
    incident_id = b.add(
        "incidents",
        {
            "title": spec.title,
            "declared_at": b.moment(spec.days_ago, spec.hour, spec.minute),
            "declared_by_id": b.id("contacts", spec.declared_by),
            "severity": spec.severity,
            "scenario": spec.scenario,
            "service_ids": b.ids("services", spec.services),
            "site_ids": b.ids("sites", spec.sites),
            "call_tree_id": b.id("call_trees", spec.call_tree),
            "recovery_plan_ids": [b.id("recovery_plans", spec.plan)],
            "status": "closed",
            "closed_at": b.moment(spec.days_ago, spec.hour, spec.minute, spec.closed_after),
            "summary": spec.summary,
        },
    )
    for e in spec.events:
        b.add(
            "incident_events",
            {
                "incident_id": incident_id,
                "occurred_at": b.moment(spec.days_ago, spec.hour, spec.minute, e.minutes),
                "author": authors[e.author],
                "kind": e.kind,
                "text": e.text,
                "contact_id": b.id("contacts", e.contact) if e.contact else None,
                "call_result": e.result,
                "step_id": steps[e.step] if e.step else None,
            },
        )
    return incident_id
