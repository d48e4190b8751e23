"""A person as a QR code that a phone's camera turns into a saved contact (vCard 3.0).

The code is encoded with reportlab's own QR widget and drawn as one filled path inside a
PDF form, once per person per document: a person on several teams' sheets reuses the
same form, and a page of codes stays small and quick to print. The path is deflated once
per code (`QrCode`), so that a sheet of a thousand people writes it as it is, and kept in
the vault (`qr_codes`), so that only the first print after an edit waits for the encoder.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Collection, Generator, Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.platypus import Flowable

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.vault import qrcache
from itscm_desktop.vault.connection import translate_errors
from itscm_desktop.vault.queries import rows_to_records
from itscm_desktop.vault.vault import Vault

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


def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of the QR code for `value`, row by row.

    Slow (reportlab's encoder is pure Python: 2–10 ms a code); `qrcache` keeps the codes
    of a vault's people inside the vault, so that most prints encode nobody.
    """
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


@dataclass(frozen=True)
class QrCode:
    """A code ready to draw: its side in modules (quiet zone included) and its dark
    modules as PDF path operators in module units, deflated, as a PDF form holds them."""

    side: int
    path: bytes


def qr_code(value: str) -> QrCode:
    """The QR code of `value`, encoded now (see `qr_modules`)."""
    modules = qr_modules(value)
    operators = _path(modules) + "\nf"
    return QrCode(len(modules) + 2 * QUIET_ZONE, zlib.compress(operators.encode("ascii")))


#: What a stored code was made with; a change here makes every stored code a stranger.
_RECIPE = f"QR level {LEVEL}, mask {MASK}, ECI {UTF8_ECI}, path 1"


def _key(value: str) -> str:
    return qrcache.key_of(f"{_RECIPE}\n{value}")


#: How many codes are encoded between two ticks (about 8 ms each).
TICK_EVERY = 25


def qr_codes(
    vault: Vault, values: Collection[str], tick: Callable[[], None] | None = None
) -> dict[str, QrCode]:
    """The codes of `values` (vCards made with `vcard(contact, the plan's organisation)`),
    by value: read from the vault where an earlier print kept them, the others encoded
    now and kept for the next print, when the codes of people since edited or deleted
    are dropped. `tick` is called every `TICK_EVERY` codes encoded (about a fifth of a
    second): it shows that work goes on, and may raise to stop it."""
    keys = {_key(value): value for value in values}
    codes = {keys[key]: QrCode(*stored) for key, stored in qrcache.load(vault, keys).items()}
    missing = [value for value in keys.values() if value not in codes]
    if missing:
        made: dict[str, QrCode] = {}
        for count, value in enumerate(missing, start=1):
            made[value] = qr_code(value)
            if tick is not None and count % TICK_EVERY == 0:
                tick()
        codes.update(made)
        new = {_key(value): (code.side, code.path) for value, code in made.items()}
        qrcache.save(vault, new, keep=_current_keys(vault))
    return codes


def _current_keys(vault: Vault) -> set[str]:
    """The keys of the codes of every person of the plan as they are now."""
    organisation = str(vault.plan().get("organisation") or "")
    return {_key(vcard(contact, organisation)) for contact in vault.records("contacts")}


#: The people whose codes a contact sheet prints: team leaders and members.
_CALLED = (
    "SELECT * FROM contacts WHERE id IN "
    "(SELECT contact_id FROM team_members UNION SELECT leader_id FROM teams)"
)


def preparing_codes(vault: Vault, batch: int = 50) -> Generator[int, None, None]:
    """Encode and keep, one code per step, the codes a contact sheet will need and the
    vault does not hold yet; each step yields how many are left. The app runs it in idle
    time after unlocking, so that its first print finds every code ready. What is done is
    stored every `batch` codes, so stopping (closing the generator, or locking) loses
    little; the last step also drops the codes of people since edited or deleted."""
    organisation = str(vault.plan().get("organisation") or "")
    with translate_errors():
        cursor = vault.conn.execute(_CALLED)
        values = {vcard(c, organisation) for c in rows_to_records(REGISTRY["contacts"], cursor)}
    keys = {_key(value): value for value in values}
    stored = qrcache.stored_keys(vault, keys)
    missing = sorted(value for key, value in keys.items() if key not in stored)
    made: dict[str, tuple[int, bytes]] = {}
    for done, value in enumerate(missing, start=1):
        code = qr_code(value)
        made[_key(value)] = (code.side, code.path)
        if len(made) >= batch:
            qrcache.save(vault, made)
            made = {}
        yield len(missing) - done
    if missing:
        qrcache.save(vault, made, keep=_current_keys(vault))


class QrFlowable(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A square QR code of `value`, `size` wide, quiet zone included. `code` is the code
    of `value` when it is already known (else it is encoded when first drawn)."""

    def __init__(self, value: str, size: float = 24 * mm, code: QrCode | None = None) -> None:
        super().__init__()
        self.value = value
        self.size = size
        self.width = self.height = size
        self.code = code

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    @property
    def form_name(self) -> str:
        """The PDF form's name: the same for the same person throughout a document."""
        return "qr" + hashlib.sha1(self.value.encode(), usedforsecurity=False).hexdigest()[:20]

    def draw(self) -> None:
        # One form per person per document, in module units, scaled where it is drawn:
        # the same person at another size (a wallet card) is the same form.
        canvas = self.canv
        if self.code is None:
            self.code = qr_code(self.value)
        name = self.form_name
        if not canvas.hasForm(name):
            side = self.code.side
            canvas.beginForm(name, lowerx=0, lowery=0, upperx=side, uppery=side)
            # Already deflated: reportlab writes the stream as it is. A path needs no
            # fonts or other resources (a thousand forms, each naming every font, add up).
            flate = PDFDictionary({"Filter": PDFName("FlateDecode")})
            canvas.endForm(Contents=PDFStream(flate, self.code.path), Resources=PDFDictionary())
        scale = self.size / self.code.side
        canvas.transform(scale, 0, 0, scale, 0, 0)
        canvas.doForm(name)


def _path(modules: tuple[tuple[bool, ...], ...]) -> str:
    """PDF path operators filling the dark `modules`, in module units from the bottom
    left corner of the quiet zone; rows a hair taller than a module, so that no light
    seams show between them."""
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
