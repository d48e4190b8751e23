"""Column mapping from the registry; Google and Outlook exports recognised by headers."""

from __future__ import annotations

import pytest

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.interchange.columns import (
    IMPORTABLE_TABLES,
    MappingProblem,
    row_values,
    suggest_mapping,
    targets_for,
)
from itscm_desktop.interchange.reading import parse_import
from tests.unit.interchange.conftest import sample


@pytest.mark.parametrize("table", IMPORTABLE_TABLES)
def test_field_names_and_labels_map_to_their_field(table: str) -> None:
    entity = REGISTRY[table]
    typed = [f for f in entity.fields if not f.system]
    by_label = suggest_mapping(table, [f.label.upper() for f in typed])
    by_name = suggest_mapping(table, [f.name.replace("_", " ") for f in typed])
    assert by_label.targets == tuple(f.name for f in typed)
    assert by_name.targets == tuple(f.name for f in typed)


def test_labels_are_unique_within_each_importable_table() -> None:
    # An exported CSV uses labels as headers; two equal labels could not be told apart.
    for table in IMPORTABLE_TABLES:
        labels = [label.casefold() for _, label in targets_for(table)]
        assert len(labels) == len(set(labels)), table


def test_synonyms_and_punctuation_do_not_matter() -> None:
    mapping = suggest_mapping("contacts", ["NAME", "Cell-Phone", "e_mail", "Company", "Whatever"])
    assert mapping.targets == ("full_name", "mobile_phone", "work_email", "organisation", None)
    assert mapping.ignored() == ("Whatever",)


def test_outlook_is_recognised_and_its_title_column_is_not_the_job_title() -> None:
    parsed = parse_import(sample("outlook_contacts.csv"), "contacts")
    assert parsed.mapping is not None
    assert parsed.mapping.source == "Outlook"
    assert parsed.mapping.target_of("Title") is None  # "Mr.", "Dr."
    assert parsed.mapping.target_of("Job Title") == "job_title"
    sven, fiona = (row.values for row in parsed.rows)
    assert sven == {
        "full_name": "Sven Lindqvist",
        "job_title": "Database administrator",
        "department": "IT Operations",
        "organisation": "Nordic Hosting AB",
        "mobile_phone": "+46 70 123 45 67",
        "work_phone": "+46 8 123 456 78",
        "work_email": "sven.lindqvist@example.se",
        "notes": "Primary DBA for the ERP.",
    }
    assert fiona["full_name"] == "Fiona J. O'Brien"
    assert fiona["home_phone"] == "+353 1 234 5678"
    assert fiona["personal_email"] == "fiona@example.com"
    assert fiona["organisation"] == "Example Insurance, Ltd"


def test_google_typed_columns_go_to_mobile_work_and_home() -> None:
    parsed = parse_import(sample("google_contacts.csv"), "contacts")
    assert parsed.mapping is not None and parsed.mapping.source == "Google Contacts"
    hans, zoe, priya = (row.values for row in parsed.rows)
    assert hans["mobile_phone"] == "+49 151 23456789"
    assert hans["work_phone"] == "+49 30 1234567"
    assert "+49 30 1234568" not in hans.values()  # the fax
    assert hans["work_email"] == "hans.mueller@example.de"
    assert hans["personal_email"] == "hans@example.org"
    assert hans["organisation"] == "Nordwind GmbH"
    assert hans["job_title"] == "Network engineer"
    assert hans["department"] == "Infrastructure"
    assert hans["notes"] == "Knows the old PBX.\nCall after 8."
    # No "Name": the given and family names make it; "Main" and a second number in the
    # same cell (" ::: ") fill the free slots.
    assert zoe["full_name"] == "Zoë Laurent"
    assert zoe["mobile_phone"] == "+33 6 12 34 56 78"
    assert zoe["work_phone"] == "+33 1 42 68 53 00"
    assert priya == {"full_name": "Priya Raman", "home_phone": "020 7946 0123"}
    assert [row.line for row in parsed.rows] == [2, 4, 5]  # Hans's notes take two lines


def test_the_newer_google_export_with_labels() -> None:
    parsed = parse_import(sample("google_contacts_new.csv"), "contacts")
    assert parsed.mapping is not None and parsed.mapping.source == "Google Contacts"
    assert parsed.encoding == "UTF-8 with BOM"
    ana, tom = (row.values for row in parsed.rows)
    assert ana["full_name"] == "Ana Maria Souza"
    assert ana["organisation"] == "Lusitânia Telecom"
    assert ana["job_title"] == "Duty manager"
    assert ana["mobile_phone"] == "+351 912 345 678"
    assert tom["work_phone"] == "+1 (212) 555-0199"
    assert tom["mobile_phone"] == "+1 415 555 0123"


def test_a_person_can_override_the_mapping() -> None:
    mapping = suggest_mapping("contacts", ["Name", "Phone", "Extra"])
    assert mapping.targets == ("full_name", "work_phone", None)
    changed = mapping.overridden({"phone": "Mobile", "EXTRA": "notes", "Name": "full_name"})
    assert changed.targets == ("full_name", "mobile_phone", "notes")
    assert row_values(changed, ["A B", "+44 7400 123456", "x"]) == {
        "full_name": "A B",
        "mobile_phone": "+44 7400 123456",
        "notes": "x",
    }
    assert changed.overridden({"Extra": ""}).targets[2] is None


def test_overrides_naming_what_does_not_exist_say_so() -> None:
    mapping = suggest_mapping("contacts", ["Name"])
    with pytest.raises(MappingProblem, match="no column “Nope”"):
        mapping.overridden({"Nope": "notes"})
    with pytest.raises(MappingProblem, match="no field “shoe_size”"):
        mapping.overridden({"Name": "shoe_size"})
