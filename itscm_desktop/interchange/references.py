"""References in imported rows, given the way a person writes them: by name.

An exported CSV names a contact's site "Head office", not by its id, so that a person
can read and edit it; importing turns the name back into the id. An id is accepted as
well. A name that fits no record, or several, rejects the row with that sentence.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Entity, Field, Kind
from itscm_desktop.domain.validation import Problem
from itscm_desktop.vault.vault import Vault


class References:
    """Looks names up in the vault, reading each referenced table once."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._names: dict[str, dict[str, list[str]]] = {}
        self._ids: dict[str, set[str]] = {}

    def resolve(
        self, entity: Entity, values: Mapping[str, str]
    ) -> tuple[dict[str, object], list[Problem]]:
        """`values` with every reference turned into an id, and the problems found."""
        resolved: dict[str, object] = dict(values)
        problems: list[Problem] = []
        for name, text in values.items():
            if not entity.has_field(name):
                continue
            field = entity.field(name)
            if field.kind is not Kind.REF:
                continue
            found = self._find(field, text.strip())
            if isinstance(found, Problem):
                problems.append(found)
            else:
                resolved[name] = found
        return resolved, problems

    def _find(self, field: Field, text: str) -> str | Problem:
        try:
            as_id = str(uuid.UUID(text))
        except ValueError:
            as_id = ""
        matches: list[str] = []
        for table in field.ref:
            if as_id and as_id in self._table_ids(table):
                return as_id
            matches += self._table_names(table).get(text.casefold(), [])
        kinds = " or ".join(REGISTRY[t].label.lower() for t in field.ref)
        if not matches:
            return Problem(field.name, f"there is no {kinds} called “{text}”.")
        if len(matches) > 1:
            return Problem(
                field.name,
                f"{len(matches)} records are called “{text}”; give the id of the {kinds} meant.",
            )
        return matches[0]

    def _load(self, table: str) -> None:
        entity = REGISTRY[table]
        names: dict[str, list[str]] = {}
        ids: set[str] = set()
        for record in self._vault.records(table):
            ids.add(str(record["id"]))
            title = record.get(entity.title_field)
            if isinstance(title, str) and title.strip():
                names.setdefault(title.strip().casefold(), []).append(str(record["id"]))
        self._names[table], self._ids[table] = names, ids

    def _table_names(self, table: str) -> dict[str, list[str]]:
        if table not in self._names:
            self._load(table)
        return self._names[table]

    def _table_ids(self, table: str) -> set[str]:
        if table not in self._ids:
            self._load(table)
        return self._ids[table]
