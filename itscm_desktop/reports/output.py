"""Saving a PDF so that the file under its name is always a whole document
(vault/files.py): a half-written contact sheet must never be printed at 3 a.m. A
failure is told in a sentence for the person who asked.
"""

from __future__ import annotations

import errno
from pathlib import Path

from itscm_desktop.vault.files import replace_atomically

_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_FORBIDDEN = (errno.EACCES, errno.EPERM, errno.EROFS)


class PdfNotSaved(Exception):
    """The PDF could not be saved; `str()` is a sentence for the person who asked."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def write_pdf(path: Path, data: bytes) -> None:
    """Save `data` at `path` atomically, replacing a file already there.

    Raises PdfNotSaved, with nothing new left under `path`, when it cannot be done.
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise PdfNotSaved(f"{path} is a folder. Give a file name ending in .pdf.", path)
    if not folder.is_dir():
        raise PdfNotSaved(f"The folder {folder} does not exist. Choose another place.", path)
    try:
        replace_atomically(path, data)
    except OSError as error:
        raise PdfNotSaved(_sentence(error, path), path) from error


def _sentence(error: OSError, path: Path) -> str:
    """What went wrong, said for a person, with what to do about it."""
    if error.errno in _FULL:
        return (
            f"The disk is full: the PDF could not be saved at {path}. "
            "Free some space or choose another place."
        )
    if error.errno in _FORBIDDEN:
        return (
            f"The PDF could not be saved in {path.parent}: the folder is read-only or you may "
            "not write there (or the PDF is open in another program). Choose another place."
        )
    reason = error.strerror or str(error)
    return f"The PDF could not be saved at {path}: {reason}."
