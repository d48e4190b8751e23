"""Full-text search over every searchable field of every entity (SQLite FTS5).

Each record has one row in `_search`: its title and the text of its searchable fields.
Phone numbers are indexed in E.164 and as people write them, so "7700 900123" and
"+447911123456" both find the person. Queries match word prefixes and ignore case and
accents: "lodz" finds "Łódź" and "orsted" finds "Ørsted", because letters that Unicode
does not decompose (Ł, Ø, ß, …) are also indexed in their plain spelling.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.domain.registry import Entity, Kind
from itscm_desktop.vault.queries import display_title, match_expression, starts_with, words
from itscm_desktop.vault.schema import SEARCH_TRIGGERS
from itscm_desktop.vault.sqlite import Connection


@dataclass(frozen=True)
class SearchHit:
    table: str
    id: str
    title: str
    snippet: str
    rank: float


#: Letters that keep their identity under Unicode decomposition, and how people type
#: them on a plain keyboard.
_PLAIN = str.maketrans(
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h",
     "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th",
     "ı": "i", "Ŀ": "L", "ŀ": "l"}
)  # fmt: skip


def plain_spelling(text: str) -> str:
    return text.translate(_PLAIN)


def index_body(entity: Entity, record: Mapping[str, object]) -> str:
    """The text a record is found by, besides its title."""
    parts: list[str] = []
    for field in entity.searchable_fields:
        value = record.get(field.name)
        if value is None or value == "":
            continue
        if field.kind is Kind.PHONE and isinstance(value, str):
            parts += [
                value,
                value.lstrip("+"),
                format_phone(value),
                format_phone(value, "national"),
            ]
        else:
            parts.append(str(value))
    body = "\n".join(parts)
    plain = plain_spelling(body)
    return body if plain == body else body + "\n" + plain


def reindex(conn: Connection, entity: Entity, record: Mapping[str, object]) -> None:
    """Replace a record's search row, inside the caller's transaction."""
    title, body = display_title(conn, entity, record), index_body(entity, record)
    conn.execute(
        "INSERT INTO _search_docs (tbl, row_id, title, body) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (row_id) DO UPDATE SET title = excluded.title, body = excluded.body",
        (entity.table, record["id"], title, body),
    )


def unindex(conn: Connection, row_id: str) -> None:
    conn.execute("DELETE FROM _search_docs WHERE row_id = ?", (row_id,))


def _by_initial(
    conn: Connection, letter: str, limit: int, tables: tuple[str, ...]
) -> list[SearchHit]:
    """One letter typed: the records whose title starts with it, alphabetically — like
    an address book. (As a word prefix it would match a third of the plan, slowly.)"""
    sql = "SELECT tbl, row_id, title FROM _search_docs WHERE title LIKE ? ESCAPE '\\'"
    params: list[object] = [starts_with(letter)]
    wanted = [t for t in tables if t in REGISTRY] if tables else list(REGISTRY.tables)
    sql += f" AND tbl IN ({', '.join('?' * len(wanted))})"
    params += wanted
    sql += " ORDER BY title COLLATE NOCASE LIMIT ?"
    params.append(limit)
    return [SearchHit(t, rid, title, "", 0.0) for t, rid, title in conn.execute(sql, params)]


def search(
    conn: Connection, query: str, *, limit: int = 50, tables: tuple[str, ...] = ()
) -> list[SearchHit]:
    """Best matches first: a hit in the title weighs ten times one elsewhere."""
    letters = "".join(words(query))
    if len(letters) == 1:
        return _by_initial(conn, letters, limit, tables)
    expression = match_expression(query)
    if expression is None:
        return []
    if tables:
        wanted = [f'tbl : "{table}"' for table in tables if table in REGISTRY]
        if not wanted:
            return []
        expression = f"({' OR '.join(wanted)}) AND {expression}"
    sql = (
        "SELECT d.tbl, d.row_id, d.title, snippet(_search, 1, '[', ']', '…', 8), "
        "bm25(_search, 10.0, 1.0, 0.0) AS rank "
        "FROM _search JOIN _search_docs AS d ON d.rowid = _search.rowid "
        "WHERE _search MATCH ? ORDER BY rank LIMIT ?"
    )
    params: list[object] = [expression, limit]
    hits = []
    for table, row_id, title, snippet, rank in conn.execute(sql, params):
        if table in REGISTRY:
            hits.append(SearchHit(table, row_id, title, snippet, rank))
    return hits


def rebuild(conn: Connection) -> int:
    """Rebuild the whole index from the tables (after a migration, a restore or a merge),
    inside the caller's transaction. Returns the number of records indexed.

    The triggers are set aside meanwhile: FTS5 is told to rebuild from its content table
    in one go, because deleting entries it does not hold would corrupt it."""
    for statement in SEARCH_TRIGGERS:
        name = statement.split()[2]
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("DELETE FROM _search_docs")
    count = 0
    for entity in REGISTRY:
        cursor = conn.execute(f'SELECT * FROM "{entity.table}"')
        names = [d[0] for d in cursor.description or ()]
        rows = []
        for row in cursor.fetchall():
            record = dict(zip(names, row, strict=True))
            title = display_title(conn, entity, record)
            rows.append((entity.table, row[0], title, index_body(entity, record)))
        conn.executemany(
            "INSERT INTO _search_docs (tbl, row_id, title, body) VALUES (?, ?, ?, ?)", rows
        )
        count += len(rows)
    conn.execute("INSERT INTO _search (_search) VALUES ('rebuild')")
    for statement in SEARCH_TRIGGERS:
        conn.execute(statement)
    return count
