"""The start dialog's third way in: a new laptop joins a plan from a bundle on a stick.

Sealing or opening a bundle costs a few seconds of scrypt, so one bundle is sealed for
the whole file and only two tests open it (a join, a wrong exchange passphrase).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from itscm_desktop.gui import join_plan, start
from itscm_desktop.gui.join_plan import JOINING, NEED_EXCHANGE, NO_BUNDLE
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.gui.start import StartDialog
from itscm_desktop.sync.bundle import NOT_A_BUNDLE, WRONG_OR_DAMAGED, BundleRejected
from itscm_desktop.sync.exchange import (
    exchange_passphrase,
    export_bytes,
    remember_exchange_passphrase,
)
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

EXCHANGE = "harbour crane seven tides"
NEW_PASSPHRASE = "quay lantern fog barrel 9"
CONTACTS = ("Ana Silva", "Piotr Nowak", "Grace O'Neill")


@dataclass(frozen=True)
class Plan:
    """A bundle exported from another laptop, and what it holds."""

    bundle: Path
    organisation: str
    contacts: tuple[str, ...]
    plan_id: str


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    folder = tmp_path_factory.mktemp("other-laptop")
    with Vault.create(
        folder / "plan.itscm",
        PASSPHRASE,
        organisation="Harbour Freight Ltd",
        device_name="Ana's laptop",
    ) as vault:
        with vault.edit() as edit:
            for name in CONTACTS:
                edit.insert("contacts", {"full_name": name})
        remember_exchange_passphrase(vault, EXCHANGE)
        bundle = folder / "Harbour-Freight_Anas-laptop_2026-11-25_1400.itscm-bundle"
        bundle.write_bytes(export_bytes(vault))
        return Plan(bundle, "Harbour Freight Ltd", CONTACTS, vault.plan_id)


@pytest.fixture
def stick(tmp_path: Path, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A USB stick holding the bundle; the file dialog picks it and records where it
    started."""
    folder = tmp_path / "stick"
    folder.mkdir()
    on_stick = folder / plan.bundle.name
    on_stick.write_bytes(plan.bundle.read_bytes())
    started: list[str] = []

    def pick(parent: object, caption: str, where: str, filters: str) -> tuple[str, str]:
        started.append(where)
        assert "*.itscm-bundle" in filters
        return str(on_stick), filters

    monkeypatch.setattr(join_plan, "removable_volumes", lambda: [folder])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    return started


@pytest.fixture(autouse=True)
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new vault's default place is a folder of the test's own."""
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(start, "default_new_vault_path", lambda: folder / "plan.itscm")
    return folder


@pytest.fixture
def dialog(qtbot: QtBot, settings: AppSettings) -> Iterator[StartDialog]:
    dialog = StartDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    if dialog.vault is not None:
        dialog.vault.close()


def button(dialog: StartDialog, name: str) -> QPushButton:
    found = dialog.form.findChild(QPushButton, name)
    assert found is not None, name
    return found


def begin(qtbot: QtBot, dialog: StartDialog) -> None:
    qtbot.mouseClick(button(dialog, "join_button"), Qt.MouseButton.LeftButton)


def fill(qtbot: QtBot, dialog: StartDialog, exchange: str, new: str, again: str) -> None:
    """Type like a person: each field, Enter to move on."""
    page = dialog.join_page
    assert page.exchange.hasFocus()
    qtbot.keyClicks(page.exchange, exchange)
    qtbot.keyClick(page.exchange, Qt.Key.Key_Return)
    assert page.passphrase.first.hasFocus()
    qtbot.keyClicks(page.passphrase.first, new)
    qtbot.keyClick(page.passphrase.first, Qt.Key.Key_Return)
    qtbot.keyClicks(page.passphrase.second, again)


def test_the_choice_says_what_it_needs(dialog: StartDialog) -> None:
    choice = button(dialog, "join_button")
    assert choice.isVisible()
    assert choice.text() == "&Join a plan from another laptop"
    assert "bundle file another manager exported to a USB stick" in choice.description()


def test_a_new_laptop_joins_from_the_bundle_and_gets_the_plan_unlocked(
    qtbot: QtBot, dialog: StartDialog, stick: list[str], plan: Plan, tmp_path: Path
) -> None:
    begin(qtbot, dialog)
    page = dialog.join_page
    assert dialog.pages.currentWidget() is page
    assert stick == [str(tmp_path / "stick")], "the file dialog starts on the stick"
    on_stick = tmp_path / "stick" / plan.bundle.name
    assert page.bundle_field.path == on_stick and page.bundle_field.toolTip() == str(on_stick)
    target = tmp_path / "Documents" / "plan.itscm"
    assert page.location.path == target
    assert page.device_name.text() == join_plan.this_computer_name()
    assert not page.join_button.isEnabled()

    fill(qtbot, dialog, EXCHANGE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    assert page.strength.text() == "Strong enough, and both fields match."
    qtbot.keyClick(page.passphrase.second, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert page.device_name.hasFocus()
    page.device_name.selectAll()
    qtbot.keyClicks(page.device_name, "Laptop of the night shift")
    assert page.join_button.isEnabled()

    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        qtbot.keyClick(page.device_name, Qt.Key.Key_Return)
        assert dialog.busy_text.text() == JOINING
    assert dialog.result() == QDialog.DialogCode.Accepted
    vault = dialog.vault
    assert vault is not None and vault.is_open and vault.path == target
    assert vault.plan()["organisation"] == plan.organisation
    names = sorted(str(row["full_name"]) for row in vault.records("contacts"))
    assert names == sorted(plan.contacts)
    assert vault.plan_id == plan.plan_id
    assert vault.device_name == "Laptop of the night shift"
    assert exchange_passphrase(vault) == EXCHANGE, "exporting later needs no typing"
    assert dialog.joined is not None and dialog.joined.manifest.device_name == "Ana's laptop"
    assert page.exchange.text() == "" and page.passphrase.text == ""
    vault.close()
    dialog.vault = None
    with Vault.open(target, NEW_PASSPHRASE) as again:
        assert again.plan()["organisation"] == plan.organisation


def test_a_wrong_exchange_passphrase_is_said_on_the_page_and_nothing_is_lost(
    qtbot: QtBot, dialog: StartDialog, stick: list[str], tmp_path: Path
) -> None:
    begin(qtbot, dialog)
    page = dialog.join_page
    fill(qtbot, dialog, "harbour crane eight tides", NEW_PASSPHRASE, NEW_PASSPHRASE)
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)

    assert dialog.isVisible() and dialog.vault is None
    assert dialog.pages.currentWidget() is page
    assert dialog.message.text == WRONG_OR_DAMAGED and dialog.message.kind == "error"
    assert page.exchange.hasFocus() and page.exchange.selectedText() == page.exchange.text()
    assert page.exchange.text() == "harbour crane eight tides"
    assert page.passphrase.text == NEW_PASSPHRASE
    assert page.passphrase.second.text() == NEW_PASSPHRASE
    assert page.bundle_field.path is not None
    assert list((tmp_path / "Documents").iterdir()) == [], "no vault file is left"


def test_a_weak_new_passphrase_is_refused_before_anything_runs(
    qtbot: QtBot, dialog: StartDialog, stick: list[str], tmp_path: Path
) -> None:
    begin(qtbot, dialog)
    page = dialog.join_page
    fill(qtbot, dialog, EXCHANGE, "password", "password")
    assert "at least 12 characters" in page.strength.text()
    assert page.strength.property("kind") == "warning"
    assert not page.join_button.isEnabled()

    qtbot.keyClick(page.passphrase.second, Qt.Key.Key_Return)
    assert not dialog.busy, "nothing runs"
    assert "at least 12 characters" in dialog.message.text
    assert page.passphrase.first.hasFocus()
    dialog.join()  # even asked directly, the page refuses
    page.join_button.click()
    assert not dialog.busy and dialog.vault is None
    assert list((tmp_path / "Documents").iterdir()) == []


def test_enter_moves_on_to_what_is_missing(
    qtbot: QtBot, dialog: StartDialog, stick: list[str]
) -> None:
    begin(qtbot, dialog)
    page = dialog.join_page
    qtbot.keyClick(page.exchange, Qt.Key.Key_Return)
    assert dialog.message.text == NEED_EXCHANGE and page.exchange.hasFocus()
    qtbot.keyClicks(page.exchange, EXCHANGE)
    qtbot.keyClick(page.exchange, Qt.Key.Key_Return)
    assert page.passphrase.first.hasFocus()
    assert not dialog.busy


def test_cancel_while_idle_leaves_nothing(
    qtbot: QtBot, dialog: StartDialog, stick: list[str], tmp_path: Path
) -> None:
    begin(qtbot, dialog)
    fill(qtbot, dialog, EXCHANGE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.keyClick(dialog.join_page.passphrase.second, Qt.Key.Key_Escape)
    assert dialog.vault is None and dialog.path is None
    assert list((tmp_path / "Documents").iterdir()) == []


def test_back_keeps_the_choices_and_a_cancelled_file_dialog_stays_there(
    qtbot: QtBot, dialog: StartDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(join_plan, "ask_bundle_path", lambda parent: None)
    begin(qtbot, dialog)
    assert dialog.pages.currentIndex() == 0
    assert dialog.join_page.bundle_field.path is None
    assert dialog.join_page.bundle_field.name.text() == NO_BUNDLE


def test_back_returns_to_the_choices(qtbot: QtBot, dialog: StartDialog, stick: list[str]) -> None:
    begin(qtbot, dialog)
    qtbot.mouseClick(dialog.join_page.back_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 0 and dialog.isVisible()
    assert button(dialog, "close_button").isVisible()


def test_a_file_that_is_not_a_bundle_is_refused_without_a_file_made(
    qtbot: QtBot, dialog: StartDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 4096)
    monkeypatch.setattr(join_plan, "ask_bundle_path", lambda parent: photo)
    begin(qtbot, dialog)
    fill(qtbot, dialog, EXCHANGE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    qtbot.keyClick(dialog.join_page.passphrase.second, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.message.text == NOT_A_BUNDLE
    assert dialog.join_page.choose_bundle.hasFocus()
    assert list((tmp_path / "Documents").iterdir()) == []

    photo.unlink()
    with pytest.raises(BundleRejected, match="not there any more"):
        join_plan.read_bundle(photo)
