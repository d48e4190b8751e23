"""Plan settings: the plan's own record (organisation, owner, classification, review
cycle, crisis line, the country for numbers typed without +) in one form.

There is exactly one plan record, so there is no list, no New and no Delete: just the
form with Save and Revert. Unsaved changes survive switching pages (the page keeps
them); when the vault locks they are saved if the vault accepts them, otherwise
discarded, and the status bar says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.base import Page
from itscm_desktop.gui.pages.records import heading
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.record_form import RecordForm


class PlanSettingsPage(Page):
    """The singleton plan record in a form with Save and Revert."""

    def __init__(self, *, session: Session, navigator: Navigator) -> None:
        super().__init__(session, navigator)
        self.entity = REGISTRY["plan"]
        title = QLabel(self.entity.plural)
        title.setObjectName("page_title")
        heading(title, 1.5)
        description = QLabel(
            "What the plan is, who owns it, how often it is reviewed, and the country "
            "used for phone numbers typed without a +."
        )
        description.setWordWrap(True)

        self.form = RecordForm("plan", session, navigator)
        self.form.setMaximumWidth(self.fontMetrics().averageCharWidth() * 120)
        self.form.changed.connect(self._update_buttons)
        self.form.submitted.connect(self.save)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("save")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setObjectName("revert")
        self.revert_button.clicked.connect(self.revert)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved_note")
        save = QAction(self)
        save.setShortcut(QKeySequence("Ctrl+S"))
        save.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.triggered.connect(self.save)
        self.addAction(save)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.saved_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(description)
        layout.addLayout(buttons)
        layout.addWidget(self.form, 1, Qt.AlignmentFlag.AlignLeft)
        session.about_to_lock.connect(self._before_lock)
        self._update_buttons()

    def reload(self) -> None:
        if not self.form.dirty:
            self.form.set_record(self.session.vault.plan() or None)
        self._update_buttons()

    def watches(self, table: str) -> bool:
        return table in ("plan", "contacts")

    def on_locked(self) -> None:
        if self.form.dirty:
            self._say("Unsaved changes to the plan settings were discarded when the vault locked.")
        self._stale = True  # read again after the next unlock
        self.form.clear()
        self.saved_label.clear()
        self._update_buttons()

    def save(self) -> bool:
        if not self.session.is_unlocked or not self.form.dirty:
            return False
        if self.form.save() is None:
            self.saved_label.clear()
            return False
        self._update_buttons()
        self.saved_label.setText("Saved.")
        return True

    def revert(self) -> None:
        self.form.revert()
        self._update_buttons()
        self.saved_label.clear()

    def _before_lock(self) -> None:
        if self.form.dirty and self.session.is_unlocked and self.form.save() is not None:
            self._say("Saved your changes to the plan settings before locking.")

    def _update_buttons(self) -> None:
        dirty = self.form.dirty and self.session.is_unlocked
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.saved_label.clear()

    def _say(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)
        self.setProperty("last_message", text)
