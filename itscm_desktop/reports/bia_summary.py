"""The business impact summary: which service to bring back first, and why.

First the recovery priority (tier, then MTD, then RTO, as `domain.bia` orders them) with
each service's objectives and owner; then, per service in that order, its objectives and
a chart of how bad an outage gets in each impact category as it lasts (0 none … 5
severe), with the RTO and MTD marked on the time axis, and the same ratings and costs as
numbers beneath: the chart shows the shape, the table is what one quotes. Each category
always has the same fill (black, mid grey, hatched, light grey, white, cross-hatched), so
the chart reads the same on any black-and-white printer.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from reportlab.lib import colors
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
from itscm_desktop.reports.runbook import Lines
from itscm_desktop.reports.text import draw_string
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Business impact summary"

#: How each category's bars are filled: a grey level (None: white) and a hatching.
_FILLS: Mapping[str, tuple[float | None, str]] = {
    "financial": (0.0, ""),
    "operational": (0.55, ""),
    "legal_regulatory": (None, "/"),
    "reputational": (0.85, ""),
    "customer": (None, ""),
    "health_safety": (None, "x"),
}
_CHART_HEIGHT = 35 * mm
_HATCH_AREA = (200 * mm, 40 * mm)  # larger than any bar
_AXIS = 17 * mm  # left of the plot: the rating labels


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


def _fill(canvas: Canvas, category: str, x: float, y: float, w: float, h: float) -> None:
    """A rectangle in the category's fill, outlined in black."""
    grey, hatch = _FILLS.get(category, (None, ""))
    canvas.setFillGray(1 if grey is None else grey)
    if not hatch or h <= 0 or w <= 0:
        canvas.rect(x, y, w, h, stroke=1, fill=1)
        return
    name = _hatching(canvas, hatch)
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x, y, w, h)
    canvas.clipPath(path, stroke=0, fill=1)
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()
    canvas.rect(x, y, w, h, stroke=1, fill=0)


def _hatching(canvas: Canvas, hatch: str) -> str:
    """The PDF form of a hatching ("/" or "x"), drawn once per document and shown through
    each bar: a thousand charts would otherwise draw a hundred thousand short lines."""
    name = "BiaCrossHatch" if hatch == "x" else "BiaHatch"
    if not canvas.hasForm(name):
        width, height = _HATCH_AREA
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=width, uppery=height)
        canvas.setLineWidth(0.6)
        path = canvas.beginPath()
        offset = -height
        while offset < width:
            path.moveTo(offset, 0)
            path.lineTo(offset + height, height)
            if hatch == "x":
                path.moveTo(offset, height)
                path.lineTo(offset + height, 0)
            offset += 3.2 if hatch == "x" else 2.6
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.endForm()
    return name


class Swatch(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A category's name after a sample of its fill: the chart's legend, in its table."""

    def __init__(self, category: str) -> None:
        super().__init__()
        self.category = category

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, 9.0
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(0.6)
        _fill(canvas, self.category, 0, 0, 7 * mm, 8)
        canvas.setFillColor(colors.black)
        draw_string(canvas, 9 * mm, 1, IMPACT_CATEGORIES[self.category], 8.5, REGULAR)
        canvas.restoreState()


class ImpactChart(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Bars of the rating (0–5) per category, grouped by window, drawn straight on the
    canvas: a thousand services chart in a second. Each group's right edge stands for its
    window, so a line for an RTO of 4 h falls just after the "4 h" bars."""

    def __init__(
        self,
        impacts: list[Impact],
        categories: list[str],
        windows: list[int],
        rto: int | None,
        mtd: int | None,
        width: float,
    ) -> None:
        super().__init__()
        self.ratings = {(i.category, i.window_minutes): i.rating for i in impacts}
        self.categories = categories
        self.windows = windows
        self.marks: list[tuple[str, int]] = []
        for label, minutes in (("RTO", rto), ("MTD", mtd)):
            if minutes is not None:
                self.marks.append((label, minutes))
        self.width, self.height = width, _CHART_HEIGHT

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _x(self, minutes: int, left: float, group: float) -> float:
        """Where `minutes` of outage falls on the time axis (log between windows)."""
        windows = self.windows
        if minutes <= windows[0]:
            return left + group * minutes / windows[0]
        for index, (low, high) in enumerate(itertools.pairwise(windows)):
            if minutes <= high:
                share = math.log(minutes / low) / math.log(high / low)
                return left + group * (index + 1 + share)
        return left + group * len(windows)

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        bottom, top = 6 * mm, self.height - 9 * mm  # room for window labels and marks
        left, right = _AXIS, self.width
        step = (top - bottom) / 5
        canvas.setLineWidth(0.3)
        for level, label in RATING_LABELS.items():
            y = bottom + level * step
            canvas.setStrokeGray(0.6 if level else 0)
            canvas.line(left, y, right, y)
            draw_string(
                canvas, left - 1.5 * mm, y - 2.5, f"{level} {label}", 7, REGULAR, align="right"
            )
        group = (right - left) / len(self.windows)
        bar = group * 0.8 / len(self.categories)
        canvas.setStrokeGray(0)
        canvas.setLineWidth(0.5)
        for index, window in enumerate(self.windows):
            x = left + index * group + group * 0.1
            for category in self.categories:
                rating = self.ratings.get((category, window))
                if rating is not None:
                    _fill(canvas, category, x, bottom, bar, rating * step)
                x += bar
            canvas.setFillGray(0)
            label = format_minutes(window)
            draw_string(
                canvas, left + (index + 0.5) * group, 1.5 * mm, label, 8, BOLD, align="centre"
            )
        self._draw_marks(canvas, left, group, bottom, top)
        canvas.restoreState()

    def _draw_marks(
        self, canvas: Canvas, left: float, group: float, bottom: float, top: float
    ) -> None:
        """The RTO and MTD as vertical lines with their labels above the plot; when the
        two are close, the MTD's label sits higher."""
        placed: list[float] = []
        for label, minutes in self.marks:
            x = self._x(minutes, left, group)
            beyond = minutes > self.windows[-1]
            # White under black: the line stays visible where it crosses a black bar.
            canvas.setDash()
            canvas.setStrokeGray(1)
            canvas.setLineWidth(3.6)
            canvas.line(x, bottom, x, top + 1.5 * mm)
            canvas.setStrokeGray(0)
            canvas.setLineWidth(1.6)
            if label == "RTO":
                canvas.setDash(4, 2)
            canvas.line(x, bottom, x, top + 1.5 * mm)
            text = f"{label} {format_minutes(minutes)}" + (" →" if beyond else "")
            raised = any(abs(x - other) < 25 * mm for other in placed)
            y = top + (5.5 if raised else 2.2) * mm
            align = "right" if x > self.width - 15 * mm else "centre"
            canvas.setFillGray(0)
            draw_string(canvas, x, y, text, 8, BOLD, align=align)
            placed.append(x)
        canvas.setDash()
