"""Tests for itscm_desktop.domain.bia."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itscm_desktop.domain.bia import (
    IMPACT_CATEGORIES,
    INTOLERABLE_RATING,
    RATING_LABELS,
    STANDARD_WINDOWS,
    WINDOW_LABELS,
    Impact,
    impact_curve,
    objective_problems,
    recovery_priority,
    suggested_mtd,
)
from itscm_desktop.domain.entities import BIA_CATEGORIES

H, D, W = 60, 1440, 10080


def test_constants() -> None:
    assert list(IMPACT_CATEGORIES) == [
        "financial",
        "operational",
        "legal_regulatory",
        "reputational",
        "customer",
        "health_safety",
    ]
    assert dict(BIA_CATEGORIES) == dict(IMPACT_CATEGORIES), "one source of truth"
    assert STANDARD_WINDOWS == (60, 240, 480, 1440, 4320, 10080)
    assert list(WINDOW_LABELS.values()) == ["1 h", "4 h", "8 h", "1 d", "3 d", "1 w"]
    assert sorted(RATING_LABELS) == [0, 1, 2, 3, 4, 5]
    assert INTOLERABLE_RATING == 4
    with pytest.raises(TypeError):
        IMPACT_CATEGORIES["x"] = "y"  # type: ignore[index]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"category": "weather", "window_minutes": 60},
        {"category": "financial", "window_minutes": 0},
        {"category": "financial", "window_minutes": -60},
        {"category": "financial", "window_minutes": 1.5},
        {"category": "financial", "window_minutes": 60, "rating": 6},
        {"category": "financial", "window_minutes": 60, "rating": -1},
        {"category": "financial", "window_minutes": 60, "rating": True},
        {"category": "financial", "window_minutes": 60, "cost": -1.0},
        {"category": "financial", "window_minutes": 60, "cost": float("nan")},
        {"category": "financial", "window_minutes": 60, "cost": float("inf")},
    ],
)
def test_impact_rejects_impossible_values(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Impact(**kwargs)  # type: ignore[arg-type]


def test_impact_accepts_rating_cost_or_neither() -> None:
    assert Impact("financial", 60, rating=0).rating == 0
    assert Impact("financial", 60, cost=0).cost == 0
    assert Impact("customer", 60).rating is None


PAYROLL = [
    Impact("financial", 4 * H, rating=1, cost=1_000),
    Impact("financial", D, rating=2, cost=20_000),
    Impact("financial", 3 * D, rating=4, cost=90_000),
    Impact("legal_regulatory", D, rating=3),
    Impact("legal_regulatory", W, rating=5),
    Impact("reputational", 3 * D, rating=2),
    Impact("customer", 8 * H),  # not assessed yet
]


def test_impact_curve_takes_worst_category_and_never_falls() -> None:
    assert impact_curve(PAYROLL) == [(4 * H, 1), (D, 3), (3 * D, 4), (W, 5)]
    dip = [Impact("operational", H, rating=3), Impact("operational", D, rating=1)]
    assert impact_curve(dip) == [(H, 3), (D, 3)]
    assert impact_curve([]) == []
    assert impact_curve([Impact("financial", H, cost=5.0)]) == []


def test_suggested_mtd() -> None:
    assert suggested_mtd(PAYROLL) == 3 * D
    assert suggested_mtd(PAYROLL, intolerable_rating=3) == D
    assert suggested_mtd(PAYROLL, intolerable_rating=5) == W
    assert suggested_mtd(PAYROLL[:2]) is None
    assert suggested_mtd([]) is None
    with pytest.raises(ValueError):
        suggested_mtd(PAYROLL, intolerable_rating=6)


_impacts = st.lists(
    st.builds(
        Impact,
        st.sampled_from(list(IMPACT_CATEGORIES)),
        st.sampled_from(STANDARD_WINDOWS),
        st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
        st.none(),
    ),
    max_size=15,
)


@given(_impacts, st.integers(min_value=0, max_value=5))
def test_curve_and_mtd_properties(impacts: list[Impact], threshold: int) -> None:
    curve = impact_curve(impacts)
    windows = [window for window, _ in curve]
    ratings = [rating for _, rating in curve]
    assert windows == sorted(set(windows))
    assert ratings == sorted(ratings)
    for window, rating in curve:
        reached = [i.rating for i in impacts if i.rating is not None and i.window_minutes <= window]
        assert rating == max(reached)
    mtd = suggested_mtd(impacts, threshold)
    rated = [i for i in impacts if i.rating is not None and i.rating >= threshold]
    assert mtd == (min(i.window_minutes for i in rated) if rated else None)


def test_consistent_objectives_have_no_problems() -> None:
    assert objective_problems(4 * H, H, D, PAYROLL) == []
    assert objective_problems(None, None, None) == []
    assert objective_problems(0, 0, 0) == []


def test_rto_longer_than_mtd() -> None:
    assert objective_problems(8 * H, None, 4 * H) == [
        "RTO (8 h) is longer than the MTD (4 h): "
        "the service would be down past its maximum tolerable downtime."
    ]


def test_negative_values() -> None:
    assert objective_problems(-5, -1, None) == [
        "RTO cannot be negative (-5 min).",
        "RPO cannot be negative (-1 min).",
    ]
    assert objective_problems(H, None, -1) == ["MTD cannot be negative (-1 min)."]


def test_mtd_later_than_intolerable_impacts() -> None:
    assert objective_problems(4 * H, None, W, PAYROLL) == [
        "MTD (1 w) is later than the point where impacts become intolerable "
        "(3 d, rated 4 or worse in the BIA)."
    ]
    assert objective_problems(4 * H, None, 3 * D, PAYROLL) == []
    assert objective_problems(4 * H, None, W, PAYROLL, intolerable_rating=5) == []


def test_rto_later_than_intolerable_impacts_without_mtd() -> None:
    assert objective_problems(W, None, None, PAYROLL) == [
        "RTO (1 w) is longer than the point where impacts become intolerable "
        "(3 d, rated 4 or worse in the BIA)."
    ]


def test_shrinking_impacts_are_flagged() -> None:
    impacts = [
        Impact("operational", D, rating=4, cost=50_000),
        Impact("operational", 3 * D, rating=2, cost=20_000.5),
        Impact("operational", W, rating=1),
    ]
    assert objective_problems(None, None, None, impacts) == [
        "Operational impact drops from 4 at 1 d to 2 at 3 d; "
        "it should not shrink as the outage goes on.",
        "Operational cost drops from 50,000 at 1 d to 20,000.50 at 3 d; "
        "it should not shrink as the outage goes on.",
    ]


def test_duplicate_entries_are_flagged_but_blank_rows_are_not() -> None:
    impacts = [
        Impact("customer", D, rating=3),
        Impact("customer", D, rating=4),
        Impact("customer", D, rating=3),
        Impact("customer", W),
        Impact("customer", W, rating=5),
    ]
    assert objective_problems(None, None, None, impacts) == [
        "Customer has two different entries for 1 d."
    ]


@dataclass(frozen=True)
class Service:
    name: str
    tier: int | None
    mtd_minutes: int | None
    rto_minutes: int | None


def test_recovery_priority_orders_by_tier_mtd_rto_name() -> None:
    services = [
        Service("Website", 3, D, 4 * H),
        Service("payroll", 1, D, 8 * H),
        Service("E-mail", 1, 4 * H, 2 * H),
        Service("Accounts", 1, D, 8 * H),
        Service("Archive", None, H, H),
        Service("Intranet", 2, None, H),
        Service("CRM", 2, W, None),
        Service("HR portal", 2, W, 2 * D),
    ]
    ordered = [s.name for s in recovery_priority(services)]
    assert ordered == [
        "E-mail",
        "Accounts",
        "payroll",
        "HR portal",
        "CRM",
        "Intranet",
        "Website",
        "Archive",
    ]


def test_recovery_priority_accepts_mappings_and_returns_the_same_objects() -> None:
    rows: list[dict[str, object]] = [
        {"name": "B", "tier": 2, "mtd_minutes": D, "rto_minutes": H},
        {"name": "A", "tier": 2, "mtd_minutes": D, "rto_minutes": H},
        {"name": "C", "tier": 1},
    ]
    ordered = recovery_priority(rows)
    assert [row["name"] for row in ordered] == ["C", "A", "B"]
    assert ordered[0] is rows[2]
    assert [row["name"] for row in rows] == ["B", "A", "C"], "input left alone"


def test_recovery_priority_is_stable_for_identical_keys() -> None:
    first = Service("Same", 1, H, H)
    second = Service("Same", 1, H, H)
    ordered = recovery_priority([first, second])
    assert ordered[0] is first
    assert ordered[1] is second
