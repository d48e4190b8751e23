"""The page every printed document shares: header, footer, paper, styles and metadata.

A sheet found on its own in a go-bag must say whose plan it is from, how secret it is,
how old it is and whether pages are missing: so every page carries the organisation, the
plan title and version, the classification (large, boxed), when it was generated and
"Page x of y". The total is known only once the last page is laid out, so pages are kept
until the end and numbered then (`_NumberedCanvas`).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from itscm_desktop import __version__
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.reports.fonts import BOLD, REGULAR, register_fonts
from itscm_desktop.reports.text import draw_string, fitted, shortened, string_width

#: The paper sizes offered, by the name the CLI and the app use.
PAPERS: Mapping[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}

MARGIN = 15 * mm
TOP = 24 * mm  # room for the header
BOTTOM = 17 * mm  # room for the footer

#: Told the number of each page as it is laid out, and 0 now and then while the content
#: is still being prepared (QR codes encoded, a handbook's parts gathered); may raise to
#: stop the work (the exception passes through unchanged). The app shows it as progress.
Progress = Callable[[int], None]

#: Grey that prints legibly on a black-and-white laser printer.
RULE = colors.Color(0.45, 0.45, 0.45)
SHADE = colors.Color(0.9, 0.9, 0.9)


@dataclass(frozen=True)
class DocumentInfo:
    """What the header, footer and PDF metadata say about a document."""

    organisation: str
    plan_title: str
    version: str
    classification: str  # as printed: "CONFIDENTIAL"
    document: str  # "Emergency contact sheet"
    subject: str  # a sentence: what the document covers
    generated: datetime  # aware

    @property
    def plan_line(self) -> str:
        version = f"version {self.version}" if self.version else ""
        return " · ".join(part for part in (self.plan_title, version, self.document) if part)

    @property
    def generated_text(self) -> str:
        local = self.generated.astimezone()
        return f"Generated {local:%Y-%m-%d %H:%M} {local.tzname() or ''}".rstrip()


def document_info(
    plan: Mapping[str, Any], document: str, subject: str, now: datetime | None = None
) -> DocumentInfo:
    """The header of a document about the plan `plan` (the vault's plan record)."""
    field = REGISTRY["plan"].field("classification")
    code = str(plan.get("classification") or "")
    return DocumentInfo(
        organisation=str(plan.get("organisation") or ""),
        plan_title=str(plan.get("title") or ""),
        version=str(plan.get("version") or ""),
        classification=field.choice_label(code) if code else "",
        document=document,
        subject=subject,
        generated=now or datetime.now().astimezone(),
    )


def page_size(paper: str) -> tuple[float, float]:
    """The size of `paper` ("a4" or "letter") in points."""
    try:
        return PAPERS[paper]
    except KeyError:
        raise ValueError(f"Paper must be one of {', '.join(PAPERS)}, not “{paper}”.") from None


def frame_width(paper: str) -> float:
    """The width the content has on `paper`."""
    return float(page_size(paper)[0] - 2 * MARGIN)


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of every document, sized for reading at arm's length."""
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12)
    return {
        "body": body,
        "small": ParagraphStyle("small", body, fontSize=8.5, leading=10.5),
        "title": ParagraphStyle(
            "title", body, fontName=BOLD, fontSize=20, leading=24, spaceAfter=2 * mm
        ),
        "section": ParagraphStyle(
            "section",
            body,
            fontName=BOLD,
            fontSize=15,
            leading=19,
            spaceBefore=6 * mm,
            spaceAfter=2 * mm,
        ),
        "heading": ParagraphStyle("heading", body, fontName=BOLD, fontSize=13, leading=16),
        "name": ParagraphStyle("name", body, fontName=BOLD, fontSize=11.5, leading=14),
        "number": ParagraphStyle("number", body, fontName=BOLD, fontSize=13.5, leading=17.5),
        "label": ParagraphStyle(
            "label", body, fontSize=9, leading=17.5, textColor=colors.Color(0.25, 0.25, 0.25)
        ),
        "badge": ParagraphStyle("badge", body, fontName=BOLD, fontSize=8, leading=10.5),
    }


def _draw_header(canvas: Canvas, info: DocumentInfo) -> None:
    width, height = canvas._pagesize
    canvas.saveState()
    right = width - MARGIN
    # The classification, boxed, at the top right: seen before anything else is read.
    box_width = 0.0
    if info.classification:
        size = 12.0
        text_width = string_width(info.classification, size, BOLD)
        box_width = text_width + 6 * mm
        canvas.setLineWidth(1.6)
        canvas.rect(right - box_width, height - 19 * mm, box_width, 9 * mm, stroke=1, fill=0)
        draw_string(
            canvas,
            right - box_width / 2,
            height - 15.9 * mm,
            info.classification,
            size,
            BOLD,
            align="centre",
        )
    room = width - 2 * MARGIN - box_width - 5 * mm
    organisation, size = fitted(info.organisation, room, 11.5, BOLD)
    draw_string(canvas, MARGIN, height - 13.5 * mm, organisation, size, BOLD)
    line = shortened(info.plan_line, room, 9, REGULAR)
    draw_string(canvas, MARGIN, height - 18.5 * mm, line, 9, REGULAR)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, height - 21 * mm, right, height - 21 * mm)
    # The footer, except the page number (see _NumberedCanvas).
    canvas.line(MARGIN, 13 * mm, right, 13 * mm)
    draw_string(canvas, MARGIN, 8.5 * mm, info.generated_text, 8.5, REGULAR)
    if info.classification:
        draw_string(canvas, width / 2, 8.5 * mm, info.classification, 8.5, BOLD, align="centre")
    canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """A canvas that holds its pages back until the end to print "Page x of y" on each.

    A bookmark binds to the page the PDF is writing when it is made, so bookmarks made
    while the pages are held wait with their page (else all would point at page 1).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self._bookmarks: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def bookmarkPage(self, *args: Any, **kwargs: Any) -> None:
        self._bookmarks.append((args, kwargs))

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            for args, kwargs in self._bookmarks:
                super().bookmarkPage(*args, **kwargs)
            width = self._pagesize[0]
            text = f"Page {number} of {total}"
            draw_string(self, width - MARGIN, 8.5 * mm, text, 9.5, BOLD, align="right")
            super().showPage()
        super().save()


def render(
    story: Sequence[Flowable],
    info: DocumentInfo,
    paper: str = "a4",
    progress: Progress | None = None,
    doc_class: type[BaseDocTemplate] = BaseDocTemplate,
) -> bytes:
    """The PDF of `story` on `paper`, with the shared header and footer on every page.

    `progress` hears of every page begun. `doc_class` lets a document watch its own
    flowables (the handbook collects its table of contents and bookmarks that way).
    """
    register_fonts()
    size = page_size(paper)
    buffer = io.BytesIO()
    doc = doc_class(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=f"{info.document} — {info.organisation}" if info.organisation else info.document,
        subject=info.subject,
        author=info.organisation,
        creator=f"ITSCM Desktop {__version__}",
        keywords=[info.classification] if info.classification else [],
        displayDocTitle=True,
        initialFontName=REGULAR,  # else every page names Helvetica, a font not embedded
    )
    frame = Frame(
        MARGIN,
        BOTTOM,
        size[0] - 2 * MARGIN,
        size[1] - TOP - BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def on_page(canvas: Canvas, template: BaseDocTemplate) -> None:
        _draw_header(canvas, info)
        if progress is not None:
            progress(template.page)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    # Binary streams, not ASCII85: a PDF a fifth smaller and quicker to write. reportlab
    # reads the setting while writing, so it is set for this document only.
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        # multiBuild lays out again while a table of contents still changes; a document
        # without one is laid out once.
        doc.multiBuild(list(story), canvasmaker=_NumberedCanvas)
    finally:
        rl_config.useA85 = previous
    return buffer.getvalue()
