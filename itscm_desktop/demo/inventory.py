"""The bulk of the asset inventory: hosts, switches, access points, printers, licences,
databases and cloud accounts, generated per site from templates.

Each template says which kinds of site it belongs at, who in IT owns such things, and how
it is backed up. Every server-like template has backup information, so the only assets
without it are the deliberate ones in `assets.UNPROTECTED`.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from itscm_desktop.demo.assets import NETCONF, SQL, VEEAM, Backup

OFFICE = ("office",)
COMPUTE = ("data_centre", "alternate_warm", "alternate_hot", "colocation")
CLOUD = ("cloud_region",)
ANY_BUILDING = (*OFFICE, *COMPUTE, "alternate_cold")

HOST_CONFIG = Backup(
    "Host configuration backed up nightly by vCenter; hosts rebuilt from the golden image",
    "daily",
    "vCenter lds-vc01 and the DC1 repository",
    120,
)
CONTROLLER = Backup(
    "Configuration held by the cloud controller (Meraki dashboard), versioned",
    "continuous",
    "Meraki cloud (EU)",
    None,
)
CLOUD_CONFIG = Backup(
    "Infrastructure as code (Terraform) in Git; resource snapshots nightly",
    "daily",
    "Azure DevOps repositories; same-region snapshots",
    180,
)


@dataclass(frozen=True)
class AssetTemplate:
    kind: str
    name: str  # may use {site} and {n}
    vendor: str
    models: tuple[str, ...]
    versions: tuple[str, ...]
    host: str  # may use {p} (site prefix) and {n}; "" for none
    site_kinds: tuple[str, ...]
    department: str
    criticality: str
    backup: Backup | None
    supplier: str | None
    weight: int
    licence: str = ""
    #: Only at sites whose name contains this ("Azure", "AWS").
    only_at: str = ""


TEMPLATES: tuple[AssetTemplate, ...] = (
    AssetTemplate("hardware", "{site} virtualisation host {n:02d}", "Dell",
                  ("PowerEdge R760", "PowerEdge R750"), ("VMware ESXi 8.0 U3",),
                  "{p}-esx{n:02d}", COMPUTE, "IT Infrastructure", "high", HOST_CONFIG,
                  "ridgeway", 6),
    AssetTemplate("hardware", "{site} virtual server {p}-app{n:03d}", "VMware",
                  ("Virtual machine (vSphere 8)",),
                  ("Windows Server 2022", "Windows Server 2019", "Red Hat Enterprise Linux 9.4",
                   "Ubuntu 22.04 LTS"),
                  "{p}-app{n:03d}", COMPUTE, "IT Infrastructure", "medium", VEEAM, None, 22),
    AssetTemplate("hardware", "{site} branch server {n:02d}", "HPE",
                  ("ProLiant DL360 Gen11", "ProLiant DL20 Gen11"), ("Windows Server 2022",),
                  "{p}-srv{n:02d}", OFFICE, "IT Infrastructure", "medium", VEEAM, "ridgeway", 2),
    AssetTemplate("hardware", "{site} UPS {n:02d}", "APC",
                  ("Smart-UPS SRT 10kVA", "Smart-UPS SRT 6kVA"), ("NMC3 firmware 2.6",),
                  "{p}-ups{n:02d}", ANY_BUILDING, "Facilities", "medium", None, "powerhold", 4),
    AssetTemplate("hardware", "{site} label printer, dock {n}", "Zebra",
                  ("ZT421", "ZT411"), ("Link-OS 7.1",), "{p}-lbl{n:03d}", OFFICE,
                  "Warehouse Operations", "low", None, None, 10),
    AssetTemplate("hardware", "{site} handheld scanner pool, zone {n}", "Zebra",
                  ("MC9400", "TC58"), ("Android 13",), "", OFFICE, "Warehouse Operations",
                  "medium", None, None, 4),
    AssetTemplate("network", "{site} access switch {n:02d}", "Cisco",
                  ("Catalyst 9200L-48P-4G", "Catalyst 9300-48P"), ("IOS XE 17.12",),
                  "{p}-as{n:02d}", ANY_BUILDING, "IT Network", "medium", NETCONF, "elbe", 14),
    AssetTemplate("network", "{site} wireless access point {n:03d}", "Cisco Meraki",
                  ("MR46", "MR57", "MR78 (outdoor)"), ("MR 30.7",), "{p}-ap{n:03d}", OFFICE,
                  "IT Network", "low", CONTROLLER, None, 16),
    AssetTemplate("network", "{site} distribution switch {n:02d}", "Cisco",
                  ("Catalyst 9500-24Y4C",), ("IOS XE 17.12",), "{p}-ds{n:02d}", ANY_BUILDING,
                  "IT Network", "high", NETCONF, "elbe", 2),
    AssetTemplate("network", "{site} internet circuit {n}", "Pennine Fibre Networks",
                  ("1 Gbit/s leased line", "10 Gbit/s leased line"), ("",), "", ANY_BUILDING,
                  "IT Network", "high", None, "pennine_fibre", 2),
    AssetTemplate("software", "{site} software licence pool {n:02d}", "Microsoft",
                  ("Windows Server 2022 Datacenter", "SQL Server 2022 Standard",
                   "Microsoft 365 F3 add-on"), ("2022",), "", COMPUTE + OFFICE,
                  "IT Infrastructure", "low", None, "kestrel", 3, "Volume licence, renews yearly"),
    AssetTemplate("software", "{site} monitoring agent set {n:02d}", "Paessler",
                  ("PRTG Network Monitor",), ("24.2",), "", COMPUTE, "IT Infrastructure",
                  "low", None, None, 1, "PRTG 2500 sensors"),
    AssetTemplate("data", "{site} operational database {n:02d}", "Microsoft",
                  ("SQL Server 2022",), ("",), "{p}-sql{n:02d}", COMPUTE, "IT Applications",
                  "high", SQL, None, 4),
    AssetTemplate("data", "{site} document archive {n:02d}", "Microsoft",
                  ("SharePoint Online library", "DFS share"), ("",), "", OFFICE + COMPUTE,
                  "IT Applications", "medium", VEEAM, None, 2),
    AssetTemplate("facility", "{site} comms cabinet {n:02d}", "Rittal",
                  ("TS IT 42U", "VX IT 47U"), ("",), "", ANY_BUILDING, "Facilities", "medium",
                  None, None, 3),
    AssetTemplate("facility", "{site} cooling unit {n:02d}", "Vertiv",
                  ("Liebert CRV 20 kW", "Liebert PDX 35 kW"), ("",), "", COMPUTE, "Facilities",
                  "high", None, "powerhold", 2),
    AssetTemplate("cloud", "{site} subscription wvl-{n:03d}", "Microsoft",
                  ("Azure subscription (pay-as-you-go, CSP)",), ("",), "", CLOUD,
                  "IT Infrastructure", "medium", CLOUD_CONFIG, "kestrel", 6, only_at="Azure"),
    AssetTemplate("cloud", "{site} storage account wvl{n:03d}", "Microsoft",
                  ("Azure Blob storage (ZRS)", "Azure Files (premium)"), ("",), "", CLOUD,
                  "IT Infrastructure", "medium", CLOUD_CONFIG, "kestrel", 4, only_at="Azure"),
    AssetTemplate("cloud", "{site} account wvl-{n:03d}", "Amazon Web Services",
                  ("AWS account (organisation member)",), ("",), "", CLOUD, "IT Infrastructure",
                  "medium", CLOUD_CONFIG, "kestrel", 6, only_at="AWS"),
    AssetTemplate("cloud", "{site} S3 bucket wvl-{n:03d}", "Amazon Web Services",
                  ("Amazon S3 bucket (versioned)",), ("",), "", CLOUD, "IT Infrastructure",
                  "medium", CLOUD_CONFIG, "kestrel", 4, only_at="AWS"),
)  # fmt: skip


def templates_for(site_kind: str, site_name: str) -> tuple[AssetTemplate, ...]:
    return tuple(t for t in TEMPLATES if site_kind in t.site_kinds and t.only_at in site_name)


def serial(vendor: str, rng: random.Random) -> str:
    """A serial number in the style the vendor prints on its labels."""
    alnum = string.ascii_uppercase + string.digits

    def draw(chars: str, n: int) -> str:
        return "".join(rng.choice(chars) for _ in range(n))

    styles = {
        "Dell": lambda: draw(alnum, 7),
        "HPE": lambda: "CZ" + draw(string.digits, 4) + draw(alnum, 4),
        "Cisco": lambda: "FOC" + draw(string.digits, 4) + draw(alnum, 4),
        "Cisco Meraki": lambda: "Q3AB-" + draw(alnum, 4) + "-" + draw(alnum, 4),
        "Fortinet": lambda: "FG2H0F" + draw(string.digits, 10),
        "APC": lambda: "AS" + draw(string.digits, 10),
        "Zebra": lambda: (
            draw(string.digits, 5) + draw(string.ascii_uppercase, 3) + draw(string.digits, 5)
        ),
        "Rittal": lambda: "R" + draw(string.digits, 9),
        "Vertiv": lambda: "VRT" + draw(string.digits, 8),
    }
    make = styles.get(vendor)
    return make() if make else ""


def asset_values(
    template: AssetTemplate,
    n: int,
    site_name: str,
    prefix: str,
    address: tuple[int, int],
    rng: random.Random,
) -> dict[str, object]:
    """The fields of asset `n` made from `template` at a site; no ids, no dates.
    `address` is (the site's second octet, the asset's running number at the site)."""
    host = template.host.format(p=prefix, n=n)
    if host and template.kind in ("hardware", "network", "data"):
        octet, index = address
        host += f" / 10.{octet}.{100 + index // 250}.{1 + index % 250}"
    values: dict[str, object] = {
        "name": template.name.format(site=site_name, p=prefix, n=n),
        "kind": template.kind,
        "vendor": template.vendor,
        "model": rng.choice(template.models),
        "version": rng.choice(template.versions) or None,
        "hostname": host or None,
        "serial": serial(template.vendor, rng) or None,
        "criticality": template.criticality,
        "licence": template.licence or None,
    }
    if template.backup is not None:
        values["backup_method"] = template.backup.method
        values["backup_frequency"] = template.backup.frequency
        values["backup_location"] = template.backup.location
    return values
