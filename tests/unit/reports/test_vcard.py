"""The vCard a person's QR code carries, and the code itself."""

from __future__ import annotations

import pytest
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget

from itscm_desktop.reports.vcard import QrFlowable, qr_modules, vcard

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
