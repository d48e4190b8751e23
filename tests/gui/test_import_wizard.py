"""The Import wizard, driven like a person: choose a file, check its columns, read the
report, import; and every way out of it that must write nothing."""

from __future__ import annotations

import random
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWizard
from pytestqt.qtbot import QtBot

from itscm_desktop.gui import import_done, import_report
from itscm_desktop.gui.import_columns import DONT_IMPORT, SAMPLE, TARGET
from itscm_desktop.gui.import_source import open_source
from itscm_desktop.gui.import_wizard import CHECK, CHOOSE, COLUMNS, DONE, ImportWizard
from itscm_desktop.gui.main_window import MainWindow
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.interchange.importing import plan_import
from itscm_desktop.interchange.problems import ImportRefused
from itscm_desktop.interchange.reading import parse_import

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interchange"
WAIT_MS = 20_000


@pytest.fixture
def wizard(qtbot: QtBot, session: Session) -> ImportWizard:
    shown = ImportWizard(session, Navigator())
    qtbot.addWidget(shown)
    shown.show()
    return shown


def choose_file(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    """Type the path into the file field and press Enter, as a person would."""
    field = wizard.choose_page.path_edit
    field.clear()
    qtbot.keyClicks(field, str(path))
    qtbot.keyClick(field, Qt.Key.Key_Return)


def press(qtbot: QtBot, wizard: ImportWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def to_report(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    """From the first page to the checked report."""
    choose_file(qtbot, wizard, path)
    if wizard.currentId() == CHOOSE:
        press(qtbot, wizard, QWizard.WizardButton.NextButton)
    if wizard.currentId() == COLUMNS:
        press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == CHECK
    qtbot.waitUntil(lambda: wizard.check_page.report is not None, timeout=WAIT_MS)


def import_now(qtbot: QtBot, wizard: ImportWizard, session: Session) -> list[str]:
    """Press Import and wait for the result; returns the tables announced as changed."""
    changed: list[str] = []
    session.changed.connect(changed.append)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentId() == DONE
    qtbot.waitUntil(lambda: not wizard.busy, timeout=WAIT_MS)
    return changed


def tick(qtbot: QtBot, box: Any) -> None:
    """Toggle a check box with the space bar."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def tab_texts(wizard: ImportWizard) -> list[str]:
    tabs = wizard.check_page.tabs
    return [tabs.tabText(i) for i in range(tabs.count()) if tabs.isTabVisible(i)]


def rows_of(view: Any) -> list[tuple[str, ...]]:
    model = view.model()
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def test_google_contacts_are_mapped_checked_and_imported(
    qtbot: QtBot, wizard: ImportWizard, session: Session
) -> None:
    path = FIXTURES / "google_contacts.csv"
    vault = session.vault
    before = vault.count("contacts")
    expected = plan_import(vault, parse_import(path.read_bytes(), "contacts"))

    choose_file(qtbot, wizard, path)
    assert "Google Contacts" in wizard.choose_page.summary.text()
    if wizard.currentId() == CHOOSE:
        press(qtbot, wizard, QWizard.WizardButton.NextButton)
    columns = wizard.columns_page
    assert wizard.currentId() == COLUMNS
    assert columns.recognised.text().startswith("Recognised a Google Contacts export")
    assert columns.combo("Given Name").currentText() == "First name"
    assert columns.combo("Family Name").currentText() == "Last name"
    assert columns.combo("Organization 1 - Name").currentText() == "Organisation"
    assert columns.combo("Phone 1 - Value").currentText() == "Phone 1 number"
    assert columns.combo("Phone 1 - Type").currentText() == "Phone 1 type"
    assert columns.combo("Yomi Name").currentText() == DONT_IMPORT
    assert "Hans" in [columns.table.item(r, SAMPLE).text() for r in range(columns.table.rowCount())]

    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.check_page.report is not None, timeout=WAIT_MS)
    page = wizard.check_page
    assert page.summary.text() == expected.summary()
    assert f"New ({len(expected.new)})" in tab_texts(wizard)
    assert f"To update ({len(expected.updates)})" in tab_texts(wizard)
    assert f"Rejected ({len(expected.rejected)})" in tab_texts(wizard)
    assert [row[1] for row in rows_of(page.new_view)] == [n.title for n in expected.new]
    assert before == vault.count("contacts"), "nothing is written before Import"

    changed = import_now(qtbot, wizard, session)
    assert vault.count("contacts") == before + len(expected.new)
    assert changed == ["contacts"]
    assert wizard.done_page.message.text.startswith("Imported: 3 new contacts")
    assert vault.records("contacts", filter_text="Hans Müller")

    navigator = wizard.navigator
    assert navigator is not None
    with qtbot.waitSignal(navigator.page_requested) as shown:
        qtbot.mouseClick(wizard.done_page.show_button, Qt.MouseButton.LeftButton)
    key, ids = shown.args
    assert key == "contacts" and len(ids) == 3
    assert {vault.get("contacts", i)["full_name"] for i in ids} >= {"Hans Müller"}
    assert not wizard.isVisible()


def test_a_rejected_row_blocks_import_until_skipped(
    qtbot: QtBot, wizard: ImportWizard, session: Session
) -> None:
    before = session.vault.count("contacts")
    to_report(qtbot, wizard, FIXTURES / "contacts_malformed.csv")
    page = wizard.check_page
    assert "Rejected (4)" in tab_texts(wizard)
    assert page.tabs.currentWidget() is page.rejected_view
    rejected = rows_of(page.rejected_view)
    assert ("4", "Mobile: “12” is not a complete phone number.") in rejected
    assert [line for line, _ in rejected] == ["4", "5", "6", "7"]
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert not commit.isEnabled()
    assert "Skip the rejected rows" in page.message.text

    tick(qtbot, page.skip_box)
    assert page.skip_box.isChecked() and commit.isEnabled()
    import_now(qtbot, wizard, session)
    assert session.vault.count("contacts") == before + 2
    assert "4 rejected" in wizard.done_page.message.text


def test_remapping_a_column_changes_what_is_read(
    qtbot: QtBot, wizard: ImportWizard, session: Session
) -> None:
    choose_file(qtbot, wizard, FIXTURES / "outlook_contacts.csv")
    if wizard.currentId() == CHOOSE:
        press(qtbot, wizard, QWizard.WizardButton.NextButton)
    columns = wizard.columns_page
    assert columns.recognised.text().startswith("Recognised an Outlook export")
    source = wizard.source
    assert source is not None and source.parsed is not None
    assert source.parsed.rows[0].values["organisation"] == "Nordic Hosting AB"
    company = columns.combo("Company")
    company.setFocus()
    qtbot.keyClicks(company, "Don")  # a closed drop-down jumps to the item typed
    assert company.currentText() == DONT_IMPORT
    title = columns.combo("Title")
    title.setCurrentIndex(title.findData("job_title"))
    assert "More than one column goes into Job title" in columns.status.text()
    assert "12 of 61 columns will be imported" in columns.status.text()

    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.check_page.report is not None, timeout=WAIT_MS)
    assert source.parsed is not None
    first = source.parsed.rows[0].values
    assert "organisation" not in first
    assert first["job_title"] == "Mr."  # the Title column comes first in Outlook's export
    details = rows_of(wizard.check_page.new_view)[0][2]
    assert "Nordic Hosting AB" not in details and "Mr." in details

    press(qtbot, wizard, QWizard.WizardButton.BackButton)
    title.setCurrentIndex(title.findData(None))
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.check_page.report is not None, timeout=WAIT_MS)
    assert "Database administrator" in rows_of(wizard.check_page.new_view)[0][2]


def test_the_columns_are_reached_with_tab_and_scrolled_into_view(
    qtbot: QtBot, wizard: ImportWizard
) -> None:
    choose_file(qtbot, wizard, FIXTURES / "outlook_contacts.csv")
    if wizard.currentId() == CHOOSE:
        press(qtbot, wizard, QWizard.WizardButton.NextButton)
    columns = wizard.columns_page
    qtbot.waitUntil(lambda: wizard.focusWidget() is columns.combo("First Name"))
    notes = columns.combo("Notes")
    for _ in range(20):
        if wizard.focusWidget() is notes:
            break
        qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Tab)
    assert wizard.focusWidget() is notes
    row = columns.table.model().index(columns.table.rowCount() - 1, TARGET)
    assert columns.table.viewport().rect().contains(columns.table.visualRect(row))


def test_a_file_without_the_name_column_waits_for_it_to_be_chosen(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Who,Cell phone\nRuth Okonkwo,+44 7400 123999\n", encoding="utf-8")
    choose_file(qtbot, wizard, path)
    if wizard.currentId() == CHOOSE:
        press(qtbot, wizard, QWizard.WizardButton.NextButton)
    columns = wizard.columns_page
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    assert "No column goes into Full name" in columns.message.text
    who = columns.combo("Who")
    qtbot.waitUntil(lambda: wizard.focusWidget() is who)  # the column not imported yet
    who.setCurrentIndex(who.findData("full_name"))
    assert next_button.isEnabled() and not columns.message.text
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.check_page.report is not None, timeout=WAIT_MS)
    [(_line, name, details)] = rows_of(wizard.check_page.new_view)
    assert name == "Ruth Okonkwo" and "+44 7400 123999" in details


def test_an_unreadable_file_says_why_on_the_first_page(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(random.Random(5).randbytes(4000))
    with pytest.raises(ImportRefused) as refused:
        parse_import(path.read_bytes(), "contacts")
    choose_file(qtbot, wizard, path)
    assert wizard.currentId() == CHOOSE
    assert wizard.choose_page.message.text == str(refused.value)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    choose_file(qtbot, wizard, tmp_path / "missing.csv")
    assert wizard.choose_page.message.text.startswith("There is no file")


def test_a_vcard_into_assets_is_refused_and_into_contacts_read(
    qtbot: QtBot, wizard: ImportWizard
) -> None:
    wizard.choose_page.set_table("assets")
    choose_file(qtbot, wizard, FIXTURES / "iphone.vcf")
    assert (
        wizard.choose_page.message.text == "A vCard file holds contacts; import it into contacts."
    )
    wizard.choose_page.set_table("contacts")  # the file is read again for contacts
    assert not wizard.choose_page.message.text
    assert wizard.choose_page.summary.text().startswith("A vCard file")


def test_a_vcard_3_file_skips_the_columns_and_imports(
    qtbot: QtBot, wizard: ImportWizard, session: Session
) -> None:
    before = session.vault.count("contacts")
    to_report(qtbot, wizard, FIXTURES / "iphone.vcf")
    assert wizard.visitedIds() == [CHOOSE, CHECK]
    import_now(qtbot, wizard, session)
    assert session.vault.count("contacts") == before + 2
    assert session.vault.records("contacts", filter_text="Chidi Okafor")


def test_cancel_on_the_report_writes_nothing(
    qtbot: QtBot, wizard: ImportWizard, session: Session
) -> None:
    before = session.vault.count("contacts")
    changed: list[str] = []
    session.changed.connect(changed.append)
    to_report(qtbot, wizard, FIXTURES / "google_contacts.csv")
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible()
    assert session.vault.count("contacts") == before and changed == []


def test_cancel_while_importing_writes_nothing(
    qtbot: QtBot, wizard: ImportWizard, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import waits at its first step until the person has pressed Cancel."""
    gate = threading.Event()
    real = import_done.apply_import

    def held(vault: Any, plan: Any, **options: Any) -> Any:
        progress = options["progress"]

        def wait_then_tell(done: int, total: int) -> None:
            gate.wait(WAIT_MS / 1000)
            progress(done, total)

        return real(vault, plan, **{**options, "progress": wait_then_tell})

    monkeypatch.setattr(import_done, "apply_import", held)
    before = session.vault.count("contacts")
    to_report(qtbot, wizard, FIXTURES / "google_contacts.csv")
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    work = wizard.work
    assert work is not None and wizard.busy
    qtbot.waitUntil(work.dialog.isVisible, timeout=WAIT_MS)
    cancel = work.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=WAIT_MS)
    assert wizard.done_page.message.text == "Import stopped. Nothing was imported."
    assert session.vault.count("contacts") == before


def test_a_check_overtaken_by_a_change_of_columns_is_not_shown(
    qtbot: QtBot, wizard: ImportWizard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Back pressed before the progress dialog appears, a column changed: the check
    still running for the old columns must not be taken for the new ones."""
    gate = threading.Event()
    real = import_report.plan_import

    def held(vault: Any, parsed: Any, **options: Any) -> Any:
        gate.wait(WAIT_MS / 1000)
        return real(vault, parsed, **options)

    monkeypatch.setattr(import_report, "plan_import", held)
    choose_file(qtbot, wizard, FIXTURES / "outlook_contacts.csv")
    if wizard.currentId() == CHOOSE:
        press(qtbot, wizard, QWizard.WizardButton.NextButton)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.busy
    press(qtbot, wizard, QWizard.WizardButton.BackButton)
    company = wizard.columns_page.combo("Company")
    company.setCurrentIndex(company.findData(None))
    gate.set()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=WAIT_MS)
    assert wizard.check_page.report is None

    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.check_page.report is not None, timeout=WAIT_MS)
    assert "Nordic Hosting AB" not in rows_of(wizard.check_page.new_view)[0][2]


def test_an_update_names_what_matched_and_what_changes(
    qtbot: QtBot, wizard: ImportWizard, session: Session, tmp_path: Path
) -> None:
    contact = next(c for c in session.vault.records("contacts") if c.get("work_email"))
    path = tmp_path / "update.csv"
    path.write_text(
        f"Full name,Work e-mail,Job title\n{contact['full_name']},{contact['work_email']},"
        "Head of Recovery\n",
        encoding="utf-8",
    )
    to_report(qtbot, wizard, path)
    page = wizard.check_page
    assert page.tabs.currentWidget() is page.updates_view
    [(line, title, matched_by, changes)] = rows_of(page.updates_view)
    assert (line, title, matched_by) == ("2", contact["full_name"], "e-mail address")
    old = contact.get("job_title") or "(empty)"
    assert changes == f"Job title: {old} → Head of Recovery"

    commit = wizard.button(QWizard.WizardButton.CommitButton)
    tick(qtbot, page.update_box)
    assert not commit.isEnabled()
    assert page.message.text.startswith("Nothing to import")
    tick(qtbot, page.update_box)
    import_now(qtbot, wizard, session)
    assert session.vault.get("contacts", contact["id"])["job_title"] == "Head of Recovery"


def test_a_failure_while_importing_says_why_and_writes_nothing(
    qtbot: QtBot, wizard: ImportWizard, session: Session, tmp_path: Path
) -> None:
    contact = next(c for c in session.vault.records("contacts") if c.get("work_email"))
    path = tmp_path / "update.csv"
    path.write_text(
        "Full name,Work e-mail,Job title\n"
        f"{contact['full_name']},{contact['work_email']},Head of Recovery\n"
        "Nadia Haddad,nadia.haddad@example.com,Facilities lead\n",
        encoding="utf-8",
    )
    to_report(qtbot, wizard, path)
    session.vault.delete("contacts", contact["id"], clear_references=True)  # meanwhile
    before = session.vault.count("contacts")
    changed = import_now(qtbot, wizard, session)
    assert wizard.done_page.message.kind == "error"
    assert wizard.done_page.message.text == (
        "Line 2: the contact it updates was deleted meanwhile. Nothing was imported."
    )
    assert session.vault.count("contacts") == before and changed == []
    assert not wizard.done_page.show_button.isVisible()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_the_file_menu_opens_the_wizard_for_the_page_shown(
    qtbot: QtBot, session: Session, settings: AppSettings
) -> None:
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.show_page("assets")
    window.findChild(type(window.import_action), "import_records").trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    assert wizard.choose_page.table == "assets"
    session.lock()  # the wizard goes with the plan it showed
    assert not wizard.isVisible()


# -- the state behind the pages, without widgets ------------------------------------------


def test_a_typed_google_column_can_be_left_out_and_taken_again() -> None:
    path = FIXTURES / "google_contacts.csv"
    source = open_source(path, "contacts")
    assert source.suggested is not None and source.suggested.source == "Google Contacts"
    column = source.suggested.headers.index("Phone 1 - Value")
    hans = source.read_rows().rows[0].values
    assert hans["mobile_phone"] == "+49 151 23456789"

    source.remap(column, None)
    assert source.parsed is None, "read again only when the person goes on"
    assert "mobile_phone" not in source.read_rows().rows[0].values
    source.remap(column, "phone 1 value")
    assert source.overrides == {}
    assert source.read_rows().rows[0].values == hans


def test_columns_sharing_a_header_are_mapped_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "assets.csv"
    path.write_text("Name,Notes,Notes\ndb-9,rack 4,spare disk in cupboard\n", encoding="utf-8")
    source = open_source(path, "assets")
    assert source.suggested is not None
    assert source.suggested.targets == ("name", "notes", None)
    source.remap(1, None)
    source.remap(2, "notes")
    assert source.read_rows().rows[0].values == {"name": "db-9", "notes": "spare disk in cupboard"}
    assert source.duplicated_targets() == []
    source.remap(1, "notes")
    assert source.duplicated_targets() == ["Notes"]


def test_the_report_lists_hold_text_and_the_last_column_as_tooltip() -> None:
    model = import_report.TextRowsModel(["Line", "Why"], [("4", "Mobile is too short.")])
    assert (model.rowCount(), model.columnCount()) == (1, 2)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Why"
    assert model.index(0, 1).data() == "Mobile is too short."
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Mobile is too short."
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None


def test_a_large_file_is_checked_and_imported_in_the_worker(
    qtbot: QtBot, wizard: ImportWizard, session: Session, tmp_path: Path
) -> None:
    rows = 3000
    path = tmp_path / "assets.csv"
    lines = ["Name,Kind,Vendor,Serial number"]
    lines += [f"srv-{i:05d},Hardware,Dell,SN-{i}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = session.vault.count("assets")
    wizard.choose_page.set_table("assets")
    to_report(qtbot, wizard, path)
    assert "New (3,000)" in tab_texts(wizard)
    assert wizard.check_page.new_view.model().rowCount() == rows
    import_now(qtbot, wizard, session)
    assert session.vault.count("assets") == before + rows
