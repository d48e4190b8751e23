"""E-mail addresses: a pragmatic check that catches typing mistakes, not an RFC parser.

The aim is to stop addresses that cannot work (``jane.example.com``, ``jane@example``,
``jane@@example.com``) from reaching a printed contact sheet, while accepting every
address people really use, including internationalised ones (``zoë@müller.de``).
Quoted local parts (``"jane doe"@example.com``) and IP-literal domains are refused:
nobody types them into a contact list, and refusing them keeps the rules explainable.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["EmailError", "normalise_email"]

MAX_ADDRESS_LENGTH = 254  # RFC 5321 path limit minus the angle brackets
MAX_LOCAL_LENGTH = 64  # octets, RFC 5321
MAX_DOMAIN_LENGTH = 253  # in its ASCII (punycode) form
MAX_LABEL_LENGTH = 63

_FORBIDDEN_IN_LOCAL = set('()<>[]\\,;:"')
_LDH_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_IDEOGRAPHIC_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_MAX_SHOWN = 60


class EmailError(ValueError):
    """An e-mail address a person typed cannot be used; str() is the message to show."""


def normalise_email(text: str) -> str:
    """Return the address trimmed, with its domain lower-cased, or raise :class:`EmailError`.

    The local part keeps its case (a few mail servers honour it). Internationalised
    domains are kept in their Unicode form (NFKC-normalised, so full-width letters
    become ordinary ones), as people read them; the length limits
    are checked on the ASCII (punycode) form the mail system will use. A leading
    ``mailto:`` is removed. Blank text raises too; callers decide whether a field
    may be empty.
    """
    address = text.strip()
    if address[:7].lower() == "mailto:":
        address = address[7:].strip()
    if not address:
        raise EmailError("No e-mail address was given.")
    shown = _quote(address)
    if "<" in address or ">" in address:
        raise EmailError(f"{shown}: enter just the address, without a name or < >.")
    if any(char.isspace() for char in address):
        raise EmailError(f"{shown} contains a space.")
    if any(not char.isprintable() for char in address):
        raise EmailError(f"{shown} contains an invisible control character.")
    at_signs = address.count("@")
    if at_signs == 0:
        raise EmailError(f"{shown} has no @.")
    if at_signs > 1:
        raise EmailError(f"{shown} has more than one @.")
    local, domain = address.split("@")
    _check_local(local, shown)
    domain = unicodedata.normalize("NFKC", domain).translate(_IDEOGRAPHIC_DOTS).lower()
    domain = _check_domain(domain, shown)
    result = f"{local}@{domain}"
    if len(result) > MAX_ADDRESS_LENGTH:
        raise EmailError(f"{shown} is longer than the {MAX_ADDRESS_LENGTH} characters allowed.")
    return result


def _check_local(local: str, shown: str) -> None:
    if not local:
        raise EmailError(f"{shown} has nothing before the @.")
    if len(local.encode("utf-8")) > MAX_LOCAL_LENGTH:
        raise EmailError(f"{shown}: the part before the @ is too long.")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        raise EmailError(
            f"{shown}: the part before the @ cannot start or end with a dot or have two in a row."
        )
    bad = sorted(set(local) & _FORBIDDEN_IN_LOCAL)
    if bad:
        raise EmailError(f"{shown}: the part before the @ cannot contain {' '.join(bad)}.")


def _check_domain(domain: str, shown: str) -> str:
    if not domain:
        raise EmailError(f"{shown} has nothing after the @.")
    if domain.startswith("[") or domain.endswith("]"):
        raise EmailError(f"{shown}: use a domain name after the @, not an IP address.")
    if domain.endswith("."):
        raise EmailError(f"{shown} ends with a dot.")
    labels = domain.split(".")
    if len(labels) < 2:
        raise EmailError(f"{shown}: the domain “{domain}” needs a dot, as in example.com.")
    ascii_labels = [_ascii_label(label, shown) for label in labels]
    if sum(len(label) + 1 for label in ascii_labels) - 1 > MAX_DOMAIN_LENGTH:
        raise EmailError(f"{shown}: the domain after the @ is too long.")
    if ascii_labels[-1].isdigit():
        raise EmailError(f"{shown}: the domain must end in a name such as .com, not a number.")
    return domain


def _ascii_label(label: str, shown: str) -> str:
    if not label:
        raise EmailError(f"{shown}: the domain has an empty part (two dots, or a dot next to @).")
    if label.isascii():
        ascii_label = label
    else:
        try:
            ascii_label = label.encode("idna").decode("ascii")
        except UnicodeError:
            raise EmailError(
                f"{shown}: “{_cut(label)}” is not a usable part of a domain name."
            ) from None
    if len(ascii_label) > MAX_LABEL_LENGTH:
        raise EmailError(f"{shown}: “{_cut(label)}” is too long for a part of a domain name.")
    if not _LDH_LABEL.fullmatch(ascii_label):
        raise EmailError(
            f"{shown}: “{_cut(label)}” in the domain may only contain letters, digits "
            "and hyphens, and cannot start or end with a hyphen."
        )
    return ascii_label


def _cut(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(text: str) -> str:
    return f"“{_cut(text, _MAX_SHOWN)}”"
