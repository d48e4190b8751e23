"""File → Export: a table as CSV (or contacts as vCard), or the whole plan as iCalendar or
JSON, saved where the person chooses.

Only the combinations the core offers are listed (`exporting.check_export` would refuse
the rest), so vCard appears for contacts only. The file is written by the core in the
worker, atomically; the dialog then says where it went, or in one sentence why not.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.gui.inline_message import message_frame
from itscm_desktop.gui.long_work import LongWork
from itscm_desktop.gui.models.record_table_model import count_label
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.text_style import muted
from itscm_desktop.interchange.columns import IMPORTABLE_TABLES
from itscm_desktop.interchange.exporting import SUFFIXES, check_export, export_to
from itscm_desktop.interchange.files import ExportNotSaved
from itscm_desktop.interchange.problems import ExportRefused
from itscm_desktop.vault.errors import VaultError

if TYPE_CHECKING:
    from itscm_desktop.gui.main_window import MainWindow

PLAN = "plan"
#: What can be exported, in the order offered.
WHAT = ("contacts", "suppliers", "assets", "services", "sites", PLAN)
#: (format, vCard version, how it is offered) per kind of export.
TABLE_FORMATS = (("csv", "", "CSV — for Excel, Google Contacts or Outlook"),)
CONTACT_FORMATS = (
    ("vcard", "4.0", "vCard 4.0 — for phones and address books"),
    ("vcard", "3.0", "vCard 3.0 — for older phones and Outlook"),
)
PLAN_FORMATS = (
    ("ics", "", "iCalendar — exercises, action due dates and plan reviews"),
    ("json", "", "JSON — the whole plan, for other tools"),
)
FILTERS = {
    "csv": "CSV files (*.csv)",
    "vcard": "vCard files (*.vcf)",
    "ics": "Calendar files (*.ics)",
    "json": "JSON files (*.json)",
}


def formats_for(what: str) -> tuple[tuple[str, str, str], ...]:
    """The formats offered for `what` (a table or "plan"): (format, version, text)."""
    if what == PLAN:
        return PLAN_FORMATS
    return TABLE_FORMATS + (CONTACT_FORMATS if what == "contacts" else ())


def default_name(organisation: str, what: str, fmt: str, today: date | None = None) -> str:
    """ "wharfedale-vistula-logistics-contacts-2026-11-25.csv": who, what and when."""
    slug = re.sub(r"[\W_]+", "-", organisation.casefold()).strip("-")[:40].strip("-")
    day = (today or date.today()).isoformat()
    part = "plan" if what == PLAN else what.replace("_", "-")
    if fmt == "ics":
        part = "calendar"
    return "-".join(p for p in (slug, part, day) if p) + SUFFIXES[fmt]


class ExportDialog(QDialog):
    """Choose what and how, then Save as…; `work` is the running export, for tests."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, idle: Any = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._idle = idle
        self.work: LongWork | None = None
        self.saved: Path | None = None
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export")
        self.what_combo = QComboBox()
        self.what_combo.setObjectName("export_what")
        for what in WHAT:
            text = "The whole plan" if what == PLAN else REGISTRY[what].plural
            if what == PLAN or what in IMPORTABLE_TABLES:
                self.what_combo.addItem(text, what)
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("export_format")
        self.count = muted(QLabel())
        self.count.setObjectName("export_count")
        form = QFormLayout()
        what_label = QLabel("&What:")
        what_label.setBuddy(self.what_combo)
        format_label = QLabel("&Format:")
        format_label.setBuddy(self.format_combo)
        form.addRow(what_label, self.what_combo)
        form.addRow(format_label, self.format_combo)
        form.addRow("", self.count)
        frame, self.message = message_frame("export_message")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton("&Save as…")
        self.save_button.setObjectName("export_save")
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(frame)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.what_combo.currentIndexChanged.connect(self._what_changed)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        longest = max(len(text) for kind in WHAT for _f, _v, text in formats_for(kind))
        self.format_combo.setMinimumContentsLength(longest)
        self._what_changed()
        self.what_combo.setFocus()

    @property
    def busy(self) -> bool:
        return self.work is not None and self.work.running

    @property
    def what(self) -> str:
        return str(self.what_combo.currentData())

    @property
    def format(self) -> tuple[str, str]:
        """(format, vCard version) chosen."""
        fmt, version = self.format_combo.currentData()
        return str(fmt), str(version)

    def set_what(self, what: str) -> None:
        index = self.what_combo.findData(what)
        if index >= 0:
            self.what_combo.setCurrentIndex(index)

    def set_format(self, fmt: str, version: str = "") -> None:
        for index in range(self.format_combo.count()):
            if self.format_combo.itemData(index) == (fmt, version):
                self.format_combo.setCurrentIndex(index)
                return
        raise ValueError(f"{fmt} {version} is not offered for {self.what}")

    def offered(self) -> list[str]:
        """The format choices as the person reads them."""
        return [self.format_combo.itemText(i) for i in range(self.format_combo.count())]

    def _what_changed(self) -> None:
        self.message.hide()
        what = self.what
        self.format_combo.blockSignals(True)
        self.format_combo.clear()
        for fmt, version, text in formats_for(what):
            self.format_combo.addItem(text, (fmt, version))
        self.format_combo.blockSignals(False)
        self._format_changed()

    def _format_changed(self) -> None:
        self.message.hide()
        what = self.what
        if what != PLAN:
            count = self.session.vault.count(what) if self.session.is_unlocked else 0
            self.count.setText(f"{count_label(count, what)} in the plan, every field.")
        elif self.format[0] == "ics":
            self.count.setText(
                "Exercises, action due dates and the next review, as calendar events."
            )
        else:
            self.count.setText("Every part of the plan as it is now, in one file.")

    def choose_file(self) -> None:
        if self.busy or not self.session.is_unlocked:
            return
        fmt, _ = self.format
        organisation = str(self.session.vault.plan().get("organisation") or "")
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        start = str(Path(folder) / default_name(organisation, self.what, fmt))
        name, _ = QFileDialog.getSaveFileName(self, "Export to", start, FILTERS[fmt])
        if name:
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(SUFFIXES[fmt])
            self.save_to(path)

    def save_to(self, path: Path) -> LongWork | None:
        """Write the chosen export to `path` in the worker; the message says how it went."""
        if self.busy or not self.session.is_unlocked:
            return None
        what = self.what
        fmt, version = self.format
        try:
            check_export(what, fmt, vcard_version=version or "4.0")
        except ExportRefused as refusal:
            self.message.show(str(refusal), "error")
            return None
        vault = self.session.vault
        self.message.show(f"Writing {path.name}…", "info")
        self.save_button.setEnabled(False)

        def work(_progress: object) -> Path:
            export_to(vault, what, fmt, path, vcard_version=version or "4.0")
            return path

        conn: Any = vault.conn  # sqlcipher's connection: interrupt() stops its statement
        self.work = LongWork(self, f"Writing {path.name}…", work, on_cancel=conn.interrupt,
                             idle=self._idle)  # fmt: skip
        self.work.succeeded.connect(self._saved)
        self.work.failed.connect(self._failed)
        self.work.cancelled.connect(self._stopped)
        self.work.finished.connect(lambda: self.save_button.setEnabled(True))
        return self.work.start()

    def _saved(self, path: Path) -> None:
        self.saved = path
        what = "The plan" if self.what == PLAN else REGISTRY[self.what].plural
        self.message.show(f"{what} saved to {path}.", "ok")

    def _failed(self, error: object) -> None:
        if isinstance(error, ExportRefused | ExportNotSaved | VaultError):
            self.message.show(str(error), "error")
            return
        raise error if isinstance(error, BaseException) else RuntimeError(error)

    def _stopped(self) -> None:
        self.message.show("Export stopped; no file was written.", "info")

    def reject(self) -> None:
        if self.busy:
            return  # the progress dialog's Cancel stops the export
        super().reject()


def open_export_dialog(window: MainWindow) -> ExportDialog | None:
    """File → Export…: the dialog over the window, for the page's table when it has one."""
    from itscm_desktop.gui import care

    if not window.session.is_unlocked:
        window.statusBar().showMessage("Unlock the vault first.", care.STATUS_MS)
        return None
    dialog = ExportDialog(window.session, window, idle=care._idle(window))
    key = window.current_page_key()
    if key in WHAT:
        dialog.set_what(key)
    dialog.finished.connect(dialog.deleteLater)
    care.open_until_locked(window, dialog)
    return dialog
