"""``itscm``: the continuity plan from the command line, for scripts and for the terminal.

Thin over the vault: each verb unlocks the vault, does one thing, and locks it again.

Passphrase: ``--passphrase-file FILE`` (first line), else ``ITSCM_PASSPHRASE``, else the
system keychain if ``itscm remember`` stored it here, else a prompt on the terminal. With
none of them the command stops (exit 2) instead of hanging.

Exit codes (stable):

====  ==================================================================================
0     done
1     the vault could not do it: disk full, file busy, folder read-only, backup failed,
      weak new passphrase, a file already there
2     usage: the command line is wrong, or no passphrase can be had
3     wrong passphrase (or a file damaged so that this cannot be told apart)
4     the vault is damaged, missing, not a vault, or made by a newer version;
      ``check`` found damage
5     invalid input: a value that does not validate, an unknown table or field, no record
      with that id, a record still in use
130   cancelled with Ctrl+C
====  ==================================================================================

Errors are printed on stderr, prefixed ``itscm:``, one line each; damage comes with the
newest backups and the ``itscm restore`` command to use.

JSON output (``--json``): UTF-8, keys sorted, indented; always an object; values are the
raw stored values (E.164 phones, whole minutes, choice codes, ISO dates, UTC timestamps
``YYYY-MM-DDTHH:MM:SSZ``; REFS fields as lists of ids; empty fields as null).

- ``stats``: ``{"counts": {TABLE: N, …every table…}, "total": N}``
- ``search``: ``{"hits": [{"id", "label", "rank", "snippet", "table", "title"}, …],
  "query": TEXT}``, best hit first; ``snippet`` marks matches with ``[`` ``]``.
- ``list``: ``{"records": [RECORD, …], "table": TABLE, "total": N}``; ``total`` counts
  every match of the filter, beyond ``--limit``.
- ``show``: ``{"record": RECORD, "referrers": [{"field", "id", "table", "title"}, …],
  "table": TABLE}``.
- ``backups``: ``{"backups": [{"created_at", "path", "reason", "sequence", "size"}, …],
  "folder": PATH, "vault": PATH}``, newest first; ``reason`` is one of manual, auto,
  pre-migration, pre-restore, pre-rekey.
- ``readiness``: ``{"findings": [{"count", "ids", "key", "notes", "table", "title"}, …],
  "on": DATE}``, one finding per rule in the dashboard's order, those with a count of 0
  included; ``ids`` are the flagged records of ``table`` (``plan`` for the plan itself),
  ``notes`` maps some of them to why they are flagged ("Never verified").
- ``call``: ``{"groups": [{"callees": [CALLEE, …], "detail", "heading", "id", "label",
  "table"}, …], "query": TEXT}``, best match first; each group is a person, team,
  service, supplier, site or call tree. A CALLEE is ``{"depth", "emails", "id",
  "membership", "name", "note", "numbers": [{"display", "e164", "kind"}, …], "order",
  "role", "table"}``: ``order`` is the calling order from 1; ``membership`` is primary,
  alternate or null; ``kind`` is mobile, work, home (best first), support or site;
  ``numbers`` is empty for someone who cannot be phoned; ``depth`` is the level in a call
  tree (0 elsewhere); ``table`` is contacts, suppliers (a 24/7 line) or sites.

- ``import`` and ``export``: see ``cli/interchange.py``; ``bundle import`` and
  ``conflicts``: see ``cli/sync.py``.

A RECORD has ``id``, ``created_at``, ``updated_at`` and every field of its table, always
all of them. ``add`` prints the new record's id alone on stdout, for scripts.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from itscm_desktop import __version__
from itscm_desktop.cli.care import (
    cmd_backup,
    cmd_backups,
    cmd_check,
    cmd_demo,
    cmd_forget,
    cmd_init,
    cmd_passwd,
    cmd_remember,
    cmd_restore,
    restore_hint,
)
from itscm_desktop.cli.errors import CommandProblem, Exit
from itscm_desktop.cli.interchange import (
    add_export_options,
    add_import_options,
    cmd_export,
    cmd_import,
)
from itscm_desktop.cli.outage import cmd_call, cmd_readiness, parse_day
from itscm_desktop.cli.output import warn
from itscm_desktop.cli.printing import add_print_options, cmd_print
from itscm_desktop.cli.records import (
    cmd_add,
    cmd_delete,
    cmd_list,
    cmd_search,
    cmd_set,
    cmd_show,
    cmd_stats,
)
from itscm_desktop.cli.sync import add_sync_verbs
from itscm_desktop.domain.validation import Problem, ValidationError
from itscm_desktop.vault.edits import RecordNotFound, StillInUse
from itscm_desktop.vault.errors import VaultDamaged, VaultError, WrongPassphrase

Command = Callable[[argparse.Namespace], int]

_PASSPHRASE_FILE_HELP = "read the passphrase from the first line of FILE"
_TABLE_HELP = "contacts, services, assets, … (itscm stats lists them all)"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itscm",
        description="The IT service continuity plan in one encrypted vault file.",
        epilog=(
            "Exit codes: 0 ok, 1 the vault could not do it, 2 usage, 3 wrong passphrase, "
            "4 damaged or unreadable vault, 5 invalid input. The passphrase comes from "
            "--passphrase-file, else ITSCM_PASSPHRASE, else the terminal."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--passphrase-file", type=Path, metavar="FILE", help=_PASSPHRASE_FILE_HELP)
    # On every verb too; SUPPRESS keeps a value given before the verb.
    locked = argparse.ArgumentParser(add_help=False)
    locked.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        default=argparse.SUPPRESS,
        help=_PASSPHRASE_FILE_HELP,
    )
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def verb(
        name: str, command: Command, summary: str, *, passphrase: bool = True
    ) -> argparse.ArgumentParser:
        sub = verbs.add_parser(
            name, help=summary, description=summary, parents=[locked] if passphrase else []
        )
        sub.add_argument("vault", type=Path, metavar="VAULT", help="the vault file")
        sub.set_defaults(run=command)
        return sub

    sub = verb("init", cmd_init, "Create a new, empty vault.")
    sub.add_argument("--organisation", metavar="NAME", help="the organisation the plan is for")
    sub.add_argument(
        "--phone-region",
        metavar="CC",
        default="GB",
        help="country of numbers typed without + (default GB)",
    )
    sub.add_argument(
        "--laptop-name",
        metavar="NAME",
        help="how other laptops will name this one (default: the computer's name)",
    )
    sub.add_argument(
        "--from-bundle",
        type=Path,
        metavar="FILE",
        help="join a plan another laptop exported: a new copy holding everything in FILE",
    )
    sub.add_argument(
        "--exchange-passphrase-file",
        type=Path,
        metavar="F",
        help="with --from-bundle: the team's exchange passphrase, first line of F",
    )

    sub = verb("demo", cmd_demo, "Create a vault holding a made-up demo organisation.")
    sub.add_argument("--size", choices=("demo", "large"), default="demo")
    sub.add_argument("--seed", type=int, default=2026, help="same seed, same organisation")

    verb("check", cmd_check, "Check that the vault file is intact.")
    verb("stats", cmd_stats, "Count the records in each table.").add_argument(
        "--json", action="store_true", help="output JSON"
    )

    sub = verb("search", cmd_search, "Search every table, best matches first.")
    sub.add_argument("query", nargs="+", metavar="QUERY", help="words to look for")
    sub.add_argument("--limit", type=_positive, default=50, metavar="N", help="at most N hits")
    sub.add_argument("--json", action="store_true", help="output JSON")

    sub = verb("list", cmd_list, "List the records of one table.")
    sub.add_argument("table", metavar="TABLE", help=_TABLE_HELP)
    sub.add_argument("--filter", metavar="TEXT", help="only records containing these words")
    sub.add_argument("--sort", metavar="FIELD", help="sort by this field")
    sub.add_argument("--desc", action="store_true", help="sort in descending order")
    sub.add_argument("--limit", type=_positive, metavar="N", help="at most N records")
    sub.add_argument("--json", action="store_true", help="output JSON")

    sub = verb("show", cmd_show, "Show one record and what refers to it.")
    sub.add_argument("table", metavar="TABLE", help=_TABLE_HELP)
    sub.add_argument("id", nargs="?", metavar="ID", help="the record's id (not for plan)")
    sub.add_argument("--json", action="store_true", help="output JSON")

    sub = verb("readiness", cmd_readiness, "Is the plan ready? Count the gaps, rule by rule.")
    sub.add_argument(
        "--on", type=parse_day, metavar="DATE", help="judge the plan as on DATE (default today)"
    )
    sub.add_argument("--list", action="store_true", help="also list what each rule found")
    sub.add_argument("--json", action="store_true", help="output JSON")

    sub = verb("call", cmd_call, "Who do I call? People and lines to phone, in calling order.")
    sub.add_argument(
        "query", nargs="+", metavar="QUERY", help="a person, team, service, supplier, site…"
    )
    sub.add_argument("--limit", type=_positive, default=8, metavar="N", help="at most N groups")
    sub.add_argument("--json", action="store_true", help="output JSON")

    sub = verb("print", cmd_print, "Print a document of the plan to a PDF file.")
    add_print_options(sub)

    sub = verb("import", cmd_import, "Import contacts, assets, … from a CSV or vCard file.")
    add_import_options(sub)

    sub = verb("export", cmd_export, "Export a table as CSV or vCard, or the plan as ICS or JSON.")
    add_export_options(sub)

    sub = verb("add", cmd_add, "Add a record; prints its id.")
    sub.add_argument("table", metavar="TABLE", help=_TABLE_HELP)
    sub.add_argument(
        "assignments", nargs="*", metavar="FIELD=VALUE", help="for lists of ids: id1,id2"
    )

    sub = verb("set", cmd_set, "Change fields of a record; FIELD= empties a field.")
    sub.add_argument("table", metavar="TABLE", help=_TABLE_HELP)
    sub.add_argument("id", metavar="ID", help="the record's id (leave it out for plan)")
    sub.add_argument("assignments", nargs="*", metavar="FIELD=VALUE")

    sub = verb("delete", cmd_delete, "Delete a record and the records that belong to it.")
    sub.add_argument("table", metavar="TABLE", help=_TABLE_HELP)
    sub.add_argument("id", metavar="ID")
    sub.add_argument(
        "--clear-references",
        action="store_true",
        help="also empty the references other records hold to it",
    )

    sub = verb("passwd", cmd_passwd, "Change the vault's passphrase.")
    sub.add_argument(
        "--new-passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the new passphrase from the first line of FILE",
    )
    verb("backup", cmd_backup, "Make an encrypted backup beside the vault.")
    verb("backups", cmd_backups, "List the vault's backups, newest first.", passphrase=False)
    verbs.choices["backups"].add_argument("--json", action="store_true", help="output JSON")
    sub = verb("restore", cmd_restore, "Put a backup in place of the vault (the vault is kept).")
    sub.add_argument("backup", type=Path, metavar="BACKUP", help="a backup file, or its name")
    verb("remember", cmd_remember, "Let this computer's keychain remember the passphrase.")
    verb("forget", cmd_forget, "Remove the passphrase from this computer's keychain.",
         passphrase=False)  # fmt: skip
    add_sync_verbs(verbs, locked, verb)
    return parser


def _problem_line(error: ValidationError, problem: Problem) -> str:
    """A problem naming the field as the command line spells it, with its label."""
    entity = error.entity
    if problem.field is None or not entity.has_field(problem.field):
        return problem.message
    label = entity.field(problem.field).label
    joiner = " " if problem.message.startswith(("is ", "must ", "cannot ")) else ": "
    return f"{problem.field} ({label}){joiner}{problem.message}"


def _report_vault_error(error: VaultError, vault: Path | None) -> None:
    """The error's sentence; for damage (or a wrong passphrase that may be damage) also
    how to restore, with the newest backups."""
    warn(str(error))
    if vault is None:
        return
    if isinstance(error, WrongPassphrase) and error.backups:
        warn("If you are sure of the passphrase, the file is damaged.")
    elif not isinstance(error, VaultDamaged):
        return
    for line in restore_hint(vault, error.backups):
        warn(line)


def _run(args: argparse.Namespace) -> int:
    command: Command = args.run
    vault: Path | None = getattr(args, "vault", None)
    try:
        return command(args)
    except VaultError as error:
        _report_vault_error(error, vault)
        return error.exit_code
    except ValidationError as error:
        for problem in error.problems:
            warn(_problem_line(error, problem))
        warn("Nothing was saved.")
        return Exit.INVALID_INPUT
    except StillInUse as error:
        warn(str(error))
        warn("To delete it anyway and empty those references, add --clear-references.")
        return Exit.INVALID_INPUT
    except RecordNotFound as error:
        warn(str(error))
        return Exit.INVALID_INPUT
    except CommandProblem as problem:
        for line in problem.lines:
            warn(line)
        return problem.exit_code


def _tolerate_unprintable_text() -> None:
    """Names like Łódź must not crash a console that cannot show them."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (argparse itself exits with 2 on bad usage)."""
    _tolerate_unprintable_text()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        warn("Cancelled.")
        return Exit.CANCELLED
    except BrokenPipeError:
        # The reader went away (itscm list … | head): stop quietly, without a traceback
        # when Python flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return Exit.FAILED
