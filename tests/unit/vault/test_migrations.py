"""An older vault file is brought forward, with a backup taken first; a newer one is refused.

`tests/fixtures/schema-1.itscm` was written by schema 1 (before contacts had an
out-of-hours field) and is committed as it was made; it opens with the tests' passphrase.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from itscm_desktop.vault import migrations
from itscm_desktop.vault.backups import BackupReason, list_backups
from itscm_desktop.vault.connection import open_read_only
from itscm_desktop.vault.errors import SchemaTooNew
from itscm_desktop.vault.oplog import logical_ops
from itscm_desktop.vault.schema import table_columns
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "schema-1.itscm"


@pytest.fixture
def old_vault(tmp_path: Path) -> Path:
    path = tmp_path / "old.itscm"
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o600)
    return path


def user_version(path: Path) -> int:
    conn = open_read_only(path, PASSPHRASE, is_backup=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def declarations(vault: Vault) -> dict[str, object]:
    """Every table's (column, type) pairs, every index's columns, and the exact SQL of
    the bookkeeping tables, indexes and triggers (op log, audit, search index)."""
    conn = vault.conn
    tables = {
        t: sorted((r[1], r[2]) for r in conn.execute(f'PRAGMA table_info("{t}")'))
        for t in vault.stats()
    }
    indexes = {
        name: [r[2] for r in conn.execute(f'PRAGMA index_info("{name}")')]
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    bookkeeping = {
        name: " ".join(sql.split())
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE name LIKE '\\_%' ESCAPE '\\' "
            "AND sql IS NOT NULL"
        )
    }
    return {"tables": tables, "indexes": indexes, "bookkeeping": bookkeeping}


def test_the_fixture_really_is_schema_1() -> None:
    assert migrations.SCHEMA_VERSION >= 2
    assert user_version(FIXTURE) == 1


def test_an_old_vault_is_migrated_after_a_backup(old_vault: Path, tmp_path: Path) -> None:
    conn = open_read_only(FIXTURE, PASSPHRASE, is_backup=True)
    try:
        original_ops = {
            (device, seq, row_id, field, json.dumps(json.loads(value)))
            for device, seq, row_id, field, value in conn.execute(
                "SELECT device, seq, row_id, field, value FROM _ops"
            )
        }
        original_changes = conn.execute("SELECT max(seq) FROM _changes").fetchone()[0]
    finally:
        conn.close()
    assert len(original_ops) > 30
    with Vault.open(old_vault, PASSPHRASE) as vault:
        assert migrations.schema_version(vault.conn) == migrations.SCHEMA_VERSION
        # The data came through, and the new field works.
        people = {c["full_name"]: c for c in vault.records("contacts")}
        assert set(people) == {"Zoë Ørsted", "Юлия Смирнова"}
        assert people["Zoë Ørsted"]["mobile_phone"] == "+447911123456"
        vault.update("contacts", people["Zoë Ørsted"]["id"], {"availability": "On call week 2"})
        assert vault.search("on call")[0].title == "Zoë Ørsted"
        assert vault.check().ok
        migrated = declarations(vault)
        # Every op of the schema-1 log survived the change of storage, field by field.
        converted = {(op.device, op.seq, op.row_id, op.field, json.dumps(op.value))
                     for op in logical_ops(vault.conn) if op.seq <= original_changes}  # fmt: skip
    assert converted == original_ops
    # The backup holds the file exactly as schema 1 left it.
    backups = list_backups(old_vault)
    assert [b.reason for b in backups] == [BackupReason.PRE_MIGRATION]
    assert user_version(backups[0].path) == 1
    # A migrated file declares the same columns and indexes as a new one (ALTER TABLE
    # appends columns at the end; every query names its columns, so order is free).
    with Vault.create(tmp_path / "new.itscm", PASSPHRASE, organisation="New") as fresh:
        assert migrated == declarations(fresh)


def test_a_migration_that_fails_leaves_the_file_as_it_was(
    old_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: object) -> None:
        migrations.add_column(conn, "contacts", "availability")  # type: ignore[arg-type]
        raise RuntimeError("simulated failure half-way through a migration")

    monkeypatch.setitem(migrations.MIGRATIONS, 2, broken)
    with pytest.raises(RuntimeError, match="half-way"):
        Vault.open(old_vault, PASSPHRASE)
    assert user_version(old_vault) == 1
    conn = open_read_only(old_vault, PASSPHRASE, is_backup=True)
    try:
        assert "availability" not in table_columns(conn, "contacts")
    finally:
        conn.close()
    monkeypatch.undo()
    with Vault.open(old_vault, PASSPHRASE) as vault:  # and a fixed program migrates it
        assert "availability" in table_columns(vault.conn, "contacts")


def test_a_vault_from_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.itscm"
    with Vault.create(path, PASSPHRASE, organisation="Future") as vault:
        vault.conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer version") as caught:
        Vault.open(path, PASSPHRASE)
    assert caught.value.exit_code == 4
    assert path.read_bytes() == before
