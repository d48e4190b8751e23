"""Backups beside the vault: names, verification, rotation, and a restore that loses nothing."""

from __future__ import annotations

import errno
import logging
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from itscm_desktop.vault import backups
from itscm_desktop.vault.backups import (
    BackupInfo,
    BackupReason,
    backup_folder,
    create_backup,
    list_backups,
    restore_backup,
    rotate_backups,
)
from itscm_desktop.vault.connection import (
    APPLICATION_ID,
    open_connection,
    open_read_only,
)
from itscm_desktop.vault.errors import (
    BackupFailed,
    DiskFull,
    RestoreFailed,
    VaultDamaged,
    WrongPassphrase,
)
from itscm_desktop.vault.integrity import IntegrityReport
from tests.conftest import PASSPHRASE
from tests.unit.vault.conftest import folder_state

NAME = re.compile(
    r"demo-\d{8}-\d{6}Z-(manual|auto|pre-migration|pre-restore|pre-rekey)(-\d+)?\.itscm"
)


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def contacts(conn: Any) -> list[str]:
    return [row[0] for row in conn.execute("SELECT name FROM contact ORDER BY id")]


@pytest.fixture(scope="module")
def template_user_version() -> int:
    return 7  # a backup must keep it


def fake_backup(vault: Path, stamp: datetime, reason: str, sequence: int = 1) -> Path:
    """A file with a backup's name: enough for listing and rotation, which never open one."""
    folder = backup_folder(vault)
    folder.mkdir(exist_ok=True)
    suffix = f"-{sequence}" if sequence > 1 else ""
    path = folder / f"demo-{stamp:%Y%m%d-%H%M%S}Z-{reason}{suffix}.itscm"
    path.write_bytes(b"x" * 4096)
    return path


# --- making and listing -------------------------------------------------------------------


def test_a_backup_is_a_private_verified_copy_with_a_portable_name(conn: Any, vault: Path) -> None:
    info = create_backup(conn, vault, BackupReason.MANUAL)
    assert info.path.parent == vault.parent / "demo-backups"
    assert NAME.fullmatch(info.path.name)
    assert ":" not in info.path.name
    assert info.reason is BackupReason.MANUAL
    assert info.created_at.tzinfo is UTC
    assert abs(datetime.now(UTC) - info.created_at) < timedelta(minutes=1)
    assert info.size == info.path.stat().st_size > 0
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(info.path.parent.stat().st_mode) == 0o700
    assert names(info.path.parent) == [info.path.name]  # no temporary file left behind
    copy = open_read_only(info.path, PASSPHRASE, is_backup=True)
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 7
        assert copy.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert contacts(copy) == contacts(conn)
    finally:
        copy.close()
    assert names(info.path.parent) == [info.path.name]  # reading it made no -wal/-shm


def test_backups_are_listed_newest_first_even_within_one_second(conn: Any, vault: Path) -> None:
    made = [create_backup(conn, vault, reason) for reason in ("manual", "pre-rekey", "auto")]
    assert list_backups(vault) == made[::-1]
    assert made[-1].reason is BackupReason.AUTO


def test_listing_ignores_what_is_not_a_backup(vault: Path) -> None:
    stamp = datetime(2026, 11, 25, 14, 23, 5, tzinfo=UTC)
    kept = fake_backup(vault, stamp, "pre-migration")
    folder = backup_folder(vault)
    for stray in (
        "notes.txt",
        ".demo-20261125-142306Z-manual.itscm.partial",
        "other-20261125-142306Z-manual.itscm",
        "demo-20261325-142306Z-manual.itscm",  # month 13
        "demo-20261125-142306Z-weekly.itscm",
    ):
        (folder / stray).write_bytes(b"")
    assert list_backups(vault) == [
        BackupInfo(kept, stamp, BackupReason.PRE_MIGRATION, 4096, sequence=1)
    ]
    assert list_backups(vault.with_name("never-backed-up.itscm")) == []


def test_a_clock_that_went_back_cannot_reorder_backups(conn: Any, vault: Path) -> None:
    future = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=3)
    fake_backup(vault, future, "auto")
    info = create_backup(conn, vault, "manual")
    assert list_backups(vault)[0] == info
    assert info.created_at == future
    assert info.sequence == 2


def test_a_backup_inside_a_transaction_is_a_bug(conn: Any, vault: Path) -> None:
    conn.execute("INSERT INTO contact (name) VALUES ('pending')")
    with pytest.raises(RuntimeError, match="outside a transaction"):
        create_backup(conn, vault, "manual")
    conn.rollback()


def test_a_full_disk_leaves_no_half_backup(
    conn: Any, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(source: Any, target: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.os, "replace", no_space)
    with pytest.raises(DiskFull):
        create_backup(conn, vault, "manual")
    assert names(backup_folder(vault)) == []


def test_a_copy_that_does_not_read_back_is_not_kept(
    conn: Any, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(conn: Any, schema: str = "main") -> IntegrityReport:
        return IntegrityReport(ok=False, problems=("Page 3 of the file is damaged.",))

    monkeypatch.setattr(backups, "check_integrity", damaged)
    with pytest.raises(BackupFailed, match="the vault itself is unchanged") as caught:
        create_backup(conn, vault, "auto")
    assert "Page 3" in caught.value.detail
    assert names(backup_folder(vault)) == []


# --- rotation -----------------------------------------------------------------------------


def test_rotation_keeps_the_newest_of_each_kind(
    vault: Path, caplog: pytest.LogCaptureFixture
) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rotating = [
        fake_backup(vault, start + timedelta(hours=i), ("manual", "auto", "pre-rekey")[i % 3])
        for i in range(14)
    ]
    protected = [
        fake_backup(vault, start + timedelta(hours=i, minutes=30), "pre-migration")
        for i in range(5)
    ]
    with caplog.at_level(logging.INFO, logger="itscm_desktop.vault.backups"):
        removed = rotate_backups(vault, keep=10, keep_protected=3)
    assert {info.path for info in removed} == {*rotating[:4], *protected[:2]}
    left = {info.path for info in list_backups(vault)}
    assert left == {*rotating[4:], *protected[2:]}
    warned = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 2
    assert all("pre-migration" in record.getMessage() for record in warned)


def test_create_backup_rotates(conn: Any, vault: Path) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(3):
        fake_backup(vault, start + timedelta(days=i), "auto")
    protected = fake_backup(vault, start, "pre-restore")
    info = create_backup(conn, vault, "manual", keep=2, keep_protected=1)
    assert [b.path for b in list_backups(vault)] == [
        info.path,
        backup_folder(vault) / "demo-20260103-000000Z-auto.itscm",
        protected,
    ]


# --- restore ------------------------------------------------------------------------------


def test_restore_puts_the_backup_back_and_keeps_the_old_vault(conn: Any, vault: Path) -> None:
    info = create_backup(conn, vault, "manual")
    expected = contacts(conn)
    conn.execute("DELETE FROM contact WHERE id > 10")
    conn.commit()
    conn.close()
    old_bytes = vault.read_bytes()
    # A crash left a write-ahead log beside the vault: it must go with the old vault.
    Path(f"{vault}-wal").write_bytes(b"old wal")
    Path(f"{vault}-shm").write_bytes(b"old shm")

    replaced = restore_backup(vault, info.path, PASSPHRASE)

    assert replaced is not None
    assert re.fullmatch(r"demo\.itscm\.replaced-\d{8}-\d{6}Z", replaced.name)
    assert replaced.read_bytes() == old_bytes
    assert Path(f"{replaced}-wal").read_bytes() == b"old wal"
    assert Path(f"{replaced}-shm").read_bytes() == b"old shm"
    assert not Path(f"{vault}-wal").exists()
    assert vault.read_bytes() == info.path.read_bytes()
    assert stat.S_IMODE(vault.stat().st_mode) == 0o600
    assert not [p for p in vault.parent.iterdir() if p.name.endswith(".restoring")]
    restored = open_connection(vault, PASSPHRASE)
    try:
        assert contacts(restored) == expected
    finally:
        restored.close()


def test_restore_twice_in_a_second_keeps_both_old_vaults(conn: Any, vault: Path) -> None:
    info = create_backup(conn, vault, "manual")
    conn.close()
    first = restore_backup(vault, info.path, PASSPHRASE)
    second = restore_backup(vault, info.path, PASSPHRASE)
    assert first is not None and second is not None
    assert first != second
    assert first.exists() and second.exists()


def test_restore_onto_a_missing_vault(conn: Any, vault: Path) -> None:
    info = create_backup(conn, vault, "manual")
    conn.close()
    vault.unlink()
    assert restore_backup(vault, info.path, PASSPHRASE) is None
    assert vault.read_bytes() == info.path.read_bytes()


def test_restore_with_the_wrong_passphrase_touches_nothing(conn: Any, vault: Path) -> None:
    info = create_backup(conn, vault, "manual")
    conn.close()
    before = folder_state(vault.parent)
    with pytest.raises(WrongPassphrase, match="does not open the backup"):
        restore_backup(vault, info.path, "not the passphrase at all")
    assert folder_state(vault.parent) == before


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (200, "first page of the backup file is damaged"),  # page 1, after the salt
        (4096 + 100, "This backup is damaged"),  # page 2: found by the integrity check
        (None, "backup file is incomplete"),
    ],
)
def test_restore_refuses_a_damaged_backup(
    conn: Any, vault: Path, offset: int | None, message: str
) -> None:
    info = create_backup(conn, vault, "manual")
    conn.close()
    data = bytearray(info.path.read_bytes())
    if offset is None:
        del data[-100:]
    else:
        data[offset] ^= 0x01
    info.path.write_bytes(data)
    before = folder_state(vault.parent)
    with pytest.raises(RestoreFailed, match=message):
        restore_backup(vault, info.path, PASSPHRASE)
    assert folder_state(vault.parent) == before


def test_restore_on_a_full_disk_leaves_the_vault_alone(
    conn: Any, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = create_backup(conn, vault, "manual")
    conn.close()
    before = folder_state(vault.parent)

    def no_space(*args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.shutil, "copyfileobj", no_space)
    with pytest.raises(DiskFull, match="current vault is unchanged"):
        restore_backup(vault, info.path, PASSPHRASE)
    assert folder_state(vault.parent) == before


def test_a_damaged_vault_offers_its_backups_and_restores(conn: Any, vault: Path) -> None:
    info = create_backup(conn, vault, "manual")
    conn.close()
    data = bytearray(vault.read_bytes())
    data[3] ^= 0x01  # the salt: no page verifies any more
    vault.write_bytes(data)
    with pytest.raises(VaultDamaged, match="opens your latest backup") as caught:
        open_connection(vault, PASSPHRASE)
    assert caught.value.backups == [info]
    restore_backup(vault, caught.value.backups[0].path, PASSPHRASE)
    open_connection(vault, PASSPHRASE).close()
