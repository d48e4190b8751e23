"""Handbook benchmark: ``python -m tests.bench.run_handbook`` (large organisation).

Builds the whole continuity handbook: first cold (no QR code stored in the vault yet, as
on the first print), then warm 3 times (once with ``--quick``), and prints the times (the
median of the warm ones), the pages, the size and the process's peak memory; the issue's
target is 60 s on the large organisation. ``--parts`` adds, per part, the time to gather its
content and to lay it out on its own, to show which part to look at when the total grows.
The handbook is laid out in one pass, so its time is about the sum of its parts. Nothing
here asserts a time: the figures are for people to read. The builds run on a copy of the
cached organisation: printing stores the QR codes it encodes in the vault, and the cached
file is shared with the other benchmarks.
"""

from __future__ import annotations

import argparse
import functools
import io
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from pypdf import PdfReader

from itscm_desktop.reports.fonts import register_fonts
from itscm_desktop.reports.handbook import PARTS, handbook
from itscm_desktop.reports.layout import document_info, frame_width, render
from itscm_desktop.vault.vault import Vault
from tests.bench.run_vault import PASSPHRASE, organisation

T = TypeVar("T")


def seconds(build: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = build()
    return time.perf_counter() - start, result


def parts(vault: Vault, paper: str) -> None:
    """Each part on its own: its content gathered, then laid out as a document."""
    now = datetime.now().astimezone()
    info = document_info(vault.plan(), "Part", "", now)
    width = frame_width(paper)
    print(f"{'part':28} {'content':>8} {'layout':>8} {'pages':>6}")
    for title, build in PARTS:
        gather, story = seconds(functools.partial(build, vault, width, now))
        lay, data = seconds(functools.partial(render, story, info, paper))
        pages = len(PdfReader(io.BytesIO(data)).pages)
        print(f"{title:28} {gather:7.1f}s {lay:7.1f}s {pages:6}")


def report(path: Path, args: argparse.Namespace) -> None:
    """Build the handbook of the plan at `path` as `args` say, and print the figures."""
    with Vault.open(path, PASSPHRASE) as vault:
        if args.parts:
            parts(vault, args.paper)
        vault.conn.execute("DELETE FROM _qr_codes")
        cold, data = seconds(lambda: handbook(vault, paper=args.paper))
        warm = [
            seconds(lambda: handbook(vault, paper=args.paper))[0]
            for _ in range(1 if args.quick else 3)
        ]
    pages = len(PdfReader(io.BytesIO(data)).pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"handbook ({args.size}, {args.paper}): {pages} pages, 1 layout pass")
    print(f"{'cold (QR codes encoded)':30} {cold:6.1f} s")
    print(
        f"{'warm (QR codes in the vault)':30} {statistics.median(warm):6.1f} s median "
        f"(all: {', '.join(f'{t:.1f}' for t in warm)})"
    )
    print(f"{'PDF':30} {len(data) / 2**20:6.1f} MiB")
    print(f"{'peak memory':30} {peak:6.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=("demo", "large"), default="large")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    parser.add_argument("--quick", action="store_true", help="one warm build, not three")
    parser.add_argument("--parts", action="store_true", help="time each part on its own")
    args = parser.parse_args()
    register_fonts()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "handbook.itscm"
        shutil.copyfile(organisation(args.size, args.seed), path)
        report(path, args)


if __name__ == "__main__":
    main()
