"""Fixtures for the interchange tests: the sample files and one small plan, built once
per module and copied for each test that writes to it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "interchange"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def build_small_plan(path: Path) -> dict[str, str]:
    """A site, a supplier, two contacts, an asset and a service; returns their ids."""
    ids: dict[str, str] = {}
    created = Vault.create(path, PASSPHRASE, organisation="Harbour Water plc")
    with created as vault, vault.edit() as edit:
        ids["site"] = edit.insert("sites", {"name": "Head office", "kind": "office"})
        ids["supplier"] = edit.insert(
            "suppliers", {"name": "Nordic Hosting AB", "support_phone": "+46 8 123 456 78"}
        )
        ids["ana"] = edit.insert(
            "contacts",
            {
                "full_name": "Ana Souza",
                "job_title": "Network lead",
                "mobile_phone": "+351 912 345 678",
                "work_email": "ana.souza@example.pt",
                "site_id": ids["site"],
            },
        )
        ids["bo"] = edit.insert(
            "contacts",
            {"full_name": "Bo Lindqvist", "mobile_phone": "+46 70 765 43 21"},
        )
        ids["db"] = edit.insert(
            "assets",
            {
                "name": "db-01",
                "kind": "hardware",
                "site_id": ids["site"],
                "owner_id": ids["bo"],
            },
        )
        ids["erp"] = edit.insert(
            "services",
            {
                "name": "ERP",
                "tier": 1,
                "rto_minutes": "4 h",
                "mtd_minutes": "1 d",
                "owner_id": ids["ana"],
            },
        )
    return ids


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("template") / "plan.itscm"
    return path, build_small_plan(path)


@pytest.fixture
def vault_file(template: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    copy = tmp_path / "plan.itscm"
    shutil.copyfile(template[0], copy)
    os.chmod(copy, 0o600)
    return copy


@pytest.fixture
def ids(template: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return template[1]


@pytest.fixture
def vault(vault_file: Path) -> Iterator[Vault]:
    with Vault.open(vault_file, PASSPHRASE) as opened:
        yield opened
