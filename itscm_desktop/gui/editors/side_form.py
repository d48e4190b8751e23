"""The unsaved-typing state that the editors' side forms share (a runbook step, an
exercise finding): Save and Revert light up once something is typed, stay lit when a
save is refused, and go dark when the form is loaded or saved."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton


class TypingState:
    """Mixed into a side form that has `save_button`, `revert_button` and `_loading`
    (True while the form fills its fields, so that filling is not typing)."""

    save_button: QPushButton
    revert_button: QPushButton
    _loading: bool

    @property
    def savable_when_clean(self) -> bool:
        """True when Save stays available with nothing typed (a new record)."""
        return False

    @property
    def dirty(self) -> bool:
        """True while the form holds typing that is not stored."""
        return bool(self.revert_button.isEnabled())

    def keep_typing(self) -> None:
        """The save was refused: what was typed stays, still to be saved."""
        self._set_dirty(True)

    def _edited(self, *_: object) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty or self.savable_when_clean)
        self.revert_button.setEnabled(dirty)
