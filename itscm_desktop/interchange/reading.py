"""Reading an import file into rows of field values: the first half of an import.

`parse_import` takes the file's bytes as they are, finds the encoding, tells a vCard
from a CSV by its content (not its name: exports are often renamed .txt), maps CSV
columns to fields and returns every row with the line it starts on. Nothing here looks
at the vault; `importing.plan_import` validates the rows and matches them against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.interchange.columns import (
    IMPORTABLE_TABLES,
    ColumnMapping,
    required_unmapped,
    row_values,
    suggest_mapping,
)
from itscm_desktop.interchange.csv_read import NotATable, read_csv
from itscm_desktop.interchange.encoding import UnreadableText, decode_text
from itscm_desktop.interchange.problems import ImportRefused, Rejection
from itscm_desktop.interchange.vcard_io import looks_like_vcard, read_vcards

CSV = "CSV"
VCARD = "vCard"
#: Rows kept as they are for the Import wizard's column-mapping preview.
PREVIEW_ROWS = 10


@dataclass(frozen=True)
class SourceRow:
    """One record as the file gives it: field name → text, empty cells left out."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class ParsedFile:
    table: str
    format: str  # CSV or vCard
    encoding: str  # as a person names it: "UTF-8 with BOM", "Windows-1252", …
    rows: tuple[SourceRow, ...]
    #: Rows that could not even be read (ragged CSV rows, broken cards).
    rejected: tuple[Rejection, ...]
    #: For a CSV: which column fills which field (None for a vCard).
    mapping: ColumnMapping | None = None
    #: For a CSV: "comma", "semicolon", "tab" or "pipe".
    delimiter: str = ""
    #: For a CSV: the first rows' cells as the file has them, for the mapping preview.
    preview: tuple[tuple[str, ...], ...] = ()


def check_importable(table: str) -> str:
    """The table's name if files can be imported into it; ImportRefused otherwise."""
    if table not in IMPORTABLE_TABLES:
        names = ", ".join(IMPORTABLE_TABLES)
        label = REGISTRY[table].plural.lower() if table in REGISTRY else f"“{table}”"
        raise ImportRefused(f"Files cannot be imported into {label}; only into {names}.")
    return table


def parse_import(
    data: bytes,
    table: str,
    *,
    mapping: ColumnMapping | None = None,
    overrides: Mapping[str, str | None] | None = None,
) -> ParsedFile:
    """Read a CSV or vCard file for `table`. For a CSV, `mapping` replaces the suggested
    column mapping (the GUI passes back what the person adjusted) and `overrides` changes
    single columns of it (``--map``). Raises ImportRefused when the file as a whole
    cannot be imported; single bad rows are in `rejected` instead."""
    check_importable(table)
    try:
        decoded = decode_text(data)
    except UnreadableText as error:
        raise ImportRefused(str(error)) from None
    if "\x00" in decoded.text:
        raise ImportRefused("The file is not text (it holds binary data); export it as CSV.")
    if looks_like_vcard(decoded.text):
        if table != "contacts":
            raise ImportRefused("A vCard file holds contacts; import it into contacts.")
        cards, rejected = read_vcards(decoded.text)
        rows = tuple(SourceRow(line, values) for line, values in cards)
        return ParsedFile(table, VCARD, decoded.name, rows, tuple(rejected))
    try:
        sheet = read_csv(decoded.text)
    except NotATable as error:
        raise ImportRefused(str(error)) from None
    if mapping is None or mapping.headers != sheet.headers or mapping.table != table:
        mapping = suggest_mapping(table, sheet.headers)
    if overrides:
        mapping = mapping.overridden(overrides)
    missing = required_unmapped(mapping)
    if missing:
        raise ImportRefused(
            f"No column of the file gives the {missing[0].lower()}, which every "
            f"{REGISTRY[table].label.lower()} needs. Columns: {', '.join(sheet.headers)}."
        )
    rows = tuple(SourceRow(row.line, row_values(mapping, row.cells)) for row in sheet.rows)
    ragged = tuple(Rejection(row.line, row.reason) for row in sheet.ragged)
    preview = tuple(row.cells for row in sheet.rows[:PREVIEW_ROWS])
    return ParsedFile(
        table, CSV, decoded.name, rows, ragged, mapping, sheet.delimiter_name, preview
    )
