"""Building printed documents in the worker for the Print Center, one at a time.

The vault's connection is shared with the GUI thread, so only one build reads it at a
time, and locking waits until that build has stopped before the connection closes. A
preview asked for while another is being built stops the older one; a result that no
longer matches what was last asked for (an older build finishing late) is dropped. The
go-bag pack is built the same way, and a preview waits for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from itscm_desktop.gui.session import Session
from itscm_desktop.gui.worker import Progress, Task, start
from itscm_desktop.reports import catalogue
from itscm_desktop.reports.catalogue import Options, Printed

log = logging.getLogger(__name__)

#: A change of document or option waits this long for the next one before building.
DEBOUNCE_MS = 250
#: Locking waits at most this long for a build to notice it must stop.
LOCK_WAIT_S = 30.0


@dataclass(eq=False)
class _Job:
    kind: str  # "preview" | "pack"
    token: int  # the preview asked for when it started
    epoch: int  # the unlock it started in
    task: Task
    done: threading.Event  # set when the work no longer touches the vault
    folder: Path | None = None  # a pack to save there rather than print
    asked: tuple[str, Options] | None = None  # a preview's document and options


class DocumentBuilds(QObject):
    """Previews and go-bag packs built in the worker; results come back as signals."""

    progressed = Signal(str)  # "Laying out page 12…"
    preview_built = Signal(bytes)
    preview_failed = Signal(object)  # the exception; worker.Cancelled when stopped
    pack_built = Signal(list, object)  # [Printed], the folder to save in or None to print
    pack_failed = Signal(object)
    #: A build started or ended: whether one runs, and whether previews are waiting.
    state_changed = Signal()

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._job: _Job | None = None
        self._token = 0
        self._epoch = 0
        self._preview: tuple[str, Options] | None = None  # asked for, not yet started
        self._pack: tuple[str, Path | None] | None = None  # (paper, folder) not yet started
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._start_next)
        session.about_to_lock.connect(self._stop_before_lock)
        session.locked.connect(self._forget)

    # -- asking -------------------------------------------------------------------------

    @property
    def running(self) -> str:
        """ "preview", "pack" or "" (nothing is being built)."""
        return self._job.kind if self._job is not None else ""

    @property
    def pending(self) -> bool:
        """True while a build runs or waits to start."""
        return self._job is not None or self._preview is not None or self._pack is not None

    @property
    def pack_pending(self) -> bool:
        return self._pack is not None or self.running == "pack"

    def request_preview(self, key: str, options: Options, *, at_once: bool = False) -> None:
        """Build `key` with `options` after a pause for more changes (or `at_once`);
        whatever preview was asked for before is dropped."""
        self.drop_preview()
        self._preview = (key, options)
        if at_once:
            self._start_next()
        else:
            self._debounce.start()
        self.state_changed.emit()

    def drop_preview(self) -> None:
        """Forget the preview asked for; one being built stops and its pages are dropped."""
        self._token += 1
        self._preview = None
        self._debounce.stop()
        if self.running == "preview" and self._job is not None:
            self._job.task.cancel()

    def request_pack(self, paper: str, folder: Path | None = None) -> bool:
        """Build the go-bag pack, to print (`folder` None) or to save in `folder`. A preview
        being built stops and is built again after the pack. False if a pack is on its way."""
        if self.pack_pending or not self.session.is_unlocked:
            return False
        self._pack = (paper, folder)
        job = self._job
        if job is not None and job.kind == "preview":
            if self._preview is None:
                self._preview = job.asked
            self._token += 1
            job.task.cancel()
        self._start_next()
        self.state_changed.emit()
        return True

    def cancel(self) -> None:
        """The person pressed Cancel: the build under way stops and is not started again."""
        job = self._job
        if job is None:
            return
        if job.kind == "preview":
            self._preview = None
            self._debounce.stop()
        job.task.cancel()

    # -- running --------------------------------------------------------------------------

    def _start_next(self) -> None:
        if self._job is not None or not self.session.is_unlocked:
            return
        vault = self.session.vault
        if self._pack is not None:
            paper, folder = self._pack
            self._pack = None

            def pack(progress: Progress) -> list[Printed]:
                progress.check()
                told = _told(progress)
                return catalogue.go_bag(vault, paper, progress=lambda t, p: told(p, t))

            self._run("pack", pack, folder=folder)
        elif self._preview is not None and not self._debounce.isActive():
            key, options = self._preview
            self._preview = None

            def preview(progress: Progress) -> bytes:
                progress.check()
                told = _told(progress)
                return catalogue.build(vault, key, options, progress=lambda p: told(p, ""))

            self._run("preview", preview, asked=(key, options))

    def _run(
        self,
        kind: str,
        work: Callable[[Progress], object],
        *,
        folder: Path | None = None,
        asked: tuple[str, Options] | None = None,
    ) -> None:
        done = threading.Event()

        def guarded(progress: Progress) -> object:
            try:
                return work(progress)
            finally:
                done.set()  # the vault may close from here on (see _stop_before_lock)

        task = Task(guarded)  # no parent: the worker keeps it alive until it has finished
        self._job = _Job(kind, self._token, self._epoch, task, done, folder, asked)
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        start(task)
        self.state_changed.emit()

    def _current(self) -> _Job | None:
        """The job this signal is from, unless its result is no longer wanted."""
        job = self._job
        if job is None or self.sender() is not job.task or job.epoch != self._epoch:
            return None
        if job.kind == "preview" and job.token != self._token:
            return None
        return job

    def _progressed(self, _done: int, _total: int, text: str) -> None:
        job = self._current()
        if job is not None and not job.task.cancel_requested:
            self.progressed.emit(text)

    def _succeeded(self, result: object) -> None:
        job = self._current()
        if job is None:
            return
        if job.kind == "pack":
            self.pack_built.emit(result, job.folder)
        else:
            self.preview_built.emit(result)

    def _failed(self, error: object) -> None:
        job = self._current()
        if job is None:
            return
        (self.pack_failed if job.kind == "pack" else self.preview_failed).emit(error)

    def _finished(self) -> None:
        if self._job is None or self.sender() is not self._job.task:
            return
        self._job = None
        self._start_next()
        self.state_changed.emit()

    # -- locking ----------------------------------------------------------------------------

    def _stop_before_lock(self) -> None:
        """The vault is about to close: the build reading it must stop first."""
        job = self._job
        if job is not None:
            job.task.cancel()
            if not job.done.wait(LOCK_WAIT_S):
                log.error("a document build did not stop within %s s of locking", LOCK_WAIT_S)

    def _forget(self) -> None:
        self._epoch += 1
        self._token += 1
        self._preview = None
        self._pack = None
        self._debounce.stop()
        self.state_changed.emit()


def _told(progress: Progress) -> Callable[[int, str], None]:
    """Hears of each page laid out: says so, and stops the work if the person asked."""

    def told(page: int, title: str) -> None:
        progress.check()
        doing = f"laying out page {page}…" if page else "getting the pages ready…"
        progress.report(page, 0, f"{title}: {doing}" if title else doing.capitalize())

    return told
