"""Printing benchmark: ``python -m tests.bench.run_print`` (large organisation by default).

Measured side by side in one run, the rounds interleaved so that each case sees the same
load on the machine (medians of ``--repeat`` rounds, wall-clock time, after one warm-up):

- **plain table**: reportlab alone laying out the rows the sheet holds (every person of
  every team, every supplier, every site) as one plain LongTable of strings in the
  sheet's font on A4: the floor any contact sheet stands on. Its rows are read from the
  vault before the clock starts.
- **whole sheet, warm**: ``contact_sheet(vault)`` from the vault to PDF bytes (reading
  the plan included), every QR code already in the vault's store, as on any print after
  the first.
- **whole sheet, cold**: the same with the store emptied first, as on the first print
  after an edit of everyone: every code is encoded by reportlab's QR encoder, and kept.
- **one team**, the largest, warm and cold the same way.

The ratios are sheet / plain table. The vault is a copy of the cached organisation (a
print writes the codes it encodes into the vault). Nothing here asserts a time: the
figures are for people to read.
"""

from __future__ import annotations

import argparse
import gc
import io
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

from itscm_desktop.domain.phones import format_phone
from itscm_desktop.reports.contact_sheet import contact_sheet
from itscm_desktop.reports.fonts import REGULAR, register_fonts
from itscm_desktop.vault import qrcache
from itscm_desktop.vault.callout import call_group
from itscm_desktop.vault.vault import Vault
from tests.bench.run_vault import PASSPHRASE, organisation

Rows = list[list[str]]


def person_rows(vault: Vault) -> Rows:
    """Every person of every team, every supplier and every site, as plain strings on one
    line each: the rows the sheet lays out."""
    rows: Rows = []
    for team in vault.records("teams"):
        group = call_group(vault, "teams", team["id"])
        for callee in group.callees if group else ():
            numbers = {n.kind: n.display for n in callee.numbers}
            rows.append(
                [
                    str(callee.order),
                    callee.name,
                    callee.role,
                    numbers.get("mobile", ""),
                    numbers.get("work", ""),
                    numbers.get("home", ""),
                    callee.emails[0] if callee.emails else "",
                ]
            )
    for supplier in vault.records("suppliers", order_by="name"):
        phone = supplier["support_phone"]
        rows.append(
            [
                "",
                supplier["name"],
                supplier["provides"] or "",
                format_phone(phone) if phone else "",
                supplier["contract_ref"] or "",
                supplier["account_number"] or "",
                supplier["support_email"] or "",
            ]
        )
    for site in vault.records("sites", order_by="name"):
        phone = site["phone"]
        rows.append(
            [
                "",
                site["name"],
                (site["address"] or "")[:40],
                format_phone(phone) if phone else "",
                (site["access_instructions"] or "")[:30],
                "",
                "",
            ]
        )
    return rows


def plain_table(rows: Rows) -> bytes:
    """reportlab alone: the rows in one LongTable, in the sheet's font, on A4."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm)
    widths = [w * mm for w in (8, 38, 34, 26, 26, 26, 22)]
    table = LongTable(rows, colWidths=widths, repeatRows=0)
    table.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), ("FONTSIZE", (0, 0), (-1, -1), 8)])
    )
    doc.build([table])
    return buffer.getvalue()


#: A case to time: what to do before the clock starts (or None), and what to time.
Case = tuple[Callable[[], object] | None, Callable[[], object]]


def interleaved(cases: dict[str, Case], repeat: int) -> dict[str, list[float]]:
    """Milliseconds of each case in each of `repeat` rounds, the cases taking turns (after
    one warm-up round)."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for round_ in range(repeat + 1):
        for name, (prepare, fn) in cases.items():
            if prepare is not None:
                prepare()
            gc.collect()
            start = time.perf_counter()
            fn()
            if round_:
                samples[name].append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=("demo", "large"), default="large")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    register_fonts()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.itscm"
        shutil.copyfile(organisation(args.size, args.seed), path)
        with Vault.open(path, PASSPHRASE) as vault:
            rows = person_rows(vault)
            biggest = vault.conn.execute(
                "SELECT team_id, count(*) FROM team_members GROUP BY team_id "
                "ORDER BY 2 DESC, team_id LIMIT 1"
            ).fetchone()
            print(
                f"{args.size} organisation: {vault.stats()['teams']} teams, {len(rows)} rows "
                f"(people, suppliers, sites); largest team {biggest[1]} members",
                flush=True,
            )

            def whole() -> bytes:
                return contact_sheet(vault)

            def team() -> bytes:
                return contact_sheet(vault, team_id=biggest[0])

            def forget_codes() -> None:
                vault.conn.execute("DELETE FROM _qr_codes")

            samples = interleaved(
                {
                    "plain": (None, lambda: plain_table(rows)),
                    "whole warm": (None, whole),
                    "whole cold": (forget_codes, whole),
                },
                args.repeat,
            )
            samples |= interleaved(
                {"team warm": (None, team), "team cold": (forget_codes, team)}, args.repeat * 3
            )
            data = whole()
            codes = qrcache.count(vault)
    ms = {name: statistics.median(values) for name, values in samples.items()}
    pages = len(PdfReader(io.BytesIO(data)).pages)
    plain = ms["plain"]
    print(f"{'plain LongTable, same rows + font':38} {plain:9.0f} ms")
    for name, label in (("whole warm", "warm: codes in the vault"), ("whole cold", "cold")):
        ratio = ms[name] / plain
        print(f"{'whole sheet, ' + label:38} {ms[name]:9.0f} ms   {ratio:5.2f} × plain")
    print(f"{'one team (largest), warm':38} {ms['team warm']:9.0f} ms")
    print(f"{'one team (largest), cold':38} {ms['team cold']:9.0f} ms")
    print(f"whole sheet: {pages} pages, {len(data) / 1e6:.1f} MB, {codes} QR codes kept")


if __name__ == "__main__":
    main()
