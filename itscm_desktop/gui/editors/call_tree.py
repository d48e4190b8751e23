"""A call tree (who calls whom) shown and edited as a tree."""

from __future__ import annotations

from itscm_desktop.gui.editors.base import RecordEditor


class CallTreeEditor(RecordEditor):
    """Placeholder until the full editor lands."""
