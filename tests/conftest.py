"""Shared fixtures and the quick/thorough switch.

`make test` runs the quick suite. `ITSCM_THOROUGH=1 make test` also runs the tests marked
`slow` (long fault-injection rounds, the large organisation) and gives Hypothesis many
more examples.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from hypothesis import HealthCheck, settings

THOROUGH = os.environ.get("ITSCM_THOROUGH", "") not in ("", "0")

settings.register_profile(
    "quick", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("thorough" if THOROUGH else "quick")

#: A passphrase the strength check accepts; tests use it for every vault they make.
PASSPHRASE = "lighthouse harbour orange 42"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if THOROUGH:
        return
    skip = pytest.mark.skip(reason="long run: only in thorough mode (ITSCM_THOROUGH=1)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keychain that lives in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def _never_touch_the_real_keychain() -> Iterator[MemoryKeyring]:
    """Every test runs with an in-memory keychain unless it installs its own."""
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "plan.itscm"
