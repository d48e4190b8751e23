"""Exporting a table as CSV that Excel opens right and that imports back unchanged.

UTF-8 with a BOM (without it Excel reads UTF-8 as cp1252 and garbles "Müller"), comma
separated, CRLF line ends. Headers are the registry's labels ("Mobile", "Work e-mail"),
which a person recognises and the importer maps back to fields. Values are written as a
person reads them and the importer reads them back: choices by label, durations as
"4 h 30 min", phone numbers in international format with spaces (an E.164 "+44…" is
turned into a number by Excel and loses its plus), references by the name of the record
they point at — or by its id when several records share that name.

A cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe, the spreadsheet's own "this is text" mark
(OWASP's advice against CSV injection): a note "=HYPERLINK(…)" stays text, and
"+44 20 7946 0123" shows as a number to dial rather than a formula error. The importer
removes that apostrophe again.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Mapping
from typing import Any

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.domain.registry import Field, Kind
from itscm_desktop.interchange.columns import FORMULA_STARTS, IMPORTABLE_TABLES
from itscm_desktop.vault.vault import Vault


def exported_fields(table: str) -> tuple[Field, ...]:
    """Every field a person can type; lists of references are edited in the app."""
    entity = REGISTRY[table]
    return tuple(f for f in entity.fields if not f.system and f.kind is not Kind.REFS)


def table_to_csv(vault: Vault, table: str) -> bytes:
    """Every record of `table` (one of IMPORTABLE_TABLES), sorted by name."""
    if table not in IMPORTABLE_TABLES:
        raise ValueError(f"{table} is not exported as CSV")
    entity = REGISTRY[table]
    fields = exported_fields(table)
    names = _ReferenceNames(vault)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.label for f in fields])
    for record in vault.records(table, order_by=entity.title_field):
        writer.writerow([_cell(f, record.get(f.name), names) for f in fields])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _cell(field: Field, value: Any, names: _ReferenceNames) -> str:
    text = _text(field, value, names)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(field: Field, value: Any, names: _ReferenceNames) -> str:
    if value is None or value == "":
        return ""
    kind = field.kind
    if kind is Kind.CHOICE:
        return field.choice_label(str(value))
    if kind is Kind.MINUTES and isinstance(value, int):
        return format_minutes(value)
    if kind is Kind.PHONE:
        return format_phone(str(value))
    if kind is Kind.BOOL:
        return "yes" if value else "no"
    if kind is Kind.REF:
        return names.name_of(field, str(value))
    return str(value)


class _ReferenceNames:
    """The name each referenced record is exported under, reading each table once."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._tables: dict[str, Mapping[str, str]] = {}

    def name_of(self, field: Field, record_id: str) -> str:
        for table in field.ref:
            name = self._names(table).get(record_id)
            if name is not None:
                return name
        return record_id

    def _names(self, table: str) -> Mapping[str, str]:
        if table not in self._tables:
            title_field = REGISTRY[table].title_field
            records = self._vault.records(table)
            titles = {str(r["id"]): str(r.get(title_field) or "").strip() for r in records}
            counts: dict[str, int] = {}
            for title in titles.values():
                counts[title.casefold()] = counts.get(title.casefold(), 0) + 1
            self._tables[table] = {
                record_id: title if title and counts[title.casefold()] == 1 else record_id
                for record_id, title in titles.items()
            }
        return self._tables[table]
