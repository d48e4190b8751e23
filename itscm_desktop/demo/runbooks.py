"""Runbook building blocks: the steps every recovery starts and ends with, and the pool
of generic recovery steps the large organisation's 25-step plans are composed from.

Steps refer to each other by label ("a2", "r4") and to teams and people by key; the
generator turns those into ids. Texts may use {service}, {rto}, {call_tree}, {supplier},
{supplier_line} and {alt_site}, filled in per plan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class StepSpec:
    label: str
    phase: str
    title: str
    instructions: str
    team: str
    role: str
    minutes: int
    verification: str
    after: tuple[str, ...] = ()
    person: str | None = None

    def filled(self, context: dict[str, str]) -> StepSpec:
        return replace(
            self,
            title=self.title.format_map(context),
            instructions=self.instructions.format_map(context),
            verification=self.verification.format_map(context),
        )


@dataclass(frozen=True)
class PlanSpec:
    key: str
    name: str
    scenario: str
    services: tuple[str, ...]
    owner: str
    call_tree: str
    activation_criteria: str
    steps: tuple[StepSpec, ...]
    notes: str = ""


def activation() -> tuple[StepSpec, ...]:
    """The four steps that open every plan; the plan's own recovery steps follow "a2"."""
    return (
        StepSpec(
            "a1", "activation", "Confirm the outage and its scope",
            "Check the monitoring dashboard 'Critical services' (PRTG), the service desk queue "
            "and at least two users at different sites. Write down what is down, since when, "
            "which sites and how many users are affected. If {service} is affected, carry on "
            "with this plan.",
            "itr", "Duty manager (service desk)", 10,
            "Scope and the time of the first report are in the incident log.",
            person="gareth",
        ),
        StepSpec(
            "a2", "activation", "Invoke this plan and open the incident log",
            "Invoke when {service} will not be back within half its RTO ({rto}) by ordinary "
            "incident handling. Open the incident in ITSCM Desktop: severity, services and "
            "sites affected, call tree used. From now on log every decision with its time.",
            "itr", "IT Service Continuity Manager", 5,
            "Incident record exists with 'plan invoked' logged as a decision.",
            after=("a1",), person="helen",
        ),
        StepSpec(
            "a3", "activation", "Start the call tree '{call_tree}'",
            "Call down the tree in order. Let each call ring for a minute, leave a voicemail "
            "with a call-back number, and move to the next person when the escalation time "
            "has passed. Log each call and its result.",
            "itr", "Duty manager (service desk)", 10,
            "Every person in the tree is logged as reached, messaged or not answering.",
            after=("a2",),
        ),
        StepSpec(
            "a4", "activation", "Send the first notice and set the update rhythm",
            "Send the staff SMS 'IT outage — first notice' and post the status page notice. "
            "Name the time of the next update (normally in 60 minutes) and keep to it, even "
            "when there is nothing new.",
            "comms", "Communications lead", 10,
            "Notices sent, with the time, in the incident log.",
            after=("a2",),
        ),
    )  # fmt: skip


SUPPLIER_STEP = StepSpec(
    "a5", "activation", "Engage {supplier} on their 24/7 line",
    "Call {supplier_line}, give the contract reference from the supplier list and ask for a "
    "named engineer and an estimated time to repair. Log the case number.",
    "itr", "Recovery lead", 10,
    "Case number and the supplier's estimate are in the incident log.",
    after=("a2",),
)  # fmt: skip


def reconstitution(last_recovery: str, *, long_form: bool = False) -> tuple[StepSpec, ...]:
    """The closing steps; `long_form` adds the reconciliation and fail-back planning that
    plans with room in their RTO include."""
    confirm = StepSpec(
        "z1", "reconstitution", "Confirm with the service owner that {service} works end to end",
        "The service owner (or a named key user) runs one real transaction through every "
        "part of {service} and confirms in writing (SMS or e-mail is enough).",
        "apps", "Service owner", 15,
        "Confirmation and the owner's name are in the incident log.",
        after=(last_recovery,),
    )  # fmt: skip
    steps = [confirm]
    if long_form:
        steps += [
            StepSpec(
                "z3", "reconstitution", "Reconcile the data lost within the RPO",
                "List what was entered between the last recovered transaction and the outage "
                "(the data-loss point is in the log). Ask the teams who entered data in that "
                "time to re-enter or confirm it; keep the list with the incident.",
                "apps", "Application owner", 30,
                "Reconciliation list signed off by the service owner.",
                after=("z1",),
            ),
            StepSpec(
                "z4", "reconstitution", "Plan the fail-back as a normal change",
                "Do not fail back in the heat of the incident. Raise a change for the return "
                "to the primary site in a quiet window, with its own test and back-out plan.",
                "itr", "Recovery lead", 10,
                "Change number recorded in the incident log.",
                after=("z1",),
            ),
        ]  # fmt: skip
    steps += [
        StepSpec(
            "z2", "reconstitution", "Stand down the teams and hand back to normal operations",
            "Tell every team and supplier engaged that the incident is over, send the final "
            "staff and customer notices, and set the incident status to closed.",
            "itr", "IT Service Continuity Manager", 10,
            "Final notices sent; incident closed with the time.",
            after=("z1",), person="helen",
        ),
        StepSpec(
            "z5", "reconstitution", "Book the post-incident review",
            "Book a review within five working days with everyone involved. Collect the "
            "timeline and what went well and badly while memories are fresh.",
            "itr", "IT Service Continuity Manager", 5,
            "Review in the calendar; findings go to the exercise and action register.",
            after=("z2",), person="helen",
        ),
    ]  # fmt: skip
    return tuple(steps)


# --- The generic recovery pool (large organisation) --------------------------------------

#: (title, instructions, team, role, minutes, verification), in the order they happen.
RECOVERY_POOL: tuple[tuple[str, str, str, str, int, str], ...] = (
    ("Decide: repair in place or recover at {alt_site}",
     "Ask the supplier and the engineers for an honest time to repair. If it is longer "
     "than half the RTO ({rto}), recover at {alt_site}.", "itr", "Recovery lead", 15,
     "Decision and reason logged."),
    ("Invoke the recovery site {alt_site}",
     "Call the site's invocation line, give the contract reference and the invocation code "
     "from the crisis room safe; ask for racks and seats to be ready.", "fac",
     "Facilities lead", 10, "Invocation reference logged."),
    ("Stop {service} at the primary site",
     "If the primary is reachable, stop the application services so nothing writes to the "
     "old primary after the failover.", "apps", "Application owner", 10,
     "Services shown as stopped on both servers."),
    ("Confirm the last good backup of {service}",
     "Find the newest backup that completed without warnings and, after a cyber incident, "
     "that the malware scan marks clean. Note its time: that is the data-loss point.",
     "itr", "Backup administrator", 20, "Backup job, time and scan result logged."),
    ("Prepare recovery hosts at {alt_site}",
     "Check capacity on the recovery cluster, power on the standby hosts and confirm they "
     "reach storage and the recovery network.", "itr", "Infrastructure engineer", 30,
     "Hosts connected and healthy in vCenter."),
    ("Restore the {service} database",
     "Restore the database from the last good backup to the recovery database server and "
     "bring it online read-only first.", "apps", "Database administrator", 60,
     "Database online; row counts of key tables match the backup report."),
    ("Apply transaction logs up to the last consistent point",
     "Apply the log backups in order up to the last complete one. Write down the time of "
     "the last applied transaction.", "apps", "Database administrator", 30,
     "Last applied log and time logged."),
    ("Restore the {service} application servers",
     "Restore or fail over the application servers, join them to the domain and start the "
     "services in the documented order.", "itr", "Infrastructure engineer", 45,
     "Services running; application log without errors at start-up."),
    ("Restore configuration and secrets",
     "Restore configuration files, service accounts and certificates from the configuration "
     "repository and the password vault.", "itr", "Infrastructure engineer", 20,
     "Application connects to the database with its service account."),
    ("Re-point DNS and load balancers to {alt_site}",
     "Change the service's DNS alias (TTL 60 seconds) and the load-balancer pool to the "
     "recovery servers.", "net", "Network engineer", 15,
     "nslookup from two sites returns the recovery address."),
    ("Reconnect interfaces of {service}",
     "Re-point inbound and outbound interfaces and release the queues in the documented "
     "order to avoid duplicates.", "apps", "Integration developer", 30,
     "Queues empty and no duplicate messages in the interface log."),
    ("Reconnect users and devices",
     "Publish the new address to clients, scanners and printers, or restart them so they "
     "pick it up.", "itr", "Service desk", 20, "Users at each site can sign in."),
    ("Check monitoring and alerting",
     "Add the recovery servers to monitoring and make sure alerts reach the on-call "
     "engineer.", "itr", "Infrastructure engineer", 10, "Test alert received."),
    ("Check backups now run at {alt_site}",
     "Point the backup jobs at the recovery servers and run one incremental.", "itr",
     "Backup administrator", 15, "First backup at the recovery site succeeded."),
    ("Run the smoke tests",
     "Run the documented smoke tests for {service}: sign-in, one read, one write, one "
     "report.", "apps", "Application owner", 20, "Smoke test results logged."),
    ("Test with key users",
     "Ask two key users to run a real transaction each and confirm the results.", "apps",
     "Key user", 20, "Key users' names and results logged."),
    ("Release {service} to all users",
     "Tell the service desk and the communications lead that {service} is back, and what "
     "users must re-enter.", "comms", "Communications lead", 10,
     "Release notice sent."),
)  # fmt: skip


def generic_plan_steps(rng: random.Random, *, recovery_count: int = 15) -> list[StepSpec]:
    """Five activation steps, `recovery_count` recovery steps drawn from the pool in their
    natural order, five reconstitution steps (25 in all by default). Texts are still
    templates, to be filled with `StepSpec.filled`."""
    steps: list[StepSpec] = [*activation(), SUPPLIER_STEP]
    chosen = sorted(rng.sample(range(len(RECOVERY_POOL)), recovery_count))
    previous = "a2"
    for number, index in enumerate(chosen, start=1):
        title, instructions, team, role, minutes, verification = RECOVERY_POOL[index]
        label = f"r{number}"
        steps.append(
            StepSpec(label, "recovery", title, instructions, team, role, minutes, verification,
                     after=(previous,))
        )  # fmt: skip
        previous = label
    steps.extend(reconstitution(previous, long_form=True))
    return steps
