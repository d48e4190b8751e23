"""Which column of an imported table fills which field, derived from the registry.

A header matches a field by its name (``mobile_phone``), its label (``Mobile``) or a
common synonym (``Cell phone``), ignoring case, spaces and punctuation. Contact exports
of Google Contacts and Outlook are recognised by their headers: their first, middle and
last names are joined into the full name, and Google's numbered "Phone 1 - Type" /
"Phone 1 - Value" pairs go to the mobile, work or home number by their type. The person
importing can change any column's target (the GUI's mapping preview, ``--map`` on the
command line); a column with no target is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Entity, Kind
from itscm_desktop.interchange.problems import ImportRefused

#: Tables a file can be imported into. Tables whose records belong to another record (a
#: team's members) or hold lists of references are edited in the app, not imported.
IMPORTABLE_TABLES = ("contacts", "suppliers", "sites", "assets", "services")

#: Parts of a contact's name, joined into `full_name` when the file has no full name.
NAME_PARTS = {"given_name": "First name", "middle_name": "Middle name", "family_name": "Last name"}
_TYPED = re.compile(r"^(phone|e-?mail) (\d+) - (type|label|value)$", re.IGNORECASE)
_MULTIPLE = " ::: "  # Google's separator for several values in one cell
#: What makes a spreadsheet read a cell as a formula; exports mark such cells as text
#: with a leading apostrophe, which `row_values` removes.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "contacts": {
        "full_name": ("name", "display name", "contact", "contact name", "fn"),
        "given_name": ("first name", "given name", "forename", "first"),
        "middle_name": ("middle name", "additional name", "middle"),
        "family_name": ("last name", "family name", "surname", "last"),
        "job_title": ("title", "position", "role", "organization 1 - title", "organization title"),
        "organisation": (
            "company",
            "organization",
            "org",
            "employer",
            "organization 1 - name",
            "organization name",
        ),
        "department": ("dept", "organization 1 - department", "organization department"),
        "mobile_phone": ("mobile phone", "cell", "cell phone", "mobile number", "cellular"),
        "work_phone": ("phone", "telephone", "business phone", "office phone", "tel"),
        "home_phone": ("home", "private phone", "home telephone"),
        "work_email": (
            "email",
            "e-mail address",
            "email address",
            "mail",
            "business email",
            "e-mail 1 address",
        ),
        "personal_email": ("home email", "private email", "e-mail 2 address"),
        "notes": ("note", "comments", "remarks"),
        "availability": ("out of hours", "on call"),
        "last_verified_on": ("verified", "verified on", "last verified on"),
    },
    "suppliers": {
        "name": ("supplier", "vendor", "company"),
        "provides": ("service", "services", "product", "what they provide"),
        "contract_ref": ("contract", "contract number", "contract no"),
        "contracted_recovery_minutes": ("recovery time", "sla recovery"),
        "support_phone": ("phone", "support phone", "support line", "hotline", "telephone"),
        "support_email": ("email", "e-mail", "support mail"),
        "account_number": ("account", "customer number", "account no"),
        "contract_expires_on": ("contract end", "expiry", "expires"),
        "notes": ("note", "comments", "remarks"),
    },
    "sites": {
        "kind": ("type", "site type"),
        "phone": ("telephone", "tel", "reception"),
        "notes": ("note", "comments", "remarks"),
    },
    "assets": {
        "name": ("asset", "asset name"),
        "kind": ("type", "category", "asset type"),
        "vendor": ("manufacturer", "make", "brand"),
        "serial": ("serial no", "sn", "serial"),
        "hostname": ("host", "ip", "ip address", "fqdn", "host name"),
        "warranty_ends_on": ("warranty", "warranty end", "warranty until"),
        "licence": ("license", "licence key", "license key"),
        "notes": ("note", "comments", "remarks"),
    },
    "services": {
        "name": ("service", "service name"),
        "rto_minutes": ("recovery time objective", "rto"),
        "rpo_minutes": ("recovery point objective", "rpo"),
        "mtd_minutes": ("maximum tolerable downtime", "mtd", "mtpd"),
        "owner_id": ("owner",),
        "service_level_target": ("sla", "service level"),
    },
}


class MappingProblem(ImportRefused):
    """A column mapping the person asked for cannot be used; str() says why."""


def key(text: str) -> str:
    """A header as compared: lower case, letters and digits only ("E-mail 2" → "email2")."""
    return "".join(char for char in text.casefold() if char.isalnum())


@dataclass(frozen=True)
class ColumnMapping:
    """For each column of the file, in order: the field it fills, or None (ignored)."""

    table: str
    headers: tuple[str, ...]
    targets: tuple[str | None, ...]
    #: Where the file seems to come from: "Google Contacts", "Outlook" or "" (any other).
    source: str = ""

    def target_of(self, header: str) -> str | None:
        return self.targets[self._index(header)]

    def ignored(self) -> tuple[str, ...]:
        return tuple(h for h, t in zip(self.headers, self.targets, strict=True) if t is None)

    def overridden(self, overrides: Mapping[str, str | None]) -> ColumnMapping:
        """This mapping with some columns sent elsewhere; a target of None or "" ignores
        the column. Raises MappingProblem for an unknown column or field."""
        targets = list(self.targets)
        choices = dict(targets_for(self.table))
        for header, target in overrides.items():
            index = self._index(header)
            if target in (None, "", "-"):
                targets[index] = None
                continue
            assert target is not None
            found = _target_named(self.table, target)
            if found is None:
                raise MappingProblem(
                    f"{REGISTRY[self.table].label} has no field “{target}”. Fields: "
                    + ", ".join(choices)
                    + "."
                )
            targets[index] = found
        return replace(self, targets=tuple(targets))

    def _index(self, header: str) -> int:
        wanted = header.strip().casefold()
        for index, name in enumerate(self.headers):
            if name.casefold() == wanted:
                return index
        raise MappingProblem(
            f"The file has no column “{header}”. Columns: " + ", ".join(self.headers) + "."
        )


def targets_for(table: str) -> list[tuple[str, str]]:
    """(target, label) pairs a column of `table` may fill, as the mapping preview lists
    them: every field a person may type, and for contacts the parts of the name."""
    entity = REGISTRY[table]
    pairs = [(f.name, f.label) for f in entity.fields if not f.system and f.kind is not Kind.REFS]
    if table == "contacts":
        pairs += list(NAME_PARTS.items())
    return pairs


def target_label(table: str, target: str) -> str:
    return dict(targets_for(table)).get(target, target)


def _target_named(table: str, text: str) -> str | None:
    """The target a person meant by a field name or label."""
    wanted = key(text)
    for target, label in targets_for(table):
        if wanted in (key(target), key(label)):
            return target
    return None


def _lookups(table: str) -> tuple[dict[str, str], dict[str, str]]:
    """Header key → target, by field name or label (strong) and by synonym (weak)."""
    weak: dict[str, str] = {}
    for target, words in SYNONYMS.get(table, {}).items():
        for word in words:
            weak[key(word)] = target
    strong: dict[str, str] = {}
    for target, label in targets_for(table):
        strong[key(label)] = target
        strong[key(target)] = target
    return strong, weak


def suggest_mapping(table: str, headers: Sequence[str]) -> ColumnMapping:
    """The mapping a person would expect, for them to check and adjust. A column named
    like a field wins over one matching a synonym (Outlook's "Job Title" over its
    "Title", which holds "Mr." or "Dr."); otherwise each field takes its first matching
    column. Google's typed columns keep their own targets ("phone 1 value", …), read
    together by `row_values`."""
    entity = REGISTRY[table]
    strong, weak = _lookups(entity.table)
    targets: list[str | None] = [None] * len(headers)
    taken: set[str] = set()
    for lookup in (strong, weak):
        for index, header in enumerate(headers):
            typed = _TYPED.match(header.strip()) if table == "contacts" else None
            if typed:
                kind = "phone" if typed.group(1).lower() == "phone" else "email"
                part = "type" if typed.group(3).lower() in ("type", "label") else "value"
                targets[index] = f"{kind} {typed.group(2)} {part}"
                continue
            target = lookup.get(key(header))
            if targets[index] is None and target is not None and target not in taken:
                taken.add(target)
                targets[index] = target
    return ColumnMapping(entity.table, tuple(headers), tuple(targets), _source(headers))


def _source(headers: Sequence[str]) -> str:
    keys = {key(h) for h in headers}
    if any(_TYPED.match(h.strip()) for h in headers) or {"givenname", "familyname"} <= keys:
        return "Google Contacts"
    if "firstname" in keys and ({"emailaddress", "businessphone", "mobilephone"} & keys):
        return "Outlook"
    return ""


def row_values(mapping: ColumnMapping, cells: Sequence[str]) -> dict[str, str]:
    """The non-empty values of one row by field, names joined and typed numbers placed."""
    values: dict[str, str] = {}
    typed: dict[tuple[str, str], dict[str, str]] = {}
    for target, cell in zip(mapping.targets, cells, strict=True):
        if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
            cell = cell[1:]
        text = cell.replace("\r\n", "\n").replace("\r", "\n").strip()
        if target is None or not text:
            continue
        if target.startswith(("phone ", "email ")):
            kind, number, part = target.split(" ")
            typed.setdefault((kind, number), {})[part] = text
        elif target not in values:
            values[target] = text
    _join_name(values)
    for (kind, _), pair in sorted(typed.items(), key=lambda item: int(item[0][1])):
        for value in pair.get("value", "").split(_MULTIPLE):
            if value.strip():
                place_typed(values, kind, pair.get("type", ""), value.strip())
    return values


def _join_name(values: dict[str, str]) -> None:
    parts = [values.pop(part) for part in NAME_PARTS if part in values]
    if parts and "full_name" not in values:
        values["full_name"] = " ".join(parts)


_PHONE_SLOTS: tuple[str, ...] = ("mobile_phone", "work_phone", "home_phone")
_EMAIL_SLOTS: tuple[str, ...] = ("work_email", "personal_email")


def place_typed(values: dict[str, str], kind: str, label: str, value: str) -> None:
    """Put a typed number or address in its slot, or the first free one: a "Main" or
    "Other" number is kept rather than dropped. Fax and pager numbers are not phones a
    manager can call, so they are left out."""
    label = key(label)
    if kind == "phone":
        if "fax" in label or "pager" in label:
            return
        if "mobile" in label or "cell" in label:
            preferred = "mobile_phone"
        elif "work" in label or "business" in label:
            preferred = "work_phone"
        elif "home" in label:
            preferred = "home_phone"
        else:
            preferred = ""
        slots = _PHONE_SLOTS
    else:
        if "home" in label or "personal" in label or "private" in label:
            preferred = "personal_email"
        elif "work" in label or "business" in label:
            preferred = "work_email"
        else:
            preferred = ""
        slots = _EMAIL_SLOTS
    for slot in (preferred, *slots) if preferred else slots:
        if slot not in values:
            values[slot] = value
            return


def required_unmapped(mapping: ColumnMapping) -> list[str]:
    """Labels of required fields no column fills, so an import can stop before reading
    every row only to reject each one for the same reason."""
    entity: Entity = REGISTRY[mapping.table]
    mapped = set(mapping.targets)
    if mapping.table == "contacts" and mapped & set(NAME_PARTS):
        mapped.add("full_name")
    return [
        f.label
        for f in entity.required_fields
        if f.name not in mapped and not isinstance(f.default, str | int | float)
    ]
