"""Where the command line gets a passphrase from, in this order of precedence, and
unlocking a vault with it.

1. ``--passphrase-file FILE`` (``--new-passphrase-file`` for ``passwd``): the file's
   first line, without its line ending. Any other whitespace belongs to the passphrase.
2. The ``ITSCM_PASSPHRASE`` environment variable, when set and not empty (never for the
   new passphrase of ``passwd``: one variable cannot hold both).
3. The system keychain, if `itscm remember` stored it for this vault on this computer —
   only a cache: a missing, locked or wrong entry falls through to the prompt.
4. A prompt on the terminal, with echo off; a new passphrase is asked for twice.

With none of them available (a script without a terminal) the command stops with a
usage error rather than hanging. The passphrase is never printed.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from itscm_desktop.cli.errors import UsageProblem
from itscm_desktop.domain.passphrase import passphrase_problem
from itscm_desktop.vault.errors import VaultMissing, WeakPassphrase, WrongPassphrase
from itscm_desktop.vault.keychain import recall_passphrase
from itscm_desktop.vault.vault import Vault

ENV_VARIABLE = "ITSCM_PASSPHRASE"
_ATTEMPTS = 3


def on_terminal() -> bool:
    """True when a person can be asked: standard input is a terminal."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # stdin closed
        return False


def read_passphrase_file(path: Path) -> str:
    """The first line of `path`, its line ending removed (a UTF-8 BOM is dropped too)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or "cannot be read"
        raise UsageProblem(f"Cannot read the passphrase file {path}: {reason}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageProblem(f"The passphrase file {path} is not UTF-8 text.") from None
    line = text.split("\n", 1)[0].removesuffix("\r")
    if not line:
        raise UsageProblem(f"The first line of the passphrase file {path} is empty.")
    return line


def _no_source(option: str, *, env: bool) -> UsageProblem:
    where = f"{option} FILE or set {ENV_VARIABLE}" if env else f"{option} FILE"
    return UsageProblem(f"No passphrase: run this on a terminal, or give {where}.")


def _ask(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageProblem("No passphrase was typed.") from None


def unlock(path: Path, passphrase_file: Path | None) -> Vault:
    """The vault at `path`, unlocked. A missing file is reported before anyone types."""
    if not path.exists():
        raise VaultMissing(f"No vault file was found at {path}.", path=path)
    if passphrase_file is None and not os.environ.get(ENV_VARIABLE, ""):
        remembered = recall_passphrase(path)
        if remembered is not None:
            try:
                return Vault.open(path, remembered)
            except WrongPassphrase:
                if not on_terminal():
                    raise
                print(
                    "The passphrase this computer remembered no longer opens the vault.",
                    file=sys.stderr,
                )
    return Vault.open(path, current_passphrase(passphrase_file, path))


def current_passphrase(file: Path | None, vault: Path) -> str:
    """The passphrase that unlocks an existing vault (or verifies one of its backups)."""
    if file is not None:
        return read_passphrase_file(file)
    from_env = os.environ.get(ENV_VARIABLE, "")
    if from_env:
        return from_env
    if not on_terminal():
        raise _no_source("--passphrase-file", env=True)
    typed = _ask(f"Passphrase for {vault.name}: ")
    if not typed:
        raise UsageProblem("No passphrase was typed.")
    return typed


def new_passphrase(file: Path | None, vault: Path, *, option: str, use_env: bool) -> str:
    """A passphrase for a new vault or a changed one, checked for strength.

    On a terminal it is typed twice, and asked again (up to three times) if the two do
    not match or it is too weak. From a file or the environment it is taken as it is,
    and a weak one is refused with the reason.
    """
    given: str | None = None
    if file is not None:
        given = read_passphrase_file(file)
    elif use_env and os.environ.get(ENV_VARIABLE, ""):
        given = os.environ[ENV_VARIABLE]
    if given is not None:
        problem = passphrase_problem(given)
        if problem:
            raise WeakPassphrase(problem)
        return given
    if not on_terminal():
        raise _no_source(option, env=use_env)
    print(
        "Choose the passphrase for this vault. Without it nothing in the vault can be "
        "recovered — write it down and keep it somewhere safe.",
        file=sys.stderr,
    )
    for _ in range(_ATTEMPTS):
        first = _ask(f"New passphrase for {vault.name}: ")
        problem = passphrase_problem(first)
        if problem:
            print(problem, file=sys.stderr)
            continue
        if _ask("Type it again: ") != first:
            print("The two passphrases differ. Try again.", file=sys.stderr)
            continue
        return first
    raise UsageProblem("No passphrase chosen after three attempts; nothing was changed.")
