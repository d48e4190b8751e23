"""Exports and their round trips, on the demo organisation: CSV and vCard import back to
the same records, JSON holds every table, iCalendar parses with stable UIDs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from itscm_desktop.demo.generator import create_demo_vault
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.readiness import add_months
from itscm_desktop.domain.registry import Kind
from itscm_desktop.interchange.columns import IMPORTABLE_TABLES
from itscm_desktop.interchange.csv_write import exported_fields
from itscm_desktop.interchange.exporting import check_export, export_bytes
from itscm_desktop.interchange.ical_export import PRODID, uid_for
from itscm_desktop.interchange.importing import apply_import, plan_import
from itscm_desktop.interchange.problems import ExportRefused
from itscm_desktop.interchange.reading import parse_import
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

#: Loading order: a table after those its references point into.
LOAD_ORDER = ("sites", "suppliers", "contacts", "services", "assets")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("demo") / "demo.itscm"
    create_demo_vault(path, PASSPHRASE)
    with Vault.open(path, PASSPHRASE) as vault:
        yield vault


@pytest.fixture
def empty(tmp_path: Path, demo: Vault) -> Iterator[Vault]:
    region = str(demo.plan()["phone_region"])
    with Vault.create(
        tmp_path / "empty.itscm", PASSPHRASE, organisation="Fresh", phone_region=region
    ) as vault:
        yield vault


def comparable(vault: Vault, table: str) -> dict[str, dict[str, Any]]:
    """Records by name, every exported field, references by the name they point at."""
    entity = REGISTRY[table]
    result = {}
    for record in vault.records(table):
        values = {}
        for field in exported_fields(table):
            value = record.get(field.name)
            if field.kind is Kind.REF and value is not None:
                target = next(t for t in field.ref if vault.find(t, value) is not None)
                value = vault.title(target, vault.get(target, value))
            values[field.name] = value
        result[str(record[entity.title_field])] = values
    return result


@pytest.mark.parametrize("table", IMPORTABLE_TABLES)
def test_csv_export_reimports_as_already_up_to_date(demo: Vault, table: str) -> None:
    plan = plan_import(demo, parse_import(export_bytes(demo, table, "csv"), table))
    assert plan.rejected == ()
    assert (plan.new, plan.updates) == ((), ())
    assert len(plan.unchanged) == demo.count(table)


def test_csv_exports_load_a_fresh_vault_with_the_same_records(demo: Vault, empty: Vault) -> None:
    for table in LOAD_ORDER:
        data = export_bytes(demo, table, "csv")
        assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
        result = apply_import(empty, plan_import(empty, parse_import(data, table)))
        assert len(result.created) == demo.count(table), table
    for table in LOAD_ORDER:
        assert comparable(empty, table) == comparable(demo, table), table


def test_csv_uses_labels_choice_labels_durations_and_readable_numbers(demo: Vault) -> None:
    text = export_bytes(demo, "services", "csv").decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("Name,Description,Service owner,Tier,RTO,RPO,MTD")
    assets = export_bytes(demo, "assets", "csv").decode("utf-8-sig")
    assert ",Hardware," in assets or ",Software," in assets
    assert " h" in text or " min" in text or " d" in text
    contacts = export_bytes(demo, "contacts", "csv").decode("utf-8-sig")
    assert ",'+44 " in contacts  # international, with spaces, marked as text


def test_cells_a_spreadsheet_would_run_as_formulas_are_marked_and_read_back(
    demo: Vault,
) -> None:
    formula = '=HYPERLINK("http://x.example","Click")'
    values = {"name": formula, "kind": "office", "notes": "-- keep", "address": "@home"}
    site = demo.insert("sites", values)
    try:
        text = export_bytes(demo, "sites", "csv").decode("utf-8-sig")
        assert '"\'=HYPERLINK(""http://x.example"",""Click"")"' in text
        assert ",'@home," in text and ",'-- keep" in text
        plan = plan_import(demo, parse_import(export_bytes(demo, "sites", "csv"), "sites"))
        assert plan.rejected == () and plan.new == () and plan.updates == ()
    finally:
        demo.delete("sites", site)


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_round_trip(demo: Vault, empty: Vault, version: str) -> None:
    data = export_bytes(demo, "contacts", "vcard", vcard_version=version)
    assert data.count(b"BEGIN:VCARD") == demo.count("contacts")
    assert f"VERSION:{version}".encode() in data
    again = plan_import(demo, parse_import(data, "contacts"))
    assert again.rejected == () and again.new == () and again.updates == ()
    apply_import(empty, plan_import(empty, parse_import(data, "contacts")))
    carried = ("job_title", "organisation", "department", "mobile_phone", "work_phone",
               "home_phone", "work_email", "personal_email", "notes")  # fmt: skip
    theirs = {c["full_name"]: [c[f] for f in carried] for c in demo.records("contacts")}
    ours = {c["full_name"]: [c[f] for f in carried] for c in empty.records("contacts")}
    assert ours == theirs


def test_vcard_types_every_number(demo: Vault) -> None:
    text = export_bytes(demo, "contacts", "vcard", vcard_version="4.0").decode("utf-8")
    tels = [line for line in text.splitlines() if line.startswith("TEL")]
    assert tels and all('TYPE="' in line and "VALUE=uri:tel:+" in line for line in tels)
    v3 = export_bytes(demo, "contacts", "vcard", vcard_version="3.0").decode("utf-8")
    tels3 = [line for line in v3.splitlines() if line.startswith("TEL")]
    assert all(line.split(":")[0] in {"TEL;TYPE=CELL,VOICE", "TEL;TYPE=WORK,VOICE",
               "TEL;TYPE=HOME,VOICE"} for line in tels3)  # fmt: skip


def test_json_holds_every_table_and_every_record(demo: Vault) -> None:
    moment = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)
    document = json.loads(export_bytes(demo, "plan", "json"))
    assert document["format"] == "itscm-plan" and document["format_version"] == 1
    assert document["plan_id"] == demo.plan_id
    assert isinstance(document["schema_version"], int)
    assert list(document["tables"]) == list(REGISTRY.tables)
    assert document["counts"] == demo.stats()
    for entity in REGISTRY:
        rows = document["tables"][entity.table]
        assert len(rows) == demo.count(entity.table)
        for row in rows:
            assert list(row) == ["id", "created_at", "updated_at", *entity.field_names]
    ana = document["tables"]["contacts"][0]
    assert ana == {k: demo.get("contacts", ana["id"]).get(k) for k in ana}
    from itscm_desktop.interchange.json_export import plan_to_json

    assert json.loads(plan_to_json(demo, now=moment))["exported_at"] == "2026-11-25T14:30:00Z"


def test_icalendar_has_exercises_actions_and_the_review(demo: Vault) -> None:
    first = Calendar.from_ical(export_bytes(demo, "plan", "ics"))
    assert str(first["PRODID"]) == PRODID
    events = {str(e["UID"]): e for e in first.walk("VEVENT")}
    for exercise in demo.records("exercises"):
        event = events[uid_for("exercise", exercise["id"])]
        day = exercise["held_on"] or exercise["scheduled_on"]
        assert event.decoded("DTSTART") == date.fromisoformat(day)
        assert exercise["title"] in str(event["SUMMARY"])
    actions = [a for a in demo.records("exercise_actions") if a["due_on"]]
    assert actions
    for action in actions:
        event = events[uid_for("action", action["id"])]
        assert event.decoded("DTSTART") == date.fromisoformat(action["due_on"])
        assert str(event["SUMMARY"]).startswith("Action due: ")
    plan = demo.plan()
    review = events[uid_for("plan-review", demo.plan_id)]
    expected = add_months(date.fromisoformat(plan["last_reviewed_on"]), 12)
    assert plan["review_interval_months"] == 12
    assert review.decoded("DTSTART") == expected == date(2027, 9, 30)
    later = Calendar.from_ical(export_bytes(demo, "plan", "ics"))
    assert sorted(str(e["UID"]) for e in later.walk("VEVENT")) == sorted(events)


def test_add_months_keeps_the_end_of_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 25), 12) == date(2027, 11, 25)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("table", "fmt", "needle"),
    [
        ("teams", "csv", "teams cannot be exported as CSV"),
        ("assets", "vcard", "contacts only"),
        ("contacts", "ics", "whole plan"),
        ("contacts", "json", "whole plan"),
        ("contacts", "xlsx", "not a format"),
    ],
)
def test_what_cannot_be_exported_is_refused_in_one_sentence(
    table: str, fmt: str, needle: str
) -> None:
    with pytest.raises(ExportRefused, match=needle):
        check_export(table, fmt)


def test_the_documented_example_has_the_keys_of_a_real_export(demo: Vault) -> None:
    text = (Path(__file__).resolve().parents[3] / "docs" / "json-export.md").read_text("utf-8")
    example = json.loads(text.split("```json\n", 1)[1].split("```", 1)[0])
    real = json.loads(export_bytes(demo, "plan", "json"))
    assert list(example) == list(real)
    assert example["format_version"] == real["format_version"]
    for table, rows in example["tables"].items():
        assert list(rows[0]) == list(real["tables"][table][0]), table


def test_a_plan_never_reviewed_has_no_review_date(empty: Vault) -> None:
    calendar = Calendar.from_ical(export_bytes(empty, "plan", "ics"))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["PRODID"]) == PRODID
