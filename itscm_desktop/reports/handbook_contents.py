"""The handbook's table of contents and bookmarks, laid out in one pass.

reportlab's TableOfContents lays the whole story out again until its page numbers stop
moving (two or three passes), and one pass of the large organisation's handbook already
takes a good part of the minute it may take. The contents are known before layout
instead: every part title and every `section` heading is a paragraph in the story. So the
contents pages are laid out with their entries at once, and each page number on them is
a PDF form drawn there now and defined at the very end, when the page of every heading is
known (PDF lets a form be used before it is defined). The bookmarks are added as the
headings are laid out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Paragraph, Spacer

from itscm_desktop.reports.fonts import BOLD, REGULAR
from itscm_desktop.reports.layout import RULE
from itscm_desktop.reports.text import draw_string, shortened, string_width

#: A part with more `heading` paragraphs than this bookmarks only its sections: a
#: thousand bookmarks under one part are a list nobody can use.
OUTLINE_HEADINGS_MAX = 200
#: A part's bookmarks start folded when it has more than this many.
_OPEN_BOOKMARKS_MAX = 12


# -- the contents, planned before layout ------------------------------------------------


@dataclass
class Entry:
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
class Contents:
    """The headings of the handbook, found in the story before layout, and the page each
    lands on once laid out. The page numbers printed in the contents are forms, one per
    heading and size, defined when the last page is done."""

    planned: dict[int, Entry] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    forms: dict[str, tuple[str, float, str]] = field(default_factory=dict)

    def add(self, flowable: Flowable, text: str, level: int, **kw: Any) -> Entry:
        entry = Entry(f"hb{len(self.entries)}", text, level, **kw)
        self.planned[id(flowable)] = entry
        self.entries.append(entry)
        return entry

    def number_form(self, key: str, size: float, font: str) -> str:
        """The name of the form that will print the page number of `key`."""
        name = f"hbpage-{key}-{size:g}-{font}"
        self.forms[name] = (key, size, font)
        return name

    def document_class(self) -> type[BaseDocTemplate]:
        """A document template that bookmarks these contents' headings as laid out."""

        class Document(ContentsDocument):
            contents = self

        return Document

    def plan_part(
        self, heading: Flowable, number: int, title: str, story: Sequence[Flowable]
    ) -> Entry:
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


class DeferredPart(Flowable):  # type: ignore[misc]
    """A part's flowables, handed to the layout when it reaches them and then let go of,
    so that what is laid out can be freed: the large organisation's parts hold hundreds
    of megabytes of flowables, and the pages laid out as many again."""

    def __init__(self, flowables: list[Flowable]) -> None:
        super().__init__()
        self.flowables = flowables

    def take(self) -> list[Flowable]:
        flowables, self.flowables = self.flowables, []
        return flowables or [Spacer(0, 0)]


class ContentsDocument(BaseDocTemplate):  # type: ignore[misc]  # reportlab has no type hints
    """Bookmarks each planned heading, and notes its page, as it is laid out."""

    contents: Contents
    _outline_level = -1

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        if flowables and isinstance(flowables[0], DeferredPart):
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


class ContentsLine(Flowable):  # type: ignore[misc]
    """One line of the contents: a part (bold) or a section (indented), dots, and its page
    number (a form defined at the end). The whole line links to the heading."""

    def __init__(self, entry: Entry, contents: Contents, width: float) -> None:
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
        text = shortened(self.entry.text, self.width - self.indent - room, self.size, self.font)
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


class PageOf(Flowable):  # type: ignore[misc]
    """ "page N" of a heading, right-aligned: N is a form defined at the end."""

    def __init__(self, key: str, contents: Contents, width: float = 24 * mm) -> None:
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


class PageNumbers(Flowable):  # type: ignore[misc]
    """Last in the story: defines the page-number forms, now that every page is known."""

    def __init__(self, contents: Contents) -> None:
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
