"""Backups as a person chooses between them: when (local time), why, how big.

Shared by the unlock dialog (a damaged file) and the Vault menu's restore, so both name a
backup the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from itscm_desktop.vault.backups import BackupInfo, BackupReason

REASON_TEXT: dict[BackupReason, str] = {
    BackupReason.MANUAL: "made on request",
    BackupReason.AUTO: "made automatically",
    BackupReason.PRE_MIGRATION: "before a program update",
    BackupReason.PRE_RESTORE: "before a restore",
    BackupReason.PRE_REKEY: "before a passphrase change — opens with the old passphrase",
}


def backup_when(info: BackupInfo) -> str:
    """The backup's time on this computer's clock, e.g. "Tue 25 Nov 2026, 14:02"."""
    local = info.created_at.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def format_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def describe_backup(info: BackupInfo) -> str:
    return f"{backup_when(info)} — {REASON_TEXT[info.reason]} ({format_size(info.size)})"


def fill_backup_list(widget: QListWidget, backups: Sequence[BackupInfo]) -> None:
    """Show `backups` (newest first, as listed) and select the newest."""
    widget.clear()
    for info in backups:
        item = QListWidgetItem(describe_backup(info))
        item.setData(Qt.ItemDataRole.UserRole, info)
        item.setToolTip(str(info.path))
        widget.addItem(item)
    if backups:
        widget.setCurrentRow(0)


def chosen_backup(widget: QListWidget) -> BackupInfo | None:
    item = widget.currentItem()
    if item is None:
        return None
    info = item.data(Qt.ItemDataRole.UserRole)
    return info if isinstance(info, BackupInfo) else None
