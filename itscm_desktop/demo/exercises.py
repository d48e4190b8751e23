"""Exercises of the plan, their findings and the actions that came out of them.

Days count back from the reference date (positive: in the past). Two exercises were held
this year; the Łódź evacuation walkthrough was scheduled and never held (overdue). Some
actions are open past their due date, as they always are somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    finding: str
    action: str
    owner: str
    due_days_ago: int
    status: str


@dataclass(frozen=True)
class ExerciseSpec:
    title: str
    kind: str
    scheduled_days_ago: int
    held_days_ago: int | None
    scope: str
    services: tuple[str, ...]
    participants: tuple[str, ...]
    outcome: str
    actions: tuple[ActionSpec, ...] = ()


EXERCISES: tuple[ExerciseSpec, ...] = (
    ExerciseSpec(
        "Ransomware tabletop — file shares and backups", "tabletop", 228, 228,
        "A ransomware attack discovered at 06:30 on a Monday: encrypted file shares, two "
        "domain controllers affected, backups in DC1 suspect. Facilitated by Sentinel "
        "Harbour; three hours, Leeds crisis room.",
        ("files", "backup", "identity"),
        ("seun", "zoe", "sam", "tom", "helen", "fiona", "rajesh", "margaret", "amira"),
        "The team contained the scenario and found a clean restore point in the immutable "
        "copies, but took 50 minutes to find the Azure break-glass account. The security "
        "team has no alternates: with Oluwaseun on leave nobody could lead.",
        (
            ActionSpec("Nobody knew where the Azure break-glass envelope was kept.",
                       "Record its location in the plan and check the seal every quarter.",
                       "soren", 184, "done"),
            ActionSpec("A restore from the immutable copies has never been tested at scale.",
                       "Restore one file server (2 TB) from Azure immutable storage and time "
                       "it.", "tom", 124, "open"),
            ActionSpec("The information security team has no alternates.",
                       "Name and train two alternates for the security incident response "
                       "team.", "seun", 93, "in_progress"),
            ActionSpec("The insurer's hotline number was not in the handbook.",
                       "Add the cyber insurer's 24/7 line to the supplier list.", "helen", 200,
                       "done"),
        ),
    ),
    ExerciseSpec(
        "ERP and WMS failover test", "parallel", 134, 134,
        "Parallel test on a Saturday: fail ERP over to Manchester and restore the WMS "
        "database to the standby server while production kept running.",
        ("erp", "wms"),
        ("priya", "yulia", "vikram", "marek", "sam", "tom", "femke", "krzysztof", "helen",
         "padraig"),
        "ERP recovered in Manchester in 3 h 35 min (RTO 4 h). The WMS database restore took "
        "2 h 40 min and the WMS was usable after 6 h 10 min, against an RTO of 4 h. "
        "Releasing the ERP interface queues in the wrong order created 37 duplicate "
        "invoices.",
        (
            ActionSpec("The WMS recovery cannot meet its 4-hour RTO.",
                       "Business case for an Oracle Data Guard standby of WMSPRD in "
                       "Manchester.", "priya", 17, "open"),
            ActionSpec("Interface queues released out of order created duplicate invoices.",
                       "Write the release order into the ERP runbook step.", "yulia", 109,
                       "done"),
            ActionSpec("The Łódź domain controller ldz-dc04 is not in any backup job.",
                       "Add ldz-dc04 to the Veeam schedule and test a restore.", "lukasz", 93,
                       "open"),
            ActionSpec("The Manchester seats have no printers mapped for Łódź staff.",
                       "Map the finance printers at the recovery suite.", "chloe", -44,
                       "open"),
        ),
    ),
    ExerciseSpec(
        "Łódź site evacuation walkthrough", "walkthrough", 47, None,
        "Walk through the Łódź evacuation call tree and the workplace recovery plan with "
        "the site response team, then test the call tree out of hours.",
        ("wms", "payroll"),
        ("lukasz", "agnieszka", "krzysztof", "beata", "malgorzata", "pawel", "helen"),
        "",
    ),
)  # fmt: skip
