"""Sync benchmark: ``python -m tests.bench.run_sync`` (large organisation by default).

Two laptops hold the organisation: A (a copy of the cached vault, plus 3,000 everyday
one-field saves so that its log holds many changes) and B, joined from A's bundle. Then
they diverge: each edits its own share of contacts and assets, adds and deletes some, and
both change the same 100 contacts (100 conflicts). Measured, as medians
of ``--repeat`` rounds (wall-clock time):

- **export**: A's whole log and documents into a bundle: reading the log, the ZIP, and the
  age payload encryption, to an X25519 key so that the scrypt derivation is left out (its
  cost, measured alone on a tiny payload, is reported on its own line).
- **import into the diverged copy**: B takes in A's bundle (already decrypted: the key
  derivation is again reported apart), in one transaction, as a dry run rolled back so
  that every round sees the same B; then once for real.
- **re-import**: the same bundle again into B, which now has all of it.
- **size** of the sealed bundle.

Nothing here asserts a time: the figures are for people to read against the issue's
targets (export 10 s, import 15 s, re-import 5 s, 20 MB).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage

from itscm_desktop.sync.bundle import pack, unpack
from itscm_desktop.sync.exchange import make_plan_bundle, take_bundle
from itscm_desktop.vault import migrations
from itscm_desktop.vault.conflicts import conflict_count
from itscm_desktop.vault.vault import Vault
from tests.bench.run_vault import PASSPHRASE, organisation

EXCHANGE = "benchmark exchange passphrase 2026"


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def median(work: Callable[[], object], repeat: int) -> float:
    return statistics.median(timed(work) for _ in range(repeat))


def history(vault: Vault) -> None:
    """A year of everyday edits before the laptops part: 3,000 saves of one field each
    (the generated organisation is a couple of bulk saves), so the log has many changes."""
    contacts = [r["id"] for r in vault.records("contacts", order_by="id")]
    for n in range(3000):
        vault.update("contacts", contacts[n % len(contacts)], {"department": f"Dept {n % 7}"})


def diverge(a: Vault, b: Vault) -> None:
    """Each laptop edits its own 1,000 contacts and 1,000 assets, adds 200 contacts and
    deletes 20 assets; both change the same 100 contacts' job titles."""
    contacts = [r["id"] for r in a.records("contacts", order_by="id")]
    assets = [r["id"] for r in a.records("assets", order_by="id")]
    for vault, side, offset in ((a, "A", 0), (b, "B", 1)):
        with vault.edit(author=f"bench-{side}") as edit:
            for contact in contacts[offset * 1000 + 100 : offset * 1000 + 1100]:
                edit.update("contacts", contact, {"availability": f"Weekdays ({side})"})
            for asset in assets[offset * 1000 : offset * 1000 + 1000]:
                edit.update("assets", asset, {"notes": f"Checked on laptop {side}"})
            for n in range(200):
                edit.insert("contacts", {"full_name": f"New person {side}{n}"})
            for asset in assets[-(offset + 1) * 20 : len(assets) - offset * 20]:
                edit.delete("assets", asset, clear_references=True)
        for contact in contacts[:100]:  # one save each, as people make them
            vault.update("contacts", contact, {"job_title": f"Changed on {side}"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("demo", "large"), default="large")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = organisation(args.size, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        a_path = Path(folder) / "a.itscm"
        shutil.copyfile(source, a_path)
        a = Vault.open(a_path, PASSPHRASE)
        history(a)
        b = Vault.join(Path(folder) / "b.itscm", PASSPHRASE, plan_id=a.plan_id,
                       device_name="Laptop B")  # fmt: skip
        first = make_plan_bundle(a)
        joined = timed(lambda: take_bundle(b, first, b""))
        counts = first.manifest.counts
        print(f"{args.size} organisation: {counts.changes:,} changes, {counts.ops:,} record "
              f"ops, {counts.documents} documents")  # fmt: skip
        print(f"  a new laptop joining (taking in everything):  {joined:6.2f} s")
        diverge(a, b)

        kdf = median(lambda: pyrage.passphrase.encrypt(b"x", EXCHANGE), args.repeat)
        holder: dict[str, Any] = {}
        # The same age payload encryption as a passphrase bundle, to a key instead of a
        # passphrase: everything but the scrypt derivation, whose cost varies by call.
        identity = pyrage.x25519.Identity.generate()

        def export() -> None:
            zipped = pack(make_plan_bundle(a))
            holder["zip"] = zipped
            holder["keyed"] = bytes(pyrage.encrypt(zipped, [identity.to_public()]))

        export_time = median(export, args.repeat)
        holder["sealed"] = bytes(pyrage.passphrase.encrypt(holder["zip"], EXCHANGE))
        schema = migrations.SCHEMA_VERSION
        opened = timed(lambda: pyrage.decrypt(holder["keyed"], [identity]))

        def take(dry_run: bool) -> None:
            bundle = unpack(holder["zip"], plan_id=b.plan_id, schema_version=schema)
            holder["report"] = take_bundle(b, bundle, holder["sealed"], dry_run=dry_run)

        import_time = median(lambda: take(True), args.repeat)
        real = timed(lambda: take(False))
        report = holder["report"]
        reimport = median(lambda: take(False), args.repeat)
        print(f"  scrypt key derivation (excluded below):       {kdf:6.2f} s")
        print(f"  export (log, ZIP, encryption):                {export_time:6.2f} s   target 10 s")
        print(f"  decryption without the key derivation:        {opened:6.2f} s")
        print(f"  import into the diverged copy (dry run):      {import_time:6.2f} s   target 15 s")
        print(f"  import into the diverged copy (for real):     {real:6.2f} s   "
              f"{report.summary}")  # fmt: skip
        print(f"  re-import of the same bundle:                 {reimport:6.2f} s   target 5 s")
        print(f"  bundle size: {len(holder['sealed']) / 1e6:.1f} MB (target 20 MB); "
              f"conflicts on B: {conflict_count(b.conn)}")  # fmt: skip
        a.close()
        b.close()


if __name__ == "__main__":
    main()
