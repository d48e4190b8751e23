"""The bundle register: every bundle written or read on this laptop, kept in the vault.

It is the plan's copy-distribution record: when, which laptop, by whom, where the bundle
was written or where it came from, how many changes it carried and what it brought.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from itscm_desktop.vault.edits import utc_now
from itscm_desktop.vault.vault import Vault, current_author


@dataclass(frozen=True)
class RegisterEntry:
    """One bundle written or read here: the plan's copy-distribution record."""

    at: str
    direction: str
    device_name: str
    author: str
    place: str
    sha256: str
    size: int
    changes: int
    new_changes: int | None
    new_conflicts: int | None


def record(
    vault: Vault,
    direction: str,
    place: str,
    data: bytes,
    changes: int,
    new_changes: int | None,
    new_conflicts: int | None,
) -> None:
    with vault.transaction():
        record_in_transaction(vault, direction, place, data, changes, new_changes,
                              new_conflicts)  # fmt: skip


def record_in_transaction(
    vault: Vault,
    direction: str,
    place: str,
    data: bytes,
    changes: int,
    new_changes: int | None,
    new_conflicts: int | None,
) -> None:
    vault.conn.execute(
        "INSERT INTO _bundles (at, direction, device_id, device_name, author, place, sha256, "
        "size, changes, new_changes, new_conflicts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (utc_now(), direction, vault.device_id, vault.device_name, current_author(), place,
         hashlib.sha256(data).hexdigest(), len(data), changes, new_changes, new_conflicts),
    )  # fmt: skip


def bundle_register(vault: Vault, *, limit: int | None = None) -> list[RegisterEntry]:
    """Bundles written and read here, newest first."""
    sql = (
        "SELECT at, direction, device_name, author, place, sha256, size, changes, new_changes, "
        "new_conflicts FROM _bundles ORDER BY id DESC"
    )
    rows = vault.conn.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
    return [RegisterEntry(*row) for row in rows]
