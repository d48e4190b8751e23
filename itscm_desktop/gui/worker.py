"""Slow work off the GUI thread, results back by signal (after electrum's TaskThread).

A task is a plain function taking a `Progress`; it runs on a worker thread and must not
touch widgets. Its result or its exception comes back on the GUI thread through the
`Task` object's signals. Cancelling sets a flag the function checks between steps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside a task when the person pressed Cancel."""


class Progress:
    """What a running task can say about itself, and whether it should stop."""

    def __init__(self, task: Task) -> None:
        self._task = task

    def report(self, done: int, total: int, text: str = "") -> None:
        self._task.progressed.emit(done, total, text)

    def check(self) -> None:
        """Raise Cancelled if the person asked to stop; call it between steps."""
        if self._task.cancel_requested:
            raise Cancelled


class Task(QObject):
    """One piece of work. Connect to its signals before starting it."""

    progressed = Signal(int, int, str)  # done, total, what is happening
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()  # after succeeded or failed, always

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._work = work
        self._cancel = threading.Event()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        """Run on the calling thread (tests) — `start` runs it on a worker."""
        try:
            result = self._work(Progress(self))
        except BaseException as exc:  # handed to the GUI thread, which decides
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task.run()


#: Tasks started and not yet finished. A task is kept alive here until it has said
#: everything, so that a caller dropping it (or a parent being deleted) cannot leave the
#: worker emitting from a deleted object. Create tasks without a parent.
_running: set[Task] = set()


def start(task: Task) -> Task:
    """Run `task` on the shared worker pool; its signals arrive on the GUI thread."""
    if task.parent() is not None:
        raise ValueError("a task must not have a parent: it is kept alive until finished")
    _running.add(task)
    task.finished.connect(lambda: _running.discard(task))
    QThreadPool.globalInstance().start(_Runnable(task))
    return task
