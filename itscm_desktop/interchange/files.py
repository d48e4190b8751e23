"""Saving an export so that the file under its name is always whole.

The same way as the PDFs (vault/files.py): a temporary file beside the target, readable
by its owner only, renamed over it in one step; on failure the target is left as it was
and the reason is told in a sentence.
"""

from __future__ import annotations

import errno
from pathlib import Path

from itscm_desktop.vault.files import replace_atomically

_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_FORBIDDEN = (errno.EACCES, errno.EPERM, errno.EROFS)


class ExportNotSaved(Exception):
    """The export could not be saved; str() is a sentence for the person who asked."""


def write_export(path: Path, data: bytes) -> None:
    """Save `data` at `path` atomically, replacing a file already there. Raises
    ExportNotSaved, with nothing new under `path`, when it cannot be done."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise ExportNotSaved(f"{path} is a folder. Give a file name.")
    if not folder.is_dir():
        raise ExportNotSaved(f"The folder {folder} does not exist. Choose another place.")
    try:
        replace_atomically(path, data)
    except OSError as error:
        raise ExportNotSaved(_sentence(error, path)) from error


def _sentence(error: OSError, path: Path) -> str:
    if error.errno in _FULL:
        return (
            f"The disk is full: {path} could not be saved. Free some space or choose another place."
        )
    if error.errno in _FORBIDDEN:
        return (
            f"{path.name} could not be saved in {path.parent}: the folder is read-only or "
            "the file is open in another program. Choose another place."
        )
    return f"{path} could not be saved: {error.strerror or error}."
