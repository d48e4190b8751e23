"""Decoding imported files: BOMs, strict UTF-8, UTF-16 without a BOM, cp1252 otherwise."""

from __future__ import annotations

import codecs

import pytest

from itscm_desktop.interchange.encoding import UnreadableText, decode_text

TEXT = "Full name;Mobile\nJürgen Müller;+49 151 23456789\nZoë Dubois;+33 6 12 34 56 78\n"


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_each_encoding_gives_the_same_text(data: bytes, codec: str) -> None:
    decoded = decode_text(data)
    assert decoded.text == TEXT
    assert decoded.codec == codec


def test_the_name_says_whether_there_was_a_bom() -> None:
    assert decode_text(codecs.BOM_UTF8 + b"a").name == "UTF-8 with BOM"
    assert decode_text(b"a").name == "UTF-8"
    assert decode_text("ä".encode("cp1252")).name == "Windows-1252"


def test_cp1252_is_the_fallback_for_bytes_that_are_not_utf8() -> None:
    # 0x80 is the euro sign in cp1252 and never valid on its own in UTF-8.
    assert decode_text(b"Cost \x80 100").text == "Cost € 100"


def test_a_bom_that_lies_is_refused() -> None:
    with pytest.raises(UnreadableText, match="UTF-16"):
        decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate
