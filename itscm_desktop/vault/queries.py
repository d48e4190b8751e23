"""Reading records: one by id, pages of a sorted and filtered list, counts, relations.

Records come back as plain dicts of stored values, except that REFS fields are lists of
ids. Lists are paged (`limit`/`offset`) so that a view of 20,000 assets only ever reads
what is on screen.
"""

from __future__ import annotations

import json
import re
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


_TOKEN = re.compile(r"\w+", re.UNICODE)


def starts_with(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for values that start with `text` literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def words(text: str) -> list[str]:
    """The words of what a person typed (letters and digits; punctuation separates)."""
    return _TOKEN.findall(text)


def match_expression(query: str, table: str | None = None) -> str | None:
    """The FTS5 expression for what a person typed: every word, as a prefix of a word in
    a record's title or text, optionally only among one table's records. None when there
    is nothing to search for. Punctuation never reaches FTS5, so no query can raise a
    syntax error."""
    tokens = _TOKEN.findall(query)
    if not tokens:
        return None
    words = " AND ".join(f'"{token}"*' for token in tokens)
    expression = f"{{title body}} : ({words})"
    return f'tbl : "{table}" AND {expression}' if table else expression


def _choices_matching(entity: Entity, word: str) -> list[tuple[str, str]]:
    """(field, stored value) of the listed choices with a word of their label starting
    with `word`, so that typing "cloud" in the assets list finds the cloud assets."""
    needle = word.casefold()
    if len(needle) < 2:  # "srv-d" means a word starting with d, not every "Data" asset
        return []
    return [
        (f.name, value)
        for f in entity.listed_fields
        if f.kind is Kind.CHOICE
        for value, label in f.choices
        if any(part.startswith(needle) for part in _TOKEN.findall(label.casefold()))
    ]


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: sorted by a field, filtered by text and by exact field values."""

    table: str
    order_by: str | None = None
    descending: bool = False
    filter_text: str = ""
    where: Mapping[str, object] | None = None

    def _words(self) -> list[str]:
        return words(self.filter_text)

    def _initial(self) -> str | None:
        """The letter, when one letter is all that was typed: like an address book, the
        list then shows the records whose name starts with it (through the name's index;
        one letter would otherwise match a third of every word in the plan)."""
        text = self.filter_text.strip()
        entity = REGISTRY[self.table]
        if len(text) == 1 and entity.field(entity.title_field).kind is Kind.TEXT:
            return text
        return None

    def _text_only(self) -> bool:
        """True when the filter is plain text that no choice label answers to, so the
        search index alone decides which records match."""
        entity = REGISTRY[self.table]
        return not self.where and not any(_choices_matching(entity, w) for w in self._words())

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
        initial = self._initial()
        if initial is not None:
            clauses.append(f"{quote(entity.title_field)} LIKE ? ESCAPE '\\'")
            params.append(starts_with(initial))
            return " WHERE " + " AND ".join(clauses), params
        # Each word typed in the filter box must start a word of the record's searchable
        # text (through the search index, so 20,000 rows filter in milliseconds) or start
        # a word of the label of a choice shown in the list ("cloud" finds cloud assets).
        for word in self._words():
            alternatives = [f"id IN ({_MATCHING_IDS})"]
            params.append(match_expression(word, self.table))
            for name, value in _choices_matching(entity, word):
                alternatives.append(f"{quote(name)} = ?")
                params.append(value)
            clauses.append("(" + " OR ".join(alternatives) + ")")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _order_names(self) -> list[str]:
        entity = REGISTRY[self.table]
        names = [self.order_by] if self.order_by else list(entity.order_fields)
        names = names or [entity.title_field]
        for name in names:
            if name not in ("id", "created_at", "updated_at"):
                entity.field(name)
        return names

    def _order_sql(self) -> str:
        """Plain column terms, so that the column's index serves the first page at once;
        a choice sorts in its declared order (activation, recovery, reconstitution)."""
        entity = REGISTRY[self.table]
        direction = " DESC" if self.descending else ""
        terms = []
        for name in self._order_names():
            field = entity.field(name) if entity.has_field(name) else None
            if field is not None and field.kind is Kind.CHOICE:
                cases = " ".join(f"WHEN ? THEN {i}" for i in range(len(field.choices)))
                term = f"CASE {quote(name)} {cases} ELSE {len(field.choices)} END"
                terms.append(_inline(term, field.choice_values) + direction)
            else:
                terms.append(quote(name) + direction)
        return " ORDER BY " + ", ".join(terms) + ", id"

    def records(self, conn: Connection, limit: int | None = None, offset: int = 0) -> list[Record]:
        where, params = self._where_sql()
        source = quote(self.table)
        if where and limit is not None and self._text_matches(conn) > _BROAD:
            # Thousands match (one letter typed): walking the sort column's index and
            # stopping after one page beats sorting every match.
            index = _sort_index(conn, self.table, self._order_names())
            if index is not None:
                source += f" INDEXED BY {quote(index)}"
        sql = f"SELECT * FROM {source}{where}{self._order_sql()}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return rows_to_records(REGISTRY[self.table], conn.execute(sql, params))

    def _text_matches(self, conn: Connection) -> int:
        """How many records the typed words match in the search index alone (0 for no
        words): exact for plain text, a cheap measure of breadth otherwise."""
        expression = match_expression(self.filter_text, self.table)
        if expression is None or self._initial() is not None:
            return 0
        sql = "SELECT count(*) FROM _search WHERE _search MATCH ?"
        return int(conn.execute(sql, (expression,)).fetchone()[0])

    def count(self, conn: Connection) -> int:
        if self._words() and self._initial() is None and self._text_only():
            return self._text_matches(conn)  # without reading the records themselves
        where, params = self._where_sql()
        row = conn.execute(f"SELECT count(*) FROM {quote(self.table)}{where}", params).fetchone()
        return int(row[0])


#: The ids of the records whose search text matches an FTS5 expression.
_MATCHING_IDS = (
    "SELECT d.row_id FROM _search_docs AS d WHERE d.rowid IN "
    "(SELECT rowid FROM _search WHERE _search MATCH ?)"
)


def _inline(sql: str, values: tuple[str, ...]) -> str:
    """Put registry-declared choice values into SQL as quoted literals (identifiers of
    ours, never typed by a person), so ORDER BY needs no parameters."""
    for value in values:
        if not value.replace("_", "").isalnum():
            raise ValueError(f"not a choice value: {value!r}")
        sql = sql.replace("?", f"'{value}'", 1)
    return sql


#: Above this many matches, a page is read in index order rather than sorted.
_BROAD = 1500


def _sort_index(conn: Connection, table: str, names: list[str]) -> str | None:
    """The index whose leading column is the first sort column, if there is one (a
    choice column sorts by declared order, which no index holds)."""
    entity = REGISTRY[table]
    if entity.has_field(names[0]) and entity.field(names[0]).kind is Kind.CHOICE:
        return None
    for (index,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
    ):
        columns = [r[2] for r in conn.execute(f"PRAGMA index_info({quote(index)})")]
        if columns[:1] == names[:1]:
            return str(index)
    return None


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
