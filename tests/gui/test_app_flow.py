"""The app's shell: start, unlock, lock by hand or when idle, and come back to the same
place. Pages are stand-ins that record what the window asks of them, so these tests
check the shell's promises whatever the real pages do."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from itscm_desktop.gui import main_window
from itscm_desktop.gui.app import AppController
from itscm_desktop.gui.clipboard import copy_sensitive
from itscm_desktop.gui.main_window import MainWindow
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.base import Page
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.gui.start import StartDialog
from itscm_desktop.gui.unlock import UnlockDialog
from itscm_desktop.sync.exchange import make_plan_bundle, take_bundle
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE


class StubPage(Page):
    """Records reloads, the record it was asked to show, and locks."""

    def __init__(self, key: str, *, session: Session, navigator: Navigator) -> None:
        super().__init__(session, navigator)
        self.key = key
        self.reloads = 0
        self.shown: tuple[str, str] | None = None
        self.locks = 0

    def reload(self) -> None:
        self.reloads += 1
        self.session.vault.count("contacts")  # a page reads the vault when it reloads

    def show_record(self, table: str, record_id: str) -> None:
        self.shown = (table, record_id)

    def on_locked(self) -> None:
        self.locks += 1
        self.shown = None


def use_stub_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page of the window becomes a StubPage for the rest of the test."""
    for key, spec in list(main_window._SPEC.items()):
        stub = dataclasses.replace(spec, factory=f"{__name__}:StubPage", args=(key,))
        monkeypatch.setitem(main_window._SPEC, key, stub)


@pytest.fixture
def stub_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    use_stub_pages(monkeypatch)


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


class Shell:
    """The window, its session and controller, as main() wires them."""

    def __init__(self, qtbot: QtBot, settings: AppSettings) -> None:
        self.qtbot = qtbot
        self.session = Session()
        self.window = MainWindow(self.session, settings)
        qtbot.addWidget(self.window)
        self.clock = FakeClock()
        self.quits = 0
        self.controller = AppController(
            self.window, self.session, settings, clock=self.clock, quit_app=self._quit
        )
        self.window.show()

    def _quit(self) -> None:
        self.quits += 1

    def dialog_of(self, cls: type[QWidget]) -> QWidget:
        self.qtbot.waitUntil(lambda: isinstance(self.controller.dialog, cls), timeout=5000)
        dialog = self.controller.dialog
        assert isinstance(dialog, cls)
        return dialog

    def unlock_with(self, passphrase: str = PASSPHRASE) -> None:
        dialog = self.dialog_of(UnlockDialog)
        assert isinstance(dialog, UnlockDialog)
        self.qtbot.waitUntil(lambda: dialog.settled, timeout=5000)
        self.qtbot.keyClicks(dialog.passphrase, passphrase)
        self.qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: self.session.is_unlocked, timeout=5000)

    def close(self) -> None:
        dialog = self.controller.dialog
        if isinstance(dialog, UnlockDialog | StartDialog):
            self.qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
            dialog.reject()
        self.controller.idle.stop_watching()
        self.session.lock()


@pytest.fixture
def shell(qtbot: QtBot, settings: AppSettings, stub_pages: None) -> Iterator[Shell]:
    shell = Shell(qtbot, settings)
    yield shell
    shell.close()


def test_first_run_shows_the_start_dialog_and_cancelling_quits(qtbot: QtBot, shell: Shell) -> None:
    shell.controller.start(None)
    dialog = shell.dialog_of(StartDialog)
    assert dialog.isVisible()
    dialog.reject()
    qtbot.waitUntil(lambda: shell.quits == 1, timeout=1000)
    assert shell.controller.dialog is None


def test_the_most_recent_vault_is_offered_for_unlocking(
    qtbot: QtBot, shell: Shell, settings: AppSettings, demo_path: Path, tmp_path: Path
) -> None:
    settings.add_recent_vault(demo_path)
    settings.add_recent_vault(tmp_path / "on-a-stick.itscm")  # newer, but not there
    shell.controller.start(None)
    dialog = shell.dialog_of(UnlockDialog)
    assert isinstance(dialog, UnlockDialog) and dialog.path == demo_path.resolve()


def test_unlocking_shows_the_plan_and_starts_the_idle_watch(
    qtbot: QtBot, shell: Shell, settings: AppSettings, demo_path: Path
) -> None:
    assert shell.window.isVisible(), "the window appears at once, locked"
    assert shell.controller.idle.paused
    shell.controller.start(demo_path)
    shell.unlock_with()
    assert shell.window.current_page_key() == "dashboard"
    assert "Wharfedale" in shell.window.windowTitle()
    assert settings.recent_vaults()[0] == demo_path.resolve()
    assert not shell.controller.idle.paused
    assert shell.controller.dialog is None


def test_idle_lock_returns_to_the_same_page_and_record(
    qtbot: QtBot, shell: Shell, demo_path: Path
) -> None:
    shell.controller.start(demo_path)
    shell.unlock_with()
    contact = shell.session.vault.records("contacts", limit=1)[0]
    shell.window.navigator.open_record("contacts", contact["id"])
    page = shell.window.pages["contacts"]
    assert isinstance(page, StubPage) and page.shown == ("contacts", contact["id"])
    copy_sensitive("+44 7700 900123")
    reloads = page.reloads

    shell.clock.now += shell.controller.idle.minutes * 60
    shell.controller.idle.check()
    assert not shell.session.is_unlocked
    assert page.locks == 1 and page.shown is None
    assert QGuiApplication.clipboard().text() == ""
    assert "locked" in shell.window.windowTitle()

    shell.unlock_with()
    assert shell.window.current_page_key() == "contacts"
    assert page.shown == ("contacts", contact["id"])
    assert page.reloads > reloads
    assert not shell.controller.idle.paused


def test_ctrl_l_locks_and_the_page_is_kept(qtbot: QtBot, shell: Shell, demo_path: Path) -> None:
    shell.controller.start(demo_path)
    shell.unlock_with()
    shell.window.show_page("services")
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow, timeout=1000)
    qtbot.keyClick(shell.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not shell.session.is_unlocked
    assert shell.controller.idle.paused
    shell.unlock_with()
    assert shell.window.current_page_key() == "services"


def test_open_another_vault_from_the_unlock_dialog_and_come_back(
    qtbot: QtBot, shell: Shell, demo_path: Path
) -> None:
    shell.controller.start(demo_path)
    unlock = shell.dialog_of(UnlockDialog)
    assert isinstance(unlock, UnlockDialog)
    qtbot.waitUntil(lambda: not unlock.busy, timeout=5000)
    qtbot.mouseClick(unlock.other_button, Qt.MouseButton.LeftButton)
    start = shell.dialog_of(StartDialog)
    assert start.parent() is shell.window
    start.reject()
    again = shell.dialog_of(UnlockDialog)
    assert isinstance(again, UnlockDialog) and again.path == demo_path
    assert shell.quits == 0


def test_quit_in_the_unlock_dialog_quits(
    qtbot: QtBot, shell: Shell, settings: AppSettings, demo_path: Path
) -> None:
    shell.controller.start(demo_path)
    dialog = shell.dialog_of(UnlockDialog)
    assert isinstance(dialog, UnlockDialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.quits == 1, timeout=1000)
    assert not shell.window.isVisible()
    assert settings.window_geometry() is not None, "the window's place is kept for next time"


def test_a_keychain_notice_reaches_the_status_bar(
    qtbot: QtBot, shell: Shell, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends import null

    shell.controller.start(demo_path)
    dialog = shell.dialog_of(UnlockDialog)
    assert isinstance(dialog, UnlockDialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    dialog.notice = "Unlocked, but this computer could not remember the passphrase: test"
    keyring.set_keyring(null.Keyring())
    shell.unlock_with()
    assert "could not remember" in shell.window.statusBar().currentMessage()


def test_with_the_real_pages_the_same_record_is_shown_after_unlocking(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    shell = Shell(qtbot, settings)
    try:
        shell.controller.start(demo_path)
        shell.unlock_with()
        contact = shell.session.vault.records("contacts", order_by="full_name", limit=3)[2]
        shell.window.navigator.open_record("contacts", contact["id"])
        page = shell.window.pages["contacts"]
        current = getattr(page, "current_record", None)
        assert callable(current) and current() == ("contacts", contact["id"])

        shell.controller.lock()
        assert current() is None, "nothing of the plan stays on a locked page"
        shell.unlock_with()
        assert shell.window.current_page_key() == "contacts"
        qtbot.waitUntil(lambda: current() == ("contacts", contact["id"]), timeout=5000)
    finally:
        shell.close()


def test_a_joined_plan_opens_saying_where_it_came_from(
    qtbot: QtBot, shell: Shell, tmp_path: Path
) -> None:
    with Vault.create(tmp_path / "a.itscm", PASSPHRASE, organisation="Tidewater",
                      device_name="Priya's laptop") as first:  # fmt: skip
        joined = Vault.join(tmp_path / "b.itscm", PASSPHRASE, plan_id=first.plan_id,
                            device_name="Duty laptop")  # fmt: skip
        report = take_bundle(joined, make_plan_bundle(first), b"")
    shell.controller.start(None)
    dialog = shell.dialog_of(StartDialog)
    assert isinstance(dialog, StartDialog)
    dialog.vault, dialog.joined = joined, report  # as the join page hands them back
    dialog.accept()
    qtbot.waitUntil(lambda: shell.session.is_unlocked, timeout=5000)
    assert shell.window.statusBar().currentMessage() == (
        "Joined the plan from “Priya's laptop”: 1 change copied. This laptop is “Duty laptop”."
    )
