"""Writing the service catalogue with its BIA, the asset inventory, the dependencies
between them, and the risk register."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from itscm_desktop.demo.assets import ASSET_LINKS, AssetSpec
from itscm_desktop.demo.builder import Builder
from itscm_desktop.demo.inventory import asset_values, serial, templates_for
from itscm_desktop.demo.risks import RiskSpec
from itscm_desktop.demo.services import WINDOWS, ServiceSpec, bia_costs, bia_ratings

#: Every BIA category, in the registry's order, so services list them the same way.
CATEGORY_ORDER = (
    "financial", "operational", "legal_regulatory", "reputational", "customer", "health_safety",
)  # fmt: skip


@dataclass(frozen=True)
class Premises:
    """A site the inventory is spread over: its kind decides which templates apply."""

    id: str
    name: str
    kind: str
    prefix: str
    octet: int


@dataclass(frozen=True)
class Placed:
    """An asset written by the inventory, with where it is."""

    id: str
    site_id: str
    kind: str


def add_service(
    b: Builder,
    values: Mapping[str, object],
    impacts: Mapping[str, int],
    mtd: int,
    cost_per_hour: int,
    notes: Mapping[str, str] | None = None,
    key: str | None = None,
) -> str:
    """A service and its BIA: each category rated over the standard windows."""
    service_id = b.add("services", values, key=key)
    for category in CATEGORY_ORDER:
        if category not in impacts:
            continue
        ratings = bia_ratings(impacts[category], mtd)
        costs: list[int | None] = (
            list(bia_costs(cost_per_hour)) if category == "financial" else [None] * len(WINDOWS)
        )
        note = (notes or {}).get(category)
        for window, rating, cost in zip(WINDOWS, ratings, costs, strict=True):
            b.add(
                "bia_impacts",
                {
                    "service_id": service_id,
                    "category": category,
                    "window_minutes": window,
                    "rating": rating,
                    "cost": cost,
                    "notes": note if window == WINDOWS[-1] else None,
                },
            )
    return service_id


def add_services(b: Builder, specs: Iterable[ServiceSpec]) -> None:
    for s in specs:
        values = {
            "name": s.name,
            "description": s.description,
            "owner_id": b.id("contacts", s.owner),
            "tier": s.tier,
            "rto_minutes": s.rto,
            "rpo_minutes": s.rpo,
            "mtd_minutes": s.mtd,
            "service_level_target": s.target,
            "business_processes": s.processes,
        }
        add_service(b, values, s.impacts, s.mtd, s.cost_per_hour, s.notes, key=s.key)


def add_key_assets(b: Builder, specs: Iterable[AssetSpec]) -> None:
    for a in specs:
        values: dict[str, object] = {
            "name": a.name,
            "kind": a.kind,
            "vendor": a.vendor or None,
            "model": a.model or None,
            "version": a.version or None,
            "hostname": a.hostname or None,
            "site_id": b.id("sites", a.site),
            "owner_id": b.id("contacts", a.owner),
            "supplier_id": b.id("suppliers", a.supplier) if a.supplier else None,
            "support_contract": a.support_contract or None,
            "warranty_ends_on": b.day(-a.warranty_days) if a.warranty_days is not None else None,
            "licence": a.licence or None,
            "criticality": a.criticality,
            "notes": a.notes or None,
        }
        if a.kind == "hardware" and a.vendor not in ("VMware", ""):
            values["serial"] = serial(a.vendor, b.rng) or None
        if a.backup is not None:
            values["backup_method"] = a.backup.method
            values["backup_frequency"] = a.backup.frequency
            values["backup_location"] = a.backup.location
            if a.backup.restore_tested_days_ago is not None:
                values["last_restore_test_on"] = b.day(a.backup.restore_tested_days_ago)
        b.add("assets", values, key=a.key)


def add_inventory(
    b: Builder,
    premises: list[Premises],
    count: int,
    owners: Mapping[str, list[str]],
    suppliers: Mapping[str, str],
) -> list[Placed]:
    """`count` generated assets spread over `premises`, round robin, each from a template
    that fits the kind of site (weighted). `owners` are contact ids by department."""
    placed: list[Placed] = []
    numbers: dict[tuple[str, str], int] = {}
    for index in range(count):
        site = premises[index % len(premises)]
        templates = templates_for(site.kind, site.name)
        template = b.rng.choices(templates, weights=[t.weight for t in templates])[0]
        n = numbers[(site.id, template.name)] = numbers.get((site.id, template.name), 0) + 1
        address = numbers[(site.id, "")] = numbers.get((site.id, ""), 0) + 1
        values = asset_values(template, n, site.name, site.prefix, (site.octet, address), b.rng)
        values["site_id"] = site.id
        values["owner_id"] = b.rng.choice(owners[template.department])
        if template.supplier is not None:
            values["supplier_id"] = suppliers[template.supplier]
        if template.backup is not None and template.backup.restore_tested_days_ago is not None:
            values["last_restore_test_on"] = b.day(
                template.backup.restore_tested_days_ago + b.rng.randint(0, 60)
            )
        if template.kind in ("hardware", "network"):
            values["warranty_ends_on"] = b.day(-b.rng.randint(-200, 1100))
        asset_id = b.add("assets", values)
        placed.append(Placed(asset_id, site.id, template.kind))
    return placed


def depend(b: Builder, from_id: str, kind: str, to_id: str, notes: str | None = None) -> None:
    b.add("dependencies", {"from_id": from_id, "kind": kind, "to_id": to_id, "notes": notes})


def add_dependencies(
    b: Builder, services: Iterable[ServiceSpec], assets: Iterable[AssetSpec]
) -> None:
    """Service → service (needs), service → asset (runs on), service → supplier (provided
    by), asset → site (hosted at) and the asset links in `assets.ASSET_LINKS`."""
    for s in services:
        sid = b.id("services", s.key)
        for other in s.needs:
            depend(b, sid, "needs", b.id("services", other))
        for asset in s.runs_on:
            depend(b, sid, "runs_on", b.id("assets", asset))
        for supplier in s.provided_by:
            depend(b, sid, "provided_by", b.id("suppliers", supplier))
    for a in assets:
        depend(b, b.id("assets", a.key), "hosted_at", b.id("sites", a.site))
    for source, kind, table, target in ASSET_LINKS:
        depend(b, b.id("assets", source), kind, b.id(table, target))


def add_risks(b: Builder, risks: Iterable[RiskSpec]) -> None:
    for r in risks:
        b.add(
            "risks",
            {
                "title": r.title,
                "threat": r.threat,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "treatment": r.treatment,
                "treatment_notes": r.treatment_notes,
                "owner_id": b.id("contacts", r.owner),
                "service_ids": b.ids("services", r.services),
                "review_on": b.day(-r.review_in_days),
            },
        )
