"""Vault benchmarks: `make bench` (large organisation) or `python -m tests.bench.run_vault`.

Prints medians and 95th percentiles for the targets of the foundation issue, and runs the
same read/write workload on an unencrypted copy of the same plan through the same code,
side by side, to report the cost of encryption as a ratio. Nothing here asserts a time:
the figures are for people to read and to put in the issue note.

The generated organisation is cached in `.bench-cache/` (keyed by size, seed and schema
version), because building the large one takes minutes.
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import sqlcipher3

from itscm_desktop.demo import Size, create_demo_vault
from itscm_desktop.vault import migrations
from itscm_desktop.vault.connection import APPLICATION_ID
from itscm_desktop.vault.vault import Vault

PASSPHRASE = "lighthouse harbour orange 42"
CACHE = Path(__file__).resolve().parents[2] / ".bench-cache"


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds for each of `repeat` calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def organisation(size: Size, seed: int) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{size}-seed{seed}-schema{migrations.SCHEMA_VERSION}.itscm"
    if not path.exists():
        print(f"Building the {size} organisation (cached in {CACHE.name}/) …", flush=True)
        start = time.perf_counter()
        partial = path.with_suffix(".partial")
        for leftover in CACHE.glob(partial.name + "*"):
            leftover.unlink()
        create_demo_vault(partial, PASSPHRASE, size=size, seed=seed)
        partial.rename(path)
        print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
    return path


def plain_copy(path: Path) -> Path:
    """An unencrypted copy of the same plan (sqlcipher_export into a keyless database)."""
    plain = path.with_name(path.stem + "-plain.sqlite")
    if plain.exists():
        return plain
    conn = sqlcipher3.connect(str(path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
    conn.execute("SELECT sqlcipher_export('plaintext')")
    conn.execute(f"PRAGMA plaintext.user_version = {migrations.SCHEMA_VERSION}")
    conn.execute(f"PRAGMA plaintext.application_id = {APPLICATION_ID}")
    conn.execute("DETACH DATABASE plaintext")
    conn.close()
    return plain


def open_plain(plain: Path) -> Vault:
    conn = sqlcipher3.connect(str(plain))
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return Vault(plain, conn)


def workload(vault: Vault, seed: int) -> dict[str, list[float]]:
    """The same reads and writes, whatever the file."""
    rng = random.Random(seed)
    contacts = vault.records("contacts", limit=2000)
    words = [c["full_name"].split()[0][:4] for c in rng.sample(contacts, 100)]
    words += [c["full_name"].split()[-1] for c in rng.sample(contacts, 50)]
    phones = [c["mobile_phone"][-6:] for c in contacts if c.get("mobile_phone")][:50]
    queries = words + phones + ["network", "erp recovery", "backup", "data centre", "łódź"]
    results: dict[str, list[float]] = {}

    samples = []
    for query in queries:
        start = time.perf_counter()
        vault.search(query, limit=50)
        samples.append((time.perf_counter() - start) * 1000)
    results["search"] = samples

    results["first page of assets by name"] = timed(
        lambda: vault.records("assets", order_by="name", limit=100), 30
    )

    typed = "srv-db"  # a person typing into the assets filter box
    samples = []
    for _ in range(5):
        for i in range(1, len(typed) + 1):
            start = time.perf_counter()
            vault.count("assets", filter_text=typed[:i])
            vault.records("assets", order_by="name", filter_text=typed[:i], limit=100)
            samples.append((time.perf_counter() - start) * 1000)
    results["filter keystroke"] = samples

    targets = [c["id"] for c in rng.sample(contacts, 100)]
    counter = iter(range(10**6))
    results["save"] = timed(
        lambda: vault.update(
            "contacts", rng.choice(targets), {"job_title": f"Engineer {next(counter)}"}
        ),
        200,
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=("demo", "large"), default="large")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    source = organisation(args.size, args.seed)
    work = CACHE / "run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    path = work / "vault.itscm"
    shutil.copyfile(source, path)
    plain = plain_copy(path)

    unlock = []
    for _ in range(7):
        start = time.perf_counter()
        Vault.open(path, PASSPHRASE).close()
        unlock.append((time.perf_counter() - start) * 1000)

    encrypted_vault = Vault.open(path, PASSPHRASE)
    plain_vault = open_plain(plain)
    counts = encrypted_vault.stats()
    # Three rounds, interleaved, so that both files meet the same machine state; the
    # first round starts with cold caches and is reported on its own.
    rounds: list[tuple[dict[str, list[float]], dict[str, list[float]]]] = []
    for _ in range(3):
        rounds.append((workload(encrypted_vault, args.seed), workload(plain_vault, args.seed)))
    encrypted_vault.close()
    plain_vault.close()
    encrypted = {k: [x for enc, _ in rounds for x in enc[k]] for k in rounds[0][0]}
    unencrypted = {k: [x for _, pla in rounds for x in pla[k]] for k in rounds[0][1]}

    print(f"\nITSCM vault benchmark — {args.size} organisation, seed {args.seed}")
    print("  " + ", ".join(f"{n} {t}" for t, n in counts.items() if n))
    print(f"  file size {path.stat().st_size / 2**20:.1f} MiB\n")
    print(f"{'measure':34} {'median':>9} {'p95':>9} {'plain':>9} {'ratio':>6}  target")
    print(f"{'unlock (open + key + check)':34} {statistics.median(unlock):8.1f}ms "
          f"{p95(unlock):8.1f}ms {'':>9} {'':>6}  ≤ 500 ms")  # fmt: skip
    targets = {
        "search": ("p95", 20.0),
        "first page of assets by name": ("median", 50.0),
        "filter keystroke": ("p95", 50.0),
        "save": ("median", 10.0),
    }
    for name, (which, target) in targets.items():
        enc, pla = encrypted[name], unencrypted[name]
        figure = p95(enc) if which == "p95" else statistics.median(enc)
        plain_figure = p95(pla) if which == "p95" else statistics.median(pla)
        print(
            f"{name:34} {statistics.median(enc):8.2f}ms {p95(enc):8.2f}ms "
            f"{plain_figure:8.2f}ms {figure / plain_figure:6.2f}  {which} ≤ {target:g} ms"
        )
    ratios = [sum(map(sum, enc.values())) / sum(map(sum, pla.values())) for enc, pla in rounds]
    print(
        f"\nwhole workload, encrypted / plain: median of 3 rounds {statistics.median(ratios):.2f} "
        f"(target ≤ 1.3); rounds {', '.join(f'{r:.2f}' for r in ratios)} (the first cold)"
    )


if __name__ == "__main__":
    main()
