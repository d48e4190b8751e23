"""Recording every save as a change of per-field ops, for sync (see DESIGN.md "Sync").

A change is one save by one device: `(device, seq, hlc, version vector)`. Its ops set one
field of one record each; a delete is a tombstone op on the pseudo-field `_deleted`. The
ops are written in the same transaction as the edit they describe, so the log and the
tables can never disagree.
"""

from __future__ import annotations

import json
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
    """A change being recorded: ops are buffered and written by `OpLog.flush`."""

    device: str
    seq: int
    hlc: Hlc
    ops: list[tuple[str, int, int, str, str, str, str, str]] = field(default_factory=list)

    def add(self, table: str, row_id: str, field_name: str, value: Any) -> None:
        self.ops.append(
            (
                self.device,
                self.seq,
                len(self.ops),
                table,
                row_id,
                field_name,
                encode_value(value),
                self.hlc.encode(),
            )
        )


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
        if not change.ops:
            return
        vv = self.knowledge().with_event(change.device, change.seq)
        self._conn.execute(
            "INSERT INTO _changes (device, seq, hlc, vv, author, device_name) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                change.device,
                change.seq,
                change.hlc.encode(),
                vv.to_json(),
                author,
                self.device_name,
            ),
        )
        self._conn.executemany(
            "INSERT INTO _ops (device, seq, idx, tbl, row_id, field, value, hlc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            change.ops,
        )
        write_meta(self._conn, "knowledge", vv.to_json())
        write_meta(self._conn, "hlc", change.hlc.encode())
