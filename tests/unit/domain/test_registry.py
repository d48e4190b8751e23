"""The registry is the single source of the schema, forms, CSV columns and search."""

from __future__ import annotations

import pytest

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Entity, Field, Kind, Registry

ISSUE_TABLES = {
    "contacts", "teams", "team_members", "call_trees", "call_tree_nodes", "suppliers",
    "assets", "services", "bia_impacts", "dependencies", "risks", "recovery_plans",
    "runbook_steps", "exercises", "exercise_actions", "incidents", "incident_events",
    "sites", "documents", "message_templates", "plan",
}  # fmt: skip

ISSUE_FIELDS = {
    "contacts": ["full_name", "job_title", "mobile_phone", "work_phone", "home_phone",
                 "work_email", "personal_email", "last_verified_on"],
    "services": ["name", "tier", "rto_minutes", "rpo_minutes", "mtd_minutes"],
    "assets": ["name", "kind", "serial"],
    "teams": ["name"],
    "suppliers": ["name", "support_phone"],
}  # fmt: skip


def test_every_table_the_plan_needs_is_declared() -> None:
    assert set(REGISTRY.tables) == ISSUE_TABLES


@pytest.mark.parametrize("table", sorted(ISSUE_FIELDS))
def test_agreed_field_names_exist(table: str) -> None:
    entity = REGISTRY[table]
    for name in ISSUE_FIELDS[table]:
        assert entity.has_field(name), f"{table}.{name}"


def test_phone_fields_are_phones_and_searchable() -> None:
    contacts = REGISTRY["contacts"]
    for name in ("mobile_phone", "work_phone", "home_phone"):
        assert contacts.field(name).kind is Kind.PHONE
        assert contacts.field(name).searchable
    assert REGISTRY["suppliers"].field("support_phone").kind is Kind.PHONE


def test_references_point_at_declared_tables_and_children_know_their_parent() -> None:
    for entity in REGISTRY:
        for field in entity.reference_fields:
            assert all(t in REGISTRY for t in field.ref)
        if entity.parent_field:
            parent = entity.field(entity.parent_field)
            assert parent.kind is Kind.REF and parent.required
    assert [e.table for e in REGISTRY.children_of("recovery_plans")] == ["runbook_steps"]
    assert {e.table for e in REGISTRY.children_of("incidents")} == {"incident_events"}


def test_tables_come_after_the_tables_their_required_references_need() -> None:
    order = {table: i for i, table in enumerate(REGISTRY.tables)}
    for entity in REGISTRY:
        for field in entity.reference_fields:
            if field.required:
                for target in field.ref:
                    assert order[target] < order[entity.table], f"{entity.table}.{field.name}"


def test_every_entity_has_a_title_and_some_searchable_text() -> None:
    for entity in REGISTRY:
        assert entity.field(entity.title_field)
        assert entity.searchable_fields or entity.table in {"dependencies", "bia_impacts"}, (
            entity.table
        )


def test_acyclic_fields_are_self_references() -> None:
    assert REGISTRY["call_tree_nodes"].acyclic_fields == ("parent_id",)
    assert REGISTRY["runbook_steps"].acyclic_fields == ("depends_on_ids",)


def test_declaration_mistakes_are_caught_when_the_module_loads() -> None:
    with pytest.raises(ValueError, match="needs choices"):
        Field("status", "Status", Kind.CHOICE)
    with pytest.raises(ValueError, match="needs target tables"):
        Field("owner_id", "Owner", Kind.REF)
    with pytest.raises(ValueError, match="duplicate"):
        Entity("t", "T", "Ts", (Field("a", "A"), Field("a", "A")), title_field="a")
    with pytest.raises(ValueError, match="maintained by the vault"):
        Entity("t", "T", "Ts", (Field("id", "Id"),), title_field="id")
    with pytest.raises(ValueError, match="unknown"):
        Registry((Entity("t", "T", "Ts", (Field("x", "X", Kind.REF, ref=("nope",)),),
                         title_field="x"),))  # fmt: skip


def test_unknown_table_names_the_tables_there_are() -> None:
    with pytest.raises(KeyError, match="contacts"):
        REGISTRY["contact"]


def test_unknown_choice_values_from_a_newer_copy_still_display() -> None:
    field = REGISTRY["assets"].field("kind")
    assert field.choice_label("cloud") == "Cloud"
    assert field.choice_label("quantum") == "quantum"
