"""The catalogue of printable documents: building by name, file names, the go-bag pack."""

from __future__ import annotations

import re

import pytest

from itscm_desktop.reports.catalogue import (
    DOCUMENTS,
    Options,
    build,
    file_name,
    go_bag,
    go_bag_parts,
    tier1_plans,
)
from itscm_desktop.vault.vault import Vault
from tests.unit.reports.conftest import NOW, page_texts, read_pdf


def test_every_document_builds_for_the_demo_and_an_empty_plan(demo: Vault, empty: Vault) -> None:
    for key, document in DOCUMENTS.items():
        for vault in (demo, empty):
            pages = page_texts(build(vault, key, Options(), now=NOW))
            assert pages, key
            assert document.title in pages[0], key
            assert f"Page 1 of {len(pages)}" in pages[0]


def test_progress_hears_every_page(demo: Vault) -> None:
    heard: list[int] = []
    data = build(demo, "contact-sheet", now=NOW, progress=heard.append)
    pages = len(read_pdf(data).pages)
    assert heard[-pages:] == list(range(1, pages + 1))


def test_progress_can_stop_the_work(demo: Vault) -> None:
    class Stop(Exception):
        pass

    def stop(page: int) -> None:
        if page == 2:
            raise Stop

    with pytest.raises(Stop):
        build(demo, "contact-sheet", now=NOW, progress=stop)


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("", "contact-sheet-2026-11-25.pdf"),
        ("Łódź Site Response Team", "contact-sheet-lodz-site-response-team-2026-11-25.pdf"),
        ("Müller & Ørsted / 24:7?", "contact-sheet-muller-orsted-24-7-2026-11-25.pdf"),
        ("田中", "contact-sheet-2026-11-25.pdf"),
    ],
)
def test_file_names_are_safe_on_any_stick(scope: str, expected: str) -> None:
    name = file_name("contact-sheet", scope, NOW)
    assert name == expected
    assert re.fullmatch(r"[a-z0-9-]+\.pdf", name)


def test_tier1_plans_are_the_plans_bringing_back_a_tier1_service(demo: Vault) -> None:
    tier1 = {s["id"] for s in demo.records("services") if s["tier"] == 1}
    expected = {
        p["id"] for p in demo.records("recovery_plans") if tier1 & set(p["service_ids"] or [])
    }
    assert expected, "the demo has tier-1 plans"
    found = tier1_plans(demo)
    assert set(found) == expected
    names = [demo.get("recovery_plans", i)["name"] for i in found]
    assert names == sorted(names)


def test_the_go_bag_pack(demo: Vault) -> None:
    parts = go_bag_parts(demo)
    assert parts[0] == ("contact-sheet", Options())
    heard: list[tuple[str, int]] = []
    pack = go_bag(demo, "letter", now=NOW, progress=lambda title, page: heard.append((title, page)))
    assert [p.title for p in pack] == [DOCUMENTS[key].title for key, _ in parts]
    for printed in pack:
        assert printed.file_name.endswith("-2026-11-25.pdf")
        box = read_pdf(printed.data).pages[0].mediabox
        assert round(float(box.width)) == 612  # Letter, as asked
        assert (printed.title, 1) in heard
