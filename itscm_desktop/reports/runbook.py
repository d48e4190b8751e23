"""The runbook checklist: each recovery plan on paper, to work through with a pen.

Each plan starts on a new page: the services it brings back and the RTO it is held to
(the smallest of theirs, as in the app's runbook editor), its owner with a number, the
box saying when to activate it, then every step by phase with a tick box, who does it,
how long it takes and the time elapsed by its end, and room to write when it started and
finished and who did it (`runbook_steps`). The step whose end passes the RTO is followed
by a black bar that says so, readable at arm's length and in black and white. A total
and a sign-off line close the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.domain.runbook import (
    PHASE_KEYS,
    PHASE_LABELS,
    in_order,
    rto_passed_at,
    running_times,
    smallest_rto,
)
from itscm_desktop.reports.fonts import BOLD, REGULAR, markup
from itscm_desktop.reports.layout import (
    RULE,
    SHADE,
    Progress,
    document_info,
    frame_width,
    render,
    styles,
)
from itscm_desktop.reports.records import Record, records_by_id, records_by_key
from itscm_desktop.reports.runbook_steps import steps_table
from itscm_desktop.vault.callout import PERSON_PHONES
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Runbook checklist"


def runbook_checklist(
    vault: Vault,
    *,
    plan_ids: Sequence[str] | None = None,
    paper: str = "a4",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The checklist as PDF bytes: every recovery plan by name, or those of `plan_ids`
    in the order given (none when it is empty).

    Raises RecordNotFound for an unknown plan, ValueError for an unknown paper.
    """
    plans = _plans(vault, plan_ids)
    title = (
        f"{DOCUMENT}: {plans[0]['name']}" if plan_ids is not None and len(plans) == 1 else DOCUMENT
    )
    subject = "Recovery plans step by step, with tick boxes, owners, times and the RTO."
    info = document_info(vault.plan(), title, subject, now)
    width = frame_width(paper)
    story: list[Flowable] = [Paragraph(markup(title, BOLD), styles()["title"])]
    story += _story(vault, plans, plan_ids is not None, width)
    return render(story, info, paper, progress)


def runbook_story(
    vault: Vault, *, plan_ids: Sequence[str] | None = None, width: float
) -> list[Flowable]:
    """The checklist without its title, `width` wide: each plan from a new page (the
    first where the story starts), its name a section heading, its phases headings.

    Raises RecordNotFound for an unknown plan.
    """
    return _story(vault, _plans(vault, plan_ids), plan_ids is not None, width)


def _plans(vault: Vault, plan_ids: Sequence[str] | None) -> list[Record]:
    if plan_ids is None:
        return list(vault.records("recovery_plans", order_by="name"))
    found = records_by_id(vault, "recovery_plans", plan_ids)
    for plan_id in plan_ids:
        if plan_id not in found:
            raise RecordNotFound(f"There is no recovery plan with id {plan_id}.")
    return [found[plan_id] for plan_id in dict.fromkeys(plan_ids)]


class _Plans:
    """What the plans on paper refer to, read once for all of them: the large
    organisation's 300 plans name thousands of steps, people and teams."""

    def __init__(self, vault: Vault, plans: Sequence[Record]) -> None:
        ids = [str(plan["id"]) for plan in plans]
        self.steps = records_by_key(vault, "runbook_steps", "recovery_plan_id", ids)
        rows = [step for steps in self.steps.values() for step in steps]
        self.services = records_by_id(
            vault, "services", {s for p in plans for s in p["service_ids"]}
        )
        self.teams = records_by_id(
            vault, "teams", {str(s["team_id"]) for s in rows if s["team_id"]}
        )
        people = {str(p["owner_id"]) for p in plans if p["owner_id"]}
        people |= {str(s["contact_id"]) for s in rows if s["contact_id"]}
        self.contacts = records_by_id(vault, "contacts", people)
        self._reach: dict[str, tuple[str, str]] = {}

    def reach(self, contact_id: str | None) -> tuple[str, str, str]:
        """A person's name, the kind of their best number ("Mobile") and the number; ""
        for what is not known."""
        person = self.contacts.get(contact_id or "")
        if person is None:
            return "", "", ""
        if person["id"] not in self._reach:
            best = next(((k, person[f]) for k, f in PERSON_PHONES if person.get(f)), None)
            self._reach[person["id"]] = (
                (best[0].title(), format_phone(best[1])) if best else ("", "")
            )
        return (str(person["full_name"] or ""), *self._reach[person["id"]])


def _story(vault: Vault, plans: Sequence[Record], chosen: bool, width: float) -> list[Flowable]:
    s = styles()
    if not plans:
        text = (
            "No recovery plans in this selection — choose other plans, or add them in "
            "the app, under Recovery plans."
            if chosen
            else "No recovery plans yet — add them in the app, under Recovery plans."
        )
        return [Paragraph(text, s["body"])]
    known = _Plans(vault, plans)
    story: list[Flowable] = []
    for index, plan in enumerate(plans):
        if index:
            story.append(PageBreak())
        story += _plan(plan, known, width)
    return story


def _plan(plan: Record, known: _Plans, width: float) -> list[Flowable]:
    s = styles()
    services = [known.services[i] for i in plan["service_ids"] if i in known.services]
    rto = smallest_rto(service["rto_minutes"] for service in services)
    story: list[Flowable] = [Paragraph(markup(str(plan["name"]), BOLD), s["section"])]
    story.append(_facts(plan, services, rto, known, width))
    story.append(Spacer(0, 3 * mm))
    story.append(_activation(plan, width))
    steps = in_order(known.steps.get(str(plan["id"]), []))
    if not steps:
        story.append(Spacer(0, 4 * mm))
        story.append(
            Paragraph(
                "No steps yet — add them in the app, under Recovery plans, on the plan's "
                "Steps tab.",
                s["body"],
            )
        )
        return story
    running = running_times(step["estimated_minutes"] for step in steps)
    passed = rto_passed_at(running, rto)
    numbers = {str(step["id"]): number for number, step in enumerate(steps, start=1)}
    for phase in [*PHASE_KEYS, *sorted({str(st["phase"]) for st in steps} - set(PHASE_KEYS))]:
        rows = [
            (number, step, running[number - 1])
            for number, step in enumerate(steps, start=1)
            if step["phase"] == phase
        ]
        if not rows:
            continue
        minutes = sum(step["estimated_minutes"] or 0 for _, step, _ in rows)
        story.append(CondPageBreak(50 * mm))
        story.append(Spacer(0, 4 * mm))
        label = PHASE_LABELS.get(phase, phase)
        story.append(Paragraph(markup(label, BOLD), s["heading"]))
        count = f"{len(rows)} step{'' if len(rows) == 1 else 's'} · {format_minutes(minutes)}"
        story.append(Paragraph(count, s["small"]))
        story.append(Spacer(0, 1.5 * mm))
        at = passed + 1 if passed is not None else None
        story.append(steps_table(rows, numbers, known.teams, known.reach, rto, at, width))
    story.append(Spacer(0, 5 * mm))
    story.append(KeepTogether(_closing(running[-1], rto, width)))
    return story


def _facts(
    plan: Record, services: list[Record], rto: int | None, known: _Plans, width: float
) -> Table:
    s = styles()
    fields = REGISTRY["recovery_plans"]
    tier = REGISTRY["services"].field("tier").label
    lines = []
    for service in services:
        objectives = [f"{tier} {service['tier']}" if service["tier"] else ""]
        for name in ("rto_minutes", "rpo_minutes"):
            value = service[name]
            label = REGISTRY["services"].field(name).label
            objectives.append(f"{label} {format_minutes(value)}" if value is not None else "")
        detail = " · ".join(part for part in objectives if part)
        lines.append(
            markup(str(service["name"]), BOLD) + (f" — {markup(detail)}" if detail else "")
        )
    covered = "<br/>".join(lines) or "No service yet — choose them in the app, on the plan."
    if rto is None:
        held = "No RTO recorded for these services: work as fast as is safe."
    else:
        held = markup(format_minutes(rto), BOLD) + (
            " — the smallest RTO of the services above" if len(services) > 1 else ""
        )
    name, kind, number = known.reach(plan["owner_id"])
    owner = markup(name, BOLD) + (f" · {kind} {markup(number, BOLD)}" if number else "")
    rows = [
        (fields.field("service_ids").label, covered),
        ("RTO to meet", held),
        (fields.field("owner_id").label, owner or "No owner recorded."),
    ]
    if plan["scenario"]:
        rows.append((fields.field("scenario").label, markup(str(plan["scenario"]))))
    if plan["notes"]:
        rows.append((fields.field("notes").label, markup(str(plan["notes"]))))
    table = Table(
        [[label, Paragraph(value, s["body"])] for label, value in rows],
        colWidths=[32 * mm, width - 32 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (0, -1), 8.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (0, -1), 3.5),  # labels on the values' baselines
            ]
        )
    )
    return table


def _activation(plan: Record, width: float) -> Table:
    s = styles()
    criteria = str(plan["activation_criteria"] or "").strip()
    text = (
        Paragraph(markup(criteria), s["body"].clone("criteria", fontSize=10.5, leading=13.5))
        if criteria
        else Paragraph(
            "No activation criteria recorded — the plan owner decides. Add them in the app, "
            "under Recovery plans.",
            s["body"],
        )
    )
    table = Table([[Paragraph("Activate this plan when:", s["name"])], [text]], colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BOX", (0, 0), (-1, -1), 2, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ]
        )
    )
    return table


def _closing(total: int, rto: int | None, width: float) -> list[Flowable]:
    s = styles()
    line = f"Total estimated time: {format_minutes(total)}"
    if rto is None:
        line += " (no RTO recorded)"
    elif total > rto:
        line += f" (RTO {format_minutes(rto)}) — {format_minutes(total - rto)} longer than the RTO"
    else:
        line += f" (RTO {format_minutes(rto)}) — within the RTO"
    labels = ("Completed by", "Date", "Signature")
    sign = Table(
        [list(labels), ["", "", ""]],
        colWidths=[width * 0.4, width * 0.2, width * 0.4],
        rowHeights=[None, 12 * mm],
    )
    sign.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, 0), 8.5),
                ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ]
        )
    )
    return [Paragraph(markup(line, BOLD), s["name"]), Spacer(0, 3 * mm), sign]
