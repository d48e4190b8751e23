"""The call tree diagram, read back as a person reads it: everyone in the app's call order
with their numbers, escalation times and instructions; a big tree over several pages with
"(continued)" headings and nobody lost or twice; lines that join; nothing below the page's
frame but the footer; helpful sentences where there is nothing to draw."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from pypdf import PageObject
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import Paragraph

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.reports.call_tree import (
    LEVELS_DRAWN,
    _boxes,
    call_tree_diagram,
    call_tree_story,
)
from itscm_desktop.reports.layout import BOTTOM, frame_width
from itscm_desktop.vault.callout import CallGroup, call_group
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.reports.conftest import NOW, page_texts, read_pdf
from tests.unit.vault.conftest import tried

BIG = "Warehouse fire — all hands"
SCRIPTS = ("Łucja Ørsted-Wróbel", "Ζωή Αλεξίου", "Юлия Петрова", "田中 花子")
LONG = "Walk the whole site. " * 30 + "LAST-WORDS-NOT-PRINTED"


def tree_id(vault: Vault, name: str) -> str:
    (tree,) = [t for t in vault.records("call_trees") if t["name"] == name]
    return str(tree["id"])


def joined(data: bytes) -> str:
    return "\n".join(page_texts(data))


def flat(text: str) -> str:
    return " ".join(text.split())


def positions(text: str, group: CallGroup) -> list[int]:
    """Where each callee's order number and name start, asserting they come in order."""
    found = [0]
    for callee in group.callees:
        at = text.find(f"\n{callee.order}\n{callee.name}\n", found[-1])
        assert at >= 0, f"{callee.order} {callee.name} missing or out of order"
        found.append(at)
    return found[1:]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """A tree of 120 people: one starts it, calls 5, who call 4 each, who call 4 each;
    the last of those starts a chain 14 deep. Every ninth person has no number; four have
    names in other scripts; one has instructions far too long for a box."""
    path = tmp_path_factory.mktemp("big") / "big.itscm"
    with Vault.create(path, PASSPHRASE, organisation="Tree Test Ltd") as vault:
        with vault.edit() as edit:
            team = edit.insert("teams", {"name": "Fire Wardens"})
            tree = edit.insert(
                "call_trees",
                {"name": BIG, "when_to_use": "Any fire at the warehouse.", "team_id": team},
            )
            count = 0

            def node(parent: str | None, position: int) -> str:
                nonlocal count
                count += 1
                name = SCRIPTS[count // 30 - 1] if count % 30 == 0 else f"Warden {count:03d}"
                phones = {} if count % 9 == 0 else {"mobile_phone": f"+44 7400 12{count:04d}"}
                person = edit.insert("contacts", {"full_name": name, **phones})
                return edit.insert(
                    "call_tree_nodes",
                    {
                        "call_tree_id": tree,
                        "contact_id": person,
                        "parent_id": parent,
                        "position": position,
                        "escalate_after_minutes": None if parent is None else 5 + count % 4 * 5,
                        "instructions": LONG if count == 7 else f"Instruction for {count}.",
                    },
                )

            root = node(None, 0)
            leaf = root
            for a in range(5):
                child = node(root, a)
                for b in range(4):
                    grandchild = node(child, b)
                    for c in range(4):
                        leaf = node(grandchild, c)
            for position in range(14):
                leaf = node(leaf, position)
            assert count == 120
        yield vault


@pytest.fixture(scope="module")
def big_pdf(big: Vault) -> bytes:
    return call_tree_diagram(big, now=NOW)


@pytest.mark.parametrize(
    "name", ["Major IT outage", "Site evacuation — Łódź", "Cyber incident — suspected ransomware"]
)
def test_everyone_in_call_order_with_numbers_times_and_instructions(demo: Vault, name: str) -> None:
    group = call_group(demo, "call_trees", tree_id(demo, name))
    assert group is not None and len(group.callees) >= 8
    text = joined(call_tree_diagram(demo, call_tree_id=group.id, now=NOW))
    starts = positions(text, group)
    nodes = {
        n["contact_id"]: n
        for n in demo.records("call_tree_nodes", where={"call_tree_id": group.id})
    }
    for callee, start, end in zip(group.callees, starts, [*starts[1:], len(text)], strict=True):
        box = text[start:end]
        for number in callee.numbers:
            assert number.display in box.splitlines(), (callee.name, number)
        node = nodes[callee.id]
        if node["escalate_after_minutes"] is not None:
            assert f"Escalate after {format_minutes(node['escalate_after_minutes'])}" in box
        assert flat(node["instructions"]) in flat(box)


def test_a_team_or_a_tree_alone(demo: Vault) -> None:
    it = next(t for t in demo.records("teams") if t["name"] == "IT Recovery Team")
    text = joined(call_tree_diagram(demo, team_id=it["id"], now=NOW))
    assert "Call tree: IT Recovery Team" in text and "\nMajor IT outage\n" in text
    assert "Site evacuation" not in text and "ransomware" not in text
    assert "When to use it: A tier 1 or tier 2 service is down" in flat(text)
    assert "Team: IT Recovery Team" in text
    assert "Notes: Print on the back of the wallet card" in text
    cyber = tree_id(demo, "Cyber incident — suspected ransomware")
    text = joined(call_tree_diagram(demo, call_tree_id=cyber, now=NOW))
    assert "Call tree: Cyber incident — suspected ransomware" in flat(text)
    assert "Major IT outage" not in text
    text = joined(call_tree_diagram(demo, team_id=it["id"], call_tree_id=cyber, now=NOW))
    assert "is not the IT Recovery Team’s" in flat(text) and "Oluwaseun" not in text


def test_all_trees_by_name(demo: Vault) -> None:
    text = joined(call_tree_diagram(demo, now=NOW))
    names = sorted(t["name"] for t in demo.records("call_trees"))
    at = [text.index(f"\n{name}\n") for name in names]
    assert at == sorted(at) and len(at) == 3


def test_a_big_tree_over_pages_nobody_lost_or_twice(big: Vault, big_pdf: bytes) -> None:
    pages = page_texts(big_pdf)
    assert len(pages) >= 8
    for page in pages[1:]:
        assert f"{BIG} (continued)\nContinued from the previous page\n" in page
    for page in pages[:-1]:
        assert "Continued on the next page" in page
    assert "(continued)" not in pages[0] and "Continued on" not in pages[-1]
    group = call_group(big, "call_trees", tree_id(big, BIG))
    assert group is not None and len(group.callees) == 120
    text = "\n".join(pages)
    positions(text, group)
    for callee in group.callees:
        assert text.count(f"\n{callee.order}\n{callee.name}\n") == 1, callee.name
    assert text.count("NO NUMBER\nfind another way") == sum(not c.numbers for c in group.callees)
    assert text.count("NO NUMBER") == 13


def test_names_in_every_script_read_back_as_typed(big_pdf: bytes) -> None:
    lines = joined(big_pdf).splitlines()
    for name in SCRIPTS:
        assert name in lines


def test_long_instructions_are_cut_to_three_lines(big_pdf: bytes) -> None:
    text = joined(big_pdf)
    start = text.index("\n7\nWarden 007\n")
    box = text[start : text.index("\n8\nWarden 008\n")]
    assert "LAST-WORDS" not in box
    lines = box.splitlines()
    first = lines.index(next(line for line in lines if line.startswith("Walk the whole site")))
    assert lines[first + 3] == "Mobile" and lines[first + 2].endswith("…")


def test_deeper_than_drawn_says_its_level_and_caller(big: Vault, big_pdf: bytes) -> None:
    text = joined(big_pdf)
    group = call_group(big, "call_trees", tree_id(big, BIG))
    assert group is not None and max(c.depth for c in group.callees) == 17
    deep = [c for c in group.callees if c.depth > LEVELS_DRAWN]
    assert len(deep) == 12
    for caller, callee in zip(group.callees[-13:-1], deep, strict=True):
        said = f"Level {callee.depth + 1} · called by {caller.order} {caller.name}"
        assert said in flat(text)
    assert "Level" not in text[: text.index(f"\n{deep[0].name}\n")]


@pytest.mark.parametrize("name", ["Major IT outage", "Site evacuation — Łódź", BIG])
def test_every_line_joins_a_box_above_to_a_box_below(demo: Vault, big: Vault, name: str) -> None:
    vault = big if name == BIG else demo
    boxes = _boxes(vault, tree_id(vault, name))
    leaving: set[int] = set()
    for box in boxes:
        assert set(box.entering) == leaving, box.callee.name
        leaving = set(box.rails) | ({box.depth - 1} if not box.last else set())
        if box.calls and box.depth < LEVELS_DRAWN:
            leaving.add(box.depth)
        leaving.discard(-1)
        leaving = {level for level in leaving if level < LEVELS_DRAWN}
    assert leaving == set()


def text_heights(page: PageObject) -> list[tuple[float, str]]:
    """Each piece of text on `page` with the height of its baseline, in points."""
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], *_: Any) -> None:
        if text.strip():
            found.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nothing_below_the_frame_but_the_footer(big: Vault, paper: str) -> None:
    reader = read_pdf(call_tree_diagram(big, paper=paper, now=NOW))
    size = A4 if paper == "a4" else LETTER
    for number, page in enumerate(reader.pages, start=1):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size)
        low = {text for y, text in text_heights(page) if y < BOTTOM}
        footer = {"Generated 2026-11-25", "CONFIDENTIAL", f"Page {number} of {len(reader.pages)}"}
        assert {t for t in low if not any(t.startswith(f) for f in footer)} == set(), number


def test_nothing_to_draw_is_said(empty: Vault) -> None:
    (text,) = page_texts(call_tree_diagram(empty, now=NOW))
    assert "No call trees yet — add them in the app, under Call trees." in flat(text)
    with empty.edit() as edit:
        team = edit.insert("teams", {"name": "Night Shift"})
        lonely = edit.insert("teams", {"name": "Day Shift"})
        tree = edit.insert("call_trees", {"name": "Flood", "team_id": team})
    (text,) = page_texts(call_tree_diagram(empty, now=NOW))
    assert "\nFlood\n" in text and "Team: Night Shift" in text
    assert "Nobody in this call tree yet — add people in the app, under Call trees." in flat(text)
    (text,) = page_texts(call_tree_diagram(empty, team_id=lonely, now=NOW))
    assert "Day Shift has no call tree yet — add one in the app, under Call trees." in flat(text)
    assert "Flood" not in text
    assert call_tree_story(empty, call_tree_id=tree, width=frame_width("a4"))


def test_unknown_ids(demo: Vault) -> None:
    with pytest.raises(RecordNotFound, match="There is no team with id nope"):
        call_tree_diagram(demo, team_id="nope")
    with pytest.raises(RecordNotFound, match="There is no call tree with id nope"):
        call_tree_story(demo, call_tree_id="nope", width=400)


def test_someone_with_no_number_in_the_demo(demo: Vault) -> None:
    major = tree_id(demo, "Major IT outage")
    with tried(demo) as edit:
        lost = edit.insert("contacts", {"full_name": "Nadia Unreachable"})
        edit.insert("call_tree_nodes", {"call_tree_id": major, "contact_id": lost, "position": 9})
        group = call_group(demo, "call_trees", major)
        text = joined(call_tree_diagram(demo, call_tree_id=major, now=NOW))
    assert group is not None
    positions(text, group)
    assert "Nadia Unreachable\nNO NUMBER\nfind another way" in text


def test_the_story_for_the_handbook(demo: Vault) -> None:
    story = call_tree_story(demo, width=frame_width("letter"))
    sections = [f for f in story if isinstance(f, Paragraph) and f.style.name == "section"]
    assert [s.getPlainText() for s in sections] == sorted(
        t["name"] for t in demo.records("call_trees")
    )


def test_a_phone_number_in_instructions_stays_on_one_line(demo: Vault) -> None:
    lodz = tree_id(demo, "Site evacuation — Łódź")
    data = call_tree_diagram(demo, call_tree_id=lodz, paper="letter", now=NOW)
    lines = joined(data).splitlines()
    (line,) = [line for line in lines if "(+48" in line]
    assert "(+48 42 630 1100)" in line


def test_long_names_wrap_and_a_long_tree_is_still_continued(demo: Vault) -> None:
    major = tree_id(demo, "Major IT outage")
    name = "Maximilian-Alexander von Hohenzollern-Sigmaringen-Wittelsbach"
    with tried(demo) as edit:
        edit.update("call_trees", major, {"name": "Major IT outage" + " and more" * 20})
        person = edit.insert("contacts", {"full_name": name, "mobile_phone": "+44 7400 120001"})
        edit.insert("call_tree_nodes", {"call_tree_id": major, "contact_id": person, "position": 9})
        pages = page_texts(call_tree_diagram(demo, call_tree_id=major, now=NOW))
    assert f"\n{name.replace(' Hohen', chr(10) + 'Hohen')}\n" in pages[-1]
    for page in pages[1:]:
        (heading,) = [line for line in page.splitlines() if "(continued)" in line]
        assert heading.startswith("Major IT outage and more") and heading.endswith("… (continued)")
