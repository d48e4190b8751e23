"""The emergency contact sheet: who to call, in what order, on which number.

For the whole organisation or one team: the crisis line at the top; each team with its
people in call order (the leader, then primaries, then alternates, as the app's "Who do
I call?" orders them), every number large; a QR code per person that a phone scans to
save the contact; then the suppliers' 24/7 lines with what to quote when calling; then
the sites with their addresses and how to get in. A team's sheet lists only the suppliers
and sites that matter to that team (vault/scope.py); the organisation's lists them all.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.reports.fonts import BOLD, REGULAR, markup
from itscm_desktop.reports.layout import (
    RULE,
    Progress,
    document_info,
    frame_width,
    render,
    styles,
)
from itscm_desktop.reports.records import in_call_order
from itscm_desktop.reports.ruled import PAD_TOP, Cell, Row, Ruled, Text
from itscm_desktop.reports.vcard import QrFlowable, qr_codes, vcard
from itscm_desktop.vault.callout import Callee, CallGroup, call_groups
from itscm_desktop.vault.connection import translate_errors
from itscm_desktop.vault.queries import Record, rows_to_records
from itscm_desktop.vault.scope import TeamScope, team_scope
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Emergency contact sheet"

_NUMBER_LABELS = {"mobile": "Mobile", "work": "Work", "home": "Home"}
_QR_SIZE = 24 * mm
_LEADER = "Team leader"
_NO_LINE = "No 24/7 line recorded"
#: A section starts on a new page unless its heading and first rows fit on this one.
_SECTION_ROOM = 50 * mm


def contact_sheet(
    vault: Vault,
    *,
    team_id: str | None = None,
    paper: str = "a4",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The contact sheet as PDF bytes: every team, or only the team `team_id`.

    Raises RecordNotFound when there is no team `team_id`, ValueError for unknown paper.
    """
    title, subject = _heading(vault, team_id)
    info = document_info(vault.plan(), title, subject, now)
    width = frame_width(paper)
    story: list[Flowable] = [Paragraph(markup(title, BOLD), styles()["title"])]
    story += contact_sheet_story(vault, team_id=team_id, width=width, progress=progress)
    return render(story, info, paper, progress)


def contact_sheet_story(
    vault: Vault, *, team_id: str | None = None, width: float, progress: Progress | None = None
) -> list[Flowable]:
    """The contact sheet without its title, `width` wide: the crisis line, the teams in
    call order, then the suppliers and the sites (for one team, only those in its scope).
    `progress` hears 0 now and then while QR codes are encoded.

    Raises RecordNotFound when there is no team `team_id`.
    """
    plan = vault.plan()
    teams = (
        in_call_order(vault.records("teams")) if team_id is None else [vault.get("teams", team_id)]
    )
    s = styles()
    story: list[Flowable] = [_crisis_line(plan, width)]
    story.append(Spacer(0, 2 * mm))
    story.append(
        Paragraph(
            "Call in the order shown: the leader first, then the primaries, then the "
            "alternates. Scan a code with a phone's camera to save that person's numbers.",
            s["body"],
        )
    )
    story.append(Spacer(0, 3 * mm))
    organisation = str(plan.get("organisation") or "")
    if not teams:
        story.append(Paragraph("No teams yet — add them in the app, under Teams.", s["heading"]))
    groups = list(zip(teams, call_groups(vault, "teams", [t["id"] for t in teams]), strict=True))
    people = {c.id for _, group in groups if group for c in group.callees}
    codes = _codes(vault, people, organisation, progress)
    for team, group in groups:
        if group is not None:
            story.append(_team_block(group, team, codes, width))
            story.append(Spacer(0, 5 * mm))
    scope = team_scope(vault, team_id) if team_id is not None else None
    story.extend(_suppliers(vault, width, scope))
    story.extend(_sites(vault, width, scope))
    return story


def _heading(vault: Vault, team_id: str | None) -> tuple[str, str]:
    """The sheet's title and subject."""
    if team_id is None:
        return DOCUMENT, "Who to call in every team, in order; suppliers' 24/7 lines; sites."
    name = vault.get("teams", team_id)["name"]
    return f"{DOCUMENT}: {name}", f"Who to call in the {name}, in order, with every number."


def _codes(
    vault: Vault, ids: set[str], organisation: str, progress: Progress | None = None
) -> dict[str, Flowable]:
    """The QR code of each person of `ids`, by contact id: the people read in one query,
    their codes from the vault's store (encoded and stored there when missing)."""
    with translate_errors():
        cursor = vault.conn.execute(
            "SELECT * FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(ids)),),
        )
        cards = {
            c["id"]: vcard(c, organisation) for c in rows_to_records(REGISTRY["contacts"], cursor)
        }
    tick = None if progress is None else (lambda: progress(0))
    codes = qr_codes(vault, set(cards.values()), tick)
    return {id_: QrFlowable(card, _QR_SIZE, codes[card]) for id_, card in cards.items()}


def _crisis_line(plan: Mapping[str, Any], width: float) -> Flowable:
    s = styles()
    line = plan.get("crisis_line")
    if line:
        number = Paragraph(
            markup(format_phone(line), BOLD),
            styles()["number"].clone("crisis", fontSize=22, leading=27),
        )
    else:
        number = Paragraph(
            "No crisis line recorded — add it in the app, under Plan settings.", s["body"]
        )
    table = Table(
        [[Paragraph(markup("Crisis line", BOLD), s["heading"]), number]],
        colWidths=[45 * mm, width - 45 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # else empty cells ask for Helvetica
                ("BOX", (0, 0), (-1, -1), 2, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _label_drop() -> float:
    """How much lower a label's text starts than a number's, to share its baseline."""
    s = styles()
    return float(s["number"].fontSize - s["label"].fontSize)


@functools.cache
def _bold(style: str) -> ParagraphStyle:
    """The style `style` in bold."""
    return styles()[style].clone(f"{style}-bold", fontName=BOLD)


def _badges(callee: Callee, leader: bool) -> str:
    words = [_LEADER.upper()] if leader else []
    if callee.membership:
        words.append(callee.membership.upper())
    return " · ".join(words)


def _role(callee: Callee, leader: bool) -> str:
    """The person's role in the team; "Team leader" is said by the LEADER badge."""
    role = callee.role
    if leader and role.startswith(_LEADER):
        role = role.removeprefix(_LEADER).lstrip(" ·")
    return role


def _person_row(callee: Callee, leader: bool, code: Flowable | None) -> Row:
    s = styles()
    person = [Text(callee.name, s["name"])]
    badges = _badges(callee, leader)
    if badges:
        person.append(Text(badges, s["badge"]))
    role = _role(callee, leader)
    if role:
        person.append(Text(role, s["body"]))
    person += [Text(email, s["small"]) for email in callee.emails]
    if callee.note:
        person.append(Text(callee.note, s["small"]))
    cells = [Cell([Text(str(callee.order), s["heading"])]), Cell(person)]
    if callee.numbers:
        labels = "\n".join(_NUMBER_LABELS.get(n.kind, n.kind.title()) for n in callee.numbers)
        cells.append(Cell([Text(labels, s["label"])], top=PAD_TOP + _label_drop()))
        cells.append(Cell([Text(n.display, s["number"]) for n in callee.numbers]))
    else:
        lost = "No number recorded — reach them another way."
        cells.append(Cell([Text(lost, _bold("body"))], span=2))
    cells.append(Cell(code if code is not None else ()))
    return Row(cells)


def _team_block(
    group: CallGroup, team: Mapping[str, Any], codes: Mapping[str, Flowable], width: float
) -> Flowable:
    """A team: its heading (again, "continued", on every page it runs on to), then one
    row per person in call order."""
    s = styles()
    detail = [Text(group.detail, s["small"])] if group.detail else []
    heading = Row([Cell([Text(group.heading, s["heading"]), *detail], span=5)], shaded=True)
    continued = Row(
        [Cell([Text(f"{group.heading} (continued)", s["heading"]), *detail], span=5)],
        shaded=True,
    )
    leader_id = team.get("leader_id")
    rows = [
        _person_row(c, c.order == 1 and c.id == leader_id, codes.get(c.id)) for c in group.callees
    ]
    if not rows:
        nobody = "Nobody in this team yet — add people in the app, under Teams."
        rows.append(Row([Cell([Text(nobody, s["body"])], span=5)]))
    order_width, label_width, code_width = 12 * mm, 15 * mm, _QR_SIZE + 4 * mm
    rest = width - order_width - label_width - code_width
    widths = [order_width, rest * 0.56, label_width, rest * 0.44, code_width]
    return Ruled(widths, heading, rows, continued)


def _quote(supplier: Mapping[str, Any]) -> str:
    parts = []
    if supplier.get("contract_ref"):
        parts.append(f"Contract\u00a0{supplier['contract_ref']}")
    if supplier.get("account_number"):
        parts.append(f"Account\u00a0{supplier['account_number']}")
    return "\n".join(parts)


def _in_scope(records: list[Record], ids: tuple[str, ...] | None) -> list[Record]:
    """Those of `records` whose id is in `ids`; all of them when `ids` is None."""
    if ids is None:
        return records
    wanted = set(ids)
    return [record for record in records if record["id"] in wanted]


def _header(*titles: str) -> Row:
    return Row([Cell([Text(title, _bold("small"))]) for title in titles], shaded=True)


def _suppliers(vault: Vault, width: float, scope: TeamScope | None) -> list[Flowable]:
    s = styles()
    found: list[Flowable] = [
        CondPageBreak(_SECTION_ROOM),
        Paragraph("Suppliers — 24/7 lines", s["section"]),
    ]
    suppliers = _in_scope(
        vault.records("suppliers", order_by="name"), scope.suppliers if scope else None
    )
    if not suppliers:
        hint = (
            "No supplier is linked to this team's services, assets or people."
            if scope
            else "No suppliers yet — add them in the app, under Suppliers."
        )
        found.append(Paragraph(hint, s["body"]))
        return found
    rows = []
    for supplier in suppliers:
        name = [Text(supplier["name"], s["name"])]
        if supplier.get("provides"):
            name.append(Text(supplier["provides"], s["small"]))
        phone = supplier.get("support_phone")
        line = [Text(format_phone(phone), s["number"]) if phone else Text(_NO_LINE, s["body"])]
        if supplier.get("support_email"):
            line.append(Text(supplier["support_email"], s["small"]))
        rows.append(Row([Cell(name), Cell(line), Cell([Text(_quote(supplier), s["body"])])]))
    heading = _header("Supplier", "24/7 line", "Quote when calling")
    return [*found, Ruled([width * 0.35, width * 0.3, width * 0.35], heading, rows)]


def _sites(vault: Vault, width: float, scope: TeamScope | None) -> list[Flowable]:
    s = styles()
    found: list[Flowable] = [CondPageBreak(_SECTION_ROOM), Paragraph("Sites", s["section"])]
    sites = _in_scope(vault.records("sites", order_by="name"), scope.sites if scope else None)
    if not sites:
        hint = (
            "No site is linked to this team's services, assets or people."
            if scope
            else "No sites yet — add them in the app, under Sites."
        )
        found.append(Paragraph(hint, s["body"]))
        return found
    kinds = REGISTRY["sites"].field("kind")
    rows = []
    for site in sites:
        name = [
            Text(site["name"], s["name"]),
            Text(kinds.choice_label(site.get("kind") or ""), s["small"]),
        ]
        where = [Text(site.get("address") or "", s["body"])]
        if site.get("phone"):
            where.append(Text(format_phone(site["phone"]), s["number"]))
        access = [Text(site.get("access_instructions") or "", s["body"])]
        rows.append(Row([Cell(name), Cell(where), Cell(access)]))
    heading = _header("Site", "Address and phone", "How to get in")
    return [*found, Ruled([width * 0.27, width * 0.33, width * 0.40], heading, rows)]
