"""Saving records: validation, links between records, op log, audit trail, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from itscm_desktop.domain.clock import Hlc, VersionVector
from itscm_desktop.domain.validation import ValidationError
from itscm_desktop.vault.edits import RecordNotFound, StillInUse
from itscm_desktop.vault.errors import DiskFull
from itscm_desktop.vault.oplog import logical_ops
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "plan.itscm", PASSPHRASE, organisation="Acme Ltd") as v:
        yield v


def bookkeeping(vault: Vault) -> tuple[int, int, int, int]:
    """Rows in the change log, op log, audit trail and search index."""
    return tuple(  # type: ignore[return-value]
        vault.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("_changes", "_ops", "_audit", "_search_docs")
    )


def add_contact(vault: Vault, name: str = "Jürgen Müller", **values: object) -> str:
    return vault.insert("contacts", {"full_name": name, **values})


def test_a_new_vault_holds_the_plan_and_nothing_else(vault: Vault) -> None:
    plan = vault.plan()
    assert plan["organisation"] == "Acme Ltd"
    assert plan["classification"] == "confidential"
    assert plan["phone_region"] == "GB"
    stats = vault.stats()
    assert stats["plan"] == 1
    assert sum(stats.values()) == 1


def test_insert_normalises_and_records_ops_audit_and_index(vault: Vault) -> None:
    before = bookkeeping(vault)
    cid = add_contact(vault, mobile_phone="07911 123456", work_email="J.Mueller@Example.COM")
    contact = vault.get("contacts", cid)
    assert contact["mobile_phone"] == "+447911123456"
    assert contact["work_email"] == "J.Mueller@example.com"
    assert contact["created_at"] == contact["updated_at"]
    changes, _, audit, index = bookkeeping(vault)
    assert (changes, audit, index) == (before[0] + 1, before[2] + 1, before[3] + 1)
    fields = {op.field: op.value for op in logical_ops(vault.conn, row_id=cid)}
    assert fields == {
        "_deleted": False,
        "full_name": "Jürgen Müller",
        "mobile_phone": "+447911123456",
        "work_email": "J.Mueller@example.com",
    }
    trail = vault.audit_trail(record_id=cid)
    assert [(t["action"], t["title"]) for t in trail] == [("create", "Jürgen Müller")]


def test_each_save_is_one_change_with_a_growing_clock_and_version_vector(vault: Vault) -> None:
    with vault.edit() as edit:
        a = edit.insert("contacts", {"full_name": "A"})
        edit.insert("contacts", {"full_name": "B"})
        edit.update("contacts", a, {"job_title": "Network lead"})
    add_contact(vault, "C")
    rows = vault.conn.execute("SELECT device, seq, hlc, vv FROM _changes ORDER BY seq").fetchall()
    assert [r[1] for r in rows] == [1, 2, 3]  # plan creation, the edit above, the last insert
    assert all(r[0] == vault.device_id for r in rows)
    clocks = [Hlc.decode(r[2]) for r in rows]
    assert clocks == sorted(clocks) and len(set(clocks)) == 3
    assert [VersionVector.from_json(r[3]).get(vault.device_id) for r in rows] == [1, 2, 3]
    ops_of_second = [op for op in logical_ops(vault.conn) if op.seq == 2]
    # Two creations (existence + name each) and the job title, set in the same change as
    # its record's creation: one op per field, the last value kept.
    assert len(ops_of_second) == 2 + 2 + 1


def test_an_update_records_only_what_changed(vault: Vault) -> None:
    cid = add_contact(vault, job_title="Engineer")
    before = bookkeeping(vault)
    assert vault.update("contacts", cid, {"job_title": "Engineer"}) == {}
    assert bookkeeping(vault) == before
    changed = vault.update("contacts", cid, {"job_title": "Network lead", "department": "IT"})
    assert changed == {"job_title": "Network lead", "department": "IT"}
    trail = vault.audit_trail(record_id=cid)[0]
    assert trail["action"] == "update"
    assert json.loads(trail["changes"]) == {
        "job_title": ["Engineer", "Network lead"],
        "department": [None, "IT"],
    }


def test_invalid_input_writes_nothing(vault: Vault) -> None:
    before = (bookkeeping(vault), vault.stats())
    with pytest.raises(ValidationError, match="Mobile"):
        add_contact(vault, mobile_phone="12")
    cid = add_contact(vault)
    before = (bookkeeping(vault), vault.stats())
    with pytest.raises(ValidationError, match="Work e-mail"):
        vault.update("contacts", cid, {"job_title": "Lead", "work_email": "nobody"})
    assert (bookkeeping(vault), vault.stats()) == before
    assert vault.get("contacts", cid)["job_title"] is None


def test_a_failure_late_in_a_save_rolls_back_everything_before_it(vault: Vault) -> None:
    before = (bookkeeping(vault), vault.stats())
    with pytest.raises(ValidationError), vault.edit() as edit:
        edit.insert("contacts", {"full_name": "Kept?"})
        edit.insert("services", {"name": "ERP", "rto_minutes": 600, "mtd_minutes": 60})
    assert (bookkeeping(vault), vault.stats()) == before
    with pytest.raises(RuntimeError), vault.edit() as edit:
        edit.insert("contacts", {"full_name": "Kept?"})
        raise RuntimeError("power cut")
    assert (bookkeeping(vault), vault.stats()) == before


def test_references_must_point_at_existing_records(vault: Vault) -> None:
    missing = "5f0e7f7e-0b7c-4a59-9d0e-2d2b7c3f1a10"
    with pytest.raises(ValidationError, match="Service owner: there is no contact"):
        vault.insert("services", {"name": "ERP", "owner_id": missing})
    site = vault.insert("sites", {"name": "HQ", "kind": "office"})
    asset = vault.insert("assets", {"name": "db01", "kind": "hardware", "site_id": site})
    service = vault.insert("services", {"name": "ERP"})
    dep = vault.insert("dependencies", {"from_id": service, "to_id": asset, "kind": "runs_on"})
    with pytest.raises(ValidationError, match="Depends on: there is no service or asset"):
        vault.update("dependencies", dep, {"to_id": missing})


def test_the_plan_is_a_single_record(vault: Vault) -> None:
    with pytest.raises(ValidationError, match="already a plan"):
        vault.insert("plan", {"organisation": "Other", "title": "Other"})


def test_phone_numbers_use_the_plans_country(vault: Vault) -> None:
    vault.update("plan", vault.plan()["id"], {"phone_region": "DE"})
    cid = add_contact(vault, work_phone="030 1234567")
    assert vault.get("contacts", cid)["work_phone"] == "+49301234567"


def make_call_tree(vault: Vault) -> tuple[str, list[str], list[str]]:
    people = [add_contact(vault, name) for name in ("Ana", "Ben", "Chloé", "Dmitri")]
    tree = vault.insert("call_trees", {"name": "Major IT outage"})
    nodes: list[str] = []
    with vault.edit() as edit:
        root = edit.insert("call_tree_nodes", {"call_tree_id": tree, "contact_id": people[0]})
        b = edit.insert(
            "call_tree_nodes", {"call_tree_id": tree, "contact_id": people[1], "parent_id": root}
        )
        c = edit.insert(
            "call_tree_nodes", {"call_tree_id": tree, "contact_id": people[2], "parent_id": b}
        )
        d = edit.insert(
            "call_tree_nodes", {"call_tree_id": tree, "contact_id": people[3], "parent_id": b}
        )
        nodes = [root, b, c, d]
    return tree, people, nodes


def test_call_trees_cannot_loop(vault: Vault) -> None:
    _, _, (root, b, c, _) = make_call_tree(vault)
    with pytest.raises(ValidationError, match="loop"):
        vault.update("call_tree_nodes", root, {"parent_id": c})
    with pytest.raises(ValidationError, match="cannot point at the record itself"):
        vault.update("call_tree_nodes", b, {"parent_id": b})
    vault.update("call_tree_nodes", c, {"parent_id": root})  # re-parenting is fine


def test_a_call_tree_entry_reports_to_someone_in_the_same_tree(vault: Vault) -> None:
    _, people, (root, *_) = make_call_tree(vault)
    other = vault.insert("call_trees", {"name": "Site evacuation"})
    with pytest.raises(ValidationError, match="same call tree"):
        vault.insert(
            "call_tree_nodes", {"call_tree_id": other, "contact_id": people[0], "parent_id": root}
        )


def test_deleting_an_entry_in_a_call_tree_moves_the_people_it_called_up(vault: Vault) -> None:
    _, _, (root, b, c, d) = make_call_tree(vault)
    vault.delete("call_tree_nodes", b)
    assert vault.get("call_tree_nodes", c)["parent_id"] == root
    assert vault.get("call_tree_nodes", d)["parent_id"] == root


def test_runbook_step_dependencies_cannot_loop(vault: Vault) -> None:
    plan = vault.insert("recovery_plans", {"name": "ERP recovery"})
    with vault.edit() as edit:
        s1 = edit.insert("runbook_steps", {"recovery_plan_id": plan, "title": "Declare"})
        s2 = edit.insert(
            "runbook_steps",
            {"recovery_plan_id": plan, "title": "Restore DB", "depends_on_ids": [s1]},
        )
        s3 = edit.insert(
            "runbook_steps",
            {"recovery_plan_id": plan, "title": "Start app", "depends_on_ids": [s2]},
        )
    with pytest.raises(ValidationError, match="loop: Declare → Start app → Restore DB → Declare"):
        vault.update("runbook_steps", s1, {"depends_on_ids": [s3]})
    other = vault.insert("recovery_plans", {"name": "Mail recovery"})
    with pytest.raises(ValidationError, match="same recovery plan"):
        vault.insert(
            "runbook_steps", {"recovery_plan_id": other, "title": "x", "depends_on_ids": [s1]}
        )


def test_deleting_a_team_deletes_its_members_with_tombstones(vault: Vault) -> None:
    people = [add_contact(vault, n) for n in ("Ana", "Ben")]
    team = vault.insert("teams", {"name": "Network"})
    members = [
        vault.insert("team_members", {"team_id": team, "contact_id": p, "membership": m})
        for p, m in zip(people, ("primary", "alternate"), strict=True)
    ]
    deleted = vault.delete("teams", team)
    assert set(deleted) == {("teams", team), *(("team_members", m) for m in members)}
    assert vault.stats()["team_members"] == 0
    tombstones = {
        op.row_id for op in logical_ops(vault.conn) if op.field == "_deleted" and op.value
    }
    assert tombstones == {team, *members}
    assert vault.stats()["contacts"] == 2  # the people stay


def test_a_record_in_use_is_not_deleted_unless_references_are_cleared(vault: Vault) -> None:
    owner = add_contact(vault, "Ana Owner")
    service = vault.insert("services", {"name": "Payroll", "owner_id": owner})
    risk = vault.insert(
        "risks",
        {"title": "Ransomware", "likelihood": 3, "impact": 5, "owner_id": owner,
         "service_ids": [service]},
    )  # fmt: skip
    before = bookkeeping(vault)
    with pytest.raises(StillInUse, match="“Ana Owner” is still used by") as caught:
        vault.delete("contacts", owner)
    assert {u[0] for u in caught.value.uses} == {"services", "risks"}
    assert bookkeeping(vault) == before
    vault.delete("services", service, clear_references=True)
    assert vault.get("risks", risk)["service_ids"] == []
    vault.delete("contacts", owner, clear_references=True)
    assert vault.get("risks", risk)["owner_id"] is None


def test_unknown_ids_are_reported(vault: Vault) -> None:
    missing = "5f0e7f7e-0b7c-4a59-9d0e-2d2b7c3f1a10"
    with pytest.raises(RecordNotFound, match="no contact"):
        vault.get("contacts", missing)
    with pytest.raises(RecordNotFound):
        vault.update("contacts", missing, {"job_title": "x"})
    with pytest.raises(RecordNotFound):
        vault.delete("contacts", missing)


def test_lists_sort_filter_and_page(vault: Vault) -> None:
    with vault.edit() as edit:
        for i in range(30):
            edit.insert(
                "assets",
                {"name": f"srv-{i:02d}", "kind": "hardware" if i % 2 else "cloud",
                 "vendor": "Dell" if i < 10 else "HPE"},
            )  # fmt: skip
    page = vault.records("assets", limit=5)
    assert [a["name"] for a in page] == ["srv-00", "srv-01", "srv-02", "srv-03", "srv-04"]
    page = vault.records("assets", order_by="name", descending=True, limit=2, offset=1)
    assert [a["name"] for a in page] == ["srv-28", "srv-27"]
    assert vault.count("assets", filter_text="dell") == 10
    assert vault.count("assets", filter_text="hpe srv-1") == 10  # every word must match
    assert vault.count("assets", where={"kind": "cloud"}) == 15
    assert vault.count("assets", filter_text="100%_") == 0  # wildcards are literal


def test_what_refers_to_a_record(vault: Vault) -> None:
    owner = add_contact(vault, "Ana")
    service = vault.insert("services", {"name": "Mail", "owner_id": owner})
    plan = vault.insert("recovery_plans", {"name": "Mail DR", "service_ids": [service]})
    refs = {(r.table, r.field, r.record["id"]) for r in vault.referrers("services", service)}
    assert refs == {("recovery_plans", "service_ids", plan)}
    assert [(r.table, r.field) for r in vault.referrers("contacts", owner)] == [
        ("services", "owner_id")
    ]


def test_documents_keep_their_bytes_once(vault: Vault) -> None:
    data = "Diagramm für Łódź\n".encode() * 100
    with vault.edit() as edit:
        first = edit.put_document("network.txt", data, media_type="text/plain")
        second = edit.put_document("copy.txt", data, media_type="text/plain")
    assert vault.document_bytes(first) == data
    doc = vault.get("documents", second)
    assert doc["size_bytes"] == len(data) and len(doc["sha256"]) == 64
    assert vault.conn.execute("SELECT count(*) FROM _blobs").fetchone()[0] == 1


def test_deleting_a_person_takes_their_memberships_and_call_tree_places_with_them(
    vault: Vault,
) -> None:
    tree, people, (root, b, c, d) = make_call_tree(vault)
    team = vault.insert("teams", {"name": "Network", "leader_id": people[1]})
    member = vault.insert("team_members", {"team_id": team, "contact_id": people[1]})
    with pytest.raises(StillInUse) as caught:
        vault.delete("contacts", people[1])
    assert {use[0] for use in caught.value.uses} == {"team_members", "call_tree_nodes", "teams"}
    assert ("team_members", member, "Ben") in caught.value.uses  # named by the person
    deleted = vault.delete("contacts", people[1], clear_references=True)
    assert set(deleted) == {("contacts", people[1]), ("team_members", member),
                            ("call_tree_nodes", b)}  # fmt: skip
    assert vault.get("teams", team)["leader_id"] is None
    # Ben's place in the call tree is gone; the people he called now hang off the root.
    assert vault.get("call_tree_nodes", c)["parent_id"] == root
    assert vault.get("call_tree_nodes", d)["parent_id"] == root
    assert vault.count("call_tree_nodes", where={"call_tree_id": tree}) == 3


def test_records_are_named_the_way_a_person_reads_them(vault: Vault) -> None:
    person = add_contact(vault, "Ana Lima")
    team = vault.insert("teams", {"name": "Network"})
    member = vault.insert("team_members", {"team_id": team, "contact_id": person})
    service = vault.insert("services", {"name": "ERP"})
    asset = vault.insert("assets", {"name": "db-01", "kind": "hardware"})
    dep = vault.insert("dependencies", {"from_id": service, "to_id": asset, "kind": "runs_on"})
    impact = vault.insert(
        "bia_impacts",
        {"service_id": service, "category": "financial", "window_minutes": 240, "rating": 3},
    )
    assert vault.title("team_members", vault.get("team_members", member)) == "Ana Lima"
    assert vault.title("dependencies", vault.get("dependencies", dep)) == "ERP runs on db-01"
    assert vault.title("bia_impacts", vault.get("bia_impacts", impact)) == "Financial after 4 h"
    hits = vault.search("ana", tables=["team_members"])
    assert [(h.id, h.title) for h in hits] == [(member, "Ana Lima")]


@pytest.mark.parametrize("bad", [{"organisation": ""}, {"phone_region": "XX"}])
def test_creating_with_invalid_plan_details_leaves_no_file(
    tmp_path: Path, bad: dict[str, str]
) -> None:
    path = tmp_path / "plan.itscm"
    with pytest.raises(ValidationError):
        Vault.create(path, PASSPHRASE, **{"organisation": "Acme", **bad})  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_fields_the_program_sets_cannot_be_typed(vault: Vault) -> None:
    with pytest.raises(ValidationError, match="set by the program"):
        vault.insert("documents", {"name": "Floor plan", "size_bytes": 5, "sha256": "a" * 64})
    with vault.edit() as edit:
        doc = edit.put_document("Floor plan", b"%PDF-1.4", media_type="application/pdf")
    with pytest.raises(ValidationError, match="set by the program"):
        vault.update("documents", doc, {"sha256": "b" * 64})
    assert vault.document_bytes(doc) == b"%PDF-1.4"


def test_a_broad_filter_pages_exactly_like_a_narrow_one(vault: Vault) -> None:
    """Above 1,500 matches a page is read in index order instead of sorting every match;
    the rows must be the same either way."""
    with vault.edit() as edit:
        for i in range(1700):
            edit.insert(
                "assets",
                {"name": f"srv-{(i * 7919) % 1700:04d}", "kind": "cloud" if i % 3 else "data",
                 "vendor": "Dell" if i % 2 else "HPE"},
            )  # fmt: skip
    everything = [a["name"] for a in vault.records("assets", order_by="name")]
    assert vault.count("assets", filter_text="srv") == 1700
    for descending in (False, True):
        expected = sorted(everything, reverse=descending)
        page = vault.records(
            "assets", order_by="name", descending=descending, filter_text="srv",
            limit=50, offset=100,
        )  # fmt: skip
        assert [a["name"] for a in page] == expected[100:150]
    dell = vault.records("assets", order_by="name", filter_text="srv dell", limit=20)
    assert [a["name"] for a in dell] == sorted(
        a["name"] for a in vault.records("assets") if a["vendor"] == "Dell"
    )[:20]
    assert vault.count("assets", filter_text="cloud") == sum(1 for i in range(1700) if i % 3)


def test_runbook_steps_list_in_phase_order_then_position(vault: Vault) -> None:
    plan = vault.insert("recovery_plans", {"name": "ERP recovery"})
    with vault.edit() as edit:
        for phase, position in [("reconstitution", 1), ("recovery", 2), ("activation", 2),
                                ("recovery", 1), ("activation", 1)]:  # fmt: skip
            edit.insert(
                "runbook_steps",
                {"recovery_plan_id": plan, "phase": phase, "position": position,
                 "title": f"{phase} {position}"},
            )  # fmt: skip
    steps = vault.records("runbook_steps", where={"recovery_plan_id": plan})
    assert [s["title"] for s in steps] == [
        "activation 1", "activation 2", "recovery 1", "recovery 2", "reconstitution 1"
    ]  # fmt: skip
    by_phase_desc = vault.records("runbook_steps", order_by="phase", descending=True)
    assert [s["phase"] for s in by_phase_desc][:1] == ["reconstitution"]


def test_the_change_log_reads_in_batches(vault: Vault) -> None:
    for i in range(7):
        add_contact(vault, f"Person {i}")
    everything = vault.audit_trail(limit=100)
    batches = [vault.audit_trail(limit=3, offset=o) for o in (0, 3, 6)]
    assert [e["title"] for b in batches for e in b] == [e["title"] for e in everything]
    assert everything[0]["title"] == "Person 6"


def test_one_letter_does_not_match_choice_labels(vault: Vault) -> None:
    with vault.edit() as edit:
        edit.insert("assets", {"name": "srv-db-01", "kind": "data"})
        edit.insert("assets", {"name": "srv-web-01", "kind": "data"})
        edit.insert("assets", {"name": "srv-app-01", "kind": "hardware"})
    assert [a["name"] for a in vault.records("assets", filter_text="srv-d")] == ["srv-db-01"]
    assert vault.count("assets", filter_text="srv da") == 2  # "da" starts the label "Data"


def test_a_full_disk_during_a_save_says_so_and_saves_nothing(vault: Vault) -> None:
    before = bookkeeping(vault)
    pages = vault.conn.execute("PRAGMA page_count").fetchone()[0]
    vault.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own "disk is full"
    with pytest.raises(DiskFull, match="free some space"), vault.edit() as edit:
        for n in range(300):  # SQLite rolls the transaction back itself on a full disk
            edit.insert("contacts", {"full_name": f"Responder {n}", "notes": "x" * 400})
    vault.conn.execute("PRAGMA max_page_count = 1073741823")
    assert bookkeeping(vault) == before and vault.count("contacts") == 0
    add_contact(vault)  # and the next save works


def test_renaming_this_laptop_is_kept_and_names_later_changes(vault: Vault, tmp_path: Path) -> None:
    first = add_contact(vault)
    before = vault.device_name
    with pytest.raises(ValueError, match="60 characters"):
        vault.rename_device("x" * 61)
    assert vault.rename_device("  Priya's\tThinkPad ") == "Priya's ThinkPad"
    add_contact(vault, "Ana Souza")
    names = [e["device_name"] for e in vault.audit_trail(limit=2)]
    assert names == ["Priya's ThinkPad", before]  # earlier changes keep their name
    assert vault.find("contacts", first) is not None
    path = vault.path
    vault.close()
    with Vault.open(path, PASSPHRASE) as again:
        assert again.device_name == "Priya's ThinkPad"
