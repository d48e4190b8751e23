"""The key assets behind the service catalogue, named the way the infrastructure team
names them. The bulk of the inventory (hosts, switches, access points, scanners) is
generated from `inventory.py`; these are the ones services, runbooks and the incident
log point at.

Three assets deliberately have no backup information (the EDI gateway, the Łódź local
domain controller and the TMS database's reporting replica): the kind of gap a
readiness review exists to find.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The assets left without backup information on purpose.
UNPROTECTED = ("edi_gateway", "lodz_dc04", "tms_reporting")


@dataclass(frozen=True)
class Backup:
    method: str
    frequency: str
    location: str
    #: Days since the last successful restore test; None if never tested.
    restore_tested_days_ago: int | None


@dataclass(frozen=True)
class AssetSpec:
    key: str
    name: str
    kind: str
    site: str
    owner: str
    criticality: str
    vendor: str = ""
    model: str = ""
    version: str = ""
    hostname: str = ""
    supplier: str | None = None
    backup: Backup | None = None
    licence: str = ""
    support_contract: str = ""
    #: Days from the reference date until the warranty ends (negative: already ended).
    warranty_days: int | None = None
    notes: str = ""


VEEAM = Backup(
    "Veeam image backup to the DC1 hardened repository, copied to Azure immutable storage",
    "daily",
    "lds-vbr01 (Leeds DC1) and Azure storage account wvlbackupimm (West Europe)",
    41,
)
SQL = Backup(
    "SQL Server: full nightly, transaction log every 15 minutes (Veeam); synchronous AG "
    "replica in DC1, asynchronous replica in Manchester",
    "continuous",
    "lds-sql02 (DC1), mcr-sql03 (Manchester), lds-vbr01, Azure wvlbackupimm",
    63,
)
NETCONF = Backup(
    "Running configuration saved nightly by FortiManager and Oxidized into Git",
    "daily",
    "Git repository netconfig on lds-git01, mirrored to Azure DevOps",
    120,
)
SAAS = Backup(
    "Vendor-managed backups; our own nightly export via API to Azure storage",
    "daily",
    "Vendor's data centres; Azure storage account wvlexports (West Europe)",
    200,
)

KEY_ASSETS: tuple[AssetSpec, ...] = (
    # --- Leeds DC1: network and security
    AssetSpec("dc1_core_a", "DC1 core switch A", "network", "leeds_dc1", "jurgen", "critical",
              "Cisco", "Nexus 93180YC-FX3", "NX-OS 10.4(3)", "lds-core-a / 10.10.0.2", "elbe",
              NETCONF, support_contract="ENS-WVL-2021-3 (NBD)", warranty_days=210),
    AssetSpec("dc1_core_b", "DC1 core switch B", "network", "leeds_dc1", "jurgen", "critical",
              "Cisco", "Nexus 93180YC-FX3", "NX-OS 10.4(3)", "lds-core-b / 10.10.0.3", "elbe",
              NETCONF, support_contract="ENS-WVL-2021-3 (NBD)", warranty_days=210),
    AssetSpec("dc1_fw", "DC1 perimeter firewall cluster", "network", "leeds_dc1", "jurgen",
              "critical", "Fortinet", "FortiGate 600F (HA pair)", "FortiOS 7.4.5",
              "lds-fw01 / 10.10.0.1", "elbe", NETCONF, licence="UTP bundle, renews yearly",
              support_contract="FortiCare 24x7", warranty_days=400),
    AssetSpec("dc1_vpn", "Remote access VPN gateway", "network", "leeds_dc1", "padraig",
              "high", "Palo Alto Networks", "PA-3410", "PAN-OS 11.1.4",
              "vpn.wvlogistics.example / 10.10.0.20", "elbe", NETCONF,
              licence="GlobalProtect, 1,000 users", warranty_days=330),
    AssetSpec("hq_core", "Leeds head office core switch stack", "network", "leeds", "padraig",
              "high", "Cisco", "Catalyst 9300-48P (stack of 3)", "IOS XE 17.12",
              "lds-hq-core / 10.20.0.2", "elbe", NETCONF, warranty_days=95),
    AssetSpec("lodz_core", "Łódź core switch stack", "network", "lodz", "pawel", "critical",
              "Cisco", "Catalyst 9500-24Y4C (stack of 2)", "IOS XE 17.12",
              "ldz-core / 10.30.0.2", "elbe", NETCONF, warranty_days=500),
    AssetSpec("lodz_fw", "Łódź firewall and SD-WAN edge", "network", "lodz", "pawel", "critical",
              "Fortinet", "FortiGate 200F (HA pair)", "FortiOS 7.4.5", "ldz-fw01 / 10.30.0.1",
              "elbe", NETCONF, warranty_days=500),
    AssetSpec("rtm_sdwan", "Rotterdam SD-WAN edge", "network", "rotterdam", "jurgen", "high",
              "Fortinet", "FortiGate 100F", "FortiOS 7.4.5", "rtm-fw01 / 10.40.0.1", "elbe",
              NETCONF, warranty_days=260),
    AssetSpec("sip_trunks", "SIP trunks (Leeds and Łódź)", "network", "leeds", "mariajose",
              "high", "Clearcall", "SIP trunk, 60 channels", hostname="sip.clearcall.example",
              supplier="clearcall", support_contract="CCS-2024-311"),
    # --- Leeds DC1: servers and storage
    AssetSpec("dc1_san", "DC1 primary storage array", "hardware", "leeds_dc1", "tom", "critical",
              "NetApp", "AFF A250", "ONTAP 9.14.1", "lds-san01 / 10.10.8.10", "ridgeway",
              Backup("SnapMirror to Manchester every 15 minutes; hourly snapshots kept 48 h",
                     "continuous", "mcr-san01 (Manchester)", 63),
              support_contract="RHS-4H-3310", warranty_days=-30,
              notes="Out of NetApp support; covered by Ridgeway third-party maintenance."),
    AssetSpec("dc1_sql01", "ERP database server 01", "hardware", "leeds_dc1", "vikram",
              "critical", "Dell", "PowerEdge R760", "SQL Server 2022 CU14 on Windows Server 2022",
              "lds-sql01 / 10.10.4.21", "ridgeway", SQL, licence="SQL Server Enterprise, 16 cores",
              support_contract="Dell ProSupport 4h", warranty_days=640),
    AssetSpec("dc1_sql02", "ERP database server 02", "hardware", "leeds_dc1", "vikram",
              "critical", "Dell", "PowerEdge R760", "SQL Server 2022 CU14 on Windows Server 2022",
              "lds-sql02 / 10.10.4.22", "ridgeway", SQL, licence="SQL Server Enterprise, 16 cores",
              support_contract="Dell ProSupport 4h", warranty_days=640),
    AssetSpec("dc1_backup_repo", "Backup repository (hardened Linux)", "hardware", "leeds_dc1",
              "tom", "critical", "HPE", "Apollo 4200 Gen10 Plus", "Ubuntu 22.04 LTS, XFS immutable",
              "lds-vbr01 / 10.10.9.5", "ridgeway",
              Backup("Backup copy jobs to Azure immutable storage and weekly tape", "daily",
                     "Azure wvlbackupimm; Vaultbridge tapes", 41),
              support_contract="RHS-4H-3310", warranty_days=150),
    AssetSpec("tape_library", "LTO-9 tape library", "hardware", "leeds_dc1", "tom", "medium",
              "HPE", "StoreEver MSL3040", "LTO-9", "lds-tape01 / 10.10.9.6", "vaultbridge",
              Backup("Weekly full to tape, tapes collected every Friday", "weekly",
                     "Vaultbridge vault, Wakefield", 180)),
    # --- Leeds DC1: virtual machines and applications
    AssetSpec("dc1_dc01", "Domain controller lds-dc01", "hardware", "leeds_dc1", "sam",
              "critical", "VMware", "Virtual machine (vSphere 8)", "Windows Server 2022",
              "lds-dc01 / 10.10.2.11", backup=VEEAM, notes="Holds the FSMO roles."),
    AssetSpec("dc1_dc02", "Domain controller lds-dc02", "hardware", "leeds_dc1", "sam",
              "critical", "VMware", "Virtual machine (vSphere 8)", "Windows Server 2022",
              "lds-dc02 / 10.10.2.12", backup=VEEAM),
    AssetSpec("mcr_dc03", "Domain controller mcr-dc03 (Manchester)", "hardware", "manchester",
              "sam", "critical", "VMware", "Virtual machine (vSphere 8)", "Windows Server 2022",
              "mcr-dc03 / 10.50.2.11", backup=VEEAM),
    AssetSpec("lodz_dc04", "Domain controller ldz-dc04 (Łódź)", "hardware", "lodz", "lukasz",
              "high", "Dell", "PowerEdge R450", "Windows Server 2019", "ldz-dc04 / 10.30.2.11",
              notes="Not in the backup schedule since the 2025 rebuild — see exercise action."),
    AssetSpec("erp_app01", "ERP application server 01", "hardware", "leeds_dc1", "yulia",
              "critical", "VMware", "Virtual machine (vSphere 8)", "Windows Server 2022",
              "lds-erp01 / 10.10.4.11", backup=VEEAM),
    AssetSpec("erp_app02", "ERP application server 02", "hardware", "leeds_dc1", "yulia",
              "critical", "VMware", "Virtual machine (vSphere 8)", "Windows Server 2022",
              "lds-erp02 / 10.10.4.12", backup=VEEAM),
    AssetSpec("erp_software", "Meridian ERP", "software", "leeds_dc1", "priya", "critical",
              "Meridian Business Systems", "Meridian ERP Enterprise", "11.2.3", supplier="meridian",
              licence="450 named users, enterprise edition, renews 1 April",
              support_contract="MBS-EU-88213 (24/7 P1)"),
    AssetSpec("erp_db", "ERP production database (WVL_PRD)", "data", "leeds_dc1", "vikram",
              "critical", "Microsoft", "SQL Server availability group AG-ERP", "WVL_PRD, 1.8 TB",
              "ag-erp-listener / 10.10.4.20", backup=SQL),
    AssetSpec("wms_app", "WMS application server", "hardware", "leeds_dc1", "yulia", "critical",
              "VMware", "Virtual machine (vSphere 8)", "Red Hat Enterprise Linux 9.4",
              "lds-wms01 / 10.10.5.11", backup=VEEAM),
    AssetSpec("wms_db", "WMS database (Oracle)", "data", "leeds_dc1", "marek", "critical",
              "Oracle", "Oracle Database 19c Standard Edition 2", "WMSPRD, 640 GB",
              "lds-wmsdb01 / 10.10.5.21", "tessera",
              Backup("RMAN full weekly, incremental nightly, archive logs every 15 minutes to "
                     "the DC1 repository", "continuous", "lds-vbr01; Azure wvlbackupimm", 280),
              notes="Restore last tested nine months ago; the 2026 WMS exercise is overdue."),
    AssetSpec("wms_software", "Tessera WMS", "software", "leeds_dc1", "krzysztof", "critical",
              "Tessera Warehouse Software", "Tessera WMS", "9.4.2", supplier="tessera",
              licence="2 sites, 260 RF users", support_contract="TWS-2022-1187 (8 h)"),
    AssetSpec("tms_app", "TMS application server", "hardware", "leeds_dc1", "callum",
              "critical", "VMware", "Virtual machine (vSphere 8)", "Windows Server 2022, .NET 8",
              "lds-tms01 / 10.10.6.11", backup=VEEAM),
    AssetSpec("tms_db", "TMS database", "data", "leeds_dc1", "vikram", "critical", "Microsoft",
              "SQL Server 2022", "TMS_PRD, 420 GB", "lds-sql01\\TMS", backup=SQL),
    AssetSpec("tms_reporting", "TMS reporting replica", "data", "leeds_dc1", "vikram", "medium",
              "Microsoft", "SQL Server 2022", "TMS_RPT", "lds-sql03\\RPT"),
    AssetSpec("file_cluster", "File server cluster", "hardware", "leeds_dc1", "sam", "high",
              "VMware", "Virtual machines (2-node failover cluster)", "Windows Server 2022",
              "lds-fs01, lds-fs02 / \\\\corp.wvlogistics.example\\shares", backup=VEEAM),
    AssetSpec("file_data", "Corporate file shares", "data", "leeds_dc1", "tom", "high",
              "Microsoft", "DFS namespace", "14 TB, 9.2 million files",
              "\\\\corp.wvlogistics.example\\shares",
              backup=Backup("Veeam file-level backup nightly; Volume Shadow Copies at 07:00, "
                            "12:00 and 17:00", "daily", "lds-vbr01; Azure wvlbackupimm", 41)),
    # --- Manchester recovery suite
    AssetSpec("mcr_sql03", "ERP database replica (Manchester)", "hardware", "manchester",
              "vikram", "critical", "Dell", "PowerEdge R760", "SQL Server 2022 CU14",
              "mcr-sql03 / 10.50.4.23", "ridgeway", SQL, warranty_days=640),
    AssetSpec("mcr_fw", "Manchester recovery firewall", "network", "manchester", "jurgen",
              "high", "Fortinet", "FortiGate 200F", "FortiOS 7.4.5", "mcr-fw01 / 10.50.0.1",
              "elbe", NETCONF, warranty_days=500),
    # --- Łódź site
    AssetSpec("lodz_scanners", "Handheld scanners, Łódź (pool of 180)", "hardware", "lodz",
              "krzysztof", "high", "Zebra", "MC9400", "Android 13, Tessera RF client",
              "DHCP scope 10.31.0.0/22", notes="20 spares in the goods-in cage."),
    AssetSpec("lodz_sorter_plc", "Sortation line PLC and controls", "hardware", "lodz",
              "krzysztof", "critical", "Hoshizora Automation", "HZ-SORT 3000 (Siemens S7-1500 PLC)",
              "Controls 4.2", "ldz-sort-plc / 10.32.0.10", "hoshizora",
              Backup("PLC program and parameters exported after every change", "monthly",
                     "USB key in the Łódź server room safe; copy on the file shares", 400)),
    AssetSpec("lodz_server_room", "Łódź server room 0.14", "facility", "lodz", "agnieszka",
              "high", notes="Two racks, in-row cooling (2 × 12 kW), FM-200 fire suppression."),
    AssetSpec("lodz_ups", "Łódź UPS", "facility", "lodz", "agnieszka", "high", "Eaton",
              "93PM 50 kW", hostname="ldz-ups01 / 10.30.9.2", supplier="powerhold",
              support_contract="PCP-SLA-2020-16 (lapsed)", warranty_days=-400),
    AssetSpec("lodz_generator", "Łódź standby generator", "facility", "lodz", "agnieszka",
              "high", "Caterpillar", "C18 500 kVA", supplier="powerhold",
              notes="Fuel for 36 h at full load; refuelling contract with the site landlord."),
    # --- Leeds head office
    AssetSpec("hq_comms_room", "Leeds head office comms room", "facility", "leeds", "chloe",
              "medium", notes="Room 1.04; one rack, split-unit cooling, UPS for 30 minutes."),
    AssetSpec("continuity_laptops", "Continuity laptops (4)", "hardware", "leeds", "helen",
              "high", "Lenovo", "ThinkPad T14 Gen 5", "Windows 11, ITSCM Desktop",
              notes="Kept charged in the crisis room safe (2) and by the CMT leads (2); the "
              "vault is synchronised to them weekly."),
    # --- Cloud
    AssetSpec("m365_tenant", "Microsoft 365 tenant (wvlogistics)", "cloud", "azure_weu",
              "soren", "high", "Microsoft", "Microsoft 365 E3", supplier="kestrel",
              backup=Backup("Kestrel-managed backup of Exchange, SharePoint, OneDrive and Teams",
                            "daily", "Kestrel's backup service (EU)", 95),
              licence="1,250 E3, 150 F3"),
    AssetSpec("entra_id", "Entra ID tenant", "cloud", "azure_weu", "soren", "critical",
              "Microsoft", "Entra ID P1", supplier="kestrel",
              backup=Backup("Configuration exported nightly (Entra ID exporter) to Git",
                            "daily", "Azure DevOps repository tenant-config", 220)),
    AssetSpec("azure_immutable", "Immutable backup storage (Azure)", "cloud", "azure_weu",
              "tom", "critical", "Microsoft", "Blob storage, immutability policy 30 days",
              hostname="wvlbackupimm.blob.core.windows.net", supplier="kestrel",
              backup=Backup("Geo-redundant storage: every write copied to North Europe",
                            "continuous", "Azure North Europe (Dublin)", 41)),
    AssetSpec("bi_dw", "BI data warehouse", "cloud", "azure_weu", "david", "medium",
              "Microsoft", "Azure Synapse dedicated SQL pool DW200c", supplier="kestrel",
              backup=Backup("Automatic restore points every 8 hours, user-defined nightly",
                            "daily", "Azure (West Europe, geo-redundant)", 365)),
    AssetSpec("aws_webshop", "Web shop production (AWS account wvl-webshop-prod)", "cloud",
              "aws_fra", "soren", "critical", "Amazon Web Services", "ECS Fargate, 3 AZs",
              hostname="shop.wvlogistics.example", supplier="kestrel",
              backup=Backup("Infrastructure as code (Terraform) and container images "
                            "replicated to eu-west-1", "continuous", "AWS eu-west-1", 150)),
    AssetSpec("aws_webshop_db", "Web shop database", "data", "aws_fra", "soren", "critical",
              "Amazon Web Services", "Aurora PostgreSQL 15 (Multi-AZ)",
              hostname="webshop-prod.cluster.eu-central-1.rds.amazonaws.com", supplier="kestrel",
              backup=Backup("Continuous backup (point-in-time restore, 14 days); cross-region "
                            "snapshot copy to eu-west-1 every 4 hours", "continuous",
                            "AWS eu-central-1 and eu-west-1", 150)),
    AssetSpec("aws_cdn", "Web shop CDN and WAF", "cloud", "aws_fra", "soren", "high",
              "Amazon Web Services", "CloudFront and AWS WAF", supplier="kestrel",
              backup=Backup("Terraform state and WAF rules in Git", "daily",
                            "Azure DevOps repository webshop-infra", 150)),
    AssetSpec("edi_gateway", "EDI gateway", "cloud", "aws_fra", "priya", "critical",
              "Amazon Web Services", "EC2 m6i.xlarge, AS2/SFTP software", "EDIport 8.1",
              "edi.wvlogistics.example", supplier="kestrel",
              notes="No backup configured since the 2025 migration to AWS (risk raised)."),
    AssetSpec("clearcall_platform", "Contact centre platform", "cloud", "leeds", "mariajose",
              "high", "Clearcall", "Clearcall CX cloud", supplier="clearcall",
              backup=Backup("Call recordings retained by the vendor for 13 months", "continuous",
                            "Clearcall (UK data centres)", None)),
    AssetSpec("itsm_saas", "ITSM tool (SaaS)", "cloud", "azure_weu", "gareth", "medium",
              "Halcyon Service Management", "Professional", "2026.2", backup=SAAS),
    AssetSpec("hr_saas", "PeopleHub HR (SaaS)", "cloud", "azure_weu", "claire", "medium",
              "PeopleHub", "Enterprise", "2026 R1", backup=SAAS),
    AssetSpec("payroll_data", "Payroll master data", "data", "lodz", "malgorzata", "high",
              "Ledgerline / Meridian ERP", "Payroll files", "UK bureau files and PL payroll",
              supplier="ledgerline",
              backup=Backup("Bureau holds UK data; PL payroll in the ERP database backups; "
                            "monthly encrypted export to the file shares", "monthly",
                            "Ledgerline; lds-vbr01", 320)),
)  # fmt: skip

#: Dependencies between assets, and from assets to their suppliers:
#: (from asset, kind, to table, to key).
ASSET_LINKS: tuple[tuple[str, str, str, str], ...] = (
    ("erp_software", "runs_on", "assets", "erp_app01"),
    ("erp_software", "runs_on", "assets", "erp_app02"),
    ("erp_db", "runs_on", "assets", "dc1_sql01"),
    ("erp_db", "runs_on", "assets", "dc1_sql02"),
    ("erp_db", "needs", "assets", "dc1_san"),
    ("wms_software", "runs_on", "assets", "wms_app"),
    ("wms_db", "needs", "assets", "dc1_san"),
    ("tms_db", "runs_on", "assets", "dc1_sql01"),
    ("tms_reporting", "needs", "assets", "tms_db"),
    ("file_data", "runs_on", "assets", "file_cluster"),
    ("file_cluster", "needs", "assets", "dc1_san"),
    ("dc1_backup_repo", "needs", "assets", "azure_immutable"),
    ("lodz_scanners", "needs", "assets", "lodz_core"),
    ("lodz_sorter_plc", "needs", "assets", "lodz_core"),
    ("lodz_core", "needs", "assets", "lodz_ups"),
    ("lodz_ups", "needs", "assets", "lodz_generator"),
    ("lodz_sorter_plc", "provided_by", "suppliers", "hoshizora"),
    ("sip_trunks", "provided_by", "suppliers", "clearcall"),
    ("m365_tenant", "provided_by", "suppliers", "kestrel"),
    ("dc1_core_a", "provided_by", "suppliers", "elbe"),
)
