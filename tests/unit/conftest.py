"""Fixtures and helpers for the `itscm` command-line tests (the `test_cli*` modules).

Each of those modules gets one small plan, built once per module (`plan` is module-scoped,
and each unlock costs a key derivation), and copies it for the tests that change it
(`vault`). The modules that drive `itscm` as a script say so with
`pytestmark = pytest.mark.usefixtures("scripted")`; `test_cli_keychain` sets up its own
terminal or no-terminal state instead.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from itscm_desktop.cli import main
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

# --- Helpers, imported by the test_cli* modules ------------------------------------------


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@dataclass(frozen=True)
class Plan:
    """A small continuity plan on disk and the ids of its records."""

    path: Path
    ids: dict[str, str]


def build_plan(folder: Path) -> Plan:
    """Two contacts, a site, a team with a member, two services and a risk."""
    path = folder / "plan.itscm"
    ids: dict[str, str] = {}
    created = Vault.create(path, PASSPHRASE, organisation="Ørsted Łódź Ltd")
    with created as vault, vault.edit() as edit:
        ids["site"] = edit.insert("sites", {"name": "Head office", "kind": "office"})
        ids["ana"] = edit.insert(
            "contacts",
            {
                "full_name": "Ana Souza",
                "job_title": "Network lead",
                "mobile_phone": "+351 912 345 678",
                "site_id": ids["site"],
            },
        )
        ids["bo"] = edit.insert("contacts", {"full_name": "Bo Lindqvist", "job_title": "DBA"})
        ids["team"] = edit.insert("teams", {"name": "Network team", "leader_id": ids["ana"]})
        ids["member"] = edit.insert(
            "team_members", {"team_id": ids["team"], "contact_id": ids["bo"], "role": "Deputy"}
        )
        ids["payroll"] = edit.insert(
            "services",
            {
                "name": "Payroll",
                "owner_id": ids["ana"],
                "tier": 1,
                "rto_minutes": "4h",
                "mtd_minutes": "1d",
            },
        )
        ids["email"] = edit.insert("services", {"name": "E-mail", "tier": 2})
        ids["risk"] = edit.insert(
            "risks",
            {
                "title": "Data centre flood",
                "likelihood": 2,
                "impact": 5,
                "service_ids": [ids["payroll"], ids["email"]],
            },
        )
    return Plan(path, ids)


def copy_vault(plan: Plan, folder: Path) -> Path:
    """A private copy of the plan, for a test that changes it."""
    copy = folder / "plan.itscm"
    shutil.copyfile(plan.path, copy)
    os.chmod(copy, 0o600)
    return copy


def as_a_script(monkeypatch: pytest.MonkeyPatch) -> None:
    """A script's surroundings: the passphrase in the environment, no terminal."""
    monkeypatch.setenv("ITSCM_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("sys.stdin", io.StringIO())


def run_itscm(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Result:
    try:
        code = main([str(arg) for arg in argv])
    except SystemExit as exit_:  # argparse's own usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return Result(code, out, err)


class Terminal(io.StringIO):
    """Standard input as a person at a terminal: what they will type, line by line."""

    def isatty(self) -> bool:
        return True


def at_a_terminal(monkeypatch: pytest.MonkeyPatch, *answers: str, lines: str = "") -> list[str]:
    """A person at a terminal types `answers` at the passphrase prompts (and `lines` at
    other prompts). Returns the list the prompts they are shown will be added to."""
    monkeypatch.setattr("sys.stdin", Terminal(lines))
    monkeypatch.delenv("ITSCM_PASSPHRASE", raising=False)
    remaining = list(answers)
    prompts: list[str] = []

    def getpass(prompt: str = "Password: ") -> str:
        prompts.append(prompt)
        return remaining.pop(0)

    monkeypatch.setattr("getpass.getpass", getpass)
    return prompts


def fingerprint(path: Path) -> tuple[str, float, list[str]]:
    """The bytes, the mtime and the files beside it: what "unchanged" means."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, path.stat().st_mtime, sorted(p.name for p in path.parent.iterdir())


def as_json(text: str) -> object:
    """Parse, and insist on the stable form: sorted keys, two-space indent."""
    value = json.loads(text)
    assert text == json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    return value


def assert_one_clear_error(err: str, *needles: str) -> None:
    """Each line prefixed, no traceback, and the message says what it must."""
    assert err
    assert all(line.startswith("itscm: ") for line in err.splitlines())
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err


# --- Fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    """Built once per test module that asks for it."""
    return build_plan(tmp_path_factory.mktemp("template"))


@pytest.fixture
def vault(plan: Plan, tmp_path: Path) -> Path:
    return copy_vault(plan, tmp_path)


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not autouse: a module opts in with `pytestmark = pytest.mark.usefixtures("scripted")`."""
    as_a_script(monkeypatch)


@pytest.fixture
def itscm(capsys: pytest.CaptureFixture[str]) -> Run:
    return functools.partial(run_itscm, capsys)


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[str]]:
    return functools.partial(at_a_terminal, monkeypatch)
