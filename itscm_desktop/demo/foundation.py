"""The parts of the organisation both sizes share, and the small look-ups the generators
need: where people work, how sites are addressed on the network, who owns assets, and
what the runbook templates say about a plan's services."""

from __future__ import annotations

from itscm_desktop.demo.builder import Builder
from itscm_desktop.demo.cast import STAFF
from itscm_desktop.demo.catalogue import Premises
from itscm_desktop.demo.messages import TEMPLATES, network_overview, supplier_lines_csv
from itscm_desktop.demo.organisation import (
    CRISIS_LINE,
    DEPARTMENTS,
    PLAN_APPROVED_BY,
    PLAN_APPROVED_DAYS_AGO,
    PLAN_ASSUMPTIONS,
    PLAN_REVIEWED_DAYS_AGO,
    PLAN_SCOPE,
    PLAN_VERSION,
    SITES,
)
from itscm_desktop.demo.runbooks import PlanSpec
from itscm_desktop.demo.services import SERVICES
from itscm_desktop.demo.staffing import Workplace
from itscm_desktop.demo.suppliers import SUPPLIERS
from itscm_desktop.demo.teams import CALL_TREES
from itscm_desktop.domain.durations import format_minutes

#: Hostname prefix and second address octet of each demo site.
SITE_NETWORK: dict[str, tuple[str, int]] = {
    "leeds": ("lds-hq", 20),
    "leeds_dc1": ("lds", 10),
    "manchester": ("mcr", 50),
    "lodz": ("ldz", 30),
    "rotterdam": ("rtm", 40),
    "hamburg": ("ham", 60),
    "copenhagen": ("cph", 70),
    "azure_weu": ("az-weu", 80),
    "aws_fra": ("aws-fra", 90),
}
SERVICE_BY_KEY = {s.key: s for s in SERVICES}
SUPPLIER_BY_KEY = {s.key: s for s in SUPPLIERS}


def add_plan_header(b: Builder, plan_id: str) -> None:
    """Fill in the plan row that `Vault.create` made: owner, scope, approval, crisis line."""
    b.edit.update(
        "plan",
        plan_id,
        {
            "version": PLAN_VERSION,
            "classification": "confidential",
            "owner_id": b.id("contacts", "helen"),
            "scope": PLAN_SCOPE,
            "assumptions": PLAN_ASSUMPTIONS,
            "review_interval_months": 12,
            "approved_by": PLAN_APPROVED_BY,
            "approved_on": b.day(PLAN_APPROVED_DAYS_AGO),
            "last_reviewed_on": b.day(PLAN_REVIEWED_DAYS_AGO),
            "crisis_line": CRISIS_LINE,
            "verify_contacts_days": 180,
            "currency": "GBP",
        },
    )


def add_communications(b: Builder) -> None:
    """The message templates and the two documents kept in the vault."""
    for t in TEMPLATES:
        b.add(
            "message_templates",
            {
                "name": t.name,
                "audience": t.audience,
                "channel": t.channel,
                "subject": t.subject,
                "body": t.body,
            },
        )
    b.document(
        "Network overview — sites and links.txt",
        network_overview(),
        "text/plain; charset=utf-8",
        b.id("services", "network"),
        "Plain-text diagram of the WAN and each site's network equipment, for the go-bag.",
    )
    b.document(
        "Supplier 24-7 lines.csv",
        supplier_lines_csv(),
        "text/csv; charset=utf-8",
        None,
        "The suppliers' 24/7 support lines with contract and account references.",
    )


def demo_workplaces(b: Builder) -> list[Workplace]:
    """The demo's sites where people work (not the data centre, DR suite or clouds)."""
    return [
        Workplace(site.key, site.name, site.country, b.id("sites", site.key))
        for site in SITES
        if site.kind == "office"
    ]


def demo_premises(b: Builder) -> list[Premises]:
    """Every demo site, as the inventory generator sees it."""
    premises = []
    for site in SITES:
        prefix, octet = SITE_NETWORK[site.key]
        short = site.name.split(" (")[0]
        premises.append(Premises(b.id("sites", site.key), short, site.kind, prefix, octet))
    return premises


def owners_by_department(b: Builder) -> dict[str, list[str]]:
    """Asset owners: the named cast of each department, then generated colleagues."""
    owners: dict[str, list[str]] = {name: [] for name in DEPARTMENTS}
    for person in STAFF:
        if person.department in owners:
            owners[person.department].append(b.id("contacts", person.key))
    for department, ids in b.staff.items():
        owners[department].extend(ids)
    return owners


def plan_context(plan: PlanSpec) -> dict[str, str]:
    """What the runbook templates say about this plan's services."""
    services = [SERVICE_BY_KEY[key] for key in plan.services]
    suppliers = [SUPPLIER_BY_KEY[k] for s in services for k in s.provided_by]
    supplier = suppliers[0] if suppliers else None
    tree = next(t for t in CALL_TREES if t.key == plan.call_tree)
    return {
        "service": " and ".join(short_name(s.name) for s in services),
        "rto": format_minutes(min(s.rto for s in services)),
        "call_tree": tree.name,
        "supplier": supplier.name if supplier else "the supplier",
        "supplier_line": supplier.support_phone if supplier else "the supplier's 24/7 line",
        "alt_site": "the Manchester recovery suite",
    }


def short_name(name: str) -> str:
    """'ERP — finance, orders and invoicing (Meridian ERP)' → 'ERP'."""
    return name.split(" — ")[0].split(" (")[0]
