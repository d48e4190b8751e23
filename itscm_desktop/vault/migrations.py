"""Bringing an older vault file forward to the current schema, one version at a time.

A new vault is created at SCHEMA_VERSION straight from the registry. A file with a lower
`user_version` runs every later step in order, after a backup is taken, in one
transaction: a failed migration leaves the file as it was. A higher version was written
by a newer program and is refused rather than misread.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.vault import search
from itscm_desktop.vault.schema import BOOKKEEPING_DDL, column_ddl, entity_ddl, quote
from itscm_desktop.vault.sqlite import Connection, transaction

Migration = Callable[[Connection], None]


def add_column(conn: Connection, table: str, field_name: str) -> None:
    """Add a registry field to an existing table, declared exactly as a new vault has it."""
    field = REGISTRY[table].field(field_name)
    conn.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {column_ddl(field)}")


def match_indexes(conn: Connection) -> None:
    """Create the indexes the registry now derives and drop the ones it no longer does,
    so that a migrated file is indexed exactly like a new one."""
    wanted: dict[str, str] = {}
    for entity in REGISTRY:
        for statement in entity_ddl(entity):
            if statement.startswith("CREATE INDEX"):
                wanted[statement.split('"')[1]] = statement
    present = {
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%\\_by\\_%' "
            "ESCAPE '\\' AND name NOT LIKE '\\_%' ESCAPE '\\'"
        )
    }
    for name in sorted(present - set(wanted)):
        conn.execute(f"DROP INDEX {quote(name)}")
    for name in sorted(set(wanted) - present):
        conn.execute(wanted[name])


_DECLARED = re.compile(r"CREATE (?:VIRTUAL )?(?:TABLE|INDEX|TRIGGER) (\w+)")


def _declared(*names: str) -> list[str]:
    """The current DDL of the named bookkeeping tables, indexes and triggers, in the
    order a new vault creates them."""
    found = []
    for statement in BOOKKEEPING_DDL:
        match = _DECLARED.match(statement)
        if match and match.group(1) in names:
            found.append(statement)
    return found


def _2_contact_availability(conn: Connection) -> None:
    """Schema 2: contacts say when and how to reach them out of hours; call-tree entries
    are titled by the person; the op log keeps one row per record per change instead of
    one per field (the same ops, a tenth of the space); the search index also indexes
    each record's table, so a list's filter narrows inside the index."""
    add_column(conn, "contacts", "availability")
    match_indexes(conn)
    conn.execute("DROP INDEX _ops_by_field")
    conn.execute("ALTER TABLE _changes RENAME TO _changes_1")
    conn.execute("ALTER TABLE _ops RENAME TO _ops_1")
    for statement in _declared("_changes", "_ops", "_ops_by_row", "_ops_by_change"):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO _changes (device, seq, hlc, vv, author, device_name) "
        "SELECT device, seq, hlc, vv, author, device_name FROM _changes_1 "
        "ORDER BY hlc, device, seq"
    )
    conn.execute(
        "INSERT INTO _ops (change, tbl, row_id, fields) "
        "SELECT c.num, o.tbl, o.row_id, json_group_object(o.field, json(o.value)) "
        "FROM (SELECT * FROM _ops_1 ORDER BY device, seq, idx) AS o "
        "JOIN _changes AS c ON c.device = o.device AND c.seq = o.seq "
        "GROUP BY c.num, o.tbl, o.row_id ORDER BY c.num, min(o.idx)"
    )
    conn.execute("DROP TABLE _ops_1")
    conn.execute("DROP TABLE _changes_1")
    rebuild_search_index(conn)


def rebuild_search_index(conn: Connection) -> None:
    """Recreate the search index as a new vault declares it, and fill it again."""
    for trigger in ("_search_docs_ai", "_search_docs_ad", "_search_docs_au"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("DROP TABLE IF EXISTS _search")
    conn.execute("DROP INDEX IF EXISTS _search_docs_by_title")
    for statement in _declared("_search_docs_by_title", "_search"):
        conn.execute(statement)
    search.rebuild(conn)


def _3_qr_codes(conn: Connection) -> None:
    """Schema 3: the QR codes of printed contact sheets are kept in the vault, so that
    a print after the first encodes nobody."""
    for statement in _declared("_qr_codes"):
        conn.execute(statement)


def _4_sync(conn: Connection) -> None:
    """Schema 4: laptops exchange changes through bundles; the conflicts their merge found
    and the register of bundles written and read are kept in the vault."""
    for statement in _declared("_conflicts", "_conflicts_by_row", "_bundles"):
        conn.execute(statement)


#: Step N brings a file from version N-1 to version N.
MIGRATIONS: dict[int, Migration] = {
    2: _2_contact_availability,
    3: _3_qr_codes,
    4: _4_sync,
}

SCHEMA_VERSION = max(MIGRATIONS, default=1)


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def pending(conn: Connection) -> list[int]:
    """The versions still to apply to this file, in order."""
    return list(range(schema_version(conn) + 1, SCHEMA_VERSION + 1))


def apply(conn: Connection, versions: list[int]) -> None:
    """Run the given steps in one transaction (the caller has taken the backup)."""
    with transaction(conn):
        for version in versions:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version}")
