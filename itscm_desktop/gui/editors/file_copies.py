"""Files taken out of the vault to be opened by another program, and how files are named.

A document opened from the vault has to exist as a plain file for the viewer, so it is
written into its own private folder (made by tempfile.mkdtemp, readable by this user
only) with mode 0600 and its own name. Those copies are removed when the vault locks or
the program ends; a copy a viewer still holds open on Windows stays until the next run's
temporary-folder clean-up.
"""

from __future__ import annotations

import atexit
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path

#: Folders holding opened copies, removed together.
_PRIVATE_FOLDERS: list[Path] = []

#: Names people know their files by, for the media types a plan usually holds.
_KINDS = {
    "application/pdf": "PDF document",
    "text/plain": "Text",
    "text/csv": "Spreadsheet (CSV)",
    "text/html": "Web page",
    "application/msword": "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.ms-excel": "Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.visio": "Visio drawing",
    "application/vnd.ms-visio.drawing": "Visio drawing",
    "application/vnd.oasis.opendocument.text": "Document (ODT)",
    "application/vnd.oasis.opendocument.spreadsheet": "Spreadsheet (ODS)",
    "application/zip": "ZIP archive",
    "application/json": "JSON",
    "application/octet-stream": "File",
    "message/rfc822": "E-mail",
}

#: Characters no file system of the three platforms accepts in a name.
_UNSAFE = str.maketrans({c: "_" for c in '<>:"/\\|?*\0'})


def media_type_of(path: Path) -> str:
    guessed, _encoding = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def kind_of(media_type: str | None) -> str:
    """A media type as a person names it ("PDF document", "PNG image")."""
    base = (media_type or "application/octet-stream").split(";")[0].strip().lower()
    if base in _KINDS:
        return _KINDS[base]
    major, _, minor = base.partition("/")
    if major == "image":
        return f"{minor.split('+')[0].upper()} image"
    return minor.upper() or "File"


def size_text(size: object) -> str:
    """Bytes in the units people read: "820 bytes", "1.7 KB", "12 MB"."""
    if not isinstance(size, int):
        return ""
    if size < 1000:
        return f"{size} byte{'' if size == 1 else 's'}"
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1000
        if value < 1000 or unit == "TB":
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


def safe_file_name(name: str) -> str:
    """The document's name, usable as a file name on Windows, macOS and Linux."""
    cleaned = Path(name.translate(_UNSAFE)).name.strip(" .")
    return cleaned or "document"


def write_private_copy(name: str, data: bytes) -> Path:
    """Write `data` as `name` into a new private folder; returns the file's path."""
    folder = Path(tempfile.mkdtemp(prefix="itscm-document-"))
    _PRIVATE_FOLDERS.append(folder)
    path = folder / safe_file_name(name)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return path


def write_copy(path: Path, data: bytes) -> None:
    """Save a copy where the person chose, replacing a file there only once it is written."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def private_copies() -> list[Path]:
    return [folder for folder in _PRIVATE_FOLDERS if folder.exists()]


def remove_private_copies() -> None:
    """Delete every opened copy (on lock and at exit); a file still held open stays."""
    while _PRIVATE_FOLDERS:
        shutil.rmtree(_PRIVATE_FOLDERS.pop(), ignore_errors=True)


atexit.register(remove_private_copies)
