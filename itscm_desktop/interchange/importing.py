"""The import plan: which rows become new records, which update existing ones, which are
rejected and why, and applying it all in one save.

Every row is validated exactly as the app validates a form (`domain.validation`), and
references given by name ("Head office") are looked up in the vault. A row that matches
an existing record (see `matching.py`) is offered as an update naming what matched and
what would change. A row that repeats an earlier row of the same file, or updates the
same record as an earlier row, is rejected, pointing at that row. Empty cells never
erase what the vault holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Entity, Kind
from itscm_desktop.domain.validation import (
    Problem,
    ValidationError,
    Value,
    clean_changes,
    prepare,
)
from itscm_desktop.interchange.matching import Ambiguous, Matcher
from itscm_desktop.interchange.problems import ImportRefused, Rejection
from itscm_desktop.interchange.reading import ParsedFile, SourceRow
from itscm_desktop.interchange.references import References
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.vault import Vault


@dataclass(frozen=True)
class NewRecord:
    line: int
    title: str
    values: dict[str, Value]


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: Value
    new: Value


@dataclass(frozen=True)
class Update:
    """A row that matches an existing record: `changes` says what it would change."""

    line: int
    record_id: str
    title: str
    matched_by: str  # "e-mail address", "mobile number", "name"
    changes: tuple[FieldChange, ...]

    @property
    def values(self) -> dict[str, Value]:
        return {change.field: change.new for change in self.changes}


@dataclass(frozen=True)
class ImportPlan:
    """What importing a file would do; nothing is written until `apply_import`."""

    table: str
    format: str
    encoding: str
    new: tuple[NewRecord, ...]
    updates: tuple[Update, ...]
    #: Rows matching a record that already holds every value they give.
    unchanged: tuple[Update, ...]
    rejected: tuple[Rejection, ...]

    def summary(self) -> str:
        """ "12 new contacts, 3 to update, 2 rejected." """
        parts = [_count(len(self.new), REGISTRY[self.table], "new ")]
        parts.append(f"{len(self.updates)} to update")
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} already up to date")
        parts.append(f"{len(self.rejected)} rejected")
        return ", ".join(parts) + "."

    def as_dict(self) -> dict[str, Any]:
        """The plan as plain data, for `itscm import --json` and tests (see the CLI)."""
        return {
            "table": self.table,
            "format": self.format,
            "encoding": self.encoding,
            "new": [{"line": n.line, "title": n.title, "values": n.values} for n in self.new],
            "updates": [_update_dict(u) for u in self.updates],
            "unchanged": [_update_dict(u) for u in self.unchanged],
            "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected],
            "summary": self.summary(),
        }


@dataclass(frozen=True)
class ImportResult:
    table: str
    created: tuple[str, ...]  # ids of the new records
    updated: tuple[str, ...]  # ids of the records changed
    rejected: int  # rows left out
    updates_skipped: int = 0  # matches left as they were (update_existing=False)

    def summary(self) -> str:
        """ "12 new contacts, 3 updated, 2 rejected." """
        parts = [_count(len(self.created), REGISTRY[self.table], "new ")]
        parts.append(f"{len(self.updated)} updated")
        if self.updates_skipped:
            parts.append(f"{self.updates_skipped} existing left as they were")
        parts.append(f"{self.rejected} rejected")
        return ", ".join(parts) + "."


def _count(number: int, entity: Entity, adjective: str = "") -> str:
    noun = entity.label.lower() if number == 1 else entity.plural.lower()
    return f"{number} {adjective}{noun}"


def _update_dict(update: Update) -> dict[str, Any]:
    return {
        "line": update.line,
        "id": update.record_id,
        "title": update.title,
        "matched_by": update.matched_by,
        "changes": [
            {"field": c.field, "label": c.label, "old": c.old, "new": c.new} for c in update.changes
        ],
    }


def problem_sentence(entity: Entity, problem: Problem) -> str:
    """A validation problem as part of a sentence: "Mobile: “12” is too short…"."""
    if problem.field is None or not entity.has_field(problem.field):
        return problem.message
    label = entity.field(problem.field).label
    if problem.message.startswith(("is ", "must ", "cannot ")):
        return f"{label} {problem.message}"
    return f"{label}: {problem.message}"


def _reason(entity: Entity, problems: list[Problem] | tuple[Problem, ...]) -> str:
    text = "; ".join(problem_sentence(entity, p) for p in problems)
    return text if text.endswith((".", "!", "?")) else text + "."


# --- Planning --------------------------------------------------------------------------


#: Told (rows done, rows in all) every so many rows; raising from it stops the work.
Progress = Callable[[int, int], None]
_PROGRESS_EVERY = 250


def plan_import(vault: Vault, parsed: ParsedFile, progress: Progress | None = None) -> ImportPlan:
    """Validate and match every row of `parsed` against the vault; writes nothing.
    `progress`, if given, is told how far it got every few hundred rows (the app plans
    large files in a worker and shows a progress bar)."""
    entity = REGISTRY[parsed.table]
    region = str(vault.plan().get("phone_region") or "GB")
    existing = {str(r["id"]): r for r in vault.records(entity.table)}
    matcher = Matcher(entity, existing)
    references = References(vault)
    new: list[NewRecord] = []
    updates: list[Update] = []
    unchanged: list[Update] = []
    rejected = list(parsed.rejected)
    matched: dict[str, int] = {}  # existing record id → the line that updates it
    for done, row in enumerate(parsed.rows):
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, len(parsed.rows))
        values, problems = references.resolve(entity, _choice_codes(entity, row.values))
        cleaned, more = clean_changes(entity, values, phone_region=region)
        problems += [p for p in more if p.field not in {q.field for q in problems}]
        if problems:
            rejected.append(Rejection(row.line, _reason(entity, problems)))
            continue
        duplicate = matcher.earlier_row(cleaned)
        if duplicate is not None:
            rejected.append(Rejection(row.line, duplicate))
            continue
        matcher.remember(row.line, cleaned)
        try:
            match = matcher.existing(cleaned)
            if match is None:
                record = prepare(entity, values, phone_region=region)
                new.append(NewRecord(row.line, str(record.get(entity.title_field) or ""), record))
                continue
            record_id, matched_by = match
            update = _update(entity, row, existing[record_id], values, region, matched_by)
        except ValidationError as error:
            rejected.append(Rejection(row.line, _reason(entity, error.problems)))
            continue
        except Ambiguous as error:
            rejected.append(Rejection(row.line, str(error)))
            continue
        if record_id in matched:
            rejected.append(
                Rejection(
                    row.line,
                    f"it matches {update.title} (same {matched_by}), as line "
                    f"{matched[record_id]} does; give each {entity.label.lower()} once.",
                )
            )
            continue
        matched[record_id] = row.line
        (updates if update.changes else unchanged).append(update)
    rejected.sort(key=lambda r: r.line)
    return ImportPlan(
        entity.table,
        parsed.format,
        parsed.encoding,
        tuple(new),
        tuple(updates),
        tuple(unchanged),
        tuple(rejected),
    )


def _choice_codes(entity: Entity, values: Mapping[str, str]) -> dict[str, str]:
    """A choice written as its code in any case ("DATA_CENTRE") becomes the code; the
    app's validation accepts the exact code or the label in any case."""
    result = dict(values)
    for name, text in values.items():
        if entity.has_field(name) and entity.field(name).kind is Kind.CHOICE:
            for code in entity.field(name).choice_values:
                if text.strip().casefold() == code.casefold():
                    result[name] = code
    return result


def _stored(entity: Entity, record: Mapping[str, Any]) -> dict[str, Any]:
    """A record as `prepare` compares it: lists of references as the vault stores them."""
    return {
        name: json.dumps(value)
        if entity.has_field(name) and entity.field(name).kind is Kind.REFS
        else value
        for name, value in record.items()
    }


def _update(
    entity: Entity,
    row: SourceRow,
    record: Mapping[str, Any],
    values: Mapping[str, object],
    region: str,
    matched_by: str,
) -> Update:
    stored = _stored(entity, record)
    cleaned = prepare(entity, values, phone_region=region, existing=stored)
    changes = tuple(
        FieldChange(name, entity.field(name).label, stored.get(name), value)
        for name, value in cleaned.items()
        if value is not None and not _same(entity, name, stored.get(name), value)
    )
    title = str(record.get(entity.title_field) or "")
    return Update(row.line, str(record["id"]), title, matched_by, changes)


def _same(entity: Entity, name: str, old: object, new: object) -> bool:
    """E-mail addresses differing only in case reach the same mailbox: not a change."""
    if entity.field(name).kind is Kind.EMAIL and isinstance(old, str) and isinstance(new, str):
        return old.casefold() == new.casefold()
    return old == new


# --- Applying --------------------------------------------------------------------------


def apply_import(
    vault: Vault,
    plan: ImportPlan,
    *,
    update_existing: bool = True,
    skip_rejected: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write the plan in one save: every new record and (unless `update_existing` is
    False) every update, or nothing at all. A plan with rejected rows is refused unless
    `skip_rejected` says to import the rest. Raises ImportRefused, with nothing written,
    when the vault refuses a row (a record deleted since the plan was made). An exception
    raised by `progress` (the person pressed Cancel) also leaves the vault untouched."""
    entity = REGISTRY[plan.table]
    if plan.rejected and not skip_rejected:
        raise ImportRefused(
            f"{_rows(len(plan.rejected))} of the file cannot be imported, so nothing was "
            "imported. Correct the file, or import only the valid rows."
        )
    updates = plan.updates if update_existing else ()
    created: list[str] = []
    actions = _actions(plan, updates)
    with vault.edit() as edit:
        for done, (line, action) in enumerate(actions):
            if progress is not None and done % _PROGRESS_EVERY == 0:
                progress(done, len(actions))
            try:
                if isinstance(action, NewRecord):
                    created.append(edit.insert(plan.table, action.values))
                else:
                    edit.update(plan.table, action.record_id, action.values)
            except ValidationError as error:
                raise ImportRefused(
                    f"Line {line}: {_reason(entity, error.problems)} Nothing was imported."
                ) from None
            except RecordNotFound:
                raise ImportRefused(
                    f"Line {line}: the {entity.label.lower()} it updates was deleted "
                    "meanwhile. Nothing was imported."
                ) from None
    return ImportResult(
        plan.table,
        tuple(created),
        tuple(u.record_id for u in updates),
        len(plan.rejected),
        len(plan.updates) - len(updates),
    )


def _actions(plan: ImportPlan, updates: tuple[Update, ...]) -> list[tuple[int, NewRecord | Update]]:
    return sorted(
        [(n.line, n) for n in plan.new] + [(u.line, u) for u in updates], key=lambda a: a[0]
    )


def _rows(count: int) -> str:
    return "1 row" if count == 1 else f"{count} rows"
