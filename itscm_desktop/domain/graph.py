"""Directed graphs of the plan: dependencies, call trees, runbook step order.

Everything here is iterative, so a 10,000-node chain does not hit Python's
recursion limit, and deterministic: the same input gives the same answer, in the
same order, on every laptop.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from itertools import pairwise
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

__all__ = ["DependencyGraph", "RecoveryOrder", "find_cycle", "would_create_cycle"]

N = TypeVar("N", bound=Hashable)

_ON_PATH, _DONE = 1, 2


def find_cycle(edges: Mapping[N, Iterable[N]]) -> list[N] | None:
    """One cycle as a closed path ``[a, b, c, a]`` (a self-loop is ``[a, a]``), or None.

    ``edges`` maps each node to the nodes it points to; nodes that appear only as
    targets need no entry. Nodes and edges are explored in the mapping's order.
    """
    adjacency = {node: list(targets) for node, targets in edges.items()}
    state: dict[N, int] = {}
    for root in adjacency:
        if root in state:
            continue
        path = [root]
        position = {root: 0}
        state[root] = _ON_PATH
        stack: list[Iterator[N]] = [iter(adjacency[root])]
        while stack:
            for target in stack[-1]:
                seen = state.get(target)
                if seen == _ON_PATH:
                    return [*path[position[target] :], target]
                if seen is None:
                    state[target] = _ON_PATH
                    position[target] = len(path)
                    path.append(target)
                    stack.append(iter(adjacency.get(target, ())))
                    break
            else:
                finished = path.pop()
                del position[finished]
                state[finished] = _DONE
                stack.pop()
    return None


def would_create_cycle(edges: Mapping[N, Iterable[N]], new_from: N, new_to: N) -> list[N] | None:
    """The cycle that adding the edge ``new_from -> new_to`` would close, or None.

    The answer is the shortest such cycle, as a closed path starting with
    ``[new_from, new_to, ...]``. Cycles already in ``edges`` that do not use the new
    edge are not reported. For a move (re-parenting a call-tree node), pass
    ``edges`` without the edge being replaced.
    """
    if new_from == new_to:
        return [new_from, new_from]
    came_from: dict[N, N | None] = {new_to: None}
    queue = deque([new_to])
    while queue:
        node = queue.popleft()
        for target in edges.get(node, ()):
            if target in came_from:
                continue
            came_from[target] = node
            if target == new_from:
                path = [target]
                step = came_from[target]
                while step is not None:
                    path.append(step)
                    step = came_from[step]
                return [new_from, *reversed(path)]
            queue.append(target)
    return None


class RecoveryOrder(list[N]):
    """A recovery order: a plain list of nodes, plus the dependency cycles it had to break.

    Each cycle is a closed path ``[a, b, a]`` in the full graph. An empty
    ``cycles`` means the order respects every dependency.
    """

    def __init__(self, nodes: Iterable[N] = (), cycles: Iterable[list[N]] = ()) -> None:
        super().__init__(nodes)
        self.cycles: list[list[N]] = list(cycles)


class DependencyGraph(Generic[N]):
    """What depends on what: built from ``(from_id, to_id, kind)`` triples.

    An edge means "from depends on to" (a service *runs on* an asset, an asset is
    *hosted at* a site). Upstream is what a node needs; downstream is what needs
    it. The graph is immutable: build a new one after an edit.
    """

    def __init__(self, edges: Iterable[tuple[N, N, str]] = ()) -> None:
        self._needs: dict[N, dict[N, None]] = {}
        self._needed_by: dict[N, dict[N, None]] = {}
        self._kinds: dict[tuple[N, N], set[str]] = {}
        for source, target, kind in edges:
            self._needs.setdefault(source, {})[target] = None
            self._needed_by.setdefault(target, {})[source] = None
            self._needs.setdefault(target, {})
            self._needed_by.setdefault(source, {})
            self._kinds.setdefault((source, target), set()).add(kind)

    @property
    def nodes(self) -> set[N]:
        return set(self._needs)

    def kinds(self, source: N, target: N) -> frozenset[str]:
        """The kinds of the edges ``source -> target`` (empty if there is none)."""
        return frozenset(self._kinds.get((source, target), ()))

    def depends_on(self, node: N) -> set[N]:
        """What ``node`` directly depends on."""
        return set(self._needs.get(node, ()))

    def needed_by(self, node: N) -> set[N]:
        """What directly depends on ``node``."""
        return set(self._needed_by.get(node, ()))

    def all_upstream(self, node: N) -> set[N]:
        """Everything ``node`` needs, directly or through others (``node`` itself excluded)."""
        return _reachable(self._needs, node)

    def all_downstream(self, node: N) -> set[N]:
        """Everything that needs ``node``, directly or through others (``node`` excluded)."""
        return _reachable(self._needed_by, node)

    def impact_of(self, node: N) -> set[N]:
        """If ``node`` fails, what goes down with it: everything that transitively needs it."""
        return self.all_downstream(node)

    def find_cycle(self) -> list[N] | None:
        """One dependency cycle as a closed path, or None."""
        return find_cycle(self._needs)

    def recovery_order(
        self,
        nodes: Iterable[N],
        key: Callable[[N], SupportsRichComparison] | None = None,
    ) -> RecoveryOrder[N]:
        """Order ``nodes`` so that each comes after everything it needs, dependencies first.

        Only the given nodes are returned, but dependencies through other nodes
        count (if service A runs on asset X which needs service B, B comes before
        A). Among nodes free to go next, the smallest ``key`` goes first, then the
        earlier in ``nodes``. A cycle never stops the order: it is recorded in
        ``RecoveryOrder.cycles`` and broken at its member with the smallest key.
        """
        wanted = list(dict.fromkeys(nodes))
        rank = {node: index for index, node in enumerate(wanted)}

        def priority(node: N) -> tuple[SupportsRichComparison, int]:
            return (key(node) if key is not None else 0, rank[node])

        prerequisites = {node: self._first_wanted_upstream(node, rank) for node in wanted}
        dependants: dict[N, set[N]] = {node: set() for node in wanted}
        for node, needs in prerequisites.items():
            for need in needs:
                dependants[need].add(node)
        waiting = {node: len(needs) for node, needs in prerequisites.items()}
        ready = [(priority(node), node) for node in wanted if not waiting[node]]
        heapq.heapify(ready)
        order: list[N] = []
        cycles: list[list[N]] = []
        placed: set[N] = set()
        while len(order) < len(wanted):
            if not ready:
                cycle = self._blocking_cycle(wanted, prerequisites, placed, priority)
                cycles.append(cycle)
                breaker = min((n for n in cycle if n in rank and n not in placed), key=priority)
                for need in prerequisites[breaker] - placed:
                    dependants[need].discard(breaker)
                waiting[breaker] = 0
                heapq.heappush(ready, (priority(breaker), breaker))
            _, node = heapq.heappop(ready)
            order.append(node)
            placed.add(node)
            for dependant in dependants[node]:
                waiting[dependant] -= 1
                if waiting[dependant] == 0:
                    heapq.heappush(ready, (priority(dependant), dependant))
        return RecoveryOrder(order, cycles)

    def _first_wanted_upstream(self, start: N, wanted: Mapping[N, int]) -> set[N]:
        """Wanted nodes reachable from ``start`` without passing through another wanted node."""
        found: set[N] = set()
        seen: set[N] = set()
        frontier = list(self._needs.get(start, ()))
        while frontier:
            node = frontier.pop()
            if node in seen:
                continue
            seen.add(node)
            if node in wanted:
                found.add(node)
            else:
                frontier.extend(self._needs.get(node, ()))
        return found

    def _blocking_cycle(
        self,
        wanted: list[N],
        prerequisites: Mapping[N, set[N]],
        placed: set[N],
        priority: Callable[[N], tuple[SupportsRichComparison, int]],
    ) -> list[N]:
        remaining = sorted((node for node in wanted if node not in placed), key=priority)
        induced = {node: sorted(prerequisites[node] - placed, key=priority) for node in remaining}
        hops = find_cycle(induced)
        if hops is None:  # pragma: no cover - Kahn's algorithm only stalls on a cycle
            raise AssertionError("recovery order stalled without a cycle")
        cycle = [hops[0]]
        for source, target in pairwise(hops):
            cycle.extend(self._path_outside(source, target, set(prerequisites))[1:])
        return cycle

    def _path_outside(self, source: N, target: N, wanted: set[N]) -> list[N]:
        """Shortest path source -> target whose inner nodes are all outside ``wanted``."""
        came_from: dict[N, N | None] = {source: None}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            for need in self._needs.get(node, ()):
                if need == target:
                    path = [target, node]
                    step = came_from[node]
                    while step is not None:
                        path.append(step)
                        step = came_from[step]
                    return path[::-1]
                if need in came_from or need in wanted:
                    continue
                came_from[need] = node
                queue.append(need)
        raise AssertionError("prerequisite without a path")  # pragma: no cover


def _reachable(adjacency: Mapping[N, Mapping[N, None]], start: N) -> set[N]:
    found: set[N] = set()
    frontier = list(adjacency.get(start, ()))
    while frontier:
        node = frontier.pop()
        if node not in found:
            found.add(node)
            frontier.extend(adjacency.get(node, ()))
    found.discard(start)
    return found
