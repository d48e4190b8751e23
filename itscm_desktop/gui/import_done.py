"""The Import wizard's last page: the checked plan written in one save, or nothing.

The import runs in the worker behind a progress dialog whose Cancel stops it with
nothing written; afterwards the page says what was imported (and offers to show it), or
in one sentence why nothing was.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWizardPage

from itscm_desktop.gui.inline_message import message_frame
from itscm_desktop.gui.navigation import page_for
from itscm_desktop.gui.worker import Progress
from itscm_desktop.interchange.importing import ImportResult, apply_import
from itscm_desktop.interchange.problems import ImportRefused
from itscm_desktop.vault.errors import VaultError

if TYPE_CHECKING:
    from itscm_desktop.gui.import_wizard import ImportWizard

log = logging.getLogger(__name__)

NOTHING_WRITTEN = "Nothing was imported."


class DonePage(QWizardPage):
    """Imports the checked plan in one save and says what happened."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()

        self._wizard = wizard
        self.result: ImportResult | None = None
        self.setTitle("Import: done")
        frame, self.message = message_frame("import_result")
        self.show_button = QPushButton("&Show them")
        self.show_button.setObjectName("import_show")
        self.show_button.setAutoDefault(False)
        self.show_button.clicked.connect(self.show_imported)
        self.show_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.show_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(frame)
        layout.addLayout(row)
        layout.addStretch(1)

    def initializePage(self) -> None:
        report = self._wizard.check_page.report
        assert report is not None
        plan = report.plan
        update = self._wizard.check_page.update_box.isChecked()
        skip = self._wizard.check_page.skip_box.isChecked()
        vault = self._wizard.session.vault
        self.setSubTitle(self._wizard.check_page.subTitle())
        self.message.show("Importing…", "info")

        def work(progress: Progress) -> ImportResult:
            def told(done: int, total: int) -> None:
                progress.check()
                progress.report(done, total, f"Saving {done:,} of {total:,}…")

            return apply_import(vault, plan, update_existing=update, skip_rejected=skip,
                                progress=told)  # fmt: skip

        self._wizard.run("Importing…", work, self._imported, self._failed, self._stopped)

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        self._wizard.session.notify_changed(result.table)
        self.message.show(f"Imported: {result.summary()}", "ok")
        self.show_button.setVisible(
            self._wizard.navigator is not None and bool(result.created or result.updated)
        )
        self.completeChanged.emit()

    def _failed(self, error: object) -> None:
        if isinstance(error, ImportRefused | VaultError):
            text = str(error)
        else:
            log.error("an import failed", exc_info=error)  # type: ignore[arg-type]
            text = f"The import failed: {error}."
        if NOTHING_WRITTEN not in text:
            text += f" {NOTHING_WRITTEN}"
        self.message.show(text, "error")
        self.completeChanged.emit()

    def _stopped(self) -> None:
        self.message.show(f"Import stopped. {NOTHING_WRITTEN}", "info")
        self.completeChanged.emit()

    def show_imported(self) -> None:
        """Open the table's page filtered to the records just imported, and close."""
        result = self.result
        if result is None or self._wizard.navigator is None:
            return
        ids = list(result.created) + list(result.updated)
        self._wizard.navigator.open_page(page_for(result.table), ids)
        self._wizard.accept()

    def isComplete(self) -> bool:
        return not self._wizard.busy
