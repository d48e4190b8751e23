"""The vault's tables as the merge of its op log (see DESIGN.md "Sync").

Every record's visible fields are a pure function of the ops that touched it
(`domain.merge`). A save on this laptop keeps the tables in step by itself; changes that
arrive from other laptops are written to the log first and then :func:`refresh` rewrites
just the records they touched from the merge, and refreshes the conflicts those records
have. Conflicts are kept in `_conflicts`, a cache of what the log implies, so that the
dashboard counts them without merging anything.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from itscm_desktop.domain.clock import Hlc, VersionVector
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.merge import (
    DELETED,
    Candidate,
    ChangeRecord,
    Conflict,
    MergedState,
    merge,
)
from itscm_desktop.domain.registry import Entity, Kind
from itscm_desktop.vault import search
from itscm_desktop.vault.queries import display_title, get_record
from itscm_desktop.vault.schema import quote
from itscm_desktop.vault.sqlite import Connection

RecordKey = tuple[str, str]

#: Above this many records to re-index, rebuilding the whole search index is quicker.
BULK_REINDEX = 5000


@dataclass
class Refreshed:
    """What a refresh did to the tables: records created, changed and deleted (with
    their titles, for the change log and the import report), and the conflicts that
    appeared or went away."""

    created: list[RecordKey] = field(default_factory=list)
    updated: list[RecordKey] = field(default_factory=list)
    deleted: list[RecordKey] = field(default_factory=list)
    #: For each updated record, {field: [value before, value after]} as stored.
    changes: dict[RecordKey, dict[str, list[object]]] = field(default_factory=dict)
    #: Titles of the records created, changed or deleted, by id (for the change log).
    titles: dict[str, str] = field(default_factory=dict)
    new_conflicts: list[Conflict] = field(default_factory=list)
    cleared_conflicts: list[str] = field(default_factory=list)

    @property
    def changed_records(self) -> int:
        return len(self.created) + len(self.updated) + len(self.deleted)


def hlc_time(hlc: Hlc) -> str:
    """A clock reading as the vault's UTC timestamp text."""
    when = datetime.fromtimestamp(hlc.wall_ms / 1000, UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# -- reading the log -----------------------------------------------------------------------


def _wanted_rows(conn: Connection, row_ids: Collection[str]) -> None:
    """Fill the temporary table of row ids that a query joins against (one statement,
    however many ids)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _wanted (row_id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp._wanted")
    conn.executemany(
        "INSERT OR IGNORE INTO temp._wanted (row_id) VALUES (?)", ((r,) for r in row_ids)
    )


def change_records(conn: Connection, row_ids: Collection[str] | None = None) -> list[ChangeRecord]:
    """The changes in the log as the merge reads them; with `row_ids`, only the changes
    that touched those records, carrying only their ops on those records."""
    sql = (
        "SELECT c.num, c.device, c.seq, c.hlc, c.vv, o.tbl, o.row_id, o.fields "
        "FROM _ops AS o JOIN _changes AS c ON c.num = o.change"
    )
    if row_ids is not None:
        _wanted_rows(conn, row_ids)
        sql += " JOIN temp._wanted AS w ON w.row_id = o.row_id"
    ops_by_change: dict[int, dict[tuple[str, str, str], object]] = {}
    heads: dict[int, tuple[str, int, str, str]] = {}
    for num, device, seq, hlc, vv, table, row_id, fields in conn.execute(sql):
        ops = ops_by_change.get(num)
        if ops is None:
            ops = ops_by_change[num] = {}
            heads[num] = (device, seq, hlc, vv)
        for name, value in json.loads(fields).items():
            ops[(table, row_id, name)] = value
    return [
        ChangeRecord(device, seq, Hlc.decode(hlc), VersionVector.from_json(vv), ops_by_change[num])
        for num, (device, seq, hlc, vv) in heads.items()
    ]


def merged_state(conn: Connection, row_ids: Collection[str] | None = None) -> MergedState:
    """The merge of the whole log, or of the ops on `row_ids`."""
    return merge(change_records(conn, row_ids))


# -- writing the tables ----------------------------------------------------------------------


def _stored(entity: Entity, name: str, value: object) -> object:
    """A merged (decoded) value as its column stores it."""
    if value is not None and entity.field(name).kind is Kind.REFS:
        return json.dumps(value)
    return value


def _columns(entity: Entity) -> list[str]:
    return [f.name for f in entity.fields]


def _current_rows(conn: Connection, keys: Iterable[RecordKey]) -> dict[RecordKey, dict[str, Any]]:
    by_table: dict[str, list[str]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    rows: dict[RecordKey, dict[str, Any]] = {}
    for table, ids in by_table.items():
        entity = REGISTRY[table]
        names = ["id", *_columns(entity)]
        _wanted_rows(conn, ids)
        cursor = conn.execute(
            f"SELECT {', '.join(f't.{quote(n)}' for n in names)} FROM {quote(table)} AS t "
            "JOIN temp._wanted AS w ON w.row_id = t.id"
        )
        for row in cursor:
            rows[(table, row[0])] = dict(zip(names, row, strict=True))
    return rows


def _record_times(changes: Iterable[ChangeRecord]) -> dict[str, tuple[Hlc, Hlc]]:
    """Each record's first and last clock reading, for created_at and updated_at."""
    times: dict[str, tuple[Hlc, Hlc]] = {}
    for change in changes:
        for _table, row_id, _name in change.ops:
            known = times.get(row_id)
            if known is None:
                times[row_id] = (change.hlc, change.hlc)
            elif change.hlc < known[0] or change.hlc > known[1]:
                times[row_id] = (min(known[0], change.hlc), max(known[1], change.hlc))
    return times


def refresh(conn: Connection, row_ids: Collection[str]) -> Refreshed:
    """Rewrite the records `row_ids` from the merge of their ops and refresh their
    conflicts, inside the caller's transaction. Returns what changed."""
    result = Refreshed()
    if not row_ids:
        return result
    changes = change_records(conn, row_ids)
    state = merge(changes)
    times = _record_times(changes)
    keys = [*state.records, *state.deleted]
    current = _current_rows(conn, keys)
    reindex: list[tuple[Entity, str]] = []
    for key, values in state.records.items():
        table, row_id = key
        entity = REGISTRY[table]
        wanted = {name: _stored(entity, name, values.get(name)) for name in _columns(entity)}
        first, last = times[row_id]
        row = current.get(key)
        if row is None:
            names = ["id", "created_at", "updated_at", *wanted]
            conn.execute(
                f"INSERT INTO {quote(table)} ({', '.join(quote(n) for n in names)}) "
                f"VALUES ({', '.join('?' * len(names))})",
                [row_id, hlc_time(first), hlc_time(last), *wanted.values()],
            )
            result.created.append(key)
        else:
            changed = {n: v for n, v in wanted.items() if row.get(n) != v}
            if not changed:
                continue
            result.changes[key] = {n: [row.get(n), v] for n, v in changed.items()}
            assignments = ", ".join(f"{quote(n)} = ?" for n in changed)
            conn.execute(
                f"UPDATE {quote(table)} SET {assignments}, updated_at = ? WHERE id = ?",
                [*changed.values(), hlc_time(last), row_id],
            )
            result.updated.append(key)
        reindex.append((entity, row_id))
    for key in state.deleted:
        if key in current:
            table, row_id = key
            conn.execute(f"DELETE FROM {quote(table)} WHERE id = ?", (row_id,))
            search.unindex(conn, row_id)
            result.deleted.append(key)
    # After every row is written, because titles follow references.
    if len(reindex) > BULK_REINDEX:  # a new laptop joining: one pass over every table
        search.rebuild(conn)
    else:
        for entity, row_id in reindex:
            values = state.records[(entity.table, row_id)]
            record: dict[str, object] = {"id": row_id}
            for f in entity.fields:
                value = values.get(f.name)
                record[f.name] = (value or []) if f.kind is Kind.REFS else value
            search.reindex(conn, entity, record)
    _wanted_rows(conn, [row_id for _entity, row_id in reindex])
    result.titles.update(
        conn.execute(
            "SELECT d.row_id, d.title FROM _search_docs AS d "
            "JOIN temp._wanted AS w ON w.row_id = d.row_id"
        ).fetchall()
    )
    for table, row_id in result.deleted:
        values = state.deleted[(table, row_id)]
        result.titles[row_id] = display_title(conn, REGISTRY[table], {"id": row_id, **values})
    _store_conflicts(conn, row_ids, state.conflicts, result)
    return result


def _store_conflicts(
    conn: Connection, row_ids: Collection[str], conflicts: list[Conflict], result: Refreshed
) -> None:
    _wanted_rows(conn, row_ids)
    before = {
        conflict_id
        for (conflict_id,) in conn.execute(
            "SELECT c.id FROM _conflicts AS c JOIN temp._wanted AS w ON w.row_id = c.row_id"
        )
    }
    conn.execute("DELETE FROM _conflicts WHERE row_id IN (SELECT row_id FROM temp._wanted)")
    conn.executemany(
        "INSERT INTO _conflicts (id, tbl, row_id, field, candidates, shown) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                conflict.id,
                conflict.table,
                conflict.row_id,
                conflict.field,
                encode_candidates(conflict.candidates),
                conflict.candidates.index(conflict.shown),
            )
            for conflict in conflicts
        ],
    )
    after = {conflict.id for conflict in conflicts}
    result.new_conflicts += [c for c in conflicts if c.id not in before]
    result.cleared_conflicts += sorted(before - after)


def encode_candidates(candidates: Iterable[Candidate]) -> str:
    return json.dumps(
        [
            {"device": c.device, "seq": c.seq, "hlc": c.hlc.encode(), "field": c.field,
             "value": c.value}
            for c in candidates
        ],
        ensure_ascii=False,
        sort_keys=True,
    )  # fmt: skip


def decode_candidates(text: str) -> tuple[Candidate, ...]:
    return tuple(
        Candidate(c["device"], c["seq"], Hlc.decode(c["hlc"]), c["value"], c["field"])
        for c in json.loads(text)
    )


def stored_conflicts(conn: Connection) -> Iterator[Conflict]:
    """The conflicts kept in the vault, by table, record and field."""
    for table, row_id, name, candidates, shown in conn.execute(
        "SELECT tbl, row_id, field, candidates, shown FROM _conflicts ORDER BY tbl, row_id, field"
    ):
        decoded = decode_candidates(candidates)
        yield Conflict(table, row_id, name, decoded, decoded[shown])


def conflicted_rows(conn: Connection, row_ids: Collection[str]) -> list[str]:
    """Those of `row_ids` that have a conflict (a save on them may settle it)."""
    if conn.execute("SELECT 1 FROM _conflicts LIMIT 1").fetchone() is None:
        return []  # the usual case: every save asks, so it must cost nothing
    _wanted_rows(conn, row_ids)
    return [
        row_id
        for (row_id,) in conn.execute(
            "SELECT DISTINCT c.row_id FROM _conflicts AS c "
            "JOIN temp._wanted AS w ON w.row_id = c.row_id"
        )
    ]


def deleted_with(conn: Connection, table: str, row_id: str) -> list[RecordKey]:
    """The records that belong to a deleted record (its children, theirs, …) and were
    deleted by the same change as it, and are deleted still: what "bring it back" must
    bring back with it."""
    changes = [
        num
        for (num,) in conn.execute(
            "SELECT change FROM _ops WHERE row_id = ? AND json_extract(fields, '$._deleted') = 1",
            (row_id,),
        )
    ]
    if not changes:
        return []
    marks = ", ".join("?" * len(changes))
    candidates = {
        other: other_table
        for other_table, other in conn.execute(
            f"SELECT tbl, row_id FROM _ops WHERE change IN ({marks}) AND row_id != ? "
            "AND json_extract(fields, '$._deleted') = 1",
            (*changes, row_id),
        )
    }
    if not candidates:
        return []
    gone = merged_state(conn, list(candidates)).deleted
    found: list[RecordKey] = []
    owners = {row_id}
    grew = True
    while grew:  # a child's child is found once its parent is
        grew = False
        for other, other_table in candidates.items():
            entity = REGISTRY[other_table]
            values = gone.get((other_table, other))
            if values is None or entity.parent_field is None or (other_table, other) in found:
                continue
            if values.get(entity.parent_field) in owners:
                found.append((other_table, other))
                owners.add(other)
                grew = True
    return found


def record_title(conn: Connection, table: str, row_id: str) -> str:
    """A record's title as shown now, or as it was when deleted (from its last values)."""
    entity = REGISTRY[table]
    record = get_record(conn, table, row_id)
    if record is not None:
        return display_title(conn, entity, record)
    state = merged_state(conn, [row_id])
    values = state.deleted.get((table, row_id)) or state.records.get((table, row_id)) or {}
    return display_title(conn, entity, {"id": row_id, **values})


__all__ = [
    "DELETED",
    "Refreshed",
    "change_records",
    "conflicted_rows",
    "decode_candidates",
    "deleted_with",
    "encode_candidates",
    "hlc_time",
    "merged_state",
    "record_title",
    "refresh",
    "stored_conflicts",
]
