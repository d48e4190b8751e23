"""The file being imported, as the Import wizard holds it between its pages: the bytes,
the table it goes into, the column mapping the person is adjusting, and the rows read.

No Qt here: the wizard's pages show this state and call `remap`; the tests drive it
directly. A CSV whose columns give no full name (or another required field) is still
opened, so that the person can point the right column at it instead of being turned away.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.interchange.columns import (
    IMPORTABLE_TABLES,
    ColumnMapping,
    required_unmapped,
    suggest_mapping,
    target_label,
)
from itscm_desktop.interchange.csv_read import NotATable, read_csv
from itscm_desktop.interchange.encoding import UnreadableText, decode_text
from itscm_desktop.interchange.problems import ImportRefused
from itscm_desktop.interchange.reading import CSV, PREVIEW_ROWS, ParsedFile, parse_import
from itscm_desktop.interchange.vcard_io import looks_like_vcard

#: Files larger than this are refused before reading: no contact list is this big.
MAX_BYTES = 200 * 1024 * 1024


def typed_label(target: str) -> str:
    """Google's numbered columns ("phone 1 value") as a person reads them: "Phone 1
    number"; its "type" column says whether it is a mobile, work or home number."""
    kind, number, part = target.split(" ")
    noun = "Phone" if kind == "phone" else "E-mail"
    if part == "type":
        return f"{noun} {number} type"
    return f"{noun} {number} {'number' if kind == 'phone' else 'address'}"


def label_of(table: str, target: str) -> str:
    """How a column's target is named in the mapping table."""
    if target.startswith(("phone ", "email ")) and target.count(" ") == 2:
        return typed_label(target)
    return target_label(table, target)


@dataclass
class ImportSource:
    """One file opened for import into one table. `parsed` is None while a required field
    has no column (`missing` names it); otherwise it holds the rows read with the mapping
    the person chose."""

    path: Path
    data: bytes
    table: str
    parsed: ParsedFile | None
    #: For a CSV: the mapping suggested from the headers, before the person changed it.
    suggested: ColumnMapping | None = None
    #: For a CSV: the first rows' cells as the file has them.
    preview: tuple[tuple[str, ...], ...] = ()
    #: Columns the person sent elsewhere: column → target, or None for "Don't import".
    overrides: dict[int, str | None] = field(default_factory=dict)

    @property
    def is_csv(self) -> bool:
        return self.suggested is not None

    @property
    def mapping(self) -> ColumnMapping | None:
        """The mapping as it stands: the suggestion with the person's changes."""
        if self.suggested is None or not self.overrides:
            return self.suggested
        targets = [self.overrides.get(i, t) for i, t in enumerate(self.suggested.targets)]
        return replace(self.suggested, targets=tuple(targets))

    @property
    def missing(self) -> list[str]:
        """Labels of required fields that no column fills."""
        mapping = self.mapping
        return required_unmapped(mapping) if mapping is not None else []

    def remap(self, column: int, target: str | None) -> None:
        """Send column `column` to `target` (None: ignore it). The rows are read again
        by `read_rows`, once, when the person goes on: a large file takes a moment."""
        assert self.suggested is not None
        if target == self.suggested.targets[column]:
            self.overrides.pop(column, None)
        else:
            self.overrides[column] = target
        self.parsed = None

    def read_rows(self) -> ParsedFile:
        """The rows read with the mapping as it stands. Raises ImportRefused when a
        required field has no column or the file is refused as a whole."""
        if self.parsed is None:
            missing = self.missing
            if missing:
                noun = REGISTRY[self.table].label.lower()
                raise ImportRefused(
                    f"No column goes into {' and '.join(missing)}, which every {noun} "
                    "needs. Choose the column that holds it."
                )
            # The whole adjusted mapping is handed back: it keeps Google's typed phone
            # columns and tells apart columns that share a header.
            self.parsed = parse_import(self.data, self.table, mapping=self.mapping)
        return self.parsed

    def sample(self, column: int) -> str:
        """The first value the file has in `column`, for the person to recognise it."""
        for row in self.preview:
            if column < len(row) and row[column].strip():
                return " ".join(row[column].split())
        return ""

    def duplicated_targets(self) -> list[str]:
        """Labels of fields that more than one column fills (the first value wins)."""
        mapping = self.mapping
        if mapping is None:
            return []
        seen: dict[str, int] = {}
        for target in mapping.targets:
            if target is not None and not target.startswith(("phone ", "email ")):
                seen[target] = seen.get(target, 0) + 1
        return [label_of(self.table, t) for t, n in seen.items() if n > 1]

    def describe(self) -> str:
        """One line on what was read: format, encoding, rows, where it seems to come from."""
        parsed = self.parsed
        noun = REGISTRY[self.table].plural.lower()
        if parsed is None:
            mapping = self.mapping
            assert mapping is not None
            return (
                f"A table with {len(mapping.headers)} columns; none was recognised as "
                f"{' or '.join(self.missing).lower()}: choose it on the next page."
            )
        rows = len(parsed.rows) + len(parsed.rejected)
        things = "row" if rows == 1 else "rows"
        if parsed.format == CSV:
            text = f"A CSV file ({parsed.encoding}, {parsed.delimiter}-separated), {rows} {things}"
        else:
            cards = "card" if rows == 1 else "cards"
            text = f"A vCard file ({parsed.encoding}) with {rows} {cards}"
        source = self.suggested.source if self.suggested is not None else ""
        if source:
            article = "an" if source[0] in "AEIOU" else "a"
            text += f": recognised as {article} {source} export of {noun}"
        return text + "."


def open_source(path: Path, table: str, data: bytes | None = None) -> ImportSource:
    """Read the file at `path` for `table`. Raises ImportRefused with a sentence when it
    cannot be imported at all (not text, not a table, a vCard offered as assets)."""
    if data is None:
        data = read_file(path)
    try:
        parsed = parse_import(data, table)
    except ImportRefused as refusal:
        return _without_required(path, data, table, refusal)
    if parsed.mapping is None:
        return ImportSource(path, data, table, parsed)
    return ImportSource(path, data, table, parsed, parsed.mapping, parsed.preview)


def read_file(path: Path) -> bytes:
    """The file's bytes, or ImportRefused saying why it cannot be read."""
    try:
        if path.is_dir():
            raise ImportRefused(f"{path.name} is a folder. Choose a file.")
        if path.stat().st_size > MAX_BYTES:
            raise ImportRefused(f"{path.name} is too large to be a list of records.")
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"There is no file {path}.") from None
    except PermissionError:
        raise ImportRefused(f"{path.name} cannot be read: this account may not open it.") from None
    except OSError as error:
        raise ImportRefused(f"{path.name} cannot be read: {error.strerror or error}.") from None


def _without_required(path: Path, data: bytes, table: str, refusal: ImportRefused) -> ImportSource:
    """A CSV refused only because no column gives a required field: opened anyway, with
    no rows read, for the person to map that field."""
    try:
        text = decode_text(data).text
        if "\x00" in text or looks_like_vcard(text) or table not in IMPORTABLE_TABLES:
            raise refusal
        sheet = read_csv(text)
    except (UnreadableText, NotATable):
        raise refusal from None
    mapping = suggest_mapping(table, sheet.headers)
    if not required_unmapped(mapping):
        raise refusal
    preview = tuple(row.cells for row in sheet.rows[:PREVIEW_ROWS])
    return ImportSource(path, data, table, None, mapping, preview)


def required_targets(table: str) -> set[str]:
    """Fields every record needs and that have no default: the mapping marks them."""
    entity = REGISTRY[table]
    return {f.name for f in entity.required_fields if not isinstance(f.default, str | int | float)}
