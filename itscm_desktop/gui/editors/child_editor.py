"""What the editors of a record's own structure share: one save per gesture, a message
strip for what the vault refused, confirmations tests can answer, and following changes.

Every gesture (add, remove, move, edit) is one `vault.edit()`: it commits whole or the
vault rolls it back, and the refusal is shown in plain words in the editor's notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.validation import ValidationError, describe
from itscm_desktop.gui.editors.base import RecordEditor
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.edits import Edit, RecordNotFound, StillInUse
from itscm_desktop.vault.errors import VaultError

T = TypeVar("T")

#: Hues mixed into the palette's own colours, so tints work on light and dark themes.
WARNING_HUE = QColor(230, 150, 0)
ERROR_HUE = QColor(220, 40, 40)
INFO_HUE = QColor(40, 120, 220)
GOOD_HUE = QColor(40, 160, 70)


def mixed(base: QColor, hue: QColor, amount: float) -> QColor:
    """`base` moved `amount` (0–1) of the way towards `hue`."""
    return QColor(
        round(base.red() + (hue.red() - base.red()) * amount),
        round(base.green() + (hue.green() - base.green()) * amount),
        round(base.blue() + (hue.blue() - base.blue()) * amount),
    )


def tint(palette: QPalette, hue: QColor, amount: float = 0.22) -> QColor:
    """A background for highlighted cells: the palette's base tinted towards `hue`; the
    palette's text colour stays readable on it in light and dark themes."""
    return mixed(palette.color(QPalette.ColorRole.Base), hue, amount)


def problem_text(error: Exception) -> str:
    """What the vault refused, as sentences for the person (every problem, not the first)."""
    if isinstance(error, ValidationError):
        return " ".join(_sentence(describe(error.entity, p)) for p in error.problems)
    return _sentence(str(error))


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


class Notice(QFrame):
    """A strip above an editor's content: a warning to act on, or why a save failed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self._label, 1)
        self.hide()

    def text(self) -> str:
        parent = self.parentWidget()
        shown = self.isVisibleTo(parent) if parent is not None else self.isVisible()
        return self._label.text() if shown else ""

    def show_message(self, text: str, hue: QColor = WARNING_HUE) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, tint(QApplication.palette(), hue, 0.25))
        self.setPalette(palette)
        self._label.setText(text)
        self.show()

    def clear(self) -> None:
        self._label.clear()
        self.hide()


class SideBySide(QSplitter):
    """A list and its form: side by side when there is room, the form below when the
    record's page leaves the editor narrow (so the list keeps readable columns)."""

    def __init__(self, main: QWidget, side: QWidget, wide_enough_chars: int = 110) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.addWidget(main)
        self.addWidget(side)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self._threshold = wide_enough_chars

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= self.fontMetrics().averageCharWidth() * self._threshold
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation != self.orientation():
            self.setOrientation(orientation)
        super().resizeEvent(event)


def list_column(summary: QLabel, listing: QWidget, buttons: QHBoxLayout) -> QWidget:
    """The list half of a `SideBySide`: a summary line, the list taking the height, and
    the list's buttons below it."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(summary)
    layout.addWidget(listing, 1)
    layout.addLayout(buttons)
    return column


class ChildEditor(RecordEditor):
    """A RecordEditor that saves each gesture at once and reloads when its tables change.

    Subclasses set `parent_table` and `child_tables`, implement `reload()` (read the
    vault for `self.record_id`, keeping the selection by id) and `clear()`.
    """

    parent_table = ""
    child_tables: tuple[str, ...] = ()

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(session, navigator, parent)
        self.notice = Notice(self)
        self._saving = False
        self._stale = False
        session.changed.connect(self._on_changed)
        session.locked.connect(self._on_locked)

    # -- for subclasses ------------------------------------------------------------------

    def reload(self) -> None:
        """Read what the editor shows for `self.record_id` again."""

    def clear(self) -> None:
        """Show nothing (no record, or the vault is locked)."""

    def watched_tables(self) -> tuple[str, ...]:
        """Tables whose changes can change what the editor shows."""
        return (self.parent_table, *self.child_tables)

    def save(
        self, action: Callable[[Edit], T], *tables: str, reload_on_failure: bool = True
    ) -> T | None:
        """Run `action` in one save. On success tell the window which tables changed and
        show the result; on a refusal show why (nothing was changed) and return None,
        drawing what is stored again unless the caller keeps what was typed on screen."""
        try:
            with self.session.vault.edit() as edit:
                result = action(edit)
        except (ValidationError, StillInUse, RecordNotFound, VaultError) as error:
            self.notice.show_message(problem_text(error), ERROR_HUE)
            if reload_on_failure:
                self.reload()
            return None
        self.notice.clear()
        self._saving = True
        try:
            for table in dict.fromkeys((*tables, *self.child_tables, self.parent_table)):
                if table:
                    self.session.notify_changed(table)
        finally:
            self._saving = False
        self.reload()
        return result

    def action(
        self, text: str, slot: Callable[[], object], shortcut: str = "", tip: str = ""
    ) -> QAction:
        """A command of this editor, with a shortcut that works while focus is inside it."""
        command = QAction(text, self)
        command.setIconText(text.replace("&", ""))  # buttons keep the "…" of a question
        if shortcut:
            command.setShortcut(QKeySequence(shortcut))
            command.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shown = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            tip = f"{tip or text.replace('&', '')} ({shown})"
        command.setToolTip(tip or text.replace("&", ""))
        command.triggered.connect(lambda _checked=False: slot())
        self.addAction(command)
        return command

    @staticmethod
    def button(command: QAction) -> QToolButton:
        """A push-button look for an action, so each command is both a button and a key."""
        button = QToolButton()
        button.setDefaultAction(command)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _confirm(self, text: str) -> bool:
        """Ask before something that cannot be undone here; tests replace this."""
        answer = QMessageBox.question(
            self,
            "Please confirm",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return bool(answer == QMessageBox.StandardButton.Yes)

    # -- RecordEditor --------------------------------------------------------------------

    def show_record(self, record_id: str | None) -> None:
        changed_record = record_id != self.record_id
        super().show_record(record_id)
        if changed_record:
            self.notice.clear()
        if record_id is None or not self.session.is_unlocked:
            self._stale = False
            self.clear()
            return
        if self.isVisible():
            self._stale = False
            self.reload()
        else:  # a tab not shown: read the vault when it is (browsing a list stays quick)
            self._stale = True
            if changed_record:
                self.clear()

    # -- following the vault -------------------------------------------------------------

    def _on_changed(self, table: str) -> None:
        if self._saving or self.record_id is None:
            return
        if table and table not in self.watched_tables():
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.record_id is not None and self.session.is_unlocked:
            self._stale = False
            self.reload()

    def _on_locked(self) -> None:
        self.record_id = None
        self.notice.clear()
        self.clear()
