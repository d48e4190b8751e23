"""Every page says whose plan, how secret, how old, and which page of how many."""

from __future__ import annotations

import re

import pytest
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import Paragraph

from itscm_desktop.reports.layout import DocumentInfo, document_info, render, styles
from tests.unit.reports.conftest import NOW, read_pdf

PLAN = {
    "organisation": "Wharfedale & Vistula Logistics Ltd",
    "title": "IT Service Continuity Plan",
    "version": "3.2",
    "classification": "strictly_confidential",
}


def info(**changes: object) -> DocumentInfo:
    plan = {**PLAN, **changes}
    return document_info(plan, "Test sheet", "What a test prints.", NOW)


def story(paragraphs: int) -> list[Paragraph]:
    return [Paragraph(f"Line {n}", styles()["heading"]) for n in range(paragraphs)]


def test_every_page_has_the_header_and_page_x_of_y() -> None:
    reader = read_pdf(render(story(150), info()))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 3
    generated = info().generated_text
    assert generated.startswith("Generated 2026-11-25 ")
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        assert "Wharfedale & Vistula Logistics Ltd" in lines
        assert "IT Service Continuity Plan · version 3.2 · Test sheet" in lines
        assert lines.count("STRICTLY CONFIDENTIAL") == 2  # boxed at the top, and the foot
        assert generated in lines
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {len(pages)}"]
    assert "Line 0" in pages[0] and "Line 149" in pages[-1]


def test_one_page_is_page_1_of_1() -> None:
    text = read_pdf(render(story(1), info())).pages[0].extract_text()
    assert "Page 1 of 1" in text


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_paper_sizes(paper: str, size: tuple[float, float]) -> None:
    reader = read_pdf(render(story(80), info(), paper))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size)


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="a4, letter"):
        render(story(1), info(), "a3")


def test_metadata() -> None:
    meta = read_pdf(render(story(1), info())).metadata
    assert meta is not None
    assert meta.title == "Test sheet — Wharfedale & Vistula Logistics Ltd"
    assert meta.subject == "What a test prints."
    assert meta.author == "Wharfedale & Vistula Logistics Ltd"
    assert meta.creator is not None and meta.creator.startswith("ITSCM Desktop ")


def test_a_plan_without_classification_prints_none() -> None:
    text = read_pdf(render(story(1), info(classification=None))).pages[0].extract_text()
    assert "CONFIDENTIAL" not in text
    assert "Page 1 of 1" in text


def test_a_very_long_organisation_name_is_shortened_beside_the_classification() -> None:
    long_name = "The Extremely Long-Named Northern and Western Freight Forwarding Group " * 2
    text = read_pdf(render(story(1), info(organisation=long_name.strip()))).pages[0]
    lines = text.extract_text().splitlines()
    shortened = [line for line in lines if line.startswith("The Extremely Long-Named")]
    assert len(shortened) == 1 and shortened[0].endswith("…")
    assert "STRICTLY CONFIDENTIAL" in lines
