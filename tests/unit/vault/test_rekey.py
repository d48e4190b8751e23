"""Changing the passphrase: backups on both sides, WAL mode, and no way of being locked out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from itscm_desktop.vault.backups import BackupReason, list_backups, restore_backup
from itscm_desktop.vault.connection import open_connection
from itscm_desktop.vault.errors import WeakPassphrase, WrongPassphrase
from itscm_desktop.vault.integrity import page_evidence
from itscm_desktop.vault.rekey import change_passphrase
from tests.conftest import PASSPHRASE

NEW = "seagull ferry timetable 1907"


@pytest.fixture(scope="module")
def template_user_version() -> int:
    return 4  # the new passphrase must keep it


def test_the_passphrase_changes_with_backups_either_side(conn: Any, vault: Path) -> None:
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO supplier (name) VALUES ('only in the WAL so far')")
    conn.commit()
    assert Path(f"{vault}-wal").stat().st_size > 0

    before = change_passphrase(conn, vault, PASSPHRASE, NEW)

    # The connection carries on under the new key, still in WAL mode.
    assert conn.execute("SELECT count(*) FROM supplier").fetchone()[0] == 81
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # The WAL was checkpointed: the file on disk alone opens with the new passphrase.
    assert Path(f"{vault}-wal").stat().st_size == 0
    assert page_evidence(vault, NEW).first_page_ok
    assert not page_evidence(vault, PASSPHRASE).passphrase_fits

    assert before.reason is BackupReason.PRE_REKEY
    assert page_evidence(before.path, PASSPHRASE).first_page_ok  # the OLD passphrase
    assert not page_evidence(before.path, NEW).passphrase_fits
    newest = list_backups(vault)[0]
    assert newest.reason is BackupReason.AUTO
    assert page_evidence(newest.path, NEW).first_page_ok
    assert [b.path for b in list_backups(vault)] == [newest.path, before.path]

    conn.close()
    with pytest.raises(WrongPassphrase, match="Wrong passphrase"):
        open_connection(vault, PASSPHRASE)
    reopened = open_connection(vault, NEW)
    try:
        assert reopened.execute("SELECT count(*) FROM supplier").fetchone()[0] == 81
        assert reopened.execute("PRAGMA user_version").fetchone()[0] == 4
    finally:
        reopened.close()

    # The pre-rekey backup needs the old passphrase, and says so when given the new one.
    with pytest.raises(WrongPassphrase, match="predate a passphrase change"):
        restore_backup(vault, before.path, NEW)


def test_a_weak_new_passphrase_changes_nothing(conn: Any, vault: Path) -> None:
    with pytest.raises(WeakPassphrase, match="at least 12 characters"):
        change_passphrase(conn, vault, PASSPHRASE, "short")
    assert list_backups(vault) == []
    assert page_evidence(vault, PASSPHRASE).first_page_ok


def test_a_wrong_old_passphrase_changes_nothing(conn: Any, vault: Path) -> None:
    with pytest.raises(WrongPassphrase, match="current passphrase is not right"):
        change_passphrase(conn, vault, "not the current one at all", NEW)
    assert list_backups(vault) == []
    assert conn.execute("SELECT count(*) FROM supplier").fetchone()[0] == 80
    assert page_evidence(vault, PASSPHRASE).first_page_ok
