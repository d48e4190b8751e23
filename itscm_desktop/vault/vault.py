"""The vault: one encrypted file holding the whole continuity plan.

`Vault.create` and `Vault.open` are the only ways in; both return an unlocked vault or
raise one of the exceptions in `errors.py`, each with a sentence a person understands.
All writes go through `Vault.edit()`, one transaction per save.
"""

from __future__ import annotations

import getpass
import socket
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from itscm_desktop.domain.clock import VersionVector
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.validation import prepare
from itscm_desktop.vault import backups, migrations, receiving, search
from itscm_desktop.vault.connection import (
    SIDE_FILE_SUFFIXES,
    create_connection,
    open_connection,
    translate_errors,
)
from itscm_desktop.vault.edits import Edit, RecordNotFound
from itscm_desktop.vault.errors import NotAVault, SchemaTooNew
from itscm_desktop.vault.integrity import IntegrityReport, check_integrity
from itscm_desktop.vault.oplog import OpLog, read_meta, write_meta
from itscm_desktop.vault.queries import (
    ListQuery,
    Record,
    Reference,
    counts,
    display_title,
    get_record,
    referrers,
)
from itscm_desktop.vault.receiving import Received, Taken
from itscm_desktop.vault.rekey import change_passphrase
from itscm_desktop.vault.schema import create_schema
from itscm_desktop.vault.sqlite import Connection, transaction


def current_author() -> str:
    """Who is saving: the computer's user name (kept in the change log)."""
    try:
        return getpass.getuser()
    except Exception:  # no user name on this system (some containers): still save
        return "unknown"


#: The longest laptop name: it must fit a conflict card and a register column.
MAX_DEVICE_NAME = 60


def clean_device_name(name: str) -> str:
    """A laptop's name as it is kept: one line, spaces tidied; ValueError says what is
    wrong with an empty or too long one."""
    clean = " ".join(name.split())
    if not clean:
        raise ValueError("Give this laptop a name the others will recognise.")
    if len(clean) > MAX_DEVICE_NAME:
        raise ValueError(f"Keep the laptop's name to {MAX_DEVICE_NAME} characters.")
    return clean


def _remove_files(path: Path) -> None:
    for made in (path, *(path.with_name(path.name + s) for s in SIDE_FILE_SUFFIXES)):
        made.unlink(missing_ok=True)


class Vault:
    """An unlocked vault. Close it (or use it as a context manager) to lock it."""

    def __init__(self, path: Path, conn: Connection) -> None:
        self.path = path
        self._conn: Connection | None = conn
        conn.isolation_level = None  # transactions are explicit: BEGIN IMMEDIATE … COMMIT
        device = read_meta(conn, "device_id")
        name = read_meta(conn, "device_name")
        if device is None or name is None:
            raise SchemaTooNew(
                "This vault has no device identity; it was not made by this program."
            )
        self._oplog = OpLog(conn, device, name)
        #: Held by every write transaction. The app reads and writes this connection from
        #: its window and from a worker (a print storing QR codes): SQLite's connection is
        #: thread-safe, but a transaction belongs to the connection, not the thread, so two
        #: writers must take turns or one would BEGIN inside the other's transaction.
        self.writing = threading.RLock()

    # -- lifecycle ----------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        organisation: str,
        title: str = "IT Service Continuity Plan",
        phone_region: str = "GB",
        device_name: str | None = None,
        plan_id: str | None = None,
    ) -> Vault:
        """A new, empty plan in a new file. Refuses an existing file, a weak passphrase and
        invalid plan details before anything is written; if creating fails half-way, the
        half-made file is removed (it never held anything but the empty plan)."""
        plan = {"organisation": organisation, "title": title, "phone_region": phone_region}
        prepare(REGISTRY["plan"], plan, phone_region="GB")  # raises ValidationError
        vault = cls._new_file(path, passphrase, plan_id=plan_id, device_name=device_name)
        try:
            with vault.edit() as edit:
                edit.insert("plan", plan)
        except BaseException:
            vault._discard()
            raise
        return vault

    @classmethod
    def join(
        cls, path: Path, passphrase: str, *, plan_id: str, device_name: str | None = None
    ) -> Vault:
        """A new, empty copy of an existing plan on a new laptop: no records at all, not
        even the plan's details, which arrive with the first bundle. The caller removes
        the file (`discard`) if that first import fails."""
        return cls._new_file(path, passphrase, plan_id=plan_id, device_name=device_name)

    @classmethod
    def _new_file(
        cls, path: Path, passphrase: str, *, plan_id: str | None, device_name: str | None
    ) -> Vault:
        conn = create_connection(path, passphrase)
        try:
            conn.isolation_level = None
            with translate_errors(path), transaction(conn):
                create_schema(conn, migrations.SCHEMA_VERSION)
                write_meta(conn, "plan_id", plan_id or str(uuid.uuid4()))
                write_meta(conn, "device_id", str(uuid.uuid4()))
                write_meta(conn, "device_name", device_name or socket.gethostname() or "laptop")
            return cls(path, conn)
        except BaseException:
            conn.close()
            _remove_files(path)
            raise

    def discard(self) -> None:
        """Close and delete a vault file this program has just made and nobody has used."""
        self._discard()

    def _discard(self) -> None:
        self.close()
        _remove_files(self.path)

    @classmethod
    def open(cls, path: Path, passphrase: str) -> Vault:
        """Unlock an existing vault, migrating it (after a backup) if it is older."""
        conn = open_connection(path, passphrase)
        try:
            with translate_errors():
                version = migrations.schema_version(conn)
                if version > migrations.SCHEMA_VERSION:
                    raise SchemaTooNew(
                        "This vault was saved by a newer version of ITSCM Desktop. "
                        "Update the program to open it."
                    )
                if version < 1:  # the key fits, yet there are no tables at all
                    raise NotAVault(
                        "This file holds no plan. If it is a copy of a vault, it was made "
                        "while the vault was open: copy it again after locking the vault, "
                        "or give the other laptop a bundle instead."
                    )
                steps = migrations.pending(conn)
                if steps:
                    backups.create_backup(conn, path, "pre-migration")
                    migrations.apply(conn, steps)
            return cls(path, conn)
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        """Lock the vault: the connection is closed and nothing of the plan stays here."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def conn(self) -> Connection:
        """The open connection, for the vault's own modules and the use-case layers."""
        if self._conn is None:
            raise RuntimeError("the vault is locked")
        return self._conn

    # -- identity -----------------------------------------------------------------------

    @property
    def plan_id(self) -> str:
        return read_meta(self.conn, "plan_id") or ""

    @property
    def device_id(self) -> str:
        return self._oplog.device

    @property
    def device_name(self) -> str:
        return self._oplog.device_name

    def rename_device(self, name: str) -> str:
        """Give this laptop the name other laptops see next to its changes, in conflicts
        and in the bundle register (from its next save on; earlier changes keep the name
        they were made under). Returns the name as kept; ValueError says what is wrong."""
        clean = clean_device_name(name)
        with self.transaction() as conn:
            write_meta(conn, "device_name", clean)
        self._oplog.device_name = clean
        return clean

    # -- writing ------------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, keep: bool = True) -> Iterator[Connection]:
        """A write transaction, taking turns with every other writer; driver errors with a
        known cause become the vault's own. `keep=False` rolls back even on success."""
        conn = self.conn
        with self.writing, translate_errors(), transaction(conn, keep=keep):
            yield conn

    @contextmanager
    def edit(self, author: str | None = None) -> Iterator[Edit]:
        """One save: everything done with the yielded Edit commits together, or not at all."""
        with self.transaction() as conn:
            region = self._phone_region()
            edit = Edit(conn, self._oplog, author or current_author(), region)
            yield edit
            edit.finish()

    def receive(
        self,
        offered: Sequence[Received],
        documents: Mapping[str, bytes],
        *,
        dry_run: bool = False,
        after: Callable[[Taken], None] | None = None,
    ) -> Taken:
        """Take in changes made on other laptops, in one transaction: the new ones join
        the log and the records they touch are rewritten from the merge. `dry_run` does
        all of it and rolls it back, so the result previews exactly what an import would
        do. `after` runs inside the transaction (the bundle register is written there).
        Raises LogMismatch, with nothing written, when the changes cannot be this plan's."""
        with self.transaction(keep=not dry_run) as conn:
            taken = receiving.take(conn, self._oplog, offered, documents)
            if after is not None:
                after(taken)
        return taken

    def knowledge(self) -> VersionVector:
        """Every change this copy holds, as a version vector."""
        return self._oplog.knowledge()

    def insert(self, table: str, values: Mapping[str, object]) -> str:
        with self.edit() as edit:
            return edit.insert(table, values)

    def update(self, table: str, record_id: str, values: Mapping[str, object]) -> dict[str, Any]:
        with self.edit() as edit:
            return edit.update(table, record_id, values)

    def delete(
        self, table: str, record_id: str, *, clear_references: bool = False
    ) -> list[tuple[str, str]]:
        with self.edit() as edit:
            return edit.delete(table, record_id, clear_references=clear_references)

    def _phone_region(self) -> str:
        row = self.conn.execute("SELECT phone_region FROM plan LIMIT 1").fetchone()
        return str(row[0]) if row and row[0] else "GB"

    # -- reading ------------------------------------------------------------------------

    def get(self, table: str, record_id: str) -> Record:
        with translate_errors():
            record = get_record(self.conn, table, record_id)
        if record is None:
            raise RecordNotFound(
                f"There is no {REGISTRY[table].label.lower()} with id {record_id}."
            )
        return record

    def title(self, table: str, record: Mapping[str, Any]) -> str:
        """How the record is named to a person (a team member by the person's name)."""
        with translate_errors():
            return display_title(self.conn, REGISTRY[table], record)

    def find(self, table: str, record_id: str) -> Record | None:
        with translate_errors():
            return get_record(self.conn, table, record_id)

    def plan(self) -> Record:
        with translate_errors():
            rows = ListQuery("plan").records(self.conn, limit=1)
        return rows[0] if rows else {}

    def records(
        self,
        table: str,
        *,
        order_by: str | None = None,
        descending: bool = False,
        filter_text: str = "",
        where: Mapping[str, object] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        query = ListQuery(table, order_by, descending, filter_text, where)
        with translate_errors():
            return query.records(self.conn, limit, offset)

    def count(
        self, table: str, *, filter_text: str = "", where: Mapping[str, object] | None = None
    ) -> int:
        with translate_errors():
            return ListQuery(table, filter_text=filter_text, where=where).count(self.conn)

    def stats(self) -> dict[str, int]:
        with translate_errors():
            return counts(self.conn)

    def search(
        self, query: str, *, limit: int = 50, tables: Sequence[str] = ()
    ) -> list[search.SearchHit]:
        with translate_errors():
            return search.search(self.conn, query, limit=limit, tables=tuple(tables))

    def referrers(self, table: str, record_id: str) -> list[Reference]:
        with translate_errors():
            return referrers(self.conn, table, record_id)

    def audit_trail(
        self,
        *,
        table: str | None = None,
        record_id: str | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """The change log, newest first, optionally for one table or one record; `offset`
        skips that many entries, for reading it in batches."""
        sql = "SELECT at, author, device_name, action, tbl, row_id, title, changes FROM _audit"
        clauses, params = [], []
        if table:
            clauses.append("tbl = ?")
            params.append(table)
        if record_id:
            clauses.append("row_id = ?")
            params.append(record_id)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY id DESC LIMIT ? OFFSET ?"
        params += [str(limit), str(offset)]
        keys = ("at", "author", "device_name", "action", "table", "id", "title", "changes")
        with translate_errors():
            return [dict(zip(keys, row, strict=True)) for row in self.conn.execute(sql, params)]

    def document_bytes(self, document_id: str) -> bytes:
        document = self.get("documents", document_id)
        with translate_errors():
            row = self.conn.execute(
                "SELECT data FROM _blobs WHERE sha256 = ?", (document["sha256"],)
            ).fetchone()
        if row is None:
            raise RecordNotFound(f"The contents of “{document['name']}” are not in this vault.")
        return bytes(row[0])

    # -- care ---------------------------------------------------------------------------

    def backup(self, reason: str = "manual") -> backups.BackupInfo:
        with translate_errors():
            return backups.create_backup(self.conn, self.path, reason)

    def check(self) -> IntegrityReport:
        with translate_errors():
            return check_integrity(self.conn)

    def change_passphrase(self, old: str, new: str) -> backups.BackupInfo:
        with self.writing, translate_errors():
            return change_passphrase(self.conn, self.path, old, new)

    def rebuild_search_index(self) -> int:
        with self.transaction() as conn:
            return search.rebuild(conn)
