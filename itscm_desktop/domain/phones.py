"""Phone numbers: what people type in, E.164 in the vault, readable numbers on paper.

Stored form: E.164 (``+442079460123``), optionally followed by an RFC 3966
extension (``+442079460123;ext=45``). Extensions are kept rather than rejected
because switchboard numbers with an extension are common for suppliers and work
phones, and dropping the extension would lose something the caller needs.
Anything that handles stored numbers must therefore allow the ``;ext=`` suffix;
:func:`split_extension` separates it.

Only numbers that ``phonenumbers`` considers *valid* (not merely of a possible
length) are accepted: in an outage a wrong number on a contact sheet costs minutes.
"""

from __future__ import annotations

import re
from typing import Literal

import phonenumbers
from phonenumbers import (
    COUNTRY_CODE_TO_REGION_CODE,
    NumberParseException,
    PhoneNumber,
    PhoneNumberFormat,
)
from phonenumbers import ValidationResult as _Reason

__all__ = [
    "PhoneError",
    "format_phone",
    "is_region",
    "normalise_phone",
    "phone_dial_uri",
    "split_extension",
    "supported_regions",
]

_STORED = re.compile(r"\+[1-9][0-9]{1,14}(;ext=[0-9]{1,20})?")
_DOUBLE_ZERO = re.compile(r"^[\s(]*0[\s.\-]*0")
_LETTER = re.compile(r"[^\W\d_]")
_MAX_SHOWN = 40


class PhoneError(ValueError):
    """A phone number a person typed cannot be used; str() is the message to show them."""


def is_region(code: str) -> bool:
    """True if ``code`` is a two-letter region phonenumbers knows (case-insensitive)."""
    return code.upper() in phonenumbers.SUPPORTED_REGIONS


def supported_regions() -> list[str]:
    """All region codes usable as a default region, sorted (``["AC", "AD", …]``)."""
    return sorted(phonenumbers.SUPPORTED_REGIONS)


def normalise_phone(text: str, default_region: str) -> str:
    """Turn what a person typed into the stored form, or raise :class:`PhoneError`.

    Accepts spaces, dashes, dots, parentheses, a ``(0)`` trunk prefix, a leading
    ``+`` or ``00``, a ``tel:`` URI, and national numbers, which are read as numbers
    of ``default_region`` (case-insensitive). ``default_region=""`` means "no
    default": then the number must be international. Extensions typed as
    ``ext. 45``, ``x45``, ``#45`` or ``;ext=45`` are kept as ``;ext=45``.

    Blank text raises :class:`PhoneError` too; callers decide whether a field may be
    empty before calling. An unknown ``default_region`` is a programming or
    configuration error and raises plain :class:`ValueError`.
    """
    region = _region_or_none(default_region)
    typed = text.strip()
    if not typed:
        raise PhoneError("No phone number was given.")
    if _DOUBLE_ZERO.match(typed):
        # "00" is the international prefix almost everywhere, but not in every
        # default region (the US uses 011), so it also gets a chance as "+".
        first = _try_parse(typed, region)
        if first is None or not phonenumbers.is_valid_number(first):
            retry = _try_parse("+" + _DOUBLE_ZERO.sub("", typed, count=1), region)
            if retry is not None and phonenumbers.is_valid_number(retry):
                return _stored_form(retry)
            if first is None and retry is not None:
                raise PhoneError(_invalid_message(typed, retry, region))
    number = _parse(typed, region)
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(_invalid_message(typed, number, region))
    return _stored_form(number)


def split_extension(stored: str) -> tuple[str, str | None]:
    """Split a stored number into its E.164 part and its extension (or None)."""
    number, sep, extension = stored.partition(";ext=")
    return (number, extension) if sep else (number, None)


def format_phone(
    e164: str,
    style: Literal["international", "national"] = "international",
    region: str | None = None,
) -> str:
    """Format a stored number for screens and paper (``+44 20 7946 0123``).

    ``region`` is where the reader dials from: in ``"national"`` style a number of
    that region is shown nationally (``020 7946 0123``) and any other number stays
    international, because the ``+`` form works from every mobile phone. Without a
    region, ``"national"`` shows each number in its own country's national format.
    Never raises: a stored value that does not parse is returned unchanged, so a
    contact sheet always prints what the vault holds.
    """
    if not isinstance(e164, str):
        return str(e164)
    try:
        number = _parsed(e164)
    except NumberParseException:
        return e164
    if style == "national":
        own_region = phonenumbers.region_code_for_number(number)
        if region is None or (own_region is not None and own_region == region.upper()):
            return str(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))
    return str(phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL))


#: A stored number without an extension: "+" and the digits of country code and number.
_PLAIN_STORED = re.compile(r"\+([1-9][0-9]{6,14})")


def _parsed(e164: str) -> PhoneNumber:
    """The number a stored value holds. A plain stored number is split into its country
    code (country codes are prefix-free) and national number directly: the same number
    `phonenumbers.parse` gives, in half the time, which a contact sheet of 6,000 numbers
    notices. Anything else (an extension, a national number starting with 0 as in Italy,
    an unknown country code) goes through `phonenumbers.parse`."""
    plain = _PLAIN_STORED.fullmatch(e164)
    if plain is not None:
        digits = plain.group(1)
        for length in (1, 2, 3):
            code = int(digits[:length])
            if code in COUNTRY_CODE_TO_REGION_CODE:
                national = digits[length:]
                if national[:1] not in ("", "0"):
                    return PhoneNumber(country_code=code, national_number=int(national))
                break
    return phonenumbers.parse(e164, None)


def phone_dial_uri(e164: str) -> str:
    """The ``tel:`` URI for a stored number (``tel:+442079460123``), e.g. for QR codes.

    Raises :class:`PhoneError` if the value is not in the stored form: a QR code
    that dials a wrong number is worse than no QR code.
    """
    if not _STORED.fullmatch(e164):
        raise PhoneError(f"{_quote(e164)} is not a stored international phone number.")
    return f"tel:{e164}"


def _stored_form(number: PhoneNumber) -> str:
    stored = str(phonenumbers.format_number(number, PhoneNumberFormat.E164))
    if number.extension:
        stored += f";ext={number.extension}"
    if not _STORED.fullmatch(stored):  # pragma: no cover - phonenumbers guarantees this
        raise AssertionError(f"phonenumbers produced {stored!r}")
    return stored


def _region_or_none(default_region: str) -> str | None:
    if default_region == "":
        return None
    if not is_region(default_region):
        raise ValueError(f"Unknown phone region {default_region!r}; expected e.g. 'GB'.")
    return default_region.upper()


def _try_parse(text: str, region: str | None) -> PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException:
        return None


def _parse(typed: str, region: str | None) -> PhoneNumber:
    try:
        return phonenumbers.parse(typed, region)
    except NumberParseException as error:
        kind = error.error_type
        if kind == NumberParseException.INVALID_COUNTRY_CODE:
            if _looks_international(typed) or region is not None:
                raise PhoneError(
                    f"{_quote(typed)} does not start with a known country code."
                ) from None
            raise PhoneError(
                f"{_quote(typed)} needs a leading + and the country code, as in +44 20 7946 0123."
            ) from None
        if kind in (
            NumberParseException.TOO_SHORT_AFTER_IDD,
            NumberParseException.TOO_SHORT_NSN,
        ):
            raise PhoneError(f"{_quote(typed)} is not a complete phone number.") from None
        if kind == NumberParseException.TOO_LONG:
            raise PhoneError(_with_letter_hint(typed, "is too long for a phone number.")) from None
        raise PhoneError(_with_letter_hint(typed, "is not a phone number.")) from None


def _invalid_message(typed: str, number: PhoneNumber, region: str | None) -> str:
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in (_Reason.TOO_SHORT, _Reason.IS_POSSIBLE_LOCAL_ONLY):
        return _with_letter_hint(typed, "is not a complete phone number.")
    if reason == _Reason.INVALID_COUNTRY_CODE:
        return f"{_quote(typed)} does not start with a known country code."
    too_long = reason == _Reason.TOO_LONG
    if _looks_international(typed) or region is None:
        problem = "has too many digits for" if too_long else "is not a valid number for"
        return _with_letter_hint(typed, f"{problem} country code +{number.country_code}.")
    problem = "has too many digits for one" if too_long else "is not a valid one"
    return _with_letter_hint(
        typed,
        f"{problem}.",
        lead=f"Numbers without a leading + are read as {region} numbers; ",
    )


def _looks_international(typed: str) -> bool:
    stripped = typed.lstrip(" (").removeprefix("tel:")
    return stripped.startswith(("+", "\uff0b")) or bool(_DOUBLE_ZERO.match(typed))


def _with_letter_hint(typed: str, problem: str, lead: str = "") -> str:
    message = f"{lead}{_quote(typed)} {problem}"
    if _LETTER.search(typed.removeprefix("tel:")):
        message += " Enter only the number and any extension, without notes."
    return message


def _quote(text: str) -> str:
    shown = text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"
    return f"“{shown}”"
