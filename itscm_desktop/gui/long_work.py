"""Work on the open vault that takes longer than a keystroke: backups, checks, restores.

The work runs in the worker pool while a window-modal progress dialog keeps the window
painting and says what is happening. The vault's connection may be used by one thread at
a time, so the dialog is modal for as long as the worker holds it, and the idle lock waits
until the work is done. Results come back as signals on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from itscm_desktop.gui.worker import Cancelled, Progress, Task, start

#: A progress dialog for work shorter than this would only flash on the screen.
SHOW_AFTER_MS = 300


class LongWork(QObject):
    """One piece of slow work with its progress dialog. Connect, then `start()`.

    `succeeded(result)` and `failed(error)` arrive on the GUI thread; `cancelled` when the
    person pressed Cancel and the work stopped; `finished` after any of them.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        text: str,
        work: Callable[[Progress], Any],
        *,
        on_cancel: Callable[[], None] | None = None,
        idle: Any = None,
    ) -> None:
        super().__init__(parent)
        self._on_cancel = on_cancel
        self._idle = idle
        self.running = False
        # No parent: the worker still emits `finished` after the result has arrived here,
        # and whoever owns this object may delete it as soon as it has the result.
        self.task = Task(work)
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.dialog = QProgressDialog(text, "Cancel" if on_cancel else "", 0, 0, parent)
        self.dialog.setWindowTitle("ITSCM Desktop")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if on_cancel is None:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_AFTER_MS)
        self._show_timer.timeout.connect(self._show_dialog)

    def start(self) -> LongWork:
        self.running = True
        if self._idle is not None:
            self._idle.pause()
        start(self.task)
        self._show_timer.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop; it stops at its next step (or its statement is interrupted)."""
        if not self.running or self._on_cancel is None:
            return
        self.dialog.setLabelText("Stopping…")
        self.task.cancel()
        self._on_cancel()

    def _show_dialog(self) -> None:
        if self.running:
            self.dialog.show()

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(done if total else 0)
        if text:
            self.dialog.setLabelText(text)

    def _finish(self) -> None:
        self.running = False
        self._show_timer.stop()
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.hide()
        self.dialog.deleteLater()
        if self._idle is not None:
            self._idle.resume()

    def _succeeded(self, result: object) -> None:
        self._finish()
        self.succeeded.emit(result)
        self.finished.emit()

    def _failed(self, error: object) -> None:
        stopped = self.task.cancel_requested
        self._finish()
        if stopped or isinstance(error, Cancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(error)
        self.finished.emit()
