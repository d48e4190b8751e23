"""Taking in changes made on other laptops: check them against this copy's log, append
the new ones, and rewrite the records they touched from the merge (vault/merging.py).

Everything happens in the caller's transaction, so a refusal or a failure leaves the
vault as it was. The change log (audit trail) gains one entry per record that changed,
in the name of whoever made the change on the other laptop.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from itscm_desktop.domain.clock import Hlc, VersionVector
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.merge import ChangeRecord
from itscm_desktop.vault.merging import Refreshed, hlc_time, record_title, refresh
from itscm_desktop.vault.oplog import OpLog, encode_value
from itscm_desktop.vault.sqlite import Connection

RecordKey = tuple[str, str]


class LogMismatch(ValueError):
    """The changes offered cannot belong to this plan's log; ``str()`` says why, for a
    person."""


@dataclass(frozen=True)
class Received:
    """A change from another laptop, with who made it and on which laptop; `records`
    holds its ops per record (the log's own storage shape)."""

    change: ChangeRecord
    author: str
    device_name: str
    records: Mapping[RecordKey, Mapping[str, object]]


@dataclass
class Taken:
    """What taking in changes did: how many were new, and what they did to the records."""

    offered: int
    new: list[Received]
    refreshed: Refreshed


def known_changes(conn: Connection) -> dict[tuple[str, int], str]:
    """(device, seq) -> encoded clock reading of every change in the log."""
    return {(d, s): h for d, s, h in conn.execute("SELECT device, seq, hlc FROM _changes")}


def select_new(conn: Connection, offered: Sequence[Received]) -> list[Received]:
    """The offered changes this copy does not have yet, once the offer is consistent
    with the log: a change this copy knows under the same number must be the same change,
    and no laptop's numbers may skip (that would hide an edit)."""
    known = known_changes(conn)
    new: dict[tuple[str, int], Received] = {}
    names: dict[str, str] = {}
    for item in offered:
        change = item.change
        key = (change.device, change.seq)
        names[change.device] = item.device_name
        have = known.get(key)
        if have is not None:
            if have != change.hlc.encode():
                raise LogMismatch(
                    f"This bundle and this laptop disagree about the changes made on "
                    f"“{item.device_name}”: one of them was copied from the other's vault "
                    "file instead of joining from a bundle. Nothing was imported."
                )
            continue
        if key in new and new[key].change.hlc != change.hlc:
            raise LogMismatch("The bundle holds two different changes with the same number.")
        new[key] = item
    highest: dict[str, int] = {}
    for device, seq in [*known, *new]:
        highest[device] = max(highest.get(device, 0), seq)
    counted: dict[str, int] = {}
    for device, _seq in [*known, *new]:
        counted[device] = counted.get(device, 0) + 1
    for device, top in highest.items():
        if counted[device] != top:
            raise LogMismatch(
                f"The bundle is missing some changes made on “{names.get(device, device)}”; "
                "export it again on the laptop that made it. Nothing was imported."
            )
    return list(new.values())


def store(conn: Connection, received: Iterable[Received]) -> None:
    """Append changes to the log, in each device's order."""
    for item in sorted(received, key=lambda r: (r.change.device, r.change.seq)):
        change = item.change
        cursor = conn.execute(
            "INSERT INTO _changes (device, seq, hlc, vv, author, device_name) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (change.device, change.seq, change.hlc.encode(), change.vv.to_json(), item.author,
             item.device_name),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO _ops (change, tbl, row_id, fields) VALUES (?, ?, ?, ?)",
            [
                (cursor.lastrowid, table, row_id, encode_value(fields))
                for (table, row_id), fields in item.records.items()
            ],
        )


def take(
    conn: Connection,
    oplog: OpLog,
    offered: Sequence[Received],
    documents: Mapping[str, bytes],
) -> Taken:
    """Take in the offered changes and documents, inside the caller's transaction."""
    new = select_new(conn, offered)
    conn.executemany(
        "INSERT INTO _blobs (sha256, data) VALUES (?, ?) ON CONFLICT DO NOTHING",
        list(documents.items()),
    )
    if not new:
        return Taken(len(offered), [], Refreshed())
    store(conn, new)
    touched = {row_id for item in new for _table, row_id in item.records}
    refreshed = refresh(conn, touched)
    _write_audit(conn, new, refreshed)
    knowledge = VersionVector({})
    latest: Hlc | None = None
    for item in new:
        knowledge = knowledge.merge(item.change.vv)
        latest = item.change.hlc if latest is None else max(latest, item.change.hlc)
    oplog.learn(knowledge, latest)
    return Taken(len(offered), new, refreshed)


def _write_audit(conn: Connection, new: Sequence[Received], refreshed: Refreshed) -> None:
    """One change-log entry per record that changed, in the name of the latest author."""
    latest: dict[str, Received] = {}
    for item in new:
        for _table, row_id in item.records:
            known = latest.get(row_id)
            if known is None or known.change.hlc < item.change.hlc:
                latest[row_id] = item
    entries = []
    actions: list[tuple[str, RecordKey, Mapping[str, list[object]]]] = []
    actions += [("create", key, {}) for key in refreshed.created]
    actions += [("update", key, refreshed.changes[key]) for key in refreshed.updated]
    actions += [("delete", key, {}) for key in refreshed.deleted]
    for action, (table, row_id), changes in actions:
        item = latest[row_id]
        entries.append(
            (
                hlc_time(item.change.hlc),
                item.author,
                item.device_name,
                action,
                table,
                row_id,
                refreshed.titles.get(row_id) or record_title(conn, table, row_id),
                json.dumps(_decoded(table, changes), ensure_ascii=False, default=str),
            )
        )
    conn.executemany(
        "INSERT INTO _audit (at, author, device_name, action, tbl, row_id, title, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        entries,
    )


def _decoded(table: str, changes: Mapping[str, list[object]]) -> dict[str, list[object]]:
    """Stored values as the change log keeps them (lists of ids as lists)."""
    entity = REGISTRY[table]
    result: dict[str, list[object]] = {}
    for name, pair in changes.items():
        if entity.field(name).kind.value == "refs":
            pair = [json.loads(v) if isinstance(v, str) else v for v in pair]
        result[name] = pair
    return result
