"""Wharfedale & Vistula Logistics: the plan header, the sites and the departments.

A UK–Polish freight and contract-logistics company of about 1,400 people: head office
and data centre in Leeds, a shared service centre and distribution hub in Łódź, a
cross-dock in Rotterdam, a branch in Hamburg, a small office in Copenhagen, a warm
recovery suite in Manchester and two cloud regions.
"""

from __future__ import annotations

from dataclasses import dataclass

ORGANISATION = "Wharfedale & Vistula Logistics Ltd"
PLAN_TITLE = "IT Service Continuity Plan"
#: Reserved for documentation (RFC 2606), so no real mailbox is ever written to.
EMAIL_DOMAIN = "wvlogistics.example"
PERSONAL_DOMAINS = ("example.com", "example.net", "example.org")

PLAN_VERSION = "3.2"
PLAN_APPROVED_BY = "Margaret Holroyd, Chief Operating Officer"
PLAN_APPROVED_DAYS_AGO = 232
PLAN_REVIEWED_DAYS_AGO = 32
CRISIS_LINE = "+441134960999"

PLAN_SCOPE = """\
This plan covers the IT services that Wharfedale & Vistula Logistics needs to collect,
store, move and invoice customers' freight: the services in the service catalogue of
this handbook, the infrastructure they run on in the Leeds DC1 data centre, the Łódź
and Rotterdam server rooms and the Azure and AWS cloud regions, and the suppliers that
provide them.

In scope: all sites (Leeds head office, Łódź shared service centre and distribution
hub, Rotterdam cross-dock, Hamburg branch, Copenhagen office) and the Manchester
workplace recovery suite.

Out of scope: vehicle breakdown and road-traffic incidents (Fleet Operations
procedures), customers' own systems, and the physical safety of people, which the
Health & Safety emergency procedures cover. This plan starts where they hand over."""

PLAN_ASSUMPTIONS = """\
1. Leeds DC1 and the Manchester recovery suite are not lost at the same time; they are
   42 km apart on separate power grids and fibre routes.
2. At least one member of each response team, primary or alternate, can be reached
   within 30 minutes at any hour.
3. Backups held in the immutable Azure storage account are intact when production and
   the on-site copies are not (ransomware scenario).
4. Suppliers meet the recovery times in their contracts; where they do not, this plan
   says what we do instead.
5. Staff can work from home for up to two weeks with laptops, VPN and Microsoft 365.
6. This handbook, printed and on the continuity laptops, is no older than one quarter."""


@dataclass(frozen=True)
class SiteSpec:
    key: str
    name: str
    kind: str
    country: str
    address: str
    access: str
    phone: str | None
    notes: str = ""


SITES: tuple[SiteSpec, ...] = (
    SiteSpec(
        "leeds",
        "Leeds head office",
        "office",
        "GB",
        "4 Wellington Place, Leeds LS1 4AP, United Kingdom",
        "Reception is staffed 07:00–19:00. Out of hours use the Whitehall Road door with "
        "your badge; the security desk (24/7) is on +44 113 496 0990. Crisis room: 3rd "
        "floor, room 3.12 (key in the security desk's key safe, code held by the CMT).",
        "+441134960000",
        "Crisis management team's primary meeting point.",
    ),
    SiteSpec(
        "leeds_dc1",
        "Leeds DC1 (Aire Valley Data Centres, Stourton)",
        "data_centre",
        "GB",
        "Unit 3, Stourton Link, Leeds LS10 1RS, United Kingdom",
        "Colocation hall B, racks B14–B21. Access only for names on the authorised list "
        "(held by Aire Valley's NOC); bring photo ID. Request out-of-hours access via the "
        "NOC line at least 30 minutes before arrival.",
        "+441134960400",
        "Primary data centre: ERP, WMS, TMS, domain controllers, SAN, backup repository.",
    ),
    SiteSpec(
        "manchester",
        "Manchester recovery suite (Northern Recovery Services)",
        "alternate_warm",
        "GB",
        "Suite 2, Trafford Park Recovery Centre, Westinghouse Road, Manchester M17 1AB, "
        "United Kingdom",
        "Warm standby: 40 seats and a 6-rack recovery cage. Invoke through Northern "
        "Recovery Services' 24/7 line quoting contract NRS-2291; seats are ready within "
        "4 hours of invocation. Badges are issued at the front desk against the invocation "
        "list.",
        "+441614960200",
        "Secondary site for ERP, TMS and domain controllers (replicated from Leeds DC1).",
    ),
    SiteSpec(
        "lodz",
        "Łódź shared service centre and distribution hub",
        "office",
        "PL",
        "ul. Transportowa 12, 93-120 Łódź, Polska",
        "Gatehouse staffed 24/7 (+48 42 630 1100). Server room 0.14 on the ground floor, "
        "next to the goods-in office; key with the shift supervisor. Assembly point: car "
        "park P2 by the main gate.",
        "+48426301100",
        "Finance and payroll shared service centre (220 staff) and 38,000 m² warehouse.",
    ),
    SiteSpec(
        "rotterdam",
        "Rotterdam cross-dock",
        "office",
        "NL",
        "Waalhaven Zuidzijde 21, 3089 JH Rotterdam, Nederland",
        "Site office above dock doors 1–6. Comms room behind the transport planning office; "
        "code with the site manager.",
        "+31101230000",
    ),
    SiteSpec(
        "hamburg",
        "Hamburg branch office",
        "office",
        "DE",
        "Am Sandtorkai 54, 20457 Hamburg, Deutschland",
        "Office on the 2nd floor; building security in the lobby 06:00–22:00.",
        "+494066969100",
        "Sales, customs brokerage and the network team's German engineers.",
    ),
    SiteSpec(
        "copenhagen",
        "Copenhagen office",
        "office",
        "DK",
        "Kalvebod Brygge 39, 1560 København V, Danmark",
        "Shared office floor; ask at the co-working reception.",
        "+4532120000",
    ),
    SiteSpec(
        "azure_weu",
        "Azure West Europe (Amsterdam)",
        "cloud_region",
        "NL",
        "Microsoft Azure region westeurope (Netherlands); paired region northeurope (Dublin)",
        "Managed through the Azure portal with break-glass accounts held in the sealed "
        "envelope in the Leeds crisis room safe and by the CIO.",
        None,
        "Microsoft 365 tenant, Entra ID, immutable backup storage, BI data warehouse.",
    ),
    SiteSpec(
        "aws_fra",
        "AWS eu-central-1 (Frankfurt)",
        "cloud_region",
        "DE",
        "Amazon Web Services region eu-central-1 (Frankfurt); standby in eu-west-1 (Ireland)",
        "AWS console via the organisation's SSO; break-glass root credentials in the crisis "
        "room safe.",
        None,
        "Customer web shop and booking portal, EDI gateway.",
    ),
)

#: Departments of generated staff: the job titles they hold and the sites they work at.
DEPARTMENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "IT Infrastructure": (
        ("Infrastructure Engineer", "Senior Systems Engineer", "Storage and Backup Engineer",
         "Virtualisation Engineer", "Linux Administrator", "Windows Server Engineer"),
        ("leeds", "lodz", "copenhagen"),
    ),
    "IT Network": (
        ("Network Engineer", "Senior Network Engineer", "Network Operations Analyst"),
        ("leeds", "hamburg", "lodz"),
    ),
    "IT Applications": (
        ("ERP Analyst", "Application Support Analyst", "Integration Developer",
         "WMS Functional Consultant", "Database Administrator", "Software Developer"),
        ("leeds", "lodz"),
    ),
    "IT Service Desk": (
        ("Service Desk Analyst", "Senior Service Desk Analyst", "Desktop Support Technician"),
        ("leeds", "lodz"),
    ),
    "Information Security": (
        ("Security Analyst", "Security Engineer", "Identity and Access Analyst"),
        ("leeds",),
    ),
    "Finance": (
        ("Accounts Payable Specialist", "Credit Controller", "Management Accountant",
         "Billing Specialist"),
        ("lodz", "leeds"),
    ),
    "Human Resources": (
        ("HR Business Partner", "Payroll Specialist", "HR Administrator"),
        ("lodz", "leeds"),
    ),
    "Warehouse Operations": (
        ("Shift Supervisor", "Warehouse Team Leader", "Inventory Controller",
         "Goods-in Coordinator"),
        ("lodz", "rotterdam"),
    ),
    "Transport Planning": (
        ("Transport Planner", "Senior Transport Planner", "Customs Broker"),
        ("leeds", "rotterdam", "hamburg"),
    ),
    "Customer Service": (
        ("Customer Service Advisor", "Customer Service Team Leader", "Key Account Coordinator"),
        ("leeds", "lodz"),
    ),
    "Facilities": (
        ("Facilities Coordinator", "Maintenance Technician", "Security Supervisor"),
        ("leeds", "lodz", "rotterdam"),
    ),
    "Communications": (
        ("Internal Communications Officer", "Press Officer"),
        ("leeds",),
    ),
}  # fmt: skip

#: Where each site's staff usually live, for their mobile and home numbers.
SITE_COUNTRY: dict[str, str] = {site.key: site.country for site in SITES}
