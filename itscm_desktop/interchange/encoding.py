"""Turning the bytes of an imported file into text, and saying which encoding it was.

Files come from Excel on Windows (cp1252, or UTF-16 when saved as "Unicode text"), from
Google and Outlook exports (UTF-8, sometimes with a BOM) and from phones. The rules are
deliberately simple so that the result is predictable: a byte-order mark wins; then
UTF-8 if every byte decodes strictly; then UTF-16 without a mark when NUL bytes sit in
every other position (ASCII text stored as UTF-16); otherwise cp1252, which decodes
almost anything and is what Excel writes for "CSV" in Western Europe.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (little-endian, with BOM)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (big-endian, with BOM)"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian, with BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian, with BOM)"),
)
#: How many leading bytes are looked at to recognise UTF-16 without a BOM.
_SAMPLE = 4096


class UnreadableText(ValueError):
    """The bytes are not text in any encoding we read; str() says so for a person."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    #: The Python codec used ("utf-8", "utf-16-le", "cp1252", …).
    codec: str
    #: The encoding as a person would name it, for the import report.
    name: str


def decode_text(data: bytes) -> DecodedText:
    """The text of `data`, with the encoding it was read as. Raises UnreadableText when
    the bytes claim an encoding (a BOM) they do not follow."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return DecodedText(_strict(data[len(bom) :], codec, name), codec, name)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", "UTF-8")
    except UnicodeDecodeError:
        pass
    guessed = _utf16_without_bom(data)
    if guessed is not None:
        codec, name = guessed
        try:
            return DecodedText(data.decode(codec), codec, name)
        except UnicodeDecodeError:
            pass
    # cp1252 leaves five bytes undefined; they become U+FFFD rather than stopping the import.
    return DecodedText(data.decode("cp1252", errors="replace"), "cp1252", "Windows-1252")


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise UnreadableText(
            f"The file starts like {name} text but is not; save it again as UTF-8."
        ) from None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 of mostly-ASCII text has a NUL in every other byte: at odd positions for
    little-endian, at even ones for big-endian."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(sample) % 2:
        return None
    pairs = len(sample) // 2
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= pairs * 0.6 and even_nuls <= pairs * 0.1:
        return "utf-16-le", "UTF-16 (little-endian)"
    if even_nuls >= pairs * 0.6 and odd_nuls <= pairs * 0.1:
        return "utf-16-be", "UTF-16 (big-endian)"
    return None
