"""Response teams with primaries and alternates, and the call trees that reach them.

The information security team has no alternate on purpose: it is the gap the 2026
ransomware tabletop found, and the readiness dashboard should flag it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Member:
    person: str
    role: str
    alternate: bool = False


@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    purpose: str
    leader: str
    description: str
    meeting_point: str
    members: tuple[Member, ...]


def P(person: str, role: str) -> Member:
    return Member(person, role)


def A(person: str, role: str) -> Member:
    return Member(person, role, alternate=True)


TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(
        "cmt", "Crisis Management Team", "crisis_management", "margaret",
        "Decides on invoking the plan for the business, sets priorities, approves spending "
        "and speaks for the company to customers, staff, regulators and the press.",
        "Leeds head office, room 3.12; fallback: the CMT Teams bridge, then the conference "
        "line on the wallet card.",
        (P("margaret", "Chair"), P("rajesh", "IT"), P("david", "Finance"),
         P("claire", "People"), P("fiona", "Communications"),
         P("helen", "Continuity coordinator and log keeper"),
         A("katrin", "Deputy chair (continental Europe)"), A("beata", "Finance deputy"),
         A("priya", "IT deputy"), A("aoife", "Communications deputy")),
    ),
    TeamSpec(
        "itr", "IT Recovery Team", "it_recovery", "tom",
        "Runs the IT recovery: assesses damage, decides between repair and failover, "
        "executes the runbooks and reports progress to the CMT.",
        "IT bridge on Teams (pinned in the IT Recovery channel); on site: DC1 meeting room "
        "or the Manchester recovery suite.",
        (P("tom", "Recovery lead"), P("helen", "Continuity coordinator"),
         P("sam", "Windows and identity"), P("soren", "Cloud platforms"),
         P("vikram", "Databases"), P("gareth", "Service desk liaison"),
         A("lukasz", "Deputy recovery lead"), A("marek", "Databases"),
         A("siobhan", "Service desk liaison (out of hours)")),
    ),
    TeamSpec(
        "net", "Network Team", "network", "jurgen",
        "Core, WAN, SD-WAN, firewalls and remote access; works with Elbe Netzwerk and the "
        "carriers.",
        "Network bridge on Teams; out-of-band console lds-oob01 via 4G.",
        (P("jurgen", "Network lead"), P("padraig", "Core and data centre"),
         P("pawel", "Łódź and WAN"), A("lukasz", "On-site hands, Łódź"),
         A("sam", "Firewall rules (delegated)")),
    ),
    TeamSpec(
        "comms", "Communications Team", "communications", "fiona",
        "Tells staff, customers, suppliers and the press what is happening, from the "
        "approved templates, and keeps the update rhythm the CMT sets.",
        "With the CMT; press enquiries only through Fiona MacLeod.",
        (P("fiona", "Communications lead"), P("aoife", "Staff communications"),
         P("mariajose", "Customer communications"), A("katrin", "German-speaking customers"),
         A("pieter", "Dutch-speaking customers")),
    ),
    TeamSpec(
        "fac", "Facilities and Site Response", "facilities", "chloe",
        "Buildings, power, access and workplace recovery, including invoking the "
        "Manchester recovery suite.",
        "Leeds security desk; Łódź gatehouse.",
        (P("chloe", "Facilities lead"), P("agnieszka", "Łódź facilities"),
         P("pieter", "Rotterdam site"), A("krzysztof", "Łódź warehouse"),
         A("katrin", "Hamburg office")),
    ),
    TeamSpec(
        "apps", "Applications Recovery Team", "applications", "priya",
        "Brings ERP, WMS, TMS, EDI and the web shop back to a consistent state and gets "
        "key users to confirm them.",
        "Applications bridge on Teams.",
        (P("priya", "Applications lead"), P("yulia", "ERP and integrations"),
         P("vikram", "Databases"), P("femke", "WMS key user"), P("callum", "TMS key user"),
         A("marek", "Databases"), A("krzysztof", "WMS key user (Łódź)")),
    ),
    TeamSpec(
        "sec", "Information Security Incident Response", "security", "seun",
        "Leads on cyber incidents: containment, evidence, the Sentinel Harbour retainer, "
        "and the breach notification decision (ICO, UODO) with Legal.",
        "Out-of-band: Signal group 'WVL-SIRT' — not Teams, which may be compromised.",
        (P("seun", "Incident lead"), P("zoe", "Analysis and evidence"),
         P("sam", "Identity containment")),
    ),
    TeamSpec(
        "lodz", "Łódź Site Response Team", "business_recovery", "lukasz",
        "Keeps the Łódź hub and shared service centre working: evacuation, paper "
        "processes, moving work to Rotterdam or home working.",
        "Assembly point P2 by the main gate; then the gatehouse meeting room.",
        (P("lukasz", "Site response lead"), P("agnieszka", "Building and safety"),
         P("krzysztof", "Warehouse"), P("beata", "Shared service centre"),
         P("malgorzata", "Payroll"), A("pawel", "IT on site"), A("yulia", "Deputy (SSC)")),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Node:
    person: str
    instructions: str
    escalate_after: int | None = None
    calls: tuple[Node, ...] = ()


@dataclass(frozen=True)
class CallTreeSpec:
    key: str
    name: str
    team: str
    when_to_use: str
    root: Node
    notes: str = ""


CALL_TREES: tuple[CallTreeSpec, ...] = (
    CallTreeSpec(
        "major_it", "Major IT outage", "itr",
        "A tier 1 or tier 2 service is down, or several services at once, and the service "
        "desk cannot restore it within 30 minutes.",
        Node("gareth",
             "Start here (out of hours: Siobhán Ní Bhriain). Confirm the outage with two users "
             "at different sites, then call the next two people in parallel.",
             calls=(
                 Node("helen", "Say what is down, since when, who is affected. Helen decides "
                      "whether to invoke a recovery plan and opens the incident log.", 15, (
                          Node("rajesh", "Agree the invocation; decide whether to call the "
                               "CMT chair.", 15, (
                                   Node("margaret", "Convene the CMT if customers or more than "
                                        "one site are affected.", 30),
                               )),
                          Node("fiona", "Prepare the first staff notice (template 'IT outage "
                               "— first notice') within 30 minutes.", 30),
                      )),
                 Node("tom", "Assemble the IT Recovery Team on the IT bridge; call the "
                      "specialists below for the services affected.", 15, (
                          Node("jurgen", "Network. If no answer in 20 minutes, his people "
                               "below are called directly.", 20, (
                                   Node("padraig", "Core and data centre network.", 15),
                                   Node("pawel", "Łódź and the WAN.", 15),
                               )),
                          Node("sam", "Windows servers, AD and identity.", 15),
                          Node("soren", "Azure, AWS and Microsoft 365.", 20),
                          Node("vikram", "Databases (ERP, TMS).", 20, (
                              Node("marek", "Databases (WMS, Oracle); alternate for Vikram.",
                                   15),
                          )),
                      )),
                 Node("priya", "Call the application owners for the services affected.", 20, (
                     Node("yulia", "ERP and integrations.", 20),
                     Node("femke", "WMS key user: start paper picking if WMS is down.", 20),
                     Node("callum", "TMS: tell the planners to hold tomorrow's routes.", 20),
                 )),
                 Node("siobhan", "Out of hours: run the service desk bridge and log calls.", 10),
             )),
        notes="Print on the back of the wallet card; numbers on the contact sheet.",
    ),
    CallTreeSpec(
        "lodz_evacuation", "Site evacuation — Łódź", "lodz",
        "Fire alarm, bomb threat, flood or loss of power at the Łódź site that stops work "
        "for more than an hour.",
        Node("lukasz",
             "Start at the assembly point (P2). Confirm with the gatehouse (+48 42 630 1100) "
             "that everyone is accounted for, then call in this order.",
             calls=(
                 Node("agnieszka", "Is the building safe? Liaise with the fire service and "
                      "ŁUT; give an estimate for re-entry.", 10),
                 Node("krzysztof", "Stop inbound trucks at the gate; decide on moving urgent "
                      "dispatches to Rotterdam.", 10, (
                          Node("pieter", "Prepare Rotterdam for urgent Łódź dispatches.", 30),
                          Node("femke", "Set up Rotterdam WMS locations for the diverted "
                               "orders.", 30),
                      )),
                 Node("beata", "Send shared-service staff home to work remotely.", 15, (
                     Node("malgorzata", "If pay day is within five working days, start the "
                          "payroll contingency.", 15),
                 )),
                 Node("pawel", "If power is out for more than 20 minutes, shut the server "
                      "room down cleanly (UPS runtime 25 minutes).", 10),
                 Node("helen", "Decide on invoking the WMS recovery plan; inform the CMT.",
                      15, (
                          Node("chloe", "Workplace recovery: seats in Manchester or home "
                               "working.", 20),
                          Node("margaret", "CMT chair: decide on customer communication.",
                               30),
                      )),
             )),
    ),
    CallTreeSpec(
        "cyber", "Cyber incident — suspected ransomware", "sec",
        "Ransom notes, mass file encryption, EDR alerts of lateral movement, or the SOC "
        "reporting an active intruder. Use Signal, not Teams or company e-mail.",
        Node("seun",
             "Start here. Do not switch anything off; isolate. Call the SOC first.",
             calls=(
                 Node("amira", "Sentinel Harbour SOC: isolate hosts in EDR, start the "
                      "incident response retainer.", 15),
                 Node("zoe", "Start the evidence log and the timeline.", 15),
                 Node("sam", "Disable compromised accounts; prepare privileged password "
                      "resets.", 15),
                 Node("rajesh", "CIO: decide on disconnecting sites from the WAN.", 15, (
                     Node("margaret", "Convene the CMT; decide on notifying the insurer.",
                          30),
                     Node("helen", "Open the incident log; ready the ransomware plan.", 15),
                     Node("tom", "Protect the backups: check the Azure immutable copies.",
                          15),
                 )),
             )),
    ),
)  # fmt: skip
