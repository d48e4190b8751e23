"""The first thing a new user sees: create a vault, open a vault file, join a plan from
another laptop's bundle (gui/join_plan.py), or try the demo.

Also shown by "Open another vault…". The dialog either hands back an unlocked vault
(`.vault`, after creating one or joining) or a file to unlock (`.path`); the app
controller takes it from there. Slow work (creating the file, copying a bundle's plan,
building the demo) runs in a worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, QStandardPaths, Qt
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.validation import ValidationError
from itscm_desktop.gui.inline_message import InlineMessage, make_title
from itscm_desktop.gui.join_plan import JOINING, JoinPage
from itscm_desktop.gui.new_passphrase import NewPassphrase
from itscm_desktop.gui.resources import icon, load_form
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.gui.worker import Progress, Task, start
from itscm_desktop.sync.bundle import BundleRejected
from itscm_desktop.sync.exchange import ImportReport
from itscm_desktop.vault.errors import VaultError
from itscm_desktop.vault.vault import Vault

#: The demo organisation's passphrase, documented in the README and shown on unlocking it.
DEMO_PASSPHRASE = "lighthouse harbour orange 42"
DEFAULT_NAME = "continuity-plan.itscm"
VAULT_FILTER = "ITSCM vaults (*.itscm);;All files (*)"
MISSING = "not found — on a USB drive?"


def demo_vault_path() -> Path:
    """Where the demo organisation is kept on this computer (made on first use)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder) / "demo.itscm"


def is_demo_vault(path: Path) -> bool:
    return path.resolve() == demo_vault_path().resolve()


def default_new_vault_path() -> Path:
    """`continuity-plan.itscm` in Documents, numbered if that name is taken."""
    folder = Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        or Path.home()
    )
    candidate = folder / DEFAULT_NAME
    number = 2
    while candidate.exists():
        candidate = folder / f"continuity-plan-{number}.itscm"
        number += 1
    return candidate


def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    """Where to save a new vault; None if the person cancelled. Tests replace this."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        "Where to save the new vault",
        str(suggested),
        VAULT_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,  # we refuse existing files ourselves
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".itscm")


def ask_open_path(parent: QWidget) -> Path | None:
    """Which vault file to open; None if the person cancelled. Tests replace this."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getOpenFileName(parent, "Open a vault file", folder, VAULT_FILTER)
    return Path(name) if name else None


class StartDialog(QDialog):
    """Four choices and the recent vaults. After `accept`, `.vault` holds a vault this
    dialog created or joined (unlocked; `.joined` then says what the bundle brought), or
    `.path` a file to unlock."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.vault: Vault | None = None
        self.path: Path | None = None
        self.new_path: Path | None = None
        self.joined: ImportReport | None = None
        self._task: Task | None = None
        self.setWindowTitle("ITSCM Desktop")
        self.setMinimumWidth(560)
        self.form = load_form("start", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 18)
        layout.addWidget(self.form)

        self.pages: QStackedWidget = self._child(QStackedWidget, "pages")
        self.recent: QListWidget = self._child(QListWidget, "recent")
        self.recent_label: QLabel = self._child(QLabel, "recent_label")
        self.location: QLabel = self._child(QLabel, "location")
        self.organisation: QLineEdit = self._child(QLineEdit, "organisation")
        self.create_vault_button: QPushButton = self._child(QPushButton, "create_vault_button")
        self.open_recent_button: QPushButton = self._child(QPushButton, "open_recent_button")
        self.close_button: QPushButton = self._child(QPushButton, "close_button")
        self.busy_text: QLabel = self._child(QLabel, "busy_text")
        self.progress: QProgressBar = self._child(QProgressBar, "progress")
        self.message = InlineMessage(
            self._child(QFrame, "message_frame"), self._child(QLabel, "message")
        )
        self.passphrase = NewPassphrase(
            self._child(QLineEdit, "new_passphrase"),
            self._child(QLineEdit, "repeat_passphrase"),
            self._child(QLabel, "strength"),
            self,
        )
        for name in ("title", "create_title"):
            make_title(self._child(QLabel, name))
        make_title(self._child(QLabel, "recent_label"), 1.0)
        if parent is not None:
            self.close_button.setText("Cancel")
        # The lambdas look the helpers up when called, so tests can replace them.
        self.join_page = JoinPage(
            self.message,
            lambda parent, path: ask_save_path(parent, path),
            lambda: default_new_vault_path(),
            self.pages,
        )
        self.pages.addWidget(self.join_page)

        self._child(QPushButton, "create_button").clicked.connect(self.begin_create)
        self._child(QPushButton, "open_button").clicked.connect(self.choose_file)
        self._child(QPushButton, "join_button").clicked.connect(self.begin_join)
        self._child(QPushButton, "demo_button").clicked.connect(self.open_demo)
        self.join_page.back_requested.connect(self.show_choices)
        self.join_page.join_requested.connect(self.join)
        self._child(QPushButton, "change_location").clicked.connect(self._change_location)
        self._child(QPushButton, "back_button").clicked.connect(self.show_choices)
        self._child(QCheckBox, "show_new").toggled.connect(self.passphrase.set_shown)
        self.create_vault_button.clicked.connect(self.create_vault)
        self.open_recent_button.clicked.connect(self.open_recent)
        self.close_button.clicked.connect(self.reject)
        self.recent.itemActivated.connect(self.open_recent)
        self.organisation.returnPressed.connect(self.passphrase.first.setFocus)
        self.passphrase.first.returnPressed.connect(self.passphrase.second.setFocus)
        self.passphrase.changed.connect(self._update_create_button)
        self.organisation.textChanged.connect(self._update_create_button)
        self._fill_recent()
        self.show_choices()

    def _child(self, cls: type[Any], name: str) -> Any:
        widget = self.form.findChild(cls, name)
        if widget is None:
            raise RuntimeError(f"start.ui has no {cls.__name__} named {name}")
        return widget

    # -- the choices -----------------------------------------------------------------

    def show_choices(self) -> None:
        self.pages.setCurrentIndex(0)
        self.message.hide()
        has_recent = self.recent.count() > 0
        self.open_recent_button.setVisible(has_recent)
        self.open_recent_button.setDefault(has_recent)
        self.close_button.setVisible(True)
        self._child(QPushButton, "create_button").setFocus()

    def _fill_recent(self) -> None:
        """Recent vaults, newest first; a file that is not there (a USB drive that is out)
        is still listed, dimmed and marked, because plugging the drive in brings it back."""
        self.recent.clear()
        self.recent.setIconSize(QSize(24, 24))
        self.recent.setSpacing(2)
        dim = self.palette().color(QPalette.ColorRole.PlaceholderText)
        first_present = -1
        for row, path in enumerate(self.settings.recent_vaults()):
            missing = not path.exists()
            name = f"{path.name}  —  {MISSING}" if missing else path.name
            item = QListWidgetItem(icon("document"), f"{name}\n{path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            if missing:
                item.setForeground(dim)
            elif first_present < 0:
                first_present = row
            self.recent.addItem(item)
        has_recent = self.recent.count() > 0
        self.recent.setVisible(has_recent)
        self.recent_label.setVisible(has_recent)
        if has_recent:
            rows = min(self.recent.count(), 4)
            line = self.recent.fontMetrics().lineSpacing()
            self.recent.setMaximumHeight(rows * (2 * line + 12) + 8)
            self.recent.setCurrentRow(max(first_present, 0))

    def open_recent(self) -> None:
        item = self.recent.currentItem()
        if item is None:
            return
        path = Path(str(item.data(Qt.ItemDataRole.UserRole)))
        if not path.exists():
            self.message.show(
                f"No vault file at {path} — was it on a USB drive? Plug it in and try again."
            )
            return
        self.path = path
        self.accept()

    def choose_file(self) -> None:
        path = ask_open_path(self)
        if path is not None:
            self.path = path
            self.accept()

    # -- a new vault -----------------------------------------------------------------

    def begin_create(self) -> None:
        """Ask where to save first: the file is what the person will look for later."""
        path = ask_save_path(self, default_new_vault_path())
        if path is None:
            return
        if not self._set_new_path(path):
            return
        self.pages.setCurrentIndex(1)
        self.message.hide()
        self.open_recent_button.setVisible(False)
        self.close_button.setVisible(False)
        self.create_vault_button.setDefault(True)
        self.organisation.setFocus()
        self._update_create_button()

    def _change_location(self) -> None:
        path = ask_save_path(self, self.new_path or default_new_vault_path())
        if path is not None:
            self._set_new_path(path)

    def _set_new_path(self, path: Path) -> bool:
        if path.exists():
            self.message.show(
                f"A file named {path.name} already exists in {path.parent} — "
                "choose another name for the new vault."
            )
            return False
        self.message.hide()
        self.new_path = path
        self.location.setText(str(path))
        return True

    def _update_create_button(self) -> None:
        ready = bool(self.organisation.text().strip()) and self.passphrase.acceptable
        self.create_vault_button.setEnabled(ready)

    def create_vault(self) -> None:
        path, passphrase = self.new_path, self.passphrase.text
        organisation = self.organisation.text().strip()
        if path is None or self._task is not None:
            return
        if not organisation:
            self.message.show("Type the name of the organisation the plan is for.", "info")
            self.organisation.setFocus()
            return
        if not self.passphrase.acceptable:
            self.message.show(str(self.passphrase.hint.text()), "info")
            self.passphrase.first.setFocus()
            return

        def work(progress: Progress) -> Vault:
            progress.report(0, 0, "Creating the vault…")
            return Vault.create(path, passphrase, organisation=organisation)

        self._run(work, "Creating the encrypted vault…", self._created)

    def _created(self, vault: object) -> None:
        assert isinstance(vault, Vault)
        self.vault = vault
        self.passphrase.clear()
        self.accept()

    # -- joining a plan from another laptop ------------------------------------------

    def begin_join(self) -> None:
        """Ask for the bundle first, then show what else joining needs."""
        self.message.hide()
        if not self.join_page.begin():
            return
        self.pages.setCurrentWidget(self.join_page)
        self.open_recent_button.setVisible(False)
        self.close_button.setVisible(False)
        self.join_page.focus_first_missing()

    def join(self) -> None:
        request = self.join_page.request()
        if request is not None and self._task is None:
            self._run(request.run, JOINING, self._joined)

    def _joined(self, result: object) -> None:
        assert isinstance(result, tuple)
        vault, report = result
        assert isinstance(vault, Vault) and isinstance(report, ImportReport)
        self.vault, self.joined = vault, report
        self.join_page.clear_secrets()
        self.accept()

    # -- the demo --------------------------------------------------------------------

    def open_demo(self) -> None:
        """Open the demo, building it first if this computer has none yet."""
        path = demo_vault_path()
        if path.exists():
            self._demo_ready(path)
            return

        def work(progress: Progress) -> Path:
            from itscm_desktop.demo import create_demo_vault  # heavy; only needed here

            path.parent.mkdir(parents=True, exist_ok=True)
            create_demo_vault(path, DEMO_PASSPHRASE)
            return path

        self._run(work, "Building the demo organisation — a few seconds…", self._demo_ready)

    def _demo_ready(self, path: object) -> None:
        assert isinstance(path, Path)
        self.path = path
        self.accept()

    # -- worker plumbing -------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _run(self, work: Any, text: str, done: Any) -> None:
        self._return_to = self.pages.currentIndex()
        self.busy_text.setText(text)
        self.pages.setCurrentIndex(2)
        self.message.hide()
        self.close_button.setVisible(False)
        self.open_recent_button.setVisible(False)
        self._done = done
        task = Task(work)  # no parent: it may outlive this dialog by a moment (see long_work)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        self._task = task
        start(task)

    def _succeeded(self, result: object) -> None:
        self._task = None
        self._done(result)

    def _failed(self, error: object) -> None:
        self._task = None
        if not isinstance(error, VaultError | ValidationError | BundleRejected):
            raise error if isinstance(error, BaseException) else RuntimeError(error)
        if self._return_to == self.pages.indexOf(self.join_page):
            self.pages.setCurrentWidget(self.join_page)
            self.join_page.failed(error)
        else:
            if self._return_to == 0:
                self.show_choices()
            else:
                self.pages.setCurrentIndex(self._return_to)
                self.create_vault_button.setDefault(True)
            self.message.show(str(error))
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Taller if the message does not fit: a layout does not grow a shown dialog for
        wrapped text by itself, and squeezes the page's buttons instead."""
        layout = self.layout()
        assert layout is not None
        width = self.width()
        hfw = layout.hasHeightForWidth()
        needed = layout.totalHeightForWidth(width) if hfw else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(width, needed)

    def reject(self) -> None:
        if not self.busy:  # the file is half-made: wait for the worker to finish
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)
