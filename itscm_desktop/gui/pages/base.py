"""What every page of the main window is: a widget that shows part of the plan from the
session's vault, follows changes and locking, and can be asked to show one record."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session


class Page(QWidget):
    """Base of all pages. Subclasses override the hooks they need.

    Pages are created when first shown, after the vault is unlocked. They must drop any
    record they hold when the session locks (`on_locked`), and reload lazily: a page that
    is not visible only marks itself stale on `changed`, and reloads on `activate`.
    """

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.navigator = navigator
        self._stale = True
        session.changed.connect(self._on_changed)
        session.locked.connect(self._on_session_locked)

    # -- hooks ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read what the page shows from the vault again."""

    def show_record(self, table: str, record_id: str) -> None:
        """Select and show one record of `table` (a table this page owns)."""

    def show_only(self, record_ids: list[str]) -> None:
        """Show just these records (a dashboard count that was clicked)."""

    def on_locked(self) -> None:
        """Forget every record shown; the vault is closed."""

    def watches(self, table: str) -> bool:
        """True when a change to `table` can change what this page shows."""
        return True

    # -- plumbing ------------------------------------------------------------------------

    def activate(self) -> None:
        """Called when the page becomes the visible one."""
        if self._stale and self.session.is_unlocked:
            self._stale = False
            self.reload()

    def _on_session_locked(self) -> None:
        self._stale = True  # whatever was shown must be read again after unlocking
        self.on_locked()

    def _on_changed(self, table: str) -> None:
        if table and not self.watches(table):
            return
        self._stale = True
        if self.isVisible():
            self.activate()
