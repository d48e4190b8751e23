"""Which existing record an imported row is, and which earlier row of the file it repeats.

Contacts match by e-mail address, then mobile number, then full name; work and home
numbers are shared by switchboards and households, so they identify nobody. Different
e-mail addresses on both sides veto a match by mobile number or name: on-call phones are
shared, and two people can share a name. Every other table matches by its name (its
title field). Comparisons ignore case and surrounding spaces; values are compared in
their stored form (E.164 numbers), so "07400 123456" finds "+44 7400 123456".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from itscm_desktop.domain.registry import Entity

#: (what a person is told matched, the fields compared), strongest first.
_CONTACT_KEYS = (
    ("e-mail address", ("work_email", "personal_email")),
    ("mobile number", ("mobile_phone",)),
)
_EMAIL_FIELDS = ("work_email", "personal_email")


class Ambiguous(ValueError):
    """Several existing records fit the row equally; str() says so for the report."""


class _Index:
    """Key → the records (or file lines) holding it, for one way of matching."""

    def __init__(self) -> None:
        self.entries: dict[str, list[str]] = {}

    def add(self, value: object, ident: str) -> None:
        if isinstance(value, str) and value.strip():
            self.entries.setdefault(value.strip().casefold(), []).append(ident)

    def get(self, value: object) -> list[str]:
        if not isinstance(value, str) or not value.strip():
            return []
        return self.entries.get(value.strip().casefold(), [])


class _Keyed:
    """Records (or rows) by an identifier, indexed by every way of matching."""

    def __init__(self, entity: Entity) -> None:
        keys = list(_CONTACT_KEYS) if entity.table == "contacts" else []
        self.keys = [*keys, ("name", (entity.title_field,))]
        self.indexes = [_Index() for _ in self.keys]
        self.values: dict[str, Mapping[str, Any]] = {}

    def add(self, ident: str, values: Mapping[str, Any]) -> None:
        self.values[ident] = values
        for (_, names), index in zip(self.keys, self.indexes, strict=True):
            for name in names:
                index.add(values.get(name), ident)

    def same_as(self, values: Mapping[str, Any]) -> tuple[list[str], str] | None:
        """The identifiers `values` is the same as, and by what: the first way of
        matching that finds any."""
        mine = _emails(values)
        for (what, names), index in zip(self.keys, self.indexes, strict=True):
            found: list[str] = []
            for name in names:
                for ident in index.get(values.get(name)):
                    theirs = _emails(self.values[ident])
                    vetoed = what != "e-mail address" and mine and theirs and not mine & theirs
                    if ident not in found and not vetoed:
                        found.append(ident)
            if found:
                return found, what
        return None


def _emails(values: Mapping[str, Any]) -> set[str]:
    return {str(values[n]).casefold() for n in _EMAIL_FIELDS if values.get(n)}


class Matcher:
    """Matches the rows of one file, in order, against the records of one table."""

    def __init__(self, entity: Entity, existing: Mapping[str, Mapping[str, Any]]) -> None:
        self._entity = entity
        self._existing = _Keyed(entity)
        for record_id, record in existing.items():
            self._existing.add(record_id, record)
        self._rows = _Keyed(entity)

    def earlier_row(self, values: Mapping[str, Any]) -> str | None:
        """Why this row repeats an earlier one (to reject it), or None."""
        same = self._rows.same_as(values)
        if same is None:
            return None
        lines, what = same
        noun = self._entity.label.lower()
        return f"the same {noun} as line {lines[0]} (same {what}); give each once."

    def remember(self, line: int, values: Mapping[str, Any]) -> None:
        """Note a row, so that a later row repeating it is found."""
        self._rows.add(str(line), values)

    def existing(self, values: Mapping[str, Any]) -> tuple[str, str] | None:
        """(record id, what matched) of the record this row is, or None for a new one.
        Raises Ambiguous when several records fit."""
        same = self._existing.same_as(values)
        if same is None:
            return None
        ids, what = same
        if len(ids) > 1:
            title = values.get(self._entity.title_field)
            named = f" (“{title}”)" if what == "name" else ""
            raise Ambiguous(
                f"{len(ids)} {self._entity.plural.lower()} already have this {what}{named}, "
                "so it is not clear which to update."
            )
        return ids[0], what
