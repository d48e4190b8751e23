"""Tests for itscm_desktop.domain.merge: laptops that edit offline and swap changes."""

from __future__ import annotations

import random as _random
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from itscm_desktop.domain.clock import Hlc, HybridClock, VersionVector
from itscm_desktop.domain.merge import (
    DELETED,
    ChangeRecord,
    Conflict,
    MergedState,
    merge,
    resolution,
)
from tests.conftest import THOROUGH

T0 = 1_700_000_000_000
MINUTE = 60_000
PROPERTY = settings(max_examples=600 if THOROUGH else 60, deadline=None)


class Wall:
    """A laptop's wall clock, ``skew`` ms off true time."""

    def __init__(self, skew: int) -> None:
        self.true_now = T0
        self.skew = skew

    def __call__(self) -> int:
        return self.true_now + self.skew


class Laptop:
    """One device's copy of the plan: its changes and the ones it has received."""

    def __init__(self, device: str, skew: int = 0, max_drift_ms: int = 10**12) -> None:
        self.device = device
        self.wall = Wall(skew)
        self.clock = HybridClock(device, self.wall, max_drift_ms=max_drift_ms)
        self.knowledge = VersionVector()
        self.known: dict[tuple[str, int], ChangeRecord] = {}

    def save(self, ops: dict[tuple[str, str, str], object]) -> ChangeRecord:
        seq = self.knowledge.get(self.device) + 1
        self.knowledge = self.knowledge.with_event(self.device, seq)
        change = ChangeRecord(self.device, seq, self.clock.tick(), self.knowledge, ops)
        self.known[(self.device, seq)] = change
        return change

    def edit(self, row: str, **fields: object) -> ChangeRecord:
        return self.save({("contacts", row, name): value for name, value in fields.items()})

    def delete(self, row: str) -> ChangeRecord:
        return self.save({("contacts", row, DELETED): True})

    def receive(self, other: Laptop) -> None:
        """A USB exchange: this laptop imports everything ``other`` knows."""
        for key, change in other.known.items():
            if key not in self.known:
                self.known[key] = change
                self.clock.observe(change.hlc)
                self.knowledge = self.knowledge.merge(change.vv)

    def state(self) -> MergedState:
        return merge(self.known.values())

    def resolve(self, conflict: Conflict, value: object) -> ChangeRecord:
        seq = self.knowledge.get(self.device) + 1
        change = resolution(
            conflict,
            value,
            device=self.device,
            seq=seq,
            hlc=self.clock.tick(),
            knowledge=self.knowledge,
        )
        self.knowledge = change.vv
        self.known[(self.device, seq)] = change
        return change


def _laptops(*names: str) -> list[Laptop]:
    """Laptops sharing one created contact, "r1" (name Anna, phone 111)."""
    laptops = [Laptop(name) for name in names]
    laptops[0].save(
        {("contacts", "r1", DELETED): False, ("contacts", "r1", "name"): "Anna",
         ("contacts", "r1", "phone"): "111"}
    )  # fmt: skip
    for laptop in laptops[1:]:
        laptop.receive(laptops[0])
    return laptops


def _exchange(a: Laptop, b: Laptop) -> None:
    a.receive(b)
    b.receive(a)


# -- named scenarios ------------------------------------------------------------------


def test_same_field_on_two_laptops_is_one_conflict_with_the_same_id_on_both() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    a.wall.true_now += MINUTE
    a.edit("r1", name="Anna Nowak")
    b.wall.true_now += 2 * MINUTE
    b.edit("r1", name="Anna Kowalska")
    _exchange(a, b)
    on_a, on_b = a.state(), b.state()
    assert on_a == on_b
    [conflict] = on_a.conflicts
    assert (conflict.table, conflict.row_id, conflict.field) == ("contacts", "r1", "name")
    assert {c.value for c in conflict.candidates} == {"Anna Nowak", "Anna Kowalska"}
    assert conflict.shown.value == "Anna Kowalska"  # the later clock
    assert on_a.records[("contacts", "r1")]["name"] == "Anna Kowalska"
    assert conflict.id == on_b.conflicts[0].id
    assert len(conflict.id) == 12


def test_equal_values_written_on_two_laptops_are_no_conflict() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    a.edit("r1", phone="222")
    b.edit("r1", phone="222")
    _exchange(a, b)
    assert a.state().conflicts == []
    assert a.state().records[("contacts", "r1")]["phone"] == "222"


def test_different_fields_of_one_record_merge_without_conflict() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    a.edit("r1", name="Anna Nowak")
    b.edit("r1", phone="+48 22 555 0101")
    _exchange(a, b)
    state = a.state()
    assert state.conflicts == []
    assert state.records[("contacts", "r1")] == {"name": "Anna Nowak", "phone": "+48 22 555 0101"}


def test_delete_against_a_concurrent_edit_is_a_conflict_and_the_record_stays_deleted() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    a.delete("r1")
    b.edit("r1", phone="999")
    _exchange(a, b)
    state = b.state()
    assert ("contacts", "r1") not in state.records
    assert state.deleted[("contacts", "r1")] == {"name": "Anna", "phone": "999"}
    [conflict] = state.conflicts
    assert conflict.is_deletion
    assert conflict.shown.device == "laptop-a" and conflict.shown.value is True
    edits = [(c.device, c.field, c.value) for c in conflict.candidates if c.field != DELETED]
    assert edits == [("laptop-b", "phone", "999")]
    assert a.state() == state


def test_delete_after_seeing_the_edit_is_no_conflict() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    b.edit("r1", phone="999")
    a.receive(b)
    a.delete("r1")
    _exchange(a, b)
    state = b.state()
    assert state.conflicts == []
    assert ("contacts", "r1") in state.deleted and ("contacts", "r1") not in state.records


def test_restore_that_saw_the_delete_wins() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    a.delete("r1")
    b.receive(a)
    b.save({("contacts", "r1", DELETED): False})
    _exchange(a, b)
    state = a.state()
    assert state.records[("contacts", "r1")] == {"name": "Anna", "phone": "111"}
    assert state.conflicts == []


def test_an_edit_made_after_seeing_the_delete_brings_the_record_back() -> None:
    (a,) = _laptops("laptop-a")
    a.delete("r1")
    assert ("contacts", "r1") in a.state().deleted
    a.edit("r1", phone="222")
    assert a.state().records[("contacts", "r1")] == {"name": "Anna", "phone": "222"}


def test_two_concurrent_deletes_are_no_conflict() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    a.delete("r1")
    b.delete("r1")
    _exchange(a, b)
    assert a.state().conflicts == [] and ("contacts", "r1") in a.state().deleted


def test_resolving_on_one_laptop_clears_the_conflict_on_the_other_after_one_exchange() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    a.edit("r1", name="Anna Nowak")
    b.edit("r1", name="Anna Kowalska")
    _exchange(a, b)
    [conflict] = a.state().conflicts
    a.resolve(conflict, "Anna Nowak-Kowalska")
    assert a.state().conflicts == []
    assert len(b.state().conflicts) == 1
    b.receive(a)
    assert b.state().conflicts == []
    assert b.state().records[("contacts", "r1")]["name"] == "Anna Nowak-Kowalska"
    assert b.state() == a.state()


def test_resolving_a_deletion_conflict_by_restoring_keeps_the_edit() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    a.delete("r1")
    b.edit("r1", phone="999")
    _exchange(a, b)
    [conflict] = b.state().conflicts
    b.resolve(conflict, False)
    a.receive(b)
    assert a.state().conflicts == []
    assert a.state().records[("contacts", "r1")] == {"name": "Anna", "phone": "999"}


def test_resolving_with_a_laptop_that_has_not_seen_a_candidate_is_refused() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    a.edit("r1", name="X")
    b.edit("r1", name="Y")
    a.receive(b)
    [conflict] = a.state().conflicts
    c = Laptop("laptop-c")
    with pytest.raises(ValueError, match="has not seen change"):
        c.resolve(conflict, "Z")


def test_sequential_edits_are_no_conflict_and_the_later_value_shows() -> None:
    a, b = _laptops("laptop-a", "laptop-b")
    a.edit("r1", name="Anna Nowak")
    b.receive(a)
    b.edit("r1", name="Anna Kowalska")
    _exchange(a, b)
    assert a.state().conflicts == []
    assert a.state().records[("contacts", "r1")]["name"] == "Anna Kowalska"


def test_a_causally_later_edit_with_an_earlier_clock_still_wins() -> None:
    """Laptop A's clock runs ten minutes fast; B refuses to adopt a clock that far ahead."""
    a = Laptop("laptop-a", skew=10 * MINUTE)
    b = Laptop("laptop-b", skew=0, max_drift_ms=MINUTE)
    first = a.edit("r1", name="Anna Nowak")
    b.receive(a)
    later = b.edit("r1", name="Anna Kowalska")
    assert later.hlc < first.hlc
    _exchange(a, b)
    state = a.state()
    assert state.conflicts == []
    assert state.records[("contacts", "r1")]["name"] == "Anna Kowalska"


def test_relay_through_a_third_laptop() -> None:
    a, b, c = _laptops("laptop-a", "laptop-b", "laptop-c")
    a.edit("r1", name="Ørsted Łódź Ζωή Юлия 田中")
    c.receive(a)
    b.receive(c)
    assert b.state().records[("contacts", "r1")]["name"] == "Ørsted Łódź Ζωή Юлия 田中"


def test_nothing_merges_to_an_empty_state() -> None:
    assert merge([]) == MergedState()


def test_the_same_change_twice_is_ignored_but_two_different_ones_with_one_number_are_not() -> None:
    a = Laptop("laptop-a")
    change = a.edit("r1", name="X")
    assert merge([change, change]) == merge([change])
    forged = ChangeRecord(change.device, change.seq, change.hlc, change.vv, {})
    with pytest.raises(ValueError, match="Two different changes"):
        merge([change, forged])


def test_a_change_must_include_itself_in_its_vector() -> None:
    with pytest.raises(ValueError, match="does not include the change itself"):
        ChangeRecord("a", 2, Hlc(T0, 0, "a"), VersionVector({"a": 1}), {})
    with pytest.raises(ValueError, match="starts at 1"):
        ChangeRecord("a", 0, Hlc(T0, 0, "a"), VersionVector({"a": 1}), {})


def test_a_device_whose_knowledge_went_backwards_is_refused() -> None:
    one = ChangeRecord("a", 1, Hlc(T0, 0, "a"), VersionVector({"a": 1, "b": 3}), {})
    two = ChangeRecord("a", 2, Hlc(T0, 1, "a"), VersionVector({"a": 2}), {})
    with pytest.raises(ValueError, match="has not seen what"):
        merge([two, one])


# -- properties -----------------------------------------------------------------------

DEVICES = ("laptop-a", "laptop-b", "laptop-c", "laptop-d")
ROWS = ("r1", "r2", "r3")
FIELDS = ("name", "phone", "notes")
VALUES = ("", "Anna", "Łódź", "田中", None, 1, ["x", "y"])

action = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 3), st.sampled_from(ROWS),
              st.sets(st.sampled_from(FIELDS), min_size=1), st.sampled_from(VALUES)),
    st.tuples(st.just("delete"), st.integers(0, 3), st.sampled_from(ROWS)),
    st.tuples(st.just("restore"), st.integers(0, 3), st.sampled_from(ROWS)),
    st.tuples(st.just("exchange"), st.integers(0, 3), st.integers(0, 3)),
    st.tuples(st.just("wait"), st.integers(0, 3), st.integers(0, 5 * MINUTE)),
)  # fmt: skip


def _simulate(device_count: int, skews: list[int], actions: list[tuple[Any, ...]]) -> list[Laptop]:
    laptops = [Laptop(DEVICES[i], skews[i]) for i in range(device_count)]
    for kind, who, *rest in actions:
        laptop = laptops[int(who) % device_count]
        if kind == "edit":
            row, names, value = rest
            laptop.save({("contacts", row, name): value for name in names})
        elif kind == "delete":
            laptop.delete(str(rest[0]))
        elif kind == "restore":
            laptop.save({("contacts", str(rest[0]), DELETED): False})
        elif kind == "exchange":
            laptop.receive(laptops[int(rest[0]) % device_count])
        else:
            laptop.wall.true_now += int(rest[0])
    return laptops


def _full_exchange(laptops: list[Laptop]) -> None:
    for laptop in laptops:
        for other in laptops:
            laptop.receive(other)


def _heads(changes: list[ChangeRecord]) -> dict[tuple[str, str, str], list[ChangeRecord]]:
    """The definition, naively: ops on a key that no other writer of that key has seen."""
    writers: dict[tuple[str, str, str], list[ChangeRecord]] = {}
    for change in changes:
        for key in change.ops:
            writers.setdefault(key, []).append(change)
    return {
        key: [c for c in cs if not any(o is not c and o.vv.seen(c.device, c.seq) for o in cs)]
        for key, cs in writers.items()
    }


simulation = st.tuples(
    st.integers(3, 4),
    st.lists(st.integers(-10 * MINUTE, 10 * MINUTE), min_size=4, max_size=4),
    st.lists(action, min_size=10, max_size=60),
)


@PROPERTY
@given(simulation, st.randoms(use_true_random=False))
def test_after_a_full_exchange_every_copy_converges_whatever_the_order(
    run: tuple[int, list[int], list[tuple[Any, ...]]], random: _random.Random
) -> None:
    laptops = _simulate(*run)
    _full_exchange(laptops)
    states = [laptop.state() for laptop in laptops]
    assert all(state == states[0] for state in states)
    changes = list(laptops[0].known.values())
    shuffled = list(changes)
    random.shuffle(shuffled)
    assert merge(shuffled) == states[0]
    assert merge(changes + shuffled[: len(shuffled) // 2]) == states[0]
    assert [c.id for c in states[0].conflicts] == [c.id for c in merge(shuffled).conflicts]


@PROPERTY
@given(simulation)
def test_no_value_is_lost(run: tuple[int, list[int], list[tuple[Any, ...]]]) -> None:
    laptops = _simulate(*run)
    _full_exchange(laptops)
    changes = list(laptops[0].known.values())
    state = merge(changes)
    conflicts = {(c.table, c.row_id, c.field): c for c in state.conflicts}
    event(f"deletion conflicts: {min(2, sum(c.is_deletion for c in state.conflicts))}")
    event(f"field conflicts: {min(2, sum(not c.is_deletion for c in state.conflicts))}")
    for (table, row, name), heads in _heads(changes).items():
        listed = {(c.device, c.seq, c.field) for conflict in conflicts.values()
                  if (conflict.table, conflict.row_id) == (table, row)
                  for c in conflict.candidates}  # fmt: skip
        if (table, row) in state.records:
            if name == DELETED:
                continue
            shown = state.records[(table, row)][name]
            distinct = {repr(c.ops[(table, row, name)]) for c in heads}
            assert ((table, row, name) in conflicts) == (len(distinct) > 1)
            for head in heads:
                value = head.ops[(table, row, name)]
                assert value == shown or (head.device, head.seq, name) in listed
        else:
            assert (table, row) in state.deleted
            live = _live_deletes(changes, table, row)
            assert live, "a record is only deleted by a delete nobody has seen past"
            for head in heads:
                if name == DELETED and head.ops[(table, row, name)] is True:
                    continue
                known_to_deleters = all(d.vv.seen(head.device, head.seq) for d in live)
                assert known_to_deleters or (head.device, head.seq, name) in listed


def _live_deletes(changes: list[ChangeRecord], table: str, row: str) -> list[ChangeRecord]:
    """Deletes of the record that no other change touching the record has seen."""
    touching = [c for c in changes if any(k[:2] == (table, row) for k in c.ops)]
    return [
        d for d in touching
        if d.ops.get((table, row, DELETED)) is True
        and not any(o is not d and o.vv.seen(d.device, d.seq) for o in touching)
    ]  # fmt: skip
