"""The runbook checklist, read back as a person works through it: every step in order with
its number and a tick box, the RTO bar after exactly the step whose end passes the RTO
(worked out here from the stored steps, not by the code under test), each plan from a new
page, and plain sentences where a plan or the selection has nothing to show."""

from __future__ import annotations

import re
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import PHASES
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.reports.layout import frame_width
from itscm_desktop.reports.runbook import runbook_checklist, runbook_story
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.vault import Vault
from tests.unit.reports.conftest import NOW, page_texts, read_pdf
from tests.unit.vault.conftest import tried

WMS = "WMS recovery — Łódź and Rotterdam"
ERP = "ERP failover to the Manchester recovery suite"
MARKER = "PASSED HERE"


def plan(vault: Vault, name: str) -> dict[str, Any]:
    found = [p for p in vault.records("recovery_plans") if p["name"] == name]
    assert len(found) == 1
    return found[0]


def steps_in_order(vault: Vault, plan_id: str) -> list[dict[str, Any]]:
    phases = [key for key, _ in PHASES]
    rows = vault.records("runbook_steps", where={"recovery_plan_id": plan_id})
    return sorted(rows, key=lambda s: (phases.index(s["phase"]), s["position"], s["id"]))


def rto_of(vault: Vault, plan_id: str) -> int:
    services = [
        vault.get("services", i) for i in plan(vault, plan_name(vault, plan_id))["service_ids"]
    ]
    return min(s["rto_minutes"] for s in services if s["rto_minutes"] is not None)


def plan_name(vault: Vault, plan_id: str) -> str:
    return str(vault.get("recovery_plans", plan_id)["name"])


def words(text: str) -> str:
    """`text` with every line break and run of spaces as one space: a long title wraps."""
    return " " + " ".join(text.split()) + " "


def text_of(data: bytes) -> str:
    return words("\n".join(page_texts(data)))


def tick_boxes(data: bytes) -> int:
    """The 5 mm squares drawn on the pages (the tick boxes; no other square is that size)."""
    count = 0
    for page in read_pdf(data).pages:
        content = page.get_contents()
        assert content is not None
        for operands, operator in content.operations:
            if operator == b"re":
                width, height = (float(v) for v in operands[2:4])
                count += abs(width - 5 * mm) < 0.01 and abs(height - 5 * mm) < 0.01
    return count


@pytest.fixture(scope="module")
def wms(demo: Vault) -> bytes:
    return runbook_checklist(demo, plan_ids=[plan(demo, WMS)["id"]], now=NOW)


def test_every_step_in_phase_then_position_order_with_its_number(demo: Vault, wms: bytes) -> None:
    text = text_of(wms)
    steps = steps_in_order(demo, plan(demo, WMS)["id"])
    assert len(steps) > 10
    starts = []
    for number, step in enumerate(steps, start=1):
        start = text.find(f" {number} {step['title']} ", starts[-1] if starts else 0)
        assert start >= 0, f"step {number} {step['title']} missing or out of order"
        starts.append(start)
    phases = [text.find(f" {label} ") for _, label in PHASES]
    assert phases == sorted(phases) and phases[0] >= 0
    first = {s["phase"]: n for n, s in reversed(list(enumerate(steps)))}
    for (key, _), at in zip(PHASES, phases, strict=True):
        assert at < starts[first[key]], key


def test_the_rto_bar_follows_exactly_the_step_that_passes_the_rto(demo: Vault, wms: bytes) -> None:
    plan_id = plan(demo, WMS)["id"]
    steps = steps_in_order(demo, plan_id)
    rto = rto_of(demo, plan_id)
    elapsed = 0
    passed = None
    for number, step in enumerate(steps, start=1):
        elapsed += step["estimated_minutes"] or 0
        if elapsed > rto:
            passed = number
            break
    assert passed is not None and 1 < passed < len(steps)
    text = text_of(wms)
    assert text.count(MARKER) == 1
    marker = text.find(f"RTO {format_minutes(rto)} {MARKER}")
    assert marker >= 0
    before = text.find(f" {passed} {steps[passed - 1]['title']} ")
    after = text.find(f" {passed + 1} {steps[passed]['title']} ")
    assert 0 <= before < marker < after
    assert f"by the end of step {passed} the outage has lasted {format_minutes(elapsed)}" in text
    total = sum(s["estimated_minutes"] or 0 for s in steps)
    assert (
        f"Total estimated time: {format_minutes(total)} (RTO {format_minutes(rto)}) — "
        f"{format_minutes(total - rto)} longer than the RTO"
    ) in text


def test_a_plan_within_its_rto_has_no_bar(demo: Vault) -> None:
    erp = plan(demo, ERP)
    text = text_of(runbook_checklist(demo, plan_ids=[erp["id"]], now=NOW))
    assert MARKER not in text
    assert "— within the RTO" in text


def test_a_runbook_ending_exactly_at_the_rto_is_within_it(demo: Vault) -> None:
    wms = plan(demo, WMS)
    total = sum(s["estimated_minutes"] or 0 for s in steps_in_order(demo, wms["id"]))
    with tried(demo) as edit:
        for service_id in wms["service_ids"]:
            edit.update("services", service_id, {"rto_minutes": total})
        text = text_of(runbook_checklist(demo, plan_ids=[wms["id"]], now=NOW))
        assert MARKER not in text and "— within the RTO" in text
        for service_id in wms["service_ids"]:
            edit.update("services", service_id, {"rto_minutes": total - 1})
        text = text_of(runbook_checklist(demo, plan_ids=[wms["id"]], now=NOW))
    assert text.count(MARKER) == 1
    last = steps_in_order(demo, wms["id"])[-1]
    assert text.find(last["title"]) < text.find(MARKER) < text.find("Total estimated time")


def test_a_tick_box_for_every_step_and_the_columns_to_write_in(demo: Vault, wms: bytes) -> None:
    steps = steps_in_order(demo, plan(demo, WMS)["id"])
    assert tick_boxes(wms) == len(steps)
    for page in map(words, page_texts(wms)):
        if " Check: " in page:  # every page with steps on it names the columns
            assert " Done # Step Who Takes Elapsed Started Finished Initials " in page
    assert "Completed by" in text_of(wms) and "Signature" in text_of(wms)


def test_the_plan_heading_services_owner_and_activation_criteria(demo: Vault, wms: bytes) -> None:
    record = plan(demo, WMS)
    text = text_of(wms)
    assert text.index(f"Runbook checklist: {WMS} {WMS} ") >= 0
    service = demo.get("services", record["service_ids"][0])
    assert f"{service['name']} — Tier 1 · RTO 4 h · RPO 15 min" in text
    owner = demo.get("contacts", record["owner_id"])
    assert owner["full_name"] in text
    assert "Activate this plan when:" in text
    assert words(record["activation_criteria"]) in text
    assert "Łódź" in text and "田中 太郎" in text  # a step names the Japanese escalation


def test_every_plan_by_name_each_from_a_new_page(demo: Vault) -> None:
    data = runbook_checklist(demo, now=NOW, paper="letter")
    pages = [words(page) for page in page_texts(data)]
    names = [p["name"] for p in demo.records("recovery_plans", order_by="name")]
    firsts = []
    for name in names:
        found = [i for i, page in enumerate(pages) if f" {name} " in page]
        assert found, name
        firsts.append(found[0])
    assert firsts == sorted(firsts) and len(set(firsts)) == len(names)
    for name, index in zip(names, firsts, strict=True):
        # The plan's name is the first thing under the page's header (after the title).
        below = pages[index].split(" UTC CONFIDENTIAL ", 1)[1].removeprefix("Runbook checklist ")
        assert below.startswith(f"{name} "), name
    for page in read_pdf(data).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(LETTER)
    assert tick_boxes(data) == demo.count("runbook_steps")


def test_the_story_has_section_headings_and_page_breaks_for_the_handbook(demo: Vault) -> None:
    story = runbook_story(demo, width=frame_width("a4"))
    sections = [f for f in story if isinstance(f, Paragraph) and f.style.name == "section"]
    assert [f.getPlainText() for f in sections] == [
        p["name"] for p in demo.records("recovery_plans", order_by="name")
    ]
    assert sum(isinstance(f, PageBreak) for f in story) == len(sections) - 1
    assert not isinstance(story[0], PageBreak)


def test_a_plan_without_steps_or_criteria_or_services_says_so(demo: Vault) -> None:
    with tried(demo) as edit:
        empty = edit.insert("recovery_plans", {"name": "Złoty plan (draft)"})
        data = runbook_checklist(demo, plan_ids=[empty], now=NOW)
    text = text_of(data)
    assert "Złoty plan (draft)" in text
    assert "No activation criteria recorded" in text
    assert "No steps yet — add them in the app" in text
    assert "No service yet" in text and "No RTO recorded" in text and "No owner recorded" in text
    assert tick_boxes(data) == 0


def test_unknown_plan_is_refused_in_a_sentence(demo: Vault) -> None:
    with pytest.raises(RecordNotFound, match="There is no recovery plan with id nope"):
        runbook_checklist(demo, plan_ids=[plan(demo, WMS)["id"], "nope"], now=NOW)
    with pytest.raises(RecordNotFound):
        runbook_story(demo, plan_ids=["nope"], width=frame_width("a4"))


def test_no_plan_chosen_and_an_empty_vault_read_helpfully(demo: Vault, empty: Vault) -> None:
    chosen = text_of(runbook_checklist(demo, plan_ids=(), now=NOW))
    assert "No recovery plans in this selection" in chosen
    none = runbook_checklist(empty, now=NOW)
    assert len(read_pdf(none).pages) == 1
    assert "No recovery plans yet — add them in the app, under Recovery plans." in text_of(none)
    assert read_pdf(none).pages[0].mediabox.width == pytest.approx(A4[0])


def test_a_step_longer_than_a_page_runs_on_over_pages_without_losing_a_line(demo: Vault) -> None:
    wms = plan(demo, WMS)
    step = steps_in_order(demo, wms["id"])[3]
    items = [f"{i}. Do thing {i} with care and write down what you saw." for i in range(150)]
    with tried(demo) as edit:
        edit.update("runbook_steps", step["id"], {"instructions": "\n".join(items)})
        data = runbook_checklist(demo, plan_ids=[wms["id"]], now=NOW)
    pages = [words(page) for page in page_texts(data)]
    text = "".join(pages)
    found = [text.find(f" {item} ") for item in items]
    assert min(found) >= 0 and found == sorted(found)
    long_pages = [page for page in pages if " Do thing " in page]
    assert len(long_pages) >= 3
    for page in long_pages:  # each page of it names the columns
        assert " Done # Step Who Takes Elapsed Started Finished Initials " in page
    assert tick_boxes(data) == len(steps_in_order(demo, wms["id"]))


def test_who_names_team_role_person_and_their_best_number(demo: Vault) -> None:
    wms = plan(demo, WMS)
    steps = [s for s in steps_in_order(demo, wms["id"]) if s["contact_id"] and s["team_id"]]
    assert steps
    step = steps[0]
    person = demo.get("contacts", step["contact_id"])
    kind, best = next(
        (k, person[f]) for k, f in (("Mobile", "mobile_phone"), ("Work", "work_phone")) if person[f]
    )
    team = demo.get("teams", step["team_id"])
    who = f" {team['name']} {step['role']} {person['full_name']} {kind} {format_phone(best)} "
    with tried(demo) as edit:
        text = text_of(runbook_checklist(demo, plan_ids=[wms["id"]], now=NOW))
        assert who in text
        # Without any number the person is still named, and nothing breaks.
        edit.update(
            "contacts", person["id"], {"mobile_phone": None, "work_phone": None, "home_phone": None}
        )
        text = text_of(runbook_checklist(demo, plan_ids=[wms["id"]], now=NOW))
    assert f" {team['name']} {step['role']} {person['full_name']} " in text
    assert format_phone(best) not in text


def test_a_phone_number_in_a_step_stays_on_one_line(demo: Vault) -> None:
    number = re.compile(r"\+\d{1,3}(?: \d+)+")
    steps = [s for s in demo.records("runbook_steps") if number.search(s["instructions"] or "")]
    assert len(steps) >= 3
    for paper in ("a4", "letter"):
        plan_ids = sorted({s["recovery_plan_id"] for s in steps})
        lines = "\n".join(page_texts(runbook_checklist(demo, plan_ids=plan_ids, paper=paper)))
        lines = lines.replace("\u00a0", " ")
        for step in steps:
            for found in number.findall(step["instructions"]):
                assert found in lines, (paper, found)
