"""Reading a CSV file into a header and rows, each row knowing the line it starts on.

The delimiter is found by counting comma, semicolon, tab and pipe outside quotes on the
first lines and picking the one that splits every line into the same number of columns
(csv.Sniffer guesses wrong on short files and on addresses full of commas), unless the
file starts with Excel's "sep=;" line. Quoted
fields may hold delimiters, doubled quotes and line breaks; the line number reported for
a row is the physical line where it starts, as a text editor or Excel numbers it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t", "|")
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
#: Lines looked at to choose the delimiter.
_SAMPLE_LINES = 20
_SEP_HINT = re.compile(r"sep=(.)\r?\n")


class NotATable(ValueError):
    """The text cannot be read as a table at all; str() says why, for a person."""


@dataclass(frozen=True)
class CsvRow:
    line: int  # the physical line (from 1) where the row starts
    cells: tuple[str, ...]


@dataclass(frozen=True)
class RaggedRow:
    """A row with more or fewer cells than the header: it is rejected, not guessed at."""

    line: int
    cells: int
    expected: int

    @property
    def reason(self) -> str:
        return (
            f"this row has {self.cells} columns but the header has {self.expected}; "
            "check it for a missing quote or an extra delimiter."
        )


@dataclass(frozen=True)
class CsvTable:
    headers: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    ragged: tuple[RaggedRow, ...]
    delimiter: str

    @property
    def delimiter_name(self) -> str:
        return _NAMES.get(self.delimiter, repr(self.delimiter))


def read_csv(text: str, delimiter: str | None = None) -> CsvTable:
    """The table in `text` (already decoded). The first non-empty row is the header;
    empty rows are skipped. Raises NotATable when there is no header."""
    text = text.removeprefix("\ufeff")
    hint = _SEP_HINT.match(text)
    if hint:  # Excel's "sep=;" first line names the delimiter
        delimiter = delimiter or hint.group(1)
    chosen = delimiter or detect_delimiter(text)
    records = iter(_records(text, chosen))
    if hint:
        next(records)
    header: CsvRow | None = None
    for record in records:
        if any(cell.strip() for cell in record.cells):
            header = record
            break
    if header is None:
        raise NotATable("The file is empty: there is no header row with column names.")
    headers = tuple(cell.strip() for cell in header.cells)
    rows: list[CsvRow] = []
    ragged: list[RaggedRow] = []
    width = len(headers)
    for record in records:
        cells = record.cells
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > width and not any(cell.strip() for cell in cells[width:]):
            cells = cells[:width]  # trailing empty cells: Excel adds them freely
        if len(cells) != width:
            ragged.append(RaggedRow(record.line, len(cells), width))
            continue
        rows.append(CsvRow(record.line, tuple(cells)))
    return CsvTable(headers, tuple(rows), tuple(ragged), chosen)


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into several columns;
    a comma when nothing tells (a one-column file)."""
    lines = _logical_lines(text, _SAMPLE_LINES)
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:
        counts = [_count_outside_quotes(line, candidate) for line in lines]
        if not counts or counts[0] == 0:
            continue
        consistent = sum(1 for count in counts if count == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _logical_lines(text: str, limit: int) -> list[str]:
    """The first `limit` non-empty lines, a quoted line break kept inside its line."""
    lines: list[str] = []
    current: list[str] = []
    quoted = False
    for physical in text.splitlines():
        current.append(physical)
        quoted ^= physical.count('"') % 2 == 1
        if quoted:
            continue
        joined = "\n".join(current)
        current = []
        if joined.strip():
            lines.append(joined)
            if len(lines) >= limit:
                break
    return lines


def _records(text: str, delimiter: str) -> Iterator[CsvRow]:
    """Every record with the physical line it starts on. The reader counts lines itself
    (`line_num`), so a quoted line break moves the next row's number on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    start = 1
    try:
        for cells in reader:
            yield CsvRow(start, tuple(cells))
            start = reader.line_num + 1
    except csv.Error:
        raise NotATable(
            f"Line {reader.line_num}: the file cannot be read as CSV here; "
            "check this line for a stray quote."
        ) from None
