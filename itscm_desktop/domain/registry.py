"""The vocabulary of the entity registry: what a field and an entity are.

The registry itself (every entity of the plan) is declared in `entities.py`. The vault's
schema, the GUI's columns and forms, CSV mapping, search indexing and report columns are
all derived from these declarations, so adding a field is one line plus a migration.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    """What a field holds, which decides how it is parsed, stored, shown and searched."""

    TEXT = "text"  # one line of text
    LONGTEXT = "longtext"  # several lines: instructions, notes
    INTEGER = "integer"
    MINUTES = "minutes"  # a duration, stored as whole minutes ("4 h 30 min" on screen)
    MONEY = "money"  # an amount in the plan's currency
    DATE = "date"  # ISO date, YYYY-MM-DD
    DATETIME = "datetime"  # ISO UTC timestamp, YYYY-MM-DDTHH:MM:SSZ
    BOOL = "bool"
    CHOICE = "choice"  # one of `Field.choices`
    REF = "ref"  # the id of one record in one of `Field.ref` tables
    REFS = "refs"  # a list of ids, stored as a JSON array
    PHONE = "phone"  # E.164, validated with phonenumbers
    EMAIL = "email"
    REGION = "region"  # ISO 3166 two-letter country code (phone numbering region)
    HASH = "hash"  # a SHA-256 content address, set by the vault, never typed


#: SQLite column type per kind. Every value the vault stores is a plain SQLite scalar.
SQL_TYPES: dict[Kind, str] = {
    Kind.TEXT: "TEXT",
    Kind.LONGTEXT: "TEXT",
    Kind.INTEGER: "INTEGER",
    Kind.MINUTES: "INTEGER",
    Kind.MONEY: "REAL",
    Kind.DATE: "TEXT",
    Kind.DATETIME: "TEXT",
    Kind.BOOL: "INTEGER",
    Kind.CHOICE: "TEXT",
    Kind.REF: "TEXT",
    Kind.REFS: "TEXT",
    Kind.PHONE: "TEXT",
    Kind.EMAIL: "TEXT",
    Kind.REGION: "TEXT",
    Kind.HASH: "TEXT",
}

#: Fields every record has; the vault maintains them, nobody types them.
SYSTEM_FIELDS: tuple[str, ...] = ("id", "created_at", "updated_at")


@dataclass(frozen=True)
class Field:
    """One field of an entity, as a continuity manager would describe it."""

    name: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False
    #: For CHOICE: (stored value, label) pairs, in the order a person expects them.
    choices: tuple[tuple[str, str], ...] = ()
    #: For REF and REFS: the tables the id may point into.
    ref: tuple[str, ...] = ()
    searchable: bool = False
    #: Shown as a column in lists (and the default CSV export).
    listed: bool = False
    minimum: float | None = None
    maximum: float | None = None
    default: object = None
    help: str = ""
    #: Set by the vault (document size, content hash); forms show it read-only.
    system: bool = False

    def __post_init__(self) -> None:
        if self.kind is Kind.CHOICE and not self.choices:
            raise ValueError(f"{self.name}: a choice field needs choices")
        if self.kind in (Kind.REF, Kind.REFS) and not self.ref:
            raise ValueError(f"{self.name}: a reference field needs target tables")
        if self.choices and self.kind is not Kind.CHOICE:
            raise ValueError(f"{self.name}: only choice fields have choices")

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    def choice_label(self, value: str) -> str:
        """The label of a stored choice; an unknown value (from a newer copy) shows as is."""
        return dict(self.choices).get(value, value)

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]


@dataclass(frozen=True)
class Entity:
    """One kind of record in the plan, stored in one table."""

    table: str
    label: str  # singular, as a heading: "Contact"
    plural: str  # "Contacts"
    fields: tuple[Field, ...]
    #: The field that names a record in lists, links and search results.
    title_field: str
    #: For records that belong to another (a team's members): the REF field to the owner.
    parent_field: str | None = None
    #: Fields that keep records in order within their parent ("call order").
    order_fields: tuple[str, ...] = ()
    #: Self-references that must never form a cycle (call-tree parents, step dependencies).
    acyclic_fields: tuple[str, ...] = ()
    #: Exactly one record (the plan itself).
    singleton: bool = False
    description: str = ""
    _by_name: dict[str, Field] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"{self.table}: duplicate fields {sorted(duplicates)}")
        clash = set(names) & set(SYSTEM_FIELDS)
        if clash:
            raise ValueError(f"{self.table}: fields {sorted(clash)} are maintained by the vault")
        self._by_name.update({f.name: f for f in self.fields})
        for name in (self.title_field, self.parent_field, *self.order_fields, *self.acyclic_fields):
            if name is not None and name not in self._by_name:
                raise ValueError(f"{self.table}: unknown field {name!r}")
        for name in self.acyclic_fields:
            if self.table not in self._by_name[name].ref:
                raise ValueError(
                    f"{self.table}.{name}: an acyclic field must point into its own table"
                )

    def field(self, name: str) -> Field:
        """The field called `name`; KeyError names the entity if there is none."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.label} has no field {name!r}") from None

    def has_field(self, name: str) -> bool:
        return name in self._by_name

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def searchable_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.searchable)

    @property
    def listed_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.listed)

    @property
    def reference_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind in (Kind.REF, Kind.REFS))

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)


class Registry:
    """Every entity of the plan, in a stable order (the order of the navigation)."""

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        self._entities = entities
        self._by_table = {e.table: e for e in entities}
        if len(self._by_table) != len(entities):
            raise ValueError("two entities share a table name")
        for entity in entities:
            for f in entity.reference_fields:
                unknown = [t for t in f.ref if t not in self._by_table]
                if unknown:
                    raise ValueError(f"{entity.table}.{f.name} points to unknown {unknown}")

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities)

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, table: object) -> bool:
        return table in self._by_table

    def __getitem__(self, table: str) -> Entity:
        try:
            return self._by_table[table]
        except KeyError:
            known = ", ".join(sorted(self._by_table))
            raise KeyError(f"There is no table {table!r}. Tables: {known}") from None

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(e.table for e in self._entities)

    def children_of(self, table: str) -> tuple[Entity, ...]:
        """Entities whose records belong to a record of `table` (a team's members)."""
        return tuple(
            e for e in self._entities if e.parent_field and table in e.field(e.parent_field).ref
        )

    def referrers_of(self, table: str) -> tuple[tuple[Entity, Field], ...]:
        """Every (entity, field) that can point at a record of `table`."""
        return tuple((e, f) for e in self._entities for f in e.reference_fields if table in f.ref)
