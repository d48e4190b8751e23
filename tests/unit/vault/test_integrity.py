"""Integrity reports for people, and our own reading of SQLCipher 4's page HMACs."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from itscm_desktop.vault.connection import open_connection
from itscm_desktop.vault.integrity import (
    PAGE_SIZE,
    IntegrityReport,
    check_integrity,
    is_damage,
    page_evidence,
)
from tests.conftest import PASSPHRASE


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(data)


def report_of(vault: Path) -> IntegrityReport:
    conn = open_connection(vault, PASSPHRASE)
    try:
        return check_integrity(conn)
    finally:
        conn.close()


def test_a_healthy_vault_has_no_problems(vault: Path) -> None:
    assert report_of(vault) == IntegrityReport(ok=True, problems=())


def test_a_damaged_page_is_reported_in_words(vault: Path) -> None:
    last_page = vault.stat().st_size // PAGE_SIZE
    flip(vault, (last_page - 1) * PAGE_SIZE + 700)
    report = report_of(vault)
    assert not report.ok
    assert report.problems[0] == (
        f"Page {last_page} of the file is damaged: it does not match its checksum."
    )
    assert "internal structure is damaged" in report.problems[-1]


def test_an_index_out_of_step_is_named(vault: Path) -> None:
    conn = open_connection(vault, PASSPHRASE)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX step_body ON runbook_step (id)' "
                 "WHERE name = 'step_body'")  # fmt: skip
    conn.commit()
    conn.close()
    report = report_of(vault)
    assert not report.ok
    listed = [p for p in report.problems if not p.startswith("… and")]
    assert listed and all("search index step_body is out of step" in p for p in listed)
    assert len(report.problems) <= 6  # the rest are counted, not listed


def test_check_integrity_refuses_a_made_up_schema_name(vault: Path) -> None:
    conn = open_connection(vault, PASSPHRASE)
    try:
        with pytest.raises(ValueError, match="schema"):
            check_integrity(conn, "main; DROP TABLE x")
    finally:
        conn.close()


def test_page_evidence_agrees_with_sqlcipher(vault: Path) -> None:
    keys: dict[tuple[str, bytes], bytes] = {}
    assert page_evidence(vault, PASSPHRASE, keys) == page_evidence(vault, PASSPHRASE)
    right = page_evidence(vault, PASSPHRASE, keys)
    assert right.first_page_ok and right.later_page_ok and right.passphrase_fits
    assert len(keys) == 1  # one derivation, reused
    wrong = page_evidence(vault, "harbour lighthouse orange 42", keys)
    assert not wrong.first_page_ok and not wrong.later_page_ok and not wrong.passphrase_fits


def test_page_evidence_tells_which_page_fails(vault: Path) -> None:
    flip(vault, 100)
    damaged_first = page_evidence(vault, PASSPHRASE)
    assert not damaged_first.first_page_ok
    assert damaged_first.later_page_ok
    assert damaged_first.passphrase_fits


def test_page_evidence_on_a_file_shorter_than_a_page(tmp_path: Path) -> None:
    path = tmp_path / "stub.itscm"
    path.write_bytes(b"\x01" * 100)
    assert not page_evidence(path, PASSPHRASE).passphrase_fits


def test_which_driver_errors_mean_damage() -> None:
    def error(message: str, code: int | None) -> sqlcipher3.dbapi2.DatabaseError:
        exc = sqlcipher3.dbapi2.DatabaseError(message)
        if code is not None:
            exc.sqlite_errorcode = code
        return exc

    assert is_damage(error("database disk image is malformed", 11))
    assert is_damage(error("file is not a database", 26))
    assert is_damage(error("database disk image is malformed", 11 | (1 << 8)))  # extended
    assert is_damage(error("HMAC verification failed", None))
    assert not is_damage(error("database is locked", 5))
    assert not is_damage(error("no such table: x", 1))
    assert not is_damage(error("disk I/O error", None))


def test_a_damaged_page_is_reported_in_a_few_readable_lines(tmp_path: Path) -> None:
    """SQLite lists up to a hundred consequences of one bad page; a person gets a few."""
    from itscm_desktop.vault.vault import Vault

    path = tmp_path / "plan.itscm"
    with Vault.create(path, "lighthouse harbour orange 42", organisation="Acme") as vault:
        with vault.edit() as edit:
            for i in range(400):
                edit.insert("assets", {"name": f"server-{i:04d}", "kind": "hardware"})
        vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 3, pages // 3 + 4):  # a run of pages in the middle
        data[page * 4096 + 100 : page * 4096 + 164] = bytes(64)
    path.write_bytes(bytes(data))
    with Vault.open(path, "lighthouse harbour orange 42") as vault:
        report = vault.check()
    assert not report.ok
    assert 1 <= len(report.problems) <= 12
    assert all("\n" not in problem for problem in report.problems)
    assert any("does not match its checksum" in problem for problem in report.problems)
