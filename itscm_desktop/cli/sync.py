"""Exchanging changes with other laptops from the command line.

- ``itscm bundle export VAULT -o FILE|FOLDER [--exchange-passphrase-file F]``: every
  change this copy holds, sealed with the team's exchange passphrase, written and read
  back (a folder gets a name telling plan, laptop and time).
- ``itscm bundle import VAULT FILE [--dry-run] [--json] [--exchange-passphrase-file F]``:
  checks the whole bundle, then takes in what is new in one transaction and says
  "N new changes, M new conflicts"; ``--dry-run`` says it and writes nothing.
- ``itscm conflicts VAULT [--json]``: conflicts waiting for a choice, each value numbered
  (1 is the one every laptop shows until someone chooses), and links to deleted records.
- ``itscm resolve VAULT CONFLICT_ID (--keep N | --value VALUE)``.
- ``itscm bundle register VAULT [--json]``: the bundles written and taken in here, newest
  first: the plan's copy-distribution record on this laptop.

The exchange passphrase comes from ``--exchange-passphrase-file`` (first line), else the
one kept in the vault, else the terminal; a passphrase given here that opens a bundle
is kept. A refused bundle exits 5 with one line and writes nothing.

JSON (``--json``):

- ``bundle import``: ``{"dry_run", "from": {"created", "device_id", "device_name"},
  "offered", "new_changes", "new_conflicts": [{"field", "id", "row_id", "table"}, …],
  "cleared_conflicts": [ID, …], "broken_links": [{"field", "row_id", "table",
  "target_id"}, …], "records": {TABLE: {"added", "changed", "deleted"}}}``;
  ``broken_links`` are links the import left pointing at a record deleted elsewhere.
- ``bundle register``: ``{"bundles": [{"at", "author", "changes", "device_name",
  "direction", "new_changes", "new_conflicts", "place", "sha256", "size"}, …]}``, newest
  first; ``direction`` is export or import; the last two are null for an export.
- ``conflicts``: ``{"conflicts": [{"id", "table", "row_id", "field", "title",
  "deleted": bool, "values": [{"number", "field", "value", "author", "laptop", "when",
  "shown", "deletion"}, …]}, …], "broken_links": [{"table", "row_id", "title", "field",
  "target_id", "target_title"}, …]}``; ``field`` is ``_deleted`` for a record deleted on
  one laptop while changed on another; there, values with ``deletion`` keep it deleted
  and the others bring it back.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

from itscm_desktop.cli.errors import CommandProblem, Exit, InvalidInput, UsageProblem
from itscm_desktop.cli.output import (
    display_value,
    format_size,
    format_timestamp,
    print_json,
    print_table,
)
from itscm_desktop.cli.passphrase import on_terminal, read_passphrase_file, unlock
from itscm_desktop.cli.records import Titles
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.merge import DELETED
from itscm_desktop.domain.validation import ValidationError
from itscm_desktop.sync.bundle import BundleRejected
from itscm_desktop.sync.exchange import (
    ExchangePassphraseRefused,
    ImportReport,
    exchange_passphrase,
    export_to,
    import_bundle,
    remember_exchange_passphrase,
)
from itscm_desktop.sync.stick import StickWriteFailed
from itscm_desktop.vault.bundle_register import bundle_register
from itscm_desktop.vault.conflicts import (
    CandidateView,
    ConflictView,
    broken_links,
    conflict_views,
    settle,
)
from itscm_desktop.vault.vault import Vault

_EXCHANGE_HELP = "read the team's exchange passphrase from the first line of FILE"


def add_sync_verbs(verbs: Any, locked: argparse.ArgumentParser, verb: Any) -> None:
    """Declare ``bundle export|import``, ``conflicts`` and ``resolve``."""
    bundle = verbs.add_parser(
        "bundle",
        help="Exchange changes with other laptops through bundle files.",
        description="Exchange changes with other laptops through bundle files.",
    )
    actions = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", parents=[locked], help="Write every change this copy holds to a bundle."
    )
    export.add_argument("vault", type=Path, metavar="VAULT", help="the vault file")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="the bundle file, or a folder (a USB stick) to write it in",
    )
    export.set_defaults(run=cmd_bundle_export)
    take = actions.add_parser(
        "import", parents=[locked], help="Take in the changes of a bundle from another laptop."
    )
    take.add_argument("vault", type=Path, metavar="VAULT", help="the vault file")
    take.add_argument("bundle", type=Path, metavar="FILE", help="the bundle file")
    take.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    take.add_argument("--json", action="store_true", help="output JSON")
    take.set_defaults(run=cmd_bundle_import)
    for sub in (export, take):
        sub.add_argument("--exchange-passphrase-file", type=Path, metavar="F", help=_EXCHANGE_HELP)
    listed = actions.add_parser(
        "register",
        parents=[locked],
        help="List the bundles written and taken in on this laptop (the copy record).",
    )
    listed.add_argument("vault", type=Path, metavar="VAULT", help="the vault file")
    listed.add_argument("--json", action="store_true", help="output JSON")
    listed.set_defaults(run=cmd_bundle_register)

    sub = verb("conflicts", cmd_conflicts, "List edits that conflict between laptops.")
    sub.add_argument("--json", action="store_true", help="output JSON")
    sub = verb("resolve", cmd_resolve, "Settle a conflict by keeping one value or typing one.")
    sub.add_argument("conflict", metavar="CONFLICT_ID", help="as itscm conflicts shows it")
    choice = sub.add_mutually_exclusive_group(required=True)
    choice.add_argument("--keep", type=int, metavar="N", help="keep value number N")
    choice.add_argument("--value", metavar="VALUE", help="a new value, typed as in the app")


def exchange_secret(vault: Vault | None, file: Path | None) -> str | None:
    """The exchange passphrase: the file, else the one kept in the vault, else typed at a
    terminal; None when there is none to be had."""
    if file is not None:
        return read_passphrase_file(file)
    kept = exchange_passphrase(vault) if vault is not None else None
    if kept:
        return kept
    if on_terminal():
        import getpass

        typed = getpass.getpass("The team's exchange passphrase: ")
        return typed or None
    return None


def _no_secret() -> UsageProblem:
    return UsageProblem(
        "This vault does not know the team's exchange passphrase yet: give it with "
        "--exchange-passphrase-file FILE (it is then kept in the vault)."
    )


def cmd_bundle_export(args: argparse.Namespace) -> int:
    with unlock(args.vault, args.passphrase_file) as vault:
        secret = exchange_secret(vault, args.exchange_passphrase_file)
        if not secret:
            raise _no_secret()
        if exchange_passphrase(vault) is None:  # first given: kept, so it is never typed again
            try:
                remember_exchange_passphrase(vault, secret)
            except ExchangePassphraseRefused as weak:
                raise InvalidInput(f"Exchange passphrase: {weak}") from weak
        target: Path = args.output
        folder, name = (target, None) if target.is_dir() else (target.parent, target.name)
        try:
            exported = export_to(vault, folder, passphrase=secret, name=name)
        except BundleRejected as refused:
            raise InvalidInput(str(refused)) from refused
        except StickWriteFailed as failed:
            raise CommandProblem(str(failed)) from failed
    changes = exported.manifest.counts.changes
    print(
        f"Wrote {exported.path} ({format_size(exported.size)}, {changes} changes) and checked it."
    )
    return Exit.OK


def cmd_bundle_import(args: argparse.Namespace) -> int:
    try:
        data = args.bundle.read_bytes()
    except FileNotFoundError as missing:
        raise InvalidInput(f"There is no file {args.bundle}.") from missing
    except OSError as failed:
        message = f"The bundle {args.bundle} cannot be read: {failed.strerror}."
        raise InvalidInput(message) from failed
    with unlock(args.vault, args.passphrase_file) as vault:
        secret = exchange_secret(vault, args.exchange_passphrase_file)
        if not secret:
            raise _no_secret()
        given = None if secret == exchange_passphrase(vault) else secret
        try:
            report = import_bundle(vault, data, passphrase=given or secret, dry_run=args.dry_run,
                                   place=str(args.bundle))  # fmt: skip
        except BundleRejected as refused:
            raise InvalidInput(str(refused), "Nothing was imported.") from refused
        if args.json:
            print_json(_report_json(report))
        else:
            _print_report(vault, report)
    return Exit.OK


def cmd_bundle_register(args: argparse.Namespace) -> int:
    with unlock(args.vault, args.passphrase_file) as vault:
        entries = bundle_register(vault)
    if args.json:
        print_json({"bundles": [dataclasses.asdict(entry) for entry in entries]})
        return Exit.OK
    if not entries:
        print("No bundle has been written or taken in on this laptop yet.")
        return Exit.OK
    rows = [
        [
            format_timestamp(entry.at),
            "exported" if entry.direction == "export" else "imported",
            f"{entry.device_name} ({entry.author})",
            entry.place,
            str(entry.changes),
            _brought(entry.new_changes, entry.new_conflicts),
        ]
        for entry in entries
    ]
    print_table(["When", "What", "Laptop", "Where", "Changes", "Brought"], rows, right=[4])
    return Exit.OK


def _brought(new_changes: int | None, new_conflicts: int | None) -> str:
    if new_changes is None:
        return ""
    conflicts = new_conflicts or 0
    return f"{new_changes} new, {conflicts} conflict{'' if conflicts == 1 else 's'}"


def _report_json(report: ImportReport) -> dict[str, Any]:
    manifest = report.manifest
    return {
        "dry_run": report.dry_run,
        "from": {"created": manifest.created, "device_id": manifest.device_id,
                 "device_name": manifest.device_name},
        "offered": report.offered,
        "new_changes": report.new_changes,
        "new_conflicts": [
            {"id": c.id, "table": c.table, "row_id": c.row_id, "field": c.field}
            for c in report.new_conflicts
        ],
        "cleared_conflicts": list(report.cleared_conflicts),
        "broken_links": [
            {"table": link.table, "row_id": link.row_id, "field": link.field,
             "target_id": link.target_id}
            for link in report.broken_links
        ],
        "records": {
            table: {"added": a, "changed": c, "deleted": d}
            for table, (a, c, d) in report.counts_by_table().items()
        },
    }  # fmt: skip


def _print_report(vault: Vault, report: ImportReport) -> None:
    manifest = report.manifest
    print(
        f"From “{manifest.device_name}” (exported {format_timestamp(manifest.created)}): "
        f"{report.summary}."
    )
    for table, (added, changed, deleted) in report.counts_by_table().items():
        parts = [f"{n} {word}" for n, word in ((added, "added"), (changed, "changed"),
                                                (deleted, "deleted")) if n]  # fmt: skip
        print(f"  {REGISTRY[table].plural}: {', '.join(parts)}")
    if report.new_conflicts:
        views = {view.id: view for view in conflict_views(vault.conn)}
        for conflict in report.new_conflicts:
            view = views.get(conflict.id)
            print(f"  Conflict {conflict.id}: {view.heading if view else conflict.table}")
        print(f"See them with: itscm conflicts {vault.path}")
    for link in report.broken_links:
        print(f"  {link.sentence}")
    if report.cleared_conflicts:
        print(f"  {len(report.cleared_conflicts)} conflicts were settled on another laptop.")
    if report.dry_run:
        print("Nothing was written (dry run).")
    elif not report.new_changes:
        print("This laptop already had every change in the bundle.")


def _value_text(vault: Vault, view: ConflictView, candidate: CandidateView, titles: Titles) -> str:
    if candidate.is_deletion:
        return "deleted"
    entity = REGISTRY[view.table]
    if candidate.field == DELETED:
        return "brought back"
    text = display_value(entity.field(candidate.field), candidate.value, titles)
    label = f"{entity.field(candidate.field).label}: " if view.is_deletion else ""
    return f"{label}“{text}”" if text else f"{label}(empty)"


def cmd_conflicts(args: argparse.Namespace) -> int:
    with unlock(args.vault, args.passphrase_file) as vault:
        views = conflict_views(vault.conn)
        links = broken_links(vault.conn)
        if args.json:
            print_json(
                {
                    "conflicts": [_conflict_json(view) for view in views],
                    "broken_links": [
                        {"table": link.table, "row_id": link.row_id, "title": link.title,
                         "field": link.field, "target_id": link.target_id,
                         "target_title": link.target_title}
                        for link in links
                    ],
                }
            )  # fmt: skip
            return Exit.OK
        titles = Titles(vault)
        if not views and not links:
            print("No conflicts: every laptop this one has exchanged with agrees.")
            return Exit.OK
        for view in views:
            print(f"{view.id}  {view.heading}")
            for candidate in view.candidates:
                shown = " (shown now)" if candidate.number == 1 and not view.is_deletion else ""
                print(
                    f"  {candidate.number}. {_value_text(vault, view, candidate, titles)} — "
                    f"{candidate.author} on {candidate.device_name}, "
                    f"{format_timestamp(candidate.when)}{shown}"
                )
        if views:
            print(f"Settle one with: itscm resolve {args.vault} ID --keep N (or --value VALUE)")
        for link in links:
            print(f"Link to a deleted record: {link.sentence}")
    return Exit.OK


def _conflict_json(view: ConflictView) -> dict[str, Any]:
    return {
        "id": view.id,
        "table": view.table,
        "row_id": view.row_id,
        "field": view.field,
        "title": view.title,
        "deleted": view.is_deletion,
        "values": [
            {"number": c.number, "field": c.field, "value": c.value, "author": c.author,
             "laptop": c.device_name, "when": c.when, "shown": c.number == 1,
             "deletion": c.is_deletion}
            for c in view.candidates
        ],
    }  # fmt: skip


def cmd_resolve(args: argparse.Namespace) -> int:
    with unlock(args.vault, args.passphrase_file) as vault:
        try:
            if args.keep is not None:
                view = settle(vault, args.conflict, keep=args.keep)
            else:
                view = settle(vault, args.conflict, value=args.value)
        except ValidationError:
            raise  # said field by field, like any edit
        except (LookupError, ValueError) as problem:
            raise InvalidInput(str(problem)) from problem
    print(f"Settled: {view.heading}.")
    return Exit.OK
