"""The business impact summary, read back as a continuity manager reads it: the services in
recovery priority order, then per service its objectives and every rating and cost as
assessed, beside a chart; narrowed to some plans or services; helpful when empty."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import KeepTogether, Paragraph

from itscm_desktop.domain.bia import recovery_priority
from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import BIA_CATEGORIES
from itscm_desktop.reports.bia_summary import bia_story, bia_summary
from itscm_desktop.reports.layout import frame_width
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.vault import Vault
from tests.unit.reports.conftest import NOW, page_texts, read_pdf, used_forms
from tests.unit.vault.conftest import tried

#: The words of each rating, as the BIA form shows them.
RATINGS = {0: "None", 1: "Minimal", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
WMS_PLAN = "WMS recovery — Łódź and Rotterdam"


def words(text: str) -> str:
    """`text` with every line break and run of spaces as one space: a long name wraps."""
    return " " + " ".join(text.split()) + " "


def text_of(data: bytes) -> str:
    return words("\n".join(page_texts(data)))


def named(vault: Vault, table: str, name: str) -> dict[str, Any]:
    found = [r for r in vault.records(table) if r["name"] == name]
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def whole(demo: Vault) -> bytes:
    return bia_summary(demo, now=NOW)


@pytest.fixture(scope="module")
def whole_text(whole: bytes) -> str:
    return text_of(whole)


def test_the_priority_table_lists_every_service_in_recovery_order(
    demo: Vault, whole_text: str
) -> None:
    text = whole_text
    table = text[text.index(" Recovery priority ") : text.index(" Impact by service ")]
    services = recovery_priority(demo.records("services"))
    assert len(services) == demo.count("services") > 10
    position = 0
    for number, service in enumerate(services, start=1):
        rto = format_minutes(service["rto_minutes"])
        row = f" {number} {service['name']} {service['tier']} {rto} "
        found = table.find(row, position)
        assert found >= position, f"{number} {service['name']}"
        position = found
    # The tiers never go down the list (tier 1 first).
    assert [s["tier"] for s in services] == sorted(s["tier"] for s in services)


def test_each_service_block_follows_the_priority_order(demo: Vault, whole_text: str) -> None:
    text = whole_text
    blocks = text[text.index(" Impact by service ") :]
    starts = []
    for number, service in enumerate(recovery_priority(demo.records("services")), start=1):
        start = blocks.find(f" {service['name']} Priority {number} · Tier {service['tier']} ")
        assert start >= 0, service["name"]
        starts.append(start)
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    "name",
    ["Network core and WAN", "Warehouse management (Tessera WMS)", "Payroll (UK and Poland)"],
)
def test_every_rating_and_cost_of_a_service_is_printed(
    demo: Vault, whole_text: str, name: str
) -> None:
    service = named(demo, "services", name)
    impacts = demo.records("bia_impacts", where={"service_id": service["id"]})
    assert impacts
    text = whole_text
    block = text[text.index(f" {name} Priority ") :]
    block = block[: block.index(" After an outage of ") + 2000]
    windows = sorted({i["window_minutes"] for i in impacts})
    header = " After an outage of " + " ".join(format_minutes(w) for w in windows) + " "
    assert header in block
    for key, label in BIA_CATEGORIES:
        rows = {i["window_minutes"]: i for i in impacts if i["category"] == key}
        if not rows:
            assert f" {label} " not in block.split(header)[1].split(" Priority ")[0]
            continue
        cells = [
            f"{rows[w]['rating']} {RATINGS[rows[w]['rating']]}" if w in rows else "—"
            for w in windows
        ]
        assert f" {label} {' '.join(cells)} " in block, label
        costs = [rows[w]["cost"] for w in windows if w in rows]
        if any(c is not None for c in costs):
            amounts = " ".join(f"{c:,.0f}" for c in costs)
            assert f" {label} cost, GBP {amounts} " in block, label
    rto, mtd = format_minutes(service["rto_minutes"]), format_minutes(service["mtd_minutes"])
    chart = block.split(header)[0]
    assert f"RTO {rto}" in chart and f"MTD {mtd}" in chart and " 5 Severe " in chart


def test_categories_keep_their_fill_and_hatching_is_one_form(demo: Vault, whole: bytes) -> None:
    # Legal / regulatory bars are hatched: drawn through one PDF form, not line by line.
    pages = used_forms(whole)
    hatched = [i for i, page in enumerate(page_texts(whole)) if "Legal / regulatory" in page]
    assert len(hatched) < len(pages)
    assert hatched
    for index in hatched:
        assert "BiaHatch" in pages[index]


def test_narrowed_to_a_plan_or_to_services(demo: Vault) -> None:
    plan = named(demo, "recovery_plans", WMS_PLAN)
    text = text_of(bia_summary(demo, plan_ids=[plan["id"]], now=NOW))
    wms = demo.get("services", plan["service_ids"][0])
    assert f" 1 {wms['name']} 1 4 h 15 min 8 h " in text
    assert [s["name"] for s in demo.records("services") if f" {s['name']} " in text] == [
        wms["name"]
    ]
    erp = named(demo, "recovery_plans", "ERP failover to the Manchester recovery suite")
    services = demo.records("services")
    some = [s["id"] for s in services if s["name"].startswith(("Payroll", "Identity"))]
    text = text_of(bia_summary(demo, service_ids=some, now=NOW))
    assert text.index(" 1 Identity and single sign-on ") < text.index(" 2 Payroll (UK and Poland) ")
    # Both filters: the services in both (ERP's plan covers neither of these).
    text = text_of(bia_summary(demo, plan_ids=[erp["id"]], service_ids=some, now=NOW))
    assert "No services in this selection" in text
    assert "No services in this selection" in text_of(bia_summary(demo, plan_ids=(), now=NOW))


def test_unknown_plan_or_service_is_refused_in_a_sentence(demo: Vault) -> None:
    with pytest.raises(RecordNotFound, match="There is no recovery plan with id nope"):
        bia_summary(demo, plan_ids=["nope"], now=NOW)
    with pytest.raises(RecordNotFound, match="There is no service with id nope"):
        bia_story(demo, service_ids=["nope"], width=frame_width("a4"))


def test_a_service_without_impacts_and_objectives_that_contradict(demo: Vault) -> None:
    with tried(demo) as edit:
        new = edit.insert("services", {"name": "Ζωή's new service", "tier": 1})
        late = edit.insert("services", {"name": "田中's service", "tier": 2, "mtd_minutes": 10080})
        values = {"service_id": late, "category": "operational", "window_minutes": 240}
        edit.insert("bia_impacts", {**values, "rating": 5})
        data = bia_summary(demo, service_ids=[new, late], now=NOW, paper="letter")
    text = text_of(data)
    assert " Ζωή's new service Priority 1 · Tier 1 · RTO — · RPO — · MTD — " in text
    assert "No impact assessed yet — add it in the app, under Business impact." in text
    assert text.count("No impact assessed yet") == 1
    assert " 田中's service Priority 2 · Tier 2 · RTO — · RPO — · MTD 1 w " in text
    assert "⚠ MTD (1 w) is later than the point where impacts become intolerable (4 h" in text
    assert " Operational 5 Severe " in text
    for page in read_pdf(data).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(LETTER)


def test_an_empty_vault_reads_helpfully(empty: Vault) -> None:
    data = bia_summary(empty, now=NOW)
    assert len(read_pdf(data).pages) == 1
    assert "No services yet — add them in the app, under Services." in text_of(data)


def test_the_story_has_section_headings_and_a_heading_per_service(demo: Vault) -> None:
    story = bia_story(demo, width=frame_width("a4"))
    sections = [f for f in story if isinstance(f, Paragraph) and f.style.name == "section"]
    assert [f.getPlainText() for f in sections] == ["Recovery priority", "Impact by service"]
    headings = [
        f.getPlainText()
        for block in story
        if isinstance(block, KeepTogether)
        for f in block._content
        if isinstance(f, Paragraph) and f.style.name == "heading"
    ]
    assert headings == [s["name"] for s in recovery_priority(demo.records("services"))]
