"""The keychain as an honest cache: every way it can fail ends in "ask the person"."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from itscm_desktop.vault import keychain
from itscm_desktop.vault.keychain import (
    SERVICE,
    forget_passphrase,
    keychain_status,
    recall_passphrase,
    remember_passphrase,
)
from tests.conftest import PASSPHRASE, MemoryKeyring


class StrictMemoryKeyring(MemoryKeyring):
    """Like a real keychain: deleting what is not there is an error."""

    priority = -10  # type: ignore[assignment]  # never chosen by keyring's own discovery

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise PasswordDeleteError("not found")
        del self.store[(service, username)]


class LockedKeyring(keyring.backend.KeyringBackend):
    priority = -10  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class DroppingKeyring(keyring.backend.KeyringBackend):
    """Accepts every write and keeps nothing, like a misconfigured backend."""

    priority = -10  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        pass


class WrongValueKeyring(StrictMemoryKeyring):
    """Hands back something other than what was stored."""

    def get_password(self, service: str, username: str) -> str | None:
        return "a different passphrase" if (service, username) in self.store else None


class BrokenKeyring(keyring.backend.KeyringBackend):
    """A backend failing in its own way (D-Bus gone, and so on)."""

    priority = -10  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise OSError("org.freedesktop.DBus.Error.ServiceUnknown")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise OSError("org.freedesktop.DBus.Error.ServiceUnknown")

    def delete_password(self, service: str, username: str) -> None:
        raise OSError("org.freedesktop.DBus.Error.ServiceUnknown")


class PlaintextKeyring(StrictMemoryKeyring):
    """Stands in for keyrings.alt's plain-text file backend."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


@pytest.fixture
def use_keyring() -> Iterator[Callable[[keyring.backend.KeyringBackend], None]]:
    """Install a backend for one test; the previous one comes back afterwards."""
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    path = tmp_path / "demo.itscm"
    path.write_bytes(b"")
    return path


def test_a_working_keychain_remembers_and_forgets(
    use_keyring: Callable[[keyring.backend.KeyringBackend], None], vault: Path
) -> None:
    memory = StrictMemoryKeyring()
    use_keyring(memory)
    status = keychain_status()
    assert status.available
    assert "can remember the passphrase" in status.description
    assert recall_passphrase(vault) is None
    result = remember_passphrase(vault, PASSPHRASE)
    assert result.ok and result.reason == ""
    assert memory.store == {(SERVICE, str(vault.resolve())): PASSPHRASE}
    assert recall_passphrase(vault) == PASSPHRASE
    assert forget_passphrase(vault)
    assert recall_passphrase(vault) is None
    assert forget_passphrase(vault)  # nothing left to forget is fine


def test_entries_are_keyed_by_the_resolved_path(
    use_keyring: Callable[[keyring.backend.KeyringBackend], None],
    vault: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_keyring(StrictMemoryKeyring())
    remember_passphrase(vault, PASSPHRASE)
    link = vault.with_name("shortcut.itscm")
    os.symlink(vault, link)
    monkeypatch.chdir(vault.parent)
    assert recall_passphrase(Path("demo.itscm")) == PASSPHRASE
    assert recall_passphrase(link) == PASSPHRASE
    assert recall_passphrase(vault.with_name("other.itscm")) is None


@pytest.mark.parametrize(
    ("backend", "description"),
    [
        (fail.Keyring(), keychain.NO_KEYCHAIN),
        (null.Keyring(), keychain.NULL_KEYCHAIN),
        (LockedKeyring(), keychain.LOCKED_KEYCHAIN),
        (BrokenKeyring(), keychain.BROKEN_KEYCHAIN),
        (PlaintextKeyring(), keychain.PLAINTEXT_KEYCHAIN),
    ],
    ids=["none", "null", "locked", "broken", "plaintext"],
)
def test_an_unusable_keychain_is_reported_and_never_raises(
    use_keyring: Callable[[keyring.backend.KeyringBackend], None],
    vault: Path,
    backend: keyring.backend.KeyringBackend,
    description: str,
) -> None:
    use_keyring(backend)
    assert keychain_status() == keychain.KeychainStatus(available=False, description=description)
    assert remember_passphrase(vault, PASSPHRASE) == keychain.RememberResult(False, description)
    assert recall_passphrase(vault) is None
    forget_passphrase(vault)
    if isinstance(backend, PlaintextKeyring):
        assert backend.store == {}  # refused, not written unprotected


def test_the_no_keychain_message_is_the_plain_one(
    use_keyring: Callable[[keyring.backend.KeyringBackend], None],
) -> None:
    use_keyring(fail.Keyring())
    assert keychain_status().description == (
        "No keychain on this computer — you will type the passphrase each time."
    )


@pytest.mark.parametrize(
    "backend", [DroppingKeyring(), WrongValueKeyring()], ids=["dropping", "wrong-value"]
)
def test_a_keychain_that_does_not_keep_it_faithfully_is_not_trusted(
    use_keyring: Callable[[keyring.backend.KeyringBackend], None],
    vault: Path,
    backend: keyring.backend.KeyringBackend,
) -> None:
    use_keyring(backend)
    assert keychain_status().available  # it looks fine until read back
    result = remember_passphrase(vault, PASSPHRASE)
    assert not result.ok
    assert result.reason == keychain.NOT_KEPT
    assert recall_passphrase(vault) is None


def test_a_keychain_locked_after_remembering_gives_none(
    use_keyring: Callable[[keyring.backend.KeyringBackend], None], vault: Path
) -> None:
    use_keyring(StrictMemoryKeyring())
    assert remember_passphrase(vault, PASSPHRASE).ok
    use_keyring(LockedKeyring())
    assert recall_passphrase(vault) is None
    assert not forget_passphrase(vault)


def test_the_passphrase_never_reaches_the_log(
    use_keyring: Callable[[keyring.backend.KeyringBackend], None],
    vault: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    for backend in (
        StrictMemoryKeyring(),
        LockedKeyring(),
        BrokenKeyring(),
        DroppingKeyring(),
        WrongValueKeyring(),
    ):
        use_keyring(backend)
        keychain_status()
        remember_passphrase(vault, PASSPHRASE)
        recall_passphrase(vault)
        forget_passphrase(vault)
    assert caplog.records  # the failures were logged ...
    assert PASSPHRASE not in caplog.text  # ... without the passphrase
    assert "lighthouse" not in caplog.text
