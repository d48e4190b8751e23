"""The unlocked vault as the window sees it: who has it open, and what just changed.

Pages never keep records of their own between refreshes: they ask the vault again when
`changed` says their table moved, and drop everything when `locked` fires.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from itscm_desktop.vault.vault import Vault


class Session(QObject):
    """Holds the open vault between unlock and lock; announces changes to the pages."""

    unlocked = Signal()
    #: Emitted just before the vault closes: the last moment to save typed work.
    about_to_lock = Signal()
    #: Emitted after the vault is closed; pages must clear their models.
    locked = Signal()
    #: A table whose records changed (a save, a delete, an import). "" means everything.
    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._path: Path | None = None

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            raise RuntimeError("the vault is locked")
        return self._vault

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None

    @property
    def path(self) -> Path | None:
        """The vault file last opened (kept after locking, to unlock it again)."""
        return self._path

    def open(self, vault: Vault) -> None:
        """Take over a vault unlocked elsewhere (the unlock dialog's worker)."""
        if self._vault is not None:
            self._vault.close()
        self._vault = vault
        self._path = vault.path
        self.unlocked.emit()

    def lock(self) -> None:
        """Close the vault: the connection goes, and every page forgets what it showed."""
        if self._vault is None:
            return
        self.about_to_lock.emit()
        self._vault.close()
        self._vault = None
        self.locked.emit()

    def notify_changed(self, table: str = "") -> None:
        self.changed.emit(table)
