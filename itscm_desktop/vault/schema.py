"""The vault's tables: one per entity, derived from the registry, plus the bookkeeping
tables (device identity, sync op log, audit trail, search index, document contents,
printed QR codes).

A new vault is created straight at the latest schema from the registry. Older files are
brought forward by `migrations.py`, one ordered step per schema version.
"""

from __future__ import annotations

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Entity, Field, Kind
from itscm_desktop.vault.sqlite import Connection

#: Bookkeeping tables. Their names start with an underscore so that they can never
#: collide with an entity's table.
BOOKKEEPING_DDL = (
    # Identity of this copy of the plan: plan id, device id and name, clocks.
    "CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    # One change = one save by one device: the ops it made share (device, seq). `num`
    # numbers changes in the order this copy learnt them.
    """CREATE TABLE _changes (
        num INTEGER PRIMARY KEY,
        device TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hlc TEXT NOT NULL,
        vv TEXT NOT NULL,
        author TEXT NOT NULL,
        device_name TEXT NOT NULL,
        UNIQUE (device, seq)
    )""",
    # The ops of one change on one record: `fields` is a JSON object {field: value}; the
    # field "_deleted" is the tombstone (true) or its reversal (false).
    """CREATE TABLE _ops (
        change INTEGER NOT NULL REFERENCES _changes (num),
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        fields TEXT NOT NULL
    )""",
    "CREATE INDEX _ops_by_row ON _ops (row_id)",
    "CREATE INDEX _ops_by_change ON _ops (change)",
    # Who changed what, when: the plan's change log.
    """CREATE TABLE _audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        device_name TEXT NOT NULL,
        action TEXT NOT NULL,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        title TEXT,
        changes TEXT NOT NULL
    )""",
    "CREATE INDEX _audit_by_row ON _audit (tbl, row_id)",
    "CREATE INDEX _audit_by_time ON _audit (at)",
    # Document contents, addressed by their SHA-256, so identical files are kept once.
    "CREATE TABLE _blobs (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID",
    # Full-text search over every searchable field of every entity: the text lives in
    # _search_docs (one row per record, found by its id), FTS5 indexes it.
    """CREATE TABLE _search_docs (
        rowid INTEGER PRIMARY KEY,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        body TEXT NOT NULL
    )""",
    # A single letter searches titles that start with it, through this index.
    "CREATE INDEX _search_docs_by_title ON _search_docs (title COLLATE NOCASE)",
    """CREATE VIRTUAL TABLE _search USING fts5 (
        title, body, tbl, content = '_search_docs', content_rowid = 'rowid',
        tokenize = "unicode61 remove_diacritics 2",
        prefix = '1 2 3'
    )""",
    # tbl is indexed too, so that a list's filter narrows to its table inside FTS5.
    # QR codes printed for the plan's people, by the SHA-256 of the text each encodes, so
    # that a print after the first encodes nobody (qrcache.py). Not in the op log.
    """CREATE TABLE _qr_codes (
        key TEXT PRIMARY KEY,
        side INTEGER NOT NULL,
        path BLOB NOT NULL
    )""",
    # Concurrent edits the merge of op logs found (vault/merging.py): a cache of what the
    # op log implies, refreshed for a record whenever its ops change, so that the
    # dashboard can count them at once. `candidates` is a JSON list of every value.
    """CREATE TABLE _conflicts (
        id TEXT PRIMARY KEY,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        candidates TEXT NOT NULL,
        shown INTEGER NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX _conflicts_by_row ON _conflicts (row_id)",
    # The bundle register, the plan's copy-distribution record: every bundle written or
    # read here, when, by which laptop, where it was written or where it came from.
    """CREATE TABLE _bundles (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
        device_id TEXT NOT NULL,
        device_name TEXT NOT NULL,
        author TEXT NOT NULL,
        place TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        changes INTEGER NOT NULL,
        new_changes INTEGER,
        new_conflicts INTEGER
    )""",
)


#: Keep the search index in step with _search_docs. Separate from BOOKKEEPING_DDL because
#: rebuilding the index drops and recreates them.
SEARCH_TRIGGERS = (
    """CREATE TRIGGER _search_docs_ai AFTER INSERT ON _search_docs BEGIN
        INSERT INTO _search (rowid, title, body, tbl)
        VALUES (new.rowid, new.title, new.body, new.tbl);
    END""",
    """CREATE TRIGGER _search_docs_ad AFTER DELETE ON _search_docs BEGIN
        INSERT INTO _search (_search, rowid, title, body, tbl)
        VALUES ('delete', old.rowid, old.title, old.body, old.tbl);
    END""",
    """CREATE TRIGGER _search_docs_au AFTER UPDATE ON _search_docs BEGIN
        INSERT INTO _search (_search, rowid, title, body, tbl)
        VALUES ('delete', old.rowid, old.title, old.body, old.tbl);
        INSERT INTO _search (rowid, title, body, tbl)
        VALUES (new.rowid, new.title, new.body, new.tbl);
    END""",
)


def quote(name: str) -> str:
    """An identifier for SQL. Names come from the registry, never from a person."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not an identifier: {name!r}")
    return f'"{name}"'


def column_ddl(field: Field) -> str:
    """A field's column declaration; text compares without regard to (ASCII) case."""
    collate = " COLLATE NOCASE" if field.kind in (Kind.TEXT, Kind.EMAIL) else ""
    return f"{quote(field.name)} {field.sql_type}{collate}"


def entity_ddl(entity: Entity) -> list[str]:
    """CREATE TABLE and its indexes for one entity, straight from the registry."""
    columns = [
        '"id" TEXT PRIMARY KEY NOT NULL',
        '"created_at" TEXT NOT NULL',
        '"updated_at" TEXT NOT NULL',
    ]
    columns += [column_ddl(field) for field in entity.fields]
    table = quote(entity.table)
    statements = [f"CREATE TABLE {table} (\n    " + ",\n    ".join(columns) + "\n)"]
    indexed: list[tuple[str, ...]] = [(entity.title_field,)]
    if entity.parent_field:
        indexed.append((entity.parent_field, *entity.order_fields))
    indexed += [(f.name,) for f in entity.fields if f.kind is Kind.REF]
    indexed += [(f.name,) for f in entity.listed_fields if f.kind is not Kind.LONGTEXT]
    seen: set[tuple[str, ...]] = set()
    for columns_of_index in indexed:
        if columns_of_index in seen:
            continue
        seen.add(columns_of_index)
        name = quote(f"{entity.table}_by_{'_'.join(columns_of_index)}")
        cols = ", ".join(quote(c) for c in columns_of_index)
        statements.append(f"CREATE INDEX {name} ON {table} ({cols})")
    return statements


def create_schema(conn: Connection, schema_version: int) -> None:
    """Create every table of a new vault, at `schema_version`, inside the caller's
    transaction."""
    for statement in (*BOOKKEEPING_DDL, *SEARCH_TRIGGERS):
        conn.execute(statement)
    for entity in REGISTRY:
        for statement in entity_ddl(entity):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {int(schema_version)}")


def table_columns(conn: Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({quote(table)})")]
