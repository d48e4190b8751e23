"""Laptops exchanging bundles: the named scenarios of issue 5, on real vaults.

Sealing and opening a bundle costs a scrypt key derivation (1-3 s), so most scenarios
move bundles unencrypted (`make_plan_bundle` + `take_bundle`, the same code path minus
age); the tests at the end seal and open real files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.validation import ValidationError
from itscm_desktop.sync.bundle import INCOMPLETE, WRONG_OR_DAMAGED, BundleRejected, pack
from itscm_desktop.sync.exchange import (
    NO_EXCHANGE_PASSPHRASE,
    ExchangePassphraseRefused,
    ImportReport,
    exchange_passphrase,
    export_bytes,
    export_to,
    import_bundle,
    join_from_bundle,
    make_plan_bundle,
    remember_exchange_passphrase,
    take_bundle,
)
from itscm_desktop.sync.stick import StickWriteFailed
from itscm_desktop.vault import merging
from itscm_desktop.vault.bundle_register import bundle_register
from itscm_desktop.vault.conflicts import broken_links, conflict_count, conflict_views, settle
from itscm_desktop.vault.errors import DiskFull
from itscm_desktop.vault.merging import merged_state
from itscm_desktop.vault.readiness import check_rule
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

EXCHANGE = "harbour crane seven tides"


def exchange(source: Vault, target: Vault, *, dry_run: bool = False) -> ImportReport:
    """Carry everything `source` holds to `target`, as a stick would (without age)."""
    bundle = make_plan_bundle(source)
    return take_bundle(target, bundle, pack(bundle), dry_run=dry_run)


def join(source: Vault, path: Path, name: str) -> Vault:
    laptop = Vault.join(path, PASSPHRASE, plan_id=source.plan_id, device_name=name)
    exchange(source, laptop)
    return laptop


def snapshot(vault: Vault) -> dict[str, Any]:
    """Every record of every table (without the vault's own timestamps), the log size,
    the conflicts and the register: what "nothing was written" compares."""
    tables = {
        table: sorted(
            ({k: v for k, v in r.items() if k not in ("created_at", "updated_at")}
             for r in vault.records(table)),
            key=lambda r: r["id"],
        )
        for table in REGISTRY.tables
    }  # fmt: skip
    conn = vault.conn
    return {
        "tables": tables,
        "changes": conn.execute("SELECT count(*) FROM _changes").fetchone()[0],
        "conflicts": sorted(v.id for v in conflict_views(conn)),
        "register": conn.execute("SELECT count(*) FROM _bundles").fetchone()[0],
        "audit": conn.execute("SELECT count(*) FROM _audit").fetchone()[0],
    }


def visible(vault: Vault) -> dict[str, Any]:
    state = snapshot(vault)
    return {"tables": state["tables"], "conflicts": state["conflicts"]}


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[tuple[Vault, Vault, Vault]]:
    """Three laptops holding the same small plan: A made it, B and C joined from it."""
    a = Vault.create(tmp_path / "a.itscm", PASSPHRASE, organisation="Tidewater Ltd",
                     device_name="Laptop A")  # fmt: skip
    with a.edit() as edit:
        ana = edit.insert("contacts", {"full_name": "Ana Silva", "job_title": "Engineer",
                                       "mobile_phone": "+44 7911 123456"})  # fmt: skip
        ben = edit.insert("contacts", {"full_name": "Ben Okafor", "job_title": "Analyst"})
        team = edit.insert("teams", {"name": "Network"})
        edit.insert("team_members", {"team_id": team, "contact_id": ana, "membership": "primary"})
        edit.insert("contacts", {"full_name": "Cleo Park"})
    assert ben
    b = join(a, tmp_path / "b.itscm", "Laptop B")
    c = join(a, tmp_path / "c.itscm", "Laptop C")
    yield a, b, c
    for vault in (a, b, c):
        vault.close()


def both_change_job_title(a: Vault, b: Vault) -> str:
    """A and B give Ana Silva different job titles before exchanging; returns her id."""
    ana = contact(a, "Ana Silva")["id"]
    a.update("contacts", ana, {"job_title": "Chief from A"})
    b.update("contacts", ana, {"job_title": "Chief from B"})
    return ana


def contact(vault: Vault, name: str) -> dict[str, Any]:
    [record] = [r for r in vault.records("contacts") if r["full_name"] == name]
    return record


# -- joining ------------------------------------------------------------------------------


def test_a_joined_laptop_holds_the_same_plan_and_finds_it(laptops: tuple[Vault, ...]) -> None:
    a, b, _ = laptops
    assert visible(b) == visible(a)
    assert b.plan()["organisation"] == "Tidewater Ltd"
    assert [hit.title for hit in b.search("okafor")] == ["Ben Okafor"]
    assert b.device_id != a.device_id and b.device_name == "Laptop B"


def test_a_large_join_rebuilds_the_search_index_in_one_pass(
    laptops: tuple[Vault, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _, _ = laptops
    monkeypatch.setattr(merging, "BULK_REINDEX", 0)
    d = join(a, tmp_path / "d.itscm", "Laptop D")
    assert visible(d) == visible(a)
    assert [hit.title for hit in d.search("okafor")] == ["Ben Okafor"]
    assert d.conn.execute("SELECT count(*) FROM _search_docs").fetchone()[0] == sum(
        d.count(table) for table in REGISTRY.tables
    )
    d.close()


def test_the_tables_are_exactly_the_merge_of_the_log(laptops: tuple[Vault, ...]) -> None:
    a, b, _ = laptops
    a.update("contacts", contact(a, "Ana Silva")["id"], {"job_title": "Lead"})
    exchange(a, b)
    for vault in (a, b):
        state = merged_state(vault.conn)
        for (table, row_id), values in state.records.items():
            record = vault.get(table, row_id)
            for name, value in values.items():
                expected = (
                    []
                    if value is None and REGISTRY[table].field(name).kind.value == "refs"
                    else value
                )
                assert record[name] == expected, (table, name)
        assert sum(vault.count(t) for t in REGISTRY.tables) == len(state.records)


# -- the named scenarios ------------------------------------------------------------------


def test_the_same_field_edited_on_two_laptops_is_one_conflict_on_both(
    laptops: tuple[Vault, ...],
) -> None:
    a, b, _ = laptops
    ana = both_change_job_title(a, b)
    to_b = exchange(a, b)
    to_a = exchange(b, a)
    assert to_b.summary == "1 new change, 1 new conflict"
    assert to_a.summary == "1 new change, 1 new conflict"
    [on_a], [on_b] = conflict_views(a.conn), conflict_views(b.conn)
    assert on_a.id == on_b.id and on_a.heading == "Contact “Ana Silva”: Job title"
    assert {c.value for c in on_a.candidates} == {"Chief from A", "Chief from B"}
    assert {c.device_name for c in on_a.candidates} == {"Laptop A", "Laptop B"}
    shown = on_a.candidates[0].value
    assert a.get("contacts", ana)["job_title"] == b.get("contacts", ana)["job_title"] == shown
    finding = check_rule(a, "sync_conflicts")
    assert finding.record_ids == (on_a.id,)
    assert finding.note(on_a.id) == "Contact “Ana Silva”: Job title, 2 values"


def test_different_fields_of_one_record_merge_without_conflict(
    laptops: tuple[Vault, ...],
) -> None:
    a, b, _ = laptops
    ana = contact(a, "Ana Silva")["id"]
    a.update("contacts", ana, {"job_title": "Lead"})
    b.update("contacts", ana, {"work_email": "ana@tidewater.example"})
    exchange(a, b)
    exchange(b, a)
    for vault in (a, b):
        record = vault.get("contacts", ana)
        assert (record["job_title"], record["work_email"]) == ("Lead", "ana@tidewater.example")
        assert conflict_count(vault.conn) == 0
    assert visible(a) == visible(b)


def test_delete_against_edit_is_a_conflict_and_bringing_it_back_keeps_the_edit(
    laptops: tuple[Vault, ...],
) -> None:
    a, b, _ = laptops
    cleo = contact(a, "Cleo Park")["id"]
    a.delete("contacts", cleo)
    b.update("contacts", cleo, {"job_title": "Duty manager"})
    exchange(a, b)
    exchange(b, a)
    for vault in (a, b):
        assert vault.find("contacts", cleo) is None
        [view] = conflict_views(vault.conn)
        assert view.is_deletion and not view.record_exists
        assert "deleted on one laptop and changed on another" in view.heading
    [view] = conflict_views(b.conn)
    edit = next(c for c in view.candidates if not c.is_deletion)
    assert (edit.field, edit.value, edit.device_name) == ("job_title", "Duty manager", "Laptop B")
    settle(b, view.id, keep=edit.number)
    assert b.get("contacts", cleo)["job_title"] == "Duty manager"
    report = exchange(b, a)
    assert report.cleared_conflicts == (view.id,)
    assert a.get("contacts", cleo)["job_title"] == "Duty manager"
    assert conflict_count(a.conn) == conflict_count(b.conn) == 0
    assert visible(a) == visible(b)


def test_keeping_a_deletion_clears_the_conflict_everywhere(laptops: tuple[Vault, ...]) -> None:
    a, b, _ = laptops
    cleo = contact(a, "Cleo Park")["id"]
    a.delete("contacts", cleo)
    b.update("contacts", cleo, {"job_title": "Duty manager"})
    exchange(a, b)
    [view] = conflict_views(b.conn)
    settle(b, view.id, keep=next(c.number for c in view.candidates if c.is_deletion))
    exchange(b, a)
    for vault in (a, b):
        assert vault.find("contacts", cleo) is None and conflict_count(vault.conn) == 0


def test_a_resolution_on_one_laptop_clears_the_conflict_on_the_other_after_one_exchange(
    laptops: tuple[Vault, ...],
) -> None:
    a, b, _ = laptops
    ana = both_change_job_title(a, b)
    exchange(a, b)
    exchange(b, a)
    [view] = conflict_views(a.conn)
    loser = view.candidates[1]  # not the one shown: keeping it changes what everyone sees
    settle(a, view.id, keep=loser.number)
    assert conflict_count(a.conn) == 0 and a.get("contacts", ana)["job_title"] == loser.value
    assert exchange(a, b).cleared_conflicts == (view.id,)
    assert b.get("contacts", ana)["job_title"] == loser.value and conflict_count(b.conn) == 0
    assert visible(a) == visible(b)


def test_keeping_the_value_shown_still_settles_it(laptops: tuple[Vault, ...]) -> None:
    a, b, _ = laptops
    ana = both_change_job_title(a, b)
    exchange(a, b)
    [view] = conflict_views(b.conn)
    settle(b, view.id, keep=1)
    exchange(b, a)
    assert conflict_count(a.conn) == conflict_count(b.conn) == 0
    assert a.get("contacts", ana)["job_title"] == view.candidates[0].value


def test_saving_the_field_in_the_editor_settles_it_too(laptops: tuple[Vault, ...]) -> None:
    a, b, _ = laptops
    ana = both_change_job_title(a, b)
    exchange(a, b)
    b.update("contacts", ana, {"job_title": "Joint chief"})
    assert conflict_count(b.conn) == 0
    exchange(b, a)
    assert a.get("contacts", ana)["job_title"] == "Joint chief" and conflict_count(a.conn) == 0


def test_a_merged_value_is_checked_like_any_edit(laptops: tuple[Vault, ...]) -> None:
    a, b, _ = laptops
    ana = contact(a, "Ana Silva")["id"]
    a.update("contacts", ana, {"mobile_phone": "+44 7911 123457"})
    b.update("contacts", ana, {"mobile_phone": "+44 7911 123458"})
    exchange(a, b)
    [view] = conflict_views(b.conn)
    with pytest.raises(ValidationError):
        settle(b, view.id, value="12")
    assert conflict_count(b.conn) == 1
    settle(b, view.id, value="+44 7911 123459")
    assert b.get("contacts", ana)["mobile_phone"] == "+447911123459"
    with pytest.raises(LookupError, match="settled already"):
        settle(b, view.id, keep=1)


def test_a_relay_through_a_third_laptop_carries_every_change(laptops: tuple[Vault, ...]) -> None:
    a, b, c = laptops
    ana = contact(a, "Ana Silva")["id"]
    a.update("contacts", ana, {"job_title": "Lead"})
    c_record = c.insert("contacts", {"full_name": "Dev Rao"})
    exchange(a, c)  # A -> C
    report = exchange(c, b)  # C -> B: A's change and C's own
    assert report.new_changes == 2
    assert b.get("contacts", ana)["job_title"] == "Lead"
    assert b.get("contacts", c_record)["full_name"] == "Dev Rao"


def test_reimporting_changes_nothing_and_import_order_does_not_matter(
    laptops: tuple[Vault, ...], tmp_path: Path
) -> None:
    a, b, c = laptops
    ana, ben = contact(a, "Ana Silva")["id"], contact(a, "Ben Okafor")["id"]
    a.update("contacts", ana, {"job_title": "From A"})
    b.update("contacts", ana, {"job_title": "From B"})
    c.update("contacts", ana, {"job_title": "From C"})
    b.delete("contacts", ben)
    c.update("contacts", ben, {"work_email": "ben@tidewater.example"})
    d = join(a, tmp_path / "d.itscm", "Laptop D")
    e = join(a, tmp_path / "e.itscm", "Laptop E")
    for source in (a, b, c):
        exchange(source, d)
    for source in (c, a, b):
        exchange(source, e)
    before = snapshot(d)
    again = exchange(c, d)
    assert (again.new_changes, again.new_conflicts, again.updated) == (0, (), ())
    assert {k: v for k, v in snapshot(d).items() if k != "register"} == {
        k: v for k, v in before.items() if k != "register"
    }
    assert visible(d) == visible(e)
    assert len(conflict_views(d.conn)) == 2  # three job titles; Ben deleted and edited


def test_a_link_to_a_record_deleted_elsewhere_surfaces(laptops: tuple[Vault, ...]) -> None:
    a, b, _ = laptops
    ben = contact(a, "Ben Okafor")["id"]
    team = a.records("teams")[0]["id"]
    a.delete("contacts", ben)
    b.insert("team_members", {"team_id": team, "contact_id": ben, "membership": "alternate"})
    assert [link.target_id for link in exchange(a, b).broken_links] == [ben]
    assert [link.target_id for link in exchange(b, a).broken_links] == [ben]
    assert exchange(b, a).broken_links == ()  # said once, when it appears
    for vault in (a, b):
        [link] = broken_links(vault.conn)
        assert (link.table, link.field, link.target_id) == ("team_members", "contact_id", ben)
        assert "“Ben Okafor”" in link.sentence and "deleted on another laptop" in link.sentence


def test_changes_from_elsewhere_enter_the_change_log_in_their_authors_name(
    laptops: tuple[Vault, ...],
) -> None:
    a, b, _ = laptops
    ana = contact(a, "Ana Silva")["id"]
    with b.edit(author="bea") as edit:
        edit.update("contacts", ana, {"job_title": "Lead"})
    exchange(b, a)
    entry = a.audit_trail(limit=1)[0]
    assert (entry["author"], entry["device_name"], entry["action"]) == ("bea", "Laptop B", "update")
    assert "Lead" in entry["changes"]


# -- refusals: nothing written ------------------------------------------------------------


def test_a_dry_run_reports_exactly_and_writes_nothing(laptops: tuple[Vault, ...]) -> None:
    a, b, _ = laptops
    both_change_job_title(a, b)
    before = snapshot(b)
    preview = exchange(a, b, dry_run=True)
    assert snapshot(b) == before
    real = exchange(a, b)
    assert (preview.summary, preview.updated) == (real.summary, real.updated)
    assert [c.id for c in preview.new_conflicts] == [c.id for c in real.new_conflicts]


def test_a_copied_vault_file_is_refused_not_merged(
    laptops: tuple[Vault, ...], tmp_path: Path
) -> None:
    _, b, _ = laptops
    copy_path = tmp_path / "copied.itscm"
    b.close()  # a copy of the locked file, as someone would copy it to a second laptop
    copy_path.write_bytes(b.path.read_bytes())
    b = Vault.open(b.path, PASSPHRASE)
    copied = Vault.open(copy_path, PASSPHRASE)  # the same device id as B
    b.update("contacts", contact(b, "Ana Silva")["id"], {"job_title": "On B"})
    copied.update("contacts", contact(b, "Ana Silva")["id"], {"job_title": "On the copy"})
    before = snapshot(b)
    with pytest.raises(BundleRejected, match="copied from the other's vault file"):
        exchange(copied, b)
    assert snapshot(b) == before
    copied.close()
    b.close()


def test_a_bundle_missing_changes_is_refused(laptops: tuple[Vault, ...]) -> None:
    a, b, _ = laptops
    for title in ("One", "Two"):
        a.update("contacts", contact(a, "Ana Silva")["id"], {"job_title": title})
    bundle = make_plan_bundle(a)
    del bundle.changes[-2]  # a gap in A's numbers
    before = snapshot(b)
    with pytest.raises(BundleRejected, match="missing some changes"):
        take_bundle(b, bundle, b"")
    assert snapshot(b) == before


@pytest.mark.parametrize(
    "forge",
    [
        lambda ch: ch["ops"].append(["no_such_table", "x", {"a": 1}]),
        lambda ch: ch["ops"].append(["contacts", "x", {"no_such_field": 1}]),
        lambda ch: ch.update(seq="7"),
        lambda ch: ch.update(hlc="yesterday"),
        lambda ch: ch.update(vv={}),
        lambda ch: ch.pop("author"),
    ],
    ids=["table", "field", "seq", "clock", "vector", "author"],
)
def test_a_malformed_change_is_refused_with_nothing_written(
    laptops: tuple[Vault, ...], forge: Any
) -> None:
    a, b, _ = laptops
    a.update("contacts", contact(a, "Ana Silva")["id"], {"job_title": "Lead"})
    bundle = make_plan_bundle(a)
    forge(bundle.changes[-1])
    before = snapshot(b)
    with pytest.raises(BundleRejected) as refused:
        take_bundle(b, bundle, b"")
    assert str(refused.value) == INCOMPLETE
    assert snapshot(b) == before


# -- sealed bundles, the exchange passphrase, sticks ------------------------------------------


def test_export_needs_the_exchange_passphrase_and_keeps_it(laptops: tuple[Vault, ...]) -> None:
    a, _, _ = laptops
    with pytest.raises(BundleRejected) as refused:
        export_bytes(a)
    assert str(refused.value) == NO_EXCHANGE_PASSPHRASE
    with pytest.raises(ExchangePassphraseRefused):
        remember_exchange_passphrase(a, "short")
    remember_exchange_passphrase(a, EXCHANGE)
    assert exchange_passphrase(a) == EXCHANGE


def test_sealed_bundles_travel_and_bad_ones_leave_the_vault_untouched(
    laptops: tuple[Vault, ...], tmp_path: Path
) -> None:
    a, b, _ = laptops
    remember_exchange_passphrase(a, EXCHANGE)
    ana = contact(a, "Ana Silva")["id"]
    a.update("contacts", ana, {"job_title": "Lead"})
    stick = tmp_path / "stick"
    stick.mkdir()
    exported = export_to(a, stick)
    assert exported.path.parent == stick and exported.path.suffix == ".itscm-bundle"
    data = exported.path.read_bytes()
    before = snapshot(b)
    with pytest.raises(BundleRejected) as wrong:
        import_bundle(b, data, passphrase="not the team passphrase")
    assert str(wrong.value) == WRONG_OR_DAMAGED
    damaged = data[:-1] + bytes([data[-1] ^ 1])
    with pytest.raises(BundleRejected):
        import_bundle(b, damaged, passphrase=EXCHANGE)
    assert snapshot(b) == before and exchange_passphrase(b) is None
    report = import_bundle(b, data, passphrase=EXCHANGE, place=str(exported.path))
    assert report.summary == "1 new change, 0 new conflicts"
    assert b.get("contacts", ana)["job_title"] == "Lead"
    assert exchange_passphrase(b) == EXCHANGE  # remembered once it opened a bundle
    imported, joined = bundle_register(b)  # newest first
    assert (imported.direction, imported.place, imported.new_changes) == (
        "import", str(exported.path), 1)  # fmt: skip
    assert joined.direction == "import" and joined.place == "Laptop A"
    [written] = bundle_register(a)
    assert (written.direction, written.size) == ("export", len(data))


def test_another_plans_bundle_is_refused(laptops: tuple[Vault, ...], tmp_path: Path) -> None:
    a, _, _ = laptops
    with Vault.create(tmp_path / "other.itscm", PASSPHRASE, organisation="Other") as other:
        remember_exchange_passphrase(other, EXCHANGE)
        data = export_bytes(other)
    before = snapshot(a)
    with pytest.raises(BundleRejected, match="belongs to another plan"):
        import_bundle(a, data, passphrase=EXCHANGE)
    assert snapshot(a) == before


def test_a_failed_stick_write_leaves_nothing_and_registers_nothing(
    laptops: tuple[Vault, ...], tmp_path: Path
) -> None:
    a, _, _ = laptops
    remember_exchange_passphrase(a, EXCHANGE)
    missing = tmp_path / "pulled-out"
    with pytest.raises(StickWriteFailed):
        export_to(a, missing)
    assert bundle_register(a) == [] and not missing.exists()


def test_a_new_laptop_joins_from_a_sealed_bundle(
    laptops: tuple[Vault, ...], tmp_path: Path
) -> None:
    a, _, _ = laptops
    remember_exchange_passphrase(a, EXCHANGE)
    data = export_bytes(a)
    with pytest.raises(BundleRejected):
        join_from_bundle(tmp_path / "bad.itscm", PASSPHRASE, data, "wrong passphrase here")
    assert not (tmp_path / "bad.itscm").exists()
    joined, report = join_from_bundle(tmp_path / "new.itscm", PASSPHRASE, data, EXCHANGE,
                                      device_name="Laptop N")  # fmt: skip
    with joined:
        assert visible(joined) == visible(a)
        assert exchange_passphrase(joined) == EXCHANGE
        assert report.new_changes == report.offered > 0


def test_documents_travel_with_the_changes(laptops: tuple[Vault, ...]) -> None:
    a, b, _ = laptops
    data = b"Step 1: call the duty manager.\n" * 50
    with a.edit() as edit:
        document = edit.put_document("Runbook.txt", data, media_type="text/plain")
    report = exchange(a, b)
    assert report.created == (("documents", document),)
    assert b.document_bytes(document) == data


def test_a_full_disk_during_an_import_leaves_the_vault_as_it_was(
    laptops: tuple[Vault, ...],
) -> None:
    a, b, _ = laptops
    with a.edit() as edit:
        for n in range(400):
            edit.insert("contacts", {"full_name": f"Responder {n}", "notes": "x" * 400})
    before = snapshot(b)
    pages = b.conn.execute("PRAGMA page_count").fetchone()[0]
    b.conn.execute(f"PRAGMA max_page_count = {pages + 4}")  # SQLite's own "disk is full"
    with pytest.raises(DiskFull):
        exchange(a, b)
    b.conn.execute("PRAGMA max_page_count = 1073741823")
    assert snapshot(b) == before
    assert exchange(a, b).new_changes == 1  # and it works once there is room


def test_bringing_a_team_back_brings_back_the_members_deleted_with_it(
    laptops: tuple[Vault, ...],
) -> None:
    a, b, _ = laptops
    team = a.records("teams")[0]["id"]
    members = sorted(r["id"] for r in a.records("team_members"))
    assert members
    deleted = a.delete("teams", team, clear_references=True)
    assert {t for t, _ in deleted} == {"teams", "team_members"}
    b.update("teams", team, {"name": "Network & telecoms"})
    exchange(a, b)
    [view] = conflict_views(b.conn)
    assert view.is_deletion and b.count("team_members") == 0
    settle(b, view.id, keep=next(c.number for c in view.candidates if not c.is_deletion))
    assert b.get("teams", team)["name"] == "Network & telecoms"
    assert sorted(r["id"] for r in b.records("team_members")) == members
    exchange(b, a)
    assert visible(a) == visible(b) and conflict_count(a.conn) == 0
    assert [e["action"] for e in b.audit_trail(limit=2)] == ["restore", "restore"]
