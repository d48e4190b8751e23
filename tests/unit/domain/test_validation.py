"""What a person types becomes stored values, or a message that names the field."""

from __future__ import annotations

import json

import pytest

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.validation import (
    FieldError,
    ValidationError,
    clean_value,
    prepare,
)

CONTACTS = REGISTRY["contacts"]
SERVICES = REGISTRY["services"]


def test_phone_numbers_are_stored_as_e164_using_the_default_region() -> None:
    cleaned = prepare(
        CONTACTS,
        {
            "full_name": "Jürgen Müller",
            "mobile_phone": "07911 123456",
            "work_phone": "+49 30 123456",
        },
        phone_region="GB",
    )
    assert cleaned["mobile_phone"] == "+447911123456"
    assert cleaned["work_phone"] == "+4930123456"


def test_a_bad_phone_number_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        prepare(CONTACTS, {"full_name": "A", "mobile_phone": "12"}, phone_region="GB")
    assert str(caught.value).startswith("Mobile:")
    assert caught.value.problems[0].field == "mobile_phone"


def test_required_fields_and_several_problems_are_all_reported() -> None:
    with pytest.raises(ValidationError) as caught:
        prepare(CONTACTS, {"work_email": "not-an-address"}, phone_region="GB")
    fields = {p.field for p in caught.value.problems}
    assert fields == {"work_email", "full_name"}
    assert "and 1 more problem" in str(caught.value)


def test_unknown_fields_and_system_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="no field “nickname”"):
        prepare(CONTACTS, {"full_name": "A", "nickname": "x"}, phone_region="GB")
    with pytest.raises(ValidationError, match="set by the program"):
        prepare(CONTACTS, {"full_name": "A", "id": "x"}, phone_region="GB")


def test_rto_longer_than_mtd_is_refused_with_both_durations() -> None:
    with pytest.raises(ValidationError) as caught:
        prepare(
            SERVICES,
            {"name": "ERP", "rto_minutes": "8h", "mtd_minutes": "4h"},
            phone_region="GB",
        )
    message = str(caught.value)
    assert message.startswith("RTO: 8 h is longer than the MTD (4 h)")


def test_an_edit_is_checked_against_the_existing_record() -> None:
    existing = {"name": "ERP", "rto_minutes": 240, "mtd_minutes": 480}
    with pytest.raises(ValidationError, match="RTO"):
        prepare(SERVICES, {"mtd_minutes": 60}, phone_region="GB", existing=existing)
    assert prepare(SERVICES, {"rto_minutes": "2h"}, phone_region="GB", existing=existing) == {
        "rto_minutes": 120
    }


def test_new_records_get_their_defaults() -> None:
    cleaned = prepare(SERVICES, {"name": "Mail"}, phone_region="GB")
    assert cleaned["tier"] == 3
    assert prepare(REGISTRY["exercise_actions"],
                   {"exercise_id": "5f0e7f7e-0b7c-4a59-9d0e-2d2b7c3f1a10", "finding": "x"},
                   phone_region="GB")["status"] == "open"  # fmt: skip


@pytest.mark.parametrize(
    ("table", "field", "raw", "stored"),
    [
        ("services", "tier", " 2 ", 2),
        ("services", "rto_minutes", "4 h 30 min", 270),
        ("services", "rto_minutes", 90, 90),
        ("bia_impacts", "cost", "25,000.50", 25000.5),
        ("contacts", "last_verified_on", "25.11.2026", "2026-11-25"),
        ("contacts", "last_verified_on", "2026-11-25", "2026-11-25"),
        ("incidents", "declared_at", "2026-11-25T14:30:00+01:00", "2026-11-25T13:30:00Z"),
        ("assets", "kind", "Cloud", "cloud"),
        ("assets", "kind", "network", "network"),
        ("plan", "phone_region", "de", "DE"),
        ("contacts", "work_email", " Anna@Example.COM ", "Anna@example.com"),
        ("contacts", "full_name", "  Ζωή Παπαδοπούλου ", "Ζωή Παπαδοπούλου"),
    ],
)
def test_values_are_normalised(table: str, field: str, raw: object, stored: object) -> None:
    assert clean_value(REGISTRY[table].field(field), raw, phone_region="GB") == stored


@pytest.mark.parametrize(
    ("table", "field", "raw", "message"),
    [
        ("services", "tier", "5", "at most 4"),
        ("services", "tier", "one", "not a whole number"),
        ("services", "tier", True, "whole number"),
        ("bia_impacts", "rating", -1, "at least 0"),
        ("services", "rto_minutes", "soon", "not a duration"),
        ("contacts", "last_verified_on", "yesterday", "not a date"),
        ("assets", "kind", "spaceship", "not one of"),
        ("plan", "phone_region", "XX", "country code"),
        ("contacts", "site_id", "abc", "not a record id"),
        ("contacts", "full_name", "two\nlines", "one line"),
        ("bia_impacts", "cost", "lots", "not an amount"),
    ],
)
def test_bad_values_say_why(table: str, field: str, raw: object, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        clean_value(REGISTRY[table].field(field), raw, phone_region="GB")


def test_reference_lists_accept_lists_json_and_commas_and_drop_repeats() -> None:
    field = REGISTRY["risks"].field("service_ids")
    a, b = "5f0e7f7e-0b7c-4a59-9d0e-2d2b7c3f1a10", "0a4b2b44-8a25-4d0f-a8b4-62f2f5e7c9f1"
    expected = json.dumps([a, b])
    assert clean_value(field, [a, b, a], phone_region="GB") == expected
    assert clean_value(field, json.dumps([a, b]), phone_region="GB") == expected
    assert clean_value(field, f"{a}, {b}", phone_region="GB") == expected


def test_empty_input_clears_a_field() -> None:
    assert clean_value(CONTACTS.field("mobile_phone"), "  ", phone_region="GB") is None


@pytest.mark.parametrize(
    ("table", "values", "field"),
    [
        ("bia_impacts", {"category": "financial", "window_minutes": 60}, "rating"),
        ("incidents", {"title": "x", "declared_at": "2026-01-02T10:00:00Z",
                       "closed_at": "2026-01-01T10:00:00Z"}, "closed_at"),
        ("incidents", {"title": "x", "declared_at": "2026-01-02T10:00:00Z",
                       "status": "closed"}, "closed_at"),
        ("message_templates", {"name": "x", "body": "Service {servce} is down"}, "body"),
    ],
)  # fmt: skip
def test_rules_between_fields(table: str, values: dict[str, object], field: str) -> None:
    entity = REGISTRY[table]
    if entity.parent_field:
        values = {entity.parent_field: "5f0e7f7e-0b7c-4a59-9d0e-2d2b7c3f1a10", **values}
    with pytest.raises(ValidationError) as caught:
        prepare(entity, values, phone_region="GB")
    assert [p.field for p in caught.value.problems] == [field]


def test_dependency_on_itself_is_refused() -> None:
    same = "5f0e7f7e-0b7c-4a59-9d0e-2d2b7c3f1a10"
    with pytest.raises(ValidationError, match="cannot depend on itself"):
        prepare(REGISTRY["dependencies"], {"from_id": same, "to_id": same}, phone_region="GB")


def test_known_placeholders_pass() -> None:
    cleaned = prepare(
        REGISTRY["message_templates"],
        {"name": "Outage", "body": "{service} is down. Next update at {next_update}."},
        phone_region="GB",
    )
    assert cleaned["body"].startswith("{service}")
