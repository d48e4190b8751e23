"""The supplier directory, read back as someone ringing a vendor at 3 a.m. reads it: every
supplier in alphabetical order under its letter, with the 24/7 line, the contract and
account to quote, the contract flagged when it has ended or ends soon, the supplier's
people and the services that depend on it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from reportlab.platypus import Paragraph

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.reports.layout import frame_width
from itscm_desktop.reports.suppliers import (
    alphabetical_key,
    expiry_flag,
    initial,
    supplier_directory,
    suppliers_story,
)
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.scope import team_scope
from itscm_desktop.vault.vault import Vault
from tests.unit.reports.conftest import NOW, page_texts, read_pdf


def flat(data: bytes) -> str:
    """The document's text as one line (no-break spaces read as spaces)."""
    return " ".join(" ".join(page_texts(data)).replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def whole_text(demo: Vault) -> str:
    return flat(supplier_directory(demo, now=NOW))


def blocks(text: str, suppliers: list[dict[str, Any]]) -> dict[str, str]:
    """Each supplier's part of the text: from its name to the next supplier's name."""
    starts = [text.index(f" {s['name']} ") for s in suppliers]
    ends = [*starts[1:], len(text)]
    return {s["id"]: text[a:b] for s, a, b in zip(suppliers, starts, ends, strict=True)}


def test_every_supplier_in_order_with_line_and_what_to_quote(demo: Vault, whole_text: str) -> None:
    suppliers = sorted(demo.records("suppliers"), key=lambda s: alphabetical_key(s["name"]))
    starts = [whole_text.index(f" {s['name']} ") for s in suppliers]
    assert starts == sorted(starts)
    for supplier_id, block in blocks(whole_text, suppliers).items():
        supplier = demo.get("suppliers", supplier_id)
        assert format_phone(supplier["support_phone"]) in block
        for field in ("contract_ref", "account_number", "support_email", "provides"):
            assert supplier[field] in block, (supplier["name"], field)
        assert format_minutes(supplier["contracted_recovery_minutes"]) in block
        assert supplier["contract_expires_on"] in block


def test_lodz_files_with_the_ls_under_its_letter(whole_text: str) -> None:
    letter_l = whole_text.index(" L Ledgerline")
    lodz = whole_text.index("Łódzkie Usługi Techniczne Sp. z o.o.")
    letter_m = whole_text.index(" M Meridian")
    assert letter_l < lodz < letter_m


def test_a_suppliers_people_with_their_numbers(demo: Vault, whole_text: str) -> None:
    suppliers = sorted(demo.records("suppliers"), key=lambda s: alphabetical_key(s["name"]))
    found = blocks(whole_text, suppliers)
    people = [c for c in demo.records("contacts") if c["supplier_id"]]
    assert len(people) >= 5
    for person in people:
        block = found[person["supplier_id"]]
        assert person["full_name"] in block
        for field in ("mobile_phone", "work_phone"):
            if person[field]:
                assert format_phone(person[field]) in block, (person["full_name"], field)


def test_the_services_that_depend_on_a_supplier_with_their_tier(
    demo: Vault, whole_text: str
) -> None:
    suppliers = sorted(demo.records("suppliers"), key=lambda s: alphabetical_key(s["name"]))
    found = blocks(whole_text, suppliers)
    services = {s["id"]: s for s in demo.records("services")}
    checked = 0
    for dependency in demo.records("dependencies"):
        service = services.get(dependency["from_id"])
        if service is not None and dependency["to_id"] in found:
            assert f"{service['name']} (tier {service['tier']})" in found[dependency["to_id"]]
            checked += 1
    assert checked >= 10
    supported = {s["id"]: demo.count("assets", where={"supplier_id": s["id"]}) for s in suppliers}
    for supplier_id, count in supported.items():
        if count:
            word = "asset" if count == 1 else "assets"
            assert f"Supports {count} {word}." in found[supplier_id]
        else:
            assert "Supports" not in found[supplier_id]


@pytest.fixture
def contracts(empty: Vault) -> Vault:
    """Suppliers whose contracts ended, end today, end soon and end late; one with
    nothing but a name; one named in Japanese."""
    today = NOW.date()
    ends = {
        "Lapsed Power Ltd": today - timedelta(days=1),
        "Today Telecom": today,
        "Soon Storage": today + timedelta(days=15),
        "Edge Of Warning": today + timedelta(days=60),
        "Later Logistics IT": today + timedelta(days=61),
    }
    with empty.edit() as edit:
        for name, day in ends.items():
            edit.insert(
                "suppliers",
                {
                    "name": name,
                    "support_phone": "+44 20 7946 0000",
                    "contract_ref": f"REF-{name[:3].upper()}",
                    "contract_expires_on": day.isoformat(),
                },
            )
        edit.insert("suppliers", {"name": "Bare Minimum"})
        tanaka = edit.insert("suppliers", {"name": "田中商事株式会社", "provides": "部品"})
        edit.insert(
            "contacts",
            {
                "full_name": "Юлия Ковальчук",
                "supplier_id": tanaka,
                "mobile_phone": "+48 601 234 567",
            },
        )
    return empty


def test_contracts_are_flagged_relative_to_the_documents_date(contracts: Vault) -> None:
    suppliers = sorted(contracts.records("suppliers"), key=lambda s: alphabetical_key(s["name"]))
    found = {
        contracts.get("suppliers", i)["name"]: block
        for i, block in blocks(flat(supplier_directory(contracts, now=NOW)), suppliers).items()
    }
    assert "EXPIRED" in found["Lapsed Power Ltd"]
    assert "EXPIRES TODAY" in found["Today Telecom"]
    assert "EXPIRES IN 15 DAYS" in found["Soon Storage"]
    assert "EXPIRES IN 60 DAYS" in found["Edge Of Warning"]
    for name in ("Later Logistics IT", "Bare Minimum"):
        assert "EXPIRE" not in found[name], name
    assert "No 24/7 line recorded" in found["Bare Minimum"]
    later = flat(supplier_directory(contracts, now=NOW + timedelta(days=70)))
    assert later.count("EXPIRED") == 5


def test_unicode_names_come_back_as_typed(contracts: Vault) -> None:
    text = flat(supplier_directory(contracts, now=NOW))
    assert "田中商事株式会社" in text and "部品" in text
    assert f"Юлия Ковальчук · Mobile {format_phone('+48601234567')}" in text
    assert text.index("Today Telecom") < text.index("田中商事株式会社")


def test_a_teams_directory_holds_the_suppliers_it_needs(demo: Vault) -> None:
    team = next(t for t in demo.records("teams") if t["name"] == "Network Team")
    wanted = set(team_scope(demo, team["id"]).suppliers)
    data = supplier_directory(demo, team_id=team["id"], now=NOW)
    text = flat(data)
    assert "Supplier directory: Network Team" in text
    for supplier in demo.records("suppliers"):
        assert (f" {supplier['name']} " in text) == (supplier["id"] in wanted), supplier["name"]
    meta = read_pdf(data).metadata
    assert meta is not None and meta.subject.startswith(f"The {len(wanted)} suppliers the")


def test_unknown_team_is_refused_in_a_sentence(demo: Vault) -> None:
    with pytest.raises(RecordNotFound, match="There is no team with id nope"):
        supplier_directory(demo, team_id="nope")


def test_an_empty_vault_gives_one_helpful_page(empty: Vault) -> None:
    pages = page_texts(supplier_directory(empty, now=NOW))
    assert len(pages) == 1
    assert "No suppliers yet — add them in the app, under Suppliers." in pages[0]
    assert "Page 1 of 1" in pages[0]


def test_letters_are_headings_directly_in_the_story(demo: Vault) -> None:
    story = suppliers_story(demo, width=frame_width("letter"), now=NOW)
    headings = [f.getPlainText() for f in story if isinstance(f, Paragraph)]
    letters = sorted({initial(s["name"]) for s in demo.records("suppliers")})
    assert headings[1:] == letters
    assert all(
        f.style.name == "heading" for f in story if isinstance(f, Paragraph) and f is not story[0]
    )


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["dock 10", "Dock 2", "dock 1"], ["dock 1", "Dock 2", "dock 10"]),
        (["Zeta", "Łódź", "Lima", "Ørsted", "Oslo"], ["Lima", "Łódź", "Ørsted", "Oslo", "Zeta"]),
    ],
)
def test_alphabetical_order_for_a_reader(names: list[str], expected: list[str]) -> None:
    assert sorted(names, key=alphabetical_key) == expected


def test_initials_and_expiry_flags() -> None:
    assert [initial(n) for n in ("Łódzkie", "3D Print", "田中", "")] == ["L", "0–9", "田", "?"]
    today = NOW.date()
    assert expiry_flag(None, today) == "" and expiry_flag("garbage", today) == ""
    assert expiry_flag((today + timedelta(days=1)).isoformat(), today) == "expires in 1 day"


def test_a_supplier_longer_than_a_page_breaks_between_its_people(empty: Vault) -> None:
    with empty.edit() as edit:
        huge = edit.insert("suppliers", {"name": "Huge Outsourcing Ltd", "notes": "Note. " * 400})
        for number in range(1, 61):
            edit.insert(
                "contacts",
                {
                    "full_name": f"Engineer {number:02}",
                    "supplier_id": huge,
                    "mobile_phone": "+44 7400 128882",
                },
            )
    pages = page_texts(supplier_directory(empty, now=NOW))
    assert len(pages) >= 2
    text = " ".join(pages)
    assert all(f"Engineer {number:02}" in text for number in range(1, 61))
