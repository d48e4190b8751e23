"""The demo organisation's recovery plans, written the way its engineers would run them.

Each plan is: the common activation steps, its own recovery steps, the common closing
steps (`runbooks.py`). Every plan fits its services' RTO except the WMS plan, whose
database restore alone takes two and a half hours: the June 2026 failover test showed it,
and the open exercise action to build a standby database is the fix.
"""

from __future__ import annotations

from itscm_desktop.demo.runbooks import PlanSpec, StepSpec, activation, reconstitution


def rec(
    label: str,
    title: str,
    instructions: str,
    team: str,
    role: str,
    minutes: int,
    verification: str,
    after: tuple[str, ...],
    person: str | None = None,
) -> StepSpec:
    return StepSpec(
        label, "recovery", title, instructions, team, role, minutes, verification, after, person
    )


ERP = (
    rec("r1", "Decide: repair in DC1 or fail over to Manchester",
        "Ask Ridgeway (hardware) and Aire Valley (power, cooling) for an honest time to "
        "repair. If it is more than 60 minutes, fail over: the Manchester replica is "
        "asynchronous, so a failover loses at most the last few minutes of transactions.",
        "itr", "Recovery lead", 15, "Decision, reason and time logged.", ("a2",), "tom"),
    rec("r2", "Invoke the Manchester recovery suite",
        "Call Northern Recovery Services on +44 161 496 0201, quote contract NRS-2291 and "
        "the invocation code from the crisis room safe. Ask for the recovery cage powered "
        "and 20 seats for finance and customer service.",
        "fac", "Facilities lead", 10, "Invocation reference logged.", ("r1",), "chloe"),
    rec("r3", "Stop the ERP application services in DC1",
        "If lds-erp01 and lds-erp02 are reachable, stop the services 'Meridian AppServer' "
        "and 'Meridian Scheduler' so that no batch job writes to the old primary.",
        "apps", "ERP developer", 10, "Both services shown as stopped.", ("r1",), "yulia"),
    rec("r4", "Force the AG-ERP failover to mcr-sql03",
        "In SQL Server Management Studio, connected to mcr-sql03, force the failover of "
        "availability group AG-ERP with data loss allowed. Write the last hardened LSN and "
        "its time in the log: that is the data-loss point. Point the listener "
        "ag-erp-listener at 10.50.4.23 (DNS TTL 60 s).",
        "apps", "Database administrator", 20,
        "mcr-sql03 reports the PRIMARY role and WVL_PRD is ONLINE.", ("r3",), "vikram"),
    rec("r5", "Start the ERP application servers in Manchester",
        "Run the recovery plan 'ERP-MCR' in Site Recovery Manager: it powers on the "
        "replicated mcr-erp01 and mcr-erp02. Check they are in the domain and resolve "
        "ag-erp-listener to the Manchester address.",
        "itr", "Windows engineer", 25, "Both servers up; Meridian services running.",
        ("r4",), "sam"),
    rec("r6", "Move users to the Manchester ERP",
        "Change the alias erp.corp.wvlogistics.example to the Manchester virtual IP "
        "10.50.4.10 and set the SD-WAN policy 'ERP' to prefer the Manchester hub.",
        "net", "Network engineer", 15, "nslookup from Leeds and Łódź returns 10.50.4.10.",
        ("r5",), "padraig"),
    rec("r7", "Reconnect interfaces: WMS, TMS, EDI, payroll",
        "In the ERP integration console re-point the EDI gateway's AS2 endpoint to "
        "Manchester and release the outbound queues in this order: WMS orders, TMS "
        "shipments, then EDI invoices — only after Finance agrees, to avoid duplicate "
        "invoices (found in the June 2026 test).",
        "apps", "Integration developer", 20, "Queues empty; no duplicate invoice numbers.",
        ("r6",), "yulia"),
    rec("r8", "Smoke test with key users",
        "Finance (Beata Wiśniewska's team) posts a journal and prints an invoice; customer "
        "service (María José Fernández) enters and confirms a test order.",
        "apps", "Applications lead", 20, "Order, journal and invoice numbers logged.",
        ("r7",), "priya"),
)  # fmt: skip

WMS = (
    rec("r1", "Switch the warehouses to paper picking",
        "Print 'Open orders by route' from the WMS report server lds-wmsrpt01 (refreshed "
        "every 15 minutes) or, if that is down too, ERP report SD-114. Hand pick lists to "
        "the team leaders and put the sortation line into manual mode. Rotterdam does the "
        "same for the cross-dock.",
        "lodz", "Warehouse Operations Manager", 20, "Pick lists issued at both sites.",
        ("a2",), "krzysztof"),
    rec("r2", "Open a priority 1 case with Tessera",
        "Call Tessera's hotline +33 1 99 00 41 20 (contract TWS-2022-1187) and ask for a "
        "database specialist on the bridge. Escalation: Mathieu Lefèvre.",
        "apps", "Applications lead", 10, "Case number logged.", ("a2",), "priya"),
    rec("r3", "Find out what failed: application, database or infrastructure",
        "Check the Oracle alert log on lds-wmsdb01, the WMS application log on lds-wms01 "
        "and the VMware host. Corruption or a lost database server means a restore (r4); "
        "an application fault means a rebuild of lds-wms01 only (r5).",
        "apps", "Database administrator", 30, "Cause and chosen path logged.", ("a2",),
        "marek"),
    rec("r4", "Restore WMSPRD to the standby database server",
        "With RMAN on lds-wmsdb02: restore the control file and the last level 0 backup, "
        "apply the incrementals, then recover with the archive logs up to the last complete "
        "one. 640 GB at about 5 GB per minute: plan for two and a half hours. Open with "
        "RESETLOGS and note the last applied SCN and time: the data-loss point.",
        "apps", "Database administrator", 150, "WMSPRD open; stock ledger totals match "
        "the last report from lds-wmsrpt01.", ("r3",), "marek"),
    rec("r5", "Rebuild the WMS application server",
        "Restore lds-wms01 from last night's Veeam backup (instant recovery onto the DC1 "
        "cluster), update the database connection to lds-wmsdb02 and start the Tessera "
        "services.",
        "itr", "Linux administrator", 45, "Tessera services running; login page answers.",
        ("r3",)),
    rec("r6", "Reconnect the RF scanners and the sortation line",
        "Point the alias wms.corp.wvlogistics.example at the rebuilt server, restart the RF "
        "gateway, and ask Hoshizora (24/7 +81 3 1234 5500; escalation 田中 太郎) to reset "
        "the PLC handshake if the sorter refuses new orders.",
        "net", "Network engineer (Łódź)", 30, "Scanners log in; the sorter accepts a test "
        "carton.", ("r4", "r5"), "pawel"),
    rec("r7", "Test pick, pack and dispatch with the key users",
        "At Rotterdam and Łódź, pick, pack and dispatch one real order each, including the "
        "label print and the ERP dispatch confirmation.",
        "apps", "WMS key user", 20, "Both orders shown as dispatched in the ERP.", ("r6",),
        "femke"),
)  # fmt: skip

NETWORK = (
    rec("r1", "Find the failed component",
        "From the out-of-band console (Opengear lds-oob01, reachable over 4G) check the vPC "
        "status, interface status and the last 100 log lines on lds-core-a and lds-core-b, "
        "and the HA status of the FortiGate cluster.",
        "net", "Network engineer", 15, "Failed unit and symptom logged.", ("a2",),
        "padraig"),
    rec("r2", "Move all traffic to the surviving core switch",
        "Shut the failed switch's vPC peer-link and uplinks so that the surviving switch "
        "carries all traffic (it is sized for it). Check that the FortiGate cluster has "
        "one healthy member.",
        "net", "Network lead", 10, "Sites reach ERP and WMS again (ping and HTTPS).",
        ("r1",), "jurgen"),
    rec("r3", "Replace the failed unit from the cold spare",
        "The cold spare Nexus 93180YC-FX3 is in DC1 rack B21, U40. Load the configuration "
        "of the failed unit from the Git repository netconfig, cable it by the port map on "
        "the rack door, and bring the vPC back up. Raise the RMA with Elbe Netzwerk.",
        "net", "Network engineer", 20, "vPC consistent and both peers up.", ("r2",),
        "padraig"),
    rec("r4", "Check every site link and the firewall cluster",
        "Check the SD-WAN overlay to Łódź, Rotterdam, Hamburg and Manchester, and internet "
        "breakout through both carriers.",
        "net", "Network engineer (Łódź)", 10, "All tunnels up in FortiManager.", ("r3",),
        "pawel"),
)  # fmt: skip

IDENTITY = (
    rec("r1", "Check the surviving domain controllers and replication",
        "On mcr-dc03 and ldz-dc04 run repadmin /replsummary and dcdiag /q. Find out which "
        "domain controllers are healthy and who holds the FSMO roles (lds-dc01).",
        "itr", "Windows engineer", 10, "Healthy DCs listed in the log.", ("a2",), "sam"),
    rec("r2", "Seize the FSMO roles on mcr-dc03",
        "Only if lds-dc01 will not be back within the RTO: seize all five roles on mcr-dc03 "
        "with ntdsutil. lds-dc01 must then never come back online without a rebuild.",
        "itr", "Windows engineer", 15, "netdom query fsmo shows mcr-dc03 for all roles.",
        ("r1",), "sam"),
    rec("r3", "Point DHCP and DNS at the surviving domain controllers",
        "Update the DHCP scope options and the FortiGate DNS forwarders so clients use "
        "mcr-dc03 and ldz-dc04.",
        "net", "Network engineer", 10, "A client at each site resolves corp names.",
        ("r1",), "padraig"),
    rec("r4", "Move Entra Connect sync and the MFA RADIUS service",
        "Take the staging Entra Connect server mcr-aad02 out of staging mode and point "
        "Keystone MFA's RADIUS clients at mcr-nps02.",
        "itr", "Cloud and Platform Lead", 10, "A test user change reaches Entra ID; a VPN "
        "sign-in with MFA works.", ("r2",), "soren"),
    rec("r5", "Test sign-in from every site",
        "Ask one user at Leeds, Łódź, Rotterdam and Hamburg and one home worker to sign in "
        "to Windows, Microsoft 365 and the ERP.",
        "itr", "Service desk", 10, "Five successful sign-ins logged.", ("r3", "r4"),
        "gareth"),
)  # fmt: skip

WEBSHOP = (
    rec("r1", "Confirm the regional outage",
        "Check the AWS Health Dashboard and the synthetic canaries running from three "
        "regions. Open a P1 with Kestrel (+44 20 7946 0311) so AWS support is engaged.",
        "itr", "Cloud and Platform Lead", 10, "AWS event and Kestrel case logged.", ("a2",),
        "soren"),
    rec("r2", "Promote the eu-west-1 database",
        "Detach the webshop-dr cluster from the Aurora global database and promote it. "
        "Write the replication lag shown at the time in the log (the RPO is 5 minutes).",
        "itr", "Cloud and Platform Lead", 15, "webshop-dr is writable.", ("r1",), "soren"),
    rec("r3", "Scale up the standby containers",
        "In the Terraform workspace 'dr', apply with six tasks per service; wait for the "
        "target groups to report healthy.",
        "itr", "Cloud engineer", 10, "All target groups healthy.", ("r2",)),
    rec("r4", "Switch DNS and the CDN origin to eu-west-1",
        "Fail the Route 53 record shop.wvlogistics.example over to the eu-west-1 load "
        "balancer and switch the CloudFront origin group to the secondary origin.",
        "net", "Network engineer", 10, "The shop answers from eu-west-1 (response header "
        "x-wvl-region).", ("r3",), "padraig"),
    rec("r5", "Check card payments with Anchorpay",
        "Make a test booking paid by card. If the payment webhook fails, call Anchorpay "
        "(+31 20 123 0731) to allow the eu-west-1 egress addresses.",
        "apps", "Customer Service Manager", 10, "Test payment captured and refunded.",
        ("r4",), "mariajose"),
)  # fmt: skip

RANSOMWARE = (
    rec("r1", "Contain: isolate affected hosts",
        "Ask the Sentinel Harbour SOC (+44 20 7946 0666) to isolate affected endpoints and "
        "servers in EDR. Block SMB between sites on the FortiGates. Do not power servers "
        "off: memory holds evidence.",
        "sec", "Incident lead", 30, "Isolation confirmed by the SOC.", ("a2",), "seun"),
    rec("r2", "Disable compromised accounts and reset privileged credentials",
        "Disable the accounts the SOC names, reset all domain admin and service account "
        "passwords, and reset the krbtgt password (the second reset follows once "
        "replication has completed).",
        "sec", "Identity containment", 60, "Reset list signed off by the incident lead.",
        ("r1",), "sam"),
    rec("r3", "Preserve evidence",
        "Snapshot the affected VMs, export firewall and EDR logs for the last 30 days, and "
        "keep a copy of the ransom note. Record the chain of custody.",
        "sec", "Analysis and evidence", 60, "Evidence log complete.", ("r1",), "zoe"),
    rec("r4", "Notify the insurer and decide on regulator notification",
        "The CMT calls the cyber insurer's hotline (policy in the crisis room safe) and, "
        "with Legal, decides within 72 hours of discovery whether personal data is "
        "affected and the ICO and UODO must be told.",
        "cmt", "CMT chair", 30, "Decision and reasons logged.", ("r1",), "margaret"),
    rec("r5", "Find the last clean restore point",
        "Run Veeam Secure Restore scans on the immutable copies in Azure, newest first, "
        "until a restore point is clean. On-site copies are suspect until scanned.",
        "itr", "Recovery lead", 60, "Clean restore point and scan report logged.", ("r1",),
        "tom"),
    rec("r6", "Build a clean recovery network",
        "Create the isolated VLAN 'REBUILD' on the DC1 core with no route to production, "
        "and internet only through the FortiGate policy 'rebuild-updates'.",
        "net", "Network lead", 90, "Only the rebuild policy allows traffic out.", ("r1",),
        "jurgen"),
    rec("r7", "Restore domain controllers and file servers from the immutable copy",
        "Restore lds-dc01, lds-dc02, lds-fs01 and lds-fs02 into the REBUILD network from the "
        "clean restore point; patch them before connecting anything else.",
        "itr", "Windows engineer", 240, "Servers up, patched, scanned clean.", ("r5", "r6"),
        "sam"),
    rec("r8", "Restore the file share data",
        "Restore the 14 TB of shares from the clean point, department by department in the "
        "order Finance, Operations, HR, others. Expect about 40 GB per minute.",
        "itr", "Recovery lead", 360, "File counts per share match the backup report.",
        ("r7",), "tom"),
    rec("r9", "Scan the restored systems and reopen access in stages",
        "The SOC scans every restored system. Reopen access to one department at a time "
        "and watch for new alerts for an hour before the next.",
        "sec", "Incident lead", 120, "All departments reopened with no new alerts.",
        ("r8",), "seun"),
)  # fmt: skip

LODZ = (
    rec("r1", "Account for everyone at the assembly point",
        "Compare the gatehouse's visitor and shift lists with the people at P2. Tell the "
        "fire service about anyone missing at once.",
        "lodz", "Site response lead", 15, "Everyone accounted for, time logged.", ("a2",),
        "lukasz"),
    rec("r2", "Make the site safe and estimate re-entry",
        "Liaise with the fire service (112) and ŁUT (+48 42 630 3000) on the cause and the "
        "damage; get an estimate for re-entry and for power.",
        "fac", "Łódź facilities", 30, "Estimate for re-entry logged.", ("r1",), "agnieszka"),
    rec("r3", "Shut down the Łódź server room if power is lost",
        "If mains power is out for more than 20 minutes and the generator has not taken "
        "the load, shut down in the order: file and print, ldz-dc04, the WMS RF gateway, "
        "then the switches. The UPS lasts 25 minutes.",
        "lodz", "IT on site", 20, "Clean shutdown logged; UPS not exhausted.", ("r1",),
        "pawel"),
    rec("r4", "Send shared-service staff home and enable remote working",
        "Team leaders send staff home; they work from home with laptops and VPN. Staff "
        "without laptops go to the Manchester recovery suite only if the outage lasts "
        "beyond two days.",
        "lodz", "Shared Service Centre Director", 60, "Each team leader confirms their "
        "team is working.", ("r2",), "beata"),
    rec("r5", "Redirect urgent dispatches to Rotterdam",
        "Agree with Rotterdam which customers' urgent orders move; create the orders in "
        "the Rotterdam WMS site and book the trunking.",
        "lodz", "Warehouse Operations Manager", 120, "Diverted orders listed and booked.",
        ("r2",), "krzysztof"),
    rec("r6", "Run the payroll contingency if pay day is near",
        "Poland: if the payroll run is not finished, pay last month's net amounts as an "
        "advance through the bank portal and correct next month. UK: Ledgerline runs from "
        "its own copy.",
        "lodz", "Payroll", 240, "Bank confirmation of the payment file.", ("r4",),
        "malgorzata"),
    rec("r7", "Divert Łódź customer-service calls to Leeds",
        "In the Clearcall console switch the routing plan to 'LDZ-EVAC' so Polish-language "
        "queues are answered in Leeds.",
        "comms", "Customer communications", 15, "Test call to the Polish number answered "
        "in Leeds.", ("r1",), "mariajose"),
)  # fmt: skip


def _plan(
    key: str,
    name: str,
    scenario: str,
    services: tuple[str, ...],
    owner: str,
    call_tree: str,
    criteria: str,
    recovery: tuple[StepSpec, ...],
    *,
    long_form: bool,
    notes: str = "",
) -> PlanSpec:
    steps = (*activation(), *recovery, *reconstitution(recovery[-1].label, long_form=long_form))
    return PlanSpec(key, name, scenario, services, owner, call_tree, criteria, steps, notes)


PLANS: tuple[PlanSpec, ...] = (
    _plan("erp", "ERP failover to the Manchester recovery suite",
          "Loss of the ERP servers or database in Leeds DC1", ("erp", "edi"), "priya",
          "major_it", "The ERP is unavailable to users, or its database is damaged, and "
          "will not be back within 2 hours by repair in DC1.", ERP, long_form=True),
    _plan("wms", "WMS recovery — Łódź and Rotterdam",
          "Loss or corruption of the WMS application or database in Leeds DC1", ("wms",),
          "priya", "major_it", "Scanners and the sortation line cannot reach the WMS, or "
          "the WMS database is damaged.", WMS, long_form=True,
          notes="The June 2026 failover test took 6 h 10 min against an RTO of 4 h: the "
          "database restore alone takes 2.5 h. A standby database is proposed (action "
          "open)."),
    _plan("network", "Network core recovery — Leeds DC1", "Failure of a DC1 core switch or "
          "the firewall cluster", ("network",), "jurgen", "major_it", "Several services "
          "unreachable from more than one site at once, with the servers themselves up.",
          NETWORK, long_form=False),
    _plan("identity", "Identity recovery — domain controllers and Entra ID",
          "Loss of the DC1 domain controllers or failed directory synchronisation",
          ("identity",), "tom", "major_it", "Users at more than one site cannot sign in, "
          "or the FSMO role holder is lost.", IDENTITY, long_form=False),
    _plan("webshop", "Customer web shop failover to AWS eu-west-1",
          "AWS eu-central-1 regional outage", ("webshop",), "soren", "major_it",
          "The shop is unavailable for more than 15 minutes and AWS reports a regional "
          "event in eu-central-1.", WEBSHOP, long_form=False),
    _plan("ransomware", "Ransomware: contain, assess, restore from immutable backup",
          "Ransomware encrypting servers and file shares", ("files", "backup"),
          "seun", "cyber", "Ransom note found, mass encryption seen, or the SOC reports an "
          "active intruder with domain admin rights.", RANSOMWARE, long_form=False),
    _plan("lodz", "Site evacuation and workplace recovery — Łódź",
          "Loss of access to the Łódź site (fire, flood, power)", ("payroll",), "lukasz",
          "lodz_evacuation", "The Łódź building is evacuated, or without power, and will not "
          "be usable within an hour.", LODZ, long_form=False),
)  # fmt: skip
