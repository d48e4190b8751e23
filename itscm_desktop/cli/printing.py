"""``itscm print VAULT DOCUMENT -o OUT.pdf``: the plan's printed documents, as PDF files.

DOCUMENT names one of the catalogue's documents (reports/catalogue.py), the same list
the app's Print Center offers. ``--team`` and ``--plan`` narrow the documents that can
be narrowed (each by name or id; ``--plan`` may be given several times); without them a
document covers everything. The file is written atomically after the vault is locked
again, so a failed save leaves neither a half-written PDF nor an open vault.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from itscm_desktop.cli.errors import CommandProblem, Exit, InvalidInput
from itscm_desktop.cli.passphrase import unlock
from itscm_desktop.reports.catalogue import DOCUMENTS, Options, build
from itscm_desktop.reports.layout import PAPERS
from itscm_desktop.reports.output import PdfNotSaved, write_pdf
from itscm_desktop.vault.vault import Vault


def add_print_options(sub: argparse.ArgumentParser) -> None:
    """The arguments of ``itscm print`` after VAULT."""
    sub.add_argument(
        "document",
        choices=list(DOCUMENTS),
        metavar="DOCUMENT",
        help="what to print: " + ", ".join(DOCUMENTS),
    )
    sub.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.pdf",
        help="the PDF file to write (replaced if it exists)",
    )
    narrowed = [d.key for d in DOCUMENTS.values() if d.by_team]
    sub.add_argument(
        "--team",
        metavar="TEAM",
        help="only this team (its name or id); for " + ", ".join(narrowed),
    )
    by_plan = [d.key for d in DOCUMENTS.values() if d.by_plan]
    sub.add_argument(
        "--plan",
        metavar="PLAN",
        action="append",
        help="only this recovery plan (its name or id; may be repeated); for "
        + (", ".join(by_plan) or "no document yet"),
    )
    sub.add_argument("--paper", choices=list(PAPERS), default="a4", help="paper size (default a4)")


def find_named(vault: Vault, table: str, field: str, text: str, noun: str) -> Mapping[str, Any]:
    """The record of `table` whose id is `text`, else the one whose `field` is `text`
    (ignoring case and surrounding spaces); `noun` names the kind in messages."""
    by_id = vault.find(table, text)
    if by_id is not None:
        return by_id
    wanted = text.strip().casefold()
    named = [r for r in vault.records(table) if str(r[field]).strip().casefold() == wanted]
    if not named:
        raise InvalidInput(f"No {noun} is called “{text}”; itscm list {table} shows them all.")
    if len(named) > 1:
        ids = ", ".join(r["id"] for r in named)
        raise InvalidInput(f"{len(named)} {noun}s are called “{text}”; give the id of one: {ids}.")
    return named[0]


def find_team(vault: Vault, text: str) -> Mapping[str, Any]:
    """The team whose id is `text`, else the one whose name is `text` (ignoring case)."""
    return find_named(vault, "teams", "name", text, "team")


def _options(vault: Vault, args: argparse.Namespace) -> Options:
    """The options of the document asked for, with names turned into ids; an option the
    document cannot take is refused rather than silently ignored."""
    document = DOCUMENTS[args.document]
    if args.team and not document.by_team:
        raise InvalidInput(f"The {_lower_first(document.title)} cannot be narrowed to a team.")
    if args.plan and not document.by_plan:
        raise InvalidInput(
            f"The {_lower_first(document.title)} cannot be narrowed to a recovery plan."
        )
    team_id = find_team(vault, args.team)["id"] if args.team else None
    plan_ids = None
    if args.plan:
        found = [find_named(vault, "recovery_plans", "name", p, "recovery plan") for p in args.plan]
        plan_ids = tuple(dict.fromkeys(str(p["id"]) for p in found))
    return Options(team_id=team_id, plan_ids=plan_ids, paper=args.paper)


def cmd_print(args: argparse.Namespace) -> int:
    document = DOCUMENTS[args.document]
    with unlock(args.vault, args.passphrase_file) as vault:
        data = build(vault, document.key, _options(vault, args))
    try:
        write_pdf(args.output, data)
    except PdfNotSaved as error:
        raise CommandProblem(str(error)) from error
    print(f"Saved the {_lower_first(document.title)} to {args.output}.")
    return Exit.OK


def _lower_first(title: str) -> str:
    """ "Emergency contact sheet" -> "emergency contact sheet" (a name inside a sentence);
    a title starting with an abbreviation ("BIA …") keeps it."""
    if title[1:2].isupper():
        return title
    return title[:1].lower() + title[1:]
