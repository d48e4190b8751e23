"""The same seed gives the same organisation (names, numbers, structure, order); only
record ids and save timestamps differ. Another seed or reference date gives another."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from itscm_desktop.demo import create_demo_vault
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def content(path: Path) -> list[str]:
    """Everything written, in the order it was written, ids replaced by the order in
    which they first appear: equal lists mean equal content and structure."""
    with Vault.open(path, PASSPHRASE) as vault:
        rows = vault.conn.execute(
            "SELECT action, tbl, title, changes FROM _audit ORDER BY id"
        ).fetchall()
        documents = [vault.document_bytes(d["id"]) for d in vault.records("documents")]
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        return names.setdefault(match.group(0), f"#{len(names)}")

    lines = [UUID.sub(rename, "\t".join(str(v) for v in row)) for row in rows]
    return lines + [d.decode("utf-8") for d in documents]


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = tmp_path_factory.mktemp("a") / "demo.itscm"
    create_demo_vault(path, PASSPHRASE, seed=7)
    return content(path)


def test_the_same_seed_gives_the_same_content(
    first: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("b") / "demo.itscm"
    create_demo_vault(path, PASSPHRASE, seed=7)
    second = content(path)
    assert len(second) == len(first) > 1000
    assert second == first


def test_another_seed_gives_other_people_and_numbers(
    first: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("c") / "demo.itscm"
    counts = create_demo_vault(path, PASSPHRASE, seed=8)
    other = content(path)
    assert other != first
    assert counts["contacts"] == sum(1 for line in first if line.startswith("create\tcontacts"))
    different = [a for a, b in zip(first, other, strict=False) if a != b]
    assert len(different) > 100


def test_dates_follow_the_reference_date(tmp_path: Path) -> None:
    path = tmp_path / "demo.itscm"
    create_demo_vault(path, PASSPHRASE, today=date(2027, 11, 1))
    with Vault.open(path, PASSPHRASE) as vault:
        plan = vault.plan()
        (incident,) = vault.records("incidents")
    assert plan["approved_on"] == "2027-03-14"
    assert incident["declared_at"].startswith("2027-08-12T")
