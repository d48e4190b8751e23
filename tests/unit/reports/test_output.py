"""A PDF is saved whole or not at all, and a failure is said in a sentence."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from itscm_desktop.reports.output import PdfNotSaved, write_pdf

DATA = b"%PDF-1.4\n" + b"x" * 100_000 + b"\n%%EOF\n"


def test_saves_the_bytes_readable_by_the_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    write_pdf(target, DATA)
    assert target.read_bytes() == DATA
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_replaces_an_older_pdf(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"old")
    write_pdf(target, DATA)
    assert target.read_bytes() == DATA
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "The disk is full"),
        (errno.EROFS, "the folder is read-only"),
        (errno.EACCES, "the folder is read-only"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_a_failed_rename_leaves_nothing_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    def refuse(source: object, target: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("itscm_desktop.vault.files.os.replace", refuse)
    with pytest.raises(PdfNotSaved, match=words) as caught:
        write_pdf(tmp_path / "sheet.pdf", DATA)
    assert caught.value.path == tmp_path / "sheet.pdf"
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_while_writing_keeps_the_older_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"old")

    def full(handle: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("itscm_desktop.vault.files.os.fsync", full)
    with pytest.raises(PdfNotSaved, match="The disk is full"):
        write_pdf(target, DATA)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PdfNotSaved, match="read-only"):
            write_pdf(folder / "sheet.pdf", DATA)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_missing_folder_or_a_folder_as_target(tmp_path: Path) -> None:
    with pytest.raises(PdfNotSaved, match="does not exist"):
        write_pdf(tmp_path / "nowhere" / "sheet.pdf", DATA)
    with pytest.raises(PdfNotSaved, match="is a folder"):
        write_pdf(tmp_path, DATA)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_refuses_new_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("itscm_desktop.vault.files.tempfile.mkstemp", refuse)
    with pytest.raises(PdfNotSaved, match="you may not write there"):
        write_pdf(tmp_path / "sheet.pdf", DATA)
    assert list(tmp_path.iterdir()) == []
