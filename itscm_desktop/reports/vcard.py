"""A person as a QR code that a phone's camera turns into a saved contact (vCard 3.0).

The code is encoded with reportlab's own QR widget and drawn as one filled path inside a
PDF form, once per person per document: a person on several teams' sheets reuses the
same form, and a page of codes stays small and quick to print.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

#: Stored phone fields and the vCard TYPE each is saved under.
_PHONES = (
    ("mobile_phone", "CELL"),
    ("work_phone", "WORK,VOICE"),
    ("home_phone", "HOME,VOICE"),
)
_EMAILS = (("work_email", "INTERNET,WORK"), ("personal_email", "INTERNET,HOME"))

#: Medium error correction: a creased or coffee-stained sheet still scans.
LEVEL = "M"
#: The mask pattern. Any of the eight decodes (the reader finds it in the code itself);
#: reportlab tries all eight to pick the tidiest, which takes six times as long as the
#: rest of the encoding, and a sheet of a thousand people cannot wait for that.
MASK = 0
MAX_VERSION = 40
#: The Extended Channel Interpretation that declares the data UTF-8.
UTF8_ECI = 26
#: The blank margin a reader needs around the code, in modules (the standard's four).
QUIET_ZONE = 4


def _text(value: object) -> str:
    """A vCard text value: backslash, comma, semicolon and line breaks escaped."""
    text = str(value).strip()
    for plain, escaped in (("\\", "\\\\"), (",", "\\,"), (";", "\\;"), ("\r\n", "\\n")):
        text = text.replace(plain, escaped)
    return text.replace("\n", "\\n")


def vcard(contact: Mapping[str, Any], organisation: str = "") -> str:
    """The vCard 3.0 of a contact record: name, phones with their TYPE, e-mails, the
    organisation (the contact's own, else `organisation`) and job title.

    The whole name goes into the given-name part of N: names are not split, because no
    rule splits "田中 太郎" and "Clodagh Ó Ceallaigh" both right, and phones show
    given + family, so the person appears under the name as written.
    """
    name = _text(contact.get("full_name") or "")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:;{name};;;", f"FN:{name}"]
    org = contact.get("organisation") or organisation
    if org:
        lines.append(f"ORG:{_text(org)}")
    if contact.get("job_title"):
        lines.append(f"TITLE:{_text(contact['job_title'])}")
    for field, kind in _PHONES:
        if contact.get(field):
            lines.append(f"TEL;TYPE={kind}:{contact[field]}")
    for field, kind in _EMAILS:
        if contact.get(field):
            lines.append(f"EMAIL;TYPE={kind}:{_text(contact[field])}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


@functools.lru_cache(maxsize=4096)
def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of the QR code for `value`, row by row."""
    data: str | list[qrencoder.QR] = value
    if not value.isascii():
        # Say the bytes are UTF-8 (ECI 26), or a reader may guess another character set
        # and save "Schäfer" as "Sch瓣fer".
        data = [qrencoder.QRECI(UTF8_ECI), qrencoder.QR8bitByte(value)]
    qr = QrCodeWidget(data, barLevel=LEVEL).qr
    # reportlab's estimate leaves out the ECI's own bits: at the edge of a version the
    # data overflows, and the next version is the one that fits.
    qr.version = qr.calculate_version()
    while True:
        try:
            qr.makeImpl(False, MASK)
            break
        except Exception as error:
            if "overflow" not in str(error) or qr.version >= MAX_VERSION:
                raise
            qr.version += 1
            qr.dataCache = None
    return tuple(tuple(bool(module) for module in row) for row in qr.modules)


class QrFlowable(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A square QR code of `value`, `size` wide, quiet zone included."""

    def __init__(self, value: str, size: float = 24 * mm) -> None:
        super().__init__()
        self.value = value
        self.size = size
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    @property
    def form_name(self) -> str:
        """The PDF form's name: the same for the same person throughout a document."""
        return "qr" + hashlib.sha1(self.value.encode(), usedforsecurity=False).hexdigest()[:20]

    def draw(self) -> None:
        canvas = self.canv
        name = self.form_name
        if not canvas.hasForm(name):
            canvas.beginForm(name, lowerx=0, lowery=0, upperx=self.size, uppery=self.size)
            self._draw_modules()
            canvas.endForm()
        canvas.doForm(name)

    def _draw_modules(self) -> None:
        # Scaled to one unit per module, the code is whole numbers: one short literal
        # path, cached per vCard, instead of thousands of formatted rectangles.
        box = self.size / (len(qr_modules(self.value)) + 2 * QUIET_ZONE)
        self.canv.addLiteral(f"q {box:.4f} 0 0 {box:.4f} 0 0 cm\n{qr_path(self.value)}\nf Q")


@functools.lru_cache(maxsize=4096)
def qr_path(value: str) -> str:
    """PDF path operators filling the dark modules of the code for `value`, in module
    units from the bottom left corner of the quiet zone; rows a hair taller than a
    module, so that no light seams show between them."""
    modules = qr_modules(value)
    count = len(modules)
    operators: list[str] = []
    for row_index, row in enumerate(modules):
        y = count + QUIET_ZONE - row_index - 1
        start: int | None = None
        for column, dark in enumerate((*row, False)):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                operators.append(f"{start + QUIET_ZONE} {y} {column - start} 1.04 re")
                start = None
    return "\n".join(operators)
