"""Reading records: one by id, pages of a sorted and filtered list, counts, relations.

Records come back as plain dicts of stored values, except that REFS fields are lists of
ids. Lists are paged (`limit`/`offset`) so that a view of 20,000 assets only ever reads
what is on screen.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Entity, Field, Kind
from itscm_desktop.vault.schema import quote
from itscm_desktop.vault.sqlite import Connection, Cursor

Record = dict[str, Any]


def rows_to_records(entity: Entity, cursor: Cursor) -> list[Record]:
    names = [d[0] for d in cursor.description or ()]
    refs = [f.name for f in entity.fields if f.kind is Kind.REFS]
    records = []
    for row in cursor.fetchall():
        record = dict(zip(names, row, strict=True))
        for name in refs:
            value = record.get(name)
            record[name] = json.loads(value) if isinstance(value, str) else []
        records.append(record)
    return records


def get_record(conn: Connection, table: str, record_id: str) -> Record | None:
    entity = REGISTRY[table]
    cursor = conn.execute(f"SELECT * FROM {quote(table)} WHERE id = ?", (record_id,))
    records = rows_to_records(entity, cursor)
    return records[0] if records else None


def find_table(conn: Connection, record_id: str, tables: Sequence[str]) -> str | None:
    """Which of `tables` holds the record with this id (ids are unique across tables)."""
    for table in tables:
        if conn.execute(f"SELECT 1 FROM {quote(table)} WHERE id = ?", (record_id,)).fetchone():
            return table
    return None


def filter_fields(entity: Entity) -> tuple[Field, ...]:
    """The fields a list's filter box looks in: what is shown or searchable, as text."""
    textual = (Kind.TEXT, Kind.LONGTEXT, Kind.PHONE, Kind.EMAIL, Kind.CHOICE)
    return tuple(f for f in entity.fields if f.kind in textual and (f.listed or f.searchable))


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: sorted by a field, filtered by text and by exact field values."""

    table: str
    order_by: str | None = None
    descending: bool = False
    filter_text: str = ""
    where: Mapping[str, object] | None = None

    def _where_sql(self) -> tuple[str, list[object]]:
        entity = REGISTRY[self.table]
        clauses: list[str] = []
        params: list[object] = []
        for name, value in (self.where or {}).items():
            entity.field(name)  # unknown names are a bug, not a person's mistake
            if value is None:
                clauses.append(f"{quote(name)} IS NULL")
            else:
                clauses.append(f"{quote(name)} = ?")
                params.append(value)
        for word in self.filter_text.split():
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            alternatives = [f"{quote(f.name)} LIKE ? ESCAPE '\\'" for f in filter_fields(entity)]
            clauses.append("(" + " OR ".join(alternatives) + ")")
            params += [pattern] * len(alternatives)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _order_sql(self) -> str:
        entity = REGISTRY[self.table]
        names = [self.order_by] if self.order_by else list(entity.order_fields)
        if not names:
            names = [entity.title_field]
        direction = " DESC" if self.descending else ""
        parts = []
        for name in names:
            if name not in ("id", "created_at", "updated_at"):
                entity.field(name)
            parts.append(f"{quote(name)} IS NULL, {quote(name)}{direction}")
        return " ORDER BY " + ", ".join(parts) + ", id"

    def records(self, conn: Connection, limit: int | None = None, offset: int = 0) -> list[Record]:
        where, params = self._where_sql()
        sql = f"SELECT * FROM {quote(self.table)}{where}{self._order_sql()}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return rows_to_records(REGISTRY[self.table], conn.execute(sql, params))

    def count(self, conn: Connection) -> int:
        where, params = self._where_sql()
        row = conn.execute(f"SELECT count(*) FROM {quote(self.table)}{where}", params).fetchone()
        return int(row[0])


@dataclass(frozen=True)
class Reference:
    """A record that points at another one through `field`."""

    table: str
    field: str
    record: Record


def referrers(conn: Connection, table: str, record_id: str) -> list[Reference]:
    """Every record that refers to this one, through any REF or REFS field."""
    found: list[Reference] = []
    for entity, field in REGISTRY.referrers_of(table):
        if field.kind is Kind.REF:
            sql = f"SELECT * FROM {quote(entity.table)} WHERE {quote(field.name)} = ?"
            params: tuple[object, ...] = (record_id,)
        else:
            sql = (
                f"SELECT * FROM {quote(entity.table)} WHERE {quote(field.name)} LIKE ? "
                f"AND EXISTS (SELECT 1 FROM json_each({quote(field.name)}) WHERE value = ?)"
            )
            params = (f'%"{record_id}"%', record_id)
        for record in rows_to_records(entity, conn.execute(sql, params)):
            found.append(Reference(entity.table, field.name, record))
    return found


def counts(conn: Connection) -> dict[str, int]:
    """The number of records in every table, in registry order."""
    return {
        e.table: int(conn.execute(f"SELECT count(*) FROM {quote(e.table)}").fetchone()[0])
        for e in REGISTRY
    }


def display_title(conn: Connection, entity: Entity, record: Mapping[str, Any]) -> str:
    """How a record is named in lists, links, search results and messages. A record
    titled by a reference is named after what it points to (a team member by the
    person); a dependency reads as a sentence ("ERP runs on db-01")."""
    if entity.table == "dependencies":
        ends = [
            _referenced_title(conn, entity.field(name), record.get(name))
            for name in ("from_id", "to_id")
        ]
        kind = entity.field("kind").choice_label(str(record.get("kind") or "needs"))
        return f"{ends[0]} {kind} {ends[1]}"
    field = entity.field(entity.title_field)
    value = record.get(field.name)
    if value is None or value == "":
        return f"(untitled {entity.label.lower()})"
    if field.kind is Kind.REF:
        return _referenced_title(conn, field, value)
    if field.kind is Kind.CHOICE:
        title = field.choice_label(str(value))
        if entity.table == "bia_impacts" and isinstance(record.get("window_minutes"), int):
            title += f" after {format_minutes(record['window_minutes'])}"
        return title
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def _referenced_title(conn: Connection, field: Field, target: object) -> str:
    if not isinstance(target, str):
        return "(nobody)" if field.ref == ("contacts",) else "(none)"
    table = find_table(conn, target, field.ref)
    if table is None:
        return "(deleted)"
    return display_title(conn, REGISTRY[table], get_record(conn, table, target) or {})


def title_of(entity: Entity, record: Mapping[str, object]) -> str:
    """A record's own title field, without looking anything up (see `display_title`)."""
    value = record.get(entity.title_field)
    if value is None or value == "":
        return f"(untitled {entity.label.lower()})"
    field = entity.field(entity.title_field)
    return field.choice_label(str(value)) if field.kind is Kind.CHOICE else str(value)
