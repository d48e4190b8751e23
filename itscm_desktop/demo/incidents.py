"""The incident log: the demo's one closed incident (a DC1 core switch failure in August)
written as it happened, and the timelines the large organisation's incidents are made of.

Events are minutes after the declaration. Steps are named by the label they have in the
recovery plan invoked ("r3"), people by their cast key.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class EventSpec:
    minutes: int
    author: str
    kind: str
    text: str
    contact: str | None = None
    result: str | None = None
    step: str | None = None


@dataclass(frozen=True)
class IncidentSpec:
    title: str
    days_ago: int
    hour: int
    minute: int
    declared_by: str
    severity: str
    scenario: str
    services: tuple[str, ...]
    sites: tuple[str, ...]
    call_tree: str
    plan: str
    closed_after: int
    summary: str
    events: tuple[EventSpec, ...]


E = EventSpec

CORE_SWITCH = IncidentSpec(
    "Core switch failure in Leeds DC1 — ERP, WMS and TMS unreachable", 81, 6, 45, "siobhan",
    "major", "Failure of a DC1 core switch", ("network", "erp", "wms", "tms"),
    ("leeds_dc1", "lodz", "rotterdam"), "major_it", "network", 385,
    "lds-core-a lost its supervisor module at 06:38. The vPC peer-link went into a suspended "
    "state and sites lost access to DC1 for 58 minutes; the warehouses picked on paper. "
    "Traffic was moved to lds-core-b at 07:36 and the cold spare was in service at 08:41. "
    "No data was lost. Lessons: the port map on the rack door was out of date; Pádraig's "
    "on-call phone was on silent; the RMA took a day because the Elbe contract is NBD.",
    (
        E(0, "siobhan", "status", "Incident declared (major): ERP, WMS and TMS unreachable from "
          "Łódź and Rotterdam since 06:38; PRTG shows lds-core-a down."),
        E(2, "siobhan", "step_started", "Confirming scope with users at three sites.",
          step="a1"),
        E(6, "siobhan", "call", "Tom on his way to a laptop; asks to start the Major IT "
          "outage call tree.", "tom", "reached"),
        E(8, "siobhan", "step_done", "Scope: Leeds, Łódź and Rotterdam cannot reach anything in "
          "DC1. Internet and Microsoft 365 work.", step="a1"),
        E(9, "siobhan", "call", "No answer; voicemail left.", "padraig", "no_answer"),
        E(11, "siobhan", "call", "In Hamburg, online in 15 minutes.", "jurgen", "reached"),
        E(14, "tom", "call", "Helen briefed; she will decide on invoking the network plan.",
          "helen", "reached"),
        E(17, "helen", "decision", "Network core recovery plan invoked. Severity stays major: "
          "no data loss expected; warehouses switch to paper picking.", step="a2"),
        E(19, "helen", "step_started", "Calling down the Major IT outage tree.", step="a3"),
        E(20, "helen", "call", "CIO informed; CMT not convened unless the outage passes "
          "09:00.", "rajesh", "reached"),
        E(22, "fiona", "communication", "Staff SMS 'IT outage — first notice' sent to Łódź, "
          "Rotterdam and Leeds; next update 08:00.", step="a4"),
        E(24, "siobhan", "call", "Pádraig called back; on the bridge at 07:15.", "padraig",
          "reached"),
        E(26, "helen", "step_done", "Everyone needed is on the IT bridge.", step="a3"),
        E(30, "padraig", "step_started", "Checking the core from the out-of-band console.",
          step="r1"),
        E(42, "padraig", "step_done", "lds-core-a: supervisor failure, fault LED amber, no "
          "console. lds-core-b healthy but its vPC peer-link is suspended.", step="r1"),
        E(44, "jurgen", "decision", "Shut lds-core-a's peer-link and uplinks; run on core B "
          "alone; replace A from the cold spare.", step="r2"),
        E(45, "jurgen", "step_started", "Moving traffic to lds-core-b.", step="r2"),
        E(51, "jurgen", "step_done", "All traffic on lds-core-b. ERP and WMS reachable from "
          "every site at 07:36.", step="r2"),
        E(52, "helen", "status", "Recovering: services back on a single core switch; no "
          "resilience until A is replaced."),
        E(55, "jurgen", "call", "RMA for lds-core-a requested; voicemail left with Henning "
          "Petersen (Elbe).", "henning", "left_message"),
        E(58, "padraig", "step_started", "Fitting the cold spare in B21.", step="r3"),
        E(75, "fiona", "communication", "Staff update: ERP, WMS and TMS are working again. "
          "Paper picks to be keyed in by 10:00. Next update 09:00."),
        E(80, "krzysztof", "note", "Łódź back on scanners at 08:05; 146 paper picks to key "
          "in."),
        E(92, "padraig", "note", "Configuration loaded from netconfig. Two uplinks cabled "
          "wrongly against the port map on the door (map out of date) — corrected."),
        E(116, "padraig", "step_done", "vPC consistent, both peers up at 08:41.", step="r3"),
        E(118, "jurgen", "call", "Henning confirmed RMA 4471-2208; replacement unit arrives "
          "tomorrow by 10:00.", "henning", "reached"),
        E(126, "pawel", "step_done", "All SD-WAN tunnels up; both carriers' breakouts in use.",
          step="r4"),
        E(140, "femke", "step_done", "WMS confirmed end to end at Rotterdam; Finance confirmed "
          "the ERP.", step="z1"),
        E(165, "helen", "decision", "Keep the incident open until 13:00 to watch the new unit "
          "under the day's load."),
        E(380, "helen", "step_done", "Teams stood down; final staff notice sent.", step="z2"),
        E(383, "helen", "step_done", "Post-incident review booked for Tuesday; the port map "
          "will be redrawn first.", step="z5"),
        E(385, "helen", "status", "Closed: stable for more than four hours."),
    ),
)  # fmt: skip


# --- Synthetic timelines (large organisation) -------------------------------------------

_CALL_TEXT = {
    "reached": "Reached; joining the bridge.",
    "left_message": "Voicemail left with the bridge number.",
    "no_answer": "No answer; escalating to the next person.",
    "wrong_number": "Number not in service — contact details need updating.",
}
_NOTES = (
    "Users at the site confirm the symptoms.",
    "Supplier engineer dispatched; estimated arrival in 2 hours.",
    "Monitoring shows error rates falling.",
    "Workaround in place: manual processing at the site.",
    "Backlog being worked through by the business.",
)
_DECISIONS = (
    "Recover at the alternate site rather than wait for the repair.",
    "Hold the customer notice until the next update.",
    "Extend the update interval to 90 minutes.",
    "Bring in the supplier's specialist on the bridge.",
)


def synthetic_timeline(
    rng: random.Random, steps: list[tuple[str, str]], people: list[str], count: int
) -> list[EventSpec]:
    """`count` events: the declaration, each step started and done in order, calls,
    decisions, notes and communications in between, recovering and closed at the end.
    `steps` are (id, title) of the plan's steps in order, `people` contact ids; authors
    are left to the caller."""
    core: list[EventSpec] = [E(0, "", "status", "Incident declared.")]
    for step, title in steps:
        core.append(E(0, "", "step_started", f"Started: {title}.", step=step))
        core.append(E(0, "", "step_done", f"Done and verified: {title}.", step=step))
    tail = [E(0, "", "status", "Recovering: service restored, watching for stability."),
            E(0, "", "status", "Closed.")]  # fmt: skip
    extra: list[EventSpec] = []
    while len(core) + len(tail) + len(extra) < count:
        roll = rng.random()
        if roll < 0.45:
            result = rng.choices(list(_CALL_TEXT), weights=(6, 2, 2, 1))[0]
            extra.append(E(0, "", "call", _CALL_TEXT[result], rng.choice(people), result))
        elif roll < 0.6:
            extra.append(E(0, "", "decision", rng.choice(_DECISIONS)))
        elif roll < 0.8:
            extra.append(E(0, "", "communication", "Update sent to staff; next in 60 minutes."))
        else:
            extra.append(E(0, "", "note", rng.choice(_NOTES)))
    body = core[1:]
    for event in extra:
        body.insert(rng.randint(0, len(body)), event)
    ordered = [core[0], *body, *tail][:count]
    minute, timed = 0, []
    for event in ordered:
        timed.append(EventSpec(minute, *_fields(event)))
        minute += rng.randint(1, 9)
    return timed


def _fields(e: EventSpec) -> tuple[str, str, str, str | None, str | None, str | None]:
    return (e.author, e.kind, e.text, e.contact, e.result, e.step)
