"""Contacts in vCard files: reading what phones export (3.0, 4.0 and Android's older
2.1) and writing 3.0 or 4.0 that phones and mail programs import.

Parsing is vobject's. Around it: a file is cut into cards first, so one broken card is
rejected with its line while the others are read; quoted-printable values that Android
wraps with a trailing "=" are joined before vobject sees them (it would read the next
line as a new property); and numbers are sorted into mobile, work and home by their TYPE
(``CELL``, ``WORK``, ``"cell,voice"``, 2.1's bare ``;CELL``), a ``tel:`` URI unwrapped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import vobject

from itscm_desktop.interchange.columns import place_typed
from itscm_desktop.interchange.problems import Rejection

VERSIONS = ("3.0", "4.0")
_PHONES = {"mobile_phone": "cell", "work_phone": "work", "home_phone": "home"}
_EMAILS = {"work_email": "work", "personal_email": "home"}
_IDENTIFYING = {"full_name", *_PHONES, *_EMAILS}


def looks_like_vcard(text: str) -> bool:
    """True when the first non-blank line opens a vCard (a CSV never starts like that)."""
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip():
            return line.strip().upper().startswith("BEGIN:VCARD")
    return False


def read_vcards(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[Rejection]]:
    """Each card as (line of its BEGIN, contact fields as text), and the cards that cannot
    be read. Fields are those of the contacts table: full_name, mobile_phone, …"""
    cards: list[tuple[int, dict[str, str]]] = []
    rejected: list[Rejection] = []
    for line, lines, closed in _cards(text.lstrip("\ufeff")):
        if not closed:
            rejected.append(Rejection(line, "this card has no end; the file may be cut short."))
            continue
        try:
            card = vobject.readOne("\r\n".join(_join_soft_breaks(lines)) + "\r\n")
        except Exception:  # vobject raises several kinds, none a person can act on
            rejected.append(Rejection(line, "this card cannot be read; it is not vCard text."))
            continue
        values = _contact_values(card)
        if not _IDENTIFYING & values.keys():
            rejected.append(Rejection(line, "this card holds no name, number or e-mail."))
            continue
        cards.append((line, values))
    return cards, rejected


def _cards(text: str) -> Iterable[tuple[int, list[str], bool]]:
    """(first line number, the card's lines, whether END:VCARD was found)."""
    start, current = 0, list[str]()
    for number, line in enumerate(text.splitlines(), start=1):
        upper = line.strip().upper()
        if upper.startswith("BEGIN:VCARD"):
            if current:
                yield start, current, False
            start, current = number, [line]
        elif current:
            current.append(line)
            if upper.startswith("END:VCARD"):
                yield start, current, True
                current = []
    if current:
        yield start, current, False


def _join_soft_breaks(lines: list[str]) -> list[str]:
    """Quoted-printable lines ending in "=" continue on the next line (RFC 2045)."""
    joined: list[str] = []
    pending = False
    for line in lines:
        if pending:
            joined[-1] = joined[-1][:-1] + line.lstrip()
        else:
            joined.append(line)
        head = joined[-1].split(":", 1)[0].upper()
        pending = "QUOTED-PRINTABLE" in head and joined[-1].endswith("=")
    return joined


def _types(line: Any) -> str:
    """Every TYPE a property carries, lower case, as one string ("cell voice pref")."""
    found: list[str] = []
    for value in line.params.get("TYPE", []):
        found += [part.strip().strip('"') for part in str(value).split(",")]
    found += [str(value) for value in getattr(line, "singletonparams", [])]
    return " ".join(part.lower() for part in found if part)


def _text(value: object) -> str:
    if isinstance(value, list):
        return " ".join(str(part) for part in value if str(part).strip())
    return str(value).strip()


def _contact_values(card: Any) -> dict[str, str]:
    values: dict[str, str] = {}
    contents: dict[str, list[Any]] = card.contents
    for line in contents.get("fn", []):
        if _text(line.value):
            values["full_name"] = _text(line.value)
            break
    if "full_name" not in values:
        for line in contents.get("n", []):
            name = line.value
            parts = [
                _text(getattr(name, part, "")) for part in ("prefix", "given", "additional")
            ] + [_text(getattr(name, part, "")) for part in ("family", "suffix")]
            full = " ".join(part for part in parts if part)
            if full:
                values["full_name"] = full
                break
    for line in contents.get("org", []):
        parts = line.value if isinstance(line.value, list) else [line.value]
        parts = [str(part).strip() for part in parts if str(part).strip()]
        if parts:
            values["organisation"] = parts[0]
        if len(parts) > 1:
            values["department"] = parts[1]
        break
    for name, field in (("title", "job_title"), ("note", "notes")):
        for line in contents.get(name, []):
            if _text(line.value):
                values[field] = _text(line.value)
                break
    for line in contents.get("tel", []):
        number = _text(line.value)
        if number.lower().startswith("tel:"):
            number = number[4:]
        if number:
            place_typed(values, "phone", _types(line), number)
    for line in contents.get("email", []):
        address = _text(line.value).removeprefix("mailto:")
        if address:
            place_typed(values, "email", _types(line), address)
    return values


# --- Writing -------------------------------------------------------------------------


def contacts_to_vcard(contacts: Iterable[Mapping[str, Any]], version: str = "4.0") -> str:
    """Every contact as one card, numbers typed so a phone files them right. A contact's
    name is split at its last word for N, which 3.0 requires; readers use FN."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version must be one of {VERSIONS}")
    return "".join(_card(contact, version) for contact in contacts)


def _card(contact: Mapping[str, Any], version: str) -> str:
    card = vobject.vCard()
    if version == "4.0":
        card.add("version").value = "4.0"
    full_name = str(contact.get("full_name") or "")
    card.add("fn").value = full_name
    given, _, family = full_name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if contact.get("organisation") or contact.get("department"):
        org = [str(contact.get("organisation") or ""), str(contact.get("department") or "")]
        card.add("org").value = [part for part in org if part] if org[1] else org[:1]
    if contact.get("job_title"):
        card.add("title").value = str(contact["job_title"])
    for field, kind in _PHONES.items():
        number = contact.get(field)
        if not number:
            continue
        tel = card.add("tel")
        tel.encoded = True  # a number, not text: its ";ext=" must not be escaped
        if version == "4.0":
            tel.value = f"tel:{number}"
            tel.params["VALUE"] = ["uri"]
            tel.params["TYPE"] = [f"{kind},voice"]
        else:
            tel.value = str(number)
            tel.params["TYPE"] = [kind.upper(), "VOICE"]
    for field, kind in _EMAILS.items():
        address = contact.get(field)
        if address:
            mail = card.add("email")
            mail.value = str(address)
            mail.params["TYPE"] = [kind] if version == "4.0" else ["INTERNET", kind.upper()]
    if contact.get("notes"):
        card.add("note").value = str(contact["notes"])
    if contact.get("id"):
        card.add("uid").value = f"urn:uuid:{contact['id']}" if version == "4.0" else contact["id"]
    serialized: str = card.serialize()
    return serialized
