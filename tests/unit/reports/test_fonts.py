"""Names in every script the plan holds print with the bundled fonts and read back as typed."""

from __future__ import annotations

import importlib.resources

import pytest
from reportlab.platypus import Paragraph

from itscm_desktop.reports.fonts import BOLD, CJK, REGULAR, covers, markup, runs
from itscm_desktop.reports.layout import document_info, render, styles
from tests.unit.reports.conftest import NOW, read_pdf

NAMES = ["Łódź", "Jürgen Müller", "Søren Ørsted", "Ζωή Παπαδοπούλου", "Юлия Смирнова", "田中 太郎"]


def test_the_fonts_and_their_licences_ship_in_the_package() -> None:
    folder = importlib.resources.files("itscm_desktop.resources") / "fonts"
    names = {entry.name for entry in folder.iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf"} <= names
    assert "Bitstream" in (folder / "DejaVu-LICENSE.txt").read_text()
    assert "Apache License" in (folder / "DroidSansFallback-LICENSE-Apache-2.0.txt").read_text()
    assert "Google" in (folder / "DroidSansFallback-NOTICE.txt").read_text()


def test_each_font_knows_what_it_covers() -> None:
    assert all(covers(REGULAR, c) for c in "ŁóźüØΖωήЮлия")
    assert not covers(REGULAR, "田")
    assert covers(CJK, "田") and covers(CJK, "郎")


@pytest.mark.parametrize("text", [*NAMES[:-1], "Łódź, Müller, Ørsted, Ζωή, Юлия"])
def test_european_scripts_stay_in_one_run(text: str) -> None:
    assert runs(text) == [(REGULAR, text)]
    assert runs(text, BOLD) == [(BOLD, text)]


def test_cjk_goes_to_the_fallback_with_its_spaces() -> None:
    assert runs("田中 太郎") == [(CJK, "田中 太郎")]
    assert runs("Tanaka 田中 太郎 (Tokyo)") == [
        (REGULAR, "Tanaka "),
        (CJK, "田中 太郎 "),
        (REGULAR, "(Tokyo)"),
    ]
    assert runs("") == []


def test_markup_escapes_and_keeps_line_breaks() -> None:
    assert markup("A & <B>\nC") == (
        '<font name="DejaVuSans">A &amp; &lt;B&gt;</font><br/><font name="DejaVuSans">C</font>'
    )
    assert markup("田中", BOLD) == '<font name="DroidSansFallback">田中</font>'


def test_every_name_prints_and_reads_back_as_typed() -> None:
    info = document_info({"organisation": "Ørsted Łódź 田中 Ltd"}, "Names", "Fonts", NOW)
    story = [Paragraph(markup(name), styles()["body"]) for name in NAMES]
    story += [Paragraph(markup(name, BOLD), styles()["name"]) for name in NAMES]
    reader = read_pdf(render(story, info))
    text = reader.pages[0].extract_text()
    lines = text.splitlines()
    for name in NAMES:
        assert lines.count(name) == 2, name
    assert "Ørsted Łódź 田中 Ltd" in lines  # drawn in the header, run by run

    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = {}
    for ref in fonts.values():
        font = ref.get_object()
        base = str(font["/BaseFont"]).split("+")[-1]
        descriptor = font["/FontDescriptor"].get_object()
        embedded[base] = "/FontFile2" in descriptor
    assert embedded == {"DejaVuSans": True, "DejaVuSans-Bold": True, "DroidSansFallback": True}
