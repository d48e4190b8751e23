"""A small encrypted vault file for the tests of the vault's plumbing (connection, backups,
integrity, rekey), and the "nothing changed" probe they share.

`template` is module-scoped, so it is made once per test module (each creation costs a key
derivation); `vault` is a private copy of it for one test, and `conn` an open connection to
that copy.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from itscm_desktop.vault.connection import create_connection, open_connection
from tests.conftest import PASSPHRASE


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and mtime: the "nothing changed" probe."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def template_user_version() -> int:
    """The template's ``PRAGMA user_version``. A module whose tests check that a copy keeps
    it overrides this fixture with its own number."""
    return 0


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, template_user_version: int) -> Path:
    """50 contacts, 80 suppliers, then 60 long runbook steps with an index on them: several
    pages, and the last of them belongs to the runbook steps."""
    path = tmp_path_factory.mktemp("template") / "demo.itscm"
    conn = create_connection(path, PASSPHRASE)
    conn.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany("INSERT INTO contact (name) VALUES (?)", [(f"Person {i}",) for i in range(50)])
    conn.execute("CREATE TABLE supplier (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany(
        "INSERT INTO supplier (name) VALUES (?)", [(f"Supplier {i}",) for i in range(80)]
    )
    conn.execute("CREATE TABLE runbook_step (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("CREATE INDEX step_body ON runbook_step (body)")
    conn.executemany("INSERT INTO runbook_step (body) VALUES (?)", [("s" * 300,)] * 60)
    conn.execute(f"PRAGMA user_version = {int(template_user_version)}")
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def vault(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.itscm"
    shutil.copy2(template, path)
    return path


@pytest.fixture
def conn(vault: Path) -> Iterator[Any]:
    connection = open_connection(vault, PASSPHRASE)
    yield connection
    connection.close()
