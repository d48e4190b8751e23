"""``itscm import``: exit codes, the report, --dry-run, --json, --map, nothing written on
refusal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.unit.conftest import Run, assert_one_clear_error
from tests.unit.interchange.conftest import SAMPLES

pytestmark = pytest.mark.usefixtures("scripted")


State = tuple[dict[str, int], int]


def state(path: Path) -> State:
    with Vault.open(path, PASSPHRASE) as opened:
        return opened.stats(), len(opened.audit_trail(limit=100_000))


@pytest.fixture(scope="module")
def before(template: tuple[Path, dict[str, str]]) -> State:
    """The state of every test's copy before the test: the template's."""
    return state(template[0])


def test_import_google_contacts(itscm: Run, vault_file: Path) -> None:
    result = itscm("import", vault_file, "contacts", SAMPLES / "google_contacts.csv")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == (
        "Read google_contacts.csv (CSV, UTF-8, comma-separated, a Google Contacts export)."
    )
    assert lines[1].startswith("Columns not imported: Yomi Name, ")
    assert lines[-1] == "3 new contacts, 0 updated, 0 rejected."
    assert state(vault_file)[0]["contacts"] == 5


def test_a_rejected_row_refuses_the_whole_import_with_exit_5(
    itscm: Run, vault_file: Path, before: State
) -> None:
    result = itscm("import", vault_file, "contact", SAMPLES / "contacts_malformed.csv")
    assert result.code == 5
    assert_one_clear_error(result.err, "4 rows of contacts_malformed.csv cannot be imported")
    assert len(result.err.splitlines()) == 1
    assert "Line 4: Mobile: “12” is not a complete phone number." in result.out.splitlines()
    assert state(vault_file) == before


def test_skip_rejected_imports_the_valid_rows(itscm: Run, vault_file: Path) -> None:
    result = itscm(
        "import", vault_file, "contacts", SAMPLES / "contacts_malformed.csv", "--skip-rejected"
    )
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "2 new contacts, 0 updated, 4 rejected."
    assert state(vault_file)[0]["contacts"] == 4


def test_dry_run_writes_nothing_and_says_what_would_happen(
    itscm: Run, vault_file: Path, tmp_path: Path, before: State
) -> None:
    source = tmp_path / "people.csv"
    source.write_text("Name,Job title\nAna Souza,Chief\nNew Person,Clerk\n", encoding="utf-8")
    result = itscm("import", vault_file, "contacts", source, "--dry-run")
    assert result.code == 0, result.err
    assert (
        "Line 2: Ana Souza (same name) would be updated: Job title “Network lead” → “Chief”."
        in (result.out)
    )
    assert result.out.splitlines()[-1] == "1 new contact, 1 to update, 0 rejected."
    refused = itscm(
        "import", vault_file, "contacts", SAMPLES / "contacts_malformed.csv", "--dry-run"
    )
    assert refused.code == 5
    assert state(vault_file) == before


def test_json_report(itscm: Run, vault_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("Name;Cell;Fax\nAna Souza;;1\nKim Park;07400 111222;2\nX;12;3\n")
    result = itscm(
        "import", vault_file, "contacts", source, "--json", "--map", "Fax=", "--skip-rejected"
    )
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["applied"] is True and report["dry_run"] is False
    assert report["file"] == {
        "format": "CSV",
        "encoding": "UTF-8",
        "delimiter": "semicolon",
        "mapping": {"Name": "full_name", "Cell": "mobile_phone", "Fax": None},
    }
    assert report["plan"]["new"] == [
        {"line": 3, "title": "Kim Park", "values": report["plan"]["new"][0]["values"]}
    ]
    assert report["plan"]["new"][0]["values"]["mobile_phone"] == "+447400111222"
    assert report["plan"]["unchanged"][0]["matched_by"] == "name"
    assert report["plan"]["rejected"] == [
        {"line": 4, "reason": "Mobile: “12” is not a complete phone number."}
    ]
    assert len(report["result"]["created"]) == 1
    assert report["result"]["summary"] == "1 new contact, 0 updated, 1 rejected."


def test_map_sends_a_column_to_a_field(itscm: Run, vault_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("Person,Handy\nKim Park,07400 111222\n")
    refused = itscm("import", vault_file, "contacts", source)
    assert refused.code == 5
    assert_one_clear_error(refused.err, "No column of the file gives the full name")
    result = itscm(
        "import",
        vault_file,
        "contacts",
        source,
        "--map",
        "Person=full_name",
        "--map",
        "handy=Mobile",
    )
    assert result.code == 0, result.err
    with Vault.open(vault_file, PASSPHRASE) as opened:
        kim = [c for c in opened.records("contacts") if c["full_name"] == "Kim Park"]
    assert kim[0]["mobile_phone"] == "+447400111222"


@pytest.mark.parametrize(
    ("arguments", "code", "needle"),
    [
        (("assets", SAMPLES / "iphone.vcf"), 5, "A vCard file holds contacts"),
        (("team_members", SAMPLES / "iphone.vcf"), 5, "cannot be imported into team members"),
        (("contacts", SAMPLES / "nothing-here.csv"), 2, "Cannot read"),
        (("contacts", SAMPLES / "iphone.vcf", "--map", "x"), 2, "is not HEADER=FIELD"),
        (("contacts", SAMPLES / "outlook_contacts.csv", "--map", "Nope=notes"), 5, "no column"),
    ],
)
def test_refusals_are_one_clear_line_and_write_nothing(
    itscm: Run,
    vault_file: Path,
    before: State,
    arguments: tuple[object, ...],
    code: int,
    needle: str,
) -> None:
    result = itscm("import", vault_file, *arguments)
    assert result.code == code
    assert_one_clear_error(result.err, needle)
    assert len(result.err.splitlines()) == 1
    assert state(vault_file) == before
