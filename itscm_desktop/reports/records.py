"""Records as documents read them: in as few queries as their number allows, and teams in
the order they are called.

A document about a few plans reads their records one by one; a document about all of
them (the large organisation's 300 plans name thousands of steps, people and services)
reads each table once instead of thousands of times.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.vault.vault import Vault

Record = Mapping[str, Any]

#: Fewer ids than this are read one by one; more, by reading the whole table once.
FEW = 40


def records_by_id(vault: Vault, table: str, ids: Collection[str]) -> dict[str, Record]:
    """The records of `table` with these ids, by id; ids not found are left out."""
    wanted = {i for i in ids if i}
    if len(wanted) < FEW:
        found = (vault.find(table, i) for i in sorted(wanted))
        return {str(r["id"]): r for r in found if r is not None}
    return {str(r["id"]): r for r in vault.records(table) if r["id"] in wanted}


def records_by_key(
    vault: Vault, table: str, column: str, keys: Collection[str]
) -> dict[str, list[Record]]:
    """The records of `table` whose `column` is one of `keys`, listed under that key in
    the vault's order (the steps of each plan, the impacts of each service). With many
    keys the whole table is read, so other keys may be listed too."""
    if len(keys) < FEW:
        return {key: list(vault.records(table, where={column: key})) for key in keys}
    found: dict[str, list[Record]] = {}
    for record in vault.records(table):
        found.setdefault(str(record[column]), []).append(record)
    return found


def in_call_order(teams: Iterable[Record]) -> list[Record]:
    """Teams as they are called in a crisis: by purpose in the registry's order (crisis
    management first), then by name."""
    purposes = [code for code, _ in REGISTRY["teams"].field("purpose").choices]

    def key(team: Record) -> tuple[int, str]:
        purpose = team.get("purpose")
        rank = purposes.index(purpose) if purpose in purposes else len(purposes)
        return rank, str(team.get("name") or "").casefold()

    return sorted(teams, key=key)
