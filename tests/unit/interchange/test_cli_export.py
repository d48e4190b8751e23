"""``itscm export``: files written whole or not at all, refusals exit 5 writing nothing."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from itscm_desktop.interchange.files import ExportNotSaved, write_export
from tests.unit.conftest import Run, assert_one_clear_error

pytestmark = pytest.mark.usefixtures("scripted")


@pytest.mark.parametrize(
    ("table", "fmt", "start", "said"),
    [
        ("contacts", "csv", b"\xef\xbb\xbfFull name,", "Saved 2 contacts to"),
        ("contact", "vcard", b"BEGIN:VCARD\r\nVERSION:4.0", "Saved 2 contacts to"),
        ("assets", "csv", b"\xef\xbb\xbfName,Kind,", "Saved 1 asset to"),
        ("plan", "ics", b"BEGIN:VCALENDAR", "Saved the plan's exercises"),
        ("plan", "json", b"{", "Saved the whole plan to"),
    ],
)
def test_export_writes_the_file(
    itscm: Run, vault_file: Path, tmp_path: Path, table: str, fmt: str, start: bytes, said: str
) -> None:
    out = tmp_path / f"export.{fmt}"
    result = itscm("export", vault_file, table, "--format", fmt, "-o", out)
    assert result.code == 0, result.err
    assert result.out.startswith(said)
    assert out.read_bytes().startswith(start)
    assert oct(out.stat().st_mode & 0o777) == oct(0o600)  # private numbers inside


def test_vcard_version_3(itscm: Run, vault_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.vcf"
    result = itscm("export", vault_file, "contacts", "--format", "vcard", "--vcard-version", "3.0",
                   "-o", out)  # fmt: skip
    assert result.code == 0, result.err
    assert b"VERSION:3.0" in out.read_bytes()


def test_json_export_is_the_documented_object(itscm: Run, vault_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    assert itscm("export", vault_file, "plan", "--format", "json", "-o", out).code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["counts"]["contacts"] == 2
    assert document["tables"]["plan"][0]["organisation"] == "Harbour Water plc"


@pytest.mark.parametrize(
    ("arguments", "needle"),
    [
        (("assets", "--format", "vcard"), "contacts only"),
        (("teams", "--format", "csv"), "cannot be exported as CSV"),
        (("contacts", "--format", "ics"), "whole plan"),
        (("spaceships", "--format", "csv"), "There is no table"),
    ],
)
def test_refusals_exit_5_and_leave_the_old_file(
    itscm: Run, vault_file: Path, tmp_path: Path, arguments: tuple[str, ...], needle: str
) -> None:
    out = tmp_path / "old.txt"
    out.write_text("keep me")
    result = itscm("export", vault_file, *arguments, "-o", out)
    assert result.code == 5
    assert_one_clear_error(result.err, needle)
    assert out.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.txt", "plan.itscm"]


def test_a_missing_folder_is_one_clear_line(itscm: Run, vault_file: Path, tmp_path: Path) -> None:
    result = itscm(
        "export", vault_file, "contacts", "--format", "csv", "-o", tmp_path / "no" / "c.csv"
    )
    assert result.code == 1
    assert_one_clear_error(result.err, "does not exist")


def test_a_full_disk_leaves_the_previous_file_and_no_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "contacts.csv"
    target.write_bytes(b"previous")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportNotSaved, match="The disk is full"):
        write_export(target, b"new contents")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["contacts.csv"]
