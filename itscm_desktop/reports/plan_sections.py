"""The handbook's own parts about the plan itself, its services and what they depend on;
and the tables and words every part of the handbook shares (see also plan_registers).

Each part is a story (`(vault, width, now) -> flowables`) with its section headings as
plain `section`/`heading` paragraphs, so the handbook can bookmark them. The big
registers are tables of plain strings, wrapped here, where no fallback font is needed: a
Paragraph per cell would cost the large organisation's 1,000 services and 4,500
dependencies tens of seconds. Text another script needs (田中) still gets a Paragraph.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    LongTable,
    Paragraph,
    Table,
    TableStyle,
)

from itscm_desktop.domain.bia import recovery_priority
from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.domain.readiness import parse_day, review_due_on
from itscm_desktop.reports.fonts import BOLD, REGULAR, markup, runs
from itscm_desktop.reports.layout import RULE, SHADE, styles
from itscm_desktop.reports.text import unbroken, wrapped
from itscm_desktop.vault.vault import Vault

#: A part of the handbook: (vault, width, now) -> its flowables, title excluded.
Part = Callable[[Vault, float, datetime], list[Flowable]]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Font size and leading of the text in register tables.
SIZE, LEADING = 9, 11.5
_PAD = 4
#: A section heading moves to the next page unless this much of its section fits below.
_ROOM = 40 * mm
OVERDUE = "OVERDUE"
_LIST_ITEM = re.compile(r"\s*(\d+[.)]|[-•*–])\s")


# -- words and cells ---------------------------------------------------------------------


def day_text(value: object) -> str:
    """A stored day as people read it, the same in every country: "14 Mar 2026"."""
    day = value if isinstance(value, date) else parse_day(value)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else ""


def minutes_text(value: object) -> str:
    return format_minutes(value) if isinstance(value, int) and value >= 0 else "—"


def review_due(plan: Mapping[str, Any], today: date) -> tuple[str, bool]:
    """When the plan is next due for review, in words, and whether that day has passed."""
    interval = plan.get("review_interval_months")
    due = review_due_on(
        parse_day(plan.get("last_reviewed_on")),
        parse_day(plan.get("approved_on")),
        interval if isinstance(interval, int) else None,
    )
    if due is None:
        return "Never reviewed nor approved", True
    return day_text(due), due < today


def cell(text: str, width: float, font: str = REGULAR) -> object:
    """Table cell content for `text` in a column `width` wide: a plain string wrapped to
    the column (quick) when `font` has every character, else a Paragraph that sets each
    run in the font that has it."""
    if not text:
        return ""
    found = runs(text, font)
    if len(found) == 1 and found[0][0] == font:
        return "\n".join(wrapped(text, width - 2 * _PAD, SIZE, font))
    return Paragraph(markup(text, font), cell_style())


@functools.cache
def cell_style() -> Any:
    """Paragraphs in a register's cells: the size of its plain-string cells."""
    return styles()["small"].clone("cell", fontSize=SIZE, leading=LEADING)


def reflowed(text: str) -> list[str]:
    """`text` as paragraphs (split at blank lines), each line typed to wrap a text box
    joined to the one before, except list items ("1.", "-", "•"), which keep their line:
    print wraps at its own width."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in block.splitlines():
            if lines and not _LIST_ITEM.match(line):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(line for line in lines if line))
    return [p for p in paragraphs if p]


def section(text: str) -> list[Flowable]:
    """A section heading that does not stand alone at the foot of a page."""
    return [CondPageBreak(_ROOM), Paragraph(markup(text, BOLD), styles()["section"])]


def say(text: str, style: str = "body") -> Paragraph:
    return Paragraph(markup(text), styles()[style])


def intro(text: str) -> Paragraph:
    """What a part or section holds and how to read it, in a sentence or two."""
    return Paragraph(markup(text), _intro_style())


@functools.cache
def _intro_style() -> Any:
    return styles()["body"].clone("intro", spaceAfter=3 * mm)


def register(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    bold: Iterable[int] = (0,),
    commands: Iterable[tuple[Any, ...]] = (),
) -> Table:
    """A register: a shaded header row repeated on every page, then one row per record;
    the columns `bold` in bold. LongTable: quick to split over hundreds of pages."""
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # else empty cells ask for Helvetica
        ("FONTSIZE", (0, 0), (-1, -1), SIZE),
        ("LEADING", (0, 0), (-1, -1), LEADING),
        *(("FONTNAME", (column, 1), (column, -1), BOLD) for column in bold),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        *commands,
    ]
    table = LongTable([list(row) for row in rows], colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def facts(pairs: Sequence[tuple[str, object]], width: float, valign: str = "TOP") -> Table:
    """Label–value rows, the label small and grey, the value as given or as body text."""
    rows = []
    for name, value in pairs:
        shown = value if isinstance(value, Flowable) else say(str(value))
        rows.append([Paragraph(markup(name), _fact_label()), shown])
    table = Table(rows, colWidths=[48 * mm, width - 48 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


@functools.cache
def _fact_label() -> Any:
    """The grey label style, with the body's leading so label and value share a line."""
    return styles()["label"].clone("fact", leading=styles()["body"].leading)


def titles(vault: Vault, table: str) -> dict[str, str]:
    """Every record of `table` by id -> its name, in one query (no query per row)."""
    column = REGISTRY[table].title_field
    rows = vault.conn.execute(f'SELECT id, "{column}" FROM "{table}"')
    return {str(row[0]): str(row[1] or "") for row in rows}


def label(table: str, name: str) -> str:
    """The registry's label of a field, as the app shows it."""
    return REGISTRY[table].field(name).label


def choice(table: str, name: str, code: object) -> str:
    """The label of a stored choice; "" when none is chosen."""
    return REGISTRY[table].field(name).choice_label(str(code)) if code else ""


# -- 1 Plan details ------------------------------------------------------------------------


def plan_details(vault: Vault, width: float, now: datetime) -> list[Flowable]:
    """The plan's own record: who owns it, what it covers, what it assumes, its approval."""
    plan = vault.plan()
    s = styles()
    owner = vault.find("contacts", plan["owner_id"]) if plan.get("owner_id") else None
    owner_text = "No plan owner recorded — choose one in the app, under Plan settings."
    if owner is not None:
        numbers = [
            unbroken(format_phone(owner[k])) for k in ("mobile_phone", "work_phone") if owner.get(k)
        ]
        owner_text = " · ".join(
            p for p in (owner["full_name"], owner.get("job_title"), *numbers) if p
        )
    crisis: object = "No crisis line recorded — add it in the app, under Plan settings."
    if plan.get("crisis_line"):
        crisis = Paragraph(markup(format_phone(plan["crisis_line"]), BOLD), s["number"])
    story = section("The plan")
    story.append(
        facts(
            [
                (label("plan", "organisation"), plan.get("organisation") or ""),
                (label("plan", "title"), plan.get("title") or ""),
                (label("plan", "version"), plan.get("version") or "—"),
                (
                    label("plan", "classification"),
                    choice("plan", "classification", plan.get("classification")),
                ),
                (label("plan", "owner_id"), owner_text),
                (label("plan", "crisis_line"), crisis),
            ],
            width,
        )
    )
    due, overdue = review_due(plan, now.astimezone().date())
    interval = plan.get("review_interval_months")
    verify = plan.get("verify_contacts_days")
    story += section("Approval and review")
    story.append(
        facts(
            [
                (label("plan", "approved_by"), plan.get("approved_by") or "Not yet approved"),
                (label("plan", "approved_on"), day_text(plan.get("approved_on")) or "—"),
                (label("plan", "last_reviewed_on"), day_text(plan.get("last_reviewed_on")) or "—"),
                (label("plan", "review_interval_months"), f"{interval or 12} months"),
                ("Next review due", f"{due} — {OVERDUE}" if overdue else due),
                (label("plan", "verify_contacts_days"), f"{verify or 180} days"),
            ],
            width,
        )
    )
    for name in ("scope", "assumptions"):
        story += section(label("plan", name))
        text = str(plan.get(name) or "").strip()
        if not text:
            story.append(say("Nothing written yet — add it in the app, under Plan settings."))
        gap = s["body"].clone("gap", spaceAfter=2 * mm)
        story += [Paragraph(markup(p), gap) for p in reflowed(text)]
    return story


# -- 2 Services and objectives ----------------------------------------------------------


def _tier_heading(tier: object) -> str:
    if tier == 1:
        return "Tier 1 — the most critical"
    return f"Tier {tier}" if isinstance(tier, int) else "No tier set"


def services(vault: Vault, width: float, now: datetime) -> list[Flowable]:
    """Every service in recovery order with its objectives, one section per tier."""
    found = recovery_priority(vault.records("services"))
    if not found:
        return [say("No services yet — add them in the app, under Services.")]
    owners = titles(vault, "contacts")
    story: list[Flowable] = [
        intro(
            "In the order to recover them: tier 1 first, then the shortest maximum tolerable "
            "downtime. RTO: back in service within this time. RPO: the most data that may be "
            "lost. MTD: past this the damage is unacceptable."
        )
    ]
    number = 12 * mm
    times = 20 * mm
    name = (width - number - 3 * times) * 0.58
    owner = width - number - 3 * times - name
    widths = [number, name, times, times, times, owner]
    header: list[object] = ["#", REGISTRY["services"].label]
    header += [label("services", f"{name}_minutes") for name in ("rto", "rpo", "mtd")]
    header.append(label("services", "owner_id"))
    order = 0
    for tier, group in grouped(found, lambda service: service.get("tier")):
        rows: list[list[object]] = [header]
        for service in group:
            order += 1
            rows.append(
                [
                    str(order),
                    cell(service["name"], name, BOLD),
                    minutes_text(service.get("rto_minutes")),
                    minutes_text(service.get("rpo_minutes")),
                    minutes_text(service.get("mtd_minutes")),
                    cell(owners.get(service.get("owner_id") or "", ""), owner),
                ]
            )
        story += section(_tier_heading(tier))
        story.append(register(rows, widths, bold=(1, 2)))
    return story


def grouped(
    records: Iterable[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], object]
) -> list[tuple[object, list[Mapping[str, Any]]]]:
    """`records` (already sorted) cut into runs with the same key."""
    groups: list[tuple[object, list[Mapping[str, Any]]]] = []
    for record in records:
        value = key(record)
        if not groups or groups[-1][0] != value:
            groups.append((value, []))
        groups[-1][1].append(record)
    return groups


# -- 3 Dependencies ---------------------------------------------------------------------


def dependencies(vault: Vault, width: float, now: datetime) -> list[Flowable]:
    """What each service needs to run, by kind, the services in recovery order."""
    found = recovery_priority(vault.records("services"))
    if not found:
        return [say("No services yet — add them in the app, under Services.")]
    names = {table: titles(vault, table) for table in ("services", "assets", "suppliers", "sites")}
    kinds = [code for code, _ in REGISTRY["dependencies"].field("kind").choices]
    needs: dict[str, dict[str, list[str]]] = {}
    for from_id, kind, to_id in vault.conn.execute(
        "SELECT from_id, kind, to_id FROM dependencies ORDER BY from_id, kind, to_id"
    ):
        if from_id not in names["services"]:
            continue  # what an asset needs is in the asset inventory
        target = next((t[to_id] for t in names.values() if to_id in t), "(deleted)")
        if to_id in names["services"]:
            target += " (service)"
        needs.setdefault(from_id, {}).setdefault(kind, []).append(target)
    story: list[Flowable] = [
        intro(
            "What each service needs to run, in the order services are recovered. Before "
            "recovering a service, check that what it runs on and needs is up; a service "
            "it needs is recovered on its own (see Services and objectives)."
        ),
    ]
    name, tier, rto = width * 0.3, 11 * mm, 18 * mm
    rest = width - name - tier - rto
    header: list[object] = [
        REGISTRY["services"].label,
        label("services", "tier"),
        label("services", "rto_minutes"),
        label("dependencies", "to_id"),
    ]
    rows: list[list[object]] = [header]
    for service in found:
        by_kind = sorted(needs.get(service["id"], {}).items(), key=lambda i: rank(kinds, i[0]))
        lines = [
            f"{choice('dependencies', 'kind', kind).capitalize()}: {', '.join(sorted(targets))}"
            for kind, targets in by_kind
        ]
        rows.append(
            [
                cell(service["name"], name, BOLD),
                str(service.get("tier") or "—"),
                minutes_text(service.get("rto_minutes")),
                cell("\n".join(lines) or "Nothing recorded", rest),
            ]
        )
    story.append(register(rows, [name, tier, rto, rest], bold=(0, 2)))
    return story


def rank(order: Sequence[str], code: str) -> int:
    return order.index(code) if code in order else len(order)
