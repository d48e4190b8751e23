"""The `itscm` command line when things go wrong: an exit code for each kind of failure,
where the passphrase comes from, and no traceback ever reaching the person."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from itscm_desktop.vault.integrity import PAGE_SIZE
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.conftest import Run, assert_one_clear_error, fingerprint

pytestmark = pytest.mark.usefixtures("scripted")

WRONG_PASSPHRASE = "wrong horse battery staple"
REPOSITORY = Path(__file__).resolve().parents[2]


# --- exit codes of the vault's errors -------------------------------------------------


def test_wrong_passphrase_is_3_and_changes_nothing(
    itscm: Run, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint(vault)
    monkeypatch.setenv("ITSCM_PASSPHRASE", WRONG_PASSPHRASE)
    result = itscm("stats", vault)
    assert result.code == 3
    assert result.err == "itscm: Wrong passphrase — or the file is damaged.\n"
    assert result.out == ""
    assert fingerprint(vault) == before


def test_wrong_passphrase_with_backups_mentions_them(
    itscm: Run, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    itscm("backup", vault)
    monkeypatch.setenv("ITSCM_PASSPHRASE", WRONG_PASSPHRASE)
    result = itscm("list", vault, "contacts")
    assert result.code == 3
    assert "If you are sure of the passphrase, the file is damaged." in result.err
    assert "itscm restore" in result.err


def test_missing_vault_is_4_and_asks_for_nothing(
    itscm: Run, tmp_path: Path, typed: Callable[..., list[str]]
) -> None:
    prompts = typed()
    result = itscm("stats", tmp_path / "nowhere.itscm")
    assert result.code == 4
    assert result.err == f"itscm: No vault file was found at {tmp_path / 'nowhere.itscm'}.\n"
    assert prompts == []


def test_not_a_vault_is_4(itscm: Run, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7" + bytes(PAGE_SIZE * 2))
    result = itscm("stats", path)
    assert result.code == 4
    assert result.err == "itscm: This is a PDF document, not an ITSCM vault.\n"


def test_a_vault_from_a_newer_version_is_4(itscm: Run, vault: Path) -> None:
    with Vault.open(vault, PASSPHRASE) as opened:
        opened.conn.execute("PRAGMA user_version = 999")
    result = itscm("stats", vault)
    assert result.code == 4
    assert "newer version" in result.err
    assert_one_clear_error(result.err)


def test_argparse_usage_errors_are_2(itscm: Run, vault: Path) -> None:
    assert itscm("frobnicate", vault).code == 2
    assert itscm("list", vault).code == 2
    assert itscm().code == 2


# --- the passphrase ------------------------------------------------------------------


def test_no_terminal_and_no_passphrase_is_2(
    itscm: Run, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ITSCM_PASSPHRASE")
    result = itscm("stats", vault)
    assert result.code == 2
    assert result.err == (
        "itscm: No passphrase: run this on a terminal, "
        "or give --passphrase-file FILE or set ITSCM_PASSPHRASE.\n"
    )


@pytest.mark.parametrize("ending", ["\n", "\r\n", "", "\nsecond line\n"])
def test_passphrase_file_first_line(
    itscm: Run, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    monkeypatch.setenv("ITSCM_PASSPHRASE", WRONG_PASSPHRASE)  # the file wins
    secret = tmp_path / "secret.txt"
    secret.write_bytes((PASSPHRASE + ending).encode())
    assert itscm("stats", vault, "--passphrase-file", secret).code == 0
    assert itscm("--passphrase-file", secret, "stats", vault).code == 0


def test_passphrase_file_missing_or_empty_is_2(itscm: Run, vault: Path, tmp_path: Path) -> None:
    result = itscm("stats", vault, "--passphrase-file", tmp_path / "absent.txt")
    assert result.code == 2
    assert result.err.startswith("itscm: Cannot read the passphrase file")
    (tmp_path / "empty.txt").write_text("\nsecond\n")
    result = itscm("stats", vault, "--passphrase-file", tmp_path / "empty.txt")
    assert result.code == 2
    assert "is empty" in result.err


def test_passphrase_typed_at_the_terminal_is_never_shown(
    itscm: Run, vault: Path, typed: Callable[..., list[str]]
) -> None:
    prompts = typed(PASSPHRASE)
    result = itscm("stats", vault)
    assert result.code == 0, result.err
    assert prompts == ["Passphrase for plan.itscm: "]
    assert PASSPHRASE not in result.out + result.err


# --- the installed command -----------------------------------------------------------


def test_the_console_script_shows_no_traceback_on_a_wrong_passphrase(vault: Path) -> None:
    script = Path(sys.executable).with_name("itscm")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "itscm_desktop"]
    env = {**os.environ, "ITSCM_PASSPHRASE": WRONG_PASSPHRASE, "PYTHONPATH": str(REPOSITORY)}
    done = subprocess.run(
        [*command, "list", str(vault), "contacts"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr == "itscm: Wrong passphrase — or the file is damaged.\n"
