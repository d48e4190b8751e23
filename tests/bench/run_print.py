"""Printing benchmark: ``python -m tests.bench.run_print`` (large organisation by default).

Times the organisation-wide emergency contact sheet side by side with reportlab alone
laying out the same rows (people, suppliers, sites) as a plain LongTable in the same
font (the floor any contact sheet stands on), and one team's sheet (the largest team).
The QR codes are encoded afresh in every round (their cache is cleared), as on the first
print after unlocking. Nothing here asserts a time: the figures are for people to read.
"""

from __future__ import annotations

import argparse
import io
import statistics
from collections.abc import Callable

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

from itscm_desktop.domain.phones import format_phone
from itscm_desktop.reports.contact_sheet import contact_sheet
from itscm_desktop.reports.fonts import REGULAR, register_fonts
from itscm_desktop.reports.vcard import qr_code
from itscm_desktop.vault.callout import call_group
from itscm_desktop.vault.vault import Vault
from tests.bench.run_vault import PASSPHRASE, organisation, timed

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


def cold(build: Callable[[], object]) -> Callable[[], object]:
    """`build`, with the QR codes encoded afresh."""

    def run() -> object:
        qr_code.cache_clear()
        return build()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=("demo", "large"), default="large")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = organisation(args.size, args.seed)
    register_fonts()
    with Vault.open(path, PASSPHRASE) as vault:
        rows = person_rows(vault)
        teams = vault.stats()["teams"]
        biggest = vault.conn.execute(
            "SELECT team_id, count(*) FROM team_members GROUP BY team_id "
            "ORDER BY 2 DESC, team_id LIMIT 1"
        ).fetchone()
        print(
            f"{args.size} organisation: {teams} teams, {len(rows)} rows "
            f"(people, suppliers, sites); largest team {biggest[1]} members"
        )
        sheet = timed(cold(lambda: contact_sheet(vault)), args.repeat)
        sheet_warm = timed(lambda: contact_sheet(vault), args.repeat)
        plain = timed(lambda: plain_table(rows), args.repeat)
        team = timed(cold(lambda: contact_sheet(vault, team_id=biggest[0])), args.repeat * 3)
        warm = timed(lambda: contact_sheet(vault, team_id=biggest[0]), args.repeat * 3)
        pages = len(PdfReader(io.BytesIO(contact_sheet(vault))).pages)
    sheet_ms, plain_ms = statistics.median(sheet), statistics.median(plain)
    print(f"{'whole contact sheet':34} {sheet_ms:9.0f} ms  ({pages} pages)")
    print(f"{'whole contact sheet, QR cached':34} {statistics.median(sheet_warm):9.0f} ms")
    print(f"{'plain LongTable, same rows + font':34} {plain_ms:9.0f} ms")
    print(f"{'ratio sheet / plain':34} {sheet_ms / plain_ms:9.2f}")
    print(f"{'one team (largest), cold QR':34} {statistics.median(team):9.0f} ms")
    print(f"{'one team (largest), QR cached':34} {statistics.median(warm):9.0f} ms")


if __name__ == "__main__":
    main()
