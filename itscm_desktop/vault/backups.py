"""Rotating encrypted backups beside the vault, and putting one back.

Backups live in ``<vault stem>-backups/`` next to the vault, one file each, named
``<stem>-<UTC date>-<UTC time>Z-<reason>.itscm`` (sortable, no colons, so FAT32 and
exFAT sticks take them). They are written by ``VACUUM INTO``, which keeps the key, the
salt and ``user_version``: a backup opens with the passphrase the vault had when it
was made. Restoring never deletes anything: the current vault is moved aside.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import sqlcipher3

from itscm_desktop.vault.connection import (
    APPLICATION_ID,
    SIDE_FILE_SUFFIXES,
    Connection,
    create_private_file,
    open_read_only,
    translate_errors,
)
from itscm_desktop.vault.errors import (
    BackupFailed,
    DiskFull,
    NotAVault,
    RestoreFailed,
    VaultDamaged,
    VaultMissing,
)
from itscm_desktop.vault.integrity import check_integrity, is_damage

__all__ = [
    "BACKUP_SUFFIX",
    "KEEP_PROTECTED",
    "KEEP_ROTATING",
    "BackupInfo",
    "BackupReason",
    "backup_folder",
    "create_backup",
    "list_backups",
    "restore_backup",
    "rotate_backups",
]

log = logging.getLogger(__name__)

BACKUP_SUFFIX = ".itscm"
KEEP_ROTATING = 10
KEEP_PROTECTED = 20
_STAMP = "%Y%m%d-%H%M%S"
_COPY_CHUNK = 1 << 20
_CHECK_SCHEMA = "itscm_backup_check"


class BackupReason(StrEnum):
    MANUAL = "manual"
    AUTO = "auto"
    PRE_MIGRATION = "pre-migration"
    PRE_RESTORE = "pre-restore"
    PRE_REKEY = "pre-rekey"


#: Kinds rotated away after ``KEEP_ROTATING``; the others are the last way back from a
#: migration or a restore, so they are kept up to ``KEEP_PROTECTED`` and logged when removed.
ROTATING = frozenset({BackupReason.MANUAL, BackupReason.AUTO, BackupReason.PRE_REKEY})

_REASONS = "|".join(re.escape(reason.value) for reason in BackupReason)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file. ``sequence`` orders backups made within the same second."""

    path: Path
    created_at: datetime
    reason: BackupReason
    size: int
    sequence: int = 1


def backup_folder(vault_path: Path) -> Path:
    return vault_path.with_name(f"{vault_path.stem}-backups")


def list_backups(vault_path: Path) -> list[BackupInfo]:
    """The backups of ``vault_path``, newest first; unrelated files in the folder are ignored."""
    folder = backup_folder(vault_path)
    if not folder.is_dir():
        return []
    pattern = re.compile(
        rf"{re.escape(vault_path.stem)}-(\d{{8}}-\d{{6}})Z-({_REASONS})(?:-(\d+))?"
        + re.escape(BACKUP_SUFFIX)
    )
    found = []
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_file():
            continue
        try:
            created_at = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(
            BackupInfo(
                path=entry,
                created_at=created_at,
                reason=BackupReason(match.group(2)),
                size=entry.stat().st_size,
                sequence=int(match.group(3) or 1),
            )
        )
    return sorted(found, key=lambda info: (info.created_at, info.sequence), reverse=True)


def create_backup(
    conn: Connection,
    vault_path: Path,
    reason: BackupReason | str,
    *,
    keep: int = KEEP_ROTATING,
    keep_protected: int = KEEP_PROTECTED,
) -> BackupInfo:
    """Write an encrypted copy of the open vault, verify it, then rotate old backups.

    The copy is written under a temporary name and renamed only once it has been read
    back with the connection's key, so a listed backup is always a complete one. Must be
    called outside a transaction (``VACUUM`` refuses to run inside one).
    """
    reason = BackupReason(reason)
    if conn.in_transaction:
        raise RuntimeError("create_backup needs a connection outside a transaction")
    folder = backup_folder(vault_path)
    with translate_errors(vault_path):
        folder.mkdir(mode=0o700, exist_ok=True)
        target, created_at, sequence = _next_backup_name(vault_path, reason)
        partial = folder / f".{target.name}.partial"
        create_private_file(partial)  # VACUUM INTO writes into it, keeping its mode
        try:
            conn.execute("VACUUM INTO ?", (str(partial.absolute()),))
            _fsync_file(partial)
            _verify_copy(conn, partial)
            os.replace(partial, target)
            _fsync_dir(folder)
        finally:
            partial.unlink(missing_ok=True)
    info = BackupInfo(target, created_at, reason, target.stat().st_size, sequence)
    rotate_backups(vault_path, keep=keep, keep_protected=keep_protected)
    return info


def rotate_backups(
    vault_path: Path, *, keep: int = KEEP_ROTATING, keep_protected: int = KEEP_PROTECTED
) -> list[BackupInfo]:
    """Delete the oldest backups beyond the caps; return what was deleted."""
    backups = list_backups(vault_path)
    rotating = [info for info in backups if info.reason in ROTATING]
    protected = [info for info in backups if info.reason not in ROTATING]
    removed = []
    for info in rotating[keep:] + protected[keep_protected:]:
        try:
            info.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("Could not remove old backup %s: %s", info.path, exc)
            continue
        removed.append(info)
        level = logging.INFO if info.reason in ROTATING else logging.WARNING
        log.log(level, "Removed old %s backup %s", info.reason.value, info.path.name)
    return removed


def restore_backup(vault_path: Path, backup_path: Path, passphrase: str) -> Path | None:
    """Put ``backup_path`` in place of the vault; return where the old vault was moved.

    The backup is unlocked with ``passphrase`` and fully checked before anything is
    touched. The current vault and its ``-wal``/``-shm`` are renamed to
    ``<name>.replaced-<time>`` (still a working pair), never deleted. The vault must be
    closed. Raises ``WrongPassphrase`` (the backup may predate a passphrase change),
    ``RestoreFailed`` (damaged or unsuitable backup) or ``DiskFull``; in each case the
    current vault is unchanged.
    """
    try:
        conn = open_read_only(backup_path, passphrase, is_backup=True)
    except (VaultMissing, VaultDamaged, NotAVault) as exc:
        raise RestoreFailed(str(exc), path=backup_path, detail=exc.detail) from exc
    try:
        with translate_errors():
            report = check_integrity(conn)
    finally:
        conn.close()
    if not report.ok:
        raise RestoreFailed(
            "This backup is damaged — choose another one; the current vault is unchanged.",
            path=backup_path,
            detail=" ".join(report.problems),
        )
    folder = vault_path.parent
    try:
        with translate_errors(vault_path):
            handle, temp_name = tempfile.mkstemp(
                dir=folder, prefix=f".{vault_path.name}.", suffix=".restoring"
            )
            temp = Path(temp_name)
            try:
                with os.fdopen(handle, "wb") as out, backup_path.open("rb") as source:
                    shutil.copyfileobj(source, out, _COPY_CHUNK)
                    out.flush()
                    os.fsync(out.fileno())
                if temp.stat().st_size != backup_path.stat().st_size:
                    raise RestoreFailed(path=backup_path, detail="the copy came out short")
                replaced = _move_aside(vault_path)
                os.replace(temp, vault_path)
            finally:
                temp.unlink(missing_ok=True)
            _fsync_dir(folder)
    except DiskFull as exc:
        raise DiskFull(
            "The disk is full, so the backup was not restored; the current vault is unchanged.",
            path=vault_path,
            detail=exc.detail,
        ) from exc
    log.info("Restored %s from %s; previous vault kept as %s", vault_path, backup_path, replaced)
    return replaced


def _next_backup_name(vault_path: Path, reason: BackupReason) -> tuple[Path, datetime, int]:
    """A fresh name that sorts after every existing backup, even if the clock went back."""
    existing = list_backups(vault_path)
    stamp = datetime.now(UTC).replace(microsecond=0)
    if existing and existing[0].created_at > stamp:
        stamp = existing[0].created_at
    sequence = 1 + max((info.sequence for info in existing if info.created_at == stamp), default=0)
    suffix = f"-{sequence}" if sequence > 1 else ""
    name = f"{vault_path.stem}-{stamp.strftime(_STAMP)}Z-{reason.value}{suffix}{BACKUP_SUFFIX}"
    return backup_folder(vault_path) / name, stamp, sequence


def _verify_copy(conn: Connection, copy: Path) -> None:
    """Read the new copy back through the vault's own key (ATTACH without KEY reuses it)."""
    try:
        conn.execute(f"ATTACH DATABASE ? AS {_CHECK_SCHEMA}", (str(copy.absolute()),))
        try:
            conn.execute(f"SELECT count(*) FROM {_CHECK_SCHEMA}.sqlite_master").fetchone()
            copied = conn.execute(f"PRAGMA {_CHECK_SCHEMA}.application_id").fetchone()[0]
            version = conn.execute(f"PRAGMA {_CHECK_SCHEMA}.user_version").fetchone()[0]
            expected = conn.execute("PRAGMA main.user_version").fetchone()[0]
            report = check_integrity(conn, _CHECK_SCHEMA)
        finally:
            conn.execute(f"DETACH DATABASE {_CHECK_SCHEMA}")
    except sqlcipher3.dbapi2.DatabaseError as exc:
        if not is_damage(exc):
            raise
        raise BackupFailed(detail=f"the new copy does not read back: {exc}") from exc
    if copied != APPLICATION_ID or version != expected or not report.ok:
        raise BackupFailed(
            detail=f"application_id {copied:#x}, user_version {version}/{expected}, "
            + " ".join(report.problems)
        )


def _move_aside(vault_path: Path) -> Path | None:
    """Rename the vault and its side files to ``<name>.replaced-<time>[-n]``; side files go
    first, so the restored vault can never meet the old vault's write-ahead log."""
    if not vault_path.exists():
        return None
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = vault_path.with_name(f"{vault_path.name}.replaced-{stamp}Z")
    counter = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", *SIDE_FILE_SUFFIXES)):
        counter += 1
        target = vault_path.with_name(f"{vault_path.name}.replaced-{stamp}Z-{counter}")
    moved: list[tuple[Path, Path]] = []
    try:
        for suffix in (*SIDE_FILE_SUFFIXES, ""):
            source = Path(f"{vault_path}{suffix}")
            if source.exists():
                os.rename(source, f"{target}{suffix}")
                moved.append((source, Path(f"{target}{suffix}")))
    except BaseException:
        for source, moved_to in reversed(moved):
            os.rename(moved_to, source)
        raise
    return target


def _fsync_file(path: Path) -> None:
    with path.open("r+b") as file:
        os.fsync(file.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable; POSIX only (Windows cannot open a folder for fsync)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
