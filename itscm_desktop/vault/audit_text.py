"""The change log in words: what a change did to a record, as a person reads it.

The app's Change log page and the printed handbook both say "Job title: Engineer →
Network lead", with labels from the registry and values as people read them (phone
numbers formatted, choices by label, records by name). They differ only in how long a
value may be and how days and moments are written, which each passes in: the app writes
moments in this computer's locale with Qt, and Qt has no place here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.domain.registry import Field, Kind
from itscm_desktop.vault.vault import Vault

#: Names a referenced record for a person: (field, id) -> title.
TitleOf = Callable[[Field, str], str]
#: A stored day ("2026-03-14") or moment (UTC, ISO 8601) as a reader reads it.
Written = Callable[[str], str]

#: What each kind of entry did, in a word.
ACTIONS = {"create": "Added", "update": "Changed", "delete": "Deleted", "restore": "Restored"}
#: Values longer than this are cut with "…", unless a reader asks for another length.
LONGEST = 60
#: A list of records names this many, then says how many more.
_NAMED = 3


def title_finder(vault: Vault) -> TitleOf:
    """Names a referenced record by its title, a deleted one as "(deleted)", each looked
    up once however often the log names it."""
    cache: dict[str, str] = {}

    def title_of(field: Field, record_id: str) -> str:
        if record_id not in cache:
            cache[record_id] = "(deleted)"
            for table in field.ref:
                record = vault.find(table, record_id)
                if record is not None:
                    cache[record_id] = vault.title(table, record)
                    break
        return cache[record_id]

    return title_of


def _cut(text: str, longest: int) -> str:
    """`text` on one line, cut with "…" after `longest` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= longest else flat[: longest - 1].rstrip() + "…"


def value_text(
    field: Field | None,
    value: Any,
    title_of: TitleOf,
    *,
    longest: int = LONGEST,
    day: Written | None = None,
    moment: Written | None = None,
) -> str:
    """A stored value of `field` as people read it, on one line and cut after `longest`
    characters; "" when empty. Days and moments are written by `day` and `moment`, or as
    stored; a list of records names the first few, then says how many more."""
    if value is None or value == "" or value == []:
        return ""
    kind = field.kind if field is not None else None
    text = str(value)
    if field is None:
        pass
    elif kind is Kind.PHONE:
        text = format_phone(text)
    elif kind is Kind.MINUTES and isinstance(value, int):
        text = format_minutes(value)
    elif kind is Kind.CHOICE:
        text = field.choice_label(text)
    elif kind is Kind.BOOL:
        text = "yes" if value else "no"
    elif kind is Kind.DATE and day is not None:
        text = day(text)
    elif kind is Kind.DATETIME and moment is not None:
        text = moment(text)
    elif kind is Kind.REF:
        text = title_of(field, text)
    elif kind is Kind.REFS and isinstance(value, list):
        names = ", ".join(title_of(field, str(item)) for item in value[:_NAMED])
        more = f" and {len(value) - _NAMED} more" if len(value) > _NAMED else ""
        return _cut(names, longest) + more
    return _cut(text, longest)


def changed_fields(
    table: str,
    changes: str,
    title_of: TitleOf,
    *,
    longest: int = LONGEST,
    day: Written | None = None,
    moment: Written | None = None,
) -> list[str]:
    """What an update did, a field at a time: "Job title: Engineer → Network lead",
    "Mobile: set to +44 7700 900123", "Notes: cleared (was Call after 9)". `changes` is
    the entry's stored JSON; nothing when it cannot be read. A field or a table the
    registry does not know (written by a newer version of the program) shows as stored."""
    try:
        fields = json.loads(changes or "{}")
    except ValueError:
        return []
    if not isinstance(fields, dict):
        return []
    entity = None
    if table in REGISTRY:  # a table of a newer version of the program is shown as stored
        entity = REGISTRY[table]
    parts = []
    for name, pair in fields.items():
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        field = entity.field(name) if entity is not None and entity.has_field(name) else None
        label = field.label if field is not None else name
        shown = [
            value_text(field, value, title_of, longest=longest, day=day, moment=moment)
            for value in (old, new)
        ]
        before, after = shown
        if not before:
            parts.append(f"{label}: set to {after}")
        elif not after:
            parts.append(f"{label}: cleared (was {before})")
        else:
            parts.append(f"{label}: {before} → {after}")
    return parts


def describe_changes(
    table: str,
    action: str,
    changes: str,
    title_of: TitleOf,
    *,
    moment: Written | None = None,
) -> str:
    """What a change did, in words, on one line: "Job title: Engineer → Network lead;
    Mobile: set to +44 7700 900123". Additions and deletions say so."""
    if action == "create":
        return ACTIONS["create"]
    if action in ("delete", "restore"):
        return ACTIONS[action]
    return "; ".join(changed_fields(table, changes, title_of, moment=moment))
