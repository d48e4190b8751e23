"""One table of the plan as rows for a list view: a page of a vault query at a time.

The model never holds a whole table: it reads 200 rows, and the next 200 when the view
scrolls to the end (`fetchMore`). Sorting and filtering ask the vault again. Cells are
written for people (phone numbers spaced, durations as "4 h", references by name), and
the names of referenced records are looked up once per table for each page read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeAlias

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.domain.registry import Field, Kind
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.queries import rows_to_records
from itscm_desktop.vault.schema import quote
from itscm_desktop.vault.vault import Vault

PAGE_SIZE = 200
#: Ids per `IN (…)` list, well below SQLite's limit on parameters.
_CHUNK = 500
_NUMERIC = (Kind.INTEGER, Kind.MINUTES, Kind.MONEY)
_LONG_CELL = 120

Index: TypeAlias = QModelIndex | QPersistentModelIndex


def referenced_titles(vault: Vault, tables: Sequence[str], ids: Iterable[str]) -> dict[str, str]:
    """The display titles of records with these ids in any of `tables`, one query per table
    (and per 500 ids). Ids found in none of them are left out.

    This belongs in the vault (a `Vault.titles(table, ids)` is asked for); until then it
    reads through the vault's connection with the vault's own row and title helpers."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, str] = {}
    for table in tables:
        missing = [i for i in wanted if i not in found]
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            cursor = vault.conn.execute(
                f"SELECT * FROM {quote(table)} WHERE id IN ({marks})", chunk
            )
            for record in rows_to_records(REGISTRY[table], cursor):
                found[record["id"]] = vault.title(table, record)
    return found


def local_time(stored: str, *, seconds: bool = False) -> str:
    """A stored UTC timestamp as this computer's local time ("2026-08-12 07:45")."""
    try:
        moment = datetime.fromisoformat(stored.replace("Z", "+00:00"))
    except ValueError:
        return stored
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    shown = "%Y-%m-%d %H:%M:%S" if seconds or moment.second else "%Y-%m-%d %H:%M"
    return moment.strftime(shown)


def format_money(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def count_label(count: int, table: str) -> str:
    """ "1 service", "3 services", "1,204 assets": how many records, in words."""
    entity = REGISTRY[table]
    noun = entity.label if count == 1 else entity.plural
    return f"{count:,} {noun.lower()}"


def cell_text(field: Field, value: Any, titles: Mapping[str, str]) -> str:
    """A stored value as a list shows it; `titles` names referenced records by id."""
    if value is None or value == "":
        return ""
    kind = field.kind
    if kind is Kind.PHONE:
        return format_phone(str(value))
    if kind is Kind.MINUTES and isinstance(value, int):
        return format_minutes(value)
    if kind is Kind.CHOICE:
        return field.choice_label(str(value))
    if kind is Kind.REF:
        return titles.get(str(value), "(deleted)")
    if kind is Kind.REFS:
        ids = value if isinstance(value, list) else []
        return count_label(len(ids), field.ref[0]) if ids else ""
    if kind is Kind.BOOL:
        return "Yes" if value else "No"
    if kind is Kind.MONEY and isinstance(value, int | float):
        return format_money(float(value))
    if kind is Kind.DATETIME:
        return local_time(str(value))
    text = str(value)
    if kind is Kind.LONGTEXT:
        text = " ".join(text.split())
    return text if len(text) <= _LONG_CELL else text[: _LONG_CELL - 1] + "…"


class RecordTableModel(QAbstractTableModel):
    """The records of one table, sorted and filtered by the vault, read a page at a time.

    Row order is the vault's. `rowCount` is what has been read so far; `total` is how many
    records the list holds. Selections survive re-sorting, filtering and `refresh`
    wherever the selected record is still listed (persistent indexes follow the record).
    """

    RecordIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, session: Session, table: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = table
        self.entity = REGISTRY[table]
        self.columns: tuple[Field, ...] = self.entity.listed_fields or (
            self.entity.field(self.entity.title_field),
        )
        self._order_by: str | None = None
        self._descending = False
        self._filter = ""
        self._only_ids: frozenset[str] | None = None
        self._rows: list[dict[str, Any]] = []
        self._row_of: dict[str, int] = {}
        self._titles: dict[str, str] = {}
        self._total = 0
        self._ordered_ids: list[str] | None = None  # read by row_of, until the query changes
        self._restricted: list[dict[str, Any]] | None = None  # the only_ids records, in order
        session.locked.connect(self.clear)

    # -- what the list shows ---------------------------------------------------------

    @property
    def total(self) -> int:
        """How many records the list holds (with the filter), read or not."""
        return self._total

    @property
    def filter_text(self) -> str:
        return self._filter

    @property
    def only_ids(self) -> frozenset[str] | None:
        return self._only_ids

    @property
    def sort_field(self) -> str | None:
        return self._order_by

    @property
    def descending(self) -> bool:
        return self._descending

    def set_filter_text(self, text: str) -> None:
        """Show the records matching what was typed (every word, as a word prefix)."""
        if text == self._filter and self._rows:
            return
        self._filter = text
        self._reload(PAGE_SIZE)

    def set_only_ids(self, ids: Iterable[str] | None) -> None:
        """Show only these records (a dashboard count that was clicked); None shows all."""
        self._only_ids = None if ids is None else frozenset(ids)
        self._reload(PAGE_SIZE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._order_by = self.columns[column].name
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._reload(PAGE_SIZE)

    def refresh(self) -> None:
        """Read the list again after a change, keeping as many rows as were read."""
        self._reload(max(len(self._rows), PAGE_SIZE))

    def clear(self) -> None:
        """Forget every record (the vault was locked)."""
        self.beginResetModel()
        self._rows, self._row_of, self._titles = [], {}, {}
        self._total = 0
        self._ordered_ids = self._restricted = None
        self.endResetModel()

    # -- rows ------------------------------------------------------------------------

    def record_id(self, row: int) -> str | None:
        return str(self._rows[row]["id"]) if 0 <= row < len(self._rows) else None

    def record(self, row: int) -> dict[str, Any] | None:
        return dict(self._rows[row]) if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: str) -> int | None:
        """The row of a record in the current order and filter, reading the rows up to it
        if needed; None when the list does not hold it."""
        if record_id in self._row_of:
            return self._row_of[record_id]
        if not self.session.is_unlocked or self._total == len(self._rows):
            return None
        if self._ordered_ids is None:
            self._ordered_ids = [str(r["id"]) for r in self._query(None, 0)]
        try:
            position = self._ordered_ids.index(record_id)
        except ValueError:
            return None
        wanted = (position // PAGE_SIZE + 1) * PAGE_SIZE
        self._append(self._query(wanted - len(self._rows), len(self._rows)))
        return self._row_of.get(record_id)

    # -- Qt model interface ----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent) and self.session.is_unlocked:
            self._append(self._query(PAGE_SIZE, len(self._rows)))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        record = self._rows[index.row()]
        field = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(field, record.get(field.name), self._titles)
        if role == Qt.ItemDataRole.ToolTipRole and field.kind is Kind.LONGTEXT:
            value = record.get(field.name)
            return str(value) if value else None
        if role == Qt.ItemDataRole.TextAlignmentRole and field.kind in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.RecordIdRole:
            return record["id"]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        field = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return field.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return field.help or None
        if role == Qt.ItemDataRole.TextAlignmentRole and field.kind in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- reading ---------------------------------------------------------------------

    def _query(self, limit: int | None, offset: int) -> list[dict[str, Any]]:
        vault = self.session.vault
        if self._only_ids is None:
            return vault.records(
                self.table,
                order_by=self._order_by,
                descending=self._descending,
                filter_text=self._filter,
                limit=limit,
                offset=offset,
            )
        if self._restricted is None:
            # The vault filters by exact values only, so the chosen ids are kept from the
            # sorted, filtered list: one query, in the same order as the full list.
            self._restricted = [
                r
                for r in vault.records(
                    self.table,
                    order_by=self._order_by,
                    descending=self._descending,
                    filter_text=self._filter,
                )
                if r["id"] in self._only_ids
            ]
        end = None if limit is None else offset + limit
        return self._restricted[offset:end]

    def _count(self) -> int:
        if self._only_ids is None:
            return self.session.vault.count(self.table, filter_text=self._filter)
        self._query(0, 0)
        return len(self._restricted or ())

    def _reload(self, rows_wanted: int) -> None:
        """Ask the vault again; persistent indexes (the selection) follow their record."""
        if not self.session.is_unlocked:
            self.clear()
            return
        self._ordered_ids = self._restricted = None
        total = self._count()
        rows = self._query(rows_wanted, 0)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self.record_id(i.row()) for i in old]
        self._rows, self._total = rows, total
        self._row_of = {str(r["id"]): n for n, r in enumerate(rows)}
        self._titles = {}
        self._resolve_titles(rows)
        new = []
        for index, record_id in zip(old, old_ids, strict=True):
            row = self._row_of.get(record_id) if record_id is not None else None
            new.append(self.index(row, index.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _append(self, rows: list[dict[str, Any]]) -> None:
        rows = [r for r in rows if str(r["id"]) not in self._row_of]
        if not rows:
            return
        self._resolve_titles(rows)
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        for n, record in enumerate(rows, start=first):
            self._rows.append(record)
            self._row_of[str(record["id"])] = n
        self.endInsertRows()

    def _resolve_titles(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Name the records these rows refer to: one look-up per referenced table."""
        by_tables: dict[tuple[str, ...], set[str]] = {}
        for field in self.columns:
            if field.kind is not Kind.REF:
                continue
            ids = by_tables.setdefault(field.ref, set())
            ids.update(str(r[field.name]) for r in rows if r.get(field.name))
        for tables, ids in by_tables.items():
            missing = ids - self._titles.keys()
            if missing:
                self._titles.update(referenced_titles(self.session.vault, tables, missing))
