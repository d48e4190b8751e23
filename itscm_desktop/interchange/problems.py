"""What can be wrong with an imported file: the whole file, or one row of it.

A whole-file problem (not text, no header, a vCard offered as assets) stops the import
before anything is planned. A row problem rejects that row only and is reported with the
line it starts on, in a sentence a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass


class ImportRefused(ValueError):
    """The file cannot be imported at all; str() is one sentence for a person."""


@dataclass(frozen=True)
class Rejection:
    """One row that will not be imported, and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


class ExportRefused(ValueError):
    """That table cannot be exported in that format; str() says what can."""
