"""The asset inventory, read back as a recovery team reads it: every asset under its site
and kind, with serial, hostname, contract and backup; the missing backups flagged exactly
where the readiness rule finds them; the assets with no site on their own; a team's or a
site's inventory holding theirs only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import Paragraph

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.reports.fonts import BOLD, REGULAR
from itscm_desktop.reports.inventory import (
    NO_BACKUP,
    NO_SITE,
    asset_inventory,
    assets_story,
)
from itscm_desktop.reports.inventory_rows import Text, fit
from itscm_desktop.reports.layout import frame_width, styles
from itscm_desktop.reports.suppliers import alphabetical_key
from itscm_desktop.reports.text import string_width
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.readiness import check_rule
from itscm_desktop.vault.scope import team_scope
from itscm_desktop.vault.vault import Vault
from tests.unit.reports.conftest import NOW, page_texts, read_pdf

KINDS = REGISTRY["assets"].field("kind")


def flat(data: bytes) -> str:
    """The document's text as one line: a name broken over two lines reads whole."""
    return " ".join(" ".join(page_texts(data)).replace("\xa0", " ").split())


def squeezed(text: str) -> str:
    """`text` without any white space: a hostname broken inside a word still matches."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def whole(demo: Vault) -> bytes:
    return asset_inventory(demo, now=NOW)


@pytest.fixture(scope="module")
def whole_text(whole: bytes) -> str:
    return flat(whole)


def site_line(site: dict[str, Any]) -> str:
    kind = REGISTRY["sites"].field("kind").choice_label(site["kind"])
    return " · ".join([kind, ", ".join(site["address"].splitlines())])


def test_every_asset_under_its_site_then_its_kind(demo: Vault, whole_text: str) -> None:
    text = whole_text
    sites = sorted(demo.records("sites"), key=lambda s: alphabetical_key(s["name"]))
    assets = demo.records("assets")
    at = [text.index(f"{site['name']} {site_line(site)}") for site in sites]
    assert at == sorted(at), "sites out of alphabetical order"
    ends = [*at[1:], len(text)]
    bounds = {s["id"]: (a, b) for s, a, b in zip(sites, at, ends, strict=True)}
    for site in sites:
        start, end = bounds[site["id"]]
        part = text[start:end]
        here = [a for a in assets if a["site_id"] == site["id"]]
        kinds = [k for k in KINDS.choice_values if any(a["kind"] == k for a in here)]
        headings = []
        for kind in kinds:
            count = sum(1 for a in here if a["kind"] == kind)
            label = f"{KINDS.choice_label(kind)} · {count} asset{'' if count == 1 else 's'}"
            headings.append(part.index(label))
        assert headings == sorted(headings), f"kinds out of order at {site['name']}"
        headings.append(len(part))
        for kind, begin, stop in zip(kinds, headings, headings[1:], strict=False):
            group = part[begin:stop]
            names = sorted((a["name"] for a in here if a["kind"] == kind), key=alphabetical_key)
            found = [group.find(f" {name} ") for name in names]
            assert -1 not in found, (site["name"], kind, names[found.index(-1)])
            assert found == sorted(found), f"{kind} at {site['name']} not by name"
    assert NO_SITE not in text  # every demo asset has its site


def test_serial_hostname_contract_backup_and_restore_test_are_printed(
    demo: Vault, whole_text: str
) -> None:
    text = squeezed(whole_text)
    assets = demo.records("assets")
    checked = {"serial": 0, "hostname": 0, "support_contract": 0, "backup_method": 0}
    for asset in assets:
        for field in checked:
            if asset[field]:
                # A backup method longer than six lines of its column ends in "…".
                assert squeezed(asset[field])[:90] in text, (asset["name"], field)
                checked[field] += 1
        if asset["last_restore_test_on"]:
            assert f"Tested{asset['last_restore_test_on']}" in text
    assert all(count >= 5 for count in checked.values()), checked
    owner = demo.get("contacts", next(a for a in assets if a["owner_id"])["owner_id"])
    assert squeezed(owner["full_name"]) in text


def test_the_no_backup_flag_marks_exactly_what_the_readiness_rule_finds(
    demo: Vault, whole_text: str
) -> None:
    text = whole_text
    flagged = set(check_rule(demo, "assets_without_backup", NOW.date()).record_ids)
    assert flagged, "the demo has assets without backup information"
    rows = _rows_by_name(text, demo.records("assets"))
    for asset_id, row in rows.items():
        assert (NO_BACKUP in row) == (asset_id in flagged), row[:80]
    # The introduction names the flag once; every other one is in an asset's row.
    assert text.count(NO_BACKUP) == len(flagged) + 1


def _rows_by_name(text: str, assets: list[dict[str, Any]]) -> dict[str, str]:
    """Each asset's row: from its name to the next asset's name (names are unique)."""
    starts = sorted((text.rindex(f" {a['name']} "), a["id"]) for a in assets)
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return {asset_id: text[start:end] for (start, asset_id), end in zip(starts, ends, strict=True)}


def test_the_summary_counts_each_site_and_the_whole(demo: Vault, whole: bytes) -> None:
    first = page_texts(whole)[0]
    total = demo.count("assets")
    flagged = len(check_rule(demo, "assets_without_backup", NOW.date()).record_ids)
    assert re.search(rf"All sites .*\b{total} {flagged}\b", " ".join(first.split()))
    meta = read_pdf(whole).metadata
    assert meta is not None and meta.title.startswith("Asset inventory")
    assert f"{total} assets" in meta.subject


@pytest.fixture
def handmade(empty: Vault) -> Vault:
    """Two sites (one named in Polish), assets of each kind with and without backups, two
    with no site, one named in Japanese."""
    with empty.edit() as edit:
        lodz = edit.insert(
            "sites",
            {"name": "Łódź depot", "kind": "office", "address": "ul. Transportowa 12\n93-120 Łódź"},
        )
        alpha = edit.insert("sites", {"name": "Alpha DC", "kind": "data_centre"})
        zephyr = edit.insert("sites", {"name": "Zephyr office", "kind": "office"})
        owner = edit.insert("contacts", {"full_name": "Ζωή Παπαδοπούλου"})
        rows = [
            ("Orders database", "data", "medium", lodz, None),
            ("Tape library", "hardware", "critical", lodz, None),
            ("Label printer", "hardware", "low", lodz, None),
            ("Core switch", "network", "high", zephyr, None),
            ("Tenant", "cloud", "medium", alpha, "daily"),
            ("ERP licence", "software", "high", alpha, None),
            ("田中サーバー 01", "hardware", "high", None, "weekly"),
            ("Spare laptop", "hardware", "high", None, None),
        ]
        for name, kind, criticality, site, frequency in rows:
            edit.insert(
                "assets",
                {
                    "name": name,
                    "kind": kind,
                    "criticality": criticality,
                    "site_id": site,
                    "backup_frequency": frequency,
                    "owner_id": owner,
                },
            )
    return empty


def test_no_backup_flag_follows_kind_and_criticality(handmade: Vault) -> None:
    rows = _rows_by_name(flat(asset_inventory(handmade, now=NOW)), handmade.records("assets"))
    flagged = {
        handmade.title("assets", handmade.get("assets", i))
        for i, r in rows.items()
        if NO_BACKUP in r
    }
    assert flagged == {"Orders database", "Tape library", "Spare laptop"}


def test_assets_with_no_site_come_last_in_their_own_group(handmade: Vault) -> None:
    data = asset_inventory(handmade, now=NOW)
    text = flat(data)
    alpha, lodz, zephyr, nowhere = (
        text.index("Alpha DC Data centre"),
        text.index("Łódź depot Office · ul. Transportowa 12, 93-120 Łódź"),
        text.index("Zephyr office Office Network · 1 asset"),
        text.rindex(f"{NO_SITE} Hardware · 2 assets"),
    )
    assert alpha < lodz < zephyr < nowhere  # Ł files with the L's, not after Z
    assert text.index("田中サーバー 01", nowhere) > nowhere
    assert text.index("Spare laptop", nowhere) > nowhere
    assert "Ζωή Παπαδοπούλου" in text
    assert text.count("Ζωή Παπαδοπούλου") == 8


def test_a_teams_inventory_holds_the_teams_assets_only(demo: Vault) -> None:
    team = next(t for t in demo.records("teams") if t["name"] == "Network Team")
    scope = set(team_scope(demo, team["id"]).assets)
    data = asset_inventory(demo, team_id=team["id"], now=NOW)
    text = flat(data)
    assert "Asset inventory: Network Team" in text
    names = {a["id"]: a["name"] for a in demo.records("assets")}
    for asset_id, name in names.items():
        assert (f" {name} " in text) == (asset_id in scope), name
    meta = read_pdf(data).metadata
    assert meta is not None and f"{len(scope)} assets" in meta.subject


def test_a_sites_inventory_holds_that_site_only(demo: Vault) -> None:
    sites = demo.records("sites")
    site = next(s for s in sites if s["name"] == "Leeds head office")
    text = flat(asset_inventory(demo, site_id=site["id"], now=NOW))
    assert "Asset inventory: Leeds head office" in text
    for other in sites:
        assert (f"{other['name']} {site_line(other)}" in text) == (other is site), other["name"]
    here = demo.records("assets", where={"site_id": site["id"]})
    assert re.search(rf"All sites( \S+)* {len(here)} ", text)
    for asset in demo.records("assets"):
        assert (f" {asset['name']} " in text) == (asset in here), asset["name"]


def test_unknown_team_or_site_is_refused_in_a_sentence(demo: Vault) -> None:
    with pytest.raises(RecordNotFound, match="There is no team with id nope"):
        asset_inventory(demo, team_id="nope")
    with pytest.raises(RecordNotFound, match="There is no site with id nope"):
        assets_story(demo, site_id="nope", width=400)


def test_an_empty_vault_gives_one_helpful_page(empty: Vault) -> None:
    data = asset_inventory(empty, paper="letter", now=NOW)
    pages = page_texts(data)
    assert len(pages) == 1
    assert "No assets yet — add them in the app, under Assets." in pages[0]
    assert "Page 1 of 1" in pages[0]
    assert tuple(float(x) for x in read_pdf(data).pages[0].mediabox[2:]) == pytest.approx(LETTER)


def test_a_team_with_no_assets_is_told_so(handmade: Vault) -> None:
    team = handmade.insert("teams", {"name": "Comms Team", "purpose": "communications"})
    text = flat(asset_inventory(handmade, team_id=team, now=NOW))
    assert "The Comms Team needs no recorded asset" in text


def test_repeated_backups_say_as_above_but_every_page_starts_in_full(empty: Vault) -> None:
    with empty.edit() as edit:
        for number in range(1, 121):
            edit.insert(
                "assets",
                {
                    "name": f"Switch {number}",
                    "kind": "network",
                    "backup_method": "Nightly config export to Git",
                    "backup_frequency": "daily",
                    "backup_location": "netconfig repository",
                },
            )
    data = asset_inventory(empty, now=NOW)
    pages = page_texts(data)
    assert len(pages) >= 3
    for page in pages:
        assert page.count("Nightly config export to Git") == 1
    text = flat(data)
    assert text.count("as above") == 120 - len(pages) + 1  # the introduction says it once
    assert text.index("Switch 2 ") < text.index("Switch 10 ")  # numbers by value
    assert "No site recorded · Network (continued)" in pages[1]
    assert all(page.count("Serial number") == 1 for page in pages)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_pages_are_numbered_on_the_chosen_paper(demo: Vault, whole: bytes, paper: str) -> None:
    data = whole if paper == "a4" else asset_inventory(demo, paper=paper, now=NOW)
    reader = read_pdf(data)
    size = A4 if paper == "a4" else LETTER
    total = len(reader.pages)
    assert total > 1
    for number, page in enumerate(reader.pages, start=1):
        assert tuple(float(x) for x in page.mediabox[2:]) == pytest.approx(size)
        assert f"Page {number} of {total}" in page.extract_text()


def test_the_story_carries_section_and_heading_paragraphs(demo: Vault) -> None:
    story = assets_story(demo, width=frame_width("a4"))
    names = [f.style.name for f in story if isinstance(f, Paragraph)]
    sites = demo.count("sites")
    assert names.count("section") == sites
    assert names.count("heading") >= sites
    assert all(
        f.style is styles()[f.style.name]
        for f in story
        if isinstance(f, Paragraph) and f.style.name in ("section", "heading")
    )


@pytest.mark.parametrize(
    ("text", "font", "lines"),
    [
        ("Running configuration saved nightly by FortiManager and Oxidized into Git", REGULAR, 2),
        ("webshop-prod.cluster.eu-central-1.rds.amazonaws.com", REGULAR, 2),
        ("田中サーバー 田中サーバー 田中サーバー 田中サーバー 田中サーバー", BOLD, 2),
        ("Aarhus depot handheld scanner pool, zone 10", BOLD, 1),
    ],
)
def test_fitted_lines_never_run_over_their_column(text: str, font: str, lines: int) -> None:
    width = 80.0
    fitted = fit(Text(text, font, 7.5, lines), width)
    assert 1 <= len(fitted) <= lines
    for line, line_font, size in fitted:
        assert line_font == font and size >= 7.5 * 0.88
        assert string_width(line, size, font) <= width + 0.01
    joined = "".join(line for line, _, _ in fitted).replace(" ", "")
    if fitted[-1][0].endswith("…"):
        assert text.replace(" ", "").startswith(joined[:-1])
    else:
        assert joined == text.replace(" ", "")


def test_a_line_that_almost_fits_is_set_smaller_not_broken() -> None:
    text = "Glasgow depot distribution switch 12"
    natural = string_width(text, 7.5, BOLD)
    ((line, _, size),) = fit(Text(text, BOLD, 7.5, 2), natural * 0.95)
    assert line == text and size < 7.5
