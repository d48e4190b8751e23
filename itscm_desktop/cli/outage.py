"""The verbs for the hour of need and the review before it: ``readiness`` (is the plan
ready?) and ``call`` (who do I call?).

Both only read the vault. ``call`` prints every number formatted for dialling, the best
first, and says so plainly when someone has no number at all.
"""

from __future__ import annotations

import argparse
import textwrap
from datetime import date
from typing import Any

from itscm_desktop.cli.errors import Exit, UsageProblem
from itscm_desktop.cli.output import print_json, table_lines
from itscm_desktop.cli.passphrase import unlock
from itscm_desktop.vault.callout import Callee, CallGroup, who_to_call
from itscm_desktop.vault.readiness import ReadinessFinding, check_readiness
from itscm_desktop.vault.vault import Vault

#: How the kinds of number are labelled in the printed call list.
_NUMBER_LABELS = {
    "mobile": "mobile",
    "work": "work",
    "home": "home",
    "support": "24/7",
    "site": "site",
}


def parse_day(text: str) -> date:
    """``--on`` as a date; argparse reports anything else as a usage error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-11-01") from None


# --- readiness ---------------------------------------------------------------------------


def cmd_readiness(args: argparse.Namespace) -> int:
    today: date | None = args.on
    with unlock(args.vault, args.passphrase_file) as vault:
        findings = check_readiness(vault, today)
        titles = _titles(vault, findings) if args.list or args.json else {}
    if args.json:
        print_json({"findings": [_finding_json(f) for f in findings], "on": _day(today)})
        return Exit.OK
    rows = [[str(f.count), f.rule.title] for f in findings]
    for line in table_lines(["Count", "Is the plan ready?"], rows, right=[0], width=80):
        print(line)
    if args.list:
        for finding in findings:
            if not finding.count:
                continue
            print()
            print(f"{finding.rule.title} ({finding.count}):")
            print(
                textwrap.fill(
                    finding.rule.explanation, 88, initial_indent="  ", subsequent_indent="  "
                )
            )
            for record_id in finding.record_ids:
                note = finding.note(record_id)
                print(f"  - {titles[record_id]}" + (f" — {note}" if note else ""))
    return Exit.OK


def _titles(vault: Vault, findings: list[ReadinessFinding]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for finding in findings:
        for record_id in finding.record_ids:
            record = vault.find(finding.table, record_id)
            titles[record_id] = vault.title(finding.table, record) if record else record_id
    return titles


def _day(today: date | None) -> str:
    return (today or date.today()).isoformat()


def _finding_json(finding: ReadinessFinding) -> dict[str, Any]:
    return {
        "count": finding.count,
        "ids": list(finding.record_ids),
        "key": finding.rule.key,
        "notes": {i: finding.note(i) for i in finding.record_ids if finding.note(i)},
        "table": finding.table,
        "title": finding.rule.title,
    }


# --- call --------------------------------------------------------------------------------


def cmd_call(args: argparse.Namespace) -> int:
    query = " ".join(args.query).strip()
    if not any(ch.isalnum() for ch in query):
        raise UsageProblem(
            "Type a name to look for: a person, team, service, supplier, site or call tree."
        )
    with unlock(args.vault, args.passphrase_file) as vault:
        groups = who_to_call(vault, query, limit=args.limit)
    if args.json:
        print_json({"groups": [_group_json(g) for g in groups], "query": query})
        return Exit.OK
    if not groups:
        print(f"Nobody found for “{query}”.")
        return Exit.OK
    for index, group in enumerate(groups):
        if index:
            print()
        _print_group(group)
    return Exit.OK


def _print_group(group: CallGroup) -> None:
    heading = f"{group.heading} ({group.label.lower()})"
    print(heading + (f" — {group.detail}" if group.detail else ""))
    for callee in group.callees:
        _print_callee(callee)


def _print_callee(callee: Callee) -> None:
    indent = "  " + "   " * callee.depth
    marks = [callee.membership] if callee.membership else []
    line = f"{indent}{callee.order}. {callee.name}"
    if marks:
        line += f" [{', '.join(marks)}]"
    if callee.role:
        line += f" — {callee.role}"
    print(line)
    more = indent + "     "
    if not callee.numbers:
        print(f"{more}NO PHONE NUMBER")
    for number in callee.numbers:
        print(f"{more}{_NUMBER_LABELS.get(number.kind, number.kind):<7} {number.display}")
    for address in callee.emails:
        print(f"{more}{'e-mail':<7} {address}")
    for note in callee.note.splitlines():
        if note.strip():
            print(f"{more}{note.strip()}")


def _group_json(group: CallGroup) -> dict[str, Any]:
    return {
        "callees": [_callee_json(c) for c in group.callees],
        "detail": group.detail or None,
        "heading": group.heading,
        "id": group.id,
        "label": group.label,
        "table": group.table,
    }


def _callee_json(callee: Callee) -> dict[str, Any]:
    return {
        "depth": callee.depth,
        "emails": list(callee.emails),
        "id": callee.id,
        "membership": callee.membership or None,
        "name": callee.name,
        "note": callee.note or None,
        "numbers": [{"display": n.display, "e164": n.e164, "kind": n.kind} for n in callee.numbers],
        "order": callee.order,
        "role": callee.role or None,
        "table": callee.table,
    }
