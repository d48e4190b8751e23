"""The Vault menu: back up, check, restore, change and remember the passphrase, auto-lock,
about, open another vault — each driven as a person would, then the file inspected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from itscm_desktop.gui import care
from itscm_desktop.gui.about import AboutDialog
from itscm_desktop.gui.long_work import LongWork
from itscm_desktop.gui.passphrase_dialogs import ChangePassphraseDialog
from itscm_desktop.gui.remember import RememberDialog
from itscm_desktop.gui.restore import RestoreDialog
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.gui.start import StartDialog
from itscm_desktop.gui.unlock import UnlockDialog
from itscm_desktop.vault import keychain
from itscm_desktop.vault.backups import list_backups
from itscm_desktop.vault.integrity import IntegrityReport
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE
from tests.gui.test_app_flow import Shell, use_stub_pages

NEW = "copper kettle meadow 1987"


@pytest.fixture
def unlocked(
    qtbot: QtBot, settings: AppSettings, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Shell]:
    use_stub_pages(monkeypatch)
    shell = Shell(qtbot, settings)
    shell.controller.start(demo_path)
    shell.unlock_with()
    yield shell
    shell.close()


def finish(qtbot: QtBot, work: LongWork | None) -> None:
    assert work is not None
    if work.running:
        with qtbot.waitSignal(work.finished, timeout=20_000):
            pass


def message_box(qtbot: QtBot, shell: Shell) -> QMessageBox:
    qtbot.waitUntil(lambda: bool(_boxes(shell)), timeout=5000)
    return _boxes(shell)[-1]


def _boxes(shell: Shell) -> list[QMessageBox]:
    return [
        box for box in shell.window.findChildren(QMessageBox, "care_message") if box.isVisible()
    ]


# -- backups and checks -----------------------------------------------------------------


def test_back_up_now_writes_a_backup_and_says_where(
    qtbot: QtBot, unlocked: Shell, demo_path: Path
) -> None:
    assert list_backups(demo_path) == []
    finish(qtbot, care.back_up_now(unlocked.window))
    backups = list_backups(demo_path)
    assert len(backups) == 1 and backups[0].reason == "manual"
    assert unlocked.window.statusBar().currentMessage() == f"Backed up to {backups[0].path}"
    assert not unlocked.controller.idle.paused, "the idle watch resumes after the work"
    assert unlocked.session.vault.count("contacts") > 0, "the vault is usable afterwards"


def test_ctrl_shift_b_backs_up(qtbot: QtBot, unlocked: Shell, demo_path: Path) -> None:
    unlocked.window.activateWindow()
    qtbot.waitUntil(unlocked.window.isActiveWindow, timeout=1000)
    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(unlocked.window, Qt.Key.Key_B, control_shift)
    qtbot.waitUntil(lambda: len(list_backups(demo_path)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "Backed up to" in unlocked.window.statusBar().currentMessage())


def test_check_integrity_reports_the_demo_intact(qtbot: QtBot, unlocked: Shell) -> None:
    finish(qtbot, care.check_integrity(unlocked.window))
    box = message_box(qtbot, unlocked)
    assert box.text().startswith("The vault file is intact")
    assert box.icon() == QMessageBox.Icon.Information
    assert unlocked.window.statusBar().currentMessage() == "The vault file is intact."
    box.accept()


def test_a_damaged_report_lists_the_problems_and_the_way_out(qtbot: QtBot, unlocked: Shell) -> None:
    report = IntegrityReport(ok=False, problems=("Page 12 of the file is damaged: it does not "
                                                 "match its checksum.",))  # fmt: skip
    box = care.show_check_result(unlocked.window, report)
    assert "Page 12 of the file is damaged" in box.text()
    assert "Restore from a backup" in box.text()
    assert box.icon() == QMessageBox.Icon.Warning
    box.accept()


def test_the_menu_refuses_politely_while_locked(qtbot: QtBot, unlocked: Shell) -> None:
    unlocked.controller.suspend()
    assert care.back_up_now(unlocked.window) is None
    assert unlocked.window.statusBar().currentMessage() == "Unlock the vault first."


# -- restore ----------------------------------------------------------------------------


def test_restore_puts_the_backup_back_and_reopens(
    qtbot: QtBot, unlocked: Shell, demo_path: Path
) -> None:
    vault = unlocked.session.vault
    backup = vault.backup()
    added = vault.insert("sites", {"name": "Temporary tent", "kind": "office"})
    unlocked.window.show_page("sites")

    dialog = care.restore_backup(unlocked.window)
    assert isinstance(dialog, RestoreDialog)
    assert dialog.backups.count() == 1
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    box = dialog.confirmation
    assert box is not None and box.isVisible()
    assert "Replace the vault with the backup of" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not dialog.isVisible() and unlocked.session.is_unlocked, timeout=20_000)
    restored = unlocked.session.vault
    assert restored is not vault and restored.find("sites", added) is None
    message = unlocked.window.statusBar().currentMessage()
    assert message.startswith("Restored the backup of") and "kept as" in message
    kept = [p for p in demo_path.parent.iterdir() if p.name.startswith("demo.itscm.replaced-")]
    assert len(kept) == 1
    with Vault.open(kept[0], PASSPHRASE) as old:
        assert old.find("sites", added) is not None, "nothing is lost: the old file is kept"
    assert unlocked.window.current_page_key() == "sites"
    assert backup.path.exists()


def test_restore_with_the_wrong_passphrase_changes_nothing(
    qtbot: QtBot, unlocked: Shell, demo_path: Path
) -> None:
    unlocked.session.vault.backup()
    before = demo_path.read_bytes()
    dialog = care.restore_backup(unlocked.window)
    assert isinstance(dialog, RestoreDialog)
    qtbot.keyClicks(dialog.passphrase, "not the passphrase at all")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.confirmation is not None
    qtbot.mouseClick(dialog.confirmation.button(QMessageBox.StandardButton.Yes),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    qtbot.waitUntil(lambda: "does not open this backup" in dialog.message.text, timeout=10_000)
    assert unlocked.session.is_unlocked, "a wrong passphrase is caught before locking"
    assert demo_path.read_bytes() == before
    dialog.reject()


def test_restore_without_backups_says_how_to_make_one(qtbot: QtBot, unlocked: Shell) -> None:
    dialog = care.restore_backup(unlocked.window)
    assert isinstance(dialog, RestoreDialog)
    assert "Back up now" in dialog.message.text
    assert not dialog.restore_button.isEnabled()
    dialog.reject()


# -- passphrase -------------------------------------------------------------------------


def test_change_passphrase_reencrypts_and_keeps_the_keychain_in_step(
    qtbot: QtBot, unlocked: Shell, demo_path: Path
) -> None:
    assert keychain.remember_passphrase(demo_path, PASSPHRASE).ok
    dialog = care.change_passphrase(unlocked.window)
    assert isinstance(dialog, ChangePassphraseDialog)
    qtbot.waitUntil(dialog.current.hasFocus, timeout=1000)
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    qtbot.keyClicks(dialog.new, NEW)
    qtbot.keyClicks(dialog.repeat, NEW)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    box = message_box(qtbot, unlocked)
    assert "Passphrase changed" in box.text()
    assert "still open with the old one" in box.text()
    assert "now remembers the new passphrase" in box.text()
    box.accept()
    assert keychain.recall_passphrase(demo_path) == NEW
    unlocked.session.lock()
    with Vault.open(demo_path, NEW) as vault:
        assert vault.count("contacts") > 0
    assert any(info.reason == "pre-rekey" for info in list_backups(demo_path))


def test_change_passphrase_with_a_wrong_current_one_changes_nothing(
    qtbot: QtBot, unlocked: Shell, demo_path: Path
) -> None:
    dialog = care.change_passphrase(unlocked.window)
    assert isinstance(dialog, ChangePassphraseDialog)
    qtbot.keyClicks(dialog.current, "lighthouse harbour orange 24")
    qtbot.keyClicks(dialog.new, NEW)
    qtbot.keyClicks(dialog.repeat, NEW)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.message.text), timeout=10_000)
    assert dialog.message.text == "The current passphrase is not right, so nothing was changed."
    assert dialog.isVisible() and dialog.current.text() == ""
    dialog.reject()
    unlocked.session.lock()
    Vault.open(demo_path, PASSPHRASE).close()


def test_a_weak_new_passphrase_is_refused_before_any_work(qtbot: QtBot, unlocked: Shell) -> None:
    dialog = care.change_passphrase(unlocked.window)
    assert isinstance(dialog, ChangePassphraseDialog)
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    qtbot.keyClicks(dialog.new, "summer")
    qtbot.keyClicks(dialog.repeat, "summer")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert "at least 12 characters" in dialog.message.text
    assert dialog.work is None
    dialog.reject()


def test_remember_and_forget_on_this_computer(
    qtbot: QtBot, unlocked: Shell, demo_path: Path
) -> None:
    dialog = care.remember_passphrase(unlocked.window)
    assert isinstance(dialog, RememberDialog)
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=5000)
    assert "does not remember" in dialog.state.text()
    qtbot.keyClicks(dialog.passphrase, "lighthouse harbour orange 24")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.message.text), timeout=5000)
    assert "not the vault's passphrase" in dialog.message.text
    assert keychain.recall_passphrase(demo_path) is None

    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.kind == "ok", timeout=5000)
    assert keychain.recall_passphrase(demo_path) == PASSPHRASE
    assert dialog.forget_button.isVisible() and dialog.passphrase.isHidden()

    qtbot.mouseClick(dialog.forget_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    assert keychain.recall_passphrase(demo_path) is None
    assert "no longer remembers" in dialog.message.text
    dialog.reject()


def test_remember_says_honestly_when_there_is_no_keychain(qtbot: QtBot, unlocked: Shell) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    dialog = care.remember_passphrase(unlocked.window)
    assert isinstance(dialog, RememberDialog)
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=5000)
    assert dialog.state.text() == keychain.NO_KEYCHAIN
    assert dialog.passphrase.isHidden() and dialog.remember_button.isHidden()
    dialog.reject()


# -- settings, about, another vault -----------------------------------------------------


def test_auto_lock_minutes_are_saved_and_applied(
    qtbot: QtBot, unlocked: Shell, settings: AppSettings
) -> None:
    dialog = care.auto_lock_settings(unlocked.window)
    assert dialog.minutes.value() == settings.idle_minutes()
    qtbot.keyClicks(dialog.minutes, "25")
    qtbot.keyClick(dialog.minutes, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert settings.idle_minutes() == 25
    assert AppSettings().idle_minutes() == 25
    assert unlocked.controller.idle.minutes == 25
    assert "25 minutes" in unlocked.window.statusBar().currentMessage()


def test_about_names_the_vault_and_the_licences(unlocked: Shell, demo_path: Path) -> None:
    dialog = care.about(unlocked.window)
    assert isinstance(dialog, AboutDialog)
    text = dialog.findChild(object, "details").toPlainText()
    assert "SQLCipher" in text and "LGPL" in text and "keyring" in text
    assert str(demo_path) in dialog.findChild(object, "vault_path").text()
    dialog.reject()


def test_open_another_vault_locks_and_cancelling_comes_back(
    qtbot: QtBot, unlocked: Shell, demo_path: Path
) -> None:
    care.open_other_vault(unlocked.window)
    assert not unlocked.session.is_unlocked
    start = unlocked.dialog_of(StartDialog)
    assert start.close_button.text() == "Cancel"
    start.reject()
    unlock = unlocked.dialog_of(UnlockDialog)
    assert isinstance(unlock, UnlockDialog) and unlock.path == demo_path
    unlocked.unlock_with()


def test_an_open_vault_dialog_closes_when_the_vault_locks_itself(
    qtbot: QtBot, unlocked: Shell
) -> None:
    dialog = care.change_passphrase(unlocked.window)
    assert isinstance(dialog, ChangePassphraseDialog)
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    unlocked.clock.now += unlocked.controller.idle.minutes * 60
    unlocked.controller.idle.check()
    assert not unlocked.session.is_unlocked
    assert not dialog.isVisible() and dialog.current.text() == "", "nothing typed stays"
    unlocked.unlock_with()
    assert unlocked.session.is_unlocked
