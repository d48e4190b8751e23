"""Tests for itscm_desktop.domain.clock."""

from __future__ import annotations

import json
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itscm_desktop.domain.clock import (
    COUNTER_LIMIT,
    DEFAULT_MAX_DRIFT_MS,
    WALL_MS_LIMIT,
    Hlc,
    HybridClock,
    VersionVector,
)

YEAR_MS = 365 * 24 * 3600 * 1000
T0 = 1_700_000_000_000  # November 2023, in ms


class FakeWall:
    """A settable wall clock."""

    def __init__(self, now: int = T0) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


def _clock(
    device: str = "a",
    now: int = T0,
    last: Hlc | None = None,
    max_drift_ms: int = DEFAULT_MAX_DRIFT_MS,
) -> tuple[HybridClock, FakeWall]:
    wall = FakeWall(now)
    return HybridClock(device, wall, last=last, max_drift_ms=max_drift_ms), wall


# --- Hlc ---------------------------------------------------------------------------


def test_encode_is_fixed_width_and_decodes() -> None:
    reading = Hlc(T0, 7, "laptop-a")
    assert reading.encode() == "001700000000000.00007.laptop-a"
    assert Hlc.decode(reading.encode()) == reading
    assert Hlc.decode("000000000000000.00000.x.y") == Hlc(0, 0, "x.y")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1.2.a",
        "00170000000000.00007.a",
        "001700000000000.0007.a",
        "001700000000000.00007.",
        "x",
    ],
)
def test_decode_rejects_other_text(text: str) -> None:
    with pytest.raises(ValueError):
        Hlc.decode(text)


@pytest.mark.parametrize(
    ("wall", "counter", "device"),
    [
        (-1, 0, "a"),
        (WALL_MS_LIMIT, 0, "a"),
        (0, -1, "a"),
        (0, COUNTER_LIMIT, "a"),
        (0, 0, ""),
        (0, 0, "a b"),
        (0, 0, "a\nb"),
        (0, 0, "x" * 101),
        (True, 0, "a"),
        (1.5, 0, "a"),
    ],
)
def test_hlc_rejects_out_of_range_fields(wall: int, counter: int, device: str) -> None:
    with pytest.raises(ValueError):
        Hlc(wall, counter, device)


_devices = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S"]), min_size=1, max_size=8
)
_readings = st.builds(
    Hlc,
    st.integers(min_value=0, max_value=WALL_MS_LIMIT - 1),
    st.integers(min_value=0, max_value=COUNTER_LIMIT - 1),
    _devices,
)


@given(_readings, _readings)
def test_encoded_order_equals_tuple_order(first: Hlc, second: Hlc) -> None:
    a, b = first.encode(), second.encode()
    assert (a < b) == (first < second)
    assert (a == b) == (first == second)
    # SQLite's BINARY collation compares the UTF-8 bytes.
    assert (a.encode() < b.encode()) == (first < second)
    assert Hlc.decode(a) == first


# --- HybridClock -------------------------------------------------------------------


def test_tick_follows_the_wall_clock() -> None:
    clock, wall = _clock()
    assert clock.last is None
    assert clock.tick() == Hlc(T0, 0, "a")
    wall.now += 5
    assert clock.tick() == Hlc(T0 + 5, 0, "a")
    assert clock.last == Hlc(T0 + 5, 0, "a")


def test_tick_within_one_millisecond_counts_up() -> None:
    clock, _ = _clock()
    readings = [clock.tick() for _ in range(3)]
    assert readings == [Hlc(T0, 0, "a"), Hlc(T0, 1, "a"), Hlc(T0, 2, "a")]


def test_tick_stays_monotonic_when_the_wall_clock_goes_back() -> None:
    clock, wall = _clock()
    first = clock.tick()
    wall.now -= 60_000
    second = clock.tick()
    assert second == Hlc(T0, 1, "a")
    assert second > first


def test_counter_overflow_borrows_the_next_millisecond() -> None:
    clock, _ = _clock(last=Hlc(T0, COUNTER_LIMIT - 1, "a"))
    assert clock.tick() == Hlc(T0 + 1, 0, "a")


def test_resumes_from_last_stored_reading() -> None:
    clock, _ = _clock(device="b", now=T0 - 10_000, last=Hlc(T0, 4, "a"))
    assert clock.tick() == Hlc(T0, 5, "b")


def test_observe_merges_a_remote_reading() -> None:
    clock, wall = _clock()
    clock.tick()  # (T0, 0)
    assert clock.observe(Hlc(T0 + 100, 3, "b")) == Hlc(T0 + 100, 4, "a")
    assert clock.observe(Hlc(T0 + 100, 9, "c")) == Hlc(T0 + 100, 10, "a")
    assert clock.observe(Hlc(T0 + 50, 99, "b")) == Hlc(T0 + 100, 11, "a")
    wall.now = T0 + 200
    assert clock.observe(Hlc(T0 + 150, 5, "b")) == Hlc(T0 + 200, 0, "a")


def test_remote_too_far_ahead_is_not_adopted() -> None:
    clock, _ = _clock()
    before = clock.tick()
    absurd = Hlc(T0 + DEFAULT_MAX_DRIFT_MS + 1, 0, "b")
    assert clock.too_far_ahead(absurd)
    after = clock.observe(absurd)
    assert after > before
    assert after.wall_ms == T0
    assert clock.tick().wall_ms == T0


def test_remote_just_within_the_drift_is_adopted() -> None:
    clock, _ = _clock(max_drift_ms=1000)
    remote = Hlc(T0 + 1000, 0, "b")
    assert not clock.too_far_ahead(remote)
    assert clock.observe(remote) == Hlc(T0 + 1000, 1, "a")
    assert clock.too_far_ahead(Hlc(T0 + 1001, 0, "b"))


def test_clock_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        HybridClock("")
    with pytest.raises(ValueError):
        HybridClock("a", max_drift_ms=-1)


def test_default_clock_reads_real_time() -> None:
    reading = HybridClock("a").tick()
    assert reading.wall_ms > T0


_step = st.tuples(
    st.sampled_from(["tick", "send", "jump"]),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=-2 * YEAR_MS, max_value=2 * YEAR_MS),
)


@given(
    st.lists(st.integers(min_value=-2 * YEAR_MS, max_value=2 * YEAR_MS), min_size=3, max_size=3),
    st.lists(_step, max_size=60),
)
def test_readings_are_monotonic_under_skewed_clocks(
    skews: list[int], steps: list[tuple[str, int, int, int]]
) -> None:
    """Three devices with skewed, jumping wall clocks exchanging readings at random."""
    walls = [FakeWall(T0 + skew) for skew in skews]
    clocks = [HybridClock(f"d{i}", walls[i]) for i in range(3)]
    latest: list[Hlc | None] = [None, None, None]
    for action, source, target, amount in steps:
        if action == "jump":
            walls[source].now = max(0, walls[source].now + amount)
            continue
        reading = clocks[source].tick()
        _assert_later(reading, latest[source])
        latest[source] = reading
        if action == "send" and target != source:
            merged = clocks[target].observe(reading)
            _assert_later(merged, latest[target])
            latest[target] = merged
            if not clocks[target].too_far_ahead(reading):
                assert merged > reading


def _assert_later(reading: Hlc, previous: Hlc | None) -> None:
    if previous is not None:
        assert reading > previous
        assert reading.encode() > previous.encode()


def test_clock_is_safe_across_threads() -> None:
    clock, _ = _clock()
    results: list[Hlc] = []
    lock = threading.Lock()

    def work() -> None:
        mine = [clock.tick() for _ in range(500)]
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 2000


# --- VersionVector -----------------------------------------------------------------


def test_missing_devices_read_as_zero_and_zeros_are_dropped() -> None:
    vector = VersionVector({"a": 3, "b": 0})
    assert vector.get("a") == 3
    assert vector.get("b") == 0
    assert vector["zzz"] == 0
    assert "b" not in vector
    assert len(vector) == 1
    assert vector == VersionVector({"a": 3})
    assert VersionVector() == VersionVector({"x": 0})
    assert hash(VersionVector()) == hash(VersionVector({"x": 0}))


def test_seen() -> None:
    vector = VersionVector({"a": 3})
    assert vector.seen("a", 3)
    assert vector.seen("a", 1)
    assert not vector.seen("a", 4)
    assert not vector.seen("b", 1)


def test_with_event_never_lowers() -> None:
    vector = VersionVector({"a": 3})
    assert vector.with_event("a", 4) == VersionVector({"a": 4})
    assert vector.with_event("b", 1) == VersionVector({"a": 3, "b": 1})
    assert vector.with_event("a", 2) == vector
    assert vector == VersionVector({"a": 3})  # unchanged: immutable


def test_dominates_and_concurrent() -> None:
    older = VersionVector({"a": 1})
    newer = VersionVector({"a": 2, "b": 1})
    other = VersionVector({"a": 1, "c": 5})
    assert newer.dominates(older)
    assert not older.dominates(newer)
    assert newer.dominates(newer)
    assert not newer.concurrent_with(older)
    assert not newer.concurrent_with(newer)
    assert newer.concurrent_with(other)
    assert other.concurrent_with(newer)
    assert VersionVector().concurrent_with(VersionVector()) is False


def test_json_is_canonical() -> None:
    vector = VersionVector([("zeta", 2), ("alpha", 10)])
    assert vector.to_json() == '{"alpha":10,"zeta":2}'
    assert VersionVector.from_json(' { "zeta" : 2, "alpha": 10, "b": 0 } ') == vector
    assert VersionVector.from_json("{}") == VersionVector()
    assert VersionVector({"Ørsted": 1}).to_json() == '{"\\u00d8rsted":1}'


@pytest.mark.parametrize(
    "text", ["", "[]", '{"a": -1}', '{"a": 1.5}', '{"a": true}', '{"a": "1"}', '{"": 1}', "{"]
)
def test_from_json_rejects_bad_text(text: str) -> None:
    with pytest.raises(ValueError):
        VersionVector.from_json(text)


def test_rejects_duplicate_devices_and_bad_numbers() -> None:
    with pytest.raises(ValueError, match="twice"):
        VersionVector([("a", 1), ("a", 2)])
    with pytest.raises(ValueError):
        VersionVector({"a": -1})
    with pytest.raises(ValueError):
        VersionVector().with_event("a", -1)


def test_not_equal_to_a_plain_dict() -> None:
    assert VersionVector({"a": 1}) != {"a": 1}
    assert repr(VersionVector({"a": 1})) == "VersionVector({'a': 1})"
    assert VersionVector({"b": 1, "a": 2}).items() == [("a", 2), ("b", 1)]
    assert list(VersionVector({"b": 1, "a": 2})) == ["a", "b"]
    assert VersionVector({"a": 2}).as_dict() == {"a": 2}


_vectors = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d"]), st.integers(min_value=0, max_value=6)
).map(VersionVector)


@given(_vectors, _vectors, _vectors)
def test_merge_is_a_join(x: VersionVector, y: VersionVector, z: VersionVector) -> None:
    assert x.merge(y) == y.merge(x)
    assert x.merge(y).merge(z) == x.merge(y.merge(z))
    assert x.merge(x) == x
    merged = x.merge(y)
    assert merged.dominates(x)
    assert merged.dominates(y)
    assert merged.to_json() == y.merge(x).to_json()
    assert hash(merged) == hash(y.merge(x))


@given(_vectors, _vectors)
def test_order_relations_agree(x: VersionVector, y: VersionVector) -> None:
    devices = set(x) | set(y)
    assert x.dominates(y) == all(x.get(d) >= y.get(d) for d in devices)
    assert x.concurrent_with(y) == (not x.dominates(y) and not y.dominates(x))
    assert (x == y) == (x.dominates(y) and y.dominates(x))
    assert (x == y) == (x.to_json() == y.to_json())
    assert VersionVector.from_json(x.to_json()) == x
    assert json.loads(x.to_json()) == x.as_dict()
