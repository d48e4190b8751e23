"""The Print Center: choose a document, narrow it to a team or some recovery plans, see
every page, then print it or save it as a PDF; or print the whole go-bag pack in one go.

Building a document takes from a moment to several seconds, so it runs in the worker
while the window stays usable: one build at a time on the shared vault connection, a
change of option stops the build under way and its pages are dropped. Locking waits for
the build to stop, then forgets the pages and the PDF: a contact sheet holds private
home numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtCore import QStandardPaths as Paths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.inline_message import InlineMessage
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.base import Page
from itscm_desktop.gui.pdf_preview import PdfPreview
from itscm_desktop.gui.print_builds import DocumentBuilds
from itscm_desktop.gui.print_choices import PrintChoices, heading
from itscm_desktop.gui.printing import (
    PrintFailed,
    discard,
    pdf_document,
    print_documents,
    printer_for,
)
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets import text_style
from itscm_desktop.gui.worker import Cancelled
from itscm_desktop.reports import catalogue
from itscm_desktop.reports.catalogue import DOCUMENTS, Printed
from itscm_desktop.reports.output import PdfNotSaved, write_pdf
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.errors import VaultError

log = logging.getLogger(__name__)

_FOLDER_KEY = "print/folder"


class PrintCenterPage(Page):
    """Documents on the left with their options, the pages on the right, print and save."""

    def __init__(
        self, *, session: Session, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, navigator, parent)
        self._pdf: bytes | None = None  # the PDF shown, while it matches the options
        self._stop_printing = False

        self.choices = PrintChoices()
        self.choices.changed.connect(self._options_changed)
        self.choices.activated.connect(self.print_dialog)
        self.pack_print_button = QPushButton("Print go-bag pack…")
        self.pack_print_button.setObjectName("print_pack")
        self.pack_print_button.clicked.connect(self.print_pack)
        self.pack_save_button = QPushButton("Save go-bag pack to folder…")
        self.pack_save_button.setObjectName("save_pack")
        self.pack_save_button.clicked.connect(self.save_pack)
        self.pack_parts = text_style.muted(QLabel())
        self.pack_parts.setWordWrap(True)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.choices, 1)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        column.addWidget(rule)
        column.addWidget(heading("Go-bag pack"))
        column.addWidget(self.pack_parts)
        pack_buttons = QHBoxLayout()
        pack_buttons.addWidget(self.pack_print_button)
        pack_buttons.addWidget(self.pack_save_button)
        pack_buttons.addStretch(1)
        column.addLayout(pack_buttons)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self._build_right())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.fontMetrics().averageCharWidth() * 48, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._keys()
        self.builds = DocumentBuilds(session, self)
        self.builds.progressed.connect(self.preview.show_progress)
        self.builds.preview_built.connect(self._preview_built)
        self.builds.preview_failed.connect(self._preview_failed)
        self.builds.pack_built.connect(self._pack_built)
        self.builds.pack_failed.connect(self._pack_failed)
        self.builds.state_changed.connect(self._update_state)
        self._update_state()

    def _build_right(self) -> QWidget:
        self.print_button = QPushButton("Print…")
        self.print_button.setObjectName("print_print")
        self.print_button.setToolTip("Print this document (Ctrl+P)")
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button = QPushButton("Save as PDF…")
        self.save_button.setObjectName("print_save")
        self.save_button.setToolTip("Save this document as a PDF file (Ctrl+S)")
        self.save_button.clicked.connect(self.save_pdf)
        self.preview = PdfPreview()
        self.preview.cancel_button.clicked.connect(self.cancel)
        self.preview.controls.insertWidget(0, self.print_button)
        self.preview.controls.insertWidget(1, self.save_button)
        self.preview.controls.insertSpacing(2, self.fontMetrics().averageCharWidth() * 2)
        frame = QFrame()
        frame.setObjectName("message_frame")
        label = QLabel()
        label.setObjectName("print_notice")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QHBoxLayout(frame).addWidget(label)
        self.notice = InlineMessage(frame, label)
        self.notice.hide()
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(frame)
        column.addWidget(self.preview, 1)
        return right

    def _keys(self) -> None:
        keys: list[tuple[QKeySequence, Callable[[], object], str]] = [
            (QKeySequence(QKeySequence.StandardKey.Save), self.save_pdf, "save_pdf"),
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.preview.zoom_in, "zoom_in"),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.preview.zoom_out, "zoom_out"),
            (QKeySequence("Ctrl+0"), self.preview.fit_width, "fit_width"),
            (QKeySequence(QKeySequence.StandardKey.Refresh), self.refresh, "refresh"),
        ]
        for sequence, slot, name in keys:
            action = QAction(self)
            action.setObjectName(f"action_{name}")
            action.setShortcut(sequence)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # -- state ----------------------------------------------------------------------------

    @property
    def current_pdf(self) -> bytes | None:
        """The PDF of the pages shown, while they match the document and options chosen."""
        return self._pdf

    @property
    def is_ready(self) -> bool:
        return self._pdf is not None

    @property
    def is_building(self) -> bool:
        return self.builds.pending

    def _options_changed(self) -> None:
        if self.session.is_unlocked and not self._stale:
            self.request_preview()

    def refresh(self) -> None:
        """F5: build the pages again now (after a stop, or to catch up with changes)."""
        if self.session.is_unlocked:
            self.request_preview(at_once=True)

    # -- Page hooks ---------------------------------------------------------------------

    def reload(self) -> None:
        vault = self.session.vault
        self.choices.load(vault)
        parts = []
        for key, options in catalogue.go_bag_parts(vault):
            title = DOCUMENTS[key].title
            if options.plan_ids is not None:
                title += f" of the {len(options.plan_ids)} plans for tier-1 services"
            parts.append(title)
        self.pack_parts.setText(
            "The papers to take when leaving the building, in one go: " + "; ".join(parts) + "."
        )
        self.request_preview(at_once=True)

    def on_locked(self) -> None:
        self._stop_printing = True
        self._pdf = None
        self.preview.hide_progress()
        self.preview.show_message("")
        self.notice.hide()
        self.choices.clear()
        self.pack_parts.clear()
        self._update_state()

    # -- building ---------------------------------------------------------------------------

    def request_preview(self, *, at_once: bool = False) -> None:
        """Build the pages for the document and options chosen, after a pause for more
        changes; the pages shown until then can no longer be printed or saved."""
        self._pdf = None
        key, options = self.choices.selected_key(), self.choices.options()
        if key is None or options.plan_ids == ():
            self.builds.drop_preview()
            self.preview.show_message(
                "Choose a document on the left."
                if key is None
                else "Tick at least one recovery plan, or tick All plans."
            )
        else:
            if not self.preview.showing_pages:
                self.preview.show_message("Laying out the pages…")
            self.builds.request_preview(key, options, at_once=at_once)
        self._update_state()

    def cancel(self) -> None:
        """The Cancel button: stop the build under way."""
        if self.builds.running:
            self.preview.show_progress("Stopping…")
            self.builds.cancel()

    def _preview_built(self, data: bytes) -> None:
        self._pdf = data
        self.preview.show_pdf(data)
        self._update_state()

    def _preview_failed(self, error: object) -> None:
        if isinstance(error, Cancelled):
            self.preview.show_message("You stopped the preview. Press F5 to make it again.")
        else:
            self.preview.show_message(_words(error))
            self._catch_up(error)

    def _pack_failed(self, error: object) -> None:
        if isinstance(error, Cancelled):
            self.notice.show("The go-bag pack was not made: you stopped it.", "info")
        else:
            self.notice.show(_words(error))
            self._catch_up(error)

    def _catch_up(self, error: object) -> None:
        """A team or plan chosen has gone: list what is left, keeping the message up."""
        if isinstance(error, RecordNotFound) and self.session.is_unlocked:
            self.choices.load(self.session.vault)

    def _update_state(self) -> None:
        ready = self._pdf is not None
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        free = self.session.is_unlocked and not self.builds.pack_pending
        self.pack_print_button.setEnabled(free)
        self.pack_save_button.setEnabled(free)
        running = self.builds.running
        if not running:
            self.preview.hide_progress()
        elif not self.preview.progress_row.isVisibleTo(self.preview):
            self.preview.show_progress(
                "Making the go-bag pack…" if running == "pack" else "Reading the plan…"
            )

    # -- printing -----------------------------------------------------------------------

    def ask_printer(self, paper: str, page_count: int, *, pack: bool = False) -> QPrinter | None:
        """The system's print dialog, set for `paper`; the printer chosen, or None."""
        printer = printer_for(paper)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the go-bag pack" if pack else "Print")
        option = QAbstractPrintDialog.PrintDialogOption
        dialog.setOption(option.PrintSelection, False)
        dialog.setOption(option.PrintCurrentPage, False)
        dialog.setOption(option.PrintPageRange, not pack)
        if not pack:
            dialog.setMinMax(1, max(1, page_count))
        self.session.locked.connect(dialog.reject)  # never print after the vault locked
        try:
            accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
        finally:
            self.session.locked.disconnect(dialog.reject)
            dialog.deleteLater()
        return printer if accepted and self.session.is_unlocked else None

    def print_dialog(self) -> None:
        """Print… (and Ctrl+P here): the print dialog, then the pages shown."""
        if self._pdf is None:
            return
        printer = self.ask_printer(self.choices.paper_key(), self.preview.page_count)
        if printer is not None:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print the document shown on `printer` as it is set up; the sheets sent."""
        data = self._pdf
        if data is None:
            return 0
        document = pdf_document(data)
        try:
            sent = self._print(printer, [document], whole=False)
        finally:
            discard(document)
        if sent:
            self.notice.show(f"Sent {_pages(sent)} to the printer.", "ok")
        return sent

    def _print(self, printer: QPrinter, documents: list[QPdfDocument], *, whole: bool) -> int:
        """Print with a progress window and Stop; problems are told in the notice."""
        self._stop_printing = False
        dialog = QProgressDialog("Printing…", "Stop", 0, 0, self)
        dialog.setWindowTitle("Printing")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        dialog.setAutoClose(False)

        def told(done: int, total: int) -> bool:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(f"Printing page {min(done + 1, total)} of {total}…")
            QApplication.processEvents()
            return not (dialog.wasCanceled() or self._stop_printing)

        try:
            return print_documents(printer, documents, whole=whole, progress=told)
        except PrintFailed as error:
            self.notice.show(str(error))
            return 0
        finally:
            dialog.hide()
            dialog.deleteLater()

    # -- saving -------------------------------------------------------------------------

    def save_pdf(self) -> Path | None:
        """Save as PDF…: the file dialog, then the PDF shown, written whole or not at all."""
        data, key = self._pdf, self.choices.selected_key()
        if data is None or key is None:
            return None
        name = catalogue.file_name(key, self.choices.scope(self.choices.options()))
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save as PDF", str(_folder() / name), "PDF files (*.pdf)"
        )
        if not chosen or self._pdf is not data:  # cancelled, or locked meanwhile
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_pdf(path, data)
        except PdfNotSaved as error:
            self.notice.show(str(error))
            return None
        QSettings().setValue(_FOLDER_KEY, str(path.parent))
        self.notice.show(f"Saved {path.name} in {path.parent}.", "ok")
        return path

    # -- the go-bag pack ----------------------------------------------------------------

    def print_pack(self) -> None:
        """Print go-bag pack…: make every part, then one print dialog for all of them."""
        self._request_pack(None)

    def save_pack(self) -> None:
        """Save go-bag pack to folder…: choose the folder, then each part is saved there."""
        folder = QFileDialog.getExistingDirectory(self, "Save the go-bag pack in", str(_folder()))
        if folder and self.session.is_unlocked:
            self._request_pack(Path(folder))

    def _request_pack(self, folder: Path | None) -> None:
        if self.builds.request_pack(self.choices.paper_key(), folder):
            self.notice.hide()
        self._update_state()

    def _pack_built(self, parts: list[Printed], folder: Path | None) -> None:
        if folder is not None:
            try:
                for part in parts:
                    write_pdf(folder / part.file_name, part.data)
            except PdfNotSaved as error:
                self.notice.show(str(error))
                return
            QSettings().setValue(_FOLDER_KEY, str(folder))
            names = ", ".join(part.file_name for part in parts)
            self.notice.show(f"Saved the go-bag pack in {folder}: {names}.", "ok")
            return
        printer = self.ask_printer(self.choices.paper_key(), 0, pack=True)
        if printer is None:
            return
        documents = [pdf_document(part.data) for part in parts]
        try:
            sent = self._print(printer, documents, whole=True)
        finally:
            for document in documents:
                discard(document)
        if sent:
            self.notice.show(
                f"Sent the go-bag pack to the printer: {len(parts)} documents, {_pages(sent)}.",
                "ok",
            )


def _words(error: object) -> str:
    """What went wrong, for the person who asked for the document."""
    if isinstance(error, RecordNotFound):
        return (
            "A team or recovery plan you chose is no longer in the plan (it may have been "
            "deleted). Choose again."
        )
    if isinstance(error, VaultError | PdfNotSaved | PrintFailed):
        return str(error)
    log.error("a document could not be made", exc_info=error)  # type: ignore[arg-type]
    return f"This document could not be made: {error}"


def _pages(count: int) -> str:
    return "1 page" if count == 1 else f"{count} pages"


def _folder() -> Path:
    """Where the last PDF was saved, else the person's documents folder."""
    last = str(QSettings().value(_FOLDER_KEY, "") or "")
    if last and Path(last).is_dir():
        return Path(last)
    documents = Paths.writableLocation(Paths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()
