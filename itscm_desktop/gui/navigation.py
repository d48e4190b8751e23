"""How pages ask to show another record or page, without knowing who shows it.

Every link in the app ("Owner: Ana Souza", a search hit, a dashboard count) emits on the
one Navigator; the main window decides which page shows that record and switches to it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.gui.session import Session

#: The page that shows records of a table, when it is not the table's own page: records
#: that belong to another are shown with their owner.
OWNER_PAGE: dict[str, str] = {
    "team_members": "teams",
    "call_tree_nodes": "call_trees",
    "runbook_steps": "recovery_plans",
    "bia_impacts": "services",
    "exercise_actions": "exercises",
    "incident_events": "incidents",
}


def page_for(table: str) -> str:
    """The key of the page that shows records of `table`."""
    return OWNER_PAGE.get(table, table)


def page_ids(session: Session, table: str, ids: Iterable[str]) -> list[str]:
    """The records the page of `table` lists for these records of it: the records
    themselves, or for parts shown with their owner (a runbook step), the owners."""
    entity = REGISTRY[table]
    if page_for(table) == table or entity.parent_field is None:
        return list(ids)
    owners: dict[str, None] = {}
    for record_id in ids:
        record = session.vault.find(table, record_id)
        if record is not None and record.get(entity.parent_field):
            owners[str(record[entity.parent_field])] = None
    return list(owners)


class Navigator(QObject):
    #: Show one record: (table, id). The record's page is selected and the record shown.
    record_requested = Signal(str, str)
    #: Show a page by key, optionally filtered to some records: (key, ids or []).
    page_requested = Signal(str, list)

    def open_record(self, table: str, record_id: str) -> None:
        self.record_requested.emit(table, record_id)

    def open_page(self, key: str, record_ids: list[str] | None = None) -> None:
        self.page_requested.emit(key, list(record_ids or []))
