"""`itscm remember` / `forget`, and unlocking with a remembered passphrase: the keychain
is a cache, so a missing, locked or wrong entry always falls back to the passphrase."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from itscm_desktop.vault.keychain import SERVICE
from tests.conftest import PASSPHRASE, MemoryKeyring
from tests.unit.conftest import Run, assert_one_clear_error, fingerprint

NEW_PASSPHRASE = "copper kettle meadow 1987"


@pytest.fixture
def keychain() -> MemoryKeyring:
    memory = keyring.get_keyring()
    assert isinstance(memory, MemoryKeyring)  # installed for every test by conftest
    return memory


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ITSCM_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())


def entry(keychain: MemoryKeyring, vault: Path) -> str | None:
    return keychain.store.get((SERVICE, str(vault.resolve())))


def test_remember_then_open_without_typing(
    itscm: Run, vault: Path, keychain: MemoryKeyring, typed: Callable[..., list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    typed(PASSPHRASE)
    result = itscm("remember", vault)
    assert result.code == 0, result.err
    assert "remembers the passphrase" in result.out
    assert entry(keychain, vault) == PASSPHRASE
    monkeypatch.setattr("sys.stdin", io.StringIO())  # a script: nobody to ask
    assert itscm("stats", vault).code == 0


def test_a_wrong_passphrase_is_never_remembered(
    itscm: Run, vault: Path, keychain: MemoryKeyring, typed: Callable[..., list[str]]
) -> None:
    typed("not the passphrase at all")
    result = itscm("remember", vault)
    assert result.code == 3
    assert entry(keychain, vault) is None


def test_a_stale_remembered_passphrase_falls_back_to_asking(
    itscm: Run, vault: Path, keychain: MemoryKeyring, typed: Callable[..., list[str]]
) -> None:
    keychain.store[(SERVICE, str(vault.resolve()))] = "an old passphrase 1234"
    prompts = typed(PASSPHRASE)
    result = itscm("stats", vault)
    assert result.code == 0, result.err
    assert "no longer opens the vault" in result.err
    assert prompts == [f"Passphrase for {vault.name}: "]


def test_a_stale_remembered_passphrase_in_a_script_is_a_wrong_passphrase(
    itscm: Run, vault: Path, keychain: MemoryKeyring, no_terminal: None
) -> None:
    keychain.store[(SERVICE, str(vault.resolve()))] = "an old passphrase 1234"
    before = fingerprint(vault)
    result = itscm("stats", vault)
    assert result.code == 3
    assert_one_clear_error(result.err)
    assert fingerprint(vault) == before


def test_no_keychain_says_so_and_the_passphrase_still_works(
    itscm: Run, vault: Path, typed: Callable[..., list[str]]
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    typed(PASSPHRASE)
    result = itscm("remember", vault)
    assert result.code == 1
    assert_one_clear_error(result.err, "No keychain on this computer")
    typed(PASSPHRASE)
    assert itscm("stats", vault).code == 0


def test_passwd_keeps_the_remembered_passphrase_in_step(
    itscm: Run, vault: Path, keychain: MemoryKeyring, typed: Callable[..., list[str]]
) -> None:
    keychain.store[(SERVICE, str(vault.resolve()))] = PASSPHRASE
    typed(NEW_PASSPHRASE, NEW_PASSPHRASE)  # the new one, twice; the old one from a file
    result = itscm("passwd", vault, "--passphrase-file", write(vault.parent, PASSPHRASE))
    assert result.code == 0, result.err
    assert entry(keychain, vault) == NEW_PASSPHRASE
    assert "remembers the new passphrase" in result.out


def test_forget(itscm: Run, vault: Path, keychain: MemoryKeyring) -> None:
    keychain.store[(SERVICE, str(vault.resolve()))] = PASSPHRASE
    result = itscm("forget", vault)
    assert result.code == 0 and "no longer remembers" in result.out
    assert entry(keychain, vault) is None
    assert "did not remember" in itscm("forget", vault).out


def write(folder: Path, text: str) -> Path:
    path = folder / "passphrase.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path
