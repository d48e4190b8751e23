"""The merge of op logs from several laptops: a pure function of the set of changes.

Causality comes from version vectors only; the hybrid clock just picks which of several
concurrent values every copy shows, so all copies show the same one. Nothing is dropped:
concurrent values become a :class:`Conflict` listing every candidate, and a delete that
raced an edit is a conflict too (the record stays deleted, the edit is listed). The vault
applies a :class:`MergedState`; this module never touches a vault, a file or the GUI.

Assumption, checked: a device's later change has seen everything its earlier ones had
(its knowledge only grows), and a change's vector includes the change itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from itscm_desktop.domain.clock import Hlc, VersionVector

__all__ = [
    "DELETED",
    "Candidate",
    "ChangeRecord",
    "Conflict",
    "MergedState",
    "merge",
    "resolution",
]

#: The pseudo-field of a tombstone op (true deletes, false creates or restores); the same
#: name the vault's op log uses.
DELETED = "_deleted"

OpKey = tuple[str, str, str]
RecordKey = tuple[str, str]


@dataclass(frozen=True)
class ChangeRecord:
    """One save by one device: its ops keyed by (table, row id, field).

    ``vv`` is what the device knew when it saved, including this change itself.
    """

    device: str
    seq: int
    hlc: Hlc
    vv: VersionVector
    ops: Mapping[OpKey, object]

    def __post_init__(self) -> None:
        if isinstance(self.seq, bool) or not isinstance(self.seq, int) or self.seq < 1:
            raise ValueError(f"A change's sequence number starts at 1, not {self.seq!r}.")
        if not self.vv.seen(self.device, self.seq):
            raise ValueError(
                f"Change {self.device}:{self.seq} has a version vector that does not "
                "include the change itself."
            )

    def has_seen(self, other: ChangeRecord) -> bool:
        """True if this change was made knowing ``other`` (a change never sees itself)."""
        return self is not other and self.vv.seen(other.device, other.seq)


@dataclass(frozen=True)
class Candidate:
    """One value in a conflict: who wrote what, where (device) and when (hlc).

    ``field`` is the conflict's field, except in a delete-versus-edit conflict, where
    each edited field is its own candidate and the deletion is ``DELETED`` = True.
    """

    device: str
    seq: int
    hlc: Hlc
    value: object
    field: str


@dataclass(frozen=True)
class Conflict:
    """Concurrent values of one field, or a delete concurrent with edits (``field`` is
    ``DELETED``). ``shown`` is what every copy displays until someone resolves it;
    ``id`` is the same short text on every copy."""

    table: str
    row_id: str
    field: str
    candidates: tuple[Candidate, ...]
    shown: Candidate

    @property
    def id(self) -> str:
        pairs = sorted({(c.device, c.seq) for c in self.candidates})
        text = json.dumps([self.table, self.row_id, self.field, pairs], ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    @property
    def is_deletion(self) -> bool:
        return self.field == DELETED


@dataclass
class MergedState:
    """What every copy with the same changes shows.

    ``records`` are the visible records' fields (``DELETED`` left out); ``deleted`` keeps
    the last values of deleted records, for a restore; ``knowledge`` is every change merged.
    """

    records: dict[RecordKey, dict[str, object]] = field(default_factory=dict)
    deleted: dict[RecordKey, dict[str, object]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    knowledge: VersionVector = field(default_factory=VersionVector)


def _canonical(value: object) -> str:
    """Equal values have equal text (as in the vault's op log), so 1 and True differ."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _in_device_order(changes: Iterable[ChangeRecord]) -> list[ChangeRecord]:
    """Each change once, every device's changes by number; checks the assumptions."""
    unique: dict[tuple[str, int], ChangeRecord] = {}
    for change in changes:
        key = (change.device, change.seq)
        known = unique.get(key)
        if known is None:
            unique[key] = change
        elif known is not change and known != change:
            raise ValueError(f"Two different changes claim to be {change.device}:{change.seq}.")
    by_device: dict[str, list[ChangeRecord]] = {}
    for change in unique.values():
        by_device.setdefault(change.device, []).append(change)
    for device_changes in by_device.values():
        device_changes.sort(key=lambda change: change.seq)
        for earlier, later in pairwise(device_changes):
            if not later.vv.dominates(earlier.vv):
                raise ValueError(
                    f"Change {later.device}:{later.seq} has not seen what "
                    f"{earlier.device}:{earlier.seq} had seen."
                )
    return [change for device_changes in by_device.values() for change in device_changes]


def _candidate(change: ChangeRecord, value: object, field_name: str) -> Candidate:
    return Candidate(change.device, change.seq, change.hlc, value, field_name)


def _newest_first(candidate: Candidate) -> tuple[Hlc, str, int, str]:
    return (candidate.hlc, candidate.device, candidate.seq, candidate.field)


def _heads(writers: Mapping[str, tuple[ChangeRecord, object]]) -> list[tuple[ChangeRecord, object]]:
    """The ops on one key that no other writer of that key has seen.

    ``writers`` holds each device's latest op on the key: its earlier ones were seen by it.
    """
    if len(writers) == 1:
        return list(writers.values())
    return [
        (change, value)
        for change, value in writers.values()
        if not any(other.has_seen(change) for other, _ in writers.values())
    ]


def _merge_record(
    table: str,
    row_id: str,
    fields: Mapping[str, Mapping[str, tuple[ChangeRecord, object]]],
    state: MergedState,
) -> None:
    latest: dict[str, ChangeRecord] = {}  # each device's latest change touching the record
    for writers in fields.values():
        for device, (change, _) in writers.items():
            known = latest.get(device)
            if known is None or known.seq < change.seq:
                latest[device] = change
    if len(latest) == 1:  # the common case: only one laptop ever touched this record
        [only] = latest.values()
        _merge_single_writer(table, row_id, fields, only, state)
        return
    live_deletes = [
        change
        for device, (change, value) in fields.get(DELETED, {}).items()
        if value is True
        and latest[device] is change
        and not any(other.has_seen(change) for other in latest.values())
    ]
    deleters = {id(change) for change in live_deletes}
    values: dict[str, object] = {}
    field_conflicts: list[Conflict] = []
    edits: list[Candidate] = []  # heads a live delete has not seen
    for name, writers in fields.items():
        heads = _heads(writers)
        for change, value in heads if live_deletes else ():
            unseen = any(not delete.has_seen(change) for delete in live_deletes)
            if unseen and id(change) not in deleters and (name != DELETED or value is False):
                edits.append(_candidate(change, value, name))
        if name == DELETED:
            continue
        if len(heads) == 1:
            values[name] = heads[0][1]
            continue
        candidates = sorted(
            (_candidate(change, value, name) for change, value in heads),
            key=_newest_first,
            reverse=True,
        )
        values[name] = candidates[0].value
        if len({_canonical(candidate.value) for candidate in candidates}) > 1:
            field_conflicts.append(Conflict(table, row_id, name, tuple(candidates), candidates[0]))
    if not live_deletes:
        state.records[(table, row_id)] = values
        state.conflicts.extend(field_conflicts)
        return
    state.deleted[(table, row_id)] = values
    if edits:
        removals = sorted(
            (_candidate(change, True, DELETED) for change in live_deletes),
            key=_newest_first,
            reverse=True,
        )
        candidates = sorted([*removals, *edits], key=_newest_first, reverse=True)
        state.conflicts.append(Conflict(table, row_id, DELETED, tuple(candidates), removals[0]))


def _merge_single_writer(
    table: str,
    row_id: str,
    fields: Mapping[str, Mapping[str, tuple[ChangeRecord, object]]],
    latest: ChangeRecord,
    state: MergedState,
) -> None:
    """One device's latest op per field: no heads to compare, no conflict possible. The
    record is deleted if its latest change deleted it (a later edit restores it)."""
    values: dict[str, object] = {}
    deleted = False
    for name, writers in fields.items():
        for change, value in writers.values():
            if name == DELETED:
                deleted = value is True and change is latest
            else:
                values[name] = value
    target = state.deleted if deleted else state.records
    target[(table, row_id)] = values


def merge(changes: Iterable[ChangeRecord]) -> MergedState:
    """The state every copy holding exactly these changes shows, whatever their order.

    Duplicates are ignored (importing a bundle twice changes nothing). Two different
    changes with the same device and number, or a device whose knowledge went backwards,
    raise ValueError: only a bug or a forged log can cause them.
    """
    # key -> device -> (that device's latest change writing the key, value): each
    # device's changes come in order, so a later one simply replaces an earlier one.
    by_key: dict[OpKey, dict[str, tuple[ChangeRecord, object]]] = {}
    knowledge: dict[str, int] = {}
    for change in _in_device_order(changes):
        device = change.device
        for seen_device, seq in change.vv.items():
            if knowledge.get(seen_device, 0) < seq:
                knowledge[seen_device] = seq
        for key, value in change.ops.items():
            writers = by_key.get(key)
            if writers is None:
                by_key[key] = {device: (change, value)}
            else:
                writers[device] = (change, value)
    by_record: dict[RecordKey, dict[str, dict[str, tuple[ChangeRecord, object]]]] = {}
    for (table, row_id, name), writers in by_key.items():
        fields = by_record.get((table, row_id))
        if fields is None:
            by_record[(table, row_id)] = {name: writers}
        else:
            fields[name] = writers
    state = MergedState(knowledge=VersionVector(knowledge))
    for (table, row_id), fields in by_record.items():
        _merge_record(table, row_id, fields, state)
    state.conflicts.sort(key=lambda conflict: (conflict.table, conflict.row_id, conflict.field))
    return state


def resolution(
    conflict: Conflict,
    value: object,
    *,
    device: str,
    seq: int,
    hlc: Hlc,
    knowledge: VersionVector,
) -> ChangeRecord:
    """The change that settles ``conflict`` with ``value``, made by ``device`` knowing
    ``knowledge`` (which must include every candidate): it has seen every head, so the
    conflict clears on every copy it reaches.

    For a delete-versus-edit conflict, ``value`` True keeps the record deleted and False
    restores it with its latest values.
    """
    missing = [c for c in conflict.candidates if not knowledge.seen(c.device, c.seq)]
    if missing:
        raise ValueError(
            f"This laptop has not seen change {missing[0].device}:{missing[0].seq} "
            "of the conflict it is resolving."
        )
    if seq <= knowledge.get(device):
        raise ValueError(f"Change {device}:{seq} is already known; use the next number.")
    if conflict.is_deletion and not isinstance(value, bool):
        raise ValueError("A deleted-while-edited conflict is settled by True (keep deleted) "
                         "or False (restore).")  # fmt: skip
    return ChangeRecord(
        device=device,
        seq=seq,
        hlc=hlc,
        vv=knowledge.with_event(device, seq),
        ops={(conflict.table, conflict.row_id, conflict.field): value},
    )
