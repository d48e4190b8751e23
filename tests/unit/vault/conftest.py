"""A small encrypted vault file for the tests of the vault's plumbing (connection, backups,
integrity, rekey), and the "nothing changed" probe they share; the demo organisation for
the tests of what the vault answers, `small` (a new, empty plan) for hand-made ones, and
`tried` to change either without keeping the change.

`template` is module-scoped, so it is made once per test module (each creation costs a key
derivation); `vault` is a private copy of it for one test, and `conn` an open connection to
that copy. `demo` and `small` are module-scoped too: their tests change them only inside
`tried`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from itscm_desktop.demo import create_demo_vault
from itscm_desktop.vault.connection import create_connection, open_connection
from itscm_desktop.vault.edits import Edit
from itscm_desktop.vault.vault import Vault
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


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("demo") / "demo.itscm"
    create_demo_vault(path, PASSPHRASE)
    with Vault.open(path, PASSPHRASE) as vault:
        yield vault


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """A new plan with nothing in it yet, for the edges of hand-made plans."""
    path: Path = tmp_path_factory.mktemp("small") / "plan.itscm"
    with Vault.create(path, PASSPHRASE, organisation="Ørsted Łódź Ltd") as vault:
        yield vault


class _Undo(Exception):
    pass


@contextmanager
def tried(vault: Vault) -> Iterator[Edit]:
    """Changes that the code run inside the block sees, and that are then thrown away."""
    try:
        with vault.edit() as edit:
            yield edit
            raise _Undo
    except _Undo:
        pass
