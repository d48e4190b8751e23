"""The `itscm` command line, writing verbs: add, set, delete. A refused change must leave
the vault exactly as it was."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.conftest import Plan, Run, assert_one_clear_error

pytestmark = pytest.mark.usefixtures("scripted")


def audit_length(path: Path) -> int:
    with Vault.open(path, PASSPHRASE) as opened:
        return len(opened.audit_trail(limit=100_000))


def snapshot(path: Path) -> tuple[dict[str, int], int, list[dict[str, object]]]:
    """Counts, audit length and every contact/service: what a failed save must not touch."""
    with Vault.open(path, PASSPHRASE) as opened:
        records = opened.records("contacts") + opened.records("services")
        return opened.stats(), len(opened.audit_trail(limit=100_000)), records


# --- add -----------------------------------------------------------------------------


def test_add_prints_only_the_new_id(itscm: Run, vault: Path) -> None:
    result = itscm(
        "add", vault, "contact", "full_name=Chidi Okafor", "mobile_phone=07400 123456", "notes="
    )
    assert result.code == 0, result.err
    new_id = result.out.removesuffix("\n")
    assert result.out == new_id + "\n"
    assert str(uuid.UUID(new_id)) == new_id
    with Vault.open(vault, PASSPHRASE) as opened:
        record = opened.get("contacts", new_id)
    assert record["full_name"] == "Chidi Okafor"
    assert record["mobile_phone"] == "+447400123456"
    assert record["notes"] is None


def test_add_takes_lists_of_ids_comma_separated(itscm: Run, vault: Path, plan: Plan) -> None:
    services = f"{plan.ids['payroll']},{plan.ids['email']}"
    result = itscm(
        "add",
        vault,
        "risks",
        "title=Ransomware",
        "likelihood=3",
        "impact=5",
        f"service_ids={services}",
    )
    assert result.code == 0, result.err
    with Vault.open(vault, PASSPHRASE) as opened:
        risk = opened.get("risks", result.out.strip())
    assert risk["service_ids"] == [plan.ids["payroll"], plan.ids["email"]]


def test_add_an_invalid_value_names_the_field_and_saves_nothing(itscm: Run, vault: Path) -> None:
    before = snapshot(vault)
    result = itscm("add", vault, "contacts", "full_name=Dee", "mobile_phone=12")
    assert result.code == 5
    assert_one_clear_error(result.err, "mobile_phone (Mobile)", "Nothing was saved.")
    assert result.out == ""
    assert snapshot(vault) == before


def test_add_reports_every_problem(itscm: Run, vault: Path) -> None:
    result = itscm("add", vault, "services", "tier=9", "rto_minutes=soon")
    assert result.code == 5
    lines = result.err.splitlines()
    assert all(line.startswith("itscm: ") for line in lines)
    assert any(line.startswith("itscm: tier (Tier) must be at most 4") for line in lines)
    assert any("rto_minutes (RTO)" in line for line in lines)
    assert any("name (Name) is required." in line for line in lines)


def test_add_a_missing_reference(itscm: Run, vault: Path) -> None:
    before = snapshot(vault)
    result = itscm("add", vault, "services", "name=Billing", f"owner_id={uuid.uuid4()}")
    assert result.code == 5
    assert_one_clear_error(result.err, "owner_id (Service owner)")
    assert snapshot(vault) == before


def test_add_an_unknown_field_lists_the_fields(itscm: Run, vault: Path) -> None:
    result = itscm("add", vault, "contacts", "full_name=Dee", "mobile=07400 123456")
    assert result.code == 5
    assert_one_clear_error(result.err, "Contact has no field “mobile”.", "mobile_phone")


@pytest.mark.parametrize("field", ["id", "created_at", "size_bytes"])
def test_add_refuses_fields_the_program_sets(itscm: Run, vault: Path, field: str) -> None:
    result = itscm("add", vault, "documents", "name=Floor plan", f"{field}=1")
    assert result.code == 5
    assert_one_clear_error(result.err, f"“{field}” is set by the program")


def test_add_a_second_plan_is_refused(itscm: Run, vault: Path) -> None:
    result = itscm("add", vault, "plan", "organisation=Other", "title=Other")
    assert result.code == 5
    assert_one_clear_error(result.err, "There is already a plan")


def test_add_without_values_shows_the_fields(itscm: Run, vault: Path) -> None:
    result = itscm("add", vault, "services")
    assert result.code == 2
    assert_one_clear_error(result.err, "name (required)", "rto_minutes")


def test_add_with_a_word_that_is_not_an_assignment(itscm: Run, vault: Path) -> None:
    result = itscm("add", vault, "contacts", "Ana")
    assert result.code == 2
    assert_one_clear_error(result.err, "“Ana” is not field=value")


# --- set -----------------------------------------------------------------------------


def test_set_changes_and_clears_fields(itscm: Run, vault: Path, plan: Plan) -> None:
    result = itscm("set", vault, "service", plan.ids["payroll"], "rpo_minutes=15 min", "tier=")
    assert result.code == 0, result.err
    assert result.out == "Saved Service “Payroll”: changed RPO, Tier.\n"
    with Vault.open(vault, PASSPHRASE) as opened:
        payroll = opened.get("services", plan.ids["payroll"])
    assert payroll["rpo_minutes"] == 15
    assert payroll["tier"] is None


def test_set_the_same_value_changes_nothing(itscm: Run, vault: Path, plan: Plan) -> None:
    before = audit_length(vault)
    result = itscm("set", vault, "services", plan.ids["payroll"], "name=Payroll")
    assert result.code == 0
    assert "nothing changed" in result.out
    assert audit_length(vault) == before


def test_set_an_invalid_value_saves_nothing(itscm: Run, vault: Path, plan: Plan) -> None:
    before = snapshot(vault)
    result = itscm("set", vault, "services", plan.ids["payroll"], "name=Pay", "rto_minutes=2d")
    assert result.code == 5
    assert_one_clear_error(result.err, "rto_minutes (RTO)", "longer than the MTD")
    assert snapshot(vault) == before


def test_set_the_plan_needs_no_id(itscm: Run, vault: Path) -> None:
    result = itscm("set", vault, "plan", "version=2.1", "crisis_line=+44 20 7946 0999")
    assert result.code == 0, result.err
    with Vault.open(vault, PASSPHRASE) as opened:
        settings = opened.plan()
    assert settings["version"] == "2.1"
    assert settings["crisis_line"] == "+442079460999"


def test_set_needs_an_id_for_other_tables(itscm: Run, vault: Path) -> None:
    result = itscm("set", vault, "contacts", "full_name=Ana")
    assert result.code == 2
    assert_one_clear_error(result.err, "Give the id of the contact to change")


def test_set_an_unknown_record(itscm: Run, vault: Path) -> None:
    result = itscm("set", vault, "contacts", str(uuid.uuid4()), "full_name=Ana")
    assert result.code == 5
    assert_one_clear_error(result.err, "There is no contact with id")


# --- delete --------------------------------------------------------------------------


def test_delete_a_record_in_use_is_refused(itscm: Run, vault: Path, plan: Plan) -> None:
    before = snapshot(vault)
    result = itscm("delete", vault, "contacts", plan.ids["ana"])
    assert result.code == 5
    assert_one_clear_error(result.err, "still used by", "--clear-references")
    assert snapshot(vault) == before


def test_delete_clearing_references(itscm: Run, vault: Path, plan: Plan) -> None:
    result = itscm("delete", vault, "contacts", plan.ids["ana"], "--clear-references")
    assert result.code == 0, result.err
    assert result.out == "Deleted contact “Ana Souza”.\n"
    with Vault.open(vault, PASSPHRASE) as opened:
        assert opened.find("contacts", plan.ids["ana"]) is None
        assert opened.get("services", plan.ids["payroll"])["owner_id"] is None
        assert opened.get("teams", plan.ids["team"])["leader_id"] is None


def test_delete_takes_the_records_that_belong_to_it(itscm: Run, vault: Path, plan: Plan) -> None:
    result = itscm("delete", vault, "teams", plan.ids["team"])
    assert result.code == 0, result.err
    assert result.out == (
        "Deleted team “Network team”. Also deleted 1 record that belonged to it.\n"
    )
    with Vault.open(vault, PASSPHRASE) as opened:
        assert opened.find("team_members", plan.ids["member"]) is None
        assert opened.find("contacts", plan.ids["bo"]) is not None


def test_delete_an_unknown_record(itscm: Run, vault: Path) -> None:
    result = itscm("delete", vault, "contacts", "not-an-id")
    assert result.code == 5
    assert_one_clear_error(result.err, "There is no contact with id not-an-id.")
