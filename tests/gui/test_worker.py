"""Slow work runs off the GUI thread and reports back on it, even when nobody kept the
task; cancelling stops it between steps."""

from __future__ import annotations

import gc
import threading
import time

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.worker import Cancelled, Progress, Task, start


def test_the_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    threads: list[threading.Thread] = []

    def work(progress: Progress) -> int:
        threads.append(threading.current_thread())
        progress.report(1, 2, "halfway")
        return 42

    task = Task(work)
    received: list[object] = []
    task.succeeded.connect(lambda result: received.append((result, threading.current_thread())))
    with qtbot.waitSignal(task.progressed) as progressed, qtbot.waitSignal(task.finished):
        start(task)
    assert progressed.args == [1, 2, "halfway"]
    assert threads[0] is not threading.main_thread()
    assert received == [(42, threading.main_thread())]


def test_a_failure_is_handed_over_not_raised(qtbot: QtBot) -> None:
    def work(_: Progress) -> None:
        raise OSError(28, "No space left on device")

    task = Task(work)
    with qtbot.waitSignal(task.failed) as failed:
        start(task)
    assert isinstance(failed.args[0], OSError)


def test_cancel_stops_between_steps(qtbot: QtBot) -> None:
    steps: list[int] = []

    def work(progress: Progress) -> None:
        for step in range(1000):
            progress.check()
            steps.append(step)
            time.sleep(0.005)

    task = Task(work)
    with qtbot.waitSignal(task.failed, timeout=10_000) as failed:
        start(task)
        qtbot.waitUntil(lambda: len(steps) >= 3)
        task.cancel()
    assert isinstance(failed.args[0], Cancelled)
    assert len(steps) < 1000


def test_a_task_nobody_kept_still_reports(qtbot: QtBot) -> None:
    done: list[str] = []

    def work(_: Progress) -> str:
        time.sleep(0.05)
        return "backed up"

    task = Task(work)
    task.succeeded.connect(done.append)
    start(task)
    del task
    gc.collect()
    qtbot.waitUntil(lambda: done == ["backed up"])


def test_a_task_with_a_parent_is_refused() -> None:
    task = Task(lambda _: None)
    owner = QObject()
    task.setParent(owner)
    with pytest.raises(ValueError, match="parent"):
        start(task)
