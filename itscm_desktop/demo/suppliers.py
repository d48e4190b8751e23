"""The suppliers the plan leans on, with their 24/7 lines and what their contracts promise.

`expires_in_days` counts from the reference date: a negative value is a contract that
has already lapsed (Powerhold), which the readiness checks should notice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class SupplierSpec:
    key: str
    name: str
    provides: str
    contract_ref: str
    recovery_minutes: int
    support_phone: str
    support_email: str
    account_number: str
    expires_in_days: int
    notes: str = ""


SUPPLIERS: tuple[SupplierSpec, ...] = (
    SupplierSpec(
        "aire_valley", "Aire Valley Data Centres Ltd",
        "Colocation for Leeds DC1: hall B racks, power, cooling, remote hands",
        "AVD-COLO-2019-044", 240, "+441134960401", "noc@airevalley-dc.example", "WVL-00417", 540,
        "Remote hands within 30 minutes; power restoration target 4 h.",
    ),
    SupplierSpec(
        "northern_recovery", "Northern Recovery Services Ltd",
        "Workplace recovery: Manchester suite, 40 seats and a 6-rack recovery cage",
        "NRS-2291", 240, "+441614960201", "invoke@northern-recovery.example", "NRS-C-2291", 300,
        "Invoke by phone only, then confirm by e-mail with the invocation code from the "
        "crisis room safe.",
    ),
    SupplierSpec(
        "kestrel", "Kestrel Cloud Partners Ltd",
        "Microsoft 365, Azure and AWS licences (CSP) and managed cloud support",
        "KCP-MSA-2024-07", 60, "+442079460311", "p1@kestrelcloud.example", "KCP-88120", 610,
        "Priority 1 tickets by phone only; they open the case with Microsoft or AWS for us.",
    ),
    SupplierSpec(
        "meridian", "Meridian Business Systems GmbH",
        "Meridian ERP 11 licences and 24/7 application support",
        "MBS-EU-88213", 240, "+493023125400", "support@meridian-erp.example", "CUST-0048213",
        415,
        "Berlin first line, Madrid second line, Pune L3 overnight. Quote system ID WVL-PRD.",
    ),
    SupplierSpec(
        "tessera", "Tessera Warehouse Software SAS",
        "Tessera WMS 9 licences and support (Łódź and Rotterdam)",
        "TWS-2022-1187", 480, "+33199004120", "hotline@tessera-wms.example", "TWS-WVL-01", 95,
        "Contract renewal due: WMS 9.4 reaches end of standard support in 2027.",
    ),
    SupplierSpec(
        "hoshizora", "Hoshizora Automation K.K.",
        "Łódź sortation line controls, PLC software and spare parts",
        "HZA-EU-0457", 1440, "+81312345500", "eu-support@hoshizora-automation.example",
        "HZA-C-20457", 730,
        "European spares are held in Venlo (NL); engineers fly from Tokyo for level 3.",
    ),
    SupplierSpec(
        "ridgeway", "Ridgeway Hardware Support Ltd",
        "Third-party hardware maintenance for servers and storage, 4-hour on-site",
        "RHS-4H-3310", 240, "+441212340300", "fix@ridgeway-hw.example",
        "RHS-3310", 180,
    ),
    SupplierSpec(
        "ledgerline", "Ledgerline Payroll Services Ltd",
        "UK payroll bureau: BACS submission and HMRC RTI filing",
        "LPS-0932", 2880, "+441174960932", "bureau@ledgerline.example", "LPS-WVL", 365,
        "BACS cut-off is 22:30 two working days before pay day.",
    ),
    SupplierSpec(
        "pennine_fibre", "Pennine Fibre Networks Ltd",
        "Internet, MPLS and SD-WAN circuits for Leeds, DC1 and Manchester",
        "PFN-NET-5521", 300, "+441134960777", "noc@penninefibre.example", "PFN-0005521", 820,
        "Diverse routing into DC1 since 2025 (two ducts, two exchanges).",
    ),
    SupplierSpec(
        "wisla_net", "Wisła Net Sp. z o.o.",
        "Internet and backup fibre at the Łódź site",
        "WN/2023/0198", 480, "+48426302000", "noc@wislanet.example", "WN-0198", 250,
    ),
    SupplierSpec(
        "sentinel", "Sentinel Harbour Security Ltd",
        "24/7 managed detection and response and an incident response retainer",
        "SHS-MDR-077", 60, "+442079460666", "soc@sentinelharbour.example", "SHS-077", 455,
        "Retainer: 120 hours of incident response a year; first responder on call in 1 h.",
    ),
    SupplierSpec(
        "clearcall", "Clearcall Contact Centre Solutions Ltd",
        "Cloud contact-centre telephony, SIP trunks and the customer service IVR",
        "CCS-2024-311", 120, "+441614960550", "support@clearcall.example", "CCS-311", 700,
    ),
    SupplierSpec(
        "vaultbridge", "Vaultbridge Offsite Storage Ltd",
        "Offsite tape vaulting and secure courier (weekly rotation)",
        "VOS-11872", 360, "+441134960650", "vault@vaultbridge.example", "VOS-11872", 120,
    ),
    SupplierSpec(
        "elbe", "Elbe Netzwerk Service GmbH",
        "Network equipment support and spares (Cisco, Fortinet), next-business-day",
        "ENS-WVL-2021-3", 240, "+494066969200", "service@elbe-netz.example", "ENS-4471", 75,
    ),
    SupplierSpec(
        "keystone", "Keystone Identity Cloud Inc.",
        "Multi-factor authentication (push, hardware tokens) and SSO federation",
        "KIC-ENT-40211", 60, "+12015550142", "enterprise@keystone-id.example", "KIC-40211",
        510,
    ),
    SupplierSpec(
        "anchorpay", "Anchorpay Payments B.V.",
        "Card and iDEAL payments for the customer web shop",
        "APB-MERCH-7731", 60, "+31201230731", "merchants@anchorpay.example", "MID-7731",
        880,
    ),
    SupplierSpec(
        "powerhold", "Powerhold Critical Power Ltd",
        "UPS and generator maintenance in Leeds and Łódź, 4-hour response",
        "PCP-SLA-2020-16", 240, "+441614960870", "callout@powerhold.example", "PCP-016", -19,
        "Contract lapsed; renewal with Procurement (PO pending). Call-outs at ad-hoc rates.",
    ),
    SupplierSpec(
        "lut", "Łódzkie Usługi Techniczne Sp. z o.o.",
        "Facilities maintenance at Łódź: HVAC, electrics, fire systems",
        "ŁUT/FM/2022/14", 240, "+48426303000", "dyspozytor@lut-lodz.example", "ŁUT-0914", 400,
    ),
)  # fmt: skip

# --- Synthetic suppliers (large organisation) -------------------------------------------

_NAME_FIRST = (
    "Northgate", "Harbour", "Calder", "Ridgeline", "Bluewater", "Ironbridge", "Kestrel",
    "Meridian", "Summit", "Oakfield", "Silverline", "Westbrook", "Pinnacle", "Beacon",
    "Vistula", "Rhein", "Skagen", "Maas", "Elbe", "Aurora", "Granite", "Lumen", "Quay",
    "Fenwick", "Halden", "Torvik", "Ostrava", "Baltic", "Pennant", "Corrie",
)  # fmt: skip
_NAME_SECOND = (
    "Data", "Networks", "Systems", "Logistics IT", "Cloud", "Secure", "Power", "Facilities",
    "Software", "Telecom", "Services", "Technologies", "Digital", "Solutions",
)  # fmt: skip
_LEGAL = {
    "GB": "Ltd", "IE": "Ltd", "PL": "Sp. z o.o.", "DE": "GmbH", "NL": "B.V.", "FR": "SAS",
    "ES": "S.L.", "DK": "ApS", "US": "Inc.", "IN": "Pvt Ltd",
}  # fmt: skip
_PROVIDES = (
    ("Hardware maintenance, 4-hour on-site", 240),
    ("Software licences and support", 480),
    ("Managed network service", 240),
    ("Internet connectivity", 480),
    ("Colocation and remote hands", 240),
    ("Managed backup service", 720),
    ("SaaS application", 240),
    ("Facilities maintenance", 480),
    ("Security monitoring", 60),
    ("Telephony and SIP trunks", 120),
    ("Printing and labelling supplies", 2880),
    ("Handheld scanner repair depot", 2880),
    ("Courier and secure transport", 1440),
    ("Generator fuel delivery", 720),
)


def synthetic_supplier(index: int, rng: random.Random) -> tuple[str, str, str, int, str]:
    """(name, country, provides, contracted minutes, contract ref) of supplier `index`."""
    country = rng.choice(tuple(_LEGAL))
    first = _NAME_FIRST[index % len(_NAME_FIRST)]
    second = _NAME_SECOND[(index // len(_NAME_FIRST)) % len(_NAME_SECOND)]
    round_ = index // (len(_NAME_FIRST) * len(_NAME_SECOND))
    name = f"{first} {second}{f' {round_ + 1}' if round_ else ''} {_LEGAL[country]}"
    provides, minutes = rng.choice(_PROVIDES)
    ref = f"{first[:3].upper()}-{rng.randrange(2018, 2027)}-{index:04d}"
    return name, country, provides, minutes, ref
