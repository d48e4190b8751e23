"""The Export dialog: what is offered for what, files the core (and other tools) read
back, and a place that cannot be written said in a sentence."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.export_dialog import ExportDialog, default_name
from itscm_desktop.gui.main_window import MainWindow
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.interchange.importing import plan_import
from itscm_desktop.interchange.reading import VCARD, parse_import

WAIT_MS = 20_000


@pytest.fixture
def dialog(qtbot: QtBot, session: Session) -> ExportDialog:
    shown = ExportDialog(session)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def save_as(
    qtbot: QtBot, dialog: ExportDialog, monkeypatch: pytest.MonkeyPatch, answer: Path
) -> dict[str, Any]:
    """Press Save as… and answer the file dialog with `answer`; returns what it was asked."""
    asked: dict[str, Any] = {}

    def get_save_file_name(_parent: Any, _title: str, start: str, filters: str) -> tuple[str, str]:
        asked.update(start=start, filters=filters)
        return str(answer), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    return asked


def test_contacts_as_csv_are_read_back_by_the_import(
    qtbot: QtBot, dialog: ExportDialog, session: Session, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    dialog.set_what("contacts")
    assert dialog.format == ("csv", "")
    assert dialog.count.text().startswith(f"{session.vault.count('contacts')} contacts in the plan")
    asked = save_as(qtbot, dialog, monkeypatch, tmp_path / "everyone")
    saved = tmp_path / "everyone.csv"
    assert Path(asked["start"]).name.endswith(f"-contacts-{date.today().isoformat()}.csv")
    assert dialog.message.kind == "ok"
    assert dialog.message.text == f"Contacts saved to {saved}."
    parsed = parse_import(saved.read_bytes(), "contacts")
    assert len(parsed.rows) == session.vault.count("contacts")
    plan = plan_import(session.vault, parsed)
    assert not plan.new and not plan.updates and not plan.rejected


def test_vcard_is_offered_for_contacts_only(dialog: ExportDialog) -> None:
    dialog.set_what("contacts")
    assert [text.split(" — ")[0] for text in dialog.offered()] == ["CSV", "vCard 4.0", "vCard 3.0"]
    for what in ("suppliers", "assets", "services", "sites"):
        dialog.set_what(what)
        assert [text.split(" — ")[0] for text in dialog.offered()] == ["CSV"]
    dialog.set_what("plan")
    assert [text.split(" — ")[0] for text in dialog.offered()] == ["iCalendar", "JSON"]
    with pytest.raises(ValueError):
        dialog.set_format("vcard", "4.0")


def test_a_vcard_3_export_imports_again(
    qtbot: QtBot, dialog: ExportDialog, session: Session, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    dialog.set_what("contacts")
    dialog.set_format("vcard", "3.0")
    save_as(qtbot, dialog, monkeypatch, tmp_path / "phone.vcf")
    data = (tmp_path / "phone.vcf").read_bytes()
    assert b"VERSION:3.0" in data
    parsed = parse_import(data, "contacts")
    assert parsed.format == VCARD and len(parsed.rows) == session.vault.count("contacts")


def test_the_plan_as_icalendar_is_a_calendar(
    qtbot: QtBot, dialog: ExportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialog.set_what("plan")
    dialog.set_format("ics")
    asked = save_as(qtbot, dialog, monkeypatch, tmp_path / "dates.ics")
    assert asked["filters"] == "Calendar files (*.ics)"
    calendar = Calendar.from_ical((tmp_path / "dates.ics").read_bytes())
    events = [part for part in calendar.walk() if part.name == "VEVENT"]
    assert events, "the demo plan has exercises and actions with dates"
    assert dialog.message.text == f"The plan saved to {tmp_path / 'dates.ics'}."


def test_a_folder_that_does_not_exist_is_said_in_a_sentence(
    qtbot: QtBot, dialog: ExportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialog.set_what("assets")
    save_as(qtbot, dialog, monkeypatch, tmp_path / "gone" / "assets.csv")
    assert dialog.message.kind == "error"
    assert dialog.message.text == (
        f"The folder {tmp_path / 'gone'} does not exist. Choose another place."
    )
    assert dialog.save_button.isEnabled()


def test_the_default_name_says_who_what_and_when() -> None:
    day = date(2026, 11, 25)
    assert default_name("Wharfedale & Vistula Logistics", "contacts", "csv", day) == (
        "wharfedale-vistula-logistics-contacts-2026-11-25.csv"
    )
    assert default_name("", "plan", "ics", day) == "calendar-2026-11-25.ics"
    assert default_name("Łódź Energia", "plan", "json", day) == "łódź-energia-plan-2026-11-25.json"


def test_the_file_menu_opens_export_for_the_page_shown(
    qtbot: QtBot, session: Session, settings: AppSettings
) -> None:
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.show_page("suppliers")
    window.export_action.trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.what == "suppliers"
    dialog.reject()
