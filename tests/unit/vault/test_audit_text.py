"""The change log in words, as the app and the handbook both say it: labels from the
registry, values as people read them, each reader's own length and way with days."""

from __future__ import annotations

import json

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Field
from itscm_desktop.vault.audit_text import (
    changed_fields,
    describe_changes,
    title_finder,
    value_text,
)
from itscm_desktop.vault.vault import Vault
from tests.unit.vault.conftest import tried


def no_titles(field: Field, record_id: str) -> str:
    return f"record {record_id}"


def test_an_update_reads_field_by_field() -> None:
    changes = json.dumps(
        {
            "job_title": ["Engineer", "Network lead"],
            "mobile_phone": [None, "+447400900123"],
            "notes": ["Call after 9", ""],
            "colour": ["red", "blue"],  # a field of a newer version: shown as stored
        }
    )
    assert changed_fields("contacts", changes, no_titles) == [
        "Job title: Engineer → Network lead",
        "Mobile: set to +44 7400 900123",
        "Notes: cleared (was Call after 9)",
        "colour: red → blue",
    ]
    assert describe_changes("contacts", "update", changes, no_titles).count("; ") == 3
    assert describe_changes("contacts", "create", changes, no_titles) == "Added"
    assert describe_changes("contacts", "delete", changes, no_titles) == "Deleted"
    assert changed_fields("contacts", "not json", no_titles) == []
    assert changed_fields("newer_table", json.dumps({"a": [1, 2]}), no_titles) == ["a: 1 → 2"]


def test_each_reader_sets_the_length_and_writes_days_and_moments() -> None:
    notes = REGISTRY["contacts"].field("notes")
    long = "Call the gatehouse first,\nthen the duty manager " * 4
    app = value_text(notes, long, no_titles)
    assert len(app) == 60 and app.endswith("…") and "\n" not in app
    printed = value_text(notes, long, no_titles, longest=80)
    assert 60 < len(printed) <= 80 and printed.endswith("…") and printed.startswith(app[:-1])
    verified = REGISTRY["contacts"].field("last_verified_on")
    assert value_text(verified, "2026-03-14", no_titles) == "2026-03-14"
    assert value_text(verified, "2026-03-14", no_titles, day=lambda d: f"day {d}") == (
        "day 2026-03-14"
    )
    declared = REGISTRY["incidents"].field("declared_at")
    stamp = "2026-11-25T03:12:00.000Z"
    assert value_text(declared, stamp, no_titles, moment=lambda m: "03:12") == "03:12"
    assert value_text(declared, stamp, no_titles) == stamp
    assert value_text(REGISTRY["services"].field("rto_minutes"), 90, no_titles) == "1 h 30 min"
    assert value_text(REGISTRY["teams"].field("purpose"), "network", no_titles) == "Network"
    assert value_text(notes, None, no_titles) == value_text(notes, [], no_titles) == ""


def test_records_are_named_and_a_long_list_says_how_many_more() -> None:
    services = REGISTRY["recovery_plans"].field("service_ids")
    assert value_text(services, ["a", "b"], no_titles) == "record a, record b"
    many = [f"id-{n}-with-a-rather-long-name" for n in range(7)]
    shown = value_text(services, many, no_titles)
    assert shown.endswith("… and 4 more") and shown.startswith("record id-0")


def test_titles_are_looked_up_once_and_deleted_ones_say_so(demo: Vault) -> None:
    owner = REGISTRY["services"].field("owner_id")
    person = demo.records("contacts", order_by="full_name")[0]
    title_of = title_finder(demo)
    assert title_of(owner, person["id"]) == person["full_name"]
    assert title_of(owner, "gone") == "(deleted)"
    with tried(demo) as edit:
        edit.update("contacts", person["id"], {"full_name": "Renamed Person"})
        assert title_of(owner, person["id"]) == person["full_name"]  # looked up once
        assert title_finder(demo)(owner, person["id"]) == "Renamed Person"
