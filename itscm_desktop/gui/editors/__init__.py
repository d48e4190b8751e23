"""Editors for structure shown inside a record: team members, call trees, runbook steps,
an incident's log, an exercise's findings and actions."""

from __future__ import annotations

from itscm_desktop.domain.entities import DOCUMENT_TARGETS
from itscm_desktop.gui.editors.base import RecordEditor
from itscm_desktop.gui.editors.bia import BiaEditor
from itscm_desktop.gui.editors.call_tree import CallTreeEditor
from itscm_desktop.gui.editors.document_file import DocumentFileEditor
from itscm_desktop.gui.editors.documents import DocumentsEditor
from itscm_desktop.gui.editors.exercise_actions import ExerciseActionsEditor
from itscm_desktop.gui.editors.incident_log import IncidentLogEditor
from itscm_desktop.gui.editors.runbook import RunbookEditor
from itscm_desktop.gui.editors.team_members import TeamMembersEditor

_OWN: dict[str, list[tuple[str, type[RecordEditor]]]] = {
    "teams": [("Members", TeamMembersEditor)],
    "call_trees": [("Call order", CallTreeEditor)],
    "recovery_plans": [("Steps", RunbookEditor)],
    "services": [("Business impact", BiaEditor)],
    "documents": [("File", DocumentFileEditor)],
    "incidents": [("Log", IncidentLogEditor)],
    "exercises": [("Findings and actions", ExerciseActionsEditor)],
}


def editors_for(table: str) -> list[tuple[str, type[RecordEditor]]]:
    """The extra tabs a record of `table` shows, as (tab title, editor class), in order.

    Each class is constructed as `cls(session, navigator)` by the record's page.
    """
    tabs = list(_OWN.get(table, []))
    if table in DOCUMENT_TARGETS:
        tabs.append(("Documents", DocumentsEditor))
    return tabs
