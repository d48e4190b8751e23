"""``itscm print VAULT DOCUMENT -o OUT.pdf``: the plan's printed documents, as PDF files.

DOCUMENT names one of `DOCUMENTS`; each is a function of the unlocked vault and the
options, returning the PDF's bytes. Adding a document is one entry there (and its
options in `add_print_options`). The file is written atomically after the vault is
locked again, so a failed save leaves neither a half-written PDF nor an open vault.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from itscm_desktop.cli.errors import CommandProblem, Exit, InvalidInput
from itscm_desktop.cli.passphrase import unlock
from itscm_desktop.reports.contact_sheet import contact_sheet
from itscm_desktop.reports.layout import PAPERS
from itscm_desktop.reports.output import PdfNotSaved, write_pdf
from itscm_desktop.vault.vault import Vault

#: Builds one document: (vault, parsed options) -> PDF bytes.
Builder = Callable[[Vault, argparse.Namespace], bytes]


def _contact_sheet(vault: Vault, args: argparse.Namespace) -> bytes:
    team = find_team(vault, args.team)["id"] if args.team else None
    return contact_sheet(vault, team_id=team, paper=args.paper)


#: The documents that can be printed, by the name typed on the command line, with how
#: they are named in the message that says where the file went.
DOCUMENTS: Mapping[str, tuple[Builder, str]] = {
    "contact-sheet": (_contact_sheet, "the emergency contact sheet"),
}


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
    sub.add_argument(
        "--team", metavar="TEAM", help="only this team (its name or id); without it, every team"
    )
    sub.add_argument("--paper", choices=list(PAPERS), default="a4", help="paper size (default a4)")


def find_team(vault: Vault, text: str) -> Mapping[str, Any]:
    """The team whose id is `text`, else the one whose name is `text` (ignoring case)."""
    by_id = vault.find("teams", text)
    if by_id is not None:
        return by_id
    wanted = text.strip().casefold()
    named = [t for t in vault.records("teams") if str(t["name"]).strip().casefold() == wanted]
    if not named:
        raise InvalidInput(f"No team is called “{text}”; itscm list teams shows them all.")
    if len(named) > 1:
        ids = ", ".join(t["id"] for t in named)
        raise InvalidInput(f"{len(named)} teams are called “{text}”; give the id of one: {ids}.")
    return named[0]


def cmd_print(args: argparse.Namespace) -> int:
    build, name = DOCUMENTS[args.document]
    with unlock(args.vault, args.passphrase_file) as vault:
        data = build(vault, args)
    try:
        write_pdf(args.output, data)
    except PdfNotSaved as error:
        raise CommandProblem(str(error)) from error
    print(f"Saved {name} to {args.output}.")
    return Exit.OK
