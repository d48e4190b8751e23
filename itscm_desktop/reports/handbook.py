"""The continuity handbook: the whole plan as one PDF, with a cover, a table of contents
with page numbers, and PDF bookmarks for every part and section.

A cover says whose plan it is, how secret and how current, and what to do first, with
the pages to turn to; then the contents; then the parts, each from a new page: the
plan's own (plan_sections, plan_registers) and the other documents' stories. It is laid
out in one pass (see handbook_contents), each part's flowables made before layout, so
that the contents can list their sections, and freed once laid out. Wallet cards are
left out: they are printed on their own (one fold-over card per responder, cut out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.reports.bia_summary import bia_story
from itscm_desktop.reports.call_tree import call_tree_story
from itscm_desktop.reports.contact_sheet import contact_sheet_story
from itscm_desktop.reports.fonts import BOLD, REGULAR, markup
from itscm_desktop.reports.handbook_contents import (
    Contents,
    ContentsLine,
    DeferredPart,
    PageNumbers,
    PageOf,
)
from itscm_desktop.reports.inventory import assets_story
from itscm_desktop.reports.layout import (
    RULE,
    Progress,
    document_info,
    frame_width,
    render,
    styles,
)
from itscm_desktop.reports.plan_registers import (
    change_log,
    distribution,
    exercises,
    risks,
    teams,
)
from itscm_desktop.reports.plan_sections import (
    OVERDUE,
    Part,
    day_text,
    dependencies,
    facts,
    plan_details,
    review_due,
    say,
    services,
)
from itscm_desktop.reports.runbook import runbook_story
from itscm_desktop.reports.suppliers import suppliers_story
from itscm_desktop.reports.text import unbroken
from itscm_desktop.reports.vcard import TICK_EVERY, preparing_codes
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Continuity handbook"

#: The parts, in the order they are printed and numbered.
PARTS: tuple[tuple[str, Part], ...] = (
    ("Plan details", plan_details),
    ("Services and objectives", services),
    ("Dependencies", dependencies),
    ("Teams", teams),
    ("Emergency contacts", lambda vault, width, now: contact_sheet_story(vault, width=width)),
    ("Call trees", lambda vault, width, now: call_tree_story(vault, width=width)),
    ("Recovery runbooks", lambda vault, width, now: runbook_story(vault, width=width)),
    ("Business impact", lambda vault, width, now: bia_story(vault, width=width)),
    ("Risks", risks),
    ("Exercises and actions", exercises),
    ("Suppliers", lambda vault, width, now: suppliers_story(vault, width=width, now=now)),
    ("Asset inventory", lambda vault, width, now: assets_story(vault, width=width)),
    ("Change log", change_log),
    ("Copies and exchanges", distribution),
)
_WALLET_CARDS = (
    "Wallet cards are not in the handbook: print them on their own (Print Center, Wallet "
    "cards) on one side of the paper, cut along the outline and fold on the dashed line."
)


def handbook(
    vault: Vault,
    *,
    paper: str = "a4",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The handbook as PDF bytes. `progress` hears 0 every few QR codes encoded and
    before each part is gathered, then each page once, as it is laid out (the handbook is
    laid out in a single pass). Raises ValueError for unknown paper."""
    plan = vault.plan()
    subject = "The whole continuity plan: objectives, teams, contacts, runbooks, risks."
    info = document_info(plan, DOCUMENT, subject, now)
    contents = Contents()
    story = _story(
        vault, frame_width(paper), info.generated, info.generated_text, contents, progress
    )

    return render(story, info, paper, progress, doc_class=contents.document_class())


# -- the story ----------------------------------------------------------------------------


def _story(
    vault: Vault,
    width: float,
    now: datetime,
    generated: str,
    contents: Contents,
    progress: Progress | None = None,
) -> list[Flowable]:
    s = styles()
    part_style = s["title"].clone("part", spaceAfter=4 * mm)
    contents_title = Paragraph("Contents", s["title"])
    contents.add(contents_title, "Contents", 0, in_toc=False, in_outline=True)
    parts: list[tuple[Paragraph, list[Flowable]]] = []
    keys: dict[str, str] = {}
    # The contact part's QR codes first, encoded (and kept) where missing with Stop heard
    # between them: a first handbook after many edits spends seconds here.
    for left in preparing_codes(vault):
        if progress is not None and left % TICK_EVERY == 0:
            progress(0)
    for number, (title, build) in enumerate(PARTS, start=1):
        heading = Paragraph(markup(f"{number}\u2002{title}", BOLD), part_style)
        if progress is not None:  # gathering the parts takes seconds: show it, allow Stop
            progress(0)
        flowables = build(vault, width, now)
        keys[title] = contents.plan_part(heading, number, title, flowables).key
        parts.append((heading, flowables))
    story = _cover(vault, width, now, generated, contents, keys)
    story += [PageBreak(), contents_title]
    for entry in contents.entries:
        if entry.in_toc:
            if entry.level == 0:  # a part's line is not left alone at the foot of a page
                story.append(CondPageBreak(24 * mm))
            story.append(ContentsLine(entry, contents, width))
    story += [Spacer(0, 6 * mm), say(_WALLET_CARDS, "small")]
    for heading, flowables in parts:
        story += [PageBreak(), heading, DeferredPart(flowables)]
    story.append(PageNumbers(contents))
    return story


def _cover(
    vault: Vault,
    width: float,
    now: datetime,
    generated: str,
    contents: Contents,
    keys: dict[str, str],
) -> list[Flowable]:
    """The first page: whose plan, how secret, how current, and what to do first."""
    plan = vault.plan()
    s = styles()
    big = s["title"].clone("cover", fontSize=26, leading=31)
    story: list[Flowable] = [
        Spacer(0, 6 * mm),
        Paragraph(markup(plan.get("organisation") or "", BOLD), big),
        Paragraph(markup(DOCUMENT), s["title"].clone("sub", fontName=REGULAR)),
    ]
    version = f"version {plan['version']}" if plan.get("version") else ""
    line = " · ".join(p for p in (plan.get("title") or "", version) if p)
    story += [Paragraph(markup(line), s["heading"]), Spacer(0, 6 * mm)]
    code = plan.get("classification") or ""
    if code:
        label = REGISTRY["plan"].field("classification").choice_label(code)
        box = Table([[Paragraph(markup(label, BOLD), big.clone("class", alignment=1))]])
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("BOX", (0, 0), (-1, -1), 2.5, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
                ]
            )
        )
        story += [box, Spacer(0, 6 * mm)]
    owner = vault.find("contacts", plan["owner_id"]) if plan.get("owner_id") else None
    approved = " by ".join(
        p for p in (day_text(plan.get("approved_on")), plan.get("approved_by") or "") if p
    )
    due, overdue = review_due(plan, now.astimezone().date())
    crisis: object = "No crisis line recorded — add it in the app, under Plan settings."
    if plan.get("crisis_line"):
        number = s["number"].clone("crisis", fontSize=22, leading=27)
        crisis = Paragraph(markup(format_phone(plan["crisis_line"]), BOLD), number)
    due_text = markup(due, BOLD) + (f" — <b>{OVERDUE}</b>" if overdue else "")
    story.append(
        facts(
            [
                ("Crisis line", crisis),
                ("Plan owner", _reach(owner) if owner else "Not recorded"),
                ("Approved", approved or "Not yet approved"),
                ("Last reviewed", day_text(plan.get("last_reviewed_on")) or "Never"),
                ("Next review due", Paragraph(due_text, s["body"])),
                ("This copy", generated),
            ],
            width,
            valign="MIDDLE",
        )
    )
    story += [Spacer(0, 8 * mm), *_how_to_use(width, contents, keys)]
    return story


def _reach(person: Mapping[str, Any]) -> str:
    """A person's name and first number: "Helen Ashworth · +44 7400 129847"."""
    number = next((person[k] for k in ("mobile_phone", "work_phone") if person.get(k)), "")
    shown = unbroken(format_phone(number)) if number else ""
    return " · ".join(p for p in (str(person["full_name"]), shown) if p)


def _how_to_use(width: float, contents: Contents, keys: dict[str, str]) -> list[Flowable]:
    """What to do with the handbook in an emergency, with the pages to turn to."""
    s = styles()
    steps: list[tuple[str, str | None]] = [
        ("Call the crisis line (above) and say who you are and what has happened.", None),
        ("Call your team, in the order on the contact sheet.", "Emergency contacts"),
        ("Find the service that is down: its recovery order and RTO.", "Services and objectives"),
        ("Follow that service's runbook, step by step.", "Recovery runbooks"),
    ]
    rows: list[list[object]] = []
    for text, part in steps:
        key = keys.get(part or "")
        if part and key is None:
            continue
        where = f" See {part}." if part else ""
        page: object = PageOf(key, contents) if key else ""
        step = Paragraph(markup(text + where), s["body"].clone("step", fontSize=11, leading=14))
        rows.append([Paragraph(str(len(rows) + 1), s["number"]), step, page])
    table = Table(rows, colWidths=[10 * mm, width - 36 * mm, 26 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    title = Paragraph("In an emergency", s["section"].clone("how", spaceBefore=0))
    return [title, table]


__all__: Sequence[str] = ("DOCUMENT", "PARTS", "handbook")
