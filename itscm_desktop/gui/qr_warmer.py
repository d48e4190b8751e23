"""QR codes encoded in idle time, so that the first contact sheet prints at once.

Encoding a person's code takes reportlab about 8 ms; a contact sheet of 1,500 people
would wait 12 s for them on its first print. After unlocking, and a little after people
or teams change, this encodes the missing codes one per turn of the event loop (one code
never blocks the window noticeably) and the vault keeps them; a print then finds them
ready. Locking stops it at once; what was done is kept.
"""

from __future__ import annotations

from collections.abc import Generator

from PySide6.QtCore import QObject, QTimer

from itscm_desktop.gui.session import Session
from itscm_desktop.reports.vcard import preparing_codes
from itscm_desktop.vault.errors import VaultError

#: Wait this long after unlocking or a change before starting: the window and its pages
#: come first, and a burst of edits settles.
START_DELAY_MS = 3_000
#: Codes are stored this many at a time: stopping loses at most this much work.
BATCH = 50
#: The tables whose changes alter the codes a contact sheet prints.
WATCHED = frozenset({"", "contacts", "teams", "team_members", "plan"})


class QrWarmer(QObject):
    """Keeps the vault's QR codes ready while the window idles."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._steps: Generator[int, None, None] | None = None
        self._start = QTimer(self, singleShot=True, interval=START_DELAY_MS)
        self._start.timeout.connect(self._begin)
        self._tick = QTimer(self, interval=0)
        self._tick.timeout.connect(self._step)
        session.unlocked.connect(self._start.start)
        session.changed.connect(self._changed)
        session.about_to_lock.connect(self.stop)

    @property
    def busy(self) -> bool:
        """True while codes are waiting to be encoded or being encoded."""
        return self._start.isActive() or self._tick.isActive()

    def stop(self) -> None:
        """Stop now (before the vault closes); codes stored so far stay stored."""
        self._start.stop()
        self._tick.stop()
        if self._steps is not None:
            steps, self._steps = self._steps, None
            steps.close()

    def _changed(self, table: str) -> None:
        if table in WATCHED and self.session.is_unlocked:
            self.stop()
            self._start.start()

    def _begin(self) -> None:
        if not self.session.is_unlocked:
            return
        self._steps = preparing_codes(self.session.vault, BATCH)
        self._tick.start()

    def _step(self) -> None:
        if self._steps is None or not self.session.is_unlocked:
            self.stop()
            return
        try:
            next(self._steps)
        except StopIteration:
            self._steps = None
            self._tick.stop()
        except VaultError:
            # Only a help: a busy or full disk must not trouble the person; the first
            # print encodes what is missing and says so if it cannot save.
            self.stop()
