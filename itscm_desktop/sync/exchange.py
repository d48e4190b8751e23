"""Exchanging a plan's changes between laptops through bundle files.

Export packs every change in this copy's log (all laptops' changes, so a stick can relay
through a third laptop) and the documents into a bundle sealed with the team's exchange
passphrase. Import opens and checks the bundle completely (sync/bundle.py), checks its
changes against this copy's log, and only then takes in what is new, in one transaction
(vault/receiving.py). Both are written in the bundle register, the plan's
copy-distribution record. The exchange passphrase is kept inside the vault once given,
so exporting needs no typing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itscm_desktop.domain.clock import Hlc, VersionVector
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.merge import DELETED, ChangeRecord, Conflict
from itscm_desktop.domain.passphrase import passphrase_problem
from itscm_desktop.sync.bundle import (
    INCOMPLETE,
    Bundle,
    BundleRejected,
    Manifest,
    make_bundle,
    open_bundle,
    seal,
)
from itscm_desktop.sync.stick import safe_name, write_verified
from itscm_desktop.vault import bundle_register as register
from itscm_desktop.vault import migrations
from itscm_desktop.vault.conflicts import BrokenLink, broken_links
from itscm_desktop.vault.oplog import read_meta, write_meta
from itscm_desktop.vault.receiving import LogMismatch, Received, Taken
from itscm_desktop.vault.vault import Vault

#: Where the exchange passphrase is kept (inside the encrypted vault, never elsewhere).
EXCHANGE_KEY = "exchange_passphrase"

NO_EXCHANGE_PASSPHRASE = (
    "This laptop does not know the team's exchange passphrase yet: type it once and it "
    "will be remembered inside the plan."
)


class ExchangePassphraseRefused(ValueError):
    """A new exchange passphrase that is too weak; ``str()`` says why."""


# -- the exchange passphrase ------------------------------------------------------------


def exchange_passphrase(vault: Vault) -> str | None:
    """The team's exchange passphrase, if this copy has been given it."""
    return read_meta(vault.conn, EXCHANGE_KEY)


def remember_exchange_passphrase(vault: Vault, passphrase: str) -> None:
    """Keep the exchange passphrase inside the vault (not in the op log: each laptop is
    given it once, it never travels in a bundle)."""
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise ExchangePassphraseRefused(problem)
    with vault.transaction() as conn:
        write_meta(conn, EXCHANGE_KEY, passphrase)


def _passphrase(vault: Vault, given: str | None) -> str:
    passphrase = given or exchange_passphrase(vault)
    if not passphrase:
        raise BundleRejected(NO_EXCHANGE_PASSPHRASE)
    return passphrase


# -- export ---------------------------------------------------------------------------------


def bundle_changes(vault: Vault) -> list[dict[str, Any]]:
    """Every change in the log as a bundle carries it: one JSON object per change, its
    ops as [table, record id, {field: value}] per record."""
    conn = vault.conn
    changes: dict[int, dict[str, Any]] = {}
    for num, device, seq, hlc, vv, author, name in conn.execute(
        "SELECT num, device, seq, hlc, vv, author, device_name FROM _changes ORDER BY num"
    ):
        changes[num] = {
            "device": device,
            "seq": seq,
            "hlc": hlc,
            "vv": json.loads(vv),
            "author": author,
            "device_name": name,
            "ops": [],
        }
    for num, table, row_id, fields in conn.execute(
        "SELECT change, tbl, row_id, fields FROM _ops ORDER BY rowid"
    ):
        changes[num]["ops"].append([table, row_id, json.loads(fields)])
    return list(changes.values())


def _documents(vault: Vault) -> dict[str, bytes]:
    return {sha: bytes(data) for sha, data in vault.conn.execute("SELECT sha256, data FROM _blobs")}


def make_plan_bundle(vault: Vault, *, now: datetime | None = None) -> Bundle:
    """The bundle of everything this copy holds."""
    return make_bundle(
        plan_id=vault.plan_id,
        schema_version=migrations.SCHEMA_VERSION,
        device_id=vault.device_id,
        device_name=vault.device_name,
        version_vector=vault.knowledge().as_dict(),
        changes=bundle_changes(vault),
        documents=_documents(vault),
        created=now,
    )


def bundle_file_name(vault: Vault, now: datetime | None = None) -> str:
    """A name that says whose plan, from which laptop, when; valid on FAT32 and exFAT."""
    plan = vault.plan()
    title = str(plan.get("organisation") or plan.get("title") or "plan")
    return safe_name(title, vault.device_name, now or datetime.now(UTC))


@dataclass(frozen=True)
class Exported:
    """A bundle written somewhere: where, its manifest, and its size."""

    path: Path
    manifest: Manifest
    size: int


def export_to(
    vault: Vault,
    folder: Path,
    *,
    passphrase: str | None = None,
    name: str | None = None,
    now: datetime | None = None,
) -> Exported:
    """Seal a bundle of the whole plan and write it into `folder` (a USB stick), verified
    by reading it back, then record it in the register. Raises BundleRejected without an
    exchange passphrase, StickWriteFailed when the write fails (nothing left behind)."""
    secret = _passphrase(vault, passphrase)
    bundle = make_plan_bundle(vault, now=now)
    data = seal(bundle, secret)
    path = write_verified(folder, name or bundle_file_name(vault, now), data)
    register.record(vault, "export", str(path), data, len(bundle.changes), None, None)
    return Exported(path, bundle.manifest, len(data))


def export_bytes(vault: Vault, *, passphrase: str | None = None) -> bytes:
    """The sealed bundle of the whole plan, not written anywhere nor registered (a file
    another laptop joins from, in tests and tools)."""
    return seal(make_plan_bundle(vault), _passphrase(vault, passphrase))


# -- import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    """What importing a bundle did (or, for a dry run, would do)."""

    manifest: Manifest
    offered: int
    new_changes: int
    created: tuple[tuple[str, str], ...]
    updated: tuple[tuple[str, str], ...]
    deleted: tuple[tuple[str, str], ...]
    new_conflicts: tuple[Conflict, ...]
    cleared_conflicts: tuple[str, ...]
    #: Links that now point at a record deleted on another laptop.
    broken_links: tuple[BrokenLink, ...]
    dry_run: bool

    @property
    def summary(self) -> str:
        """ "N new changes, M new conflicts", the sentence the issue asks for."""
        changes = "1 new change" if self.new_changes == 1 else f"{self.new_changes} new changes"
        count = len(self.new_conflicts)
        conflicts = "1 new conflict" if count == 1 else f"{count} new conflicts"
        return f"{changes}, {conflicts}"

    def counts_by_table(self) -> dict[str, tuple[int, int, int]]:
        """table -> (added, changed, deleted) records."""
        result: dict[str, list[int]] = {}
        for index, keys in enumerate((self.created, self.updated, self.deleted)):
            for table, _row in keys:
                result.setdefault(table, [0, 0, 0])[index] += 1
        return {table: (a, c, d) for table, (a, c, d) in sorted(result.items())}


def read_bundle(vault: Vault, data: bytes, *, passphrase: str | None = None) -> Bundle:
    """The bundle in `data`, fully checked against this plan, else BundleRejected."""
    return open_bundle(
        data,
        _passphrase(vault, passphrase),
        plan_id=vault.plan_id,
        schema_version=migrations.SCHEMA_VERSION,
    )


def import_bundle(
    vault: Vault,
    data: bytes,
    *,
    passphrase: str | None = None,
    dry_run: bool = False,
    place: str = "",
) -> ImportReport:
    """Check the bundle completely, then take in its new changes in one transaction and
    record the import in the register (a dry run rolls all of it back). A passphrase
    given here that opens the bundle is remembered when this copy had none."""
    secret = _passphrase(vault, passphrase)
    bundle = read_bundle(vault, data, passphrase=secret)
    return take_bundle(vault, bundle, data, dry_run=dry_run, place=place, passphrase=passphrase)


def take_bundle(
    vault: Vault,
    bundle: Bundle,
    data: bytes,
    *,
    dry_run: bool = False,
    place: str = "",
    passphrase: str | None = None,
) -> ImportReport:
    """Take in an opened bundle (see :func:`import_bundle`)."""
    offered = received_changes(bundle.changes)
    links_before = {_link_key(link) for link in broken_links(vault.conn)}
    new_links: list[BrokenLink] = []

    def bookkeeping(taken: Taken) -> None:  # inside the import's transaction
        new_links.extend(
            link for link in broken_links(vault.conn) if _link_key(link) not in links_before
        )
        register.record_in_transaction(
            vault,
            "import",
            place or bundle.manifest.device_name,
            data,
            len(offered),
            len(taken.new),
            len(taken.refreshed.new_conflicts),
        )
        if passphrase and exchange_passphrase(vault) is None:
            write_meta(vault.conn, EXCHANGE_KEY, passphrase)

    try:
        taken = vault.receive(offered, bundle.documents, dry_run=dry_run, after=bookkeeping)
    except LogMismatch as exc:
        raise BundleRejected(str(exc)) from exc
    except ValueError as exc:  # the merge found a log no laptop could have written
        raise BundleRejected(INCOMPLETE) from exc
    refreshed = taken.refreshed
    return ImportReport(
        manifest=bundle.manifest,
        offered=len(offered),
        new_changes=len(taken.new),
        created=tuple(refreshed.created),
        updated=tuple(refreshed.updated),
        deleted=tuple(refreshed.deleted),
        new_conflicts=tuple(refreshed.new_conflicts),
        cleared_conflicts=tuple(refreshed.cleared_conflicts),
        broken_links=tuple(new_links),
        dry_run=dry_run,
    )


def _link_key(link: BrokenLink) -> tuple[str, str, str, str]:
    return (link.table, link.row_id, link.field, link.target_id)


def join_from_bundle(
    path: Path,
    vault_passphrase: str,
    data: bytes,
    exchange: str,
    *,
    device_name: str | None = None,
) -> tuple[Vault, ImportReport]:
    """A new laptop's copy of the plan in a bundle: a new vault file at `path` (locked with
    `vault_passphrase`) holding everything the bundle holds, with the exchange passphrase
    remembered. The bundle is checked before the file is made; if taking it in fails,
    the new file is removed."""
    bundle = open_bundle(data, exchange, plan_id=None, schema_version=migrations.SCHEMA_VERSION)
    vault = Vault.join(path, vault_passphrase, plan_id=bundle.manifest.plan_id,
                       device_name=device_name)  # fmt: skip
    try:
        report = take_bundle(vault, bundle, data, passphrase=exchange)
        if not vault.records("plan"):
            raise BundleRejected(INCOMPLETE)
    except BaseException:
        vault.discard()
        raise
    return vault, report


def received_changes(changes: Iterable[Mapping[str, Any]]) -> list[Received]:
    """The bundle's changes, each checked for shape: a change that is not exactly what
    an export writes means the bundle was damaged or forged."""
    return [_received(change) for change in changes]


def _received(raw: Mapping[str, Any]) -> Received:
    try:
        device, seq, author, name = raw["device"], raw["seq"], raw["author"], raw["device_name"]
        if not all(isinstance(text, str) for text in (device, author, name)):
            raise ValueError("texts")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise ValueError("seq")
        hlc = Hlc.decode(raw["hlc"])
        vv = VersionVector(raw["vv"])
        records: dict[tuple[str, str], dict[str, object]] = {}
        ops: dict[tuple[str, str, str], object] = {}
        for table, row_id, fields in raw["ops"]:
            entity = REGISTRY[table]
            if not isinstance(row_id, str) or not row_id or not isinstance(fields, dict):
                raise ValueError("op")
            for field_name in fields:
                if field_name != DELETED and not entity.has_field(field_name):
                    raise ValueError("field")
            records.setdefault((table, row_id), {}).update(fields)
            for field_name, value in fields.items():
                ops[(table, row_id, field_name)] = value
        change = ChangeRecord(device, seq, hlc, vv, ops)
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleRejected(INCOMPLETE) from exc
    if hlc.device != device:
        raise BundleRejected(INCOMPLETE)
    return Received(change, author, name, records)
