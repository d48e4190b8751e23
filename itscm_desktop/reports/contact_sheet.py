"""The emergency contact sheet: who to call, in what order, on which number.

For the whole organisation or one team: the crisis line at the top; each team with its
people in call order (the leader, then primaries, then alternates, as the app's "Who do
I call?" orders them), every number large; a QR code per person that a phone scans to
save the contact; then the suppliers' 24/7 lines with what to quote when calling; then
the sites with their addresses and how to get in. A team's sheet lists only the suppliers
and sites that matter to that team (vault/scope.py); the organisation's lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
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
from itscm_desktop.reports.vcard import QrFlowable, vcard
from itscm_desktop.vault.callout import Callee, CallGroup, call_group
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.queries import Record
from itscm_desktop.vault.scope import TeamScope, team_scope
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Emergency contact sheet"

_NUMBER_LABELS = {"mobile": "Mobile", "work": "Work", "home": "Home"}
_QR_SIZE = 24 * mm
_LEADER = "Team leader"
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
    plan = vault.plan()
    _, title, subject = _scope(vault, team_id)
    info = document_info(plan, title, subject, now)
    width = frame_width(paper)
    story: list[Flowable] = [Paragraph(markup(title, BOLD), styles()["title"])]
    story += contact_sheet_story(vault, team_id=team_id, width=width)
    return render(story, info, paper, progress)


def contact_sheet_story(
    vault: Vault, *, team_id: str | None = None, width: float
) -> list[Flowable]:
    """The contact sheet without its title, `width` wide: the crisis line, the teams in
    call order, then the suppliers and the sites (for one team, only those in its scope).

    Raises RecordNotFound when there is no team `team_id`.
    """
    plan = vault.plan()
    teams, _, _ = _scope(vault, team_id)
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
    for team in teams:
        group = call_group(vault, "teams", team["id"])
        if group is not None:
            story.append(_team_table(vault, group, team, organisation, width))
            story.append(Spacer(0, 5 * mm))
    scope = team_scope(vault, team_id) if team_id is not None else None
    story.extend(_suppliers(vault, width, scope))
    story.extend(_sites(vault, width, scope))
    return story


def _scope(vault: Vault, team_id: str | None) -> tuple[list[Mapping[str, Any]], str, str]:
    """The teams on the sheet, its title and its subject."""
    if team_id is None:
        teams = _in_call_order(vault.records("teams"))
        subject = "Who to call in every team, in order; suppliers' 24/7 lines; sites."
        return teams, DOCUMENT, subject
    team = vault.find("teams", team_id)
    if team is None:
        raise RecordNotFound(f"There is no team with id {team_id}.")
    subject = f"Who to call in the {team['name']}, in order, with every number."
    return [team], f"{DOCUMENT}: {team['name']}", subject


def _in_call_order(teams: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Teams as they are called in a crisis: by purpose in the registry's order (crisis
    management first), then by name."""
    purposes = [code for code, _ in REGISTRY["teams"].field("purpose").choices]

    def key(team: Mapping[str, Any]) -> tuple[int, str]:
        purpose = team.get("purpose")
        rank = purposes.index(purpose) if purpose in purposes else len(purposes)
        return rank, str(team.get("name") or "").casefold()

    return sorted(teams, key=key)


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
    """How much lower the first number's baseline sits than a label's, in points."""
    s = styles()
    number = getAscentDescent(s["number"].fontName, s["number"].fontSize)[0]
    label = getAscentDescent(s["label"].fontName, s["label"].fontSize)[0]
    return float(number - label)


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


def _person_row(vault: Vault, callee: Callee, leader: bool, organisation: str) -> list[object]:
    s = styles()
    person: list[Flowable] = [Paragraph(markup(callee.name, BOLD), s["name"])]
    role = _role(callee, leader)
    badges = _badges(callee, leader)
    if badges:
        person.append(Paragraph(markup(badges, BOLD), s["badge"]))
    if role:
        person.append(Paragraph(markup(role), s["body"]))
    for email in callee.emails:
        person.append(Paragraph(markup(email), s["small"]))
    if callee.note:
        person.append(Paragraph(markup(callee.note), s["small"]))
    if callee.numbers:
        labels = "<br/>".join(_NUMBER_LABELS.get(n.kind, n.kind.title()) for n in callee.numbers)
        numbers = "<br/>".join(markup(n.display, BOLD) for n in callee.numbers)
        label_cell: object = Paragraph(labels, s["label"])
        number_cell: object = Paragraph(numbers, s["number"])
    else:
        # Said across the label and number columns (see _team_table).
        label_cell = Paragraph(
            markup("No number recorded — reach them another way.", BOLD), s["body"]
        )
        number_cell = ""
    contact = vault.find("contacts", callee.id)
    code: object = QrFlowable(vcard(contact, organisation), _QR_SIZE) if contact else ""
    order = Paragraph(markup(str(callee.order), BOLD), s["heading"])
    return [order, person, label_cell, number_cell, code]


def _team_table(
    vault: Vault,
    group: CallGroup,
    team: Mapping[str, Any],
    organisation: str,
    width: float,
) -> Flowable:
    s = styles()
    heading: list[Flowable] = [Paragraph(markup(group.heading, BOLD), s["heading"])]
    if group.detail:
        heading.append(Paragraph(markup(group.detail), s["small"]))
    rows: list[list[object]] = [[heading, "", "", "", ""]]
    leader_id = team.get("leader_id")
    commands: list[tuple[Any, ...]] = []
    for row, callee in enumerate(group.callees, start=1):
        leader = callee.order == 1 and callee.id == leader_id
        rows.append(_person_row(vault, callee, leader, organisation))
        if not callee.numbers:
            commands += [("SPAN", (2, row), (3, row)), ("TOPPADDING", (2, row), (2, row), 4)]
    commands[:0] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        # Labels set on the numbers' baselines: the first line of each starts lower by
        # the difference in the fonts' ascent.
        ("TOPPADDING", (2, 1), (2, -1), 4 + _label_drop()),
    ]
    if not group.callees:
        rows.append(
            [Paragraph("Nobody in this team yet — add people in the app, under Teams.", s["body"])]
            + [""] * 4
        )
        commands.append(("SPAN", (0, 1), (-1, 1)))
    order_width, label_width, code_width = 12 * mm, 15 * mm, _QR_SIZE + 4 * mm
    rest = width - order_width - label_width - code_width
    table = Table(
        rows,
        colWidths=[order_width, rest * 0.56, label_width, rest * 0.44, code_width],
        repeatRows=1,
    )
    table.setStyle(TableStyle(commands))
    return table


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
    header = [
        Paragraph(markup(text, BOLD), s["small"])
        for text in ("Supplier", "24/7 line", "Quote when calling")
    ]
    rows: list[list[object]] = [header]
    for supplier in suppliers:
        name: list[Flowable] = [Paragraph(markup(supplier["name"], BOLD), s["name"])]
        if supplier.get("provides"):
            name.append(Paragraph(markup(supplier["provides"]), s["small"]))
        line: list[Flowable] = []
        if supplier.get("support_phone"):
            line.append(
                Paragraph(markup(format_phone(supplier["support_phone"]), BOLD), s["number"])
            )
        else:
            line.append(Paragraph("No 24/7 line recorded", s["body"]))
        if supplier.get("support_email"):
            line.append(Paragraph(markup(supplier["support_email"]), s["small"]))
        rows.append([name, line, Paragraph(markup(_quote(supplier)), s["body"])])
    return [*found, _listing(rows, [width * 0.35, width * 0.3, width * 0.35])]


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
    header = [
        Paragraph(markup(t, BOLD), s["small"])
        for t in ("Site", "Address and phone", "How to get in")
    ]
    rows: list[list[object]] = [header]
    for site in sites:
        name = [
            Paragraph(markup(site["name"], BOLD), s["name"]),
            Paragraph(markup(kinds.choice_label(site.get("kind") or "")), s["small"]),
        ]
        where: list[Flowable] = [Paragraph(markup(site.get("address") or ""), s["body"])]
        if site.get("phone"):
            where.append(Paragraph(markup(format_phone(site["phone"]), BOLD), s["number"]))
        access = Paragraph(markup(site.get("access_instructions") or ""), s["body"])
        rows.append([name, where, access])
    return [*found, _listing(rows, [width * 0.27, width * 0.33, width * 0.40])]


def _listing(rows: list[list[object]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table
