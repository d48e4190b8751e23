"""How the command line shows things: aligned tables for people, stable JSON for scripts.

People see values the way the app shows them (phone numbers grouped, durations as
"4 h 30 min", choices by their label, references by the title of the record they point
at). Scripts get the raw stored values, with sorted keys, so the output of one version
can be compared with the next.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.domain.registry import Field, Kind

#: Longest cell in a table; longer text is cut with "…" (``show`` prints it whole).
CELL_WIDTH = 48
EMPTY = "—"

#: Turns a referenced record's id into something a person recognises.
TitleOf = Callable[[Field, str], str]

_SPACE = re.compile(r"\s+")


def print_json(value: object) -> None:
    """Indented, keys sorted, non-ASCII kept as is (UTF-8), one trailing newline."""
    print(json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2))


def format_timestamp(value: str) -> str:
    """A stored UTC timestamp as "2026-11-25 14:30 UTC"; anything else unchanged."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        return value
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def display_value(field: Field, value: object, title_of: TitleOf | None = None) -> str:
    """One stored value as a person reads it; empty values are ""."""
    if value is None or value == "" or value == []:
        return ""
    kind = field.kind
    if kind is Kind.PHONE and isinstance(value, str):
        return format_phone(value)
    if kind is Kind.MINUTES and isinstance(value, int) and value >= 0:
        return format_minutes(value)
    if kind is Kind.CHOICE and isinstance(value, str):
        return field.choice_label(value)
    if kind is Kind.BOOL:
        return "yes" if value else "no"
    if kind is Kind.MONEY and isinstance(value, int | float):
        return f"{value:,.2f}"
    if kind is Kind.DATETIME and isinstance(value, str):
        return format_timestamp(value)
    if kind is Kind.REF and isinstance(value, str) and title_of is not None:
        return title_of(field, value)
    if kind is Kind.REFS and isinstance(value, list):
        if title_of is None:
            return ", ".join(str(item) for item in value)
        return ", ".join(title_of(field, str(item)) for item in value)
    return str(value)


def one_line(text: str, width: int = CELL_WIDTH) -> str:
    """Text squeezed onto one line and cut to `width` characters."""
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def table_lines(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    right: Sequence[int] = (),
    width: int = CELL_WIDTH,
) -> list[str]:
    """Columns padded to their widest cell, two spaces apart, a rule under the headers.
    Columns listed in `right` (numbers) are right-aligned."""
    cells = [[one_line(cell, width) for cell in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in cells:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(row: Sequence[str]) -> str:
        padded = (
            cell.rjust(w) if index in right else cell.ljust(w)
            for index, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [line(headers), rule, *(line(row) for row in cells)]


def print_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, right: Sequence[int] = ()
) -> None:
    for text in table_lines(headers, rows, right=right):
        print(text)


def print_pairs(pairs: Sequence[tuple[str, str]], *, indent: str = "  ") -> None:
    """Label/value lines with the values aligned; a value of several lines stays aligned."""
    width = max((len(label) for label, _ in pairs), default=0)
    for label, value in pairs:
        lines = value.splitlines() or [""]
        print(f"{indent}{label.ljust(width)}  {lines[0]}".rstrip())
        for more in lines[1:]:
            print(f"{indent}{' ' * width}  {more}".rstrip())


def format_size(size: int) -> str:
    """Bytes the way a file manager shows them: "820 KB", "3.4 MB"."""
    value = float(size)
    unit = "B"
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            break
        value /= 1000
    if unit == "B":
        return f"{size} B"
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"


def warn(message: str) -> None:
    """One line on stderr, prefixed like every message of the command."""
    print(f"itscm: {message}", file=sys.stderr)
