"""The members of a team, in call order, edited where they are shown."""

from __future__ import annotations

from itscm_desktop.gui.editors.base import RecordEditor


class TeamMembersEditor(RecordEditor):
    """Placeholder until the full editor lands."""
