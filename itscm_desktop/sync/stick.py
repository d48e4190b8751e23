"""Writing a bundle to a USB stick so that "done" means the stick really holds it.

Sticks get pulled out mid-write, fill up, lie about flushing and go read-only. So a bundle
goes to a temporary file in the same folder, is flushed and fsynced, renamed over its
final name, the folder is fsynced, and the file is read back from the stick and compared
before the caller may say "done". A failure leaves nothing behind and raises
:class:`StickWriteFailed` with one sentence saying what happened and what to do.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import secrets
import sys
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO, Literal

SUFFIX = ".itscm-bundle"
MAX_NAME = 100
_CHUNK = 1 << 20

Reason = Literal["full", "removed", "read-only", "mismatch"]
Opener = Callable[[Path, str], IO[bytes]]

FULL = "The stick is full: delete old files from it or use another stick, then export again."
REMOVED = (
    "The stick was removed or failed while writing: plug it in again (or use another "
    "stick), then export again."
)
READ_ONLY = (
    "The stick cannot be written to: check its lock switch or use another stick, then export again."
)
MISMATCH = (
    "The copy on the stick does not match the bundle and was deleted: the stick may be "
    "failing, so export again to another stick."
)
_MESSAGES: dict[Reason, str] = {
    "full": FULL,
    "removed": REMOVED,
    "read-only": READ_ONLY,
    "mismatch": MISMATCH,
}
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}

# Letters that Unicode does not decompose into an ASCII letter plus accents.
_FOLD = str.maketrans(
    {
        "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h",
        "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th",
        "ı": "i", "’": "", "'": "",
    }
)  # fmt: skip
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
_REMOVABLE_FS = {"vfat", "msdos", "exfat", "ntfs", "ntfs3", "fuseblk"}
_MOUNT_ROOTS = ("/media/", "/run/media/", "/mnt/")


class StickWriteFailed(Exception):
    """The bundle is not on the stick; ``str()`` says why and what to do, in one sentence."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(_MESSAGES[reason])
        self.reason: Reason = reason


def safe_name(plan_title: str, device_name: str, when: datetime) -> str:
    """A bundle file name valid on FAT32 and exFAT, telling plan, laptop and time.

    Letters are folded to ASCII (Łódź → Lodz); anything else becomes a hyphen, so the
    only dot is the suffix's and no part can be a reserved DOS name such as CON.
    """
    stamp = when.strftime("%Y-%m-%d_%H%M")
    room = MAX_NAME - len(SUFFIX) - len(stamp) - 2
    plan = _ascii_part(plan_title, "plan")[: room // 2 + room % 2].strip("-")
    device = _ascii_part(device_name, "laptop")[: room - len(plan)].strip("-")
    stem = f"{plan}_{device}_{stamp}"
    if stem.upper() in _RESERVED:  # cannot happen with the stamp; kept as the rule
        stem += "-"
    return stem + SUFFIX


def _ascii_part(text: str, fallback: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    letters = (c for c in decomposed if not unicodedata.combining(c))
    kept = "".join(c if c.isascii() and c.isalnum() else "-" for c in letters)
    return "-".join(piece for piece in kept.split("-") if piece) or fallback


def write_verified(folder: Path, name: str, data: bytes, *, opener: Opener = open) -> Path:
    """Write ``data`` to ``folder/name`` and check it by reading it back from the stick.

    On any failure neither the final name nor the temporary name remains (a file that
    was already under the final name survives a failure before the rename), and
    :class:`StickWriteFailed` tells the reason. ``opener(path, mode)`` opens files
    ("xb" to write, "rb" to read back): tests pass one that fails on purpose.
    """
    if not name or os.sep in name or "/" in name or name in (".", ".."):
        raise ValueError(f"not a plain file name: {name!r}")
    final = folder / name
    temp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    renamed = False
    try:
        with opener(temp, "xb") as file:
            view = memoryview(data)
            for start in range(0, len(data), _CHUNK):
                file.write(view[start : start + _CHUNK])
            file.flush()
            _sync(file.fileno())
        os.replace(temp, final)
        renamed = True
        _fsync_folder(folder)
        if not _reads_back(final, data, opener):
            raise StickWriteFailed("mismatch")
    except BaseException as exc:
        _remove(temp)
        if renamed:
            _remove(final)
        if isinstance(exc, OSError):
            raise StickWriteFailed(_reason(exc)) from exc
        raise
    return final


def _reason(exc: OSError) -> Reason:
    if exc.errno in _FULL_ERRNOS:
        return "full"
    if exc.errno in _READ_ONLY_ERRNOS or isinstance(exc, PermissionError):
        return "read-only"
    return "removed"


def _sync(descriptor: int) -> None:
    """fsync; on macOS F_FULLFSYNC, because its fsync does not flush the drive's cache."""
    if sys.platform == "darwin":
        import fcntl

        with contextlib.suppress(OSError):  # not every file system has it: plain fsync
            fcntl.fcntl(descriptor, fcntl.F_FULLFSYNC)
            return
    os.fsync(descriptor)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles for it."""
    if sys.platform == "win32":
        return
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    except OSError as exc:  # some FAT drivers refuse fsync on a folder: nothing to sync
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(descriptor)


def _reads_back(path: Path, data: bytes, opener: Opener) -> bool:
    """Compare length and SHA-256 of the file read from the stick, not from the cache
    where the kernel allows dropping it (the pages are clean after the fsync)."""
    digest, length = hashlib.sha256(), 0
    with opener(path, "rb") as file:
        _drop_cache(file)
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
            length += len(chunk)
    return length == len(data) and digest.digest() == hashlib.sha256(data).digest()


def _drop_cache(file: IO[bytes]) -> None:
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):  # not a real file
        advise(file.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):  # the stick is gone: nothing can be removed from it
        path.unlink(missing_ok=True)


# --- Where the sticks are ----------------------------------------------------------------


def removable_volumes() -> list[Path]:
    """The mounted removable volumes a bundle can be exported to, in a stable order."""
    if sys.platform == "win32":
        kernel32 = ctypes.windll.kernel32
        return windows_volumes(kernel32.GetLogicalDrives(), kernel32.GetDriveTypeW)
    if sys.platform == "darwin":
        return mac_volumes(Path("/Volumes"))
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return linux_volumes(mounts)


def linux_volumes(mounts: str) -> list[Path]:
    """Sticks in a /proc/mounts text: FAT, exFAT or NTFS under /media, /run/media, /mnt."""
    found = set()
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3 or fields[2] not in _REMOVABLE_FS:
            continue
        point = _unescape_mount(fields[1])
        if point.startswith(_MOUNT_ROOTS):
            found.add(Path(point))
    return sorted(found)


def _unescape_mount(field: str) -> str:
    r"""/proc/mounts writes space, tab, newline and backslash as \040, \011, \012, \134."""
    for code in ("040", "011", "012", "134"):
        field = field.replace("\\" + code, chr(int(code, 8)))
    return field


def mac_volumes(volumes: Path, root: Path = Path("/")) -> list[Path]:
    """The folders in /Volumes, except the start-up disk (a link to the root)."""
    try:
        entries = sorted(volumes.iterdir())
    except OSError:
        return []
    return [
        entry
        for entry in entries
        if not entry.name.startswith(".") and entry.is_dir() and entry.resolve() != root.resolve()
    ]


DRIVE_REMOVABLE = 2


def windows_volumes(drive_mask: int, drive_type: Callable[[str], int]) -> list[Path]:
    """Drive letters (bit 0 is A:) whose type is DRIVE_REMOVABLE."""
    letters = [chr(ord("A") + bit) for bit in range(26) if drive_mask >> bit & 1]
    return [
        Path(f"{letter}:\\") for letter in letters if drive_type(f"{letter}:\\") == DRIVE_REMOVABLE
    ]
