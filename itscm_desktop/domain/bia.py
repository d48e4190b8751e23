"""Business impact analysis arithmetic (NIST SP 800-34 Rev. 1, section 3.2).

For each service the BIA rates, per impact category, how bad an outage is after
each time window (0 none … 5 severe) and/or what it costs. From that follow the
maximum tolerable downtime (MTD), the checks on RTO/RPO/MTD, and the order in
which services are recovered. All durations are whole minutes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol, TypeVar

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import BIA_CATEGORIES

__all__ = [
    "IMPACT_CATEGORIES",
    "INTOLERABLE_RATING",
    "RATING_LABELS",
    "STANDARD_WINDOWS",
    "WINDOW_LABELS",
    "Impact",
    "ServiceObjectives",
    "impact_curve",
    "objective_problems",
    "recovery_priority",
    "suggested_mtd",
]

IMPACT_CATEGORIES: Mapping[str, str] = MappingProxyType(dict(BIA_CATEGORIES))
"""Category key -> label, in the order the BIA form shows them (from the registry)."""

STANDARD_WINDOWS: tuple[int, ...] = (60, 240, 480, 1440, 4320, 10080)
"""The time windows a BIA asks about by default, in minutes: 1 h … 1 w."""

WINDOW_LABELS: Mapping[int, str] = MappingProxyType(
    {minutes: format_minutes(minutes) for minutes in STANDARD_WINDOWS}
)
"""Standard window -> label ("1 h", "4 h", "8 h", "1 d", "3 d", "1 w")."""

RATING_LABELS: Mapping[int, str] = MappingProxyType(
    {0: "None", 1: "Minimal", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
)

INTOLERABLE_RATING = 4
"""The rating from which an impact counts as intolerable unless told otherwise."""


@dataclass(frozen=True)
class Impact:
    """How bad an outage of ``window_minutes`` is in one category.

    ``rating`` (0–5) and ``cost`` (the total loss if down that long, in the plan's
    currency) are each optional; an impact with neither is "not assessed yet" and
    is ignored by the calculations. Raises ValueError on impossible values.
    """

    category: str
    window_minutes: int
    rating: int | None = None
    cost: float | None = None

    def __post_init__(self) -> None:
        if self.category not in IMPACT_CATEGORIES:
            raise ValueError(f"Unknown impact category {self.category!r}.")
        if not _is_int(self.window_minutes) or self.window_minutes <= 0:
            raise ValueError(f"An impact window must be positive minutes: {self.window_minutes!r}.")
        if self.rating is not None and (not _is_int(self.rating) or not 0 <= self.rating <= 5):
            raise ValueError(f"An impact rating must be 0 to 5: {self.rating!r}.")
        if self.cost is not None and (
            not isinstance(self.cost, int | float)
            or isinstance(self.cost, bool)
            or not math.isfinite(self.cost)
            or self.cost < 0
        ):
            raise ValueError(f"An impact cost must be a finite amount of 0 or more: {self.cost!r}.")


def impact_curve(impacts: Iterable[Impact]) -> list[tuple[int, int]]:
    """(window, worst rating so far) for each rated window, in time order.

    The worst rating across categories is carried forward (cumulative maximum), so
    the curve never falls: an outage does not get better by lasting longer.
    Unrated impacts are ignored.
    """
    worst: dict[int, int] = {}
    for impact in impacts:
        if impact.rating is not None:
            worst[impact.window_minutes] = max(worst.get(impact.window_minutes, 0), impact.rating)
    curve = []
    highest = 0
    for window in sorted(worst):
        highest = max(highest, worst[window])
        curve.append((window, highest))
    return curve


def suggested_mtd(
    impacts: Iterable[Impact], intolerable_rating: int = INTOLERABLE_RATING
) -> int | None:
    """The first window at which some category reaches ``intolerable_rating``; else None."""
    if not 0 <= intolerable_rating <= 5:
        raise ValueError(f"intolerable_rating must be 0 to 5, not {intolerable_rating}.")
    for window, rating in impact_curve(impacts):
        if rating >= intolerable_rating:
            return window
    return None


def objective_problems(
    rto: int | None,
    rpo: int | None,
    mtd: int | None,
    impacts: Iterable[Impact] = (),
    intolerable_rating: int = INTOLERABLE_RATING,
) -> list[str]:
    """Contradictions in a service's objectives and BIA, as sentences for the user.

    Missing values are not problems here (a draft may lack them); only values that
    cannot all be true are: a negative duration, an RTO past the MTD, an MTD (or,
    without one, an RTO) past the point where the BIA says impacts become
    intolerable, and ratings or costs that shrink as the outage lasts longer.
    """
    impacts = list(impacts)
    problems = []
    for name, value in (("RTO", rto), ("RPO", rpo), ("MTD", mtd)):
        if value is not None and value < 0:
            problems.append(f"{name} cannot be negative ({value} min).")
    rto = rto if rto is not None and rto >= 0 else None
    mtd = mtd if mtd is not None and mtd >= 0 else None
    if rto is not None and mtd is not None and rto > mtd:
        problems.append(
            f"RTO ({format_minutes(rto)}) is longer than the MTD ({format_minutes(mtd)}): "
            "the service would be down past its maximum tolerable downtime."
        )
    intolerable = suggested_mtd(impacts, intolerable_rating)
    if intolerable is not None:
        limit = (
            f"the point where impacts become intolerable ({format_minutes(intolerable)}, "
            f"rated {intolerable_rating} or worse in the BIA)."
        )
        if mtd is not None and mtd > intolerable:
            problems.append(f"MTD ({format_minutes(mtd)}) is later than {limit}")
        elif mtd is None and rto is not None and rto > intolerable:
            problems.append(f"RTO ({format_minutes(rto)}) is longer than {limit}")
    problems.extend(_inconsistent_impacts(impacts))
    return problems


def _inconsistent_impacts(impacts: list[Impact]) -> list[str]:
    problems = []
    for category, label in IMPACT_CATEGORIES.items():
        rows = sorted(
            (
                impact
                for impact in impacts
                if impact.category == category
                and (impact.rating is not None or impact.cost is not None)
            ),
            key=lambda impact: impact.window_minutes,
        )
        entries: dict[int, tuple[int | None, float | None]] = {}
        for impact in rows:
            entry = (impact.rating, impact.cost)
            if entries.setdefault(impact.window_minutes, entry) != entry:
                problems.append(
                    f"{label} has two different entries for "
                    f"{format_minutes(impact.window_minutes)}."
                )
        for what, values in (
            ("impact", [(w, rating) for w, (rating, _) in entries.items()]),
            ("cost", [(w, cost) for w, (_, cost) in entries.items()]),
        ):
            drop = _first_drop(values)
            if drop is not None:
                (early, high), (late, low) = drop
                problems.append(
                    f"{label} {what} drops from {_amount(high)} at {format_minutes(early)} "
                    f"to {_amount(low)} at {format_minutes(late)}; it should not shrink "
                    "as the outage goes on."
                )
    return problems


def _first_drop(
    values: list[tuple[int, int | None]] | list[tuple[int, float | None]],
) -> tuple[tuple[int, float], tuple[int, float]] | None:
    highest: tuple[int, float] | None = None
    for window, value in sorted(values):
        if value is None:
            continue
        if highest is not None and value < highest[1]:
            return highest, (window, value)
        if highest is None or value > highest[1]:
            highest = (window, value)
    return None


def _amount(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class ServiceObjectives(Protocol):
    """What :func:`recovery_priority` reads from a service (e.g. a registry record)."""

    @property
    def name(self) -> str: ...
    @property
    def tier(self) -> int | None: ...
    @property
    def mtd_minutes(self) -> int | None: ...
    @property
    def rto_minutes(self) -> int | None: ...


S = TypeVar("S", bound=ServiceObjectives | Mapping[str, object])


def recovery_priority(services: Iterable[S]) -> list[S]:
    """Services in recovery order: tier (1 first), then MTD, then RTO, then name.

    Accepts objects with ``name``, ``tier``, ``mtd_minutes`` and ``rto_minutes``
    attributes, or mappings with those keys (rows as the vault returns them).
    A missing or None value sorts after every known one; names compare
    case-insensitively. Returns the same objects, in a new list.
    """
    return sorted(services, key=_priority_key)


def _priority_key(service: ServiceObjectives | Mapping[str, object]) -> tuple[object, ...]:
    def read(name: str) -> object:
        if isinstance(service, Mapping):
            return service.get(name)
        return getattr(service, name, None)

    def last_if_missing(value: object) -> tuple[bool, float]:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (False, float(value))
        return (True, 0.0)

    name = read("name")
    name_text = name if isinstance(name, str) else ""
    return (
        last_if_missing(read("tier")),
        last_if_missing(read("mtd_minutes")),
        last_if_missing(read("rto_minutes")),
        name_text.casefold(),
        name_text,
    )
