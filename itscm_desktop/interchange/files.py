"""Saving an export so that the file under its name is always whole.

The same approach as the PDFs (reports/output.py), which this layer may not import: a
temporary file in the target's folder, readable by its owner only (a contact export
holds private numbers), flushed to the disk, then renamed over the target in one step.
On failure the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

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
    temporary: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise ExportNotSaved(_sentence(error, path)) from error
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


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
