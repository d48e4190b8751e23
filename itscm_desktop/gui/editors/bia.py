"""A service's business impact analysis as a grid of ratings per category and window."""

from __future__ import annotations

from itscm_desktop.gui.editors.base import RecordEditor


class BiaEditor(RecordEditor):
    """Placeholder until the full editor lands."""
