"""Conflicts between laptops as a person sees them, settling them, and links that point
at records another laptop deleted.

A conflict lists every concurrent value with who wrote it, on which laptop and when;
candidates are numbered from 1 in the order every copy shows them (1 is the value shown
until someone chooses), so "keep 2" means the same on every laptop. Settling is an
ordinary save that has seen every candidate (vault/edits.py), so it clears the conflict
on every laptop it reaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.merge import DELETED, Candidate, Conflict
from itscm_desktop.domain.registry import Entity, Kind
from itscm_desktop.vault.merging import hlc_time, record_title, stored_conflicts
from itscm_desktop.vault.queries import display_title, get_record
from itscm_desktop.vault.schema import quote
from itscm_desktop.vault.sqlite import Connection

if TYPE_CHECKING:
    from itscm_desktop.vault.vault import Vault

__all__ = [
    "BrokenLink",
    "CandidateView",
    "ConflictView",
    "broken_links",
    "conflict_count",
    "conflict_views",
    "find_conflict",
    "settle",
]


@dataclass(frozen=True)
class CandidateView:
    """One competing value: ``number`` (1 = shown), who, which laptop, when (UTC)."""

    number: int
    candidate: Candidate
    author: str
    device_name: str
    when: str

    @property
    def is_deletion(self) -> bool:
        return self.candidate.field == DELETED and self.candidate.value is True

    @property
    def field(self) -> str:
        return self.candidate.field

    @property
    def value(self) -> object:
        return self.candidate.value


@dataclass(frozen=True)
class ConflictView:
    """A conflict with what a person needs to settle it."""

    conflict: Conflict
    title: str
    candidates: tuple[CandidateView, ...]
    record_exists: bool

    @property
    def id(self) -> str:
        return self.conflict.id

    @property
    def table(self) -> str:
        return self.conflict.table

    @property
    def row_id(self) -> str:
        return self.conflict.row_id

    @property
    def field(self) -> str:
        return self.conflict.field

    @property
    def is_deletion(self) -> bool:
        return self.conflict.is_deletion

    @property
    def heading(self) -> str:
        """ "Contact “Ana Silva”: Mobile" or "Contact “Ana Silva” deleted while edited"."""
        entity = REGISTRY[self.table]
        if self.is_deletion:
            return f"{entity.label} “{self.title}” was deleted on one laptop and changed on another"
        return f"{entity.label} “{self.title}”: {entity.field(self.field).label}"

    def candidate(self, number: int) -> CandidateView:
        for view in self.candidates:
            if view.number == number:
                return view
        raise LookupError(
            f"Conflict {self.id} has no value number {number}; choose 1 to {len(self.candidates)}."
        )


def conflict_count(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM _conflicts").fetchone()[0])


def _authors(conn: Connection) -> dict[tuple[str, int], tuple[str, str]]:
    return {
        (device, seq): (author, name)
        for device, seq, author, name in conn.execute(
            "SELECT c.device, c.seq, c.author, c.device_name FROM _changes AS c "
            "JOIN (SELECT DISTINCT json_extract(j.value, '$.device') AS device, "
            "json_extract(j.value, '$.seq') AS seq "
            "FROM _conflicts, json_each(_conflicts.candidates) AS j) AS w "
            "ON w.device = c.device AND w.seq = c.seq"
        )
    }


def conflict_views(conn: Connection) -> list[ConflictView]:
    """Every conflict in the vault, by table, record and field."""
    authors = _authors(conn)
    views = []
    for conflict in stored_conflicts(conn):
        exists = (
            conn.execute(
                f"SELECT 1 FROM {quote(conflict.table)} WHERE id = ?", (conflict.row_id,)
            ).fetchone()
            is not None
        )
        candidates = tuple(
            CandidateView(
                number,
                candidate,
                *authors.get((candidate.device, candidate.seq), ("someone", "another laptop")),
                hlc_time(candidate.hlc),
            )
            for number, candidate in enumerate(conflict.candidates, start=1)
        )
        title = record_title(conn, conflict.table, conflict.row_id)
        views.append(ConflictView(conflict, title, candidates, exists))
    return views


def find_conflict(conn: Connection, conflict_id: str) -> ConflictView:
    """The conflict with this id (or an unambiguous start of it), else LookupError."""
    wanted = conflict_id.strip().lower()
    found = [view for view in conflict_views(conn) if view.id.startswith(wanted)] if wanted else []
    if len(found) != 1:
        raise LookupError(
            f"There is no conflict {conflict_id!r} here; it may have been settled already."
            if not found
            else f"Several conflicts start with {conflict_id!r}; give more of the id."
        )
    return found[0]


@dataclass(frozen=True)
class BrokenLink:
    """A record that refers to another that is gone (deleted on another laptop while
    this one was linked to it): it surfaces here instead of pointing at nothing.
    ``holder`` names the record for a person ("Team member in team “Crisis team”")."""

    table: str
    row_id: str
    title: str
    field: str
    target_id: str
    target_title: str
    holder: str

    @property
    def sentence(self) -> str:
        label = REGISTRY[self.table].field(self.field).label
        return (
            f"{self.holder} ({label}) points at “{self.target_title}”, which was deleted on "
            "another laptop: change or remove the link."
        )


def broken_links(conn: Connection) -> list[BrokenLink]:
    """Every reference to a record that no longer exists, in table order."""
    found: list[BrokenLink] = []
    for entity in REGISTRY:
        for field in entity.reference_fields:
            missing = " AND ".join(
                f"NOT EXISTS (SELECT 1 FROM {quote(t)} WHERE id = ref)" for t in field.ref
            )
            if field.kind is Kind.REFS:
                source = (
                    f"SELECT r.id AS id, j.value AS ref FROM {quote(entity.table)} AS r, "
                    f"json_each(r.{quote(field.name)}) AS j"
                )
            else:
                source = (
                    f"SELECT id, {quote(field.name)} AS ref FROM {quote(entity.table)} "
                    f"WHERE {quote(field.name)} IS NOT NULL"
                )
            for row_id, target in conn.execute(f"SELECT id, ref FROM ({source}) WHERE {missing}"):
                title = record_title(conn, entity.table, row_id)
                target_title = _deleted_title(conn, field.ref, str(target))
                found.append(
                    BrokenLink(entity.table, row_id, title, field.name, str(target), target_title,
                               _holder(conn, entity, row_id, title, target_title))
                )  # fmt: skip
    return found


def _holder(conn: Connection, entity: Entity, row_id: str, title: str, target: str) -> str:
    """The record by its title, or, for a part titled by what it links to (a team member
    by the deleted person), by the record it belongs to."""
    usable = title not in ("", "(deleted)", target)
    who = f"{entity.label} “{title}”" if usable else entity.label
    if entity.parent_field is None:
        return who
    record = get_record(conn, entity.table, row_id) or {}
    parent_id = record.get(entity.parent_field)
    for table in entity.field(entity.parent_field).ref if parent_id else ():
        parent = get_record(conn, table, str(parent_id))
        if parent is not None:
            parent_title = display_title(conn, REGISTRY[table], parent)
            return f"{who} in {REGISTRY[table].label.lower()} “{parent_title}”"
    return who


def _deleted_title(conn: Connection, tables: tuple[str, ...] | list[str], row_id: str) -> str:
    row = conn.execute("SELECT tbl FROM _ops WHERE row_id = ? LIMIT 1", (row_id,)).fetchone()
    if row is None or row[0] not in tables:
        return "a record this laptop never had"
    return record_title(conn, row[0], row_id)


class _Unset:
    pass


UNSET = _Unset()


def settle(
    vault: Vault, conflict_id: str, *, keep: int | None = None, value: object = UNSET
) -> ConflictView:
    """Settle a conflict by keeping candidate number `keep` or by a new `value` (typed as
    in an editor), in one save that has seen every candidate. A deleted-while-edited
    conflict is settled by keeping a deletion (the record stays deleted) or an edit (the
    record comes back with its latest values). Returns the conflict as it was.

    Raises LookupError for an unknown conflict or number, ValidationError for a value
    the field does not accept, ValueError for a choice that makes no sense."""
    if (keep is None) == (value is UNSET):
        raise ValueError("Choose one value to keep, or type a new one.")
    view = find_conflict(vault.conn, conflict_id)
    if view.is_deletion:
        if keep is None:
            raise ValueError(
                "A record deleted on one laptop and changed on another is settled by keeping "
                "the deletion or bringing the record back, not by typing a value."
            )
        restore = not view.candidate(keep).is_deletion
        with vault.edit() as edit:
            edit.settle_deletion(view.table, view.row_id, restore=restore)
        return view
    chosen = view.candidate(keep).value if keep is not None else value
    if not view.record_exists:
        raise ValueError("This record has been deleted since; bring it back first.")
    with vault.edit() as edit:
        edit.update(view.table, view.row_id, {view.field: chosen}, settle=True)
    return view
