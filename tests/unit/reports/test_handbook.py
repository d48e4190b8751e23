"""The continuity handbook, read back as a person reads it: the cover, the contents with
page numbers that match where each part starts, the bookmarks, each part's key content,
an empty plan, Letter paper, and progress told once per page."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from itscm_desktop.reports import handbook_contents
from itscm_desktop.reports.handbook import PARTS, handbook
from itscm_desktop.reports.plan_registers import CHANGE_LOG_LIMIT
from itscm_desktop.reports.plan_sections import reflowed
from itscm_desktop.vault import bundle_register
from itscm_desktop.vault.vault import Vault
from tests.unit.reports.conftest import NOW, page_texts, read_pdf

TITLES = [title for title, _ in PARTS]


@pytest.fixture(scope="module")
def told() -> list[int]:
    """The pages the demo's handbook told of as it was laid out."""
    return []


@pytest.fixture(scope="module")
def book(demo: Vault, told: list[int]) -> bytes:
    return handbook(demo, now=NOW, progress=told.append)


@pytest.fixture(scope="module")
def texts(book: bytes) -> list[str]:
    return page_texts(book)


def contents(texts: list[str]) -> dict[str, int]:
    """The contents pages as {title: page}: each title is followed by its page number (a
    part's title comes after its number)."""
    found: dict[str, int] = {}
    for text in texts[1:]:
        lines = [line.strip() for line in text.splitlines()]
        if "Contents" not in lines and not found:
            continue
        for line, following in itertools.pairwise(lines):
            if following.isdigit() and not line.isdigit():
                found.setdefault(line, int(following))
        if any(line.startswith("Wallet cards are not in the handbook") for line in lines):
            return found
    raise AssertionError("the contents never end")


def part_starts(texts: list[str]) -> dict[str, int]:
    """The page (from 1) on which each part's title is printed, after the contents."""
    found: dict[str, int] = {}
    for number, title in enumerate(TITLES, start=1):
        pages = [
            index
            for index, text in enumerate(texts, start=1)
            if f"\n{number} {title}\n" in text.replace("\u2002", " ") and index > 2
        ]
        assert pages, title
        found[title] = pages[0]
    return found


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """The bookmarks as (level, title, page from 1), in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_the_contents_give_the_page_each_part_starts_on(texts: list[str]) -> None:
    listed = contents(texts)
    starts = part_starts(texts)
    for title in TITLES:
        assert listed[title] == starts[title], title
    assert list(starts.values()) == sorted(starts.values())
    assert listed["Tier 1 — the most critical"] == starts["Services and objectives"]
    assert listed["Scope"] == starts["Plan details"]


def test_the_bookmarks_list_every_part_in_order_and_open_at_its_page(
    book: bytes, texts: list[str]
) -> None:
    marks = outline(read_pdf(book))
    parts = [(title, page) for level, title, page in marks if level == 0]
    assert parts[0] == ("Contents", 2)
    starts = part_starts(texts)
    assert parts[1:] == [
        (f"{number} {title}", starts[title]) for number, title in enumerate(TITLES, start=1)
    ]
    sections = [title for level, title, _ in marks if level == 1]
    assert {"Scope", "Assumptions", "Tier 1 — the most critical", "Sites"} <= set(sections)
    # A section's bookmark opens the page it is printed on.
    for level, title, page in marks:
        if level == 1:
            assert title in " ".join(texts[page - 1].split()), title
    # Headings within sections (a team, a runbook's phases) are bookmarks one level down.
    assert (2, "IT Recovery Team") in {(level, title) for level, title, _ in marks}
    assert (1, "Site evacuation — Łódź") in {(level, title) for level, title, _ in marks}


def test_a_part_with_too_many_headings_bookmarks_only_its_sections(
    demo: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handbook_contents, "OUTLINE_HEADINGS_MAX", 5)  # the demo has 8 teams
    marks = {(level, title) for level, title, _ in outline(read_pdf(handbook(demo, now=NOW)))}
    assert (1, "IT recovery") in marks and (2, "IT Recovery Team") not in marks
    assert (1, "Tier 1 — the most critical") in marks


def test_the_cover_says_whose_plan_how_secret_how_current(texts: list[str]) -> None:
    cover = texts[0]
    for words in (
        "Wharfedale & Vistula Logistics Ltd",
        "Continuity handbook",
        "IT Service Continuity Plan · version 3.2",
        "CONFIDENTIAL",
        "+44 113 496 0999",
        "Helen Ashworth · +44 7400 129847",
        "14 Mar 2026 by Margaret Holroyd",
        "30 Sep 2026",
        "Next review due",
        "30 Sep 2027",
        "Generated 2026-11-25",
        "In an emergency",
    ):
        assert words in cover, words
    assert "OVERDUE" not in cover
    # The emergency steps point at the pages of the contact sheet and the runbooks.
    starts = part_starts(texts)
    pages = [int(n) for n in re.findall(r"page\n(\d+)", cover)]
    assert pages == [
        starts["Emergency contacts"],
        starts["Services and objectives"],
        starts["Recovery runbooks"],
    ]


def test_a_review_date_passed_says_overdue_on_the_cover(empty: Vault) -> None:
    with empty.edit() as edit:
        edit.update("plan", empty.plan()["id"], {"approved_on": "2025-11-24"})
    cover = page_texts(handbook(empty, now=NOW))[0]
    assert "24 Nov 2026 — OVERDUE" in cover
    later = page_texts(handbook(empty, now=datetime(2026, 11, 23, tzinfo=UTC)))[0]
    assert "24 Nov 2026" in later and "OVERDUE" not in later


def section_text(texts: list[str], title: str) -> str:
    """The text of the part `title`, every run of white space one space."""
    starts = part_starts(texts)
    index = TITLES.index(title)
    end = starts[TITLES[index + 1]] - 1 if index + 1 < len(TITLES) else len(texts)
    return " ".join(" ".join(texts[starts[title] - 1 : end]).split())  # lines wrap anywhere


def test_services_in_recovery_order_with_objectives(texts: list[str]) -> None:
    text = section_text(texts, "Services and objectives")
    first = text.index("Identity and single sign-on")
    assert first < text.index("Customer web shop and booking") < text.index("Data warehouse and BI")
    assert "Tom Hargreaves" in text and "Tier 4" in text


def test_dependencies_grouped_by_service(texts: list[str]) -> None:
    text = section_text(texts, "Dependencies")
    assert "Identity and single sign-on" in text
    assert "Runs on: Domain controller" in text
    assert "Network core and WAN (service)" in text


def test_teams_with_leader_meeting_point_and_members(texts: list[str]) -> None:
    text = section_text(texts, "Teams")
    start = text.index("IT Recovery Team")
    team = text[start : text.index("Network Team", start)]
    assert "Leader: Tom Hargreaves" in team and "Meeting point:" in team
    assert team.index("Tom Hargreaves") < team.index("Łukasz Wróbel")
    assert "Alternate" in team and "Team leader" in team


def test_risks_highest_score_first_with_unicode_owners(texts: list[str]) -> None:
    text = section_text(texts, "Risks")
    assert text.index("Ransomware encrypts servers and backups") < text.index(
        "ERP vendor support failure"
    )
    assert "4 × 5" in text and "Юлия Смирнова" in text
    assert "20 Oct 2026 OVERDUE" in text  # its review date passed before NOW


def test_exercises_and_overdue_actions(texts: list[str]) -> None:
    text = section_text(texts, "Exercises and actions")
    assert "ERP and WMS failover test" in text and "Parallel test" in text
    assert "15 Sep 2026 planned" in text
    actions = text[text.index("Findings and actions") :]
    assert "30 Jun 2026 OVERDUE" in actions
    assert "15 Dec 2026 OVERDUE" not in actions  # not due yet at NOW
    assert actions.index("In progress") < actions.index("Done")


def test_business_impact_by_service(texts: list[str]) -> None:
    text = section_text(texts, "Business impact")
    assert "Impact by service" in text and "Priority 1 · Tier 1" in text


def test_suppliers_and_assets_from_their_own_documents(texts: list[str]) -> None:
    suppliers = section_text(texts, "Suppliers")
    assert "Aire Valley Data Centres Ltd" in suppliers and "+44 113 496 0401" in suppliers
    assets = section_text(texts, "Asset inventory")
    assert "Web shop database" in assets and "Łódź shared service centre" in assets


def test_the_change_log_shows_the_latest_changes_by_day(demo: Vault, texts: list[str]) -> None:
    text = section_text(texts, "Change log")
    latest = demo.audit_trail(limit=1)[0]
    assert latest["title"] in text
    assert f"The {CHANGE_LOG_LIMIT} most recent changes" in text
    assert "the full log is in the app, under Change log" in text


def test_an_empty_plan_has_every_part_with_helpful_words(empty: Vault) -> None:
    data = handbook(empty, now=NOW)
    texts = page_texts(data)
    listed = contents(texts)
    starts = part_starts(texts)
    assert {title: listed[title] for title in TITLES} == starts
    whole = "\n".join(texts)
    for sentence in (
        "No services yet — add them in the app, under Services.",
        "No teams yet — add them in the app, under Teams.",
        "No risks yet — add them in the app, under Risks.",
        "No exercises yet — plan one in the app, under Exercises.",
        "No recovery plans yet",
        "No call trees yet",
        "Never reviewed nor approved — OVERDUE",
    ):
        assert sentence in whole, sentence
    log = section_text(texts, "Change log")
    assert "Newest first." in log and "Plan: IT Service Continuity Plan Added" in log
    assert len([mark for mark in outline(read_pdf(data)) if mark[0] == 0]) == len(PARTS) + 1


def test_letter_paper(demo: Vault) -> None:
    data = handbook(demo, paper="letter", now=NOW)
    pages = read_pdf(data).pages
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages}
    assert sizes == {(round(LETTER[0]), round(LETTER[1]))}
    texts = page_texts(data)
    assert all(contents(texts)[title] == page for title, page in part_starts(texts).items())


def test_a4_and_every_page_told_once_in_order(book: bytes, told: list[int]) -> None:
    """0 while QR codes are encoded and before each part is gathered (work goes on, Stop
    is heard), then every page once, in order."""
    reader = read_pdf(book)
    first = told.index(1)
    assert first >= len(PARTS) and set(told[:first]) == {0}
    assert told[first:] == list(range(1, len(reader.pages) + 1))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (round(A4[0]), round(A4[1]))
    meta = reader.metadata
    assert meta is not None and meta.title.startswith("Continuity handbook")


def test_unknown_paper_is_refused(empty: Vault) -> None:
    with pytest.raises(ValueError, match="Paper must be one of"):
        handbook(empty, paper="a3")


def test_typed_line_breaks_are_rewrapped_but_list_items_keep_their_lines() -> None:
    text = "This plan covers\nthe IT services.\n\n1. Leeds DC1 is\n   not lost.\n2. Backups - ok.\n"
    assert reflowed(text) == [
        "This plan covers the IT services.",
        "1. Leeds DC1 is not lost.\n2. Backups - ok.",
    ]


def test_the_copies_and_exchanges_part_lists_the_bundle_register(empty: Vault) -> None:
    before = section_text(page_texts(handbook(empty, now=NOW)), "Copies and exchanges")
    assert "No bundle has been written or taken in on this laptop yet" in before
    bundle_register.record(empty, "export", "/media/stick/Plan_Laptop-A.itscm-bundle",
                           b"sealed", 12, None, None)  # fmt: skip
    bundle_register.record(empty, "import", "/media/stick/Plan_Laptop-B.itscm-bundle",
                           b"other", 15, 3, 1)  # fmt: skip
    text = section_text(page_texts(handbook(empty, now=NOW)), "Copies and exchanges")
    assert text.index("Imported 3 new, 1 conflict") < text.index("Exported")  # newest first
    joined = "".join(text.split())  # a long path wraps anywhere
    assert "Plan_Laptop-A.itscm-bundle" in joined and "Plan_Laptop-B.itscm-bundle" in joined
    assert empty.device_name in text
