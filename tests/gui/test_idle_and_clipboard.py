"""The idle lock's clock and the clipboard that forgets what was copied from the vault."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.clipboard import SensitiveClipboard, copy_sensitive, shared_clipboard
from itscm_desktop.gui.idle import IdleWatcher
from itscm_desktop.gui.session import Session


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def watcher(clock: FakeClock) -> Iterator[IdleWatcher]:
    watcher = IdleWatcher(10, clock=clock)
    yield watcher
    watcher.stop_watching()
    watcher.deleteLater()


# -- idle -------------------------------------------------------------------------------


def test_idle_is_emitted_once_when_the_minutes_pass_without_input(
    qtbot: QtBot, watcher: IdleWatcher, clock: FakeClock
) -> None:
    emitted: list[bool] = []
    watcher.idle.connect(lambda: emitted.append(True))
    clock.advance(9.9)
    watcher.check()
    assert emitted == []
    clock.advance(0.1)
    watcher.check()
    assert emitted == [True]
    clock.advance(30)
    watcher.check()
    assert emitted == [True], "one quiet spell locks once"


def test_a_key_press_anywhere_starts_the_count_again(
    qtbot: QtBot, watcher: IdleWatcher, clock: FakeClock
) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    clock.advance(8)
    qtbot.keyClick(field, Qt.Key.Key_A)
    clock.advance(8)
    with qtbot.assertNotEmitted(watcher.idle):
        watcher.check()
    clock.advance(2)
    with qtbot.waitSignal(watcher.idle, timeout=100):
        watcher.check()


def test_a_mouse_click_also_counts_as_use(
    qtbot: QtBot, watcher: IdleWatcher, clock: FakeClock
) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    clock.advance(9)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    clock.advance(9)
    with qtbot.assertNotEmitted(watcher.idle):
        watcher.check()


def test_paused_watcher_stays_quiet_and_resume_counts_afresh(
    qtbot: QtBot, watcher: IdleWatcher, clock: FakeClock
) -> None:
    watcher.pause()
    assert not watcher.timer.isActive()
    clock.advance(60)
    with qtbot.assertNotEmitted(watcher.idle):
        watcher.check()
    watcher.resume()
    assert watcher.timer.isActive()
    clock.advance(9)
    with qtbot.assertNotEmitted(watcher.idle):
        watcher.check()
    clock.advance(1)
    with qtbot.waitSignal(watcher.idle, timeout=100):
        watcher.check()


def test_zero_minutes_never_locks(qtbot: QtBot, watcher: IdleWatcher, clock: FakeClock) -> None:
    watcher.set_minutes(0)
    assert not watcher.timer.isActive()
    clock.advance(24 * 60)
    with qtbot.assertNotEmitted(watcher.idle):
        watcher.check()
    watcher.set_minutes(5)
    assert watcher.timer.isActive()
    clock.advance(5)
    with qtbot.waitSignal(watcher.idle, timeout=100):
        watcher.check()


# -- clipboard --------------------------------------------------------------------------


def _clipboard_text() -> str:
    return str(QGuiApplication.clipboard().text())


@pytest.fixture
def board(qtbot: QtBot) -> Iterator[SensitiveClipboard]:
    board = SensitiveClipboard(interval_ms=50)
    yield board
    board.clear_now()
    QGuiApplication.clipboard().clear()
    board.deleteLater()


def test_a_copied_number_is_cleared_after_the_timeout(
    qtbot: QtBot, board: SensitiveClipboard
) -> None:
    board.copy("+44 7700 900123")
    assert _clipboard_text() == "+44 7700 900123"
    qtbot.waitUntil(lambda: _clipboard_text() == "", timeout=2000)


def test_what_the_person_copied_since_is_left_alone(
    qtbot: QtBot, board: SensitiveClipboard
) -> None:
    board.copy("ACC-553-0192")
    QGuiApplication.clipboard().setText("notes from the bridge call")
    with qtbot.waitSignal(board.timer.timeout, timeout=2000):
        pass
    assert _clipboard_text() == "notes from the bridge call"


def test_clear_now_empties_the_clipboard_only_if_it_is_still_ours(
    qtbot: QtBot, board: SensitiveClipboard
) -> None:
    board.interval_ms = 60_000
    board.copy("secret line")
    board.clear_now()
    assert _clipboard_text() == ""
    assert not board.timer.isActive()
    board.copy("another")
    QGuiApplication.clipboard().setText("mine")
    board.clear_now()
    assert _clipboard_text() == "mine"


def test_copies_from_any_page_are_cleared_when_the_vault_locks(
    qtbot: QtBot, session: Session
) -> None:
    from itscm_desktop.gui.app import AppController
    from itscm_desktop.gui.main_window import MainWindow
    from itscm_desktop.gui.settings import AppSettings

    window = MainWindow(session, AppSettings())
    qtbot.addWidget(window)
    controller = AppController(window, session, window.settings, quit_app=lambda: None)
    assert controller.clipboard is shared_clipboard()
    copy_sensitive("+48 601 234 567")
    assert _clipboard_text() == "+48 601 234 567"
    assert shared_clipboard().timer.isActive()
    session.lock()
    assert _clipboard_text() == ""
    controller.idle.stop_watching()
