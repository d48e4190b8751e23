"""Plan settings: the one plan record in a form with Save and Revert."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.plan_settings import PlanSettingsPage
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.field_widgets import LineEditor
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture
def page(qtbot: QtBot, session: Session) -> PlanSettingsPage:
    window = QMainWindow()
    qtbot.addWidget(window)
    page = PlanSettingsPage(session=session, navigator=Navigator(window))
    window.setCentralWidget(page)
    window.resize(1200, 900)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.activate()
    page.keep_window = window  # type: ignore[attr-defined]
    return page


def retype(qtbot: QtBot, page: PlanSettingsPage, name: str, text: str) -> None:
    editor = page.form.editor(name)
    assert isinstance(editor, LineEditor)
    editor.line.selectAll()
    qtbot.keyClick(editor.line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor.line, text)


def test_the_plan_is_shown_and_saved_with_ctrl_s(
    qtbot: QtBot, page: PlanSettingsPage, session: Session
) -> None:
    plan = session.vault.plan()
    assert page.form.record_id == plan["id"]
    assert page.form.editor("organisation").value() == plan["organisation"]
    assert not page.save_button.isEnabled()
    retype(qtbot, page, "version", "3.3")
    assert page.save_button.isEnabled() and page.revert_button.isEnabled()
    editor = page.form.editor("version")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert session.vault.plan()["version"] == "3.3"
    assert page.saved_label.text() == "Saved."
    assert not page.save_button.isEnabled()


def test_revert_drops_what_was_typed(
    qtbot: QtBot, page: PlanSettingsPage, session: Session
) -> None:
    before = session.vault.plan()["title"]
    retype(qtbot, page, "title", "Something else")
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.form.editor("title").value() == before
    assert not page.form.dirty and session.vault.plan()["title"] == before


def test_a_wrong_country_code_is_explained_under_its_field(
    qtbot: QtBot, page: PlanSettingsPage, session: Session
) -> None:
    retype(qtbot, page, "phone_region", "XX")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "two-letter country code" in page.form.problem_text("phone_region")
    assert session.vault.plan()["phone_region"] == "GB"
    assert page.saved_label.text() == ""
    retype(qtbot, page, "phone_region", "de")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert session.vault.plan()["phone_region"] == "DE"
    assert page.form.problem_text("phone_region") == ""


def test_valid_unsaved_settings_are_saved_on_lock(
    qtbot: QtBot, page: PlanSettingsPage, session: Session, demo_path: Path
) -> None:
    retype(qtbot, page, "version", "9.9")
    session.lock()
    assert "Saved" in str(page.property("last_message"))
    with Vault.open(demo_path, PASSPHRASE) as vault:
        assert vault.plan()["version"] == "9.9"


def test_unsaved_settings_that_cannot_be_saved_are_discarded_on_lock_and_it_says_so(
    qtbot: QtBot, page: PlanSettingsPage, session: Session, demo_path: Path
) -> None:
    retype(qtbot, page, "phone_region", "XX")  # not a country
    session.lock()
    assert "discarded" in str(page.property("last_message"))
    assert page.form.editor("version").value() == ""
    assert not page.save_button.isEnabled()
    with Vault.open(demo_path, PASSPHRASE) as vault:
        assert vault.plan()["phone_region"] != "XX"
