"""Writing records: one `Edit` is one save, in one transaction.

Each insert, update or delete is validated (fields, references that must exist, no
cycles), written to its table, recorded as per-field ops in the sync log and in the
audit trail, and re-indexed for search, all before the transaction commits. Nothing
half-done is ever visible: a problem anywhere rolls back the whole save.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.graph import find_cycle
from itscm_desktop.domain.registry import Entity, Field, Kind
from itscm_desktop.domain.validation import Problem, ValidationError, Value, prepare
from itscm_desktop.vault import merging, search
from itscm_desktop.vault.oplog import DELETED, Change, OpLog
from itscm_desktop.vault.queries import (
    Record,
    display_title,
    find_table,
    get_record,
    referrers,
)
from itscm_desktop.vault.schema import quote
from itscm_desktop.vault.sqlite import Connection


@dataclass(frozen=True)
class _Use:
    """Record `id` of `table` refers through `field` to `target_id` of `target_table`."""

    table: str
    id: str
    field: str
    target_table: str
    target_id: str


class RecordNotFound(LookupError):
    """No record with that id; str() says so in a sentence."""


class StillInUse(ValueError):
    """A record cannot be deleted while others refer to it (unless references are cleared)."""

    def __init__(self, message: str, uses: list[tuple[str, str, str]]) -> None:
        super().__init__(message)
        self.uses = uses  # (table, id, title) of each record that refers to it


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _decoded(field: Field, value: Any) -> Any:
    """A cleaned value as the rest of the program sees it (REFS as a list)."""
    if field.kind is Kind.REFS and isinstance(value, str):
        return json.loads(value)
    return value


class Edit:
    """One save: any number of inserts, updates and deletes that commit together."""

    def __init__(self, conn: Connection, oplog: OpLog, author: str, phone_region: str) -> None:
        self._conn = conn
        self._oplog = oplog
        self.author = author
        self.phone_region = phone_region
        self._change: Change | None = None
        self._now = utc_now()
        self._known: set[str] = set()  # ids known to exist, to spare repeated look-ups
        self._audit: list[tuple[str, str, str, str, str, str, str | None, str]] = []
        self._settled: set[str] = set()  # deleted records whose deletion this save settles

    # -- public operations ----------------------------------------------------------

    def insert(
        self,
        table: str,
        values: Mapping[str, object],
        *,
        record_id: str | None = None,
        system: Mapping[str, Value] | None = None,
    ) -> str:
        """Add a record; returns its new id. Raises ValidationError naming what is wrong.
        `system` holds fields only the vault may set (a document's size and hash)."""
        entity = REGISTRY[table]
        if entity.singleton and self._conn.execute(f"SELECT 1 FROM {quote(table)}").fetchone():
            raise ValidationError(
                entity,
                [Problem(None, f"There is already a {entity.label.lower()}; change it instead.")],
            )
        cleaned = prepare(entity, values, phone_region=self.phone_region)
        for name in system or {}:
            if not entity.field(name).system:
                raise ValueError(f"{table}.{name} is not a field the vault sets")
        cleaned |= dict(system or {})
        record_id = record_id or str(uuid.uuid4())
        record: dict[str, Any] = {"id": record_id, **cleaned}
        self._check_links(entity, record)
        columns = ["id", "created_at", "updated_at", *cleaned]
        placeholders = ", ".join("?" * len(columns))
        self._conn.execute(
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({placeholders})",
            [record_id, self._now, self._now, *cleaned.values()],
        )
        change = self._current_change()
        change.add(table, record_id, DELETED, False)
        for name, value in cleaned.items():
            if value is not None:
                change.add(table, record_id, name, _decoded(entity.field(name), value))
        self._known.add(record_id)
        full = {**record, **{n: _decoded(entity.field(n), v) for n, v in cleaned.items()}}
        search.reindex(self._conn, entity, full)
        self._log("create", entity, record_id, full, {})  # the values are in the op log
        return record_id

    def update(
        self,
        table: str,
        record_id: str,
        values: Mapping[str, object],
        *,
        settle: bool = False,
    ) -> dict[str, Any]:
        """Change some fields of a record; returns {field: new value} for what changed.

        With `settle`, every given field is recorded even when its value is what the
        record shows: that is how a conflict is resolved in favour of the value shown
        (the new op has seen every concurrent value, so the conflict clears everywhere).
        """
        entity = REGISTRY[table]
        existing = self._require(table, record_id)
        stored_existing = {
            name: (
                json.dumps(v)
                if entity.has_field(name) and entity.field(name).kind is Kind.REFS
                else v
            )
            for name, v in existing.items()
        }
        cleaned = prepare(entity, values, phone_region=self.phone_region, existing=stored_existing)
        changed = {n: v for n, v in cleaned.items() if settle or stored_existing.get(n) != v}
        if not changed:
            return {}
        merged = {**stored_existing, **changed}
        self._check_links(entity, merged, only=set(changed))
        assignments = ", ".join(f"{quote(n)} = ?" for n in changed)
        self._conn.execute(
            f"UPDATE {quote(table)} SET {assignments}, updated_at = ? WHERE id = ?",
            [*changed.values(), self._now, record_id],
        )
        change = self._current_change()
        decoded = {n: _decoded(entity.field(n), v) for n, v in changed.items()}
        for name, value in decoded.items():
            change.add(table, record_id, name, value)
        full = {**existing, **decoded}
        search.reindex(self._conn, entity, full)
        self._log(
            "update", entity, record_id, full, {n: [existing.get(n), v] for n, v in decoded.items()}
        )
        return decoded

    def delete(
        self, table: str, record_id: str, *, clear_references: bool = False
    ) -> list[tuple[str, str]]:
        """Delete a record and the records that belong to it (a team's members).

        Records that refer to it block the delete with StillInUse, unless
        `clear_references`: then optional references are emptied, and records that cannot
        exist without it (a person's team memberships, a dependency on an asset) are
        deleted too, all in the same save. In a call tree, the people a deleted entry
        called move up to the nearest remaining caller. Returns (table, id) of every
        record deleted.
        """
        entity = REGISTRY[table]
        self._require(table, record_id)
        doomed: dict[str, str] = {}  # id -> table, in the order they were found

        def doom(doomed_table: str, doomed_id: str) -> None:
            for child_table, child_id in self._with_children(REGISTRY[doomed_table], doomed_id):
                doomed.setdefault(child_id, child_table)

        doom(table, record_id)
        moved_up: list[_Use] = []
        dependent: list[_Use] = []
        cleared: list[_Use] = []
        scanned: set[str] = set()
        while pending := [(t, rid) for rid, t in doomed.items() if rid not in scanned]:
            for target_table, target_id in pending:
                scanned.add(target_id)
                for ref in referrers(self._conn, target_table, target_id):
                    if ref.record["id"] in doomed:
                        continue
                    ref_entity = REGISTRY[ref.table]
                    field = ref_entity.field(ref.field)
                    use = _Use(ref.table, ref.record["id"], ref.field, target_table, target_id)
                    if field.name in ref_entity.acyclic_fields and field.kind is Kind.REF:
                        moved_up.append(use)
                    elif field.required:
                        dependent.append(use)
                        if clear_references:
                            doom(ref.table, ref.record["id"])
                    else:
                        cleared.append(use)
        blocking = dependent + cleared
        if blocking and not clear_references:
            names = "; ".join(
                f"{REGISTRY[u.table].label.lower()} “{self._title(u.table, u.id)}”"
                for u in blocking[:3]
            )
            more = f" and {len(blocking) - 3} more" if len(blocking) > 3 else ""
            raise StillInUse(
                f"{entity.label} “{self._title(table, record_id)}” is still used by "
                f"{names}{more}. Change those first, or delete it and clear the references.",
                [(u.table, u.id, self._title(u.table, u.id)) for u in blocking],
            )
        for use in moved_up:
            if use.id not in doomed:
                self.update(use.table, use.id, {use.field: self._surviving_caller(use, doomed)})
        for use in cleared:
            if use.id not in doomed:
                self._clear_reference(use.table, use.id, use.field, set(doomed))
        for doomed_id, doomed_table in reversed(list(doomed.items())):
            self._delete_one(REGISTRY[doomed_table], doomed_id)
        return [(t, rid) for rid, t in doomed.items()]

    def settle_deletion(self, table: str, record_id: str, *, restore: bool) -> None:
        """Settle a record deleted on one laptop while another edited it: keep it deleted,
        or bring it back with its latest values (the merge rewrites the row when the save
        finishes). Either way the new op has seen every edit and the deletion. Bringing
        it back also brings back what belonged to it and went with it (a team's members)."""
        records = [(table, record_id)]
        if restore:
            records += merging.deleted_with(self._conn, table, record_id)
        for each_table, each_id in records:
            self._current_change().add(each_table, each_id, DELETED, not restore)
            self._settled.add(each_id)
            title = merging.record_title(self._conn, each_table, each_id)
            self._log("restore" if restore else "delete", REGISTRY[each_table], each_id,
                      {"id": each_id}, {}, title=title)  # fmt: skip

    def _surviving_caller(self, use: _Use, doomed: Mapping[str, str]) -> str | None:
        """The nearest record up a self-referencing chain that is not being deleted."""
        current: str | None = use.target_id
        while current is not None and current in doomed:
            row = get_record(self._conn, use.target_table, current)
            current = None if row is None else row.get(use.field)
        return current

    def _title(self, table: str, record_id: str) -> str:
        record = get_record(self._conn, table, record_id)
        return display_title(self._conn, REGISTRY[table], record or {})

    def put_document(
        self,
        name: str,
        data: bytes,
        *,
        media_type: str = "application/octet-stream",
        linked_id: str | None = None,
        description: str | None = None,
    ) -> str:
        """Store a file's bytes in the vault and a document record describing it."""
        import hashlib

        digest = hashlib.sha256(data).hexdigest()
        self._conn.execute(
            "INSERT INTO _blobs (sha256, data) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (digest, data),
        )
        return self.insert(
            "documents",
            {
                "name": name,
                "media_type": media_type,
                "linked_id": linked_id,
                "description": description,
            },
            system={"size_bytes": len(data), "sha256": digest},
        )

    # -- bookkeeping ----------------------------------------------------------------

    def finish(self) -> None:
        """Write the change and the audit trail; called by the vault before commit."""
        if self._change is not None:
            self._oplog.flush(self._change, self.author)
            touched = {row_id for _table, row_id in self._change.records}
            settled = self._settled | set(merging.conflicted_rows(self._conn, touched))
            if settled:  # the save may settle conflicts, or restore a deleted record
                merging.refresh(self._conn, settled)
        if self._audit:
            self._conn.executemany(
                "INSERT INTO _audit (at, author, device_name, action, tbl, row_id, title, changes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                self._audit,
            )

    def _current_change(self) -> Change:
        if self._change is None:
            self._change = self._oplog.begin()
        return self._change

    def _log(
        self,
        action: str,
        entity: Entity,
        record_id: str,
        record: Mapping[str, Any],
        changes: Mapping[str, Any],
        *,
        title: str | None = None,
    ) -> None:
        self._audit.append(
            (
                self._now,
                self.author,
                self._oplog.device_name,
                action,
                entity.table,
                record_id,
                title if title is not None else display_title(self._conn, entity, record),
                json.dumps(changes, ensure_ascii=False, default=str),
            )
        )

    def _require(self, table: str, record_id: str) -> Record:
        record = get_record(self._conn, table, record_id)
        if record is None:
            raise RecordNotFound(
                f"There is no {REGISTRY[table].label.lower()} with id {record_id}."
            )
        return record

    def _with_children(self, entity: Entity, record_id: str) -> list[tuple[str, str]]:
        """The record and, depth first, every record that belongs to it."""
        result = [(entity.table, record_id)]
        for child in REGISTRY.children_of(entity.table):
            assert child.parent_field is not None
            rows = self._conn.execute(
                f"SELECT id FROM {quote(child.table)} WHERE {quote(child.parent_field)} = ?",
                (record_id,),
            ).fetchall()
            for (child_id,) in rows:
                result += self._with_children(child, child_id)
        return result

    def _clear_reference(
        self, table: str, record_id: str, field_name: str, doomed: set[str]
    ) -> None:
        entity = REGISTRY[table]
        record = self._require(table, record_id)
        if entity.field(field_name).kind is Kind.REFS:
            value: object = [i for i in record[field_name] if i not in doomed]
        else:
            value = None
        self.update(table, record_id, {field_name: value})

    def _delete_one(self, entity: Entity, record_id: str) -> None:
        record = get_record(self._conn, entity.table, record_id)
        if record is None:
            return
        self._conn.execute(f"DELETE FROM {quote(entity.table)} WHERE id = ?", (record_id,))
        self._current_change().add(entity.table, record_id, DELETED, True)
        search.unindex(self._conn, record_id)
        self._known.discard(record_id)
        self._log("delete", entity, record_id, record, {})

    # -- links between records ------------------------------------------------------

    def _check_links(
        self, entity: Entity, record: Mapping[str, Any], only: set[str] | None = None
    ) -> None:
        """References must point at existing records; self-references must stay within
        the same parent and never loop."""
        problems: list[Problem] = []
        for field in entity.reference_fields:
            if only is not None and field.name not in only:
                continue
            for target in self._targets(field, record.get(field.name)):
                if target == record["id"] and field.name in entity.acyclic_fields:
                    problems.append(Problem(field.name, "cannot point at the record itself."))
                elif not self._exists(field, target):
                    kinds = " or ".join(REGISTRY[t].label.lower() for t in field.ref)
                    problems.append(Problem(field.name, f"there is no {kinds} with id {target}."))
        if not problems:
            for name in entity.acyclic_fields:
                if only is None or name in only:
                    problems += self._check_acyclic(entity, entity.field(name), record)
        if problems:
            raise ValidationError(entity, problems)

    @staticmethod
    def _targets(field: Field, value: Any) -> list[str]:
        if value is None:
            return []
        if field.kind is Kind.REFS:
            return list(json.loads(value) if isinstance(value, str) else value)
        return [str(value)]

    def _exists(self, field: Field, target: str) -> bool:
        if target in self._known:
            return True
        if find_table(self._conn, target, field.ref) is not None:
            self._known.add(target)
            return True
        return False

    def _check_acyclic(
        self, entity: Entity, field: Field, record: Mapping[str, Any]
    ) -> list[Problem]:
        targets = self._targets(field, record.get(field.name))
        if not targets:
            return []
        table = quote(entity.table)
        parent = entity.parent_field
        if parent is not None:
            wrong = self._conn.execute(
                f"SELECT count(*) FROM {table} WHERE id IN ({', '.join('?' * len(targets))}) "
                f"AND {quote(parent)} IS NOT ?",
                [*targets, record.get(parent)],
            ).fetchone()[0]
            if wrong:
                owner = REGISTRY[entity.field(parent).ref[0]].label.lower()
                return [Problem(field.name, f"must be in the same {owner}.")]
            rows = self._conn.execute(
                f"SELECT id, {quote(field.name)} FROM {table} WHERE {quote(parent)} = ?",
                (record.get(parent),),
            ).fetchall()
        else:
            rows = self._conn.execute(f"SELECT id, {quote(field.name)} FROM {table}").fetchall()
        edges: dict[str, list[str]] = {rid: self._targets(field, value) for rid, value in rows}
        edges[str(record["id"])] = targets
        cycle = find_cycle(edges)
        if cycle is None:
            return []
        titles = {
            rid: display_title(self._conn, entity, get_record(self._conn, entity.table, rid) or {})
            for rid in cycle
        }
        titles[str(record["id"])] = display_title(self._conn, entity, record)
        path = " → ".join(titles[rid] for rid in cycle)
        return [Problem(field.name, f"this would make a loop: {path}.")]
