"""How a person's numbers are shown beside their name in teams and call trees.

The best number is the one to try first at 3 a.m.: the mobile, then work, then home.
"""

from __future__ import annotations

from collections.abc import Mapping

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone

#: Phone fields of a contact, in the order they are tried.
PHONE_FIELDS = ("mobile_phone", "work_phone", "home_phone")

#: Shown where a person has no number at all.
NO_NUMBER = "no number — cannot be reached"


def phone_numbers(contact: Mapping[str, object]) -> list[tuple[str, str]]:
    """(label, formatted number) for each number the person has, best first."""
    entity = REGISTRY["contacts"]
    found = []
    for name in PHONE_FIELDS:
        value = contact.get(name)
        if isinstance(value, str) and value:
            found.append((entity.field(name).label, format_phone(value)))
    return found


def best_number(contact: Mapping[str, object]) -> str | None:
    """The first number to try, formatted, or None when the person cannot be phoned."""
    numbers = phone_numbers(contact)
    return numbers[0][1] if numbers else None


def numbers_line(contact: Mapping[str, object]) -> str:
    """Every number on one line ("Mobile +44 7700 900123 · Work +44 113 496 0000")."""
    numbers = phone_numbers(contact)
    if not numbers:
        return NO_NUMBER
    return " · ".join(f"{label} {number}" for label, number in numbers)
