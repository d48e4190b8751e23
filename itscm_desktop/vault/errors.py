"""What can go wrong with the vault file, sorted into kinds a person can act on.

Each exception's str() is one short sentence for a manager who may be reading it at
3 a.m. in an outage: what happened and what to do, no code words. ``detail`` carries
the technical part (driver message, page numbers) for logs and a "details" button;
``exit_code`` is what the command line returns. Anything not in this family that
escapes the vault layer is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from itscm_desktop.vault.backups import BackupInfo

__all__ = [
    "BackupFailed",
    "DiskError",
    "DiskFull",
    "NotAVault",
    "ReadOnlyLocation",
    "RestoreFailed",
    "SchemaTooNew",
    "VaultBusy",
    "VaultDamaged",
    "VaultError",
    "VaultExists",
    "VaultMissing",
    "WeakPassphrase",
    "WrongPassphrase",
]


class VaultError(Exception):
    """A known problem with the vault file or its surroundings, never a bug."""

    exit_code: ClassVar[int] = 1
    default_message: ClassVar[str] = "The vault file could not be used."

    def __init__(
        self, message: str | None = None, *, path: Path | None = None, detail: str = ""
    ) -> None:
        self.message = message or self.default_message
        self.path = path
        self.detail = detail
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class _OffersBackups(VaultError):
    """A failure to unlock where restoring a backup may be the way out."""

    def __init__(
        self,
        message: str | None = None,
        *,
        path: Path | None = None,
        detail: str = "",
        backups: Sequence[BackupInfo] = (),
    ) -> None:
        super().__init__(message, path=path, detail=detail)
        self.backups: list[BackupInfo] = list(backups)


class VaultMissing(VaultError):
    exit_code = 4
    default_message = "There is no vault file at this location."


class VaultExists(VaultError):
    """Refusing to create a vault over an existing file, whatever that file is."""

    default_message = (
        "A file with that name already exists — choose another name for the new vault."
    )


class WrongPassphrase(_OffersBackups):
    """The passphrase did not unlock the file; SQLCipher cannot rule out damage."""

    exit_code = 3
    default_message = "Wrong passphrase — or the file is damaged."


class VaultDamaged(_OffersBackups):
    """The file is damaged; ``backups`` lists what could be restored, newest first."""

    exit_code = 4
    default_message = "The vault file is damaged — restore it from a backup."


class NotAVault(VaultError):
    exit_code = 4
    default_message = "This file is not an ITSCM vault."


class SchemaTooNew(VaultError):
    """The vault was written by a newer version of the app; opening it could lose data."""

    exit_code = 4
    default_message = (
        "This vault was made by a newer version of ITSCM Desktop — update the program to open it."
    )


class VaultBusy(VaultError):
    exit_code = 1
    default_message = "Another program is using the vault file — close it and try again."


class DiskFull(VaultError):
    exit_code = 1
    default_message = "The disk is full — free some space, then try again."


class ReadOnlyLocation(VaultError):
    exit_code = 1
    default_message = (
        "The vault's folder cannot be written to — move the vault to a folder you can change."
    )


class DiskError(VaultError):
    """The operating system reported an input/output error: failing disk or removed drive."""

    exit_code = 1
    default_message = (
        "The disk reported an error while reading or writing the vault — "
        "copy your backups somewhere safe."
    )


class WeakPassphrase(VaultError):
    """Raised with the reason from ``passphrase_problem`` as the message."""

    exit_code = 1
    default_message = "Choose a stronger passphrase — a few unrelated words work well."


class BackupFailed(VaultError):
    exit_code = 1
    default_message = "The backup could not be made; the vault itself is unchanged."


class RestoreFailed(VaultError):
    exit_code = 1
    default_message = "The backup could not be restored; the current vault is unchanged."
