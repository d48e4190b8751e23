"""The supplier directory: whom to ring when a vendor's part of the recovery is late.

Alphabetical, under letter headings, because at 3 a.m. a supplier is looked up by name.
Each supplier is one boxed block kept on one page: what they provide, the 24/7 line
large, what to quote (contract reference, account number), how long the contract says
they may take, whether the contract has lapsed or lapses soon, their named people, the
services that depend on them and how many assets they support.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.domain.readiness import parse_day
from itscm_desktop.reports.fonts import BOLD, REGULAR, markup
from itscm_desktop.reports.layout import (
    RULE,
    SHADE,
    Progress,
    document_info,
    frame_width,
    render,
    styles,
)
from itscm_desktop.reports.text import unbroken
from itscm_desktop.vault.callout import PERSON_PHONES
from itscm_desktop.vault.connection import translate_errors
from itscm_desktop.vault.scope import team_scope
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Supplier directory"
#: A contract ending within this many days of the document's date is flagged.
EXPIRY_WARNING_DAYS = 60
#: More dependent services than this are counted, not named.
_SERVICES_NAMED = 12

_SUPPLIERS = REGISTRY["suppliers"]
_NUMBER_LABELS = {"mobile": "Mobile", "work": "Work", "home": "Home"}

#: Letters that Unicode does not decompose into a base letter and a mark.
_BASE_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae"}
    | {"Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "TH"}
)


_NUMBER = re.compile(r"\d+")


def alphabetical_key(text: str) -> str:
    """How a name sorts for a reader: "Łódź" with the L's, "Ørsted" with the O's, case
    ignored (the vault sorts by code point: Ł after Z), and numbers by value ("dock 2"
    before "dock 10")."""
    folded = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).casefold().strip()
    return _NUMBER.sub(lambda found: found[0].zfill(12), plain)


def initial(text: str) -> str:
    """The letter a name is filed under: "L" for "Łódzkie", "0–9" for "3D Print Ltd"."""
    key = alphabetical_key(text)
    if not key:
        return "?"
    if key[0].isdigit():
        return "0–9"
    return key[0].upper() if key[0].isalpha() else "#"


def supplier_directory(
    vault: Vault,
    *,
    team_id: str | None = None,
    paper: str = "a4",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The directory as PDF bytes: every supplier, or those the team `team_id` needs.

    Contracts are flagged as expired or expiring relative to `now` (the generation time).
    Raises RecordNotFound for an unknown team, ValueError for unknown paper.
    """
    when = now or datetime.now().astimezone()
    directory = _Directory.read(vault, team_id, when.date())
    title = DOCUMENT + (f": {directory.team_name}" if directory.team_name else "")
    count = len(directory.suppliers)
    whose = f"the {directory.team_name} needs" if directory.team_name else "of the organisation"
    subject = (
        f"The {count} supplier{'' if count == 1 else 's'} {whose}, by name: 24/7 lines, "
        "contracts, people, the services that depend on them."
    )
    info = document_info(vault.plan(), title, subject, when)
    story: list[Flowable] = [Paragraph(markup(title, BOLD), styles()["title"])]
    story += directory.story(frame_width(paper))
    return render(story, info, paper, progress)


def suppliers_story(
    vault: Vault, *, team_id: str | None = None, width: float, now: datetime | None = None
) -> list[Flowable]:
    """The directory's content without its title, `width` points wide (for the handbook).
    Pass the handbook's `now` so that expiry flags agree with its generation date."""
    when = now or datetime.now().astimezone()
    return _Directory.read(vault, team_id, when.date()).story(width)


def expiry_flag(expires_on: object, today: date) -> str:
    """ "EXPIRED", "expires today", "expires in N days" (within the warning period) or ""."""
    day = parse_day(expires_on)
    if day is None:
        return ""
    days = (day - today).days
    if days < 0:
        return "EXPIRED"
    if days == 0:
        return "expires today"
    if days <= EXPIRY_WARNING_DAYS:
        return f"expires in {days} day{'' if days == 1 else 's'}"
    return ""


class _Directory:
    """The suppliers in scope with their people, dependent services and asset counts,
    each table read once (600 suppliers: no query per supplier)."""

    def __init__(
        self,
        suppliers: list[dict[str, Any]],
        contacts: dict[str, list[dict[str, Any]]],
        services: dict[str, list[dict[str, Any]]],
        assets: dict[str, int],
        team_name: str,
        today: date,
    ) -> None:
        self.suppliers = suppliers
        self.contacts = contacts
        self.services = services
        self.assets = assets
        self.team_name = team_name
        self.today = today

    @classmethod
    def read(cls, vault: Vault, team_id: str | None, today: date) -> _Directory:
        suppliers = vault.records("suppliers")
        team_name = ""
        if team_id is not None:
            team = vault.get("teams", team_id)
            team_name = str(team["name"])
            wanted = set(team_scope(vault, team_id).suppliers)
            suppliers = [s for s in suppliers if s["id"] in wanted]
        suppliers.sort(key=lambda s: (alphabetical_key(str(s["name"])), s["id"]))
        ids = {s["id"] for s in suppliers}
        contacts: dict[str, list[dict[str, Any]]] = {}
        services: dict[str, list[dict[str, Any]]] = {}
        assets: dict[str, int] = {}
        if ids:
            for contact in vault.records("contacts", order_by="full_name"):
                if contact.get("supplier_id") in ids:
                    contacts.setdefault(contact["supplier_id"], []).append(contact)
            by_id = {s["id"]: s for s in vault.records("services")}
            for dependency in vault.records("dependencies"):
                service = by_id.get(dependency["from_id"])
                if dependency["to_id"] in ids and service is not None:
                    found = services.setdefault(dependency["to_id"], [])
                    if service not in found:
                        found.append(service)
            with translate_errors():
                rows = vault.conn.execute(
                    "SELECT supplier_id, count(*) FROM assets "
                    "WHERE supplier_id IS NOT NULL GROUP BY supplier_id"
                )
                assets = {str(r[0]): int(r[1]) for r in rows if r[0] in ids}
        for found in services.values():
            found.sort(key=lambda s: (s.get("tier") or 9, alphabetical_key(str(s["name"]))))
        return cls(suppliers, contacts, services, assets, team_name, today)

    def story(self, width: float) -> list[Flowable]:
        s = styles()
        if not self.suppliers:
            if self.team_name:
                text = f"No suppliers recorded for the {markup(self.team_name)}."
            else:
                text = "No suppliers yet — add them in the app, under Suppliers."
            return [Paragraph(text, s["body"])]
        story: list[Flowable] = [
            Paragraph(
                "By name. Call the 24/7 line and quote the contract reference and the "
                f"account number. Contracts ended or ending within {EXPIRY_WARNING_DAYS} "
                "days are marked.",
                s["body"],
            )
        ]
        letter = None
        # The letter is a heading of its own, directly in the story (the handbook
        # bookmarks it); keepWithNext holds it on the page of its first supplier.
        heading = s["heading"].clone(
            "heading", keepWithNext=1, spaceBefore=3 * mm, spaceAfter=2 * mm
        )
        for supplier in self.suppliers:
            block = self._block(supplier, width)
            if initial(str(supplier["name"])) != letter:
                letter = initial(str(supplier["name"]))
                story += [Paragraph(markup(letter, BOLD), heading), block]
            else:
                story.append(KeepTogether([Spacer(0, 2 * mm), block]))
        return story

    def _block(self, supplier: Mapping[str, Any], width: float) -> Table:
        s = styles()
        name: list[Flowable] = [Paragraph(markup(str(supplier["name"]), BOLD), s["name"])]
        if supplier.get("provides"):
            name.append(Paragraph(markup(str(supplier["provides"])), s["small"]))
        line: list[Flowable] = [Paragraph("24/7 support line", s["small"])]
        if supplier.get("support_phone"):
            number = unbroken(format_phone(str(supplier["support_phone"])))
            line.append(Paragraph(markup(number, BOLD), s["number"]))
        else:
            line.append(Paragraph(markup("No 24/7 line recorded", BOLD), s["body"]))
        if supplier.get("support_email"):
            line.append(Paragraph(markup(str(supplier["support_email"])), s["small"]))
        rows: list[list[object]] = [[name, line], [self._terms(supplier, width), ""]]
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("BOX", (0, 0), (-1, -1), 0.8, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.3, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, 1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, 1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("SPAN", (0, 1), (1, 1)),
        ]
        # One row per line of people, services and notes, so that a supplier with more
        # than a page of them breaks between lines instead of failing to fit.
        for part in self._people(supplier), self._dependents(supplier), self._notes(supplier):
            if not part:
                continue
            first, last = len(rows), len(rows) + len(part) - 1
            rows += [[flowable, Spacer(0, 0)] for flowable in part]  # "" would be a line high
            commands += [
                ("LINEABOVE", (0, first), (-1, first), 0.3, RULE),
                ("TOPPADDING", (0, first), (-1, last), 0),
                ("BOTTOMPADDING", (0, first), (-1, last), 0),
                ("TOPPADDING", (0, first), (-1, first), 3),
                ("BOTTOMPADDING", (0, last), (-1, last), 4),
            ]
        commands += [("SPAN", (0, row), (1, row)) for row in range(2, len(rows))]
        table = Table(rows, colWidths=[width * 0.6, width * 0.4], splitInRow=1)
        table.setStyle(TableStyle(commands))
        return table

    def _terms(self, supplier: Mapping[str, Any], width: float) -> Table:
        """Contract reference, account, expiry and recovery time: labels over values."""
        s = styles()
        expires = str(supplier.get("contract_expires_on") or "")[:10]
        flag = expiry_flag(expires, self.today)
        minutes = supplier.get("contracted_recovery_minutes")
        values = {
            "contract_ref": str(supplier.get("contract_ref") or ""),
            "account_number": str(supplier.get("account_number") or ""),
            "contract_expires_on": f"{expires} {flag.upper()}".strip(),
            "contracted_recovery_minutes": format_minutes(minutes)
            if isinstance(minutes, int)
            else "",
        }
        labels = [Paragraph(_SUPPLIERS.field(k).label, s["small"]) for k in values]
        shown = [Paragraph(markup(v or "–", BOLD), s["body"]) for v in values.values()]
        room = width - 10
        table = Table([labels, shown], colWidths=[room / 4] * 4)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    def _people(self, supplier: Mapping[str, Any]) -> list[Flowable]:
        s = styles()
        people = self.contacts.get(supplier["id"], [])
        if not people:
            return []
        found: list[Flowable] = [Paragraph("People", s["small"])]
        for person in people:
            parts = [markup(str(person["full_name"]), BOLD)]
            if person.get("job_title"):
                parts[0] += ", " + markup(str(person["job_title"]))
            for kind, field in PERSON_PHONES:
                if person.get(field):
                    number = markup(unbroken(format_phone(str(person[field]))), BOLD)
                    parts.append(f"{_NUMBER_LABELS[kind]}\u00a0{number}")
            if person.get("work_email"):
                parts.append(markup(str(person["work_email"])))
            found.append(Paragraph(" · ".join(parts), s["body"]))
        return found

    def _dependents(self, supplier: Mapping[str, Any]) -> list[Flowable]:
        s = styles()
        services = self.services.get(supplier["id"], [])
        assets = self.assets.get(supplier["id"], 0)
        if not services and not assets:
            return []
        found: list[Flowable] = []
        if services:
            named = [
                markup(str(v["name"])) + (f" (tier {v['tier']})" if v.get("tier") else "")
                for v in services[:_SERVICES_NAMED]
            ]
            if len(services) > _SERVICES_NAMED:
                named.append(f"and {len(services) - _SERVICES_NAMED} more")
            label = "Services that depend on them"
            found.append(Paragraph(label, s["small"]))
            found.append(Paragraph(" · ".join(named), s["body"]))
        if assets:
            found.append(
                Paragraph(f"Supports {assets} asset{'' if assets == 1 else 's'}.", s["body"])
            )
        return found

    def _notes(self, supplier: Mapping[str, Any]) -> list[Flowable]:
        notes = str(supplier.get("notes") or "").strip()
        return [Paragraph(markup(notes), styles()["small"])] if notes else []


__all__: Sequence[str] = (
    "DOCUMENT",
    "alphabetical_key",
    "expiry_flag",
    "initial",
    "supplier_directory",
    "suppliers_story",
)
