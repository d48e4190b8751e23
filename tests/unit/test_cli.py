"""The `itscm` command line, reading verbs: stats, search, list, show.

Every test drives `main([...])` as a person or a script would and reads what comes out.
One small plan is built per module and copied for the tests that change it, because each
unlock costs a key derivation; the fixtures and helpers the `test_cli*` modules share are
in `tests/unit/conftest.py`.
"""

from __future__ import annotations

import re
import uuid

import pytest

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import SYSTEM_FIELDS
from tests.unit.conftest import Plan, Run, as_json, assert_one_clear_error

pytestmark = pytest.mark.usefixtures("scripted")


# --- stats and search ----------------------------------------------------------------


def test_stats_counts_every_table(itscm: Run, plan: Plan) -> None:
    result = itscm("stats", plan.path)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["Records", "Count"]
    assert set(lines[1]) <= {"-", " "}
    assert re.search(r"^Contacts\s+2$", result.out, re.MULTILINE)
    assert re.search(r"^Total\s+9$", result.out, re.MULTILINE)


def test_stats_json_shape(itscm: Run, plan: Plan) -> None:
    result = itscm("stats", plan.path, "--json")
    data = as_json(result.out)
    assert isinstance(data, dict)
    assert set(data) == {"counts", "total"}
    assert set(data["counts"]) == set(REGISTRY.tables)
    assert data["counts"]["contacts"] == 2
    assert data["counts"]["services"] == 2
    assert data["total"] == sum(data["counts"].values())


def test_search_shows_label_title_snippet_and_id(itscm: Run, plan: Plan) -> None:
    result = itscm("search", plan.path, "network", "lead")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].split() == ["What", "Title", "Match", "ID"]
    row = next(line for line in result.out.splitlines() if plan.ids["ana"] in line)
    assert row.startswith("Contact")
    assert "Ana Souza" in row
    assert "[Network]" in row


def test_search_json_shape(itscm: Run, plan: Plan) -> None:
    data = as_json(itscm("search", plan.path, "payroll", "--json").out)
    assert isinstance(data, dict)
    assert data["query"] == "payroll"
    assert data["hits"], "Payroll is in the plan"
    first = data["hits"][0]
    assert set(first) == {"id", "label", "rank", "snippet", "table", "title"}
    assert first == first | {"id": plan.ids["payroll"], "table": "services", "label": "Service"}


def test_search_with_no_hits(itscm: Run, plan: Plan) -> None:
    result = itscm("search", plan.path, "zeppelin")
    assert result.code == 0
    assert result.out == "Nothing found for “zeppelin”.\n"
    assert as_json(itscm("search", plan.path, "zeppelin", "--json").out) == {
        "hits": [],
        "query": "zeppelin",
    }


# --- list ----------------------------------------------------------------------------


def test_list_is_an_aligned_table_with_readable_values(itscm: Run, plan: Plan) -> None:
    result = itscm("list", plan.path, "services")
    assert result.code == 0, result.err
    header, rule, *rows, footer = result.out.splitlines()
    assert header.split()[:2] == ["Name", "Service"]
    assert len(rule) == len(max((header, *rows), key=len))
    payroll = next(row for row in rows if row.startswith("Payroll"))
    assert "Ana Souza" in payroll  # the owner by name, not by id
    assert "4 h" in payroll and "1 d" in payroll  # durations, not minutes
    assert payroll.endswith(plan.ids["payroll"])
    assert header.index("ID") == payroll.index(plan.ids["payroll"])
    assert footer == "2 records"


def test_list_formats_phone_numbers(itscm: Run, plan: Plan) -> None:
    result = itscm("list", plan.path, "contacts")
    assert "+351 912 345 678" in result.out
    assert "+351912345678" not in result.out


def test_list_json_holds_raw_values_and_every_field(itscm: Run, plan: Plan) -> None:
    data = as_json(itscm("list", plan.path, "services", "--json").out)
    assert isinstance(data, dict)
    assert set(data) == {"records", "table", "total"}
    assert data["table"] == "services"
    assert data["total"] == 2
    expected_keys = {*SYSTEM_FIELDS, *REGISTRY["services"].field_names}
    assert all(set(record) == expected_keys for record in data["records"])
    payroll = next(r for r in data["records"] if r["id"] == plan.ids["payroll"])
    assert payroll["rto_minutes"] == 240
    assert payroll["owner_id"] == plan.ids["ana"]
    assert payroll["description"] is None
    risk = as_json(itscm("list", plan.path, "risks", "--json").out)
    assert isinstance(risk, dict)
    assert risk["records"][0]["service_ids"] == [plan.ids["payroll"], plan.ids["email"]]


def test_list_filter_sort_and_limit(itscm: Run, plan: Plan) -> None:
    filtered = itscm("list", plan.path, "contacts", "--filter", "dba")
    assert "Bo Lindqvist" in filtered.out and "Ana Souza" not in filtered.out
    assert filtered.out.splitlines()[-1] == "1 record"

    def names(*options: str) -> list[str]:
        data = as_json(itscm("list", plan.path, "services", "--json", *options).out)
        assert isinstance(data, dict)
        return [r["name"] for r in data["records"]]

    assert names("--sort", "tier") == ["Payroll", "E-mail"]
    assert names("--sort", "tier", "--desc") == ["E-mail", "Payroll"]
    assert names("--sort", "name", "--limit", "1") == ["E-mail"]
    limited = itscm("list", plan.path, "services", "--sort", "name", "--limit", "1")
    assert limited.out.splitlines()[-1] == "1 of 2 records"
    nothing = itscm("list", plan.path, "contacts", "--filter", "zeppelin")
    assert nothing.out == "No records match “zeppelin”.\n"


@pytest.mark.parametrize("name", ["contacts", "contact", "Contact", "CONTACTS"])
def test_tables_are_named_forgivingly(itscm: Run, plan: Plan, name: str) -> None:
    assert "Ana Souza" in itscm("list", plan.path, name).out


@pytest.mark.parametrize("name", ["team_members", "team-member", "Team member", "team members"])
def test_tables_with_two_words(itscm: Run, plan: Plan, name: str) -> None:
    assert "Deputy" in itscm("list", plan.path, name).out


def test_unknown_table_lists_the_tables(itscm: Run, plan: Plan) -> None:
    result = itscm("list", plan.path, "people")
    assert result.code == 5
    assert_one_clear_error(result.err, "There is no table “people”.", "contacts, teams")
    assert result.out == ""


def test_unknown_sort_field(itscm: Run, plan: Plan) -> None:
    result = itscm("list", plan.path, "services", "--sort", "priority")
    assert result.code == 5
    assert_one_clear_error(result.err, "“priority”", "rto_minutes")


def test_a_limit_must_be_positive(itscm: Run, plan: Plan) -> None:
    result = itscm("list", plan.path, "services", "--limit", "0")
    assert result.code == 2
    assert "must be 1 or more" in result.err


# --- show ----------------------------------------------------------------------------


def test_show_a_record_and_what_refers_to_it(itscm: Run, plan: Plan) -> None:
    result = itscm("show", plan.path, "contact", plan.ids["ana"])
    assert result.code == 0, result.err
    assert result.out.startswith("Contact “Ana Souza”\n")
    assert re.search(r"Mobile \(mobile_phone\)\s+\+351 912 345 678", result.out)
    assert re.search(rf"Site \(site_id\)\s+Head office \({plan.ids['site']}\)", result.out)
    assert "Referred to by 2 records:" in result.out
    assert re.search(rf"Team\s+Network team\s+Leader\s+{plan.ids['team']}", result.out)
    assert re.search(rf"Service\s+Payroll\s+Service owner\s+{plan.ids['payroll']}", result.out)


def test_show_lists_referenced_records_one_per_line(itscm: Run, plan: Plan) -> None:
    result = itscm("show", plan.path, "risks", plan.ids["risk"])
    assert f"Payroll ({plan.ids['payroll']})\n" in result.out
    assert f"E-mail ({plan.ids['email']})\n" in result.out
    assert "Nothing refers to it." in result.out


def test_show_names_records_as_people_read_them(itscm: Run, plan: Plan) -> None:
    member = itscm("show", plan.path, "team member", plan.ids["member"])
    assert member.out.startswith("Team member “Bo Lindqvist”\n")
    bo = itscm("show", plan.path, "contacts", plan.ids["bo"])
    assert re.search(rf"Team member\s+Bo Lindqvist\s+Person\s+{plan.ids['member']}", bo.out)


def test_show_json_shape(itscm: Run, plan: Plan) -> None:
    data = as_json(itscm("show", plan.path, "contacts", plan.ids["ana"], "--json").out)
    assert isinstance(data, dict)
    assert set(data) == {"record", "referrers", "table"}
    assert data["table"] == "contacts"
    assert data["record"]["mobile_phone"] == "+351912345678"
    assert set(data["record"]) == {*SYSTEM_FIELDS, *REGISTRY["contacts"].field_names}
    assert sorted(data["referrers"], key=lambda r: r["table"]) == [
        {"field": "owner_id", "id": plan.ids["payroll"], "table": "services", "title": "Payroll"},
        {"field": "leader_id", "id": plan.ids["team"], "table": "teams", "title": "Network team"},
    ]


def test_show_the_plan_needs_no_id(itscm: Run, plan: Plan) -> None:
    result = itscm("show", plan.path, "plan")
    assert result.code == 0, result.err
    assert "Ørsted Łódź Ltd" in result.out


def test_show_needs_an_id_for_other_tables(itscm: Run, plan: Plan) -> None:
    result = itscm("show", plan.path, "contacts")
    assert result.code == 2
    assert_one_clear_error(result.err, "Give the id of the contact")


def test_show_an_unknown_id(itscm: Run, plan: Plan) -> None:
    missing = str(uuid.uuid4())
    result = itscm("show", plan.path, "contacts", missing)
    assert result.code == 5
    assert_one_clear_error(result.err, f"There is no contact with id {missing}.")
