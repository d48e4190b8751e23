"""The Print Center: every document of the catalogue, previewed page by page in the
background, printed (to a PDF-file printer here) and saved; the go-bag pack in one go;
nothing left on screen once the vault locks."""

from __future__ import annotations

import io
import itertools
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.main_window import MainWindow
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages import print_center
from itscm_desktop.gui.pages.print_center import PrintCenterPage
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.reports import catalogue
from itscm_desktop.reports.catalogue import DOCUMENTS, Document, Options
from itscm_desktop.reports.layout import Progress
from itscm_desktop.vault.vault import Vault

A4_WIDTH, LETTER_WIDTH = 595, 612  # points, rounded


def pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def text_of(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def page_width(path: Path, index: int = 0) -> int:
    return round(float(pypdf.PdfReader(path).pages[index].mediabox.width))


def make_page(qtbot: QtBot, session: Session) -> PrintCenterPage:
    page = PrintCenterPage(session=session, navigator=Navigator())
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.activate()
    return page


def wait_ready(qtbot: QtBot, page: PrintCenterPage) -> bytes:
    qtbot.waitUntil(lambda: page.is_ready and not page.is_building, timeout=30_000)
    assert page.current_pdf is not None
    return page.current_pdf


@pytest.fixture
def page(qtbot: QtBot, session: Session) -> PrintCenterPage:
    return make_page(qtbot, session)


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


class ChosenPrinter(QPrintDialog):
    """The print dialog as a person would leave it: printing to a PDF file, with what
    `choose` sets (a page range, copies); never shown, so no test waits on it."""

    output: Path
    choose: Callable[[QPrinter], None] = staticmethod(lambda printer: None)
    seen: list[QPrintDialog] = []  # noqa: RUF012 - one list, read by the test

    def exec(self) -> int:
        ChosenPrinter.seen.append(self)
        printer = self.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(ChosenPrinter.output))
        ChosenPrinter.choose(printer)
        return int(QPrintDialog.DialogCode.Accepted.value)


@pytest.fixture
def dialog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> type[ChosenPrinter]:
    ChosenPrinter.output = tmp_path / "printed.pdf"
    ChosenPrinter.seen = []
    ChosenPrinter.choose = staticmethod(lambda printer: None)
    monkeypatch.setattr(print_center, "QPrintDialog", ChosenPrinter)
    return ChosenPrinter


def inked_pages(path: Path) -> list[float]:
    """How much of each page is dark, as rendered: a blank sheet gives 0."""
    document = QPdfDocument()
    document.load(str(path))
    shares = []
    for index in range(document.pageCount()):
        image = document.render(index, QSize(200, 283)).convertToFormat(QImage.Format.Format_ARGB32)
        dark = sum(
            1
            for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
            if image.pixelColor(x, y).alpha() > 0 and image.pixelColor(x, y).lightness() < 128
        )
        shares.append(dark / ((image.width() // 2) * (image.height() // 2)))
    document.close()
    return shares


# -- the list and its options -------------------------------------------------------------


def test_the_list_is_the_catalogue_with_only_the_options_each_document_takes(
    page: PrintCenterPage,
) -> None:
    listed = page.choices.documents
    assert [listed.item(row).text() for row in range(listed.count())] == [
        d.title for d in DOCUMENTS.values()
    ]
    for row, document in enumerate(DOCUMENTS.values()):
        listed.setCurrentRow(row)
        assert page.choices.team.isVisibleTo(page) == document.by_team
        assert page.choices.plans.isVisibleTo(page) == document.by_plan
        assert page.choices.paper.isVisibleTo(page)


# -- the preview --------------------------------------------------------------------------


def test_the_contact_sheet_preview_shows_every_page(
    qtbot: QtBot, page: PrintCenterPage, session: Session
) -> None:
    page.choices.select("contact-sheet")
    data = wait_ready(qtbot, page)
    expected = pages(catalogue.build(session.vault, "contact-sheet"))
    assert page.preview.page_count == expected == pages(data)
    assert page.preview.page_label.text() == f"Page 1 of {expected}"
    assert session.vault.plan()["organisation"] in text_of(data)
    assert page.print_button.isEnabled() and page.save_button.isEnabled()
    assert not page.preview.progress_row.isVisible()


def test_choosing_a_team_builds_again_with_fewer_pages(
    qtbot: QtBot, page: PrintCenterPage, session: Session
) -> None:
    page.choices.select("contact-sheet")
    everyone = pages(wait_ready(qtbot, page))
    team = page.choices.team
    team.setFocus()
    qtbot.keyClicks(team, "Communications")  # a closed combo box finds by typing
    assert team.currentText() == "Communications Team"
    assert not page.print_button.isEnabled()  # the old pages are not this team's
    data = wait_ready(qtbot, page)
    team_id = team.currentData()
    assert page.preview.page_count == pages(data) < everyone
    assert pages(data) == pages(
        catalogue.build(session.vault, "contact-sheet", Options(team_id=team_id))
    )
    assert "Communications Team" in text_of(data)


def test_ticking_recovery_plans_narrows_the_runbooks(
    qtbot: QtBot, page: PrintCenterPage, session: Session
) -> None:
    page.choices.select("runbook")
    every_plan = pages(wait_ready(qtbot, page))
    all_plans, plans = page.choices.all_plans, page.choices.plans
    assert all_plans.isChecked() and not plans.isEnabled()
    all_plans.setFocus()
    qtbot.keyClick(all_plans, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not page.is_building, timeout=30_000)
    assert page.preview.message.text() == "Tick at least one recovery plan, or tick All plans."
    assert not page.print_button.isEnabled()
    plans.setFocus()
    plans.setCurrentRow(0)
    qtbot.keyClick(plans, Qt.Key.Key_Space)
    data = wait_ready(qtbot, page)
    chosen = page.choices.ticked_plans()
    assert chosen == [session.vault.records("recovery_plans", order_by="name")[0]["id"]]
    assert pages(data) == pages(
        catalogue.build(session.vault, "runbook", Options(plan_ids=tuple(chosen)))
    )
    assert pages(data) < every_plan


def test_a_team_deleted_meanwhile_is_told_in_words(
    qtbot: QtBot, page: PrintCenterPage, session: Session
) -> None:
    wait_ready(qtbot, page)
    team = page.choices.team
    team.setCurrentIndex(team.findText("Communications Team"))
    wait_ready(qtbot, page)
    session.vault.delete("teams", str(team.currentData()), clear_references=True)
    qtbot.keyClick(page.choices.documents, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not page.is_building, timeout=30_000)
    assert not page.preview.showing_pages
    assert "no longer in the plan" in page.preview.message.text()
    assert team.findText("Communications Team") == -1  # the picker lists what is left
    assert not page.print_button.isEnabled()


# -- printing -----------------------------------------------------------------------------


def test_printing_to_a_pdf_printer_gives_the_same_pages_with_ink_on_them(
    qtbot: QtBot, page: PrintCenterPage, session: Session, tmp_path: Path
) -> None:
    data = wait_ready(qtbot, page)
    out = tmp_path / "printed.pdf"
    sent = page.print_to(pdf_printer(out))
    assert sent == pages(data) == pages(out.read_bytes())
    assert all(share > 0.005 for share in inked_pages(out))  # no blank sheet
    assert page.notice.text == f"Sent {sent} pages to the printer."


def test_print_button_honours_paper_page_range_and_copies(
    qtbot: QtBot, page: PrintCenterPage, dialog: type[ChosenPrinter]
) -> None:
    page.choices.paper.setCurrentIndex(page.choices.paper.findText("Letter"))
    wait_ready(qtbot, page)

    def two_copies_of_pages_2_and_3(printer: QPrinter) -> None:
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        printer.setCopyCount(2)

    dialog.choose = staticmethod(two_copies_of_pages_2_and_3)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert len(dialog.seen) == 1
    assert pages(dialog.output.read_bytes()) == 4
    assert page_width(dialog.output) == LETTER_WIDTH
    assert "Letter" in (page.choices.paper.currentText())


def test_the_go_bag_pack_prints_every_part_after_one_dialog(
    qtbot: QtBot, page: PrintCenterPage, session: Session, dialog: type[ChosenPrinter]
) -> None:
    wait_ready(qtbot, page)
    pack = catalogue.go_bag(session.vault, now=datetime.now().astimezone())
    qtbot.mouseClick(page.pack_print_button, Qt.MouseButton.LeftButton)
    assert not page.pack_print_button.isEnabled()  # one pack at a time
    qtbot.waitUntil(lambda: "go-bag pack" in page.notice.text, timeout=60_000)
    assert len(dialog.seen) == 1
    total = sum(pages(part.data) for part in pack)
    assert pages(dialog.output.read_bytes()) == total
    assert page.notice.text == (
        f"Sent the go-bag pack to the printer: {len(pack)} documents, {total} pages."
    )
    assert page_width(dialog.output) == A4_WIDTH
    qtbot.waitUntil(lambda: page.is_ready and not page.is_building, timeout=30_000)


def test_the_go_bag_pack_saved_to_a_folder(
    qtbot: QtBot, page: PrintCenterPage, session: Session, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    folder = tmp_path / "stick"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(folder))
    wait_ready(qtbot, page)
    qtbot.mouseClick(page.pack_save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved the go-bag pack" in page.notice.text, timeout=60_000)
    keys = [key for key, _ in catalogue.go_bag_parts(session.vault)]
    saved = sorted(folder.iterdir())
    assert len(saved) == len(keys)
    for key in keys:
        (path,) = [p for p in saved if p.name.startswith(key)]
        assert path.name == catalogue.file_name(key)
        assert pages(path.read_bytes()) >= 1


# -- saving -------------------------------------------------------------------------------


def test_save_as_pdf_writes_the_pages_shown(
    qtbot: QtBot, page: PrintCenterPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked: list[str] = []

    def choose(parent: object, title: str, proposed: str, filters: str) -> tuple[str, str]:
        asked.append(proposed)
        return str(tmp_path / "for the go-bag"), filters  # no .pdf typed

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    team = page.choices.team
    wait_ready(qtbot, page)
    team.setCurrentIndex(team.findText("Communications Team"))
    data = wait_ready(qtbot, page)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]).name == catalogue.file_name("contact-sheet", "Communications Team")
    saved = tmp_path / "for the go-bag.pdf"
    assert saved.read_bytes() == data
    assert page.notice.text == f"Saved for the go-bag.pdf in {tmp_path}."
    assert page.notice.kind == "ok"


def test_a_save_that_fails_says_why(
    qtbot: QtBot, page: PrintCenterPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    gone = tmp_path / "unplugged stick" / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(gone), ""))
    wait_ready(qtbot, page)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.notice.kind == "error"
    assert "does not exist" in page.notice.text
    assert not gone.parent.exists()


# -- locking, stopping, late results ------------------------------------------------------


def test_locking_forgets_the_pages_and_the_pdf(
    qtbot: QtBot, page: PrintCenterPage, session: Session
) -> None:
    wait_ready(qtbot, page)
    session.lock()
    assert page.current_pdf is None
    assert page.preview.document is None and not page.preview.showing_pages
    assert page.choices.team.count() == 0  # no team names left on screen
    assert not page.print_button.isEnabled() and not page.save_button.isEnabled()
    assert not page.pack_print_button.isEnabled()


@pytest.fixture
def endless(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A document that lays out pages until it is told to stop (at most 20 s)."""
    laid_out: list[int] = []

    def build(vault: Vault, *, paper: str, now: object, progress: Progress | None) -> bytes:
        try:
            for number in itertools.count(1):
                if progress is not None:
                    progress(number)
                vault.count("contacts")  # reads the vault, as every document does
                laid_out.append(number)
                time.sleep(0.01)
                if number > 2000:
                    break
            return b""
        finally:
            laid_out.append(0)  # the end, whichever way

    monkeypatch.setitem(
        catalogue.DOCUMENTS,  # type: ignore[arg-type]
        "endless",
        Document("endless", "Endless", "Never finishes on its own.", build),
    )
    return laid_out


def test_cancel_stops_a_build(qtbot: QtBot, session: Session, endless: list[int]) -> None:
    page = make_page(qtbot, session)
    page.choices.select("endless")
    qtbot.waitUntil(lambda: "Laying out page" in page.preview.progress_label.text(), timeout=10_000)
    assert page.preview.progress_row.isVisible()
    qtbot.mouseClick(page.preview.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_building, timeout=10_000)
    stopped_at = len(endless)
    assert endless[-1] == 0 and stopped_at < 2000
    assert page.preview.message.text() == "You stopped the preview. Press F5 to make it again."
    assert not page.preview.progress_row.isVisible()
    assert page.current_pdf is None and not page.print_button.isEnabled()
    time.sleep(0.05)
    assert len(endless) == stopped_at  # it really stopped


def test_locking_while_building_stops_the_build_before_the_vault_closes(
    qtbot: QtBot, session: Session, endless: list[int]
) -> None:
    page = make_page(qtbot, session)
    page.choices.select("endless")
    qtbot.waitUntil(lambda: len(endless) > 3, timeout=10_000)
    session.lock()
    assert endless[-1] == 0  # the build had ended when the connection closed
    qtbot.waitUntil(lambda: not page.is_building, timeout=10_000)
    assert page.current_pdf is None and not page.preview.showing_pages
    assert page.preview.message.text() == ""


def test_an_older_build_finishing_late_is_dropped(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    papers: list[str] = []
    real = DOCUMENTS["contact-sheet"]

    def build(vault: Vault, *, paper: str, team_id: str | None, **_: object) -> bytes:
        papers.append(paper)
        if paper == "a4":
            gate.wait(20)  # deaf to Cancel: it finishes after the Letter build was asked for
        return real.build(vault, Options(team_id=team_id, paper=paper), None, None)

    monkeypatch.setitem(
        catalogue.DOCUMENTS,  # type: ignore[arg-type]
        "contact-sheet",
        Document("contact-sheet", real.title, real.description, build, by_team=True),
    )
    page = make_page(qtbot, session)
    built: list[bytes] = []
    page.builds.preview_built.connect(built.append)
    qtbot.waitUntil(lambda: papers == ["a4"], timeout=10_000)
    page.choices.paper.setCurrentIndex(page.choices.paper.findText("Letter"))
    gate.set()
    data = wait_ready(qtbot, page)
    assert papers == ["a4", "letter"]
    assert built == [data]  # the A4 pages never reached the screen
    width = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox.width
    assert round(float(width)) == LETTER_WIDTH


def test_the_paper_chosen_is_remembered(qtbot: QtBot, session: Session) -> None:
    first = make_page(qtbot, session)
    assert first.choices.paper.currentText() == "A4"
    first.choices.paper.setCurrentIndex(first.choices.paper.findText("Letter"))
    second = make_page(qtbot, session)
    assert second.choices.paper.currentText() == "Letter"
    for page in (first, second):
        wait_ready(qtbot, page)


def test_ctrl_p_opens_the_print_center_and_then_the_print_dialog(
    qtbot: QtBot, session: Session, settings: AppSettings, dialog: type[ChosenPrinter]
) -> None:
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    session.unlocked.emit()  # the session fixture unlocked before the window existed
    qtbot.waitUntil(lambda: not window.warming_up, timeout=20_000)
    window.activateWindow()  # (building some page in the background deactivates it)
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "print_center"
    page = window.pages["print_center"]
    assert isinstance(page, PrintCenterPage)
    data = wait_ready(qtbot, page)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog.seen) == 1
    assert pages(dialog.output.read_bytes()) == pages(data)
