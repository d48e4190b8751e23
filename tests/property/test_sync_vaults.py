"""Three real vaults of one plan, edited apart and exchanging bundles at random, converge.

Hypothesis drives edits, deletes (with their cascades) and partial exchanges on three
laptops, then a full exchange: every vault must hold the same records and the same
conflicts, and another full exchange must change nothing. The merge itself (no value
lost, order and duplicates do not matter) is proved in tests/unit/domain/test_merge.py;
this checks that the vault applies it: its tables equal what the merged log says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.sync.exchange import make_plan_bundle, take_bundle
from itscm_desktop.vault.conflicts import conflict_views
from itscm_desktop.vault.merging import merged_state
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE, THOROUGH

TABLES = ("contacts", "teams", "team_members")

step = st.one_of(
    st.tuples(st.just("title"), st.integers(0, 2), st.integers(0, 5), st.sampled_from("xyz")),
    st.tuples(st.just("phone"), st.integers(0, 2), st.integers(0, 5), st.integers(0, 9)),
    st.tuples(st.just("delete"), st.integers(0, 2), st.integers(0, 5), st.just(0)),
    st.tuples(st.just("add"), st.integers(0, 2), st.integers(0, 5), st.integers(0, 9)),
    st.tuples(st.just("send"), st.integers(0, 2), st.integers(0, 2), st.just(0)),
)


def exchange(source: Vault, target: Vault) -> int:
    bundle = make_plan_bundle(source)
    return take_bundle(target, bundle, b"").new_changes


def records(vault: Vault) -> dict[str, Any]:
    return {
        table: sorted(
            ({k: v for k, v in r.items() if k not in ("created_at", "updated_at")}
             for r in vault.records(table)),
            key=lambda r: r["id"],
        )
        for table in REGISTRY.tables
    }  # fmt: skip


def apply(vault: Vault, action: str, pick: int, value: object) -> None:
    contacts = [r["id"] for r in vault.records("contacts", order_by="id")]
    if not contacts:
        return
    contact = contacts[pick % len(contacts)]
    if action == "title":
        vault.update("contacts", contact, {"job_title": f"{value} on {vault.device_name}"})
    elif action == "phone":
        vault.update("contacts", contact, {"work_phone": f"+44 121 234 56{value}{pick % 10}"})
    elif action == "delete":
        vault.delete("contacts", contact, clear_references=True)
    elif action == "add":
        teams = [r["id"] for r in vault.records("teams", order_by="id")]
        vault.insert("team_members", {"team_id": teams[0], "contact_id": contact,
                                      "membership": "alternate", "position": value})  # fmt: skip


@settings(
    max_examples=60 if THOROUGH else 6,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
@given(steps=st.lists(step, min_size=1, max_size=14))
def test_three_laptops_converge(
    tmp_path_factory: Any, steps: list[tuple[str, int, int, Any]]
) -> None:
    folder: Path = tmp_path_factory.mktemp("laptops")
    first = Vault.create(folder / "a.itscm", PASSPHRASE, organisation="Tidewater",
                         device_name="A")  # fmt: skip
    with first.edit() as edit:
        team = edit.insert("teams", {"name": "Network"})
        for name in ("Ana", "Ben", "Cleo", "Dev"):
            person = edit.insert("contacts", {"full_name": name})
            edit.insert("team_members", {"team_id": team, "contact_id": person,
                                         "membership": "primary"})  # fmt: skip
    laptops = [first]
    for name in ("B", "C"):
        laptop = Vault.join(folder / f"{name}.itscm", PASSPHRASE, plan_id=first.plan_id,
                            device_name=name)  # fmt: skip
        exchange(first, laptop)
        laptops.append(laptop)
    try:
        for action, who, pick, value in steps:
            if action == "send":
                if who != pick:
                    exchange(laptops[who], laptops[pick])
            else:
                apply(laptops[who], action, pick, value)
        for _ in range(2):  # everyone to everyone, twice: then all know everything
            for source in laptops:
                for target in laptops:
                    if source is not target:
                        exchange(source, target)
        states = [records(v) for v in laptops]
        conflicts = [sorted(c.id for c in conflict_views(v.conn)) for v in laptops]
        assert states[0] == states[1] == states[2]
        assert conflicts[0] == conflicts[1] == conflicts[2]
        assert all(exchange(s, t) == 0 for s in laptops for t in laptops if s is not t)
        assert records(laptops[0]) == states[0]
        merged = merged_state(laptops[0].conn)
        for table in TABLES:  # the tables are exactly the merge of the log
            assert {r["id"] for r in laptops[0].records(table)} == {
                row for (t, row) in merged.records if t == table
            }
        for (table, row_id), values in merged.records.items():
            record = laptops[0].get(table, row_id)
            for name, value in values.items():
                assert record[name] == ([] if value is None and record[name] == [] else value)
    finally:
        for laptop in laptops:
            laptop.close()
