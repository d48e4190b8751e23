"""Phone numbers for the demo organisations: valid, varied and, where possible, fictional.

Every range below was checked against `phonenumbers` (every suffix is a valid number).
Ofcom's drama ranges (Leeds 0113 496 0xxx, London 020 7946 0xxx, Manchester 0161 496
0xxx) and the Bundesnetzagentur's film numbers (Hamburg 040 66969, Berlin 030 23125)
and ARCEP's fiction range (01 99 00) are used for landlines; elsewhere the ranges are
phonenumbers' own example numbers with the last digits varied. The UK mobile drama range
(07700 900xxx) is *not* valid in phonenumbers, so UK mobiles use its example range.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class NumberRange:
    """A prefix in E.164 (with the +) followed by `free` digits that may be anything."""

    prefix: str
    free: int

    def pick(self, rng: random.Random) -> str:
        return self.prefix + str(rng.randrange(10**self.free)).zfill(self.free)

    def at(self, index: int) -> str:
        """The number `index` of the range (wrapping), for fixed numbers such as a switchboard."""
        return self.prefix + str(index % 10**self.free).zfill(self.free)


@dataclass(frozen=True)
class CountryNumbers:
    """Where the people of one country get their mobile, landline and home numbers."""

    mobile: tuple[NumberRange, ...]
    landline: tuple[NumberRange, ...]


COUNTRY_NUMBERS: dict[str, CountryNumbers] = {
    "GB": CountryNumbers(
        mobile=(NumberRange("+44740012", 4),),
        landline=(
            NumberRange("+441134960", 3),  # Leeds drama range
            NumberRange("+441614960", 3),  # Manchester drama range
            NumberRange("+442079460", 3),  # London drama range
            NumberRange("+441174960", 3),  # Bristol drama range
            NumberRange("+44121234", 4),
        ),
    ),
    "IE": CountryNumbers(
        mobile=(NumberRange("+35385012", 4),),
        landline=(NumberRange("+3531234", 4), NumberRange("+353221", 4)),
    ),
    "PL": CountryNumbers(
        mobile=(NumberRange("+4851234", 4),),
        landline=(NumberRange("+4842630", 4),),  # Łódź, area code 42
    ),
    "DE": CountryNumbers(
        mobile=(NumberRange("+491512345", 4),),
        landline=(NumberRange("+494066969", 3), NumberRange("+493023125", 3)),
    ),
    "DK": CountryNumbers(
        mobile=(NumberRange("+453441", 4),),
        landline=(NumberRange("+453212", 4),),
    ),
    "NL": CountryNumbers(
        mobile=(NumberRange("+3161234", 4),),
        landline=(NumberRange("+3110123", 4), NumberRange("+3120123", 4)),  # Rotterdam, A'dam
    ),
    "FR": CountryNumbers(
        mobile=(NumberRange("+3361234", 4),),
        landline=(NumberRange("+3319900", 4), NumberRange("+3312345", 4)),
    ),
    "ES": CountryNumbers(
        mobile=(NumberRange("+3461234", 4),),
        landline=(NumberRange("+3491123", 4), NumberRange("+3481012", 4)),
    ),
    "GR": CountryNumbers(
        mobile=(NumberRange("+30691234", 4),),
        landline=(NumberRange("+30212345", 4),),
    ),
    "IN": CountryNumbers(
        mobile=(NumberRange("+9181234", 5), NumberRange("+9198765", 5)),
        landline=(NumberRange("+9174104", 5),),
    ),
    "JP": CountryNumbers(
        mobile=(NumberRange("+81901234", 4),),
        landline=(NumberRange("+8131234", 4),),
    ),
    "SE": CountryNumbers(
        mobile=(NumberRange("+4670123", 4),),
        landline=(NumberRange("+46812", 4),),
    ),
    "CH": CountryNumbers(
        mobile=(NumberRange("+4178123", 4),),
        landline=(NumberRange("+4121234", 4),),
    ),
    "US": CountryNumbers(
        mobile=(NumberRange("+1201555", 4),),
        landline=(NumberRange("+12015550", 3),),  # 555-01xx is the US fiction range
    ),
}

#: Switchboards and 24/7 lines of the demo's own sites (fixed, so the handbook reads well).
LEEDS_SWITCHBOARD = NumberRange("+441134960", 3)
MANCHESTER_SWITCHBOARD = NumberRange("+441614960", 3)
LONDON_SWITCHBOARD = NumberRange("+442079460", 3)


class PhoneBook:
    """Hands out numbers for a country, drawing the free digits from the generator's rng."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def mobile(self, country: str) -> str:
        return self._rng.choice(COUNTRY_NUMBERS[country].mobile).pick(self._rng)

    def landline(self, country: str, *, area: int = 0) -> str:
        """A landline; `area` picks one of the country's ranges (a city) when it has several."""
        ranges = COUNTRY_NUMBERS[country].landline
        return ranges[area % len(ranges)].pick(self._rng)

    def home(self, country: str) -> str:
        return self._rng.choice(COUNTRY_NUMBERS[country].landline).pick(self._rng)
