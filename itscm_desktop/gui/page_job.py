"""One piece of slow work at a time for a page, in the worker, safe across locking.

A page that seals or opens bundles (seconds of key derivation) runs the work in the
worker and must (1) refuse a second job while one runs, (2) drop a result that arrives
after the vault was locked, and (3) let locking wait until the work has stopped using
the vault. `PageJob` does those three things, so the page only says what to run and what
to do with the result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from itscm_desktop.gui.worker import Task, start


@dataclass(eq=False)
class _Job:
    task: Task
    epoch: int
    done: threading.Event
    succeeded: Callable[[Any], None]
    failed: Callable[[BaseException], None]


class PageJob(QObject):
    """The page's current job, if any. `changed` is emitted when one starts or ends, so
    that the page can enable and disable its buttons."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job: _Job | None = None
        self._epoch = 0

    @property
    def busy(self) -> bool:
        return self._job is not None

    def run(
        self,
        work: Callable[[], Any],
        succeeded: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run `work()` in the worker; `succeeded(result)` or `failed(error)` follow on the
        GUI thread, unless `forget` was called meanwhile."""
        done = threading.Event()

        def guarded(_progress: object) -> Any:
            try:
                return work()
            finally:
                done.set()  # the vault may close from here on

        task = Task(guarded)  # no parent: the worker keeps it alive until it has finished
        self._job = _Job(task, self._epoch, done, succeeded, failed)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        start(task)
        self.changed.emit()

    def forget(self) -> None:
        """The vault was locked: whatever the running job returns is dropped."""
        self._epoch += 1
        self._job = None

    def wait(self, seconds: float) -> bool:
        """Wait until the running job no longer uses the vault; False after `seconds`."""
        job = self._job
        return job is None or job.done.wait(seconds)

    def _take(self) -> _Job | None:
        job = self._job
        if job is None or self.sender() is not job.task or job.epoch != self._epoch:
            return None
        self._job = None
        self.changed.emit()
        return job

    def _succeeded(self, result: object) -> None:
        job = self._take()
        if job is not None:
            job.succeeded(result)

    def _failed(self, error: object) -> None:
        job = self._take()
        if job is not None:
            job.failed(error if isinstance(error, BaseException) else RuntimeError(str(error)))
