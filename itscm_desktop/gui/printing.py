"""Printed documents on paper: PDF bytes through QtPdf to a QPrinter.

The reports layer hands over finished PDF bytes. Each page is rendered to an image at the
printer's resolution (at most `MAX_PRINT_DPI`, so that a 1200 dpi driver does not need half
a gigabyte per page) and painted on the sheet: the printout is exactly the PDF that was
previewed and saved, with the dialog's page range, copies and page order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSettings, QSize, Qt
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

#: Paper names as the reports layer and the CLI know them, with what people read.
PAPER_LABELS = {"a4": "A4", "letter": "Letter"}
_PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
DEFAULT_PAPER = "a4"
_PAPER_KEY = "print/paper"

#: Sharp text and QR codes on any office printer, at 35 MB per A4 page while painting.
MAX_PRINT_DPI = 300


class PrintFailed(Exception):
    """The printer refused the job; `str()` says so for the person who asked."""


# -- the paper chosen last ----------------------------------------------------------------


def saved_paper() -> str:
    """The paper size chosen last on this computer (A4 until one is chosen)."""
    value = str(QSettings().value(_PAPER_KEY, DEFAULT_PAPER))
    return value if value in PAPER_LABELS else DEFAULT_PAPER


def remember_paper(paper: str) -> None:
    if paper in PAPER_LABELS:
        QSettings().setValue(_PAPER_KEY, paper)


# -- PDF bytes to a QtPdf document ----------------------------------------------------------


def pdf_document(data: bytes, parent: QObject | None = None) -> QPdfDocument:
    """`data` opened with QtPdf, read from memory: the PDF never touches the disk."""
    document = QPdfDocument(parent) if parent is not None else QPdfDocument()
    buffer = QBuffer(document)  # lives exactly as long as the document that reads it
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


def discard(document: QPdfDocument | None) -> None:
    """Close `document` and free it (with its buffer) once Qt is done with it."""
    if document is not None:
        document.close()
        document.deleteLater()


# -- paper ------------------------------------------------------------------------------------


def printer_for(paper: str, printer: QPrinter | None = None) -> QPrinter:
    """A printer (the given one, or the system's default) set for `paper`, painting the whole
    sheet: the PDF pages carry their own margins."""
    printer = printer if printer is not None else QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(_PAGE_SIZES.get(paper, _PAGE_SIZES[DEFAULT_PAPER])))
    printer.setFullPage(True)
    return printer


def pages_to_print(printer: QPrinter, page_count: int, *, whole: bool = False) -> list[int]:
    """The pages (from 0) in the order they go to the printer: the dialog's page range
    (unless `whole`) and page order, and the copies when the print system cannot make
    them itself (a PDF file, a printer without CUPS)."""
    pages = list(range(page_count))
    ranges = printer.pageRanges()
    if not whole and printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
        pages = [page for page in pages if ranges.contains(page + 1)]
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies == 1:
        return pages
    if printer.collateCopies():
        return pages * copies
    return [page for page in pages for _ in range(copies)]


def render_page(document: QPdfDocument, index: int, dpi: int) -> QImage:
    """Page `index` of `document` as an opaque image at `dpi` (white where the PDF paints
    nothing: QtPdf leaves that transparent, which a printer driver may turn black)."""
    points = document.pagePointSize(index)
    size = QSize(
        max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72))
    )
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, document.render(index, size))
    painter.end()
    return image


#: Told (pages done, pages in all) after each page; returns False to stop printing.
PrintProgress = Callable[[int, int], bool]


def print_documents(
    printer: QPrinter,
    documents: Sequence[QPdfDocument],
    *,
    whole: bool = False,
    progress: PrintProgress | None = None,
) -> int:
    """Paint every page of `documents`, in order, on `printer`; the number of sheets sent.

    `whole` prints every page whatever range the dialog holds (a pack of several
    documents). Raises PrintFailed when the printer cannot start or reports an error.
    """
    plan = [(doc, page) for doc in documents for page in pages_to_print(printer, doc.pageCount(),
                                                                       whole=whole)]  # fmt: skip
    if not plan:
        raise PrintFailed("There are no pages to print in the range you chose.")
    dpi = max(72, min(printer.resolution(), MAX_PRINT_DPI))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(
            "The printer could not be started. Check that it is switched on and connected, "
            "or save the PDF and print it from another computer."
        )
    done = 0
    try:
        sheet = printer.pageLayout().fullRectPixels(printer.resolution())
        for document, page in plan:
            if done:
                printer.newPage()
            image = render_page(document, page, dpi)
            target = (
                QRectF(image.rect())
                .size()
                .scaled(sheet.width(), sheet.height(), Qt.AspectRatioMode.KeepAspectRatio)
            )
            left = (sheet.width() - target.width()) / 2
            top = (sheet.height() - target.height()) / 2
            painter.drawImage(QRectF(left, top, target.width(), target.height()), image)
            done += 1
            if progress is not None and not progress(done, len(plan)):
                printer.abort()
                break
    finally:
        painter.end()
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintFailed("The printer reported an error. Check it and print again.")
    return done
