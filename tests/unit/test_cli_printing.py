"""`itscm print`, driven as a script drives it: the file it writes and what it says."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, LETTER

from tests.unit.conftest import Plan, Run, assert_one_clear_error
from tests.unit.reports.conftest import page_texts, read_pdf

pytestmark = pytest.mark.usefixtures("scripted")


def text_of(path: Path) -> str:
    return "\n".join(page_texts(path.read_bytes()))


def test_the_whole_contact_sheet(itscm: Run, vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    result = itscm("print", vault, "contact-sheet", "-o", out)
    assert result.code == 0, result.err
    assert result.out == f"Saved the emergency contact sheet to {out}.\n"
    assert result.err == ""
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = text_of(out)
    assert "Ørsted Łódź Ltd" in text and "Page 1 of 1" in text
    for line in ("Network team", "Ana Souza", "+351 912 345 678", "Bo Lindqvist", "Head office"):
        assert line in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.itscm", "sheet.pdf"]


@pytest.mark.parametrize("team", ["Network team", "  NETWORK TEAM ", "id"])
def test_one_team_by_name_or_id(
    itscm: Run, plan: Plan, vault: Path, tmp_path: Path, team: str
) -> None:
    out = tmp_path / "team.pdf"
    team = plan.ids["team"] if team == "id" else team
    result = itscm("print", vault, "contact-sheet", "--team", team, "-o", out)
    assert result.code == 0, result.err
    assert "Emergency contact sheet: Network team" in text_of(out)


def test_letter_paper(itscm: Run, vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    assert itscm("print", vault, "contact-sheet", "--paper", "letter", "-o", out).code == 0
    box = read_pdf(out.read_bytes()).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(LETTER)
    out_a4 = tmp_path / "a4.pdf"
    assert itscm("print", vault, "contact-sheet", "-o", out_a4).code == 0
    box = read_pdf(out_a4.read_bytes()).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4)


def test_an_unknown_team_is_one_clear_line(itscm: Run, vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "team.pdf"
    result = itscm("print", vault, "contact-sheet", "--team", "Payroll heroes", "-o", out)
    assert result.code == 5
    assert_one_clear_error(result.err, "No team is called “Payroll heroes”")
    assert len(result.err.splitlines()) == 1
    assert not out.exists()


def test_two_teams_of_one_name_ask_for_the_id(itscm: Run, vault: Path, tmp_path: Path) -> None:
    assert itscm("add", vault, "teams", "name=network TEAM").code == 0
    result = itscm(
        "print", vault, "contact-sheet", "--team", "Network team", "-o", tmp_path / "t.pdf"
    )
    assert result.code == 5
    assert_one_clear_error(result.err, "2 teams are called “Network team”; give the id of one")


def test_a_folder_that_does_not_exist(itscm: Run, vault: Path, tmp_path: Path) -> None:
    result = itscm("print", vault, "contact-sheet", "-o", tmp_path / "missing" / "sheet.pdf")
    assert result.code == 1
    assert_one_clear_error(result.err, "does not exist")


def test_a_failed_save_leaves_nothing(
    itscm: Run, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(handle: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("itscm_desktop.vault.files.os.fsync", full)
    result = itscm("print", vault, "contact-sheet", "-o", tmp_path / "sheet.pdf")
    assert result.code == 1
    assert_one_clear_error(result.err, "The disk is full")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.itscm"]


def test_only_documents_that_exist_are_offered(itscm: Run, vault: Path, tmp_path: Path) -> None:
    result = itscm("print", vault, "brochure", "-o", tmp_path / "h.pdf")
    assert result.code == 2
    assert (
        "choose from 'contact-sheet', 'wallet-cards', 'call-tree', 'runbook', 'bia', "
        "'assets', 'suppliers', 'handbook'" in result.err
    )
    assert itscm("print", vault, "contact-sheet").code == 2  # -o is required


def test_an_option_the_document_cannot_take_is_refused(
    itscm: Run, vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sheet.pdf"
    result = itscm("print", vault, "contact-sheet", "--plan", "Mail back", "-o", out)
    assert result.code == 5
    assert_one_clear_error(
        result.err, "The emergency contact sheet cannot be narrowed to a recovery plan."
    )
    assert not out.exists()


def test_a_runbook_by_plan_name(itscm: Run, vault: Path, tmp_path: Path) -> None:
    plan_id = itscm(
        "add", vault, "recovery_plans", "name=Payroll back", "activation_criteria=Down 1 h"
    )
    assert plan_id.code == 0, plan_id.err
    step = itscm(
        "add",
        vault,
        "runbook_steps",
        f"recovery_plan_id={plan_id.out.strip()}",
        "title=Restore the ledger",
        "estimated_minutes=45",
    )
    assert step.code == 0, step.err
    out = tmp_path / "runbook.pdf"
    result = itscm("print", vault, "runbook", "--plan", "payroll BACK", "-o", out)
    assert result.code == 0, result.err
    assert result.out == f"Saved the runbook checklist to {out}.\n"
    text = text_of(out)
    assert "Payroll back" in text and "Restore the ledger" in text and "Down 1 h" in text


def test_an_unknown_plan_is_one_clear_line(itscm: Run, vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "runbook.pdf"
    result = itscm("print", vault, "runbook", "--plan", "Moon base", "-o", out)
    assert result.code == 5
    assert_one_clear_error(result.err, "No recovery plan is called “Moon base”")
    assert not out.exists()


@pytest.mark.parametrize(
    "document",
    ["wallet-cards", "call-tree", "runbook", "bia", "assets", "suppliers", "handbook"],
)
def test_every_document_prints(itscm: Run, vault: Path, tmp_path: Path, document: str) -> None:
    out = tmp_path / f"{document}.pdf"
    result = itscm("print", vault, document, "-o", out)
    assert result.code == 0, result.err
    text = text_of(out)
    assert "Ørsted Łódź Ltd" in text and "Page 1 of" in text
