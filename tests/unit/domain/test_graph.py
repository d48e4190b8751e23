"""Tests for itscm_desktop.domain.graph."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itscm_desktop.domain.graph import (
    DependencyGraph,
    RecoveryOrder,
    find_cycle,
    would_create_cycle,
)


def _assert_closed_path(cycle: list[str], edges: Mapping[str, Iterable[str]]) -> None:
    assert len(cycle) >= 2
    assert cycle[0] == cycle[-1]
    assert len(set(cycle[:-1])) == len(cycle) - 1, "a cycle visits each node once"
    for source, target in pairwise(cycle):
        assert target in edges.get(source, ()), f"{source} -> {target} is not an edge"


def _reaches_itself(edges: Mapping[str, Iterable[str]]) -> bool:
    """Brute force: does any node reach itself by following one or more edges?"""
    for start in edges:
        seen: set[str] = set()
        frontier = list(edges[start])
        while frontier:
            node = frontier.pop()
            if node == start:
                return True
            if node not in seen:
                seen.add(node)
                frontier.extend(edges.get(node, ()))
    return False


# --- find_cycle ----------------------------------------------------------------------


def test_no_cycle() -> None:
    assert find_cycle({}) is None
    assert find_cycle({"a": ["b", "c"], "b": ["c"], "c": []}) is None
    assert find_cycle({"a": ["b"], "c": ["b"]}) is None  # b appears only as a target


def test_finds_a_cycle_as_closed_path() -> None:
    edges = {"a": ["b"], "b": ["c"], "c": ["a"], "x": ["a"]}
    assert find_cycle(edges) == ["a", "b", "c", "a"]


def test_self_loop() -> None:
    assert find_cycle({"a": ["a"]}) == ["a", "a"]


def test_cycle_reached_from_an_acyclic_part() -> None:
    edges = {"root": ["x", "y"], "x": [], "y": ["z"], "z": ["w"], "w": ["y"]}
    assert find_cycle(edges) == ["y", "z", "w", "y"]


def test_accepts_one_shot_iterables() -> None:
    edges = {"a": iter(["b"]), "b": (n for n in ["a"])}
    assert find_cycle(edges) == ["a", "b", "a"]


def test_ten_thousand_node_chain_does_not_recurse() -> None:
    size = 10_000
    edges = {f"n{i}": [f"n{i + 1}"] for i in range(size)}
    assert find_cycle(edges) is None
    edges[f"n{size}"] = ["n0"]
    cycle = find_cycle(edges)
    assert cycle is not None
    assert len(cycle) == size + 2
    _assert_closed_path(cycle, edges)


_small_graphs = st.dictionaries(
    st.sampled_from("abcdef"), st.lists(st.sampled_from("abcdef"), max_size=3), max_size=6
)


@given(_small_graphs)
def test_find_cycle_agrees_with_brute_force(edges: dict[str, list[str]]) -> None:
    cycle = find_cycle(edges)
    assert (cycle is not None) == _reaches_itself(edges)
    if cycle is not None:
        _assert_closed_path(cycle, edges)


# --- would_create_cycle --------------------------------------------------------------


def test_would_create_cycle() -> None:
    edges = {"a": ["b"], "b": ["c"]}
    assert would_create_cycle(edges, "c", "a") == ["c", "a", "b", "c"]
    assert would_create_cycle(edges, "a", "c") is None
    assert would_create_cycle(edges, "x", "a") is None
    assert would_create_cycle(edges, "a", "a") == ["a", "a"]


def test_would_create_cycle_returns_the_shortest() -> None:
    edges = {"a": ["b", "x"], "b": ["c"], "c": ["d"], "x": ["d"]}
    assert would_create_cycle(edges, "d", "a") == ["d", "a", "x", "d"]


def test_would_create_cycle_ignores_existing_unrelated_cycles() -> None:
    edges = {"a": ["b"], "b": ["a"], "c": []}
    assert would_create_cycle(edges, "c", "a") is None


@given(_small_graphs, st.sampled_from("abcdef"), st.sampled_from("abcdef"))
def test_would_create_cycle_agrees_with_find_cycle_on_acyclic_graphs(
    edges: dict[str, list[str]], new_from: str, new_to: str
) -> None:
    if find_cycle(edges) is not None:
        return
    after = {node: list(targets) for node, targets in edges.items()}
    after.setdefault(new_from, []).append(new_to)
    cycle = would_create_cycle(edges, new_from, new_to)
    assert (cycle is not None) == (find_cycle(after) is not None)
    if cycle is not None:
        assert cycle[:2] == [new_from, new_to]
        _assert_closed_path(cycle, after)


# --- DependencyGraph -----------------------------------------------------------------

# payroll runs on app-server, which is hosted at dc-1 and needs the database;
# the database runs on storage at dc-1; e-mail is provided by a supplier.
PLAN = [
    ("payroll", "app-server", "runs on"),
    ("app-server", "dc-1", "hosted at"),
    ("app-server", "database", "needs"),
    ("database", "storage", "runs on"),
    ("storage", "dc-1", "hosted at"),
    ("email", "mailhost", "provided by"),
    ("hr-portal", "payroll", "needs"),
    ("hr-portal", "email", "needs"),
]


def test_direct_neighbours() -> None:
    graph = DependencyGraph(PLAN)
    assert graph.depends_on("app-server") == {"dc-1", "database"}
    assert graph.needed_by("dc-1") == {"app-server", "storage"}
    assert graph.depends_on("dc-1") == set()
    assert graph.depends_on("unknown") == set()
    assert graph.needed_by("unknown") == set()
    assert graph.kinds("payroll", "app-server") == {"runs on"}
    assert graph.kinds("payroll", "dc-1") == frozenset()
    assert "mailhost" in graph.nodes


def test_parallel_edges_keep_all_kinds() -> None:
    graph = DependencyGraph([("a", "b", "needs"), ("a", "b", "runs on"), ("a", "b", "needs")])
    assert graph.kinds("a", "b") == {"needs", "runs on"}
    assert graph.depends_on("a") == {"b"}


def test_transitive_closures() -> None:
    graph = DependencyGraph(PLAN)
    assert graph.all_upstream("payroll") == {"app-server", "dc-1", "database", "storage"}
    assert graph.all_downstream("storage") == {"database", "app-server", "payroll", "hr-portal"}
    assert graph.all_upstream("dc-1") == set()


def test_impact_of_a_site_failure() -> None:
    graph = DependencyGraph(PLAN)
    assert graph.impact_of("dc-1") == {"app-server", "storage", "database", "payroll", "hr-portal"}
    assert graph.impact_of("mailhost") == {"email", "hr-portal"}
    assert graph.impact_of("hr-portal") == set()


def test_closures_exclude_the_node_even_in_a_cycle() -> None:
    graph = DependencyGraph([("a", "b", "needs"), ("b", "a", "needs")])
    assert graph.all_upstream("a") == {"b"}
    assert graph.impact_of("a") == {"b"}
    assert graph.find_cycle() == ["a", "b", "a"]
    assert DependencyGraph(PLAN).find_cycle() is None


def test_recovery_order_puts_dependencies_first() -> None:
    graph = DependencyGraph(PLAN)
    nodes = ["hr-portal", "payroll", "app-server", "database", "storage", "dc-1"]
    order = graph.recovery_order(nodes)
    assert order == ["dc-1", "storage", "database", "app-server", "payroll", "hr-portal"]
    assert isinstance(order, list)
    assert order.cycles == []


def test_recovery_order_sees_dependencies_through_other_nodes() -> None:
    graph = DependencyGraph(PLAN)
    assert graph.recovery_order(["hr-portal", "storage"]) == ["storage", "hr-portal"]


def test_recovery_order_ties_follow_key_then_input_order() -> None:
    graph = DependencyGraph([("a", "z", "needs")])
    assert graph.recovery_order(["c", "b", "a", "z"]) == ["c", "b", "z", "a"]
    assert graph.recovery_order(["c", "b", "a", "z"], key=str) == ["b", "c", "z", "a"]
    tier = {"a": 1, "b": 2, "c": 2, "z": 3}
    assert graph.recovery_order(["c", "b", "a", "z"], key=tier.__getitem__) == ["c", "b", "z", "a"]


def test_recovery_order_ignores_duplicates_and_unknown_nodes() -> None:
    graph = DependencyGraph(PLAN)
    assert graph.recovery_order(["payroll", "new", "payroll", "dc-1"]) == ["new", "dc-1", "payroll"]


def test_recovery_order_reports_and_breaks_cycles() -> None:
    graph = DependencyGraph(
        [("a", "b", "needs"), ("b", "c", "needs"), ("c", "a", "needs"), ("d", "a", "needs")]
    )
    order = graph.recovery_order(["d", "c", "b", "a"], key=str)
    assert sorted(order) == ["a", "b", "c", "d"]
    assert order[-1] == "d"
    assert order.cycles == [["a", "b", "c", "a"]]
    assert order[:3] == ["a", "c", "b"]  # broken at "a", the smallest key


def test_recovery_order_reports_cycles_through_other_nodes() -> None:
    graph = DependencyGraph([("svc", "host", "runs on"), ("host", "svc", "needs")])
    order = graph.recovery_order(["svc"])
    assert order == ["svc"]
    assert order.cycles == [["svc", "host", "svc"]]


def test_recovery_order_self_dependency() -> None:
    graph = DependencyGraph([("a", "a", "needs"), ("b", "a", "needs")])
    order = graph.recovery_order(["b", "a"])
    assert order == ["a", "b"]
    assert order.cycles == [["a", "a"]]


def test_recovery_order_on_a_long_chain() -> None:
    size = 10_000
    graph = DependencyGraph((f"n{i}", f"n{i + 1}", "needs") for i in range(size))
    order = graph.recovery_order(f"n{i}" for i in range(size + 1))
    assert order[0] == f"n{size}"
    assert order[-1] == "n0"
    assert graph.all_upstream("n0") == {f"n{i}" for i in range(1, size + 1)}


_edge_lists = st.lists(
    st.tuples(st.sampled_from("abcdefg"), st.sampled_from("abcdefg"), st.just("needs")),
    max_size=12,
)


@given(_edge_lists, st.lists(st.sampled_from("abcdefgh"), unique=True, min_size=1))
def test_recovery_order_properties(edges: list[tuple[str, str, str]], nodes: list[str]) -> None:
    graph: DependencyGraph[str] = DependencyGraph(edges)
    order = graph.recovery_order(nodes, key=str)
    assert isinstance(order, RecoveryOrder)
    assert sorted(order) == sorted(nodes)
    assert order == graph.recovery_order(list(reversed(nodes)), key=str), "key decides ties"
    adjacency: dict[str, list[str]] = {}
    for source, target, _ in edges:
        adjacency.setdefault(source, []).append(target)
    for cycle in order.cycles:
        _assert_closed_path(cycle, adjacency)
    if not order.cycles:
        position = {node: index for index, node in enumerate(order)}
        for node in nodes:
            for need in graph.all_upstream(node) & set(nodes):
                assert position[need] < position[node]
    if find_cycle(adjacency) is None:
        assert order.cycles == []


def test_generic_over_node_type() -> None:
    graph: DependencyGraph[int] = DependencyGraph([(1, 2, "needs")])
    assert graph.recovery_order([1, 2]) == [2, 1]


@pytest.mark.parametrize("nodes", [[], ()])
def test_recovery_order_of_nothing(nodes: list[str]) -> None:
    assert DependencyGraph(PLAN).recovery_order(nodes) == []
