"""One entry point for every export, shared by the app's Export dialog and the CLI.

What can be exported how: CSV for each importable table; vCard for contacts; iCalendar
and JSON for the plan as a whole (their TABLE is ``plan``). Anything else is refused in
one sentence before the vault is read.
"""

from __future__ import annotations

from pathlib import Path

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.interchange.columns import IMPORTABLE_TABLES
from itscm_desktop.interchange.csv_write import table_to_csv
from itscm_desktop.interchange.files import write_export
from itscm_desktop.interchange.ical_export import plan_to_ics
from itscm_desktop.interchange.json_export import plan_to_json
from itscm_desktop.interchange.problems import ExportRefused
from itscm_desktop.interchange.vcard_io import VERSIONS, contacts_to_vcard
from itscm_desktop.vault.vault import Vault

FORMATS = ("csv", "vcard", "ics", "json")
#: The file name ending each format is usually given.
SUFFIXES = {"csv": ".csv", "vcard": ".vcf", "ics": ".ics", "json": ".json"}


def check_export(table: str, fmt: str, *, vcard_version: str = "4.0") -> None:
    """Raise ExportRefused unless `table` can be exported as `fmt`."""
    if fmt not in FORMATS:
        raise ExportRefused(f"“{fmt}” is not a format; use one of {', '.join(FORMATS)}.")
    if fmt == "csv" and table not in IMPORTABLE_TABLES:
        raise ExportRefused(
            f"{_name(table)} cannot be exported as CSV; these can: {', '.join(IMPORTABLE_TABLES)}."
        )
    if fmt == "vcard" and table != "contacts":
        raise ExportRefused(f"vCard holds contacts only, not {_name(table)}.")
    if fmt == "vcard" and vcard_version not in VERSIONS:
        raise ExportRefused(f"vCard version must be {' or '.join(VERSIONS)}.")
    if fmt in ("ics", "json") and table != "plan":
        raise ExportRefused(
            f"The {fmt.upper()} export covers the whole plan; give “plan” as the table."
        )


def _name(table: str) -> str:
    return REGISTRY[table].plural.lower() if table in REGISTRY else f"“{table}”"


def export_bytes(vault: Vault, table: str, fmt: str, *, vcard_version: str = "4.0") -> bytes:
    """The export's contents; raises ExportRefused for a combination that is not offered."""
    check_export(table, fmt, vcard_version=vcard_version)
    if fmt == "csv":
        return table_to_csv(vault, table)
    if fmt == "vcard":
        contacts = vault.records("contacts", order_by="full_name")
        return contacts_to_vcard(contacts, vcard_version).encode("utf-8")
    if fmt == "ics":
        return plan_to_ics(vault)
    return plan_to_json(vault)


def export_to(
    vault: Vault, table: str, fmt: str, path: Path, *, vcard_version: str = "4.0"
) -> None:
    """Export straight to `path`, atomically (ExportNotSaved when it cannot be saved)."""
    write_export(path, export_bytes(vault, table, fmt, vcard_version=vcard_version))
