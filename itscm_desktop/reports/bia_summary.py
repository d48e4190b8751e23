"""The business impact summary: which service to bring back first, and why.

First the recovery priority (tier, then MTD, then RTO, as `domain.bia` orders them) with
each service's objectives and owner; then, per service in that order, its objectives and
a chart of how bad an outage gets in each impact category as it lasts (`bia_chart`), with
the same ratings and costs as numbers beneath: the chart shows the shape, the table is
what one quotes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from itscm_desktop.domain.bia import (
    IMPACT_CATEGORIES,
    INTOLERABLE_RATING,
    RATING_LABELS,
    Impact,
    objective_problems,
    recovery_priority,
)
from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.reports.bia_chart import ImpactChart, Swatch
from itscm_desktop.reports.cell_text import Lines
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
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Business impact summary"


def bia_summary(
    vault: Vault,
    *,
    plan_ids: Sequence[str] | None = None,
    service_ids: Sequence[str] | None = None,
    paper: str = "a4",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The summary as PDF bytes: every service, or those the plans `plan_ids` bring back,
    or those of `service_ids` (both given: the services in both).

    Raises RecordNotFound for an unknown plan or service, ValueError for unknown paper.
    """
    subject = "Services in recovery priority order, with their objectives and business impact."
    info = document_info(vault.plan(), DOCUMENT, subject, now)
    width = frame_width(paper)
    story: list[Flowable] = [Paragraph(markup(DOCUMENT, BOLD), styles()["title"])]
    story += bia_story(vault, plan_ids=plan_ids, service_ids=service_ids, width=width)
    return render(story, info, paper, progress)


def bia_story(
    vault: Vault,
    *,
    plan_ids: Sequence[str] | None = None,
    service_ids: Sequence[str] | None = None,
    width: float,
) -> list[Flowable]:
    """The summary without its title, `width` wide: the "Recovery priority" section,
    then the "Impact by service" section with a heading per service.

    Raises RecordNotFound for an unknown plan or service.
    """
    s = styles()
    services = recovery_priority(_services(vault, plan_ids, service_ids))
    if not services:
        chosen = plan_ids is not None or service_ids is not None
        text = (
            "No services in this selection — choose other plans or services, or add them "
            "in the app, under Services."
            if chosen
            else "No services yet — add them in the app, under Services."
        )
        return [Paragraph(text, s["body"])]
    owners = records_by_id(
        vault, "contacts", {str(v["owner_id"]) for v in services if v["owner_id"]}
    )
    impacts = _impacts(vault, services)
    currency = str(vault.plan().get("currency") or "")
    story: list[Flowable] = [Paragraph("Recovery priority", s["section"])]
    story.append(
        Paragraph(
            "Bring services back in this order: tier 1 first, then the shortest maximum "
            "tolerable downtime (MTD), then the shortest RTO.",
            s["body"],
        )
    )
    story.append(Spacer(0, 2 * mm))
    story.append(_priority_table(services, owners, width))
    blocks = [
        KeepTogether(
            _service_block(
                service, number, impacts.get(str(service["id"]), []), owners, currency, width
            )
        )
        for number, service in enumerate(services, start=1)
    ]
    # The section's heading and words start a page unless the first service fits below.
    first = blocks[0].wrapOn(Canvas(io.BytesIO()), width, 1e6)[1]
    story.append(CondPageBreak(first + 25 * mm))
    story.append(Paragraph("Impact by service", s["section"]))
    story.append(
        Paragraph(
            "How bad an outage gets in each category as it lasts, rated 0 (none) to 5 "
            f"(severe); ratings of {INTOLERABLE_RATING} or more are intolerable and printed "
            "in bold. The RTO and MTD are marked on the time axis.",
            s["body"],
        )
    )
    return story + blocks


def _services(
    vault: Vault, plan_ids: Sequence[str] | None, service_ids: Sequence[str] | None
) -> list[Record]:
    wanted: set[str] | None = None
    if plan_ids is not None:
        plans = records_by_id(vault, "recovery_plans", plan_ids)
        for plan_id in plan_ids:
            if plan_id not in plans:
                raise RecordNotFound(f"There is no recovery plan with id {plan_id}.")
        wanted = {str(i) for plan in plans.values() for i in plan["service_ids"]}
    if service_ids is not None:
        found = records_by_id(vault, "services", service_ids)
        for service_id in service_ids:
            if service_id not in found:
                raise RecordNotFound(f"There is no service with id {service_id}.")
        wanted = set(found) if wanted is None else wanted & set(found)
    if wanted is None:
        return list(vault.records("services"))
    return list(records_by_id(vault, "services", wanted).values())


def _impacts(vault: Vault, services: Sequence[Record]) -> dict[str, list[Record]]:
    """Each service's assessed impacts, read in one go for many services."""
    ids = [str(service["id"]) for service in services]
    return records_by_key(vault, "bia_impacts", "service_id", ids)


def _minutes(value: object) -> str:
    return format_minutes(value) if isinstance(value, int) else "—"


def _owner(service: Record, owners: Mapping[str, Record]) -> str:
    owner = owners.get(str(service["owner_id"] or ""))
    return str(owner["full_name"] or "") if owner else ""


def _priority_table(services: list[Record], owners: Mapping[str, Record], width: float) -> Table:
    field = REGISTRY["services"].field
    header: list[object] = ["#", "Service", field("tier").label, "RTO", "RPO", "MTD"]
    header.append(field("owner_id").label)
    data: list[list[object]] = [header]
    for number, service in enumerate(services, start=1):
        data.append(
            [
                str(number),
                Lines([[(str(service["name"]), BOLD)]], size=9, leading=11),
                str(service["tier"] or "—"),
                # Durations wrap in their narrow columns ("2 w 6 d 20 h").
                Lines([[(_minutes(service["rto_minutes"]), BOLD)]], size=9, leading=11),
                Lines([[(_minutes(service["rpo_minutes"]), REGULAR)]], size=9, leading=11),
                Lines([[(_minutes(service["mtd_minutes"]), REGULAR)]], size=9, leading=11),
                Lines([[(_owner(service, owners), REGULAR)]], size=9, leading=11),
            ]
        )
    fixed = [12 * mm, 10 * mm, 18 * mm, 18 * mm, 18 * mm]
    rest = width - sum(fixed)
    widths = [fixed[0], rest * 0.6, fixed[1], *fixed[2:], rest * 0.4]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTSIZE", (0, 0), (-1, 0), 8),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (0, -1), "RIGHT"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _service_block(
    service: Record,
    number: int,
    rows: list[Record],
    owners: Mapping[str, Record],
    currency: str,
    width: float,
) -> list[Flowable]:
    s = styles()
    field = REGISTRY["services"].field
    parts = [f"Priority {number}", f"{field('tier').label} {service['tier'] or '—'}"]
    for name in ("rto_minutes", "rpo_minutes", "mtd_minutes"):
        parts.append(f"{field(name).label} {_minutes(service[name])}")
    owner = _owner(service, owners)
    if owner:
        parts.append(f"{field('owner_id').label}: {owner}")
    block: list[Flowable] = [
        Spacer(0, 3.5 * mm),
        Paragraph(markup(str(service["name"]), BOLD), s["heading"]),
        Spacer(0, 1 * mm),
        Paragraph(markup(" · ".join(parts), BOLD), s["body"]),
    ]
    if service["business_processes"]:
        supports = f"Supports: {' '.join(str(service['business_processes']).split())}"
        block.append(Paragraph(markup(supports), s["small"]))
    impacts = [
        Impact(str(r["category"]), int(r["window_minutes"]), r["rating"], r["cost"])
        for r in rows
        if r["rating"] is not None or r["cost"] is not None
    ]
    problems = objective_problems(
        service["rto_minutes"], service["rpo_minutes"], service["mtd_minutes"], impacts
    )
    for problem in problems:
        block.append(Paragraph(markup(f"⚠ {problem}", BOLD), s["small"]))
    if not impacts:
        block.append(Spacer(0, 2 * mm))
        block.append(
            Paragraph(
                "No impact assessed yet — add it in the app, under Business impact.", s["body"]
            )
        )
        return block
    windows = sorted({i.window_minutes for i in impacts})
    categories = [c for c in IMPACT_CATEGORIES if any(i.category == c for i in impacts)]
    block.append(Spacer(0, 2 * mm))
    block.append(
        ImpactChart(
            impacts, categories, windows, service["rto_minutes"], service["mtd_minutes"], width
        )
    )
    block.append(Spacer(0, 1 * mm))
    block.append(_numbers(impacts, categories, windows, currency, width))
    return block


def _numbers(
    impacts: list[Impact], categories: list[str], windows: list[int], currency: str, width: float
) -> Table:
    """The chart's ratings, and the costs, as a table: category down, window across."""
    rating = {(i.category, i.window_minutes): i.rating for i in impacts}
    cost = {(i.category, i.window_minutes): i.cost for i in impacts if i.cost is not None}
    label_width = 44 * mm
    column_width = (width - label_width) / len(windows)
    # Many windows (not the standard six): the rating's number alone, and smaller.
    worded, size = column_width >= 18 * mm, 8.5 if column_width >= 15 * mm else 7
    data: list[list[object]] = [["After an outage of", *(format_minutes(w) for w in windows)]]
    commands: list[tuple[Any, ...]] = [
        ("FONTSIZE", (1, 0), (-1, -1), min(size, 8)),
        ("LEADING", (1, 0), (-1, -1), min(size, 8) * 1.2),
    ]
    for category in categories:
        row: list[object] = [Swatch(category)]
        for column, window in enumerate(windows, start=1):
            value = rating.get((category, window))
            if value is None:
                row.append("—")
            else:
                row.append(f"{value} {RATING_LABELS[value]}" if worded else str(value))
            if value is not None and value >= INTOLERABLE_RATING:
                place = (column, len(data))
                commands += [("FONTNAME", place, place, BOLD), ("BACKGROUND", place, place, SHADE)]
        data.append(row)
    for category in categories:
        if any((category, w) in cost for w in windows):
            label = f"{IMPACT_CATEGORIES[category]} cost" + (f", {currency}" if currency else "")
            amounts = (_amount(cost.get((category, w)), compact=not worded) for w in windows)
            data.append([label, *amounts])
            commands.append(("ALIGN", (1, len(data) - 1), (-1, len(data) - 1), "RIGHT"))
    table = Table(data, colWidths=[label_width] + [column_width] * len(windows))
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTSIZE", (0, 0), (-1, 0), 8),
                ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                *commands,
            ]
        )
    )
    return table


def _amount(value: float | None, *, compact: bool = False) -> str:
    """An amount with thousands separators; `compact` (narrow columns): "1.3 m", "729 k"."""
    if value is None:
        return "—"
    if compact and value >= 1e6:
        return f"{value / 1e6:,.1f} m"
    if compact and value >= 1e4:
        return f"{value / 1e3:,.0f} k"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
