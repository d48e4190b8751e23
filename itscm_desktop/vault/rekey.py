"""Changing the vault passphrase (``PRAGMA rekey``) without ever being left without a way in."""

from __future__ import annotations

import logging
from pathlib import Path

from itscm_desktop.domain.passphrase import passphrase_problem
from itscm_desktop.vault.backups import BackupInfo, BackupReason, create_backup, list_backups
from itscm_desktop.vault.connection import (
    Connection,
    key_statement,
    open_connection,
    translate_errors,
)
from itscm_desktop.vault.errors import VaultDamaged, VaultError, WeakPassphrase, WrongPassphrase
from itscm_desktop.vault.integrity import page_evidence

__all__ = ["change_passphrase"]

log = logging.getLogger(__name__)


def change_passphrase(conn: Connection, vault_path: Path, old: str, new: str) -> BackupInfo:
    """Re-encrypt the open vault under ``new``; return the backup taken just before.

    That pre-rekey backup still opens with the OLD passphrase only — tell the user, since
    an old passphrase that leaked still opens it. After the change is confirmed by
    unlocking the file afresh with ``new``, a second backup is taken, so the newest
    backup always opens with the current passphrase. Other connections to the vault must
    be closed first: they would keep the old key.

    ``PRAGMA rekey`` works in WAL mode (the re-encrypted pages are committed to the WAL
    atomically); the WAL is checkpointed straight after, so the file on disk holds only
    the new key and any SQLCipher tool opens it with ``new``.
    """
    problem = passphrase_problem(new)
    if problem:
        raise WeakPassphrase(problem)
    with translate_errors(vault_path):
        old_fits = page_evidence(vault_path, old).passphrase_fits
    if not old_fits:
        raise WrongPassphrase(
            "The current passphrase is not right, so the passphrase was not changed.",
            path=vault_path,
        )
    before = create_backup(conn, vault_path, BackupReason.PRE_REKEY)
    with translate_errors(vault_path):
        conn.execute(key_statement("rekey", new))
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        log.warning("Another connection kept the WAL from being emptied after the rekey")
    try:
        conn_check = open_connection(vault_path, new)
    except VaultError as exc:
        raise VaultDamaged(
            "The new passphrase could not be confirmed — the backup made just before opens "
            "with the old passphrase.",
            path=vault_path,
            detail=str(exc),
            backups=list_backups(vault_path),
        ) from exc
    conn_check.close()
    create_backup(conn, vault_path, BackupReason.AUTO)
    return before
