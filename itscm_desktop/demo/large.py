"""The large synthetic organisation, for benchmarks: the demo company grown to a group
with 40 sites, built from the same parts.

Exact sizes: 5,000 contacts, 20,000 assets, 1,000 services, 600 suppliers, 400 teams,
300 recovery plans of 25 steps each, 50 incidents of 100 log entries each. The demo's
sites, suppliers, people, teams, call trees, services, key assets, risks, exercises and
message templates are all in it; its hand-written runbooks and incident are not (every
plan here has exactly 25 steps and every incident 100 entries). Everything else is
combined from name parts, templates and the rng, and is just as valid.
"""

from __future__ import annotations

from collections.abc import Sequence

from itscm_desktop.demo.assets import KEY_ASSETS
from itscm_desktop.demo.builder import Builder
from itscm_desktop.demo.cast import CAST
from itscm_desktop.demo.catalogue import (
    Placed,
    Premises,
    add_dependencies,
    add_inventory,
    add_key_assets,
    add_risks,
    add_service,
    add_services,
    depend,
)
from itscm_desktop.demo.exercises import EXERCISES
from itscm_desktop.demo.foundation import (
    SUPPLIER_BY_KEY,
    add_communications,
    add_plan_header,
    demo_premises,
    demo_workplaces,
    owners_by_department,
    short_name,
)
from itscm_desktop.demo.incidents import synthetic_timeline
from itscm_desktop.demo.names import pick_nationality
from itscm_desktop.demo.organisation import SITES
from itscm_desktop.demo.regions import REGIONAL_SITES, address
from itscm_desktop.demo.response import add_call_trees, add_exercises, add_steps, add_teams
from itscm_desktop.demo.risks import RISKS, synthetic_risk
from itscm_desktop.demo.runbooks import generic_plan_steps
from itscm_desktop.demo.services import SERVICES, synthetic_service
from itscm_desktop.demo.staffing import (
    Colleague,
    Workplace,
    add_person,
    add_sites,
    add_staff,
    add_suppliers,
)
from itscm_desktop.demo.suppliers import SUPPLIERS, synthetic_supplier
from itscm_desktop.demo.teams import CALL_TREES, TEAMS
from itscm_desktop.demo.world import (
    add_synthetic_call_trees,
    add_synthetic_exercises,
    add_synthetic_teams,
)
from itscm_desktop.domain.durations import format_minutes

CONTACTS, ASSETS, SERVICE_COUNT, SUPPLIER_COUNT, TEAM_COUNT = 5000, 20000, 1000, 600, 400
PLANS, STEPS_PER_PLAN, INCIDENTS, EVENTS_PER_INCIDENT = 300, 25, 50, 100
CALL_TREE_COUNT, RISK_COUNT, EXERCISE_COUNT = 100, 200, 40

_CATEGORY_SETS = (
    ("financial", "operational", "customer"),
    ("financial", "operational", "reputational", "customer"),
    ("operational", "legal_regulatory", "reputational"),
    ("financial", "operational", "health_safety"),
)
_SCENARIOS = (
    "Loss of the primary data room", "Application or database corruption",
    "Supplier platform outage", "Ransomware", "Loss of the site's network",
)  # fmt: skip


def build_large(b: Builder, plan_id: str) -> None:
    workplaces, premises, alternates = _sites(b)
    supplier_ids = _suppliers(b)
    for person in CAST:
        add_person(b, person, SUPPLIER_BY_KEY)
    _supplier_people(b, supplier_ids)
    colleagues = add_staff(b, CONTACTS - b.counts["contacts"], workplaces)
    add_plan_header(b, plan_id)
    add_teams(b, TEAMS)
    add_call_trees(b, CALL_TREES)
    teams = add_synthetic_teams(b, TEAM_COUNT - len(TEAMS), colleagues, workplaces)
    add_synthetic_call_trees(b, teams[: CALL_TREE_COUNT - len(CALL_TREES)], colleagues)
    add_services(b, SERVICES)
    services = _services(b, [c.id for c in colleagues])
    add_key_assets(b, KEY_ASSETS)
    placed = add_inventory(
        b, premises, ASSETS - len(KEY_ASSETS), owners_by_department(b), b.keyed("suppliers")
    )
    add_dependencies(b, SERVICES, KEY_ASSETS)
    _service_dependencies(b, services, placed, supplier_ids)
    add_risks(b, RISKS)
    for index in range(RISK_COUNT - len(RISKS)):
        service_id, name, _, owner = services[index % len(services)]
        values = synthetic_risk(index, name, b.rng)
        values |= {"owner_id": owner, "service_ids": [service_id]}
        b.add("risks", values | {"review_on": b.day(b.rng.randint(-365, 60))})
    plans = _plans(b, services, supplier_ids, alternates)
    add_exercises(b, EXERCISES)
    add_synthetic_exercises(b, EXERCISE_COUNT - len(EXERCISES), services, colleagues)
    _incidents(b, plans, colleagues)
    add_communications(b)


def _sites(b: Builder) -> tuple[list[Workplace], list[Premises], list[str]]:
    """Demo sites plus the regional ones: where people work, where assets are, and the
    names of the recovery sites."""
    add_sites(b, SITES)
    workplaces = demo_workplaces(b)
    premises = demo_premises(b)
    alternates = [s.name.split(" (")[0] for s in SITES if s.kind.startswith("alternate")]
    for index, site in enumerate(REGIONAL_SITES):
        site_id = b.add(
            "sites",
            {
                "name": site.name,
                "kind": site.kind,
                "address": address(site, b.rng),
                "access_instructions": "Badge access; out of hours call the site's security "
                "line, then the Leeds security desk.",
                "phone": None if site.kind == "cloud_region" else b.phones.landline(site.country),
            },
        )
        if site.kind == "office":
            workplaces.append(Workplace(site.name, site.name, site.country, site_id))
        if site.kind.startswith("alternate"):
            alternates.append(site.name)
        premises.append(Premises(site_id, site.name, site.kind, site.prefix, 100 + index))
    return workplaces, premises, alternates


def _suppliers(b: Builder) -> list[tuple[str, str, str, str]]:
    """Demo suppliers plus synthetic ones; returns (id, name, phone, country) of the latter."""
    add_suppliers(b, SUPPLIERS)
    made = []
    for index in range(SUPPLIER_COUNT - len(SUPPLIERS)):
        name, country, provides, minutes, ref = synthetic_supplier(index, b.rng)
        phone = b.phones.landline(country)
        slug = "".join(c for c in name.lower().split(" ")[0] if c.isalnum())
        supplier_id = b.add(
            "suppliers",
            {
                "name": name,
                "provides": provides,
                "contract_ref": ref,
                "contracted_recovery_minutes": minutes,
                "support_phone": phone,
                "support_email": f"support{index}@{slug}.example",
                "account_number": f"ACC-{b.rng.randrange(10**6):06d}",
                "contract_expires_on": b.day(-b.rng.randint(-90, 1100)),
            },
        )
        made.append((supplier_id, name, phone, country))
    return made


def _supplier_people(b: Builder, suppliers: Sequence[tuple[str, str, str, str]]) -> None:
    """An account or service manager for every other synthetic supplier."""
    titles = ("Account Manager", "Service Delivery Manager", "Support Engineer", "NOC Lead")
    for supplier_id, name, _, country in suppliers[::2]:
        given, surname = pick_nationality(b.rng, country).person(b.rng)
        domain = f"{''.join(c for c in name.lower().split(' ')[0] if c.isalnum())}.example"
        b.add(
            "contacts",
            {
                "full_name": f"{given} {surname}",
                "job_title": b.rng.choice(titles),
                "organisation": name,
                "supplier_id": supplier_id,
                "mobile_phone": b.phones.mobile(country),
                "work_phone": b.phones.landline(country),
                "work_email": b.work_email(given, surname, domain),
                "last_verified_on": b.day(b.rng.randint(5, 400)),
            },
        )


Service = tuple[str, str, int, str]  # id, name, RTO, owner id


def _services(b: Builder, staff: list[str]) -> list[Service]:
    """Synthetic services with their BIA; returns every service, demo ones first."""
    services: list[Service] = [
        (b.id("services", s.key), s.name, s.rto, b.id("contacts", s.owner)) for s in SERVICES
    ]
    for index in range(SERVICE_COUNT - len(SERVICES)):
        name, (tier, rto, rpo, mtd) = synthetic_service(index, b.rng)
        owner = b.rng.choice(staff)
        function, scope = name.split(" — ")
        values = {
            "name": name,
            "description": f"{function} for the {scope.split(' (')[0]} operation.",
            "owner_id": owner,
            "tier": tier,
            "rto_minutes": rto,
            "rpo_minutes": rpo,
            "mtd_minutes": mtd,
            "service_level_target": f"{99.9 if tier <= 2 else 99.5} % monthly",
            "business_processes": f"{function} at {scope.split(' (')[0]}.",
        }
        peak = 5 if tier == 1 else 4 if tier == 2 else b.rng.choice((3, 4))
        impacts = {c: max(1, peak - b.rng.randint(0, 2)) for c in b.rng.choice(_CATEGORY_SETS)}
        impacts[next(iter(impacts))] = peak
        cost = b.rng.choice((200, 500, 1500, 4000, 9000)) * (5 - tier)
        service_id = add_service(b, values, impacts, mtd, cost)
        services.append((service_id, name, rto, owner))
    return services


def _service_dependencies(
    b: Builder,
    services: list[Service],
    placed: list[Placed],
    suppliers: Sequence[tuple[str, str, str, str]],
) -> None:
    """Each synthetic service needs one or two services that recover at least as fast,
    runs on two or three assets (which are hosted at their sites), and half of them are
    provided by a supplier."""
    runnable = [p for p in placed if p.kind in ("hardware", "data", "cloud")]
    hosted: set[str] = set()
    for position in range(len(SERVICES), len(services)):
        service_id, _, rto, _ = services[position]
        faster = [s[0] for s in services[:position] if s[2] <= rto]
        for other in b.rng.sample(faster, min(len(faster), b.rng.randint(1, 2))):
            depend(b, service_id, "needs", other)
        for asset in b.rng.sample(runnable, b.rng.randint(2, 3)):
            depend(b, service_id, "runs_on", asset.id)
            if asset.id not in hosted:
                hosted.add(asset.id)
                depend(b, asset.id, "hosted_at", asset.site_id)
        if b.rng.random() < 0.5:
            depend(b, service_id, "provided_by", b.rng.choice(suppliers)[0])


Plan = tuple[str, list[str], list[tuple[str, str]]]  # id, service ids, (step id, title)


def _plans(
    b: Builder,
    services: list[Service],
    suppliers: Sequence[tuple[str, str, str, str]],
    alternates: list[str],
) -> list[Plan]:
    """300 plans of 25 steps each."""
    teams, people = b.keyed("teams"), b.keyed("contacts")
    plans = []
    for index in range(PLANS):
        position = (index * 3) % len(services)
        service_id, name, rto, owner = services[position]
        scope = f" — {name.split(' — ')[-1]}" if position >= len(SERVICES) else ""
        _, supplier, phone, _ = b.rng.choice(suppliers)
        scenario = b.rng.choice(_SCENARIOS)
        plan_id = b.add(
            "recovery_plans",
            {
                "name": f"{short_name(name)} recovery{scope}",
                "scenario": scenario,
                "service_ids": [service_id],
                "owner_id": owner,
                "activation_criteria": f"{scenario} that keeps {name} down for longer than "
                f"half its RTO ({format_minutes(rto)}).",
            },
        )
        context = {
            "service": short_name(name),
            "rto": format_minutes(rto),
            "call_tree": "Major IT outage",
            "supplier": supplier,
            "supplier_line": phone,
            "alt_site": b.rng.choice(alternates),
        }
        templates = generic_plan_steps(b.rng, recovery_count=STEPS_PER_PLAN - 10)
        ids = add_steps(b, plan_id, templates, context, teams, people)
        titles = [t.filled(context).title for t in templates]
        plans.append((plan_id, [service_id], list(zip(ids.values(), titles, strict=True))))
    return plans


def _incidents(b: Builder, plans: list[Plan], colleagues: list[Colleague]) -> None:
    """50 closed incidents of 100 log entries, each invoking one of the plans."""
    authors = [p.full_name for p in CAST if p.supplier is None]
    major = b.id("call_trees", "major_it")
    for index in range(INCIDENTS):
        plan_id, service_ids, steps = plans[(index * 7) % len(plans)]
        days_ago = b.rng.randint(10, 720)
        hour, minute = b.rng.randint(0, 23), b.rng.randint(0, 59)
        people = [c.id for c in b.rng.sample(colleagues, 12)]
        events = synthetic_timeline(b.rng, steps, people, EVENTS_PER_INCIDENT)
        scenario = b.rng.choice(_SCENARIOS)
        incident_id = b.add(
            "incidents",
            {
                "title": f"INC-{4100 + index}: {scenario}",
                "declared_at": b.moment(days_ago, hour, minute),
                "declared_by_id": b.rng.choice(people),
                "severity": b.rng.choice(("critical", "major", "major", "minor")),
                "scenario": scenario,
                "service_ids": service_ids,
                "call_tree_id": major,
                "recovery_plan_ids": [plan_id],
                "status": "closed",
                "closed_at": b.moment(days_ago, hour, minute, events[-1].minutes),
                "summary": f"Recovered with the plan; {len(steps)} steps completed.",
            },
        )
        for e in events:
            b.add(
                "incident_events",
                {
                    "incident_id": incident_id,
                    "occurred_at": b.moment(days_ago, hour, minute, e.minutes),
                    "author": b.rng.choice(authors),
                    "kind": e.kind,
                    "text": e.text,
                    "contact_id": e.contact,
                    "call_result": e.result,
                    "step_id": e.step,
                },
            )
