"""``itscm import`` and ``itscm export``: exchanging the plan with other tools.

``itscm import VAULT TABLE FILE`` reads a CSV or vCard file (told apart by content),
validates every row as the app would and prints what it did: each rejected row with its
line, each update with what matched and what changes, then a summary ("12 new contacts,
3 updated, 2 rejected."). Rows matching an existing record update it (``--no-update``
leaves existing records alone). If any row is rejected nothing is imported and the exit
code is 5, unless ``--skip-rejected`` asks to import the valid rows; ``--dry-run``
reports the same without writing, with the exit code the import would have. Empty cells
never erase a value. ``--map HEADER=FIELD`` sends a column to a field (``--map
"Fax="`` ignores it); fields are named or labelled as in ``itscm show``.

``import --json`` prints one object: ``{"applied": BOOL, "dry_run": BOOL, "file":
{"delimiter", "encoding", "format", "mapping": {HEADER: FIELD or null} or null},
"plan": {"encoding", "format", "new": [{"line", "title", "values"}], "rejected":
[{"line", "reason"}], "summary", "table", "unchanged": [UPDATE], "updates": [UPDATE]},
"result": {"created": [ID], "summary", "updated": [ID]} or null}``, where an UPDATE is
``{"changes": [{"field", "label", "new", "old"}], "id", "line", "matched_by", "title"}``
and ``matched_by`` is "e-mail address", "mobile number" or "name".

``itscm export VAULT TABLE --format csv|vcard|ics|json -o FILE``: csv for contacts,
suppliers, sites, assets and services (UTF-8 with BOM, labels as headers, re-importable);
vcard for contacts; ics and json cover the whole plan, so TABLE must be ``plan``. The file
is written atomically: a failed export leaves what was there before.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from itscm_desktop.cli.errors import CommandProblem, Exit, InvalidInput, UsageProblem
from itscm_desktop.cli.output import print_json
from itscm_desktop.cli.passphrase import unlock
from itscm_desktop.cli.records import resolve_table
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.interchange.exporting import FORMATS, check_export, export_bytes
from itscm_desktop.interchange.files import ExportNotSaved, write_export
from itscm_desktop.interchange.importing import (
    ImportPlan,
    ImportResult,
    apply_import,
    plan_import,
)
from itscm_desktop.interchange.problems import ExportRefused, ImportRefused
from itscm_desktop.interchange.reading import ParsedFile, parse_import
from itscm_desktop.vault.vault import Vault


def add_import_options(sub: argparse.ArgumentParser) -> None:
    """The arguments of ``itscm import`` after VAULT."""
    sub.add_argument("table", metavar="TABLE", help="contacts, suppliers, sites, assets, services")
    sub.add_argument("file", type=Path, metavar="FILE", help="a CSV or vCard file")
    sub.add_argument(
        "--dry-run", action="store_true", help="report what would happen; write nothing"
    )
    sub.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="send the column HEADER to FIELD (empty FIELD: ignore the column); repeatable",
    )
    sub.add_argument(
        "--skip-rejected",
        action="store_true",
        help="import the valid rows even if some are rejected",
    )
    sub.add_argument(
        "--no-update", action="store_true", help="leave records that match a row as they are"
    )
    sub.add_argument("--json", action="store_true", help="output JSON")


def _overrides(items: list[str]) -> dict[str, str | None]:
    overrides: dict[str, str | None] = {}
    for item in items:
        header, sep, field = item.partition("=")
        if not sep or not header.strip():
            raise UsageProblem(f'“{item}” is not HEADER=FIELD, like --map "Cell=mobile_phone".')
        overrides[header.strip()] = field.strip() or None
    return overrides


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or "it cannot be read"
        raise UsageProblem(f"Cannot read {path}: {reason}.") from None


def cmd_import(args: argparse.Namespace) -> int:
    table = resolve_table(args.table).table
    data = _read(args.file)
    overrides = _overrides(args.map)
    result: ImportResult | None = None
    refusal = ""
    with unlock(args.vault, args.passphrase_file) as vault:
        try:
            parsed = parse_import(data, table, overrides=overrides)
            plan = plan_import(vault, parsed)
            if plan.rejected and not args.skip_rejected:
                refusal = (
                    f"{_rows(len(plan.rejected))} of {args.file.name} cannot be imported, so "
                    "nothing was imported; correct them or add --skip-rejected."
                )
            elif not args.dry_run:
                result = apply_import(
                    vault, plan, update_existing=not args.no_update, skip_rejected=True
                )
        except ImportRefused as error:
            raise InvalidInput(str(error)) from None
    if args.json:
        print_json(_report_json(parsed, plan, result, dry_run=args.dry_run))
    else:
        _print_report(args.file, parsed, plan, result, update=not args.no_update)
    if refusal:
        raise InvalidInput(refusal)
    return Exit.OK


def _rows(count: int) -> str:
    return "1 row" if count == 1 else f"{count} rows"


def _print_report(
    path: Path, parsed: ParsedFile, plan: ImportPlan, result: ImportResult | None, *, update: bool
) -> None:
    where = f"{parsed.format}, {parsed.encoding}"
    if parsed.delimiter:
        where += f", {parsed.delimiter}-separated"
    if parsed.mapping is not None and parsed.mapping.source:
        where += f", a {parsed.mapping.source} export"
    print(f"Read {path.name} ({where}).")
    if parsed.mapping is not None and parsed.mapping.ignored():
        print("Columns not imported: " + ", ".join(parsed.mapping.ignored()) + ".")
    for rejection in plan.rejected:
        print(str(rejection))
    if result is not None:
        state = "updated" if update else "left as it is"
    else:
        state = "would be updated" if update else "would be left as it is"
    for change in plan.updates:
        what = "; ".join(f"{c.label} {_shown(c.old)} → {_shown(c.new)}" for c in change.changes)
        print(f"Line {change.line}: {change.title} (same {change.matched_by}) {state}: {what}.")
    print(result.summary() if result is not None else plan.summary())


def _shown(value: object) -> str:
    return "(empty)" if value is None or value == "" else f"“{value}”"


def _report_json(
    parsed: ParsedFile, plan: ImportPlan, result: ImportResult | None, *, dry_run: bool
) -> dict[str, Any]:
    mapping = None
    if parsed.mapping is not None:
        mapping = dict(zip(parsed.mapping.headers, parsed.mapping.targets, strict=True))
    return {
        "applied": result is not None,
        "dry_run": dry_run,
        "file": {
            "format": parsed.format,
            "encoding": parsed.encoding,
            "delimiter": parsed.delimiter or None,
            "mapping": mapping,
        },
        "plan": plan.as_dict(),
        "result": None
        if result is None
        else {
            "created": list(result.created),
            "updated": list(result.updated),
            "summary": result.summary(),
        },
    }


# --- export ----------------------------------------------------------------------------


def add_export_options(sub: argparse.ArgumentParser) -> None:
    """The arguments of ``itscm export`` after VAULT."""
    sub.add_argument(
        "table", metavar="TABLE", help="contacts, suppliers, sites, assets, services, or plan"
    )
    sub.add_argument("--format", choices=FORMATS, required=True, help="the file format")
    sub.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="the file to write"
    )
    sub.add_argument(
        "--vcard-version", choices=("3.0", "4.0"), default="4.0", help="for vcard (default 4.0)"
    )


def cmd_export(args: argparse.Namespace) -> int:
    wanted = args.table.strip().lower()
    table = "plan" if wanted == "plan" else resolve_table(args.table).table
    try:
        check_export(table, args.format, vcard_version=args.vcard_version)
        with unlock(args.vault, args.passphrase_file) as vault:
            data = export_bytes(vault, table, args.format, vcard_version=args.vcard_version)
            count = _exported_count(vault, table, args.format)
    except ExportRefused as error:
        raise InvalidInput(str(error)) from None
    try:
        write_export(args.output, data)
    except ExportNotSaved as error:
        raise CommandProblem(str(error)) from error
    print(f"Saved {count} to {args.output}.")
    return Exit.OK


def _exported_count(vault: Vault, table: str, fmt: str) -> str:
    if table != "plan":
        number = vault.count(table)
        entity = REGISTRY[table]
        return f"{number} {entity.label.lower() if number == 1 else entity.plural.lower()}"
    if fmt == "json":
        return "the whole plan"
    return "the plan's exercises, actions and review date"
