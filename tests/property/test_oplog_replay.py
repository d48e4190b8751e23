"""The op log is complete: replaying it reproduces every table exactly.

Sync (issue 5) will rebuild records from ops received on USB sticks, so any edit the op
log failed to capture would be lost on the other laptops. Hypothesis drives random
inserts, updates, deletes (with cascades and cleared references) and failed saves; after
each run the tables must equal what the ops say.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.validation import ValidationError
from itscm_desktop.vault.edits import StillInUse
from itscm_desktop.vault.oplog import logical_ops
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

TABLES = ("contacts", "teams", "team_members", "services", "risks")


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("replay") / "plan.itscm"
    with Vault.create(path, PASSPHRASE, organisation="Replay Ltd") as v:
        yield v


def replay(vault: Vault) -> dict[str, dict[str, dict[str, Any]]]:
    """Tables rebuilt from the op log alone: the last op per field wins (one device)."""
    state: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in REGISTRY.tables}
    deleted: set[str] = set()
    for op in sorted(logical_ops(vault.conn), key=lambda op: op.seq):
        table, row_id, field, decoded = op.table, op.row_id, op.field, op.value
        if field == "_deleted":
            if decoded:
                deleted.add(row_id)
                state[table].pop(row_id, None)
            else:
                deleted.discard(row_id)
                state[table].setdefault(row_id, {})
            continue
        state[table].setdefault(row_id, {})[field] = decoded
    return state


def actual(vault: Vault) -> dict[str, dict[str, dict[str, Any]]]:
    """Tables as stored, without the vault's own timestamps and without empty fields."""
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for table in REGISTRY.tables:
        result[table] = {}
        for record in vault.records(table):
            values = {
                k: v
                for k, v in record.items()
                if k not in ("id", "created_at", "updated_at") and v is not None and v != []
            }
            result[table][record["id"]] = values
    return result


def without_empty(state: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    return {
        t: {
            rid: {k: v for k, v in rec.items() if v is not None and v != []}
            for rid, rec in rows.items()
        }
        for t, rows in state.items()
    }


names = st.text(alphabet="abcdeÅßŁøЖζ田 ", min_size=1, max_size=12).map(str.strip).filter(bool)
action = st.tuples(
    st.sampled_from(["insert", "update", "delete", "delete-clear", "bad-save"]),
    st.sampled_from(TABLES),
    st.integers(min_value=0, max_value=10_000),
    names,
    st.integers(min_value=1, max_value=4),
)


def ids(vault: Vault, table: str) -> list[str]:
    return [r["id"] for r in vault.records(table, order_by="created_at")]


def values_for(
    vault: Vault, table: str, pick: int, name: str, number: int
) -> dict[str, Any] | None:
    """Valid values for a new record of `table`, or None if what it needs is missing."""
    contacts, teams, services = ids(vault, "contacts"), ids(vault, "teams"), ids(vault, "services")
    if table == "contacts":
        return {"full_name": name, "work_phone": f"+44 121 234 {pick % 10_000:04d}"}
    if table == "teams":
        return {"name": name, "leader_id": contacts[pick % len(contacts)] if contacts else None}
    if table == "team_members":
        if not (contacts and teams):
            return None
        return {
            "team_id": teams[pick % len(teams)],
            "contact_id": contacts[pick % len(contacts)],
            "membership": "alternate" if number % 2 else "primary",
            "position": number,
        }
    if table == "services":
        return {
            "name": name,
            "tier": number,
            "rto_minutes": 60 * number,
            "mtd_minutes": 480,
            "owner_id": contacts[pick % len(contacts)] if contacts else None,
        }
    return {"title": name, "likelihood": number, "impact": 5 - number + 1,
            "service_ids": services[: pick % 3]}  # fmt: skip


def apply(vault: Vault, step: tuple[str, str, int, str, int]) -> None:
    kind, table, pick, name, number = step
    existing = ids(vault, table)
    if kind == "insert" or (kind != "bad-save" and not existing):
        values = values_for(vault, table, pick, name, number)
        if values is not None:
            vault.insert(table, values)
        return
    if kind == "bad-save":
        # A save that fails after writing part of its work must leave no trace.
        with pytest.raises(ValidationError), vault.edit() as edit:
            edit.insert("contacts", {"full_name": name})
            edit.insert("services", {"name": name, "rto_minutes": 600, "mtd_minutes": 60})
        return
    target = existing[pick % len(existing)]
    if kind == "update":
        values = values_for(vault, table, pick + 1, name, number)
        if values is not None:
            vault.update(table, target, values)
        return
    try:
        vault.delete(table, target, clear_references=(kind == "delete-clear"))
    except StillInUse:
        assert kind == "delete"


@given(st.lists(action, min_size=1, max_size=25))
def test_replaying_the_op_log_rebuilds_every_table(vault: Vault, steps: list[Any]) -> None:
    for step in steps:
        apply(vault, step)
    assert without_empty(replay(vault)) == actual(vault)
