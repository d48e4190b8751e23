"""Recording every save as a change of per-field ops, for sync (see DESIGN.md "Sync").

A change is one save by one device: `(device, seq, hlc, version vector)`. Its ops each set
one field of one record to a value; a delete is a tombstone op on the pseudo-field
`_deleted`. The ops are written in the same transaction as the edit they describe, so the
log and the tables can never disagree.

Storage: the ops of one change on one record share everything but field and value, so
they are stored as one row whose `fields` is a JSON object {field: value}, and changes are
numbered locally (`_changes.num`). A plan of 70,000 records keeps its log in a tenth of
the space one row per field would take; `logical_ops` reads it back one op per field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from itscm_desktop.domain.clock import Hlc, HybridClock, VersionVector
from itscm_desktop.vault.sqlite import Connection

#: The pseudo-field of a tombstone op: true deletes the record, false restores it.
DELETED = "_deleted"


def read_meta(conn: Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM _meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def write_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO _meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def encode_value(value: Any) -> str:
    """An op's value as canonical JSON, so equal values have equal text on every copy."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@dataclass
class Change:
    """A change being recorded: ops are gathered per record and written by `OpLog.flush`.
    Setting a field twice in one change keeps the last value: a change is atomic."""

    device: str
    seq: int
    hlc: Hlc
    records: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def add(self, table: str, row_id: str, field_name: str, value: Any) -> None:
        self.records.setdefault((table, row_id), {})[field_name] = value

    def __bool__(self) -> bool:
        return bool(self.records)


@dataclass(frozen=True)
class Op:
    """One logical op: a field of a record set to a value by a change."""

    device: str
    seq: int
    hlc: str
    table: str
    row_id: str
    field: str
    value: Any


def logical_ops(conn: Connection, *, row_id: str | None = None) -> Iterator[Op]:
    """Every op in the log, one per field, in the order they were recorded here."""
    sql = (
        "SELECT c.device, c.seq, c.hlc, o.tbl, o.row_id, o.fields "
        "FROM _ops AS o JOIN _changes AS c ON c.num = o.change"
    )
    params: tuple[str, ...] = ()
    if row_id is not None:
        sql += " WHERE o.row_id = ?"
        params = (row_id,)
    for device, seq, hlc, table, rid, fields in conn.execute(sql + " ORDER BY o.rowid", params):
        for name, value in json.loads(fields).items():
            yield Op(device, seq, hlc, table, rid, name, value)


class OpLog:
    """This device's side of the op log: allocates changes and writes their ops."""

    def __init__(self, conn: Connection, device: str, device_name: str) -> None:
        self._conn = conn
        self.device = device
        self.device_name = device_name
        last = read_meta(conn, "hlc")
        self._clock = HybridClock(device, last=Hlc.decode(last) if last else None)

    def knowledge(self) -> VersionVector:
        """Every change this copy has seen, as a version vector."""
        text = read_meta(self._conn, "knowledge")
        return VersionVector.from_json(text) if text else VersionVector({})

    def begin(self) -> Change:
        seq = self.knowledge().get(self.device) + 1
        return Change(self.device, seq, self._clock.tick())

    def flush(self, change: Change, author: str) -> None:
        """Write the change and its ops, inside the caller's transaction. A change that
        set nothing is not recorded and does not use up a sequence number."""
        if not change:
            return
        vv = self.knowledge().with_event(change.device, change.seq)
        cursor = self._conn.execute(
            "INSERT INTO _changes (device, seq, hlc, vv, author, device_name) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (change.device, change.seq, change.hlc.encode(), vv.to_json(), author,
             self.device_name),
        )  # fmt: skip
        num = cursor.lastrowid
        self._conn.executemany(
            "INSERT INTO _ops (change, tbl, row_id, fields) VALUES (?, ?, ?, ?)",
            [
                (num, table, row_id, encode_value(fields))
                for (table, row_id), fields in change.records.items()
            ],
        )
        write_meta(self._conn, "knowledge", vv.to_json())
        write_meta(self._conn, "hlc", change.hlc.encode())

    def learn(self, knowledge: VersionVector, latest: Hlc | None) -> None:
        """Remember changes received from other laptops, inside the caller's transaction:
        this copy's knowledge grows to include them, and its clock moves past the latest
        of them (unless that one is absurdly far ahead), so that a later edit here is
        shown above what it has seen."""
        write_meta(self._conn, "knowledge", self.knowledge().merge(knowledge).to_json())
        if latest is not None and not self._clock.too_far_ahead(latest):
            write_meta(self._conn, "hlc", self._clock.observe(latest).encode())
