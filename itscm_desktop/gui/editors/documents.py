"""Files kept in the vault: those attached to a record, and one document's own file."""

from __future__ import annotations

from itscm_desktop.gui.editors.base import RecordEditor


class DocumentsEditor(RecordEditor):
    """Placeholder until the full editor lands."""


class DocumentFileEditor(RecordEditor):
    """Placeholder until the full editor lands."""
