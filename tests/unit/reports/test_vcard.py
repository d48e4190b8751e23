"""The vCard a person's QR code carries, the code itself (it scans), and the codes kept
in the vault so that a print after the first encodes nobody."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from itscm_desktop.reports import vcard as vcard_module
from itscm_desktop.reports.vcard import QrFlowable, qr_code, qr_codes, qr_modules, vcard
from itscm_desktop.vault import qrcache
from itscm_desktop.vault.vault import Vault

MARIA = {
    "full_name": "María José Fernández",
    "job_title": "Head of IT operations; deputy CIO",
    "organisation": None,
    "mobile_phone": "+447400129105",
    "work_phone": "+441134960769",
    "home_phone": "+441614960103",
    "work_email": "maria.fernandez@wvlogistics.example",
    "personal_email": "mjf@example.org",
}


def test_a_whole_vcard() -> None:
    assert vcard(MARIA, "Wharfedale & Vistula Logistics Ltd").split("\r\n") == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:;María José Fernández;;;",
        "FN:María José Fernández",
        "ORG:Wharfedale & Vistula Logistics Ltd",
        "TITLE:Head of IT operations\\; deputy CIO",
        "TEL;TYPE=CELL:+447400129105",
        "TEL;TYPE=WORK,VOICE:+441134960769",
        "TEL;TYPE=HOME,VOICE:+441614960103",
        "EMAIL;TYPE=INTERNET,WORK:maria.fernandez@wvlogistics.example",
        "EMAIL;TYPE=INTERNET,HOME:mjf@example.org",
        "END:VCARD",
        "",
    ]


def test_only_what_is_known_and_the_contacts_own_organisation() -> None:
    card = vcard(
        {
            "full_name": "田中 太郎",
            "organisation": "Hoshizora, K.K.",
            "mobile_phone": "+819012348300",
        },
        "Wharfedale & Vistula Logistics Ltd",
    )
    assert card == (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;田中 太郎;;;\r\nFN:田中 太郎\r\n"
        "ORG:Hoshizora\\, K.K.\r\nTEL;TYPE=CELL:+819012348300\r\nEND:VCARD\r\n"
    )


def test_line_breaks_and_backslashes_are_escaped() -> None:
    card = vcard({"full_name": "A\\B", "job_title": "Line one\nLine two"})
    assert "FN:A\\\\B\r\n" in card and "TITLE:Line one\\nLine two\r\n" in card


def test_the_code_is_the_qr_widgets_encoding_of_the_vcard() -> None:
    card = vcard(MARIA, "Wharfedale & Vistula Logistics Ltd")
    modules = qr_modules(card)
    widget = QrCodeWidget(card, barLevel="M").qr
    widget.version = widget.calculate_version()
    assert len(modules) == widget.version * 4 + 17
    assert all(len(row) == len(modules) for row in modules)
    # The three finder patterns: a dark 7×7 ring in three corners.
    for top, left in ((0, 0), (0, len(modules) - 7), (len(modules) - 7, 0)):
        ring = [modules[top + i][left + j] for i in range(7) for j in range(7)]
        assert all(ring[:7]) and all(ring[-7:])


def test_the_same_person_is_the_same_form() -> None:
    card = vcard(MARIA)
    assert QrFlowable(card).form_name == QrFlowable(card).form_name
    assert QrFlowable(card).form_name != QrFlowable(vcard({**MARIA, "home_phone": None})).form_name


def encoded(data: object, version: int | None = None) -> list[list[bool]]:
    qr = QrCodeWidget(data, barLevel="M").qr
    qr.version = version or qr.calculate_version()
    qr.makeImpl(False, 0)
    return [[bool(m) for m in row] for row in qr.modules]


def test_non_ascii_text_is_declared_utf8_and_ascii_needs_no_declaration() -> None:
    text = vcard({"full_name": "Katrin Schäfer", "mobile_phone": "+4915123451797"})
    declared = [qrencoder.QRECI(26), qrencoder.QR8bitByte(text)]
    assert [list(row) for row in qr_modules(text)] == encoded(declared)
    ascii_text = vcard({"full_name": "Ana Souza"})
    assert [list(row) for row in qr_modules(ascii_text)] == encoded(ascii_text)


@pytest.mark.parametrize("size", [14, 26, 251, 362])
def test_texts_at_the_edge_of_a_version_still_encode(size: int) -> None:
    # With the UTF-8 declaration these sizes overflow reportlab's own version estimate.
    text = "ą" + "x" * (size - 2)
    assert len(text.encode()) == size
    widget = QrCodeWidget(text, barLevel="M").qr
    estimate = widget.calculate_version()
    modules = qr_modules(text)
    assert len(modules) == (estimate + 1) * 4 + 17


def people(vault: Vault) -> list[str]:
    organisation = vault.plan()["organisation"]
    return [vcard(c, organisation) for c in vault.records("contacts")]


def test_codes_are_encoded_once_then_read_from_the_vault(
    empty: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    with empty.edit() as edit:
        for name in ("Zoë Ørsted", "Юлия Смирнова", "Ana Souza"):
            edit.insert("contacts", {"full_name": name, "mobile_phone": "+447911123456"})
    cards = people(empty)
    first = qr_codes(empty, cards)
    assert first == {card: qr_code(card) for card in cards}
    assert qrcache.count(empty) == 3

    def no_encoding(value: str) -> object:
        raise AssertionError(f"encoded again: {value!r}")

    monkeypatch.setattr(vcard_module, "qr_modules", no_encoding)
    assert qr_codes(empty, cards) == first
    monkeypatch.undo()
    # An edited person gets a new code; the old one is dropped, the others stay.
    ana = next(c for c in empty.records("contacts") if c["full_name"] == "Ana Souza")
    empty.update("contacts", ana["id"], {"mobile_phone": "+447400129847"})
    edited = people(empty)
    assert qr_codes(empty, edited).keys() == set(edited)
    assert qrcache.count(empty) == 3
    assert len(set(edited) - set(cards)) == 1


def test_a_person_at_two_sizes_is_one_form() -> None:
    card = vcard(MARIA)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for size in (24 * mm, 40 * mm):
        QrFlowable(card, size).drawOn(canvas, 10, 10)
    canvas.save()
    assert buffer.getvalue().count(b"/Subtype /Form") == 1


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="needs zbarimg, pdftoppm"
)
def test_every_demo_code_scans_back_to_its_vcard(demo: Vault, tmp_path: Path) -> None:
    cards = sorted(set(people(demo)))
    codes = qr_codes(demo, cards)
    pdf = tmp_path / "codes.pdf"
    canvas = Canvas(str(pdf))
    size, across = 45 * mm, 4
    for index, card in enumerate(cards):
        slot = index % (across * 5)
        if index and slot == 0:
            canvas.showPage()
        x, y = 15 * mm + (slot % across) * size, 20 * mm + (slot // across) * size
        QrFlowable(card, size - 3 * mm, codes[card]).drawOn(canvas, x, y)
    canvas.save()
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(str(p) for p in tmp_path.glob("page*.png"))
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", "-Sbinary", *images],
        capture_output=True,
        check=False,
    ).stdout.decode()
    found = ["BEGIN:VCARD" + part for part in scanned.split("BEGIN:VCARD")[1:]]
    assert sorted(text.strip() for text in found) == [card.strip() for card in cards]
