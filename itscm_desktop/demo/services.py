"""The service catalogue: what the business runs on, how fast it must come back, and what
an outage costs as it drags on.

Recovery objectives are consistent by construction: RTO ≤ MTD, and a service never
`needs` a service with a longer RTO than its own. The BIA ratings are derived from each
service's peak impact per category and its MTD (see `bia_ratings`), so they rise with
time and first become intolerable (4 or more) no earlier than the MTD.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

#: The BIA's standard time windows: 1 h, 4 h, 8 h, 1 d, 3 d, 1 w.
WINDOWS: tuple[int, ...] = (60, 240, 480, 1440, 4320, 10080)
HOUR, DAY = 60, 1440


@dataclass(frozen=True)
class ServiceSpec:
    key: str
    name: str
    description: str
    owner: str
    tier: int
    rto: int
    rpo: int
    mtd: int
    target: str
    processes: str
    #: Peak rating per BIA category, reached at the MTD.
    impacts: dict[str, int]
    #: Financial loss per hour of outage (GBP), before it compounds.
    cost_per_hour: int
    needs: tuple[str, ...] = ()
    runs_on: tuple[str, ...] = ()
    provided_by: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)


def bia_ratings(peak: int, mtd: int) -> list[int]:
    """Ratings for `WINDOWS`: rising towards `peak`, which is reached once the outage is
    as long as the MTD, and below 4 (tolerable) before it."""
    ratings = []
    for window in WINDOWS:
        if window >= mtd:
            ratings.append(peak)
        else:
            ratings.append(min(3, peak, math.floor(peak * math.sqrt(window / mtd) + 0.5)))
    return ratings


def bia_costs(cost_per_hour: int) -> list[int]:
    """Cumulative loss per window: hourly loss, compounding as backlogs and penalties grow."""
    return [
        int(round(cost_per_hour * (w / HOUR) * (1 + 0.15 * math.log2(w / HOUR + 1)), -2))
        for w in WINDOWS
    ]


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        "network", "Network core and WAN",
        "The Leeds DC1 core switches and firewalls, the SD-WAN linking every site, and "
        "internet access. Everything else runs over it.",
        "jurgen", 1, 2 * HOUR, 0, 8 * HOUR, "99.95 % monthly, 24/7",
        "Every business process; site-to-site traffic for warehouse scanners and "
        "transport planning; internet access for the cloud services.",
        {"operational": 5, "financial": 4, "customer": 4, "reputational": 3}, 9000,
        runs_on=("dc1_core_a", "dc1_core_b", "dc1_fw", "hq_core", "lodz_core", "rtm_sdwan"),
        provided_by=("pennine_fibre", "wisla_net", "elbe"),
    ),
    ServiceSpec(
        "identity", "Identity and single sign-on",
        "Active Directory (three domain controllers), Entra ID with single sign-on to the "
        "SaaS applications, and Keystone multi-factor authentication.",
        "tom", 1, 2 * HOUR, HOUR, 4 * HOUR, "99.9 % monthly, 24/7",
        "Signing in to every system; joiners, movers and leavers; MFA for remote access.",
        {"operational": 5, "financial": 3, "legal_regulatory": 2, "reputational": 3}, 6000,
        needs=("network",),
        runs_on=("dc1_dc01", "dc1_dc02", "mcr_dc03", "entra_id"),
        provided_by=("keystone", "kestrel"),
    ),
    ServiceSpec(
        "erp", "ERP — finance, orders and invoicing (Meridian ERP)",
        "Meridian ERP 11.2 on two application servers and a SQL Server availability group "
        "in Leeds DC1, replicated asynchronously to the Manchester recovery suite.",
        "priya", 1, 4 * HOUR, 15, 12 * HOUR, "99.9 % in business hours (Mon–Sat 06:00–22:00)",
        "Order to cash (orders, pricing, invoicing, credit control); procure to pay; "
        "general ledger and month-end close; customs values for export declarations.",
        {"financial": 5, "operational": 4, "customer": 4, "legal_regulatory": 3,
         "reputational": 3}, 18000,
        needs=("network", "identity"),
        runs_on=("erp_app01", "erp_app02", "dc1_sql01", "dc1_sql02", "erp_db", "erp_software"),
        provided_by=("meridian",),
        notes={"legal_regulatory": "VAT and customs filings fall due on fixed dates."},
    ),
    ServiceSpec(
        "wms", "Warehouse management (Tessera WMS)",
        "Tessera WMS 9.4 for the Łódź distribution hub and the Rotterdam cross-dock: "
        "receiving, put-away, picking, the sortation line and dispatch.",
        "krzysztof", 1, 4 * HOUR, 15, 8 * HOUR, "99.9 % in operating hours (24/6)",
        "Goods in, put-away, pick and pack, sortation, dispatch and stock control at Łódź "
        "and Rotterdam; stock figures for customers' replenishment.",
        {"operational": 5, "customer": 5, "financial": 4, "reputational": 4,
         "health_safety": 2}, 22000,
        needs=("network", "identity", "erp"),
        runs_on=("wms_app", "wms_db", "wms_software", "lodz_scanners", "lodz_sorter_plc"),
        provided_by=("tessera", "hoshizora"),
        notes={"health_safety": "Manual working on the sortation line raises handling risk."},
    ),
    ServiceSpec(
        "tms", "Transport management and track-and-trace",
        "The in-house transport management system: route planning, carrier bookings, "
        "proof of delivery and the customer track-and-trace feed.",
        "callum", 1, 4 * HOUR, 30, 12 * HOUR, "99.9 %, 24/7",
        "Planning the next day's routes; booking subcontracted carriers; proof of delivery; "
        "customers' shipment tracking.",
        {"operational": 5, "customer": 4, "financial": 4, "reputational": 3}, 15000,
        needs=("network", "identity", "erp"),
        runs_on=("tms_app", "tms_db"),
    ),
    ServiceSpec(
        "webshop", "Customer web shop and booking portal",
        "The customer portal in AWS eu-central-1: quotes, bookings, labels and invoices. "
        "Orders queue in the portal while the ERP is down and are sent on afterwards.",
        "mariajose", 1, 2 * HOUR, 5, 8 * HOUR, "99.95 % monthly, 24/7",
        "Customers' quotes and bookings (40 % of parcel revenue), label printing, invoice "
        "download.",
        {"financial": 4, "customer": 5, "reputational": 4, "operational": 2}, 12000,
        runs_on=("aws_webshop", "aws_webshop_db", "aws_cdn"),
        provided_by=("kestrel", "anchorpay"),
    ),
    ServiceSpec(
        "telephony", "Customer service telephony (contact centre)",
        "Clearcall cloud contact centre: inbound numbers, IVR, queues and call recording "
        "for 60 agents in Leeds and Łódź; agents can work from home.",
        "mariajose", 2, 2 * HOUR, HOUR, 8 * HOUR, "99.9 % in opening hours (07:00–20:00)",
        "Customer enquiries, delivery exceptions, complaints.",
        {"customer": 5, "reputational": 4, "financial": 3, "operational": 3}, 4000,
        needs=("network", "identity"),
        runs_on=("clearcall_platform", "sip_trunks"),
        provided_by=("clearcall",),
    ),
    ServiceSpec(
        "vpn", "VPN and remote access",
        "GlobalProtect VPN on the Leeds DC1 gateway with Keystone MFA, for staff working from "
        "home and for suppliers' remote support.",
        "jurgen", 2, 4 * HOUR, DAY, DAY, "99.5 % monthly",
        "Working from home; suppliers' remote support; access from the recovery suite.",
        {"operational": 4, "financial": 2, "customer": 2}, 2500,
        needs=("network", "identity"),
        runs_on=("dc1_vpn",),
        provided_by=("keystone",),
    ),
    ServiceSpec(
        "edi", "EDI with customers and carriers",
        "The EDI gateway in AWS exchanging orders, advance shipping notices and invoices "
        "(EDIFACT, X12, CSV over SFTP and AS2) with 140 customers and carriers.",
        "priya", 2, 8 * HOUR, 30, DAY, "99.5 % monthly",
        "Customer orders and advance shipping notices; carrier status updates; e-invoices.",
        {"operational": 4, "customer": 4, "financial": 3, "legal_regulatory": 2}, 7000,
        needs=("erp", "tms"),
        runs_on=("edi_gateway",),
    ),
    ServiceSpec(
        "email", "E-mail and collaboration (Microsoft 365)",
        "Exchange Online, Teams, SharePoint and OneDrive in the company's Microsoft 365 "
        "tenant, bought and supported through Kestrel Cloud Partners.",
        "soren", 2, 8 * HOUR, HOUR, DAY, "99.9 % (Microsoft's service level)",
        "Internal and customer e-mail, Teams meetings, documents.",
        {"operational": 4, "reputational": 3, "customer": 3, "financial": 2}, 3000,
        needs=("identity",),
        runs_on=("m365_tenant",),
        provided_by=("kestrel",),
    ),
    ServiceSpec(
        "backup", "Backup and restore platform",
        "Veeam Backup & Replication with a hardened repository in Leeds DC1, immutable "
        "copies in Azure, and weekly tapes to Vaultbridge.",
        "tom", 2, DAY, DAY, 3 * DAY, "Every backup job checked daily",
        "Restoring data after deletion, corruption or ransomware; regulatory retention.",
        {"operational": 3, "legal_regulatory": 4, "financial": 2}, 500,
        needs=("network",),
        runs_on=("dc1_backup_repo", "azure_immutable", "tape_library"),
        provided_by=("vaultbridge", "kestrel"),
    ),
    ServiceSpec(
        "files", "File shares",
        "Departmental file shares on the Leeds DC1 file cluster (14 TB), with previous "
        "versions for self-service restores.",
        "tom", 3, DAY, DAY, 3 * DAY, "99.5 % in business hours",
        "Finance working papers, customs documents, HR letters, operations procedures.",
        {"operational": 4, "financial": 2, "legal_regulatory": 2}, 1200,
        needs=("network", "identity"),
        runs_on=("file_cluster", "file_data"),
    ),
    ServiceSpec(
        "itsm", "Service desk and ITSM tool",
        "The service desk's ticketing, knowledge base and change management (SaaS).",
        "gareth", 3, DAY, 4 * HOUR, 3 * DAY, "99.5 % monthly",
        "Logging and routing incidents; change approvals; the knowledge base.",
        {"operational": 3, "customer": 2, "financial": 1}, 400,
        needs=("identity",),
        runs_on=("itsm_saas",),
    ),
    ServiceSpec(
        "payroll", "Payroll (UK and Poland)",
        "UK payroll through Ledgerline's bureau (BACS and HMRC RTI); Polish payroll run by "
        "the Łódź shared service centre in the ERP's payroll module.",
        "malgorzata", 3, 2 * DAY, DAY, 5 * DAY, "Every pay day met (25th, Poland 10th)",
        "Paying 1,400 people on time; statutory filings to HMRC and ZUS.",
        {"financial": 3, "legal_regulatory": 5, "reputational": 4, "operational": 2}, 600,
        needs=("identity", "erp"),
        runs_on=("payroll_data",),
        provided_by=("ledgerline",),
        notes={"legal_regulatory": "Late RTI filing and late ZUS payments carry penalties."},
    ),
    ServiceSpec(
        "hr", "HR system (PeopleHub)",
        "PeopleHub HR (SaaS): personnel records, absence, recruitment and the org chart.",
        "claire", 3, 3 * DAY, DAY, 7 * DAY, "99.5 % monthly",
        "Personnel records, absence and holiday, recruitment, emergency contact details.",
        {"operational": 3, "legal_regulatory": 4, "reputational": 2}, 300,
        needs=("identity",),
        runs_on=("hr_saas",),
    ),
    ServiceSpec(
        "bi", "Data warehouse and BI",
        "The Azure data warehouse fed nightly from ERP, WMS and TMS, and the Power BI "
        "reports built on it.",
        "david", 4, 5 * DAY, DAY, 14 * DAY, "Reports refreshed by 07:00",
        "Management reporting, customer KPIs and service reviews, pricing analysis.",
        {"operational": 3, "financial": 2, "customer": 3}, 200,
        needs=("erp", "wms", "identity"),
        runs_on=("bi_dw",),
        provided_by=("kestrel",),
    ),
)  # fmt: skip

# --- Synthetic services (large organisation) --------------------------------------------

_FUNCTIONS = (
    "Customs declarations", "Carrier invoicing", "Fleet telematics", "Yard management",
    "Dock scheduling", "Returns processing", "Label printing", "Customer onboarding",
    "Rate management", "Claims handling", "Temperature monitoring", "Proof of delivery",
    "Supplier portal", "Expense management", "Document archive", "Training platform",
    "Time and attendance", "Access control", "CCTV recording", "Intranet",
    "Quality management", "Contract management", "Forecasting", "Route optimisation",
    "Slotting optimisation", "Pallet tracking", "Hazardous goods register", "Tachograph data",
)  # fmt: skip
_SCOPES = (
    "Łódź", "Rotterdam", "Leeds", "Hamburg", "Copenhagen", "Poznań", "Wrocław", "Antwerp",
    "Duisburg", "Gdańsk", "Manchester", "Birmingham", "Bremen", "Malmö", "Lyon", "Zaragoza",
    "Kraków", "Utrecht", "Göteborg", "Lille", "Cork", "Bilbao", "Aarhus", "Nürnberg",
    "Ostrava", "Valencia", "Bristol", "Glasgow", "Szczecin", "Eindhoven", "Dortmund",
    "Leipzig", "Łowicz", "Piotrków Trybunalski", "Sieradz", "Tilburg",
)  # fmt: skip
#: (tier, RTO, RPO, MTD) profiles the synthetic services are drawn from.
PROFILES: tuple[tuple[int, int, int, int], ...] = (
    (1, 2 * HOUR, 15, 8 * HOUR),
    (1, 4 * HOUR, 30, 12 * HOUR),
    (2, 8 * HOUR, HOUR, DAY),
    (2, DAY, 4 * HOUR, 3 * DAY),
    (3, 2 * DAY, DAY, 5 * DAY),
    (3, 3 * DAY, DAY, 7 * DAY),
    (4, 5 * DAY, DAY, 14 * DAY),
)


def synthetic_service(index: int, rng: random.Random) -> tuple[str, tuple[int, int, int, int]]:
    """(name, profile) of synthetic service `index`; names are unique per index."""
    function = _FUNCTIONS[index % len(_FUNCTIONS)]
    scope = _SCOPES[(index // len(_FUNCTIONS)) % len(_SCOPES)]
    edition = index // (len(_FUNCTIONS) * len(_SCOPES))
    name = f"{function} — {scope}" + (f" ({edition + 1})" if edition else "")
    return name, rng.choices(PROFILES, weights=(1, 2, 3, 3, 3, 2, 2))[0]
