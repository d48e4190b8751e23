"""Saving a file so that the file under its name is always whole: for the PDFs and the
exports a person saves.

The bytes go to a temporary file beside the target (same folder, so the rename cannot
cross disks), readable by its owner only (contact sheets and exports hold private
numbers), flushed to the disk, then renamed over the target in one step. When anything
fails the temporary file is removed and the target is left as it was (absent, or the
previous file). Callers turn the OSError into their own sentence.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_atomically(path: Path, data: bytes) -> None:
    """Put `data` at `path`, replacing a file already there, in one step. Raises OSError,
    with nothing new under `path`, when it cannot be done."""
    folder = path.parent
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
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the system allows it (POSIX; Windows cannot open a
    folder for fsync). The file is already whole under its name, so a failure is no error."""
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
