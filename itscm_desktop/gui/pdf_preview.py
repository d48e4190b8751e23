"""A PDF on screen with QtPdf: the pages one below the other, fit to the width, zoom and
"Page x of y"; a sentence instead of pages when there is nothing to show; and a progress
line with Cancel while a document is being laid out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.printing import discard, pdf_document
from itscm_desktop.gui.widgets import text_style

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 6.0


class PdfPreview(QWidget):
    """The pages of one PDF, or a sentence where they would be; `controls` is the row
    above them, where the page adds its own buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: QPdfDocument | None = None
        self._empty = QPdfDocument(self)  # shown when there are no pages

        self.page_label = text_style.muted(QLabel())
        self.page_label.setObjectName("preview_page")
        self.zoom_out_button = self._tool("−", "Smaller (Ctrl+-)", "zoom_out", self.zoom_out)
        self.fit_button = self._tool("Fit width", "Fit the page to the width (Ctrl+0)",
                                     "fit_width", self.fit_width)  # fmt: skip
        self.fit_button.setCheckable(True)
        self.zoom_in_button = self._tool("+", "Larger (Ctrl++)", "zoom_in", self.zoom_in)

        self.view = QPdfView()
        self.view.setObjectName("preview_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self.view.zoomModeChanged.connect(self._update_zoom_buttons)
        self.message = QLabel()
        self.message.setObjectName("preview_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setFont(text_style.scaled_font(self.message, 1.2))
        self.message.setMargin(self.fontMetrics().height() * 2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)

        self.busy = QProgressBar()
        self.busy.setObjectName("preview_busy")
        self.busy.setRange(0, 0)  # laying out: the number of pages is known only at the end
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("preview_progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("preview_cancel")
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.busy)
        row.addWidget(self.progress_label, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(0, 0, 0, 0)
        self.controls.addWidget(self.page_label)
        self.controls.addStretch(1)
        for button in (self.zoom_out_button, self.fit_button, self.zoom_in_button):
            self.controls.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.controls)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.progress_row)
        self.show_message("")

    def _tool(self, text: str, tip: str, name: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- what is shown --------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self.document is not None else 0

    @property
    def showing_pages(self) -> bool:
        return self.stack.currentWidget() is self.view and self.page_count > 0

    def show_pdf(self, data: bytes) -> None:
        """Show the pages of `data`, from the first, fit to the width."""
        old = self.document
        self.document = pdf_document(data, self)
        self.view.setDocument(self.document)
        discard(old)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().jump(0, self.view.pageNavigator().currentLocation())
        self.stack.setCurrentWidget(self.view)
        self._update_page_label()
        self._update_zoom_buttons()

    def show_message(self, text: str) -> None:
        """A sentence where the pages were; the pages are forgotten."""
        self.view.setDocument(self._empty)
        discard(self.document)
        self.document = None
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self._update_page_label()
        self._update_zoom_buttons()

    def show_progress(self, text: str) -> None:
        self.progress_label.setText(text)
        self.progress_row.show()

    def hide_progress(self) -> None:
        self.progress_row.hide()
        self.progress_label.clear()

    # -- zoom and pages ---------------------------------------------------------------------

    def current_zoom(self) -> float:
        """The zoom shown now; in "fit width" mode, the factor that fit gives."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.document is None:
            return float(self.view.zoomFactor())
        page_width = self.document.pagePointSize(0).width() * self.logicalDpiX() / 72
        margins = self.view.documentMargins()
        room = self.view.viewport().width() - margins.left() - margins.right()
        return max(MIN_ZOOM, room / page_width) if page_width > 0 else 1.0

    def zoom_in(self) -> None:
        self._zoom(self.current_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(self.current_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom_buttons()

    def _zoom(self, factor: float) -> None:
        if self.document is None:
            return
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(MIN_ZOOM, min(MAX_ZOOM, factor)))
        self._update_zoom_buttons()

    def _update_zoom_buttons(self) -> None:
        shown = self.showing_pages
        for button in (self.zoom_out_button, self.fit_button, self.zoom_in_button):
            button.setEnabled(shown)
        self.fit_button.setChecked(self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth)

    def current_page(self) -> int:
        """The page at the top of the view, from 1 (0 with no pages shown)."""
        return self.view.pageNavigator().currentPage() + 1 if self.showing_pages else 0

    def _update_page_label(self) -> None:
        count = self.page_count
        if not self.showing_pages:
            self.page_label.clear()
        elif count == 1:
            self.page_label.setText("1 page")
        else:
            self.page_label.setText(f"Page {self.current_page()} of {count}")
