"""Saving a PDF so that the file under its name is always a whole document.

The PDF is written to a temporary file beside the target (same folder, so the rename
cannot cross disks), readable by its owner only (a contact sheet holds private home
numbers), flushed to the disk, then renamed over the target in one step. When anything
fails the temporary file is removed and the target is left as it was (absent, or the
previous PDF): a half-written contact sheet must never be printed at 3 a.m.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

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
    temporary: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
        temporary = Path(name)  # mkstemp makes it readable by its owner only
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise PdfNotSaved(_sentence(error, path), path) from error
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    _fsync_folder(folder)


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


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the system allows it (POSIX; Windows cannot open a
    folder for fsync). The PDF is already whole under its name, so a failure is no error."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
