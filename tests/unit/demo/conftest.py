"""The demo vault, generated once per test module (key derivation and generation take
about half a second)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from itscm_desktop.demo import create_demo_vault
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("demo") / "demo.itscm"
    counts = create_demo_vault(path, PASSPHRASE)
    return path, counts


@pytest.fixture(scope="module")
def demo(demo_file: tuple[Path, dict[str, int]]) -> Iterator[Vault]:
    with Vault.open(demo_file[0], PASSPHRASE) as vault:
        yield vault
