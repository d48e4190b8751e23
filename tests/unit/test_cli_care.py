"""The `itscm` command line, looking after the file: init, demo, check, backup, backups,
restore, passwd."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from itscm_desktop.vault.backups import list_backups
from itscm_desktop.vault.integrity import PAGE_SIZE
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.conftest import Run, as_json, assert_one_clear_error, fingerprint

pytestmark = pytest.mark.usefixtures("scripted")

NEW_PASSPHRASE = "copper kettle meadow 1987"
WRONG_PASSPHRASE = "wrong horse battery staple"


def contacts(path: Path, passphrase: str = PASSPHRASE) -> list[str]:
    with Vault.open(path, passphrase) as opened:
        return [str(record["full_name"]) for record in opened.records("contacts")]


# --- init and demo -------------------------------------------------------------------


def test_init_creates_an_empty_vault(itscm: Run, tmp_path: Path) -> None:
    path = tmp_path / "new.itscm"
    result = itscm("init", path, "--organisation", "Ørsted A/S", "--phone-region", "dk")
    assert result.code == 0, result.err
    assert f"Created the vault {path} for Ørsted A/S." in result.out
    with Vault.open(path, PASSPHRASE) as opened:
        assert opened.plan()["organisation"] == "Ørsted A/S"
        assert opened.plan()["phone_region"] == "DK"
        assert sum(opened.stats().values()) == 1


def test_init_asks_twice_on_a_terminal(
    itscm: Run, tmp_path: Path, typed: Callable[..., list[str]]
) -> None:
    prompts = typed(PASSPHRASE, "a typo in the second", PASSPHRASE, PASSPHRASE, lines="ACME\n")
    path = tmp_path / "new.itscm"
    result = itscm("init", path)
    assert result.code == 0, result.err
    assert prompts == ["New passphrase for new.itscm: ", "Type it again: "] * 2
    assert "The two passphrases differ" in result.err
    assert PASSPHRASE not in result.out + result.err
    with Vault.open(path, PASSPHRASE) as opened:
        assert opened.plan()["organisation"] == "ACME"


def test_init_asks_again_for_a_weak_passphrase(
    itscm: Run, tmp_path: Path, typed: Callable[..., list[str]]
) -> None:
    typed("password12345", PASSPHRASE, PASSPHRASE)
    result = itscm("init", tmp_path / "new.itscm", "--organisation", "ACME")
    assert result.code == 0, result.err
    assert "most common passwords" in result.err


def test_init_refuses_a_weak_passphrase_from_a_script(
    itscm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ITSCM_PASSPHRASE", "secret")
    result = itscm("init", tmp_path / "new.itscm", "--organisation", "ACME")
    assert result.code == 1
    assert result.err.startswith("itscm: Use at least 12 characters")
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_an_existing_file(itscm: Run, vault: Path) -> None:
    before = fingerprint(vault)
    result = itscm("init", vault, "--organisation", "ACME")
    assert result.code == 1
    assert result.err == f"itscm: {vault} already exists — choose another name for the new vault.\n"
    assert fingerprint(vault) == before


def test_init_with_a_bad_region_leaves_no_file(itscm: Run, tmp_path: Path) -> None:
    result = itscm("init", tmp_path / "new.itscm", "--organisation", "ACME", "--phone-region", "XX")
    assert result.code == 5
    assert result.err.startswith("itscm: phone_region (")
    assert list(tmp_path.iterdir()) == []


def test_init_without_an_organisation_in_a_script(itscm: Run, tmp_path: Path) -> None:
    result = itscm("init", tmp_path / "new.itscm")
    assert result.code == 2
    assert result.err == "itscm: Give the organisation's name with --organisation NAME.\n"


def test_demo_builds_a_plan_and_prints_counts(itscm: Run, tmp_path: Path) -> None:
    path = tmp_path / "demo.itscm"
    result = itscm("demo", path, "--seed", "7")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Created the demo vault {path}:\n")
    with Vault.open(path, PASSPHRASE) as opened:
        contacts_count = opened.stats()["contacts"]
    assert contacts_count > 0
    assert re.search(rf"^Contacts\s+{contacts_count}$", result.out, re.MULTILINE)


# --- check ---------------------------------------------------------------------------


def damage_last_page(path: Path) -> None:
    pages = path.stat().st_size // PAGE_SIZE
    with path.open("r+b") as file:
        file.seek((pages - 1) * PAGE_SIZE + 200)
        file.write(b"\xff" * 64)


def test_check_an_intact_vault(itscm: Run, vault: Path) -> None:
    result = itscm("check", vault)
    assert result.code == 0, result.err
    assert "is intact" in result.out


def test_check_a_damaged_vault_offers_the_backups(itscm: Run, vault: Path) -> None:
    assert itscm("backup", vault).code == 0
    damage_last_page(vault)
    result = itscm("check", vault)
    assert result.code == 4
    assert_one_clear_error(result.err)
    lines = result.err.splitlines()
    assert lines[0] == f"itscm: {vault} is damaged:"
    assert any("does not match its checksum" in line for line in lines)
    assert f"itscm: Restore from a backup: itscm restore {vault} BACKUP" in lines
    assert any(str(list_backups(vault)[0].path) in line for line in lines)


def test_a_cut_short_vault_is_damaged(itscm: Run, vault: Path) -> None:
    itscm("backup", vault)
    vault.write_bytes(vault.read_bytes()[: PAGE_SIZE * 3 + 100])
    result = itscm("stats", vault)
    assert result.code == 4
    assert_one_clear_error(result.err)
    assert "incomplete" in result.err.splitlines()[0]
    assert "itscm restore" in result.err


def test_a_damaged_vault_without_backups_says_so(itscm: Run, vault: Path) -> None:
    vault.write_bytes(vault.read_bytes()[:100])
    result = itscm("list", vault, "contacts")
    assert result.code == 4
    assert f"No backups of {vault.name} were found" in result.err


# --- backup, backups, restore ---------------------------------------------------------


def test_backup_and_list_backups(itscm: Run, vault: Path) -> None:
    empty = itscm("backups", vault)
    assert empty.code == 0
    assert empty.out.startswith("No backups of plan.itscm")
    result = itscm("backup", vault)
    assert result.code == 0, result.err
    (made,) = list_backups(vault)
    assert result.out.startswith(f"Backup written: {made.path} (")
    listing = itscm("backups", vault)
    assert listing.code == 0
    assert "made on request" in listing.out
    assert made.path.name in listing.out
    assert made.created_at.strftime("%Y-%m-%d %H:%M UTC") in listing.out


def test_backups_json_shape(itscm: Run, vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    itscm("backup", vault)
    monkeypatch.delenv("ITSCM_PASSPHRASE")  # listing backups needs no passphrase
    result = itscm("backups", vault, "--json")
    data = as_json(result.out)
    assert isinstance(data, dict)
    assert set(data) == {"backups", "folder", "vault"}
    (entry,) = data["backups"]
    assert set(entry) == {"created_at", "path", "reason", "sequence", "size"}
    assert entry["reason"] == "manual"
    assert entry["created_at"].endswith("Z")
    assert entry["size"] == Path(entry["path"]).stat().st_size


def test_restore_puts_a_backup_back_and_keeps_the_replaced_file(itscm: Run, vault: Path) -> None:
    itscm("backup", vault)
    backup = list_backups(vault)[0].path
    before = contacts(vault)
    with Vault.open(vault, PASSPHRASE) as opened:
        opened.insert("contacts", {"full_name": "Added after the backup"})
    result = itscm("restore", vault, backup.name)  # a name from `itscm backups` is enough
    assert result.code == 0, result.err
    assert contacts(vault) == before
    kept = Path(result.out.split("The file it replaced is kept as ")[1].split("\n")[0][:-1])
    assert kept.exists()
    assert "Added after the backup" in contacts(kept)


def test_restore_an_unknown_backup_is_5(itscm: Run, vault: Path) -> None:
    before = fingerprint(vault)
    result = itscm("restore", vault, "no-such-backup.itscm")
    assert result.code == 5
    assert result.err.startswith("itscm: No backup file was found at no-such-backup.itscm.")
    assert fingerprint(vault) == before


def test_restore_with_the_wrong_passphrase_is_3(
    itscm: Run, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    itscm("backup", vault)
    before = fingerprint(vault)
    monkeypatch.setenv("ITSCM_PASSPHRASE", WRONG_PASSPHRASE)
    result = itscm("restore", vault, list_backups(vault)[0].path)
    assert result.code == 3
    assert_one_clear_error(result.err)
    assert fingerprint(vault) == before


# --- passwd --------------------------------------------------------------------------


def test_passwd_from_a_file(
    itscm: Run, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = tmp_path / "new.txt"
    new.write_text(NEW_PASSPHRASE + "\n")
    result = itscm("passwd", vault, "--new-passphrase-file", new)
    assert result.code == 0, result.err
    assert "Passphrase changed" in result.out
    assert itscm("stats", vault).code == 3
    monkeypatch.setenv("ITSCM_PASSPHRASE", NEW_PASSPHRASE)
    assert itscm("stats", vault).code == 0


def test_passwd_on_a_terminal_asks_old_once_and_new_twice(
    itscm: Run, vault: Path, typed: Callable[..., list[str]]
) -> None:
    before = contacts(vault)
    prompts = typed(PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    result = itscm("passwd", vault)
    assert result.code == 0, result.err
    assert prompts == [
        "Passphrase for plan.itscm: ",
        "New passphrase for plan.itscm: ",
        "Type it again: ",
    ]
    assert contacts(vault, NEW_PASSPHRASE) == before


def test_passwd_needs_a_new_passphrase_source(itscm: Run, vault: Path) -> None:
    before = fingerprint(vault)
    result = itscm("passwd", vault)
    assert result.code == 2
    assert result.err == (
        "itscm: No passphrase: run this on a terminal, or give --new-passphrase-file FILE.\n"
    )
    assert fingerprint(vault)[0] == before[0]


def test_passwd_to_the_same_passphrase_is_refused(itscm: Run, vault: Path, tmp_path: Path) -> None:
    same = tmp_path / "same.txt"
    same.write_text(PASSPHRASE)
    result = itscm("passwd", vault, "--new-passphrase-file", same)
    assert result.code == 5
    assert "same as the current one" in result.err
