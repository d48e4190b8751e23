"""The emergency contact sheet, read back as a person reads it: every member of a team
with every number, in call order; the scripts of the demo's names; the header and page
numbers on every page; a QR code per person carrying that person's vCard."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import Paragraph

from itscm_desktop.domain.phones import format_phone
from itscm_desktop.reports import vcard as vcard_module
from itscm_desktop.reports.contact_sheet import contact_sheet, contact_sheet_story
from itscm_desktop.reports.layout import frame_width, styles
from itscm_desktop.reports.vcard import TICK_EVERY, QrFlowable, vcard
from itscm_desktop.vault import qrcache
from itscm_desktop.vault.callout import CallGroup, call_group
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.scope import team_scope
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.reports.conftest import NOW, page_texts, read_pdf, used_forms
from tests.unit.vault.conftest import tried

ORGANISATION = "Wharfedale & Vistula Logistics Ltd"


def team(vault: Vault, name: str) -> dict[str, Any]:
    found = [t for t in vault.records("teams") if t["name"] == name]
    assert len(found) == 1
    return found[0]


def group_of(vault: Vault, name: str) -> CallGroup:
    group = call_group(vault, "teams", team(vault, name)["id"])
    assert group is not None and len(group.callees) >= 3
    return group


@pytest.fixture(scope="module")
def whole(demo: Vault) -> bytes:
    return contact_sheet(demo, now=NOW)


@pytest.mark.parametrize(
    "name", ["Crisis Management Team", "IT Recovery Team", "Łódź Site Response Team"]
)
def test_every_member_with_every_number_in_call_order(demo: Vault, name: str) -> None:
    group = group_of(demo, name)
    text = "\n".join(page_texts(contact_sheet(demo, team_id=group.id, now=NOW)))
    starts = []
    for callee in group.callees:
        start = text.find(f"\n{callee.name}\n", starts[-1] if starts else 0)
        assert start >= 0, f"{callee.name} missing or out of order"
        starts.append(start)
    starts.append(text.find("Suppliers — 24/7 lines"))
    assert starts == sorted(starts)
    for callee, start, end in zip(group.callees, starts, starts[1:], strict=False):
        row = text[start:end]
        assert f"\n{callee.order}\n" in text[max(0, start - 8) : start + 1]
        assert callee.numbers, callee.name
        for number in callee.numbers:
            assert number.display in row.splitlines(), (callee.name, number)
        for email in callee.emails:
            assert email in row
        assert (callee.membership or "").upper() in row
    leader = group.callees[0]
    assert leader.id == team(demo, name)["leader_id"]
    assert "TEAM LEADER" in text[starts[0] : starts[1]]
    assert text.count("TEAM LEADER") == 1


def test_a_teams_sheet_holds_that_team_only(demo: Vault) -> None:
    it = team(demo, "IT Recovery Team")
    data = contact_sheet(demo, team_id=it["id"], now=NOW)
    text = "\n".join(page_texts(data))
    assert "Emergency contact sheet: IT Recovery Team" in text
    assert "Crisis Management Team" not in text and "Network Team" not in text
    meta = read_pdf(data).metadata
    assert meta is not None and meta.title.startswith("Emergency contact sheet: IT Recovery Team")


def test_the_whole_sheet_crisis_line_teams_suppliers_then_sites(demo: Vault, whole: bytes) -> None:
    text = "\n".join(page_texts(whole))
    plan = demo.plan()
    assert text.index("Crisis line") < text.index(format_phone(plan["crisis_line"]))
    headings = [text.find(f"\n{t['name']}\n") for t in demo.records("teams")]
    assert all(h >= 0 for h in headings)
    crisis = text.find("\nCrisis Management Team\n")
    assert crisis == min(headings)  # the crisis team is called first
    suppliers, sites = text.index("\nSuppliers — 24/7 lines\n"), text.index("\nSites\n")
    assert max(headings) < suppliers < sites
    for supplier in demo.records("suppliers"):
        at = text.index(supplier["name"].split()[0], suppliers)
        assert suppliers < at < sites
        if supplier["support_phone"]:
            assert format_phone(supplier["support_phone"]) in text[suppliers:sites]
        if supplier["contract_ref"]:
            assert f"Contract {supplier['contract_ref']}" in text[suppliers:sites]
        if supplier["account_number"]:
            assert f"Account {supplier['account_number']}" in text[suppliers:sites]
    for site in demo.records("sites"):
        if site["phone"]:
            assert format_phone(site["phone"]) in text[sites:]
    assert "Gatehouse staffed 24/7" in text[sites:]  # access instructions


def test_the_header_and_page_x_of_y_on_every_page(whole: bytes) -> None:
    pages = page_texts(whole)
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        assert ORGANISATION in lines
        assert "IT Service Continuity Plan · version 3.2 · Emergency contact sheet" in lines
        assert lines.count("CONFIDENTIAL") == 2
        assert "Generated 2026-11-25 " in text
        assert f"Page {number} of {len(pages)}" in lines


def test_the_demos_names_in_every_script_read_back_as_typed(demo: Vault) -> None:
    tanaka = next(c for c in demo.records("contacts") if c["full_name"] == "田中 太郎")
    with tried(demo) as edit:
        it = team(demo, "IT Recovery Team")["id"]
        edit.insert(
            "team_members", {"team_id": it, "contact_id": tanaka["id"], "membership": "alternate"}
        )
        lines = "\n".join(page_texts(contact_sheet(demo, now=NOW))).splitlines()
    for name in ("Jürgen Müller", "Søren Ørsted", "Ζωή Παπαδοπούλου", "Юлия Смирнова", "田中 太郎"):
        assert name in lines, name
    assert "Łódź Site Response Team" in lines


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_paper(demo: Vault, paper: str, size: tuple[float, float]) -> None:
    reader = read_pdf(contact_sheet(demo, paper=paper, now=NOW))
    assert len(reader.pages) >= 5
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size)


def test_one_qr_code_per_person_carrying_their_vcard(demo: Vault) -> None:
    group = group_of(demo, "Crisis Management Team")
    data = contact_sheet(demo, team_id=group.id, now=NOW)
    expected = []
    for callee in group.callees:
        contact = demo.get("contacts", callee.id)
        expected.append(QrFlowable(vcard(contact, ORGANISATION)).form_name)
    drawn = [name for page in used_forms(data) for name in page]
    assert drawn == expected
    assert len(set(drawn)) == len(group.callees)


def test_someone_on_two_teams_is_one_form_drawn_twice(demo: Vault, whole: bytes) -> None:
    groups = [call_group(demo, "teams", t["id"]) for t in demo.records("teams")]
    people = Counter(c.id for g in groups if g for c in g.callees)
    drawn = Counter(name for page in used_forms(whole) for name in page)
    assert sum(drawn.values()) == sum(people.values())
    assert len(drawn) == len(people)
    assert max(people.values()) > 1  # the demo has people on several teams


def test_gaps_show_instead_of_hiding(demo: Vault) -> None:
    with tried(demo) as edit:
        nobody = edit.insert("teams", {"name": "Spare team", "purpose": "facilities"})
        lost = edit.insert("contacts", {"full_name": "Nadia Unreachable"})
        edit.insert("team_members", {"team_id": nobody, "contact_id": lost, "role": "Runner"})
        empty_team = edit.insert("teams", {"name": "Team nobody joined"})
        reachless = "\n".join(page_texts(contact_sheet(demo, team_id=nobody, now=NOW)))
        empty = "\n".join(page_texts(contact_sheet(demo, team_id=empty_team, now=NOW)))
    row = " ".join(reachless[reachless.index("Nadia Unreachable") :].split())
    assert row.startswith(
        "Nadia Unreachable PRIMARY Runner No number recorded — reach them another way."
    )
    assert "Nobody in this team yet — add people in the app, under Teams." in empty


def test_an_empty_vault_gives_a_helpful_sheet(empty: Vault) -> None:
    data = contact_sheet(empty, now=NOW)
    (text,) = page_texts(data)
    assert "Empty Ltd" in text and "Page 1 of 1" in text
    for hint in (
        "No crisis line recorded — add it in the app, under Plan settings.",
        "No teams yet — add them in the app, under Teams.",
        "No suppliers yet — add them in the app, under Suppliers.",
        "No sites yet — add them in the app, under Sites.",
    ):
        assert hint in text.replace("\n", " ")


def test_an_unknown_team(demo: Vault) -> None:
    with pytest.raises(RecordNotFound, match="no team"):
        contact_sheet(demo, team_id="not-a-team")


def sections(text: str) -> tuple[str, str]:
    """The suppliers' and the sites' sections of a sheet's text, on one line each."""
    suppliers, sites = text.index("\nSuppliers — 24/7 lines\n"), text.index("\nSites\n")
    return " ".join(text[suppliers:sites].split()), " ".join(text[sites:].split())


def test_a_teams_sheet_lists_only_the_suppliers_and_sites_that_matter_to_it(demo: Vault) -> None:
    lodz = team(demo, "Łódź Site Response Team")
    scope = team_scope(demo, lodz["id"])
    assert 0 < len(scope.suppliers) < demo.count("suppliers")
    assert 0 < len(scope.sites) < demo.count("sites")
    suppliers, sites = sections("\n".join(page_texts(contact_sheet(demo, team_id=lodz["id"]))))
    for supplier in demo.records("suppliers"):
        assert (supplier["name"] in suppliers) == (supplier["id"] in scope.suppliers)
    for site in demo.records("sites"):
        assert (site["name"] in sites) == (site["id"] in scope.sites), site["name"]
    # The organisation-wide sheet keeps them all.
    suppliers, sites = sections("\n".join(page_texts(contact_sheet(demo))))
    assert all(supplier["name"] in suppliers for supplier in demo.records("suppliers"))
    assert all(site["name"] in sites for site in demo.records("sites"))


def test_a_team_linked_to_nothing_says_so(demo: Vault) -> None:
    with tried(demo) as edit:
        loner = edit.insert("contacts", {"full_name": "Ola Nowak", "mobile_phone": "+48601234567"})
        new = edit.insert("teams", {"name": "Night shift", "leader_id": loner})
        edit.insert("team_members", {"team_id": new, "contact_id": loner})
        suppliers, sites = sections("\n".join(page_texts(contact_sheet(demo, team_id=new))))
    assert "No supplier is linked to this team's services, assets or people." in suppliers
    assert "No site is linked to this team's services, assets or people." in sites


def test_the_story_has_no_title_and_its_sections_at_the_top_level(demo: Vault) -> None:
    story = contact_sheet_story(demo, width=frame_width("letter"))
    paragraphs = [f for f in story if isinstance(f, Paragraph)]
    assert not any(p.style is styles()["title"] for p in paragraphs)
    headings = [p.getPlainText() for p in paragraphs if p.style is styles()["section"]]
    assert headings == ["Suppliers — 24/7 lines", "Sites"]
    with pytest.raises(RecordNotFound, match="no team"):
        contact_sheet_story(demo, team_id="not-a-team", width=frame_width("a4"))


def test_a_team_running_on_to_the_next_page_says_continued(whole: bytes) -> None:
    pages = page_texts(whole)
    assert "Crisis Management Team (continued)" not in pages[0]
    assert "Crisis Management Team (continued)" in pages[1].splitlines()
    assert pages[1].index("(continued)") < pages[1].index("\n8\n")  # the 8th person follows


def test_labels_stand_on_their_numbers_baselines(demo: Vault) -> None:
    group = group_of(demo, "Crisis Management Team")
    page = read_pdf(contact_sheet(demo, team_id=group.id, now=NOW)).pages[0]
    found: list[tuple[str, float]] = []

    def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            found.append((text.strip(), round(tm[5] * cm[3] + cm[5], 2)))

    page.extract_text(visitor_text=seen)
    heights: dict[str, float] = {}
    for text, height in found:
        heights.setdefault(text, height)  # the first person's lines come first
    first = group.callees[0]
    for number in first.numbers:
        label = {"mobile": "Mobile", "work": "Work", "home": "Home"}[number.kind]
        assert heights[label] == heights[number.display]


def test_a_print_after_the_first_encodes_nobody(
    demo: Vault, whole: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_encoding(value: str) -> object:
        raise AssertionError("a code was encoded again")

    monkeypatch.setattr(vcard_module, "qr_modules", no_encoding)
    assert used_forms(contact_sheet(demo, now=NOW)) == used_forms(whole)


def _crowd(vault: Vault, people: int) -> None:
    with vault.edit() as edit:
        team = edit.insert("teams", {"name": "Crowd", "purpose": "other"})
        for number in range(people):
            person = edit.insert(
                "contacts",
                {"full_name": f"Person {number}", "mobile_phone": f"+44 7400 12{number:04d}"},
            )
            edit.insert("team_members", {"team_id": team, "contact_id": person})


def test_encoding_codes_is_heard_as_page_0_and_can_be_stopped(empty: Vault) -> None:
    """A first print of many people encodes their codes before page 1: the app hears that
    work goes on (0) and a Stop is obeyed then, with nothing half-stored."""
    _crowd(empty, 2 * TICK_EVERY + 1)
    heard: list[int] = []
    data = contact_sheet(empty, now=NOW, progress=heard.append)
    first = heard.index(1)
    assert heard[:first] == [0, 0]  # two ticks for 51 codes, then the pages
    assert heard[first:] == list(range(1, len(read_pdf(data).pages) + 1))

    class Stop(Exception):
        pass

    def stop(page: int) -> None:
        raise Stop

    with Vault.create(empty.path.with_name("o.itscm"), PASSPHRASE, organisation="O") as other:
        _crowd(other, TICK_EVERY)
        with pytest.raises(Stop):
            contact_sheet(other, now=NOW, progress=stop)
        assert qrcache.count(other) == 0
