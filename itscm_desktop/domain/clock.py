"""The sync clocks: hybrid logical clocks to order edits, version vectors for causality.

Causality ("has this change seen that one?") is decided by version vectors only.
The hybrid logical clock (Kulkarni et al., 2014) gives every change a timestamp
that is close to wall-clock time, never goes backwards on a device, and is later
than every change the device had received; the sync engine uses it to pick the
displayed value among conflicting heads, so every copy shows the same one.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

__all__ = ["DEFAULT_MAX_DRIFT_MS", "Hlc", "HybridClock", "VersionVector"]

WALL_MS_LIMIT = 10**15
"""Exclusive upper bound of ``Hlc.wall_ms`` (the year 33658): 15 digits when encoded."""
COUNTER_LIMIT = 10**5
"""Exclusive upper bound of ``Hlc.counter``: 5 digits when encoded."""
DEFAULT_MAX_DRIFT_MS = 365 * 24 * 60 * 60 * 1000
MAX_DEVICE_LENGTH = 100

_ENCODED = re.compile(r"([0-9]{15})\.([0-9]{5})\.(.+)", re.DOTALL)


def _check_device(device: object) -> str:
    if not isinstance(device, str) or not device:
        raise ValueError(f"A device id must be a non-empty string, not {device!r}.")
    if len(device) > MAX_DEVICE_LENGTH:
        raise ValueError(f"Device id longer than {MAX_DEVICE_LENGTH} characters: {device!r}.")
    if not device.isprintable() or any(char.isspace() for char in device):
        raise ValueError(f"A device id cannot contain spaces or control characters: {device!r}.")
    return device


def _check_count(name: str, value: object, limit: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name} must be an integer, not {value!r}.")
    if value < 0 or (limit is not None and value >= limit):
        bound = f"below {limit}" if limit is not None else "or more"
        raise ValueError(f"{name} must be 0 {bound}, not {value}.")
    return value


@dataclass(frozen=True, order=True)
class Hlc:
    """A hybrid logical clock reading; ordered by (wall_ms, counter, device).

    ``encode()`` gives fixed-width text whose plain string order (and SQLite's
    default BINARY collation over UTF-8) equals this order, so the vault can index
    and compare encoded clocks directly.
    """

    wall_ms: int
    counter: int
    device: str

    def __post_init__(self) -> None:
        _check_count("Hlc.wall_ms", self.wall_ms, WALL_MS_LIMIT)
        _check_count("Hlc.counter", self.counter, COUNTER_LIMIT)
        _check_device(self.device)

    def encode(self) -> str:
        """``"000001700000000000.00003.laptop-a"``-style text: 15 digits, 5 digits, device."""
        return f"{self.wall_ms:015d}.{self.counter:05d}.{self.device}"

    @classmethod
    def decode(cls, text: str) -> Hlc:
        """Read what :meth:`encode` wrote; raises ValueError on anything else."""
        match = _ENCODED.fullmatch(text)
        if match is None:
            raise ValueError(f"Not an encoded hybrid clock: {text!r}.")
        return cls(int(match.group(1)), int(match.group(2)), match.group(3))


def _wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """One device's hybrid logical clock. Thread-safe.

    Pass ``last`` (the highest clock this vault has stored, from any device) when
    reopening a vault so that readings stay monotonic across restarts. ``now_ms``
    is injectable for tests.

    A remote clock more than ``max_drift_ms`` ahead of our wall clock (a laptop
    whose date is set years ahead) is *not* merged: adopting it would stamp every
    later local edit with that future time. :meth:`observe` then behaves like
    :meth:`tick`, so readings stay monotonic, but the result is not guaranteed to
    be later than that remote reading. Causality is unaffected, because it is
    decided by version vectors; use :meth:`too_far_ahead` to warn the user.
    """

    def __init__(
        self,
        device: str,
        now_ms: Callable[[], int] = _wall_clock_ms,
        last: Hlc | None = None,
        max_drift_ms: int = DEFAULT_MAX_DRIFT_MS,
    ) -> None:
        self._device = _check_device(device)
        self._now_ms = now_ms
        self._max_drift_ms = _check_count("max_drift_ms", max_drift_ms)
        self._lock = threading.Lock()
        self._last = last
        self._wall = last.wall_ms if last is not None else 0
        self._counter = last.counter if last is not None else -1

    @property
    def device(self) -> str:
        return self._device

    @property
    def last(self) -> Hlc | None:
        """The latest reading issued or resumed from, or None before the first one."""
        with self._lock:
            return self._last

    def tick(self) -> Hlc:
        """A reading for a local event: later than every reading this clock gave before."""
        with self._lock:
            return self._advance(self._physical(), None)

    def observe(self, remote: Hlc) -> Hlc:
        """Merge a received reading; the result is later than it and than our last one.

        Except for remote readings that are :meth:`too_far_ahead`: see the class doc.
        """
        with self._lock:
            physical = self._physical()
            if remote.wall_ms > physical + self._max_drift_ms:
                return self._advance(physical, None)
            return self._advance(physical, remote)

    def too_far_ahead(self, remote: Hlc) -> bool:
        """True if ``remote`` is further ahead of our wall clock than the allowed drift."""
        return remote.wall_ms > max(0, self._now_ms()) + self._max_drift_ms

    def _physical(self) -> int:
        return max(0, self._now_ms())

    def _advance(self, physical: int, remote: Hlc | None) -> Hlc:
        old_wall, old_counter = self._wall, self._counter
        remote_wall = remote.wall_ms if remote is not None else -1
        wall = max(old_wall, remote_wall, physical)
        if remote is not None and wall == old_wall == remote_wall:
            counter = max(old_counter, remote.counter) + 1
        elif wall == old_wall:
            counter = old_counter + 1
        elif remote is not None and wall == remote_wall:
            counter = remote.counter + 1
        else:
            counter = 0
        if counter >= COUNTER_LIMIT:
            # More events within one millisecond than the counter can number:
            # borrow the next millisecond, which keeps the order and the width.
            wall, counter = wall + 1, 0
        reading = Hlc(wall, counter, self._device)
        self._wall, self._counter, self._last = wall, counter, reading
        return reading


class VersionVector:
    """Immutable map device -> highest change sequence number seen from that device.

    Missing devices read as 0, and zero entries are dropped, so ``{}`` and
    ``{"a": 0}`` are the same vector. Sequence numbers are per device and start
    at 1. Equal vectors have equal :meth:`to_json` text and equal hashes.
    """

    __slots__ = ("_entries", "_hash")

    _entries: dict[str, int]
    _hash: int

    def __init__(self, entries: Mapping[str, int] | Iterable[tuple[str, int]] = ()) -> None:
        pairs = entries.items() if isinstance(entries, Mapping) else entries
        cleaned: dict[str, int] = {}
        for device, seq in pairs:
            _check_device(device)
            if device in cleaned:
                raise ValueError(f"Device {device!r} appears twice in a version vector.")
            cleaned[device] = _check_count(f"Sequence number of {device!r}", seq)
        self._entries = {device: cleaned[device] for device in sorted(cleaned) if cleaned[device]}
        self._hash = hash(frozenset(self._entries.items()))

    def get(self, device: str) -> int:
        """The highest sequence number seen from ``device``; 0 if none."""
        return self._entries.get(device, 0)

    def __getitem__(self, device: str) -> int:
        return self.get(device)

    def __contains__(self, device: object) -> bool:
        return device in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def items(self) -> list[tuple[str, int]]:
        """Non-zero entries, sorted by device."""
        return list(self._entries.items())

    def as_dict(self) -> dict[str, int]:
        return dict(self._entries)

    def seen(self, device: str, seq: int) -> bool:
        """True iff change ``seq`` of ``device`` is covered by this vector."""
        return self.get(device) >= seq

    def with_event(self, device: str, seq: int) -> VersionVector:
        """This vector plus change ``seq`` of ``device`` (never lowers an entry).

        It does not check for gaps: the sync engine applies a device's changes in order.
        """
        if seq <= self.get(device):
            _check_device(device)
            _check_count("seq", seq)
            return self
        return VersionVector({**self._entries, device: seq})

    def merge(self, other: VersionVector) -> VersionVector:
        """Pointwise maximum: everything either vector has seen."""
        merged = dict(self._entries)
        for device, seq in other._entries.items():
            merged[device] = max(merged.get(device, 0), seq)
        return VersionVector(merged)

    def dominates(self, other: VersionVector) -> bool:
        """True if this vector has seen everything ``other`` has (equal vectors included)."""
        return all(self.get(device) >= seq for device, seq in other._entries.items())

    def concurrent_with(self, other: VersionVector) -> bool:
        """True if each vector has seen something the other has not."""
        return not self.dominates(other) and not other.dominates(self)

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, no spaces, ASCII only."""
        return json.dumps(self._entries, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> VersionVector:
        """Read a JSON object of device -> non-negative integer; ValueError otherwise."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"Not a version vector: {error}.") from None
        if not isinstance(data, dict):
            raise ValueError("A version vector must be a JSON object.")
        return cls(data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VersionVector):
            return NotImplemented
        return self._entries == other._entries

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"VersionVector({self._entries!r})"
