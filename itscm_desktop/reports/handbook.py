"""The continuity handbook: the whole plan as one PDF, with a cover, a table of contents
with page numbers, and PDF bookmarks for every part and section.

It is laid out once. reportlab's TableOfContents lays the whole story out again until
its page numbers stop moving (two or three passes), and one pass of the large
organisation's handbook already takes most of the minute it may take. The contents are
known before layout instead: every part title and every `section` heading is a
paragraph in the story. So the contents pages are laid out with their entries at once,
and each page number on them is a PDF form drawn there now and defined at the very end,
when the page of every heading is known (PDF lets a form be used before it is defined).
The bookmarks are added as the headings are laid out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    KeepTogether,
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
from itscm_desktop.reports.fonts import BOLD, REGULAR, draw_string, markup, string_width
from itscm_desktop.reports.inventory import assets_story
from itscm_desktop.reports.layout import (
    RULE,
    Progress,
    document_info,
    frame_width,
    render,
    styles,
)
from itscm_desktop.reports.plan_registers import change_log, exercises, risks, teams
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
)

#: A part with more `heading` paragraphs than this bookmarks only its sections: a
#: thousand bookmarks under one part are a list nobody can use.
OUTLINE_HEADINGS_MAX = 200
#: A part's bookmarks start folded when it has more than this many.
_OPEN_BOOKMARKS_MAX = 12
_WALLET_CARDS = (
    "Wallet cards are not in the handbook: print them on their own (Print Center, Wallet "
    "cards), double-sided on card, and cut them out for each responder."
)


def handbook(
    vault: Vault,
    *,
    paper: str = "a4",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The handbook as PDF bytes. `progress` hears each page once, as it is laid out (the
    handbook is laid out in a single pass). Raises ValueError for unknown paper."""
    plan = vault.plan()
    subject = "The whole continuity plan: objectives, teams, contacts, runbooks, risks."
    info = document_info(plan, DOCUMENT, subject, now)
    contents = _Contents()
    story = _story(vault, frame_width(paper), info.generated, info.generated_text, contents)

    class _Document(_HandbookDocument):
        pass

    _Document.contents = contents
    return render(story, info, paper, progress, doc_class=_Document)


# -- the contents, planned before layout ------------------------------------------------


@dataclass
class _Entry:
    """One heading: a part (level 0), a section (1) or a heading within a section (2)."""

    key: str
    text: str
    level: int
    in_toc: bool
    in_outline: bool
    number: str = ""  # a part's
    folded: bool = False

    @property
    def title(self) -> str:
        """As the bookmark reads: "7 Recovery runbooks"."""
        return f"{self.number} {self.text}".strip()


@dataclass
class _Contents:
    """The headings of the handbook, found in the story before layout, and the page each
    lands on once laid out. The page numbers printed in the contents are forms, one per
    heading and size, defined when the last page is done."""

    planned: dict[int, _Entry] = field(default_factory=dict)
    entries: list[_Entry] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    forms: dict[str, tuple[str, float, str]] = field(default_factory=dict)

    def add(self, flowable: Flowable, text: str, level: int, **kw: Any) -> _Entry:
        entry = _Entry(f"hb{len(self.entries)}", text, level, **kw)
        self.planned[id(flowable)] = entry
        self.entries.append(entry)
        return entry

    def number_form(self, key: str, size: float, font: str) -> str:
        """The name of the form that will print the page number of `key`."""
        name = f"hbpage-{key}-{size:g}-{font}"
        self.forms[name] = (key, size, font)
        return name

    def plan_part(
        self, heading: Flowable, number: int, title: str, story: Sequence[Flowable]
    ) -> _Entry:
        """Enter a part and its sections and headings, in the order they are printed."""
        part = self.add(heading, title, 0, in_toc=True, in_outline=True, number=str(number))
        found = [(f, f.style.name) for f in _paragraphs(story)]
        found = [(f, name) for f, name in found if name in ("section", "heading")]
        headings = sum(1 for _, name in found if name == "heading")
        in_section = False
        children = 0
        for flowable, name in found:
            if name == "section":
                in_section = True
                self.add(flowable, flowable.getPlainText(), 1, in_toc=True, in_outline=True)
                children += 1
            elif headings <= OUTLINE_HEADINGS_MAX:
                level = 2 if in_section else 1
                self.add(flowable, flowable.getPlainText(), level, in_toc=False, in_outline=True)
                children += 1
        part.folded = children > _OPEN_BOOKMARKS_MAX
        return part


def _paragraphs(story: Sequence[Flowable]) -> Iterator[Paragraph]:
    """The paragraphs of `story` laid out on their own, those in KeepTogether included."""
    for flowable in story:
        if isinstance(flowable, Paragraph):
            yield flowable
        elif isinstance(flowable, KeepTogether):
            yield from _paragraphs(flowable._content)


class _Part(Flowable):  # type: ignore[misc]
    """A part's flowables, handed to the layout when it reaches them and then let go of,
    so that what is laid out can be freed: the large organisation's parts hold hundreds
    of megabytes of flowables, and the pages laid out as many again."""

    def __init__(self, flowables: list[Flowable]) -> None:
        super().__init__()
        self.flowables = flowables

    def take(self) -> list[Flowable]:
        flowables, self.flowables = self.flowables, []
        return flowables or [Spacer(0, 0)]


class _HandbookDocument(BaseDocTemplate):  # type: ignore[misc]  # reportlab has no type hints
    """Bookmarks each planned heading, and notes its page, as it is laid out."""

    contents: _Contents
    _outline_level = -1

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        if flowables and isinstance(flowables[0], _Part):
            flowables[0:1] = flowables[0].take()

    def afterFlowable(self, flowable: Flowable) -> None:
        # Forgotten once found: a freed heading's id may be reused by a later flowable.
        entry = self.contents.planned.pop(id(flowable), None)
        if entry is None or entry.key in self.contents.pages:
            return
        self.contents.pages[entry.key] = self.page
        top = self.frame._y + getattr(flowable, "height", 0) + 6
        self.canv.bookmarkPage(entry.key, fit="XYZ", left=0, top=top, zoom=0)
        if entry.in_outline:
            # The outline may go down only one level at a time.
            level = min(entry.level, self._outline_level + 1)
            self.canv.addOutlineEntry(entry.title, entry.key, level, closed=entry.folded)
            self._outline_level = level


# -- the contents pages -----------------------------------------------------------------


class _ContentsLine(Flowable):  # type: ignore[misc]
    """One line of the contents: a part (bold) or a section (indented), dots, and its page
    number (a form defined at the end). The whole line links to the heading."""

    def __init__(self, entry: _Entry, contents: _Contents, width: float) -> None:
        super().__init__()
        self.entry = entry
        part = entry.level == 0
        self.font, self.size = (BOLD, 11.5) if part else (REGULAR, 9.5)
        self.indent = 9 * mm
        self.width, self.height = width, (21.0 if part else 14.5)
        self.form = contents.number_form(entry.key, self.size, self.font)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, room = self.canv, 16 * mm
        text = _fit(self.entry.text, self.width - self.indent - room, self.size, self.font)
        draw_string(canvas, 0, 3, self.entry.number, self.size, self.font)
        drawn = draw_string(canvas, self.indent, 3, text, self.size, self.font)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineCap(1)
        canvas.setDash(0.1, 3.5)
        end = self.width - string_width("0000", self.size, self.font) - 2.5 * mm
        canvas.line(self.indent + drawn + 2 * mm, 3, end, 3)
        canvas.restoreState()
        canvas.saveState()
        canvas.translate(self.width, 3)
        canvas.doForm(self.form)
        canvas.restoreState()
        canvas.linkRect("", self.entry.key, (0, 0, self.width, self.height), thickness=0)


class _PageOf(Flowable):  # type: ignore[misc]
    """ "page N" of a heading, right-aligned: N is a form defined at the end."""

    def __init__(self, key: str, contents: _Contents, width: float = 24 * mm) -> None:
        super().__init__()
        self.key, self.width, self.height = key, width, 16.0
        self.form = contents.number_form(key, 13, BOLD)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        draw_string(canvas, self.width - 12 * mm, 3, "page", 9.5, REGULAR, align="right")
        canvas.saveState()
        canvas.translate(self.width, 3)
        canvas.doForm(self.form)
        canvas.restoreState()
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), thickness=0)


class _PageNumbers(Flowable):  # type: ignore[misc]
    """Last in the story: defines the page-number forms, now that every page is known."""

    def __init__(self, contents: _Contents) -> None:
        super().__init__()
        self.contents = contents

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas, pages = self.canv, self.contents.pages
        for entry in self.contents.entries:
            if entry.key not in pages:  # never laid out (a bug): point at the end
                canvas.bookmarkPage(entry.key)
        for name, (key, size, font) in self.contents.forms.items():
            canvas.beginForm(name, -40 * mm, -5 * mm, 5 * mm, 10 * mm)
            draw_string(canvas, 0, 0, str(pages.get(key, "?")), size, font, align="right")
            canvas.endForm()


def _fit(text: str, width: float, size: float, font: str) -> str:
    """`text`, cut with "…" so that it fits `width`."""
    if string_width(text, size, font) <= width:
        return text
    while text and string_width(text + "…", size, font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# -- the story ----------------------------------------------------------------------------


def _story(
    vault: Vault, width: float, now: datetime, generated: str, contents: _Contents
) -> list[Flowable]:
    s = styles()
    part_style = s["title"].clone("part", spaceAfter=4 * mm)
    contents_title = Paragraph("Contents", s["title"])
    contents.add(contents_title, "Contents", 0, in_toc=False, in_outline=True)
    parts: list[tuple[Paragraph, list[Flowable]]] = []
    keys: dict[str, str] = {}
    for number, (title, build) in enumerate(PARTS, start=1):
        heading = Paragraph(markup(f"{number}\u2002{title}", BOLD), part_style)
        flowables = build(vault, width, now)
        keys[title] = contents.plan_part(heading, number, title, flowables).key
        parts.append((heading, flowables))
    story = _cover(vault, width, now, generated, contents, keys)
    story += [PageBreak(), contents_title]
    for entry in contents.entries:
        if entry.in_toc:
            if entry.level == 0:  # a part's line is not left alone at the foot of a page
                story.append(CondPageBreak(24 * mm))
            story.append(_ContentsLine(entry, contents, width))
    story += [Spacer(0, 6 * mm), say(_WALLET_CARDS, "small")]
    for heading, flowables in parts:
        story += [PageBreak(), heading, _Part(flowables)]
    story.append(_PageNumbers(contents))
    return story


def _cover(
    vault: Vault,
    width: float,
    now: datetime,
    generated: str,
    contents: _Contents,
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
    shown = format_phone(number).replace(" ", "\u00a0") if number else ""
    return " · ".join(p for p in (str(person["full_name"]), shown) if p)


def _how_to_use(width: float, contents: _Contents, keys: dict[str, str]) -> list[Flowable]:
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
        page: object = _PageOf(key, contents) if key else ""
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
