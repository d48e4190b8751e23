"""The QR codes kept inside the vault: stored and read back by key, the codes of people
no longer in the plan dropped, nothing written while a save is under way, and a schema-2
file brought forward with an empty store."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from itscm_desktop.vault import migrations, qrcache
from itscm_desktop.vault.backups import BackupReason, list_backups
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.vault.conftest import tried


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "plan.itscm", PASSPHRASE, organisation="Ørsted Ltd") as vault:
        yield vault


def test_codes_are_stored_and_read_back_by_key(plan: Vault) -> None:
    one, two = qrcache.key_of("BEGIN:VCARD one"), qrcache.key_of("BEGIN:VCARD two")
    assert one != two and len(one) == 64
    assert qrcache.load(plan, [one, two]) == {}
    assert qrcache.save(plan, {one: (45, b"x\x9c one"), two: (49, b"x\x9c two")})
    assert qrcache.load(plan, [one, "unknown"]) == {one: (45, b"x\x9c one")}
    assert qrcache.load(plan, []) == {}
    assert qrcache.count(plan) == 2


def test_codes_of_people_no_longer_there_are_dropped(plan: Vault) -> None:
    old, kept, new = (qrcache.key_of(text) for text in ("old", "kept", "new"))
    qrcache.save(plan, {old: (21, b"old"), kept: (21, b"kept")})
    assert qrcache.save(plan, {new: (25, b"new")}, keep=[kept])
    assert qrcache.load(plan, [old, kept, new]) == {kept: (21, b"kept"), new: (25, b"new")}


def test_nothing_is_written_while_a_save_is_under_way(plan: Vault) -> None:
    key = qrcache.key_of("during a save")
    with tried(plan) as edit:
        edit.insert("contacts", {"full_name": "Zoë Ørsted"})
        assert not qrcache.save(plan, {key: (21, b"code")})
    assert qrcache.count(plan) == 0
    assert qrcache.save(plan, {key: (21, b"code")})  # and afterwards it is


def test_a_save_in_another_thread_waits_for_the_store_and_both_land(plan: Vault) -> None:
    """The app's window saves while a worker prints: the two transactions take turns on
    the shared connection instead of one beginning inside the other."""
    key = qrcache.key_of("from the worker")
    stored = threading.Event()
    results: list[bool] = []

    def worker() -> None:
        with plan.writing:  # a store is mid-transaction when the window saves
            plan.conn.execute("BEGIN IMMEDIATE")
            stored.set()
            time.sleep(0.2)
            plan.conn.execute("COMMIT")
            results.append(qrcache.save(plan, {key: (21, b"code")}))

    thread = threading.Thread(target=worker)
    thread.start()
    stored.wait(5)
    new_id = plan.insert("contacts", {"full_name": "Zoë Ørsted"})  # waits, then saves
    thread.join(5)
    assert results == [True]
    assert plan.get("contacts", new_id)["full_name"] == "Zoë Ørsted"
    assert qrcache.load(plan, [key]) == {key: (21, b"code")}


def test_the_codes_are_no_part_of_the_plans_history(plan: Vault) -> None:
    changes = plan.conn.execute("SELECT count(*) FROM _changes").fetchone()[0]
    audit = plan.conn.execute("SELECT count(*) FROM _audit").fetchone()[0]
    qrcache.save(plan, {qrcache.key_of("x"): (21, b"code")})
    assert plan.conn.execute("SELECT count(*) FROM _changes").fetchone()[0] == changes
    assert plan.conn.execute("SELECT count(*) FROM _audit").fetchone()[0] == audit


def test_a_schema_2_vault_gets_an_empty_store(tmp_path: Path) -> None:
    path = tmp_path / "two.itscm"
    with Vault.create(path, PASSPHRASE, organisation="Two Ltd") as vault:
        for table in ("_qr_codes", "_conflicts", "_bundles"):  # as schema 2 had it
            vault.conn.execute(f"DROP TABLE {table}")
        vault.conn.execute("PRAGMA user_version = 2")
    with Vault.open(path, PASSPHRASE) as vault:
        assert migrations.schema_version(vault.conn) == migrations.SCHEMA_VERSION
        assert qrcache.count(vault) == 0
        assert qrcache.save(vault, {qrcache.key_of("x"): (21, b"code")})
    assert [b.reason for b in list_backups(path)] == [BackupReason.PRE_MIGRATION]
