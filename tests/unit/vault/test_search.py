"""Finding anything: names in any script, phone numbers as typed, ranked, kept current."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from itscm_desktop.vault.search import match_expression
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("search") / "plan.itscm"
    with Vault.create(path, PASSPHRASE, organisation="Acme") as v:
        with v.edit() as edit:
            edit.insert(
                "contacts",
                {
                    "full_name": "Jürgen Müller",
                    "job_title": "Network lead",
                    "mobile_phone": "+44 7911 123456",
                },
            )
            edit.insert("contacts", {"full_name": "Søren Ørsted", "job_title": "DBA"})
            edit.insert("contacts", {"full_name": "Юлия Смирнова", "department": "Finance"})
            edit.insert("contacts", {"full_name": "田中 太郎", "notes": "Tokyo office"})
            edit.insert(
                "contacts", {"full_name": "Łukasz Wróbel", "job_title": "Site manager Łódź"}
            )
            edit.insert("services", {"name": "Network core", "description": "Switching"})
            edit.insert("suppliers", {"name": "Müller Networks GmbH", "provides": "WAN links"})
        yield v


def titles(vault: Vault, query: str) -> list[str]:
    return [hit.title for hit in vault.search(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Jürgen", "Jürgen Müller"),
        ("jurgen", "Jürgen Müller"),  # accents and case do not matter
        ("mull", "Jürgen Müller"),  # prefixes match
        ("ørsted", "Søren Ørsted"),
        ("юлия", "Юлия Смирнова"),
        ("田中", "田中 太郎"),
        ("lodz", "Łukasz Wróbel"),
        ("7911 123456", "Jürgen Müller"),
        ("+447911123456", "Jürgen Müller"),
        ("07911", "Jürgen Müller"),
    ],
)
def test_finds_people_by_name_and_number(vault: Vault, query: str, expected: str) -> None:
    assert expected in titles(vault, query)


def test_title_hits_rank_above_hits_elsewhere(vault: Vault) -> None:
    found = titles(vault, "network")
    assert set(found) == {"Network core", "Müller Networks GmbH", "Jürgen Müller"}
    assert found[-1] == "Jürgen Müller"  # only his job title matches


def test_results_can_be_limited_to_kinds_of_record(vault: Vault) -> None:
    hits = vault.search("müller", tables=["suppliers"])
    assert [(h.table, h.title) for h in hits] == [("suppliers", "Müller Networks GmbH")]


def test_the_index_follows_edits_and_deletes(vault: Vault) -> None:
    cid = vault.insert("contacts", {"full_name": "Temporary Person"})
    assert titles(vault, "temporary") == ["Temporary Person"]
    vault.update("contacts", cid, {"full_name": "Renamed Person"})
    assert titles(vault, "temporary") == []
    assert titles(vault, "renamed") == ["Renamed Person"]
    vault.delete("contacts", cid)
    assert titles(vault, "renamed") == []


@pytest.mark.parametrize("query", ['"', "AND", "a OR", "*", "NEAR(", "(", "-", "''", "   "])
def test_punctuation_and_operators_never_break_a_search(vault: Vault, query: str) -> None:
    vault.search(query)  # must not raise


def test_match_expression_quotes_every_word() -> None:
    assert match_expression('net "lead') == '{title body} : ("net"* AND "lead"*)'
    assert match_expression("net", "team_members") == (
        'tbl : "team_members" AND {title body} : ("net"*)'
    )
    assert match_expression("!!") is None


def test_the_name_of_a_kind_of_record_is_not_a_match(vault: Vault) -> None:
    """Records are indexed with their table's name (to narrow list filters); a person
    searching for "contacts" must not get every contact."""
    assert titles(vault, "contacts") == []
    assert titles(vault, "suppliers") == []


def test_rebuilding_the_index_gives_the_same_answers(vault: Vault) -> None:
    before = titles(vault, "müller")
    count = vault.rebuild_search_index()
    assert count == sum(vault.stats().values())
    assert titles(vault, "müller") == before


def test_one_letter_finds_titles_starting_with_it_alphabetically(vault: Vault) -> None:
    """Like an address book: one letter would match a third of every word as a prefix."""
    assert titles(vault, "j") == ["Jürgen Müller"]
    assert titles(vault, "M") == ["Müller Networks GmbH"]
    assert [h.table for h in vault.search("m", tables=["contacts"])] == []
    assert titles(vault, "%") == []
