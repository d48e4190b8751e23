"""Turning what a person typed into the values the vault stores, or saying what is wrong.

Everything that can be checked without the database is checked here: types, required
fields, choices, ranges, phone numbers (stored as E.164), e-mail syntax, durations and
rules between fields (RTO ≤ MTD). References that must exist and cycles are checked by
the vault, which can see the other records, with the same `Problem` type.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from itscm_desktop.domain.durations import DurationError, format_minutes, parse_minutes
from itscm_desktop.domain.emails import EmailError, normalise_email
from itscm_desktop.domain.entities import TEMPLATE_PLACEHOLDERS
from itscm_desktop.domain.phones import PhoneError, is_region, normalise_phone
from itscm_desktop.domain.registry import SYSTEM_FIELDS, Entity, Field, Kind

Value = str | int | float | None
Record = Mapping[str, object]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record; `field` is None when it concerns the whole record."""

    field: str | None
    message: str


class ValidationError(ValueError):
    """A record cannot be saved. str() names the first field that is wrong."""

    def __init__(self, entity: Entity, problems: Iterable[Problem]) -> None:
        self.entity = entity
        self.problems = tuple(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        first = self.problems[0]
        text = describe(self.entity, first)
        more = len(self.problems) - 1
        return f"{text} (and {more} more problem{'s' if more > 1 else ''})" if more else text


def describe(entity: Entity, problem: Problem) -> str:
    """A problem as one line, naming the field the way the form labels it."""
    if problem.field is None or not entity.has_field(problem.field):
        return problem.message
    return f"{entity.field(problem.field).label}: {problem.message}"


class FieldError(ValueError):
    """One value that cannot be stored; the message does not repeat the field's label."""


# --- Single values ---------------------------------------------------------------------

_TRUE = {"1", "true", "yes", "y", "on", "x"}
_FALSE = {"0", "false", "no", "n", "off", ""}
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


def _quote(raw: object) -> str:
    return f"“{raw}”"


def _clean_text(raw: object) -> str:
    if not isinstance(raw, str):
        raise FieldError(f"expected text, got {_quote(raw)}")
    return raw.strip()


def _clean_integer(field: Field, raw: object) -> int:
    if isinstance(raw, bool):
        raise FieldError(f"expected a whole number, got {_quote(raw)}")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and re.fullmatch(r"[+-]?\d+", raw.strip()):
        value = int(raw.strip())
    else:
        raise FieldError(f"{_quote(raw)} is not a whole number")
    _check_range(field, value)
    return value


def _clean_minutes(field: Field, raw: object) -> int:
    if isinstance(raw, str):
        try:
            value = parse_minutes(raw)
        except DurationError as exc:
            raise FieldError(str(exc)) from None
    else:
        value = _clean_integer(field, raw)
    _check_range(field, value)
    return value


def _clean_money(field: Field, raw: object) -> float:
    if isinstance(raw, bool):
        raise FieldError(f"{_quote(raw)} is not an amount")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        cleaned = raw.strip().replace(" ", "").replace("\u00a0", "").replace(",", "")
        try:
            value = float(cleaned)
        except ValueError:
            raise FieldError(
                f"{_quote(raw)} is not an amount; write it like 25000 or 1250.50"
            ) from None
    else:
        raise FieldError(f"{_quote(raw)} is not an amount")
    _check_range(field, value)
    return value


def _check_range(field: Field, value: float) -> None:
    if field.minimum is not None and value < field.minimum:
        raise FieldError(f"must be at least {_number(field, field.minimum)}")
    if field.maximum is not None and value > field.maximum:
        raise FieldError(f"must be at most {_number(field, field.maximum)}")


def _number(field: Field, value: float) -> str:
    if field.kind is Kind.MINUTES:
        return format_minutes(int(value))
    return str(int(value)) if float(value).is_integer() else str(value)


def _clean_date(raw: object) -> str:
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = _clean_text(raw)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise FieldError(f"{_quote(raw)} is not a date; write it as 2026-11-25")


def _clean_datetime(raw: object) -> str:
    """Stored in UTC. A time typed without a zone is the local time of this computer."""
    if isinstance(raw, datetime):
        moment = raw
    else:
        text = _clean_text(raw)
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise FieldError(
                f"{_quote(raw)} is not a date and time; write 2026-11-25 14:30"
            ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean_bool(raw: object) -> int:
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, int) and raw in (0, 1):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return int(raw.strip().lower() in _TRUE)
    raise FieldError(f"{_quote(raw)} is not yes or no")


def _clean_choice(field: Field, raw: object) -> str:
    text = _clean_text(raw)
    for value, label in field.choices:
        if text == value or text.casefold() == label.casefold():
            return value
    options = ", ".join(value for value, _ in field.choices)
    raise FieldError(f"{_quote(text)} is not one of: {options}")


def _clean_id(raw: object) -> str:
    text = _clean_text(raw)
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise FieldError(f"{_quote(text)} is not a record id") from None


def _clean_ids(raw: object) -> str:
    """A list of ids, given as a list, a JSON array or comma-separated text."""
    items: list[object]
    if isinstance(raw, list | tuple):
        items = list(raw)
    else:
        text = _clean_text(raw)
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError:
                raise FieldError(f"{_quote(text)} is not a list of record ids") from None
            if not isinstance(parsed, list):
                raise FieldError(f"{_quote(text)} is not a list of record ids")
            items = parsed
        else:
            items = [part for part in text.split(",") if part.strip()]
    ids: list[str] = []
    for item in items:
        cleaned = _clean_id(item)
        if cleaned not in ids:
            ids.append(cleaned)
    return json.dumps(ids)


def _clean_region(raw: object) -> str:
    text = _clean_text(raw).upper()
    if not is_region(text):
        raise FieldError(f"{_quote(text)} is not a two-letter country code such as GB or DE")
    return text


def _clean_hash(raw: object) -> str:
    text = _clean_text(raw).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", text):
        raise FieldError("is not a SHA-256 fingerprint")
    return text


def clean_value(field: Field, raw: object, *, phone_region: str) -> Value:
    """The stored form of one value; None for empty. Raises FieldError with the reason."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = field.kind
    try:
        if kind in (Kind.TEXT, Kind.LONGTEXT):
            text = _clean_text(raw)
            if kind is Kind.TEXT and ("\n" in text or "\r" in text):
                raise FieldError("must be on one line")
            return text
        if kind is Kind.INTEGER:
            return _clean_integer(field, raw)
        if kind is Kind.MINUTES:
            return _clean_minutes(field, raw)
        if kind is Kind.MONEY:
            return _clean_money(field, raw)
        if kind is Kind.DATE:
            return _clean_date(raw)
        if kind is Kind.DATETIME:
            return _clean_datetime(raw)
        if kind is Kind.BOOL:
            return _clean_bool(raw)
        if kind is Kind.CHOICE:
            return _clean_choice(field, raw)
        if kind is Kind.REF:
            return _clean_id(raw)
        if kind is Kind.REFS:
            return _clean_ids(raw)
        if kind is Kind.PHONE:
            return normalise_phone(_clean_text(raw), phone_region)
        if kind is Kind.EMAIL:
            return normalise_email(_clean_text(raw))
        if kind is Kind.REGION:
            return _clean_region(raw)
        if kind is Kind.HASH:
            return _clean_hash(raw)
    except (PhoneError, EmailError) as exc:
        raise FieldError(str(exc)) from None
    raise AssertionError(f"unhandled kind {kind}")


# --- Whole records ---------------------------------------------------------------------

RecordRule = Callable[[Record], list[Problem]]


def _minutes_of(record: Record, name: str) -> int | None:
    value = record.get(name)
    return value if isinstance(value, int) else None


def _service_objectives(record: Record) -> list[Problem]:
    rto, mtd = _minutes_of(record, "rto_minutes"), _minutes_of(record, "mtd_minutes")
    problems = []
    if rto is not None and mtd is not None and rto > mtd:
        problems.append(
            Problem(
                "rto_minutes",
                f"{format_minutes(rto)} is longer than the MTD ({format_minutes(mtd)}): "
                "the service would stay down past its maximum tolerable downtime.",
            )
        )
    return problems


def _impact_measured(record: Record) -> list[Problem]:
    if record.get("rating") is None and record.get("cost") is None:
        return [Problem("rating", "give a rating from 0 to 5, a cost, or both.")]
    return []


def _dependency_not_on_itself(record: Record) -> list[Problem]:
    if record.get("from_id") is not None and record.get("from_id") == record.get("to_id"):
        return [Problem("to_id", "a service or asset cannot depend on itself.")]
    return []


def _incident_times(record: Record) -> list[Problem]:
    declared, closed = record.get("declared_at"), record.get("closed_at")
    problems = []
    if isinstance(declared, str) and isinstance(closed, str) and closed < declared:
        problems.append(Problem("closed_at", "is before the incident was declared."))
    if record.get("status") == "closed" and closed is None:
        problems.append(Problem("closed_at", "give the time the incident was closed."))
    return problems


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _template_placeholders(record: Record) -> list[Problem]:
    problems = []
    for name in ("subject", "body"):
        value = record.get(name)
        if not isinstance(value, str):
            continue
        unknown = sorted({p for p in _PLACEHOLDER.findall(value) if p not in TEMPLATE_PLACEHOLDERS})
        if unknown:
            known = ", ".join("{" + p + "}" for p in TEMPLATE_PLACEHOLDERS)
            problems.append(
                Problem(name, f"unknown placeholder {{{unknown[0]}}}. You can use: {known}.")
            )
    return problems


#: Rules between fields of one record, per table.
RECORD_RULES: dict[str, tuple[RecordRule, ...]] = {
    "services": (_service_objectives,),
    "bia_impacts": (_impact_measured,),
    "dependencies": (_dependency_not_on_itself,),
    "incidents": (_incident_times,),
    "message_templates": (_template_placeholders,),
}


def clean_changes(
    entity: Entity, values: Mapping[str, object], *, phone_region: str
) -> tuple[dict[str, Value], list[Problem]]:
    """The stored form of each given field, and the problems found value by value."""
    cleaned: dict[str, Value] = {}
    problems: list[Problem] = []
    for name, raw in values.items():
        if name in SYSTEM_FIELDS:
            problems.append(Problem(None, f"“{name}” is set by the program, not typed."))
            continue
        if not entity.has_field(name):
            known = ", ".join(entity.field_names)
            problems.append(Problem(None, f"{entity.label} has no field “{name}”. Fields: {known}"))
            continue
        field = entity.field(name)
        if field.system:
            problems.append(Problem(name, "is set by the program, not typed."))
            continue
        try:
            cleaned[name] = clean_value(field, raw, phone_region=phone_region)
        except FieldError as exc:
            problems.append(Problem(name, str(exc)))
    return cleaned, problems


def check_record(entity: Entity, record: Record) -> list[Problem]:
    """Problems of a complete record (after the changes are applied): required fields and
    the rules between fields."""
    problems = [
        Problem(f.name, "is required.")
        for f in entity.required_fields
        if record.get(f.name) is None
    ]
    for rule in RECORD_RULES.get(entity.table, ()):
        problems.extend(rule(record))
    return problems


def defaults(entity: Entity) -> dict[str, Value]:
    """The values a new record starts with."""
    result: dict[str, Value] = {}
    for f in entity.fields:
        if isinstance(f.default, str | int | float):
            result[f.name] = f.default
    return result


def prepare(
    entity: Entity,
    values: Mapping[str, object],
    *,
    phone_region: str,
    existing: Record | None = None,
) -> dict[str, Value]:
    """Clean `values` for a new record (existing=None) or an edit of `existing`, checking
    the result as a whole. Returns only the cleaned given fields (plus defaults for a new
    record); raises ValidationError listing every problem."""
    cleaned, problems = clean_changes(entity, values, phone_region=phone_region)
    if existing is None:
        cleaned = defaults(entity) | {k: v for k, v in cleaned.items() if v is not None}
        merged: dict[str, object] = dict(cleaned)
    else:
        merged = dict(existing) | cleaned
    bad_fields = {p.field for p in problems}
    problems.extend(p for p in check_record(entity, merged) if p.field not in bad_fields)
    if problems:
        raise ValidationError(entity, problems)
    return cleaned
