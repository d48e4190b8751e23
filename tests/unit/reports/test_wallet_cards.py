"""Wallet cards, read back from the PDF as the person cutting them out sees them: one card
per responder at the places `card_slots` promises, each side exactly ID-1 size with the
fold between them, every line of text inside its side, the crisis line on every card and
the people to call next in call order without the holder."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from pypdf import PageObject
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus import Paragraph, Spacer

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.reports.layout import document_info, frame_width, render, styles
from itscm_desktop.reports.text import string_width
from itscm_desktop.reports.wallet_card_drawing import (
    CARD_HEIGHT,
    CARD_WIDTH,
    MARK_OFFSET,
    MARK_REACH,
)
from itscm_desktop.reports.wallet_cards import (
    CardSheet,
    card_slots,
    wallet_cards,
    wallet_cards_story,
)
from itscm_desktop.vault.callout import Callee, call_group
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.scope import team_scope
from itscm_desktop.vault.vault import Vault
from tests.unit.reports.conftest import NOW, page_texts, read_pdf
from tests.unit.vault.conftest import tried

ORGANISATION = "Wharfedale & Vistula Logistics Ltd"
CRISIS_LINE = "+44 113 496 0999"
TOLERANCE = 0.1 * mm
#: How close text may come to an edge of a side or to the fold.
CLEAR = 3 * mm


@dataclass(frozen=True)
class Text:
    """One line drawn on the page: where its baseline starts, its size and font."""

    x: float
    y: float
    text: str
    size: float
    font: str

    @property
    def right(self) -> float:
        return self.x + string_width(self.text, self.size, self.font)


@dataclass
class PrintedCard:
    """A card found on a page: its outline and the lines on each side, top to bottom."""

    outline: tuple[float, float, float, float]
    front: list[Text]
    back: list[Text]

    def front_lines(self) -> list[str]:
        return [t.text for t in self.front]

    @property
    def holder(self) -> str:
        return self.front_lines()[3]  # after the classification, organisation, IN AN EMERGENCY

    @property
    def team(self) -> str:
        return self.front_lines()[4]

    def call_next(self) -> list[tuple[str, str]]:
        """(name, number) on the back between "CALL NEXT" and the suppliers."""
        rows = self._rows()
        end = next(i for i, row in enumerate(rows) if row[0].text.startswith("SUPPLIERS"))
        found = []
        for row in rows[1:end]:
            texts = [t.text for t in row]
            if texts[0].isdigit():
                found.append((texts[1], texts[2]))
        return found

    def suppliers(self) -> list[tuple[str, str]]:
        rows = self._rows()
        start = next(i for i, row in enumerate(rows) if row[0].text.startswith("SUPPLIERS"))
        return [(row[0].text, row[1].text) for row in rows[start + 1 :] if len(row) == 2]

    def _rows(self) -> list[list[Text]]:
        rows: dict[float, list[Text]] = {}
        for t in self.back:
            rows.setdefault(round(t.y, 1), []).append(t)
        return [sorted(row, key=lambda t: t.x) for _, row in sorted(rows.items(), reverse=True)]


def drawn(page: PageObject) -> tuple[list[Text], list[tuple[str, list[float], bool]]]:
    """The lines of text on `page`, and its paths: ("re", [x, y, w, h], dashed) or
    ("line", [x0, y0, x1, y1], dashed), in page coordinates."""
    fonts = page["/Resources"]["/Font"]
    # Where each text object starts, with its first font: pypdf's visitor_text may name
    # the font of the text before, so lines are matched to their starts by position.
    starts: dict[tuple[float, float], tuple[str, float]] = {}
    at: tuple[float, float] | None = None
    pending: list[tuple[float, float, str]] = []
    texts: list[Text] = []

    def text(part: str, cm: list[float], tm: list[float], *_: object) -> None:
        if not part:  # pypdf also tells of nothing, at a position that is not the text's
            return
        pending.append((cm[4] + tm[4], cm[5] + tm[5], part))
        if part.endswith("\n"):  # draw_string ends each line so: runs before it join it
            x, y, _ = pending[0]
            whole = "".join(p[2] for p in pending).strip()  # pypdf may put a space first
            pending.clear()
            if whole:
                name, size = starts[round(x, 2), round(y, 2)]
                texts.append(Text(x, y, whole, size, name))

    paths: list[tuple[str, list[float], bool]] = []
    dashed = False
    start = (0.0, 0.0)

    def operator(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        nonlocal dashed, start, at
        dx, dy = cm[4], cm[5]
        if op == b"Tm":
            at = (round(float(args[4]) + dx, 2), round(float(args[5]) + dy, 2))
        elif op == b"Tf" and at is not None:
            starts.setdefault(at, (str(fonts[args[0]]["/BaseFont"]).split("+")[-1], args[1]))
            at = None
        elif op == b"d":
            dashed = bool(args[0])
        elif op == b"re":
            x, y, w, h = (float(a) for a in args)
            paths.append(("re", [x + dx, y + dy, w, h], dashed))
        elif op == b"m":
            start = (float(args[0]) + dx, float(args[1]) + dy)
        elif op == b"l":
            paths.append(("line", [*start, float(args[0]) + dx, float(args[1]) + dy], dashed))

    page.extract_text(visitor_text=text, visitor_operand_before=operator)
    return texts, paths


def is_card(rect: list[float]) -> bool:
    return abs(rect[2] - 2 * CARD_WIDTH) < 5 and abs(rect[3] - CARD_HEIGHT) < 5


def cards_on(page: PageObject) -> list[PrintedCard]:
    """The cards on `page`, top first; each line of text given to the side it starts on."""
    texts, paths = drawn(page)
    outlines = [tuple(r) for kind, r, _ in paths if kind == "re" and is_card(r)]
    cards = [PrintedCard((x, y, w, h), [], []) for x, y, w, h in outlines]
    for t in texts:
        for card in cards:
            x, y, w, h = card.outline
            if x <= t.x <= x + w and y <= t.y <= y + h:
                (card.front if t.x < x + w / 2 else card.back).append(t)
    for card in cards:
        card.front.sort(key=lambda t: (-round(t.y, 1), t.x))
        card.back.sort(key=lambda t: (-round(t.y, 1), t.x))
    return sorted(cards, key=lambda c: -c.outline[1])


def all_cards(data: bytes) -> list[PrintedCard]:
    return [card for page in read_pdf(data).pages for card in cards_on(page)]


def team(vault: Vault, name: str) -> dict[str, Any]:
    return next(t for t in vault.records("teams") if t["name"] == name)


def teams_in_call_order(vault: Vault) -> list[dict[str, Any]]:
    purposes = [code for code, _ in REGISTRY["teams"].field("purpose").choices]
    return sorted(vault.records("teams"), key=lambda t: (purposes.index(t["purpose"]), t["name"]))


def responders(vault: Vault) -> list[tuple[Callee, str]]:
    """Everyone called for a team with the team of their card: the first in call order."""
    found: dict[str, tuple[Callee, str]] = {}
    for t in teams_in_call_order(vault):
        group = call_group(vault, "teams", t["id"])
        assert group is not None
        for callee in group.callees:
            found.setdefault(callee.id, (callee, t["id"]))
    return list(found.values())


@pytest.fixture(scope="module")
def a4(demo: Vault) -> bytes:
    return wallet_cards(demo, now=NOW)


@pytest.fixture(scope="module")
def a4_cards(a4: bytes) -> list[PrintedCard]:
    return all_cards(a4)


@pytest.fixture(scope="module")
def expected(demo: Vault) -> list[tuple[Callee, str]]:
    return responders(demo)


@pytest.fixture(scope="module")
def letter(demo: Vault) -> bytes:
    return wallet_cards(demo, paper="letter", now=NOW)


def test_one_card_per_responder_by_team_in_call_order(
    demo: Vault, a4: bytes, a4_cards: list[PrintedCard], expected: list[tuple[Callee, str]]
) -> None:
    cards = a4_cards
    assert len(expected) == 32
    assert [c.holder for c in cards] == [callee.name for callee, _ in expected]
    names = {t["id"]: t["name"] for t in demo.records("teams")}
    assert [c.team for c in cards] == [names[team_id] for _, team_id in expected]
    # Crisis management first: the chair of the CMT leads, on the first card.
    assert cards[0].team == "Crisis Management Team"
    assert "Cut along the outline, fold on the dashed line. 32 cards" in page_texts(a4)[0]


def test_the_front_organisation_role_crisis_line_meeting_point(
    demo: Vault, a4_cards: list[PrintedCard], expected: list[tuple[Callee, str]]
) -> None:
    membership = dict(REGISTRY["team_members"].field("membership").choices)
    for card, (callee, team_id) in zip(a4_cards, expected, strict=True):
        lines = card.front_lines()
        assert lines[:3] == [ORGANISATION, "CONFIDENTIAL", "IN AN EMERGENCY"]
        assert lines[5] == f"{callee.role} · {membership[callee.membership]}"
        assert lines[6:8] == ["CRISIS LINE", CRISIS_LINE]
        big = next(t for t in card.front if t.text == CRISIS_LINE)
        assert big.size >= 17  # the largest thing on the card
        meeting = " ".join(lines[lines.index("MEETING POINT") + 1 :])
        assert meeting == demo.get("teams", team_id)["meeting_point"]
        assert card.back[-1].text == "Plan v3.2 · printed 2026-11-25"


def test_call_next_in_call_order_without_the_holder(
    demo: Vault, a4_cards: list[PrintedCard], expected: list[tuple[Callee, str]]
) -> None:
    for card, (holder, team_id) in zip(a4_cards, expected, strict=True):
        group = call_group(demo, "teams", team_id)
        assert group is not None
        others = [c for c in group.callees if c.id != holder.id]
        printed = card.call_next()
        assert holder.name not in [name for name, _ in printed]
        shown = others if len(others) <= 6 else others[:5]
        assert printed == [(c.name, c.numbers[0].display) for c in shown]
        assert all(c.numbers[0].kind == "mobile" for c in shown)
        if len(others) > 6:
            more = f"… and {len(others) - 5} more: see the contact sheet"
            assert more in [t.text for t in card.back]


def test_the_suppliers_of_the_team_with_their_24_7_lines(
    demo: Vault, a4_cards: list[PrintedCard], expected: list[tuple[Callee, str]]
) -> None:
    suppliers = {s["name"]: s for s in demo.records("suppliers")}
    seen = 0
    for card, (_, team_id) in zip(a4_cards, expected, strict=True):
        scope = {demo.get("suppliers", i)["name"] for i in team_scope(demo, team_id).suppliers}
        printed = card.suppliers()
        assert len(printed) == min(3, len(scope))
        for name, number in printed:
            assert name in scope
            assert number == format_phone(suppliers[name]["support_phone"])
        heading = next(t.text for t in card.back if t.text.startswith("SUPPLIERS"))
        if len(scope) > 3:
            assert heading == f"SUPPLIERS' 24/7 LINES (3 of {len(scope)})"
        seen += bool(printed)
    assert seen > 20


def test_the_demos_names_in_every_script(demo: Vault) -> None:
    tanaka = next(c for c in demo.records("contacts") if c["full_name"] == "田中 太郎")
    it = team(demo, "IT Recovery Team")["id"]
    with tried(demo) as edit:
        edit.insert(
            "team_members", {"team_id": it, "contact_id": tanaka["id"], "membership": "alternate"}
        )
        data = wallet_cards(demo, now=NOW)
    holders = [c.holder for c in all_cards(data)]
    for name in ("Jürgen Müller", "Søren Ørsted", "Ζωή Παπαδοπούλου", "Юлия Смирнова", "田中 太郎"):
        assert holders.count(name) == 1, name
    assert "田中 太郎" in "\n".join(page_texts(data)).splitlines()


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_cards_exactly_id1_at_the_slots(
    demo: Vault, a4: bytes, letter: bytes, paper: str, size: tuple[float, float]
) -> None:
    data = a4 if paper == "a4" else letter
    slots = card_slots(paper)
    assert len(slots) == 4
    reader = read_pdf(data)
    counts = []
    for number, page in enumerate(reader.pages, start=1):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size)
        _, paths = drawn(page)
        outlines = [r for kind, r, _ in paths if kind == "re" and is_card(r)]
        # Cards fill the highest slots free on the page: all four, or the lowest ones
        # under the title, or the highest ones on the last page.
        fill = len(outlines)
        expected = slots[len(slots) - fill :] if number == 1 else slots[:fill]
        assert outlines == [pytest.approx(list(s), abs=TOLERANCE) for s in expected]
        counts.append(len(outlines))
        folds = [line for kind, line, dashed in paths if kind == "line" and dashed]
        assert len(folds) == len(outlines)
        for (x, y, w, h), fold in zip(outlines, folds, strict=True):
            assert w == pytest.approx(171.2 * mm, abs=TOLERANCE)
            assert h == pytest.approx(54 * mm, abs=TOLERANCE)
            # The fold halves the card: two sides of 85.6 × 54 mm.
            assert fold == pytest.approx([x + 85.6 * mm, y, x + 85.6 * mm, y + h], abs=TOLERANCE)
            marks = [line for kind, line, dashed in paths if kind == "line" and not dashed]
            for mark_x in (x, x + CARD_WIDTH, x + w):  # above and below the corners and fold
                below = [mark_x, y - MARK_OFFSET, mark_x, y - MARK_REACH]
                above = [mark_x, y + h + MARK_OFFSET, mark_x, y + h + MARK_REACH]
                for mark in (below, above):
                    assert mark in [pytest.approx(m, abs=0.01) for m in marks]
    assert sum(counts) == 32
    assert counts[1:-1] == [4] * (len(counts) - 2)
    assert counts[0] == (4 if paper == "a4" else 3)


def test_slots_fit_the_frame_with_room_for_the_marks() -> None:
    for paper in ("a4", "letter"):
        width, height = A4 if paper == "a4" else LETTER
        slots = card_slots(paper)
        for upper, lower in itertools.pairwise(slots):
            assert upper.y - (lower.y + lower.height) == pytest.approx(2 * MARK_OFFSET + 2.5 * mm)
        assert slots[0].x == pytest.approx((width - 171.2 * mm) / 2)  # centred
        assert slots[0].x - MARK_REACH >= (width - frame_width(paper)) / 2
        assert slots[-1].y - MARK_REACH >= 17 * mm - 0.01  # above the footer
        assert (
            slots[0].y + slots[0].height + MARK_REACH <= height - 24 * mm + 0.01
        )  # below the header


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_text_touches_an_edge_or_the_fold(
    a4_cards: list[PrintedCard], letter: bytes, paper: str
) -> None:
    cards = a4_cards if paper == "a4" else all_cards(letter)
    assert_inside(cards)


def assert_inside(cards: Iterable[PrintedCard]) -> None:
    for card in cards:
        x, y, w, h = card.outline
        for left, texts in ((x, card.front), (x + w / 2, card.back)):
            for t in texts:
                where = (card.holder, t.text)
                assert t.x >= left + CLEAR, where
                assert t.right <= left + w / 2 - CLEAR, where
                ascent, descent = getAscentDescent(t.font, t.size)
                assert t.y + descent >= y + CLEAR, where
                assert t.y + ascent <= y + h - CLEAR, where
                assert t.size >= 6, where


def test_every_page_carries_the_header_and_footer(letter: bytes) -> None:
    pages = page_texts(letter)
    assert len(pages) == 9
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        assert ORGANISATION in lines
        assert "IT Service Continuity Plan · version 3.2 · Wallet cards" in lines
        assert f"Page {number} of {len(pages)}" in lines
        assert "Generated 2026-11-25 " in text
    meta = read_pdf(letter).metadata
    assert meta is not None and meta.title == f"Wallet cards — {ORGANISATION}"


def test_one_team_narrows_to_its_people_on_its_card(demo: Vault) -> None:
    it = team(demo, "IT Recovery Team")
    group = call_group(demo, "teams", it["id"])
    assert group is not None
    data = wallet_cards(demo, team_id=it["id"], now=NOW)
    cards = all_cards(data)
    assert [c.holder for c in cards] == [c.name for c in group.callees]
    # Also those whose first team is another: on this team's cards, this team.
    assert {c.team for c in cards} == {"IT Recovery Team"}
    first = page_texts(data)[0]
    assert "Wallet cards: IT Recovery Team" in first
    assert f"{len(cards)} cards: one per person in the team." in first


def test_unknown_team(demo: Vault) -> None:
    with pytest.raises(RecordNotFound, match="no team with id nope"):
        wallet_cards(demo, team_id="nope")
    with pytest.raises(RecordNotFound):
        wallet_cards_story(demo, team_id="nope", width=frame_width("a4"))
    with pytest.raises(ValueError, match="Paper must be one of a4, letter"):
        wallet_cards(demo, paper="a5")


def test_an_empty_vault_says_what_to_do(empty: Vault) -> None:
    pages = page_texts(wallet_cards(empty, now=NOW))
    assert len(pages) == 1
    assert "Wallet cards" in pages[0]
    assert "No teams yet — add them in the app, under Teams" in pages[0]
    with empty.edit() as edit:
        lonely = edit.insert("teams", {"name": "Night Shift"})
    pages = page_texts(wallet_cards(empty, now=NOW))
    assert "Nobody in a team yet — add people in the app, under Teams" in pages[0]
    pages = page_texts(wallet_cards(empty, team_id=lonely, now=NOW))
    assert len(pages) == 1
    assert "Wallet cards: Night Shift" in pages[0]
    assert "Nobody in the Night Shift yet — add people in the app" in pages[0]


def test_long_texts_shrink_then_are_cut_never_leaving_the_card(empty: Vault) -> None:
    """No crisis line, a lone person with a very long name, role, team and meeting point,
    suppliers with long names: the card says so plainly and nothing crosses an edge."""
    long_name = "Maximiliana Konstantynopolitańczykiewiczówna-Wolfeschlegelsteinhausen"
    with empty.edit() as edit:
        person = edit.insert("contacts", {"full_name": long_name})
        crew = edit.insert(
            "teams",
            {
                "name": "Extraordinarily Long Named Regional Warehouse Response Team " * 2,
                "leader_id": person,
                "meeting_point": "Behind the third loading dock, next to the blue container. " * 6,
            },
        )
        edit.insert(
            "team_members",
            {"team_id": crew, "contact_id": person, "role": "Coordinator of everything " * 4},
        )
        suppliers = [
            edit.insert(
                "suppliers",
                {"name": f"Supplier {n} with a Very Long Name Holdings International plc"}
                | ({"support_phone": "+441134960401;ext=123456"} if n % 2 else {}),
            )
            for n in range(4)
        ]
        edit.update("contacts", person, {"supplier_id": suppliers[3]})
        for n in range(3):
            colleague = edit.insert(
                "contacts", {"full_name": f"Colleague {n}", "supplier_id": suppliers[n]}
            )
            role = "primary" if n == 0 else ""  # the same as the membership: said once
            edit.insert(
                "team_members",
                {"team_id": crew, "contact_id": colleague, "position": n, "role": role},
            )
    data = wallet_cards(empty, now=NOW)
    cards = all_cards(data)
    assert len(cards) == 4
    assert_inside(cards)
    first = cards[0]
    assert first.holder.endswith("…") and first.holder[:20] == long_name[:20]
    assert first.front_lines()[7] == "not recorded yet"
    assert first.front_lines()[-1].endswith("…")
    assert first.call_next() == [(f"Colleague {n}", "no number") for n in range(3)]
    assert [c.front_lines()[5] for c in cards[1:]] == ["primary", "Primary", "Primary"]
    assert "No crisis line recorded — add it in the app, under Plan settings" in page_texts(data)[0]


def test_suppliers_with_a_line_first_then_the_most_relied_on(empty: Vault) -> None:
    """Zulu Ltd backs the team's service and the server it runs on; Alpha Ltd only the
    service; Aardvark Ltd has no 24/7 line."""
    with empty.edit() as edit:
        person = edit.insert("contacts", {"full_name": "Ada Lovelace"})
        crew = edit.insert("teams", {"name": "Payments Team", "leader_id": person})
        edit.insert("team_members", {"team_id": crew, "contact_id": person})
        service = edit.insert("services", {"name": "Payments", "owner_id": person})
        server = edit.insert("assets", {"name": "pay-db01"})
        lines = {"Zulu Ltd": "+441134960401", "Alpha Ltd": "+441134960402", "Aardvark Ltd": None}
        found = {
            name: edit.insert("suppliers", {"name": name, "support_phone": line})
            for name, line in lines.items()
        }
        for needer, needed in (
            (service, server),
            (service, found["Zulu Ltd"]),
            (server, found["Zulu Ltd"]),
            (service, found["Alpha Ltd"]),
            (service, found["Aardvark Ltd"]),
        ):
            edit.insert("dependencies", {"from_id": needer, "to_id": needed})
    [card] = all_cards(wallet_cards(empty, team_id=crew, now=NOW))
    assert card.suppliers() == [
        ("Zulu Ltd", "+44 113 496 0401"),
        ("Alpha Ltd", "+44 113 496 0402"),
        ("Aardvark Ltd", "no 24/7 line"),
    ]
    assert card.call_next() == []
    assert "Nobody else in this team yet." in [t.text for t in card.back]


@pytest.mark.parametrize("before", [0, 200 * mm])
def test_the_story_places_the_cards_in_another_document(demo: Vault, before: float) -> None:
    """The handbook puts the story under its own heading, maybe low on a page: the cards
    keep to the slots, on the next page when not even one fits."""
    it = team(demo, "Network Team")["id"]
    group = call_group(demo, "teams", it)
    assert group is not None
    story = wallet_cards_story(demo, team_id=it, width=frame_width("a4"), now=NOW)
    assert isinstance(story[-1], CardSheet)
    heading = Paragraph("Wallet cards", styles()["section"])
    info = document_info(demo.plan(), "Handbook", "Everything.", NOW)
    data = render([Spacer(0, before), heading, *story], info, "a4")
    pages = [cards_on(page) for page in read_pdf(data).pages]
    cards = [card for page in pages for card in page]
    assert [c.holder for c in cards] == [c.name for c in group.callees]
    assert [c.team for c in cards] == ["Network Team"] * len(cards)
    slots = card_slots("a4")
    for number, page in enumerate(pages):
        # The first page's cards take the lowest slots (under the heading); the others
        # fill them from the top.
        expected = slots[len(slots) - len(page) :] if number == 0 else slots[: len(page)]
        assert [list(c.outline) for c in page] == [
            pytest.approx(list(s), abs=TOLERANCE) for s in expected
        ]
    assert [len(page) for page in pages] == ([0, 4, 1] if before else [4, 1])


def test_progress_hears_every_page(demo: Vault) -> None:
    pages: list[int] = []
    data = wallet_cards(demo, now=datetime(2027, 1, 2, tzinfo=UTC), progress=pages.append)
    assert pages == list(range(1, len(read_pdf(data).pages) + 1))
    assert "Plan v3.2 · printed 2027-01-02" in page_texts(data)[0]
