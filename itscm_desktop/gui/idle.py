"""Locking the vault when nobody has touched the computer for a while.

A laptop left open in a crisis room must not show the whole continuity plan to whoever
walks by. The watcher sees every key press, click, wheel turn and touch anywhere in the
application and emits `idle` once the configured minutes pass without any.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

#: How often the watcher looks at the clock; the lock happens at most this late.
CHECK_INTERVAL_MS = 5_000

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` once after `minutes` without input; `minutes == 0` never locks.

    `clock` is injectable so tests move time forward and call `check()` themselves.
    While paused (the vault is locked, or a long task holds it) nothing is emitted;
    `resume` starts counting afresh.
    """

    idle = Signal()

    def __init__(
        self,
        minutes: int,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._minutes = max(0, int(minutes))
        self._last_input = clock()
        self._paused = False
        self._fired = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._update_timer()

    @property
    def minutes(self) -> int:
        return self._minutes

    @property
    def paused(self) -> bool:
        return self._paused

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last_input = self._clock()
            self._fired = False
        return False

    def check(self) -> None:
        """Emit `idle` if the time is up (once per quiet spell)."""
        if self._paused or self._fired or self._minutes == 0:
            return
        if self._clock() - self._last_input >= self._minutes * 60:
            self._fired = True
            self.idle.emit()

    def pause(self) -> None:
        self._paused = True
        self._update_timer()

    def resume(self) -> None:
        self._paused = False
        self._fired = False
        self._last_input = self._clock()
        self._update_timer()

    def set_minutes(self, minutes: int) -> None:
        self._minutes = max(0, int(minutes))
        self._last_input = self._clock()
        self._fired = False
        self._update_timer()

    def _update_timer(self) -> None:
        if self._paused or self._minutes == 0:
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()

    def stop_watching(self) -> None:
        """Remove the application-wide filter (the watcher is being thrown away)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()
