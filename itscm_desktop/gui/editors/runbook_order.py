"""The runbook editor's names for the step order and running time, which live in the
domain (`itscm_desktop.domain.runbook`) so that the printed checklist numbers the steps
and marks the RTO exactly as the editor does."""

from __future__ import annotations

from itscm_desktop.domain.runbook import (
    PHASE_KEYS,
    PHASE_LABELS,
    StepOrder,
    changes,
    rto_passed_at,
    running_times,
)

__all__ = ["PHASE_KEYS", "PHASE_LABELS", "StepOrder", "changes", "rto_passed_at", "running_times"]
