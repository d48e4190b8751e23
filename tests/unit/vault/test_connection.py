"""Creating and unlocking the vault file: keying order, pragmas, mode 0600, error kinds."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from itscm_desktop.vault import connection
from itscm_desktop.vault.backups import create_backup
from itscm_desktop.vault.connection import (
    APPLICATION_ID,
    create_connection,
    key_statement,
    open_connection,
    open_read_only,
    translate_errors,
)
from itscm_desktop.vault.errors import (
    DiskError,
    DiskFull,
    NotAVault,
    ReadOnlyLocation,
    VaultBusy,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultMissing,
    WeakPassphrase,
    WrongPassphrase,
)
from itscm_desktop.vault.integrity import page_evidence
from tests.conftest import PASSPHRASE
from tests.unit.vault.conftest import folder_state  # tests/faults imports it from here


class RecordingConnection:
    """Wraps a real connection and records every statement, to check keying order."""

    def __init__(self, real: Any, log: list[str]) -> None:
        self._real = real
        self._log = log

    def execute(self, sql: str, *args: Any) -> Any:
        self._log.append(sql)
        return self._real.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    log: list[str] = []
    real_connect = sqlcipher3.connect

    def connect(*args: Any, **kwargs: Any) -> RecordingConnection:
        return RecordingConnection(real_connect(*args, **kwargs), log)

    monkeypatch.setattr(connection.sqlcipher3, "connect", connect)
    return log


# --- create -------------------------------------------------------------------------------


def test_create_makes_a_private_wal_vault_marked_as_ours(tmp_path: Path) -> None:
    path = tmp_path / "new.itscm"
    conn = create_connection(path, PASSPHRASE)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == connection.BUSY_TIMEOUT_MS
    finally:
        conn.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_size == 4096  # page 1 is on disk, not only in a WAL
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    assert page_evidence(path, PASSPHRASE).first_page_ok


def test_create_has_mode_0600_before_sqlcipher_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.itscm"
    seen: list[tuple[int, int]] = []
    real_connect = sqlcipher3.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        seen.append((stat.S_IMODE(path.stat().st_mode), path.stat().st_size))
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(connection.sqlcipher3, "connect", connect)
    old_umask = os.umask(0o022)
    try:
        create_connection(path, PASSPHRASE).close()
    finally:
        os.umask(old_umask)
    assert seen == [(0o600, 0)]


def test_create_keys_before_any_other_statement(tmp_path: Path, statements: list[str]) -> None:
    create_connection(tmp_path / "new.itscm", PASSPHRASE).close()
    assert statements[0] == "PRAGMA cipher_log_level = NONE"
    assert statements[1].startswith("PRAGMA key = ")


def test_create_refuses_a_weak_passphrase_without_touching_the_disk(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphrase, match="at least 12 characters") as caught:
        create_connection(tmp_path / "new.itscm", "secret")
    assert caught.value.exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_any_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.itscm"
    path.write_bytes(b"")
    with pytest.raises(VaultExists):
        create_connection(path, PASSPHRASE)
    assert path.read_bytes() == b""
    assert [p.name for p in tmp_path.iterdir()] == ["notes.itscm"]


def test_create_in_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(VaultMissing, match="does not exist"):
        create_connection(tmp_path / "nowhere" / "new.itscm", PASSPHRASE)


def test_create_removes_the_half_made_file_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(conn: Any) -> None:
        conn.execute("PRAGMA max_page_count = 1")
        conn.execute("CREATE TABLE filler (x)")

    monkeypatch.setattr(connection, "_use_wal", full_disk)
    with pytest.raises(DiskFull):
        create_connection(tmp_path / "new.itscm", PASSPHRASE)
    assert list(tmp_path.iterdir()) == []


# --- open ---------------------------------------------------------------------------------


def test_open_unlocks_and_applies_the_pragmas(vault: Path) -> None:
    os.chmod(vault, 0o644)
    conn = open_connection(vault, PASSPHRASE)
    try:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 50
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == connection.BUSY_TIMEOUT_MS
    finally:
        conn.close()
    assert stat.S_IMODE(vault.stat().st_mode) == 0o600


def test_open_keys_before_any_other_statement(vault: Path, statements: list[str]) -> None:
    open_connection(vault, PASSPHRASE).close()
    assert statements[0] == "PRAGMA cipher_log_level = NONE"
    assert statements[1].startswith("PRAGMA key = ")
    assert "sqlite_master" in " ".join(statements[2:4])


def test_open_missing_file_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(VaultMissing) as caught:
        open_connection(tmp_path / "gone.itscm", PASSPHRASE)
    assert caught.value.exit_code == 4
    assert "gone.itscm" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_wrong_passphrase_changes_nothing(vault: Path) -> None:
    before = folder_state(vault.parent)
    with pytest.raises(WrongPassphrase) as caught:
        open_connection(vault, "harbour lighthouse orange 42")
    assert str(caught.value) == "Wrong passphrase — or the file is damaged."
    assert caught.value.exit_code == 3
    assert caught.value.backups == []
    assert folder_state(vault.parent) == before


def test_wrong_passphrase_still_offers_the_backups(vault: Path) -> None:
    conn = open_connection(vault, PASSPHRASE)
    backup = create_backup(conn, vault, "manual")
    conn.close()
    before = folder_state(vault.parent)
    with pytest.raises(WrongPassphrase) as caught:
        open_connection(vault, "harbour lighthouse orange 42")
    assert [info.path for info in caught.value.backups] == [backup.path]
    assert folder_state(vault.parent) == before


def test_a_passphrase_with_quotes_and_accents_round_trips(tmp_path: Path) -> None:
    passphrase = "l'été au phare — 'quoted' \"double\" 42"
    path = tmp_path / "quotes.itscm"
    create_connection(path, passphrase).close()
    open_connection(path, passphrase).close()
    assert page_evidence(path, passphrase).passphrase_fits  # our KDF agrees with SQLCipher's
    with pytest.raises(WrongPassphrase):
        open_connection(path, passphrase.replace("'", ""))


def test_a_nul_in_the_passphrase_is_simply_wrong(vault: Path) -> None:
    with pytest.raises(WrongPassphrase):
        open_connection(vault, PASSPHRASE + "\x00extra")
    with pytest.raises(ValueError, match="NUL"):
        key_statement("key", "a\x00b")
    with pytest.raises(ValueError, match="not a key pragma"):
        key_statement("cipher", "abc")


def test_an_encrypted_file_that_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "other-app.db"
    other = sqlcipher3.connect(str(path))
    other.execute(key_statement("key", PASSPHRASE))
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("CREATE TABLE wallet (coins)")
    other.commit()
    other.close()
    before = folder_state(tmp_path)
    with pytest.raises(NotAVault, match="not an ITSCM vault file") as caught:
        open_connection(path, PASSPHRASE)
    assert caught.value.exit_code == 4
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (b"%PDF-1.7\n", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"age-encryption.org/v1\n", "age-encrypted file"),
    ],
)
def test_other_kinds_of_file_are_named(tmp_path: Path, header: bytes, kind: str) -> None:
    path = tmp_path / "picked-by-mistake.itscm"
    path.write_bytes(header + bytes(5000))
    with pytest.raises(NotAVault, match=kind):
        open_connection(path, PASSPHRASE)


def test_a_folder_is_not_a_vault(tmp_path: Path) -> None:
    with pytest.raises(NotAVault, match="folder"):
        open_connection(tmp_path, PASSPHRASE)


def test_a_locked_vault_is_busy(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    holder = open_connection(vault, PASSPHRASE)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("INSERT INTO contact (name) VALUES ('holder')")
        holder.commit()
        with pytest.raises(VaultBusy, match="Another program is using the vault file"):
            open_connection(vault, PASSPHRASE)
    finally:
        holder.close()


def test_open_read_only_leaves_no_side_files(vault: Path) -> None:
    before = folder_state(vault.parent)
    conn = open_read_only(vault, PASSPHRASE)
    try:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 50
        with pytest.raises(ReadOnlyLocation), translate_errors(vault):
            conn.execute("INSERT INTO contact (name) VALUES ('nope')")
    finally:
        conn.close()
    assert folder_state(vault.parent) == before


def test_open_read_only_sees_data_still_in_the_wal(vault: Path) -> None:
    writer = open_connection(vault, PASSPHRASE)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO contact (name) VALUES ('only in the WAL')")
    writer.commit()
    reader = open_read_only(vault, PASSPHRASE)
    try:
        assert reader.execute("SELECT count(*) FROM contact").fetchone()[0] == 51
    finally:
        reader.close()
        writer.close()


# --- translate_errors ---------------------------------------------------------------------


def test_disk_full_is_translated(vault: Path) -> None:
    conn = open_connection(vault, PASSPHRASE)
    try:
        conn.execute("PRAGMA max_page_count = 2")
        with pytest.raises(DiskFull, match="free some space") as caught, translate_errors(vault):
            conn.executemany("INSERT INTO contact (name) VALUES (?)", [("x" * 500,)] * 100)
        assert isinstance(caught.value.__cause__, sqlcipher3.dbapi2.Error)
        conn.rollback()
    finally:
        conn.close()


def test_busy_is_translated(vault: Path) -> None:
    first = open_connection(vault, PASSPHRASE)
    second = open_connection(vault, PASSPHRASE)
    try:
        second.execute("PRAGMA busy_timeout = 10")
        first.execute("INSERT INTO contact (name) VALUES ('first')")  # holds the write lock
        with pytest.raises(VaultBusy), translate_errors(vault):
            second.execute("INSERT INTO contact (name) VALUES ('second')")
    finally:
        first.rollback()
        first.close()
        second.close()


def test_bugs_are_not_translated(vault: Path) -> None:
    conn = open_connection(vault, PASSPHRASE)
    try:
        with pytest.raises(sqlcipher3.dbapi2.OperationalError, match="syntax"), translate_errors():
            conn.execute("SELEC nothing")
    finally:
        conn.close()
    with pytest.raises(KeyError), translate_errors():
        raise KeyError("bug")
    with pytest.raises(FileNotFoundError), translate_errors():
        raise FileNotFoundError(errno.ENOENT, "gone")
    with pytest.raises(VaultMissing), translate_errors():
        raise VaultMissing()


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (errno.ENOSPC, DiskFull),
        (errno.EDQUOT, DiskFull),
        (errno.EROFS, ReadOnlyLocation),
        (errno.EACCES, ReadOnlyLocation),
        (errno.EPERM, ReadOnlyLocation),
        (errno.EIO, DiskError),
    ],
)
def test_file_system_errors_are_translated(error: int, kind: type[VaultError]) -> None:
    with pytest.raises(kind) as caught, translate_errors():
        raise OSError(error, os.strerror(error))
    assert str(caught.value).endswith(".")
    assert os.strerror(error) in caught.value.detail


def test_damage_found_later_is_translated_with_backups(vault: Path) -> None:
    error = sqlcipher3.dbapi2.DatabaseError("database disk image is malformed")
    error.sqlite_errorcode = 11  # what SQLite sets on SQLITE_CORRUPT
    with pytest.raises(VaultDamaged) as caught, translate_errors(vault):
        raise error
    assert caught.value.backups == []
    assert caught.value.detail == "database disk image is malformed"
