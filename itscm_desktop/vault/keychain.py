"""Remember on this device: the OS keychain as a cache of the passphrase, never its only copy.

Nothing here raises. No keychain, a locked one, the null backend (writes vanish), a
plain-text file backend (refused: it would store the passphrase unprotected) or a
keychain that answers with something else all come down to "ask the person". A recalled
passphrase that turns out wrong is just a failed unlock: the caller falls back to asking
and may ``forget_passphrase``. Entries are keyed by the service "ITSCM Desktop" and the
vault's resolved absolute path. The passphrase never appears in a log line.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

__all__ = [
    "SERVICE",
    "KeychainStatus",
    "RememberResult",
    "forget_passphrase",
    "keychain_status",
    "recall_passphrase",
    "remember_passphrase",
]

log = logging.getLogger(__name__)

SERVICE = "ITSCM Desktop"
_PROBE_USER = "keychain availability check"
_ASK = "you will type the passphrase each time."

NO_KEYCHAIN = f"No keychain on this computer — {_ASK}"
NULL_KEYCHAIN = f"The keychain is switched off on this computer — {_ASK}"
PLAINTEXT_KEYCHAIN = f"The only keychain here would keep the passphrase unprotected — {_ASK}"
LOCKED_KEYCHAIN = "The keychain is locked — unlock it to let this computer remember the passphrase."
BROKEN_KEYCHAIN = f"The keychain is not responding — {_ASK}"
NOT_KEPT = f"The keychain did not keep the passphrase — {_ASK}"


@dataclass(frozen=True)
class KeychainStatus:
    """``description`` is one honest line for the settings or unlock dialog."""

    available: bool
    description: str


@dataclass(frozen=True)
class RememberResult:
    """``reason`` says why not when ``ok`` is false, in words for the person."""

    ok: bool
    reason: str = ""


def keychain_status() -> KeychainStatus:
    """Whether remembering can work right now (may ask a locked keychain to unlock)."""
    try:
        backend = keyring.get_keyring()
        refusal = _refusal(backend)
        if refusal:
            return KeychainStatus(available=False, description=refusal)
        backend.get_password(SERVICE, _PROBE_USER)
    except KeyringLocked:
        return KeychainStatus(available=False, description=LOCKED_KEYCHAIN)
    except Exception as exc:  # keychain backends raise whatever their platform raises
        log.warning("The keychain did not answer: %s", type(exc).__name__)
        return KeychainStatus(available=False, description=BROKEN_KEYCHAIN)
    name = getattr(backend, "name", type(backend).__name__)
    description = f"This computer's keychain ({name}) can remember the passphrase."
    return KeychainStatus(available=True, description=description)


def remember_passphrase(vault_path: Path, passphrase: str) -> RememberResult:
    """Store the passphrase and read it back; only a faithful read-back counts as success."""
    status = keychain_status()
    if not status.available:
        return RememberResult(ok=False, reason=status.description)
    try:
        user = _user(vault_path)
        keyring.set_password(SERVICE, user, passphrase)
        kept = keyring.get_password(SERVICE, user)
    except KeyringLocked:
        return RememberResult(ok=False, reason=LOCKED_KEYCHAIN)
    except Exception as exc:  # see keychain_status
        log.warning("Could not store the passphrase in the keychain: %s", type(exc).__name__)
        return RememberResult(ok=False, reason=BROKEN_KEYCHAIN)
    if kept != passphrase:
        log.warning("The keychain did not return what was stored; not relying on it")
        forget_passphrase(vault_path)
        return RememberResult(ok=False, reason=NOT_KEPT)
    return RememberResult(ok=True)


def recall_passphrase(vault_path: Path) -> str | None:
    """The remembered passphrase, or None for any reason at all (logged, without it)."""
    try:
        backend = keyring.get_keyring()
        if _refusal(backend):
            return None
        value = backend.get_password(SERVICE, _user(vault_path))
    except Exception as exc:  # see keychain_status
        log.warning("Could not read the remembered passphrase: %s", type(exc).__name__)
        return None
    return value if isinstance(value, str) and value else None


def forget_passphrase(vault_path: Path) -> bool:
    """Remove the remembered passphrase; True when the keychain no longer holds one."""
    try:
        backend = keyring.get_keyring()
        if _refusal(backend):
            return True
        user = _user(vault_path)
        with contextlib.suppress(PasswordDeleteError):  # raised when nothing was stored
            backend.delete_password(SERVICE, user)
        return backend.get_password(SERVICE, user) is None
    except Exception as exc:  # see keychain_status
        log.warning("Could not remove the remembered passphrase: %s", type(exc).__name__)
        return False


def _refusal(backend: KeyringBackend) -> str | None:
    """Why this backend must not be used to remember a passphrase, or None if it may."""
    chain = list(backend.backends) if isinstance(backend, chainer.ChainerBackend) else [backend]
    if not chain or isinstance(chain[0], fail.Keyring):
        return NO_KEYCHAIN
    if isinstance(chain[0], null.Keyring):
        return NULL_KEYCHAIN
    if type(chain[0]).__module__.startswith("keyrings.alt"):
        return PLAINTEXT_KEYCHAIN
    return None


def _user(vault_path: Path) -> str:
    return os.path.realpath(vault_path)
