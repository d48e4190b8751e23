"""File → Import: contacts, suppliers, sites, assets or services from a CSV or vCard file.

Four pages, each shown before anything is written: choose the file (read at once, so a
file that cannot be imported says why right there), check where its columns go, see
what the import would do (new records, updates with what changes, rejected rows with
their line), then import in one save. Checking and importing a large file run in the
worker behind a progress dialog with Cancel; cancelling writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.gui.import_columns import ColumnsPage
from itscm_desktop.gui.import_done import DonePage
from itscm_desktop.gui.import_report import CheckPage
from itscm_desktop.gui.import_source import ImportSource, open_source
from itscm_desktop.gui.inline_message import message_frame
from itscm_desktop.gui.long_work import LongWork
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.worker import Progress
from itscm_desktop.interchange.columns import IMPORTABLE_TABLES
from itscm_desktop.interchange.problems import ImportRefused

if TYPE_CHECKING:
    from itscm_desktop.gui.main_window import MainWindow

CHOOSE, COLUMNS, CHECK, DONE = range(4)
FILE_FILTER = "Contact lists and tables (*.csv *.vcf *.vcard *.txt *.tsv);;All files (*)"
#: The tables offered, in the order a manager most often imports them.
TABLE_ORDER = ("contacts", "suppliers", "assets", "services", "sites")


class ChoosePage(QWizardPage):
    """What to import into and from which file; the file is read as soon as it is chosen."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Import: choose the file")
        self.setSubTitle(
            "A CSV file (from Excel, Outlook or Google Contacts) or a vCard file (from a "
            "phone). Nothing is saved until the last step."
        )
        self.table_combo = QComboBox()
        self.table_combo.setObjectName("import_table")
        for table in (t for t in TABLE_ORDER if t in IMPORTABLE_TABLES):
            self.table_combo.addItem(REGISTRY[table].plural, table)
        self.table_combo.currentIndexChanged.connect(self._table_changed)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import_path")
        self.path_edit.setPlaceholderText("Type a path and press Enter, or choose the file")
        self.path_edit.returnPressed.connect(self.read_typed_path)
        self.browse_button = QPushButton("C&hoose file…")
        self.browse_button.setObjectName("import_browse")
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.choose_file)
        table_label = QLabel("&Import into:")
        table_label.setBuddy(self.table_combo)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path_edit)
        grid = QGridLayout()
        grid.addWidget(table_label, 0, 0)
        grid.addWidget(self.table_combo, 0, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(file_label, 1, 0)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        grid.addLayout(row, 1, 1)
        grid.setColumnStretch(1, 1)
        self.summary = QLabel()
        self.summary.setObjectName("import_file_summary")
        self.summary.setWordWrap(True)
        frame, self.message = message_frame("import_file_message")
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.summary)
        layout.addWidget(frame)
        layout.addStretch(1)
        self.setTabOrder(self.table_combo, self.path_edit)
        self.setTabOrder(self.path_edit, self.browse_button)

    @property
    def table(self) -> str:
        return str(self.table_combo.currentData())

    def set_table(self, table: str) -> None:
        self.table_combo.setCurrentIndex(self.table_combo.findData(table))

    def choose_file(self) -> None:
        start = self.path_edit.text().strip() or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Import which file?", start, FILE_FILTER)
        if name:
            self.path_edit.setText(name)
            self.read(Path(name))

    def read_typed_path(self) -> None:
        text = self.path_edit.text().strip()
        if text:
            self.read(Path(text).expanduser())

    def read(self, path: Path) -> None:
        """Read `path` for the chosen table now, saying what it is or why it cannot be."""
        self._wizard.set_source(None)
        self.summary.clear()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            source = open_source(path, self.table)
        except ImportRefused as refusal:
            self.message.show(str(refusal), "error")
        else:
            self.message.hide()
            self.summary.setText(source.describe())
            self._wizard.set_source(source)
        finally:
            QApplication.restoreOverrideCursor()
        self.completeChanged.emit()

    def _table_changed(self) -> None:
        source = self._wizard.source
        if source is not None or self.message.text:
            self.read_typed_path()

    def isComplete(self) -> bool:
        return self._wizard.source is not None

    def nextId(self) -> int:
        source = self._wizard.source
        return COLUMNS if source is None or source.is_csv else CHECK


class ImportWizard(QWizard):
    """The Import wizard over the open vault. `source`, `plan` and `result` hold what the
    pages found, for the next page and for tests."""

    def __init__(
        self,
        session: Session,
        navigator: Navigator | None = None,
        parent: QWidget | None = None,
        *,
        idle: Any = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.navigator = navigator
        self._idle = idle
        self.source: ImportSource | None = None
        self.work: LongWork | None = None
        self.setObjectName("import_wizard")
        self.setWindowTitle("Import")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.choose_page = ChoosePage(self)
        self.columns_page = ColumnsPage(self)
        self.check_page = CheckPage(self)
        self.done_page = DonePage(self)
        self.setPage(CHOOSE, self.choose_page)
        self.setPage(COLUMNS, self.columns_page)
        self.setPage(CHECK, self.check_page)
        self.setPage(DONE, self.done_page)
        self.setStartId(CHOOSE)
        # Room for a column table and a report without scrolling, in the person's font.
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 130, metrics.height() * 40)

    @property
    def busy(self) -> bool:
        """True while a file is checked or imported in the worker (locking waits for it)."""
        return self.work is not None and self.work.running

    def set_source(self, source: ImportSource | None) -> None:
        self.source = source
        self.check_page.forget()

    def run(
        self,
        text: str,
        work: Callable[[Progress], Any],
        succeeded: Callable[[Any], None],
        failed: Callable[[object], None],
        cancelled: Callable[[], None],
    ) -> LongWork:
        """Run `work` in the worker behind a progress dialog with Cancel."""
        self.work = LongWork(self, text, work, on_cancel=lambda: None, idle=self._idle)
        self.work.succeeded.connect(succeeded)
        self.work.failed.connect(failed)
        self.work.cancelled.connect(cancelled)
        return self.work.start()

    def reject(self) -> None:
        """Cancel while the worker runs stops the work (nothing is written); otherwise it
        closes the wizard, and nothing was written either."""
        if self.busy:
            assert self.work is not None
            self.work.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def open_import_wizard(window: MainWindow) -> ImportWizard | None:
    """File → Import…: the wizard over the window, closed if the vault locks meanwhile."""
    from itscm_desktop.gui import care

    if not window.session.is_unlocked:
        window.statusBar().showMessage("Unlock the vault first.", care.STATUS_MS)
        return None
    wizard = ImportWizard(window.session, window.navigator, window, idle=care._idle(window))
    key = window.current_page_key()
    if key in IMPORTABLE_TABLES:
        wizard.choose_page.set_table(key)
    wizard.finished.connect(wizard.deleteLater)
    care.open_until_locked(window, wizard)
    return wizard
