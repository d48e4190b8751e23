"""The continuity risk register: threats to the services, scored 1–5 for likelihood and
impact, each with a treatment and an owner. Review dates count from the reference date;
a negative one is a review already overdue."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RiskSpec:
    title: str
    threat: str
    likelihood: int
    impact: int
    treatment: str
    treatment_notes: str
    owner: str
    services: tuple[str, ...]
    review_in_days: int


RISKS: tuple[RiskSpec, ...] = (
    RiskSpec("Ransomware encrypts servers and backups",
             "A phishing e-mail or an unpatched VPN lets an attacker gain domain admin "
             "rights and encrypt servers, file shares and on-site backups.",
             4, 5, "reduce",
             "EDR with 24/7 SOC (Sentinel Harbour); immutable Azure backup copies; MFA on "
             "all remote access; tabletop exercise March 2026; ransomware runbook.",
             "seun", ("files", "backup", "identity", "erp"), 60),
    RiskSpec("Power failure at Leeds DC1",
             "Grid outage longer than the generator's fuel (48 h) or a failed transfer "
             "switch.", 2, 5, "transfer",
             "Aire Valley's contract: N+1 generators, 4 h restoration; ERP and domain "
             "controllers replicate to Manchester.", "tom", ("erp", "wms", "tms", "network"),
             120),
    RiskSpec("Fibre cut to Leeds DC1",
             "Road works cut both carriers' fibres where they share a duct.", 2, 4, "reduce",
             "Diverse routes via two exchanges since 2025 (Pennine Fibre); 4G out-of-band "
             "console.", "jurgen", ("network",), 200),
    RiskSpec("WMS restore exceeds its RTO",
             "The WMS database (640 GB) can only be restored from backup; a restore takes "
             "2.5 h and the whole recovery over 6 h against an RTO of 4 h.",
             3, 5, "reduce",
             "Proposed: Oracle Data Guard standby in Manchester (business case with the "
             "COO). Until then: paper picking procedure.", "priya", ("wms",), -12),
    RiskSpec("Key-person dependency for the sortation line",
             "Only one engineer outside Japan (Hoshizora) can reload the sorter PLC "
             "programme; European spares are in Venlo.", 3, 4, "reduce",
             "Second engineer to be trained in 2027; PLC programme exported after every "
             "change.", "krzysztof", ("wms",), 90),
    RiskSpec("ERP vendor support failure",
             "Meridian Business Systems is acquired or fails and 24/7 support degrades.",
             2, 4, "accept",
             "Source code escrow with NCC; in-house ERP developers in Łódź know the "
             "customisations.", "priya", ("erp",), 300),
    RiskSpec("Flooding at the Łódź site",
             "Flash flooding of the Ner catchment after heavy rain floods the ground-floor "
             "server room and the goods-in area.", 2, 4, "reduce",
             "Server room equipment raised 40 cm (2024); moving it to the first floor is in "
             "the 2027 budget. Evacuation call tree.", "lukasz", ("wms", "payroll"), 150),
    RiskSpec("Cloud region outage (AWS eu-central-1)",
             "A regional AWS outage takes the web shop and the EDI gateway down.", 2, 4,
             "reduce",
             "Web shop: warm standby in eu-west-1. EDI: no standby yet (and no backup — "
             "see the EDI gateway asset).", "soren", ("webshop", "edi"), 45),
    RiskSpec("Lapsed UPS and generator maintenance",
             "The Powerhold contract lapsed; a failed UPS battery string would not be "
             "replaced within 4 hours.", 3, 3, "reduce",
             "Renewal with Procurement (PO pending); ad-hoc call-outs meanwhile.", "chloe",
             ("network", "wms"), -5),
    RiskSpec("Pandemic or mass staff absence",
             "Illness or travel disruption takes out 30 % of staff for two weeks.", 2, 3,
             "accept",
             "Home working for office staff; cross-training between Leeds and Łódź service "
             "desks; alternates named for every response team.", "claire",
             ("telephony", "itsm"), 365),
    RiskSpec("Insider exfiltration of customer data",
             "A leaver or contractor copies customer and shipment data.", 2, 4, "reduce",
             "Data loss prevention rules in Microsoft 365; quarterly access reviews.",
             "seun", ("email", "files", "bi"), 180),
    RiskSpec("Expired TLS certificates on customer interfaces",
             "A certificate on the EDI AS2 endpoint or the web shop expires unnoticed and "
             "customers' systems refuse to connect.", 3, 3, "reduce",
             "Certificate expiry monitoring in PRTG with 30 days' warning.", "yulia",
             ("edi", "webshop"), 30),
    RiskSpec("Payroll bureau cannot submit BACS",
             "Ledgerline suffers an outage in the days before the 25th.", 1, 4, "transfer",
             "Ledgerline's own continuity plan (reviewed yearly); fallback of paying last "
             "month's net amounts through the bank portal.", "malgorzata", ("payroll",), 240),
)  # fmt: skip

# --- Synthetic risks (large organisation) -----------------------------------------------

_THREATS = (
    ("Hardware failure", "A component without a redundant partner fails."),
    ("Supplier outage", "The supplier's platform is unavailable for more than a day."),
    ("Data corruption", "A faulty update or batch job corrupts the database."),
    ("Loss of site", "The site cannot be entered (fire, flood, police cordon)."),
    ("Cyber attack", "Malware or an intruder disrupts the service."),
    ("Key-person dependency", "Only one person knows how to recover it."),
    ("Network outage", "The WAN or internet connection of the site fails."),
    ("Software end of support", "The vendor stops patching the version in use."),
)


def synthetic_risk(index: int, service_name: str, rng: random.Random) -> dict[str, object]:
    title, threat = _THREATS[index % len(_THREATS)]
    return {
        "title": f"{title}: {service_name}",
        "threat": threat,
        "likelihood": rng.randint(1, 5),
        "impact": rng.randint(1, 5),
        "treatment": rng.choice(("reduce", "reduce", "reduce", "accept", "transfer", "avoid")),
        "treatment_notes": "Covered by the service's recovery plan; reviewed with the owner.",
    }
