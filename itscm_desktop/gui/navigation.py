"""How pages ask to show another record or page, without knowing who shows it.

Every link in the app ("Owner: Ana Souza", a search hit, a dashboard count) emits on the
one Navigator; the main window decides which page shows that record and switches to it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

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


class Navigator(QObject):
    #: Show one record: (table, id). The record's page is selected and the record shown.
    record_requested = Signal(str, str)
    #: Show a page by key, optionally filtered to some records: (key, ids or []).
    page_requested = Signal(str, list)

    def open_record(self, table: str, record_id: str) -> None:
        self.record_requested.emit(table, record_id)

    def open_page(self, key: str, record_ids: list[str] | None = None) -> None:
        self.page_requested.emit(key, list(record_ids or []))
