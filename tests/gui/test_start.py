"""The start dialog: a new vault, a vault file, the demo, and the recent vaults."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from itscm_desktop.gui import start
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.gui.start import MISSING, StartDialog, demo_vault_path
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture
def dialog(qtbot: QtBot, settings: AppSettings) -> Iterator[StartDialog]:
    dialog = StartDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    if dialog.vault is not None:
        dialog.vault.close()


def button(dialog: StartDialog, name: str) -> QPushButton:
    found = dialog.form.findChild(QPushButton, name)
    assert found is not None
    return found


def click(qtbot: QtBot, dialog: StartDialog, name: str) -> None:
    qtbot.mouseClick(button(dialog, name), Qt.MouseButton.LeftButton)


@pytest.fixture
def new_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file dialog answers with this path."""
    path = tmp_path / "plans" / "continuity-plan.itscm"
    path.parent.mkdir()
    asked: list[Path] = []

    def answer(parent: object, suggested: Path) -> Path:
        asked.append(suggested)
        return path

    monkeypatch.setattr(start, "ask_save_path", answer)
    return path


def test_create_a_new_vault_and_get_it_unlocked(
    qtbot: QtBot, dialog: StartDialog, new_vault: Path
) -> None:
    click(qtbot, dialog, "create_button")
    assert dialog.pages.currentIndex() == 1
    assert dialog.location.text() == str(new_vault)
    assert dialog.organisation.hasFocus()
    assert not dialog.create_vault_button.isEnabled()

    qtbot.keyClicks(dialog.organisation, "Harbour Freight Ltd")
    qtbot.keyClick(dialog.organisation, Qt.Key.Key_Return)
    assert dialog.passphrase.first.hasFocus()
    qtbot.keyClicks(dialog.passphrase.first, PASSPHRASE)
    assert "Type it again" in dialog.passphrase.hint.text()
    qtbot.keyClick(dialog.passphrase.first, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.passphrase.second, PASSPHRASE)
    assert dialog.passphrase.hint.text() == "Strong enough, and both fields match."
    assert dialog.create_vault_button.isEnabled()

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.passphrase.second, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.vault is not None and dialog.vault.is_open
    assert dialog.vault.path == new_vault
    assert dialog.vault.plan()["organisation"] == "Harbour Freight Ltd"
    assert new_vault.is_file()
    dialog.vault.close()
    with Vault.open(new_vault, PASSPHRASE) as again:
        assert again.plan()["organisation"] == "Harbour Freight Ltd"


def test_the_strength_hint_says_what_is_wrong_and_create_waits(
    qtbot: QtBot, dialog: StartDialog, new_vault: Path
) -> None:
    click(qtbot, dialog, "create_button")
    hint = dialog.passphrase.hint
    assert "At least 12 characters" in hint.text()
    qtbot.keyClicks(dialog.organisation, "Harbour Freight Ltd")
    qtbot.keyClicks(dialog.passphrase.first, "password")
    assert "at least 12 characters" in hint.text()
    assert hint.property("kind") == "warning"
    dialog.passphrase.first.clear()
    qtbot.keyClicks(dialog.passphrase.first, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase.second, "lighthouse harbour")
    assert hint.text() == "The two passphrases are not the same yet."
    assert not dialog.create_vault_button.isEnabled()
    write_down = dialog.form.findChild(QLabel, "write_it_down")
    assert write_down is not None and write_down.isVisible()
    assert "Without it nothing can be recovered — write it down" in write_down.text()
    qtbot.keyClick(dialog.passphrase.second, Qt.Key.Key_Return)
    assert dialog.isVisible() and not new_vault.exists()


def test_an_existing_file_is_not_overwritten(
    qtbot: QtBot, dialog: StartDialog, new_vault: Path
) -> None:
    new_vault.write_bytes(b"someone's notes")
    click(qtbot, dialog, "create_button")
    assert dialog.pages.currentIndex() == 0
    assert "already exists" in dialog.message.text
    assert new_vault.read_bytes() == b"someone's notes"


def test_back_returns_to_the_choices(qtbot: QtBot, dialog: StartDialog, new_vault: Path) -> None:
    click(qtbot, dialog, "create_button")
    click(qtbot, dialog, "back_button")
    assert dialog.pages.currentIndex() == 0
    assert dialog.isVisible()


def test_open_a_vault_file(
    qtbot: QtBot, dialog: StartDialog, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(start, "ask_open_path", lambda parent: demo_path)
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        click(qtbot, dialog, "open_button")
    assert dialog.path == demo_path and dialog.vault is None


def test_cancelled_file_dialog_keeps_the_choices(
    qtbot: QtBot, dialog: StartDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(start, "ask_open_path", lambda parent: None)
    click(qtbot, dialog, "open_button")
    assert dialog.isVisible() and dialog.path is None


def test_the_demo_is_built_once_in_app_data(
    qtbot: QtBot,
    dialog: StartDialog,
    settings: AppSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    demo = demo_vault_path()
    assert demo.is_relative_to(tmp_path) and not demo.exists()
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        click(qtbot, dialog, "demo_button")
    assert dialog.path == demo and demo.is_file()
    with Vault.open(demo, "lighthouse harbour orange 42") as vault:
        assert "Wharfedale" in str(vault.plan()["organisation"])
    built = demo.stat().st_mtime_ns

    again = StartDialog(settings)
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.accepted, timeout=1000):
        click(qtbot, again, "demo_button")
    assert again.path == demo and demo.stat().st_mtime_ns == built


def test_recent_vaults_are_listed_and_missing_ones_marked(
    qtbot: QtBot, settings: AppSettings, demo_path: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "usb" / "copy.itscm"
    settings.add_recent_vault(demo_path)
    settings.add_recent_vault(gone)
    dialog = StartDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [dialog.recent.item(row).text() for row in range(dialog.recent.count())]
    assert texts[0].startswith(f"copy.itscm  —  {MISSING}")
    assert texts[1].startswith("demo.itscm") and MISSING not in texts[1]
    assert dialog.recent.currentRow() == 1, "the first file that is there is preselected"

    dialog.recent.setCurrentRow(0)
    click(qtbot, dialog, "open_recent_button")
    assert "USB drive" in dialog.message.text and dialog.isVisible()

    dialog.recent.setCurrentRow(1)
    dialog.recent.setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.recent, Qt.Key.Key_Return)
    assert dialog.path == demo_path.resolve()


def test_without_recent_vaults_the_list_is_hidden(dialog: StartDialog) -> None:
    assert dialog.recent.isHidden()
    assert button(dialog, "open_recent_button").isHidden()
    assert button(dialog, "close_button").text() == "&Quit"
