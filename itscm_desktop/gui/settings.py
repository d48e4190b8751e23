"""What the app remembers on this computer, outside any vault: recent vault paths (paths
only, never a passphrase), window geometry, the auto-lock delay. Stored with QSettings in
the platform's usual place (registry, plist, ~/.config)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
DEFAULT_IDLE_MINUTES = 10


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings if settings is not None else QSettings()

    # -- recent vaults ---------------------------------------------------------------

    def recent_vaults(self) -> list[Path]:
        """Most recent first; files that no longer exist are still listed (a USB drive
        may be out), the caller decides how to show them."""
        value = self._s.value("vaults/recent", [])
        if isinstance(value, str):  # QSettings gives a list of one as that one string
            items: list[object] = [value]
        elif isinstance(value, list | tuple):
            items = list(value)
        else:  # nothing stored, or something unreadable there
            items = []
        return [Path(str(item)) for item in items if str(item)]

    def add_recent_vault(self, path: Path) -> None:
        path = path.resolve()
        recent = [p for p in self.recent_vaults() if p != path]
        self._s.setValue("vaults/recent", [str(p) for p in [path, *recent][:MAX_RECENT]])

    def forget_recent_vault(self, path: Path) -> None:
        recent = [p for p in self.recent_vaults() if p != path.resolve()]
        self._s.setValue("vaults/recent", [str(p) for p in recent])

    # -- window ----------------------------------------------------------------------

    def window_geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._s.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
        self._s.setValue("window/state", state)

    # -- safety ----------------------------------------------------------------------

    def idle_minutes(self) -> int:
        """Minutes without input before the vault locks itself; 0 means never."""
        try:
            value = int(str(self._s.value("safety/idle_minutes", DEFAULT_IDLE_MINUTES)))
        except ValueError:
            return DEFAULT_IDLE_MINUTES
        return max(0, min(value, 24 * 60))

    def set_idle_minutes(self, minutes: int) -> None:
        self._s.setValue("safety/idle_minutes", int(minutes))

    def sync(self) -> None:
        self._s.sync()
