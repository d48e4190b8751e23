"""What an editor shown inside a record is: a widget that edits the records belonging to
one record (a team's members, a call tree's entries, a plan's steps) where they are shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session


class RecordEditor(QWidget):
    """Shown as an extra tab of a record on its page (see `editors_for`)."""

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.navigator = navigator
        self.record_id: str | None = None

    def show_record(self, record_id: str | None) -> None:
        """Show (and edit) what belongs to this record; None clears the editor (nothing
        selected, a new record not yet saved, or the vault locked)."""
        self.record_id = record_id
