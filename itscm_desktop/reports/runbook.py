"""The runbook checklist: each recovery plan on paper, to work through with a pen.

Each plan starts on a new page: the services it brings back and the RTO it is held to
(the smallest of theirs, as in the app's runbook editor), its owner with a number, the
box saying when to activate it, then every step by phase with a tick box, who does it,
how long it takes and the time elapsed by its end, and room to write when it started and
finished and who did it. The step whose end passes the RTO is followed by a black bar
that says so, readable at arm's length and in black and white. A total and a sign-off
line close the plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

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
from itscm_desktop.reports.fonts import BOLD, REGULAR, markup, runs
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
from itscm_desktop.reports.text import broken, words
from itscm_desktop.vault.callout import PERSON_PHONES
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Runbook checklist"

#: One paragraph of a `Lines` cell: (text, font) pieces set one after another.
Segments = list[tuple[str, str]]

_TICK = 5 * mm
#: A page holds more than this below the header, A4 or Letter; a step split across pages
#: leaves at least _MIN_PIECE on each.
_NEARLY_A_PAGE = 200 * mm
_MIN_PIECE = 30 * mm
#: Widths of the columns around the step's own: tick, number, who, time, and the three
#: columns written in by hand (started, finished, initials).
_DONE, _NUMBER, _WHO, _TIME, _WRITE = 10 * mm, 8 * mm, 33 * mm, 20 * mm, 14 * mm
_HEADER = ("Done", "#", "Step", "Who", "Takes\nElapsed", "Started", "Finished", "Initials")


class TickBox(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """An empty square to tick, ~5 mm, drawn (not a glyph): it prints the same with any
    font, and a pen mark in it is plain to see."""

    def __init__(self, size: float = _TICK, height: float = 8 * mm) -> None:
        super().__init__()
        self.size = size
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(1.2)
        canvas.rect(0, self.height - self.size, self.size, self.size, stroke=1, fill=0)
        canvas.restoreState()


class Lines(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Short paragraphs of plain text in a table cell, wrapped at spaces once per width
    and drawn as one text object, each run in the font that has its characters.

    The large organisation's runbooks have 7,500 steps: reportlab's Paragraph wraps a
    cell again for every page a table splits over and again to draw it (38 s for the
    checklist of 300 plans); the step tables need only plain and bold text.
    """

    def __init__(self, paragraphs: list[Segments], size: float = 8.5, leading: float = 10.5):
        super().__init__()
        self.paragraphs = paragraphs
        self.size = size
        self.leading = leading
        self._wrapped: tuple[float, list[Segments]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped is None or self._wrapped[0] != available_width:
            lines: list[Segments] = []
            for paragraph in self.paragraphs:
                lines += _wrapped(paragraph, available_width, self.size)
            self._wrapped = (available_width, lines)
        # Like a Paragraph, as wide as it may be: the table's columns are fixed.
        self.width, self.height = available_width, len(self._wrapped[1]) * self.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Lines]:
        """The lines that fit `available_height` and the rest (a step longer than a page).

        The lines stay as the cell last wrapped them: reportlab asks a cell's content to
        split at the column's width, padding included, wider than the content's own.
        """
        if self._wrapped is None:
            self.wrap(available_width, available_height)
        assert self._wrapped is not None
        lines = self._wrapped[1]
        fit = int(available_height // self.leading)
        if not 0 < fit < len(lines):
            return []
        return [Lines(part, self.size, self.leading) for part in (lines[:fit], lines[fit:])]

    def draw(self) -> None:
        assert self._wrapped is not None
        text = self.canv.beginText(0, self.height - self.size)
        text.setLeading(self.leading)
        current = ""
        for line in self._wrapped[1]:
            pieces = [piece for words, font in line for piece in runs(words, font)]
            for index, (name, part) in enumerate(pieces, start=1):
                if name != current:
                    text.setFont(name, self.size, self.leading)
                    current = name
                if index < len(pieces):
                    text.textOut(part)
                else:
                    text.textLine(part)  # ends the line: one text operation, not two
            if not pieces:
                text.textLine("")
        self.canv.drawText(text)


def _wrapped(paragraph: Segments, width: float, size: float) -> list[Segments]:
    """`paragraph` broken into lines no wider than `width` (see `text.broken`), each line
    its words joined into one piece per font. An empty paragraph is one blank line."""
    pieces = [(word, font) for text, font in paragraph for word in words(text) if word]
    lines: list[Segments] = []
    for found, _, _ in broken(pieces, width, size):
        line: Segments = []
        for word, font in found:
            if line and line[-1][1] == font:
                line[-1] = (f"{line[-1][0]} {word}", font)
            elif line:
                line[-1] = (line[-1][0] + " ", line[-1][1])
                line.append((word, font))
            else:
                line.append((word, font))
        lines.append(line)
    return lines or [[]]


class _StepTable(Table):  # type: ignore[misc]  # reportlab has no type hints
    """A step table that splits a step across pages only when the step is taller than a
    page: a step that fits a page starts on the next one, whole."""

    def split(self, available_width: float, available_height: float) -> list[Table]:
        self.splitInRow = _MIN_PIECE if available_height > _NEARLY_A_PAGE else 0
        return list(super().split(available_width, available_height))


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
        story.append(_steps_table(rows, numbers, known, rto, at, width))
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


def _steps_table(
    rows: list[tuple[int, Record, int]],
    numbers: Mapping[str, int],
    known: _Plans,
    rto: int | None,
    marker_after: int | None,
    width: float,
) -> Table:
    step_width = width - _DONE - _NUMBER - _WHO - _TIME - 3 * _WRITE
    data: list[list[object]] = [list(_HEADER)]
    commands: list[tuple[Any, ...]] = []
    for number, step, elapsed in rows:
        takes = step["estimated_minutes"]
        time = [[(format_minutes(takes) if takes is not None else "—", REGULAR)]]
        time.append([(format_minutes(elapsed), BOLD)])
        data.append(
            [
                [TickBox()],  # cells as lists: only those split across pages (_StepTable)
                str(number),
                [Lines(_step_text(step, number, numbers))],
                [Lines(_who(step, known))],
                [Lines(time)],
                "",
                "",
                "",
            ]
        )
        if number == marker_after:
            row = len(data) - 1
            data.append([_marker(rto or 0, number, elapsed)] + [""] * 7)
            commands += [
                ("SPAN", (0, row + 1), (-1, row + 1)),
                ("BACKGROUND", (0, row + 1), (-1, row + 1), colors.black),
                ("NOSPLIT", (0, row), (-1, row + 1)),
                ("BOX", (4, row), (4, row), 2.5, colors.black),
            ]
    commands[:0] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), 7.5),
        ("LEADING", (0, 0), (-1, 0), 9),
        ("FONTNAME", (1, 1), (1, -1), BOLD),
        ("FONTSIZE", (1, 1), (1, -1), 11.5),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, 0), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, 0), 1.5),
        ("LEFTPADDING", (0, 1), (0, -1), 2.5 * mm),
    ]
    widths = [_DONE, _NUMBER, step_width, _WHO, _TIME, _WRITE, _WRITE, _WRITE]
    table = _StepTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _lines(text: str, font: str = REGULAR) -> list[Segments]:
    return [[(line, font)] for line in text.split("\n")]


def _step_text(step: Record, number: int, numbers: Mapping[str, int]) -> list[Segments]:
    found = _lines(str(step["title"] or ""), BOLD)
    if step["instructions"]:
        found += _lines(str(step["instructions"]))
    if step["verification"]:
        check = _lines(str(step["verification"]))
        check[0].insert(0, ("Check:", BOLD))
        found += check
    needs = sorted(numbers[d] for d in step["depends_on_ids"] or () if d in numbers)
    if needs:
        line: Segments = [(f"After step {', '.join(str(n) for n in needs)}.", BOLD)]
        later = [n for n in needs if n > number]
        if later:
            joined = ", ".join(str(n) for n in later)
            line.append((f"⚠ Step {joined} comes later in this runbook.", REGULAR))
        found.append(line)
    return found


def _who(step: Record, known: _Plans) -> list[Segments]:
    found: list[Segments] = []
    team = known.teams.get(step["team_id"] or "")
    if team is not None:
        found.append([(str(team["name"]), BOLD)])
    if step["role"]:
        found += _lines(str(step["role"]))
    name, kind, number = known.reach(step["contact_id"])
    if name:
        found.append([(name, REGULAR)])
    if number:  # on a line of its own: a number broken over two lines is misdialled
        found += [[(kind, REGULAR)], [(number, BOLD)]]
    return found or [[("Not assigned", REGULAR)]]


def _marker(rto: int, number: int, elapsed: int) -> Paragraph:
    passed = markup(f"⚠ RTO {format_minutes(rto)} PASSED HERE", BOLD)
    detail = markup(
        f" — by the end of step {number} the outage has lasted {format_minutes(elapsed)}"
    )
    style = styles()["body"].clone("marker", textColor=colors.white, leading=16)
    return Paragraph(f'<font size="13">{passed}</font>{detail}', style)


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
