"""Message templates the communications team sends from, and the small documents kept
in the vault (a network overview and the suppliers' 24/7 lines, both generated from the
same content as the records, so they never disagree with them)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from itscm_desktop.demo.assets import KEY_ASSETS
from itscm_desktop.demo.organisation import ORGANISATION, SITES
from itscm_desktop.demo.suppliers import SUPPLIERS


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    audience: str
    channel: str
    subject: str | None
    body: str


TEMPLATES: tuple[TemplateSpec, ...] = (
    TemplateSpec(
        "IT outage — first notice", "staff", "sms", None,
        "{organisation}: {service} is down since {time}. IT are on it. Next update at "
        "{next_update}. Urgent business issues: call {crisis_line}.",
    ),
    TemplateSpec(
        "IT outage — update", "staff", "email", "Update: {service} — {incident}",
        "Status at {time}\n\n{service} is still unavailable. We expect it back by {eta}.\n\n"
        "What to do meanwhile: follow your team's manual procedure (paper picking, phone "
        "orders). Do not restart devices or re-enter work unless your manager asks.\n\n"
        "Next update: {next_update}.\nQuestions: {contact}.",
    ),
    TemplateSpec(
        "Customer notice — service disruption", "customers", "website",
        "Service disruption: {service}",
        "We are experiencing a disruption to {service} since {time}. Your shipments are safe "
        "and continue to move; tracking updates may be delayed. We expect normal service by "
        "{eta} and will update this page by {next_update}. We apologise for the "
        "inconvenience.",
    ),
    TemplateSpec(
        "Executive briefing", "executives", "email", "[CMT] {incident} — status at {time}",
        "Incident: {incident}\nServices affected: {service}\nSites: {site}\nExpected "
        "recovery: {eta}\n\nDecisions needed from the CMT:\n- \n\nNext briefing: "
        "{next_update}.\nIncident lead: {contact}.",
    ),
    TemplateSpec(
        "Supplier escalation", "suppliers", "email", "P1 escalation — {incident}",
        "We have a priority 1 incident affecting {service} at {site} since {time}. Under our "
        "contract we need a named engineer and an estimated time to repair within the "
        "contracted response time. Please call {contact} on the bridge, or our crisis line "
        "{crisis_line}.",
    ),
    TemplateSpec(
        "Site closed — do not travel", "staff", "sms", None,
        "{organisation}: {site} is closed after an evacuation. Do not travel to site. Your "
        "manager will call you. Updates at {next_update}; urgent: {crisis_line}.",
    ),
    TemplateSpec(
        "Customer calls during an outage", "customers", "phone_script", None,
        "Thank you for calling {organisation}. We are currently experiencing a disruption "
        "to {service}. Your goods are safe. We expect to be back to normal by {eta}; I can "
        "take your reference and we will call you back once it is resolved.",
    ),
    TemplateSpec(
        "Personal data breach — holding statement", "regulators", "email",
        "Personal data breach notification — {organisation}",
        "We are notifying you of a personal data breach discovered at {time}. Our "
        "investigation is ongoing; we will provide the information required by Article 33 "
        "GDPR in phases as it becomes available. Contact: {contact}.",
    ),
)  # fmt: skip


def network_overview() -> bytes:
    """A plain-text diagram of the sites and the network assets at each, for the go-bag."""
    lines = [
        f"{ORGANISATION} — network overview",
        "=" * 60,
        "",
        "           Pennine Fibre (MPLS / SD-WAN)           Wisła Net",
        "                 |                  |                  |",
        "   [Leeds DC1 core A+B] ====== [Manchester DR] ---- [Łódź hub]",
        "         |      \\                                   /",
        "   [Leeds HQ]   [Rotterdam] ---- [Hamburg] ---- [Copenhagen]",
        "         |",
        "   Azure West Europe (M365, Entra ID, backups)   AWS eu-central-1 (web shop, EDI)",
        "",
    ]
    for site in SITES:
        lines.append(f"{site.name} ({site.kind.replace('_', ' ')})")
        for asset in KEY_ASSETS:
            if asset.site == site.key and asset.kind == "network":
                lines.append(f"  - {asset.name}: {asset.vendor} {asset.model}, {asset.hostname}")
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def supplier_lines_csv() -> bytes:
    """The suppliers' 24/7 lines as CSV, for spreadsheets and phones."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Supplier", "Provides", "24/7 line", "Contract", "Account"])
    for s in SUPPLIERS:
        writer.writerow([s.name, s.provides, s.support_phone, s.contract_ref, s.account_number])
    return out.getvalue().encode("utf-8")
