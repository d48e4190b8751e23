"""The verbs that read and change records: stats, search, list, show, add, set, delete.

Tables are named as in the registry (``contacts``) or, forgivingly, by their singular or
label (``contact``, ``"team member"``, ``team-member``). Field names are exact, because
they are what scripts and CSV columns use; a wrong one is answered with the list of
right ones. Values go through the same validation as the app's forms.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import Any

from itscm_desktop.cli.errors import Exit, InvalidInput, UsageProblem
from itscm_desktop.cli.output import (
    EMPTY,
    display_value,
    format_timestamp,
    one_line,
    print_json,
    print_pairs,
    print_table,
)
from itscm_desktop.cli.passphrase import unlock
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import SYSTEM_FIELDS, Entity, Field, Kind
from itscm_desktop.vault.vault import Vault

_NUMERIC = (Kind.INTEGER, Kind.MONEY)


# --- Naming tables and fields --------------------------------------------------------


def _key(name: str) -> str:
    return "_".join(name.casefold().replace("-", " ").replace("_", " ").split())


def _table_aliases() -> dict[str, Entity]:
    aliases: dict[str, Entity] = {}
    for entity in REGISTRY:
        for name in (entity.table, entity.table.removesuffix("s"), entity.label, entity.plural):
            aliases.setdefault(_key(name), entity)
    return aliases


_ALIASES = _table_aliases()


def resolve_table(name: str) -> Entity:
    """The entity a person meant by `name`; InvalidInput lists the tables otherwise."""
    entity = _ALIASES.get(_key(name))
    if entity is None:
        raise InvalidInput(
            f"There is no table “{name}”.", "Tables: " + ", ".join(REGISTRY.tables) + "."
        )
    return entity


def fields_line(entity: Entity) -> str:
    names = [f"{f.name} (required)" if f.required else f.name for f in _typed_fields(entity)]
    return f"Fields of {entity.table}: " + ", ".join(names) + "."


def _typed_fields(entity: Entity) -> tuple[Field, ...]:
    """The fields a person may type; the vault sets the others (a document's size)."""
    return tuple(f for f in entity.fields if not f.system)


def parse_assignments(entity: Entity, items: Sequence[str]) -> dict[str, str]:
    """``field=value`` words as a mapping; an empty value clears the field."""
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageProblem(
                f"“{item}” is not field=value. Write each change like full_name=Ana Souza; "
                "quote it if it has spaces."
            )
        if name in SYSTEM_FIELDS or (entity.has_field(name) and entity.field(name).system):
            raise InvalidInput(f"“{name}” is set by the program, not typed.")
        if not entity.has_field(name):
            raise InvalidInput(f"{entity.label} has no field “{name}”.", fields_line(entity))
        if name in values:
            raise InvalidInput(f"“{name}” is given twice; give each field once.")
        values[name] = value
    return values


def record_json(entity: Entity, record: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of the entity, stored values as they are (REFS as lists of ids)."""
    names = (*SYSTEM_FIELDS, *entity.field_names)
    return {name: record.get(name) for name in names}


class Titles:
    """Titles of referenced records, looked up once each, for lists and details."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._cache: dict[str, str] = {}

    def __call__(self, field: Field, record_id: str) -> str:
        title = self._cache.get(record_id)
        if title is None:
            title = self._cache[record_id] = self._look_up(field, record_id)
        return title

    def _look_up(self, field: Field, record_id: str) -> str:
        for table in field.ref:
            record = self._vault.find(table, record_id)
            if record is not None:
                return self._vault.title(table, record)
        return f"(missing: {record_id})"


# --- Reading ---------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    with unlock(args.vault, args.passphrase_file) as vault:
        counts = vault.stats()
    if args.json:
        print_json({"counts": counts, "total": sum(counts.values())})
        return Exit.OK
    rows = [[REGISTRY[table].plural, str(count)] for table, count in counts.items()]
    rows.append(["Total", str(sum(counts.values()))])
    print_table(["Records", "Count"], rows, right=[1])
    return Exit.OK


def cmd_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    with unlock(args.vault, args.passphrase_file) as vault:
        hits = vault.search(query, limit=args.limit)
    if args.json:
        print_json(
            {
                "query": query,
                "hits": [
                    {
                        "id": hit.id,
                        "label": REGISTRY[hit.table].label,
                        "rank": hit.rank,
                        "snippet": hit.snippet,
                        "table": hit.table,
                        "title": hit.title,
                    }
                    for hit in hits
                ],
            }
        )
        return Exit.OK
    if not hits:
        print(f"Nothing found for “{query}”.")
        return Exit.OK
    rows = []
    for hit in hits:
        entity = REGISTRY[hit.table]
        rows.append([entity.label, hit.title, hit.snippet, hit.id])
    print_table(["What", "Title", "Match", "ID"], rows)
    return Exit.OK


def _list_columns(entity: Entity) -> list[Field]:
    columns = list(entity.listed_fields)
    title = entity.field(entity.title_field)
    if title not in columns:
        columns.insert(0, title)
    return columns


def cmd_list(args: argparse.Namespace) -> int:
    entity = resolve_table(args.table)
    if args.sort and args.sort not in SYSTEM_FIELDS and not entity.has_field(args.sort):
        raise InvalidInput(
            f"{entity.label} has no field “{args.sort}” to sort by.", fields_line(entity)
        )
    with unlock(args.vault, args.passphrase_file) as vault:
        records = vault.records(
            entity.table,
            order_by=args.sort,
            descending=args.desc,
            filter_text=args.filter or "",
            limit=args.limit,
        )
        total = len(records)
        if args.limit is not None and total == args.limit:
            total = vault.count(entity.table, filter_text=args.filter or "")
        if args.json:
            print_json(
                {
                    "records": [record_json(entity, record) for record in records],
                    "table": entity.table,
                    "total": total,
                }
            )
            return Exit.OK
        if not records:
            print(f"No records match “{args.filter}”." if args.filter else "No records.")
            return Exit.OK
        columns = _list_columns(entity)
        titles = Titles(vault)
        rows = [
            [display_value(f, record.get(f.name), titles) for f in columns] + [record["id"]]
            for record in records
        ]
    right = [i for i, f in enumerate(columns) if f.kind in _NUMERIC]
    print_table([f.label for f in columns] + ["ID"], rows, right=right)
    shown = f"{len(records)} of {total}" if total != len(records) else str(total)
    print(f"{shown} record{'' if total == 1 else 's'}")
    return Exit.OK


def _singleton_id(vault: Vault, entity: Entity) -> str:
    record = vault.records(entity.table, limit=1)
    if not record:
        raise InvalidInput(f"This vault has no {entity.label.lower()} record.")
    return str(record[0]["id"])


def _detail_value(field: Field, value: object, titles: Titles) -> str:
    if field.kind is Kind.REF and isinstance(value, str):
        return f"{titles(field, value)} ({value})"
    if field.kind is Kind.REFS and isinstance(value, list) and value:
        return "\n".join(f"{titles(field, str(item))} ({item})" for item in value)
    return display_value(field, value) or EMPTY


def cmd_show(args: argparse.Namespace) -> int:
    entity = resolve_table(args.table)
    if args.id is None and not entity.singleton:
        raise UsageProblem(f"Give the id of the {entity.label.lower()} to show.")
    with unlock(args.vault, args.passphrase_file) as vault:
        record_id = args.id or _singleton_id(vault, entity)
        record = vault.get(entity.table, record_id)
        references = vault.referrers(entity.table, record_id)
        if args.json:
            print_json(
                {
                    "record": record_json(entity, record),
                    "referrers": [
                        {
                            "field": ref.field,
                            "id": ref.record["id"],
                            "table": ref.table,
                            "title": vault.title(ref.table, ref.record),
                        }
                        for ref in references
                    ],
                    "table": entity.table,
                }
            )
            return Exit.OK
        titles = Titles(vault)
        heading = f"{entity.label} “{vault.title(entity.table, record)}”"
        pairs = [
            (f"{f.label} ({f.name})", _detail_value(f, record.get(f.name), titles))
            for f in entity.fields
        ]
        rows = [
            [
                REGISTRY[ref.table].label,
                vault.title(ref.table, ref.record),
                REGISTRY[ref.table].field(ref.field).label,
                str(ref.record["id"]),
            ]
            for ref in references
        ]
    pairs += [
        ("ID", str(record["id"])),
        ("Created", format_timestamp(str(record["created_at"]))),
        ("Last changed", format_timestamp(str(record["updated_at"]))),
    ]
    print(heading)
    print_pairs(pairs)
    print()
    if not rows:
        print("Nothing refers to it.")
        return Exit.OK
    print(f"Referred to by {len(rows)} record{'' if len(rows) == 1 else 's'}:")
    print_table(["What", "Title", "As", "ID"], rows)
    return Exit.OK


# --- Writing ---------------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    entity = resolve_table(args.table)
    if not args.assignments:
        raise UsageProblem(
            f"Give the new {entity.label.lower()}'s fields as field=value.", fields_line(entity)
        )
    values = parse_assignments(entity, args.assignments)
    with unlock(args.vault, args.passphrase_file) as vault:
        record_id = vault.insert(entity.table, values)
    print(record_id)
    return Exit.OK


def cmd_set(args: argparse.Namespace) -> int:
    entity = resolve_table(args.table)
    items: list[str] = [args.id, *args.assignments]
    record_id: str | None = None
    if items and "=" not in items[0]:
        record_id = items.pop(0)
    elif not entity.singleton:
        raise UsageProblem(
            f"Give the id of the {entity.label.lower()} to change before the field=value pairs."
        )
    if not items:
        raise UsageProblem("Give the changes as field=value.", fields_line(entity))
    values = parse_assignments(entity, items)
    with unlock(args.vault, args.passphrase_file) as vault:
        record_id = record_id or _singleton_id(vault, entity)
        changed = vault.update(entity.table, record_id, values)
        title = vault.title(entity.table, vault.get(entity.table, record_id))
    name = f"{entity.label} “{one_line(title)}”"
    if not changed:
        print(f"{name}: nothing changed — the values were already so.")
    else:
        labels = ", ".join(entity.field(field).label for field in changed)
        print(f"Saved {name}: changed {labels}.")
    return Exit.OK


def cmd_delete(args: argparse.Namespace) -> int:
    entity = resolve_table(args.table)
    with unlock(args.vault, args.passphrase_file) as vault:
        title = vault.title(entity.table, vault.get(entity.table, args.id))
        deleted = vault.delete(entity.table, args.id, clear_references=args.clear_references)
    text = f"Deleted {entity.label.lower()} “{one_line(title)}”."
    belonging = len(deleted) - 1
    if belonging:
        records = "record" if belonging == 1 else "records"
        text += f" Also deleted {belonging} {records} that belonged to it."
    print(text)
    return Exit.OK
