"""`itscm readiness` and `itscm call`, driven as a script would drive them.

The demo organisation answers the readiness questions (judged on its reference date);
the small shared plan of `tests/unit/conftest.py` has a team member without any number.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from itscm_desktop.demo import REFERENCE_DATE, create_demo_vault
from itscm_desktop.domain.readiness import RULES
from itscm_desktop.vault.readiness import check_readiness
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.conftest import Plan, Run, as_json, assert_one_clear_error

pytestmark = pytest.mark.usefixtures("scripted")

ON = REFERENCE_DATE.isoformat()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.itscm"
    create_demo_vault(path, PASSPHRASE)
    return path


# --- readiness -----------------------------------------------------------------------------


def test_readiness_counts_each_rule(itscm: Run, demo: Path) -> None:
    result = itscm("readiness", demo, "--on", ON)
    assert result.code == 0, result.err
    header, rule, *rows = result.out.splitlines()
    assert header.split() == ["Count", "Is", "the", "plan", "ready?"]
    assert set(rule) <= {"-", " "}
    assert len(rows) == len(RULES)
    assert [row.split(None, 1)[1] for row in rows] == [r.title for r in RULES]
    assert re.fullmatch(r"\s*1  Tier 1 services whose runbook exceeds the RTO", rows[1])
    assert re.fullmatch(r"\s*0  Edits that conflict between laptops", rows[-1])


def test_readiness_lists_what_each_rule_found(itscm: Run, demo: Path) -> None:
    out = itscm("readiness", demo, "--on", ON, "--list").out
    assert "Tier 1 services whose runbook exceeds the RTO (1):\n" in out
    assert (
        "  - Warehouse management (Tessera WMS) — Runbook 6 h 50 min, RTO 4 h "
        "(WMS recovery — Łódź and Rotterdam)\n"
    ) in out
    assert "  - Information Security Incident Response\n" in out
    assert "Edits that conflict between laptops (" not in out  # nothing found, no section


def test_readiness_json_matches_the_dashboard(itscm: Run, demo: Path) -> None:
    data = as_json(itscm("readiness", demo, "--on", ON, "--json").out)
    assert isinstance(data, dict)
    assert set(data) == {"findings", "on"} and data["on"] == ON
    with Vault.open(demo, PASSPHRASE) as vault:
        findings = check_readiness(vault, REFERENCE_DATE)
    assert [f["key"] for f in data["findings"]] == [r.key for r in RULES]
    for shown, finding in zip(data["findings"], findings, strict=True):
        assert set(shown) == {"count", "ids", "key", "notes", "table", "title"}
        assert shown["ids"] == list(finding.record_ids)
        assert shown["count"] == finding.count
        assert shown["table"] == finding.table
        assert set(shown["notes"]) <= set(shown["ids"])
    contacts = data["findings"][2]
    assert contacts["count"] == 7
    assert all(note.startswith("Last verified") for note in contacts["notes"].values())


def test_readiness_judges_today_unless_told(itscm: Run, demo: Path) -> None:
    data = as_json(itscm("readiness", demo, "--json").out)
    assert isinstance(data, dict)
    assert data["on"] == date.today().isoformat()
    later = as_json(itscm("readiness", demo, "--on", "2030-01-01", "--json").out)
    assert isinstance(later, dict)
    assert later["findings"][8]["count"] == 1  # the plan review is overdue by then


def test_readiness_refuses_a_date_it_cannot_read(itscm: Run, demo: Path) -> None:
    result = itscm("readiness", demo, "--on", "next tuesday")
    assert result.code == 2
    assert "“next tuesday” is not a date like 2026-11-01" in result.err


# --- call ----------------------------------------------------------------------------------


def test_call_lists_people_in_calling_order_with_numbers(itscm: Run, demo: Path) -> None:
    result = itscm("call", demo, "Network", "Team", "--limit", "1")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Network Team (team) — Network · Meet: ")
    assert lines[1] == "  1. Jürgen Müller [primary] — Team leader · Network lead"
    assert lines[2] == "       mobile  +49 1512 3452455"
    people = [line for line in lines if re.match(r"  \d\. ", line)]
    assert [p.split(". ", 1)[1].split(" [")[0] for p in people] == [
        "Jürgen Müller",
        "Pádraig Ó Súilleabháin",
        "Paweł Szymański",
        "Łukasz Wróbel",
        "Sam Patel",
    ]
    assert "  4. Łukasz Wróbel [alternate] — On-site hands, Łódź" in lines


def test_call_says_when_someone_has_no_number(itscm: Run, plan: Plan) -> None:
    result = itscm("call", plan.path, "network team", "--limit", "1")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "Network team (team) — IT recovery",
        "  1. Ana Souza — Team leader",
        "       mobile  +351 912 345 678",
        "  2. Bo Lindqvist [primary] — Deputy",
        "       NO PHONE NUMBER",
    ]


def test_call_indents_a_call_tree(itscm: Run, demo: Path) -> None:
    out = itscm("call", demo, "ransomware", "--limit", "1").out
    assert "  1. Oluwaseun Adeyemi — Head of Information Security · Starts the tree\n" in out
    assert "     2. Amira Hussain — SOC Manager · Called by Oluwaseun Adeyemi\n" in out
    assert "          After 15 min with no answer, call the next person\n" in out
    assert "        6. Margaret Holroyd — Chief Operating Officer · Called by Rajesh Iyer\n" in out


def test_call_json_shape(itscm: Run, demo: Path) -> None:
    data = as_json(itscm("call", demo, "tessera", "--json").out)
    assert isinstance(data, dict)
    assert set(data) == {"groups", "query"} and data["query"] == "tessera"
    group = data["groups"][0]
    assert set(group) == {"callees", "detail", "heading", "id", "label", "table"}
    assert (group["heading"], group["table"], group["label"]) == (
        "Tessera Warehouse Software SAS",
        "suppliers",
        "Supplier",
    )
    line = group["callees"][0]
    assert set(line) == {
        "depth", "emails", "id", "membership", "name", "note", "numbers", "order", "role",
        "table",
    }  # fmt: skip
    assert line["numbers"] == [
        {"display": "+33 1 99 00 41 20", "e164": "+33199004120", "kind": "support"}
    ]
    assert (line["order"], line["membership"], line["table"]) == (1, None, "suppliers")
    assert [c["order"] for c in group["callees"]] == list(range(1, len(group["callees"]) + 1))


def test_call_with_nobody_found(itscm: Run, plan: Plan) -> None:
    result = itscm("call", plan.path, "zeppelin")
    assert (result.code, result.out) == (0, "Nobody found for “zeppelin”.\n")
    assert as_json(itscm("call", plan.path, "zeppelin", "--json").out) == {
        "groups": [],
        "query": "zeppelin",
    }


def test_call_needs_something_to_look_for(itscm: Run, plan: Plan) -> None:
    result = itscm("call", plan.path, "...")
    assert result.code == 2
    assert_one_clear_error(result.err, "Type a name to look for")


def test_both_verbs_are_listed_in_the_help(itscm: Run) -> None:
    out = itscm("--help").out
    assert re.search(r"^\s+readiness\s+Is the plan ready\?", out, re.MULTILINE)
    assert re.search(r"^\s+call\s+Who do I call\?", out, re.MULTILINE)
