"""Damaged, truncated and foreign files: each gets its own clear error, and none is modified.

The template vault is laid out on purpose: its first table has a 12 kB definition, so
the schema text fills overflow pages 3-5, which every unlock reads; the rows of the
second table fill the pages after that, which only a query or the integrity check reads.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from itscm_desktop.vault import integrity
from itscm_desktop.vault.backups import backup_folder, create_backup, list_backups
from itscm_desktop.vault.connection import (
    create_connection,
    open_connection,
    translate_errors,
)
from itscm_desktop.vault.errors import NotAVault, VaultDamaged, VaultError, WrongPassphrase
from itscm_desktop.vault.integrity import PAGE_SIZE, check_integrity
from tests.conftest import PASSPHRASE
from tests.unit.vault.test_connection import folder_state

SCHEMA_PAGE = 4
WRONG = "Wrong passphrase — or the file is damaged."


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.itscm"
    conn = create_connection(path, PASSPHRASE)
    conn.execute(
        f"CREATE TABLE handbook (id INTEGER PRIMARY KEY, body TEXT DEFAULT '{'n' * 12000}')"
    )
    conn.execute("CREATE TABLE incident_log (id INTEGER PRIMARY KEY, entry TEXT)")
    conn.executemany("INSERT INTO incident_log (entry) VALUES (?)", [("e" * 300,)] * 60)
    conn.commit()
    create_backup(conn, path, "auto")
    conn.close()
    return path


@pytest.fixture(params=[True, False], ids=["with-backups", "no-backups"])
def vault(template: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    path = tmp_path / template.name
    shutil.copy2(template, path)
    if request.param:
        shutil.copytree(backup_folder(template), backup_folder(path))
    return path


def has_backups(vault: Path) -> bool:
    return backup_folder(vault).exists()


def flip(offset: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[offset] ^= 0x01
        path.write_bytes(data)

    return damage


def cut_to(size: Callable[[int], int]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        path.write_bytes(path.read_bytes()[: size(path.stat().st_size)])

    return damage


def random_bytes(size: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        path.write_bytes(hashlib.shake_256(b"not a vault").digest(size))

    return damage


def plain_sqlite(path: Path) -> None:
    path.unlink()
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE contact (name TEXT)")
    plain.commit()
    plain.close()


def open_and_expect(vault: Path, kind: type[VaultError], message: str) -> VaultError:
    """Unlock must fail with ``kind`` and leave every byte, mtime and file as it was."""
    before = folder_state(vault.parent)
    with pytest.raises(kind) as caught:
        open_connection(vault, PASSPHRASE)
    assert message in str(caught.value)
    assert folder_state(vault.parent) == before
    return caught.value


def assert_backups_offered(error: Any, vault: Path) -> None:
    assert [info.path for info in error.backups] == [info.path for info in list_backups(vault)]
    assert bool(error.backups) == has_backups(vault)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (flip(200), "The passphrase is right but the first page of the vault file is damaged."),
        (flip(PAGE_SIZE - 30), "The passphrase is right but the first page"),  # page 1's HMAC
        (flip((SCHEMA_PAGE - 1) * PAGE_SIZE + 9), "The passphrase is right but the vault file "),
        (cut_to(lambda size: size - 1000), "The vault file is incomplete (cut short or damaged)"),
        (cut_to(lambda size: size - 2 * PAGE_SIZE), "The passphrase is right but the vault"),
        (cut_to(lambda size: 0), "The vault file is empty (0 bytes) — restore it from a backup."),
        (random_bytes(3 * PAGE_SIZE + 17), "The vault file is incomplete"),
    ],
    ids=[
        "page-1",
        "page-1-hmac",
        "schema-page",
        "cut-mid-page",
        "cut-at-page",
        "zero-length",
        "random-odd-size",
    ],
)
def test_damage_found_on_unlock(vault: Path, damage: Callable[[Path], None], message: str) -> None:
    damage(vault)
    error = open_and_expect(vault, VaultDamaged, message)
    assert error.exit_code == 4
    assert_backups_offered(error, vault)


def test_a_damaged_salt_is_told_apart_only_by_the_backup(vault: Path) -> None:
    """No page verifies when the salt is hit; only a backup proves the passphrase right."""
    flip(5)(vault)
    if has_backups(vault):
        error = open_and_expect(vault, VaultDamaged, "opens your latest backup")
    else:
        error = open_and_expect(vault, WrongPassphrase, WRONG)
    assert_backups_offered(error, vault)


def test_a_random_file_of_whole_pages(vault: Path) -> None:
    random_bytes(4 * PAGE_SIZE)(vault)
    if has_backups(vault):
        error = open_and_expect(vault, VaultDamaged, "opens your latest backup")
    else:
        error = open_and_expect(vault, WrongPassphrase, WRONG)
    assert_backups_offered(error, vault)


def test_a_wrong_passphrase_modifies_nothing(vault: Path) -> None:
    before = folder_state(vault.parent)
    with pytest.raises(WrongPassphrase) as caught:
        open_connection(vault, "lighthouse harbour orange 24")
    assert str(caught.value) == WRONG
    assert caught.value.exit_code == 3
    assert folder_state(vault.parent) == before
    assert_backups_offered(caught.value, vault)


def test_a_plain_sqlite_file(vault: Path) -> None:
    plain_sqlite(vault)
    error = open_and_expect(
        vault, NotAVault, "This is an ordinary unencrypted SQLite database, not an ITSCM vault."
    )
    assert error.exit_code == 4


def test_damage_beyond_what_unlock_reads(vault: Path) -> None:
    """Unlock succeeds; the integrity check names the page and a query raises VaultDamaged."""
    last_page = vault.stat().st_size // PAGE_SIZE
    flip((last_page - 1) * PAGE_SIZE + 1234)(vault)
    before = folder_state(vault.parent)
    conn = open_connection(vault, PASSPHRASE)
    try:
        report = check_integrity(conn)
        assert not report.ok
        assert f"Page {last_page} of the file is damaged" in report.problems[0]
        with pytest.raises(VaultDamaged) as caught, translate_errors(vault):
            conn.execute("SELECT entry FROM incident_log").fetchall()
        assert str(caught.value) == "The vault file is damaged — restore it from a backup."
        assert "malformed" in caught.value.detail
        assert_backups_offered(caught.value, vault)
    finally:
        conn.close()
    assert folder_state(vault.parent) == before


def test_telling_damage_from_a_wrong_passphrase_costs_bounded_work(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At most one key derivation for the page HMACs and one for the latest backup."""
    derivations: list[int] = []
    real = hashlib.pbkdf2_hmac

    def counting(name: str, password: bytes, salt: bytes, iterations: int, *rest: Any) -> bytes:
        if iterations > 2:
            derivations.append(iterations)
        return real(name, password, salt, iterations, *rest)

    monkeypatch.setattr(integrity.hashlib, "pbkdf2_hmac", counting)
    flip(5)(vault)  # the salt: neither the file nor (if any) the backup share it now
    with pytest.raises((VaultDamaged, WrongPassphrase)):
        open_connection(vault, PASSPHRASE)
    assert len(derivations) == (2 if has_backups(vault) else 1)


def test_no_side_files_appear_beside_a_damaged_vault(vault: Path) -> None:
    flip((SCHEMA_PAGE - 1) * PAGE_SIZE + 9)(vault)
    with pytest.raises(VaultDamaged):
        open_connection(vault, PASSPHRASE)
    side_files = [p for p in os.listdir(vault.parent) if p.startswith(f"{vault.name}-")]
    assert side_files == []
