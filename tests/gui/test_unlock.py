"""The unlock dialog, typed into like a person would: right, wrong, damaged, missing, and
the keychain that remembers (or no longer remembers) the passphrase."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.gui.unlock import CAPS_LOCK, STALE_REMEMBERED, UnlockDialog
from itscm_desktop.vault import keychain
from itscm_desktop.vault.backups import list_backups
from itscm_desktop.vault.errors import SchemaTooNew, VaultBusy
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE, MemoryKeyring

WRONG = "lighthouse harbour orange 24"

MakeDialog = Callable[[Path], UnlockDialog]


@pytest.fixture
def open_dialogs() -> Iterator[list[UnlockDialog]]:
    made: list[UnlockDialog] = []
    yield made
    for dialog in made:
        if dialog.vault is not None:
            dialog.vault.close()


@pytest.fixture
def make_dialog(
    qtbot: QtBot, settings: AppSettings, open_dialogs: list[UnlockDialog]
) -> MakeDialog:
    def make(path: Path) -> UnlockDialog:
        dialog = UnlockDialog(path, settings)
        qtbot.addWidget(dialog)
        open_dialogs.append(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.settled, timeout=5000)
        return dialog

    return make


def type_and_unlock(qtbot: QtBot, dialog: UnlockDialog, passphrase: str) -> None:
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)


def test_the_dialog_says_which_vault(make_dialog: MakeDialog, demo_path: Path) -> None:
    dialog = make_dialog(demo_path)
    assert dialog.form.findChild(object, "vault_name").text() == "demo.itscm"
    assert str(demo_path.parent) in dialog.form.findChild(object, "vault_folder").text()
    assert dialog.passphrase.hasFocus()
    assert dialog.hint.isHidden(), "only the demo shows its passphrase"


def test_right_passphrase_unlocks(qtbot: QtBot, make_dialog: MakeDialog, demo_path: Path) -> None:
    dialog = make_dialog(demo_path)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.vault is not None and dialog.vault.is_open
    assert dialog.vault.count("contacts") > 0
    assert dialog.passphrase.text() == ""


def test_wrong_passphrase_is_said_in_the_dialog_and_changes_nothing(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    demo_path: Path,
) -> None:
    before = demo_path.read_bytes()
    dialog = make_dialog(demo_path)
    type_and_unlock(qtbot, dialog, WRONG)
    assert dialog.message.text == "Wrong passphrase — or the file is damaged."
    assert dialog.message.kind == "error"
    assert dialog.passphrase.text() == ""
    assert dialog.isVisible() and dialog.vault is None
    assert demo_path.read_bytes() == before
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password


def test_after_three_wrong_tries_caps_lock_is_suggested(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    demo_path: Path,
) -> None:
    dialog = make_dialog(demo_path)
    for _ in range(2):
        type_and_unlock(qtbot, dialog, WRONG)
    assert CAPS_LOCK not in dialog.message.text
    type_and_unlock(qtbot, dialog, WRONG.upper())
    assert CAPS_LOCK in dialog.message.text
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)


def test_show_reveals_what_is_typed(qtbot: QtBot, make_dialog: MakeDialog, demo_path: Path) -> None:
    dialog = make_dialog(demo_path)
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password


def test_missing_file_asks_about_the_usb_drive(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    tmp_path: Path,
) -> None:
    gone = tmp_path / "stick" / "plan.itscm"
    dialog = make_dialog(gone)
    assert f"No vault file at {gone}" in dialog.message.text
    assert "USB drive" in dialog.message.text
    type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert "USB drive" in dialog.message.text
    assert not gone.exists()


def test_a_file_that_is_not_a_vault_is_named_as_such(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    tmp_path: Path,
) -> None:
    plain = tmp_path / "export.itscm"
    with contextlib.closing(sqlite3.connect(plain)) as conn:
        conn.execute("CREATE TABLE contact (name TEXT)")
        conn.commit()
    dialog = make_dialog(plain)
    type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert dialog.message.text.startswith(
        "This is an ordinary unencrypted SQLite database, not an ITSCM vault."
    )
    assert "Open another vault" in dialog.message.text
    assert dialog.backups.isHidden()


def test_an_empty_file_without_backups_says_there_are_none(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    tmp_path: Path,
) -> None:
    empty = tmp_path / "plan.itscm"
    empty.write_bytes(b"")
    dialog = make_dialog(empty)
    type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert dialog.message.text.startswith("The vault file is empty (0 bytes)")
    assert "No backups of this vault were found in" in dialog.message.text
    assert dialog.restore_button.isHidden()


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (VaultBusy(), "open in another window or program"),
        (SchemaTooNew(), "newer version of ITSCM Desktop"),
    ],
)
def test_busy_and_newer_files_get_their_own_sentence(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    expected: str,
) -> None:
    def refuse(cls: type[Vault], path: Path, passphrase: str) -> Vault:
        raise error

    monkeypatch.setattr(Vault, "open", classmethod(refuse))
    dialog = make_dialog(demo_path)
    type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert expected in dialog.message.text


def test_escape_clears_the_field_and_does_not_quit(
    qtbot: QtBot, make_dialog: MakeDialog, demo_path: Path
) -> None:
    dialog = make_dialog(demo_path)
    qtbot.keyClicks(dialog.passphrase, "lighthouse")
    with qtbot.assertNotEmitted(dialog.rejected):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.passphrase.text() == ""


def test_open_another_vault_rejects_and_says_so(
    qtbot: QtBot, make_dialog: MakeDialog, demo_path: Path
) -> None:
    dialog = make_dialog(demo_path)
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.mouseClick(dialog.other_button, Qt.MouseButton.LeftButton)
    assert dialog.wants_other and dialog.vault is None


# -- a damaged file ---------------------------------------------------------------------


@pytest.fixture
def damaged(demo_path: Path) -> Path:
    """The demo with one backup, then bytes flipped inside its first page."""
    with Vault.open(demo_path, PASSPHRASE) as vault:
        vault.backup()
    data = bytearray(demo_path.read_bytes())
    for offset in range(1000, 1064):
        data[offset] ^= 0xFF
    demo_path.write_bytes(bytes(data))
    return demo_path


def test_damaged_file_lists_its_backups_and_restoring_unlocks(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    damaged: Path,
) -> None:
    backup = list_backups(damaged)[0]
    damaged_bytes = damaged.read_bytes()
    dialog = make_dialog(damaged)
    type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert "damaged" in dialog.message.text
    assert dialog.backups.isVisible() and dialog.restore_button.isVisible()
    assert dialog.backups.count() == 1
    local = backup.created_at.astimezone()
    assert f"{local:%H:%M}" in dialog.backups.item(0).text()
    assert "made on request" in dialog.backups.item(0).text()

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.vault is not None and dialog.vault.is_open
    assert dialog.message.kind == "ok"
    kept = [p for p in damaged.parent.iterdir() if p.name.startswith("demo.itscm.replaced-")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes
    assert str(kept[0]) in dialog.message.text
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.unlock_button, Qt.Key.Key_Return)
    assert dialog.vault.count("contacts") > 0


def test_wrong_passphrase_for_the_backup_is_said_gently(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    damaged: Path,
) -> None:
    dialog = make_dialog(damaged)
    type_and_unlock(qtbot, dialog, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase, WRONG)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert "does not open this backup" in dialog.message.text
    assert dialog.vault is None
    assert not any(".replaced-" in p.name for p in damaged.parent.iterdir())


# -- the keychain -----------------------------------------------------------------------


def test_a_remembered_passphrase_unlocks_without_typing(
    qtbot: QtBot, settings: AppSettings, demo_path: Path, open_dialogs: list[UnlockDialog]
) -> None:
    assert keychain.remember_passphrase(demo_path, PASSPHRASE).ok
    dialog = UnlockDialog(demo_path, settings)
    qtbot.addWidget(dialog)
    open_dialogs.append(dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.show()
    assert dialog.vault is not None and dialog.vault.is_open


def test_a_stale_remembered_passphrase_falls_back_to_asking(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    demo_path: Path,
) -> None:
    assert keychain.remember_passphrase(demo_path, "an old passphrase, long gone").ok
    dialog = make_dialog(demo_path)
    qtbot.waitUntil(lambda: bool(dialog.message.text) and not dialog.busy, timeout=5000)
    assert dialog.message.text == STALE_REMEMBERED
    assert dialog.message.kind == "info"
    assert dialog.wrong_tries == 0 and dialog.vault is None
    assert dialog.remember.isEnabled() and dialog.remember.isChecked()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert keychain.recall_passphrase(demo_path) == PASSPHRASE


def test_ticking_remember_keeps_the_passphrase(
    qtbot: QtBot, make_dialog: MakeDialog, demo_path: Path
) -> None:
    dialog = make_dialog(demo_path)
    assert dialog.remember.isEnabled() and not dialog.remember.isChecked()
    qtbot.keyClick(dialog.remember, Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert keychain.recall_passphrase(demo_path) == PASSPHRASE
    assert dialog.notice == ""


def test_unticking_remember_forgets_the_passphrase(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    demo_path: Path,
) -> None:
    keychain.remember_passphrase(demo_path, "an old passphrase, long gone")
    dialog = make_dialog(demo_path)
    qtbot.waitUntil(lambda: dialog.message.text == STALE_REMEMBERED, timeout=5000)
    qtbot.keyClick(dialog.remember, Qt.Key.Key_Space)
    assert not dialog.remember.isChecked()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert keychain.recall_passphrase(demo_path) is None


def test_without_a_keychain_the_checkbox_is_off_and_says_why(
    make_dialog: MakeDialog,
    demo_path: Path,
) -> None:
    keyring.set_keyring(fail.Keyring())
    dialog = make_dialog(demo_path)
    assert not dialog.remember.isEnabled()
    assert dialog.keychain_note.isVisible()
    assert dialog.keychain_note.text() == keychain.NO_KEYCHAIN
    assert dialog.remember.toolTip() == keychain.NO_KEYCHAIN


class ForgetfulKeyring(MemoryKeyring):
    """Accepts a passphrase and loses it, like a keychain that is switched off."""

    def set_password(self, service: str, username: str, password: str) -> None:
        pass


def test_a_keychain_that_does_not_keep_it_is_reported_but_the_vault_opens(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    demo_path: Path,
) -> None:
    keyring.set_keyring(ForgetfulKeyring())
    dialog = make_dialog(demo_path)
    qtbot.keyClick(dialog.remember, Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert dialog.vault is not None
    assert keychain.NOT_KEPT in dialog.notice


def test_the_demo_shows_its_passphrase(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from itscm_desktop.gui.start import demo_vault_path

    demo = demo_vault_path()
    demo.parent.mkdir(parents=True)
    shutil.copyfile(demo_path, demo)
    dialog = make_dialog(demo)
    assert dialog.hint.isVisible()
    assert dialog.hint.text() == "Demo passphrase: lighthouse harbour orange 42"


class SlowKeyring(MemoryKeyring):
    """A keychain waiting for its own password (a prompt nobody answers yet)."""

    def __init__(self) -> None:
        super().__init__()
        self.answer = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.answer.wait(10)
        return super().get_password(service, username)


def test_a_keychain_that_hangs_never_stops_the_person_unlocking(
    qtbot: QtBot, settings: AppSettings, demo_path: Path, open_dialogs: list[UnlockDialog]
) -> None:
    slow = SlowKeyring()
    keyring.set_keyring(slow)
    dialog = UnlockDialog(demo_path, settings)
    qtbot.addWidget(dialog)
    open_dialogs.append(dialog)
    dialog.show()
    assert dialog.asking_keychain and not dialog.remember.isEnabled()
    assert dialog.unlock_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        type_and_unlock(qtbot, dialog, PASSPHRASE)
    assert dialog.asking_keychain, "the keychain still has not answered"
    slow.answer.set()
    qtbot.waitUntil(lambda: dialog.settled, timeout=5000)
    assert dialog.vault is not None and dialog.vault.is_open
