"""The command line's exit codes and the two mistakes a person can make at it.

The vault's own exceptions carry their exit code (`VaultError.exit_code`); these two
cover what the command line finds before it ever touches the vault.
"""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """What `itscm` returns; scripts may rely on these numbers."""

    OK = 0
    FAILED = 1  # the vault could not do it: disk full, file busy, backup failed
    USAGE = 2  # the command line itself is wrong (argparse uses 2 too)
    WRONG_PASSPHRASE = 3
    DAMAGED = 4  # damaged, missing, not a vault, or made by a newer version
    INVALID_INPUT = 5  # a value, table, field or id that does not fit
    CANCELLED = 130  # Ctrl+C


class CommandProblem(Exception):
    """A mistake on the command line, reported as `lines` (the first is the summary)."""

    exit_code = Exit.FAILED

    def __init__(self, *lines: str) -> None:
        super().__init__(lines[0])
        self.lines = lines


class UsageProblem(CommandProblem):
    """The command line cannot be acted on (no passphrase available, unreadable file)."""

    exit_code = Exit.USAGE


class InvalidInput(CommandProblem):
    """What the person asked for does not fit the plan: unknown table, field or value."""

    exit_code = Exit.INVALID_INPUT
