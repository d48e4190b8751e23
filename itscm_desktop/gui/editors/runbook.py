"""A recovery plan's runbook steps, by phase, with running time against the RTO."""

from __future__ import annotations

from itscm_desktop.gui.editors.base import RecordEditor


class RunbookEditor(RecordEditor):
    """Placeholder until the full editor lands."""
