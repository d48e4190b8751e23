"""Create and unlock the encrypted vault file, and say precisely why one will not open.

Every connection is keyed before its first statement, with SQLCipher's defaults so the
same passphrase opens the file in any SQLCipher tool. Unlocking never writes to a file
it cannot read: a wrong passphrase or a damaged file leaves the bytes, the mtime and the
folder exactly as they were (SQLite only creates ``-wal``/``-shm`` once page 1 has
decrypted, and removes them itself when the connection closes).
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import sqlcipher3

from itscm_desktop.domain.passphrase import passphrase_problem
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
from itscm_desktop.vault.integrity import PAGE_SIZE, KeyCache, is_damage, page_evidence

if TYPE_CHECKING:
    from itscm_desktop.vault.backups import BackupInfo

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_MS",
    "Connection",
    "create_connection",
    "create_private_file",
    "key_statement",
    "open_connection",
    "open_read_only",
    "translate_errors",
]

log = logging.getLogger(__name__)

Connection: TypeAlias = Any  # a sqlcipher3.Connection; sqlcipher3 ships no type stubs

APPLICATION_ID = 0x49545343  # "ITSC" in the database header: marks the file as ours
BUSY_TIMEOUT_MS = 5000
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")

_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 13, 14, 26
_WINDOWS_SHARING_VIOLATIONS = (32, 33)
_PLAIN_SQLITE = b"SQLite format 3\x00"
_HEADER_PEEK = 32
_OTHER_FORMATS = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"age-encryption.org/", "an age-encrypted file, such as a sync bundle"),
)


def create_connection(path: Path, passphrase: str) -> Connection:
    """Create a new, empty vault at ``path`` and return it unlocked.

    Refuses weak passphrases and any existing file (even an empty one: it might be
    something the user cares about). The file is created with mode 0600 before its first
    byte is written; if creation fails half-way, the partial file is removed.
    """
    problem = passphrase_problem(passphrase)
    if problem:
        raise WeakPassphrase(problem)
    if not path.parent.is_dir():
        raise VaultMissing(f"The folder {path.parent} does not exist.", path=path)
    with translate_errors():
        try:
            create_private_file(path)
        except FileExistsError as exc:
            raise VaultExists(path=path) from exc
    conn: Connection = None
    try:
        with translate_errors(path):
            conn = _connect_keyed(_uri(path, "rw"), passphrase)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            _use_wal(conn)
            _restrict_mode(path)
    except BaseException:
        if conn is not None:
            conn.close()
        for leftover in [path, *_side_files(path)]:
            leftover.unlink(missing_ok=True)
        raise
    return conn


def open_connection(path: Path, passphrase: str) -> Connection:
    """Unlock an existing vault for reading and writing.

    Raises ``VaultMissing``, ``WrongPassphrase``, ``VaultDamaged`` (with the backups to
    offer), ``NotAVault``, ``VaultBusy`` or ``ReadOnlyLocation``. A wrong passphrase costs
    up to two more key derivations (about 0.1 s each) to tell it from a damaged file.
    """
    conn = _unlock(path, passphrase, read_only=False)
    try:
        with translate_errors(path):
            _use_wal(conn)
            _restrict_mode(path)
    except BaseException:
        conn.close()
        raise
    return conn


def open_read_only(path: Path, passphrase: str, *, is_backup: bool = False) -> Connection:
    """Unlock a vault or backup without ever writing to it, e.g. to verify a backup.

    Uses SQLite's ``immutable`` mode unless a non-empty ``-wal`` holds part of the data,
    so no ``-wal``/``-shm`` files appear beside a backup. The caller must ensure nothing
    writes to the file meanwhile.
    """
    return _unlock(path, passphrase, read_only=True, is_backup=is_backup)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600, so no byte written later is ever readable by
    others; raises ``FileExistsError`` rather than touch an existing file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    os.close(os.open(path, flags, 0o600))


def key_statement(pragma: str, passphrase: str) -> str:
    """``PRAGMA key`` or ``PRAGMA rekey`` with the passphrase quoted as an SQL literal;
    pragmas take no bound parameters, so quoting is the only safe way in."""
    if pragma not in ("key", "rekey"):
        raise ValueError(f"not a key pragma: {pragma}")
    if "\x00" in passphrase:
        raise ValueError("a passphrase cannot contain NUL characters")
    quoted = passphrase.replace("'", "''")
    return f"PRAGMA {pragma} = '{quoted}'"


@contextmanager
def translate_errors(vault_path: Path | None = None) -> Iterator[None]:
    """Turn driver and file-system errors that have a known cause into our exceptions.

    Disk full, busy, damaged, read-only and disk I/O errors become ``DiskFull``,
    ``VaultBusy``, ``VaultDamaged`` (listing the backups of ``vault_path``),
    ``ReadOnlyLocation`` and ``DiskError``; anything else propagates unchanged, because
    then it is a bug. Wrap every transaction in it.
    """
    try:
        yield
    except (sqlcipher3.dbapi2.Error, OSError) as exc:
        mapped = _known_problem(exc, vault_path)
        if mapped is None:
            raise
        raise mapped from exc


def _known_problem(exc: BaseException, vault_path: Path | None) -> VaultError | None:
    detail = str(exc)
    if isinstance(exc, OSError):
        if getattr(exc, "winerror", None) in _WINDOWS_SHARING_VIOLATIONS:
            return VaultBusy(path=vault_path, detail=detail)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull(path=vault_path, detail=detail)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return ReadOnlyLocation(path=vault_path, detail=detail)
        if exc.errno == errno.EIO:
            return DiskError(path=vault_path, detail=detail)
        return None
    if is_damage(exc):
        return VaultDamaged(path=vault_path, detail=detail, backups=_backups_of(vault_path))
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _SQLITE_FULL:
        return DiskFull(path=vault_path, detail=detail)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return VaultBusy(path=vault_path, detail=detail)
    if primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        return ReadOnlyLocation(path=vault_path, detail=detail)
    if primary == _SQLITE_IOERR:
        return DiskError(path=vault_path, detail=detail)
    return None


def _unlock(path: Path, passphrase: str, *, read_only: bool, is_backup: bool = False) -> Connection:
    noun = "backup file" if is_backup else "vault file"
    remedy = "choose another backup" if is_backup else "restore it from a backup"
    offered = None if is_backup else path
    _check_file_shape(path, noun, remedy, offered)
    if "\x00" in passphrase:
        raise WrongPassphrase(path=path, backups=_backups_of(offered))
    if read_only:
        wal = Path(f"{path}-wal")
        immutable = not (wal.exists() and wal.stat().st_size > 0)
        uri = _uri(path, "ro", immutable=immutable)
    else:
        uri = _uri(path, "rw")
    with translate_errors(offered):
        conn = _connect_keyed(uri, passphrase)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlcipher3.dbapi2.Error as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == _SQLITE_NOTADB:
            raise _unreadable(path, passphrase, noun, offered) from exc
        if is_damage(exc):  # page 1 decrypted, so the passphrase is right
            raise VaultDamaged(
                f"The passphrase is right but the {noun} is damaged — {remedy}.",
                path=path,
                detail=str(exc),
                backups=_backups_of(offered),
            ) from exc
        mapped = _known_problem(exc, offered)
        if mapped is None:
            raise
        raise mapped from exc
    except BaseException:
        conn.close()
        raise
    if application_id != APPLICATION_ID:
        conn.close()
        raise NotAVault(
            f"This encrypted file opens with your passphrase but is not an ITSCM {noun}.",
            path=path,
            detail=f"application_id {application_id:#x}",
        )
    return conn


def _connect_keyed(uri: str, passphrase: str) -> Connection:
    """Connect and key before anything reads the file; logging is silenced first so
    SQLCipher never prints to stderr. None of these statements can fail on a wrong key."""
    # One thread at a time, but not always the same one: the desktop app unlocks in a
    # worker (key derivation takes a moment) and then uses the vault on the GUI thread.
    conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key_statement("key", passphrase))
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except BaseException:
        conn.close()
        raise
    return conn


def _check_file_shape(path: Path, noun: str, remedy: str, offered: Path | None) -> None:
    """Rule out what can be told from the outside, before any key derivation."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise NotAVault(f"{path} is a folder, not a {noun}.", path=path)
        with path.open("rb") as file:
            header = file.read(_HEADER_PEEK)
    except FileNotFoundError as exc:
        raise VaultMissing(f"No {noun} was found at {path}.", path=path) from exc
    except PermissionError as exc:
        raise ReadOnlyLocation(
            f"This computer does not let you read the {noun} at {path}.", path=path
        ) from exc
    if size == 0:
        raise VaultDamaged(
            f"The {noun} is empty (0 bytes) — {remedy}.", path=path, backups=_backups_of(offered)
        )
    if header.startswith(_PLAIN_SQLITE):
        raise NotAVault(
            "This is an ordinary unencrypted SQLite database, not an ITSCM vault.", path=path
        )
    for magic, kind in _OTHER_FORMATS:
        if header.startswith(magic):
            raise NotAVault(f"This is {kind}, not an ITSCM vault.", path=path)
    if size % PAGE_SIZE:
        raise VaultDamaged(
            f"The {noun} is incomplete (cut short or damaged) — {remedy}.",
            path=path,
            detail=f"{size} bytes is not a whole number of {PAGE_SIZE}-byte pages",
            backups=_backups_of(offered),
        )


def _unreadable(path: Path, passphrase: str, noun: str, offered: Path | None) -> VaultError:
    """SQLCipher said "file is not a database": wrong key or damaged page 1. Decide which,
    from the page HMACs (one key derivation) and, failing that, the latest backup."""
    backups = _backups_of(offered)
    keys: KeyCache = {}
    evidence = page_evidence(path, passphrase, keys)
    if evidence.later_page_ok and not evidence.first_page_ok:
        message = f"The passphrase is right but the first page of the {noun} is damaged."
        return VaultDamaged(message, path=path, backups=backups, detail="page 1 fails its HMAC")
    if evidence.first_page_ok:
        message = f"The passphrase is right but the {noun} cannot be read — it is damaged."
        return VaultDamaged(message, path=path, backups=backups, detail="page 1 verifies")
    if backups and _fits(backups[0].path, passphrase, keys):
        message = "The passphrase opens your latest backup, so the vault file itself is damaged."
        return VaultDamaged(message, path=path, backups=backups, detail="no page verifies")
    if offered is None:
        message = "This passphrase does not open the backup — it may predate a passphrase change."
        return WrongPassphrase(message, path=path)
    return WrongPassphrase(path=path, backups=backups)


def _fits(path: Path, passphrase: str, keys: KeyCache) -> bool:
    try:
        return page_evidence(path, passphrase, keys).passphrase_fits
    except OSError as exc:
        log.warning("Could not read backup %s to check the passphrase: %s", path, exc)
        return False


def _backups_of(vault_path: Path | None) -> Sequence[BackupInfo]:
    if vault_path is None:
        return []
    # Imported here because backups.py builds on this module.
    from itscm_desktop.vault.backups import list_backups

    try:
        return list_backups(vault_path)
    except OSError as exc:
        log.warning("Could not list the backups of %s: %s", vault_path, exc)
        return []


#: Decrypted pages kept in memory (KiB, as SQLite's negative cache_size): every page read
#: from disk costs an AES decryption and an HMAC check, so a list of 20,000 assets that is
#: sorted and filtered again and again should stay decrypted.
CACHE_KIB = 64 * 1024


def _use_wal(conn: Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        log.warning("SQLite kept journal mode %s instead of WAL", mode)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _restrict_mode(path: Path) -> None:
    """Keep the vault private to its owner (POSIX only; Windows uses folder ACLs)."""
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) != 0o600:
        os.chmod(path, 0o600)


def _side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in SIDE_FILE_SUFFIXES]


def _uri(path: Path, mode: str, *, immutable: bool = False) -> str:
    query = f"mode={mode}&immutable=1" if immutable else f"mode={mode}"
    return f"{Path(os.path.abspath(path)).as_uri()}?{query}"
