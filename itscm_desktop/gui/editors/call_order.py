"""The shape of a call tree (who calls whom, in which order) and how it changes when an
entry is indented, outdented, moved or removed. Plain Python: the editor turns the
difference between two shapes into one save.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CallOrder:
    """Callers and the people each calls, in order; None is the top (who starts)."""

    calls: dict[str | None, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, nodes: Iterable[Mapping[str, Any]]) -> CallOrder:
        """From stored entries; a caller missing from the tree counts as the top."""
        rows = list(nodes)
        ids = {str(n["id"]) for n in rows}
        order = cls()
        ranked = sorted(rows, key=lambda n: (int(n.get("position") or 0), str(n["id"])))
        for node in ranked:
            caller = node.get("parent_id")
            caller = str(caller) if caller in ids else None
            order.calls.setdefault(caller, []).append(str(node["id"]))
        return order

    def caller(self, node_id: str) -> str | None:
        for caller, called in self.calls.items():
            if node_id in called:
                return caller
        raise KeyError(node_id)

    def called_by(self, caller: str | None) -> list[str]:
        return list(self.calls.get(caller, []))

    def below(self, node_id: str) -> set[str]:
        """Everyone the entry calls, directly or through others."""
        found: set[str] = set()
        pending = self.called_by(node_id)
        while pending:
            current = pending.pop()
            if current not in found:
                found.add(current)
                pending += self.called_by(current)
        return found

    def placements(self) -> dict[str, tuple[str | None, int]]:
        """Every entry's (caller, position)."""
        return {
            node: (caller, position)
            for caller, called in self.calls.items()
            for position, node in enumerate(called)
        }

    def moved(self, node_id: str, caller: str | None, index: int) -> CallOrder:
        """The shape after moving the entry (with everyone it calls) under `caller` at
        `index` among the others there. Raises ValueError for a move into its own branch."""
        if caller == node_id or (caller is not None and caller in self.below(node_id)):
            raise ValueError("A person cannot be called by someone they call themselves.")
        calls = {k: [n for n in v if n != node_id] for k, v in self.calls.items()}
        siblings = calls.setdefault(caller, [])
        siblings.insert(max(0, min(index, len(siblings))), node_id)
        return CallOrder({k: v for k, v in calls.items() if v})

    def indented(self, node_id: str) -> CallOrder | None:
        """Called by the entry above it (its previous sibling), as that entry's last call."""
        siblings = self.called_by(self.caller(node_id))
        index = siblings.index(node_id)
        if index == 0:
            return None
        above = siblings[index - 1]
        return self.moved(node_id, above, len(self.called_by(above)))

    def outdented(self, node_id: str) -> CallOrder | None:
        """Called by its caller's caller, right after its former caller."""
        caller = self.caller(node_id)
        if caller is None:
            return None
        grand = self.caller(caller)
        return self.moved(node_id, grand, self.called_by(grand).index(caller) + 1)

    def shifted(self, node_id: str, step: int) -> CallOrder | None:
        """Moved up (-1) or down (+1) among the people its caller calls."""
        caller = self.caller(node_id)
        siblings = self.called_by(caller)
        index = siblings.index(node_id) + step
        if not 0 <= index < len(siblings):
            return None
        return self.moved(node_id, caller, index)

    def without(self, node_id: str) -> CallOrder:
        """The shape after removing the entry: the people it called take its place, in
        their order, called by its caller (as the vault does)."""
        caller = self.caller(node_id)
        calls = {k: list(v) for k, v in self.calls.items() if k != node_id}
        siblings = calls.setdefault(caller, [])
        index = siblings.index(node_id)
        siblings[index : index + 1] = self.called_by(node_id)
        return CallOrder({k: v for k, v in calls.items() if v})


def stored_placements(nodes: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str | None, int]]:
    """Every entry's (caller, position) exactly as stored."""
    return {str(n["id"]): (n.get("parent_id"), int(n.get("position") or 0)) for n in nodes}


def changes(
    stored: Mapping[str, tuple[str | None, int]], after: CallOrder
) -> dict[str, dict[str, object]]:
    """{entry id: fields to store} for the entries whose caller or position differ from
    what is stored, so that positions read 0..n under every caller."""
    result: dict[str, dict[str, object]] = {}
    for node, (caller, position) in after.placements().items():
        if node not in stored:
            continue
        was_caller, was_position = stored[node]
        values: dict[str, object] = {}
        if caller != was_caller:
            values["parent_id"] = caller
        if position != was_position:
            values["position"] = position
        if values:
            result[node] = values
    return result
