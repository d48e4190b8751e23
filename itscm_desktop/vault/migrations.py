"""Bringing an older vault file forward to the current schema, one version at a time.

A new vault is created at SCHEMA_VERSION straight from the registry. A file with a lower
`user_version` runs every later step in order, after a backup is taken, in one
transaction: a failed migration leaves the file as it was. A higher version was written
by a newer program and is refused rather than misread.
"""

from __future__ import annotations

from collections.abc import Callable

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.vault.schema import column_ddl, entity_ddl, quote
from itscm_desktop.vault.sqlite import Connection

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


def _2_contact_availability(conn: Connection) -> None:
    """Schema 2: contacts say when and how to reach them out of hours; call-tree entries
    are titled by the person, so their index on instructions goes."""
    add_column(conn, "contacts", "availability")
    match_indexes(conn)


#: Step N brings a file from version N-1 to version N.
MIGRATIONS: dict[int, Migration] = {
    2: _2_contact_availability,
}

SCHEMA_VERSION = max(MIGRATIONS, default=1)


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def pending(conn: Connection) -> list[int]:
    """The versions still to apply to this file, in order."""
    return list(range(schema_version(conn) + 1, SCHEMA_VERSION + 1))


def apply(conn: Connection, versions: list[int]) -> None:
    """Run the given steps in one transaction (the caller has taken the backup)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in versions:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
