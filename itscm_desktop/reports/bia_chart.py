"""The business impact chart: how bad an outage gets in each impact category as it lasts.

Bars of the rating (0 none … 5 severe) per category, grouped by the windows assessed,
with the RTO and MTD marked on the time axis. Each category always has the same fill
(black, mid grey, hatched, light grey, white, cross-hatched), so the chart and its legend
(`Swatch`, in the table of numbers beneath) read the same on any black-and-white printer.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from itscm_desktop.domain.bia import IMPACT_CATEGORIES, RATING_LABELS, Impact
from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.reports.fonts import BOLD, REGULAR
from itscm_desktop.reports.text import draw_string

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
