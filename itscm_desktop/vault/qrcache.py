"""QR codes already encoded for the plan's people, kept inside the vault.

reportlab's QR encoder is pure Python: 2–10 ms a code, 20 s for the 2,000 people of a
large organisation's contact sheet. So the first print keeps each code it encodes, and
every later print (on any laptop the file is copied to) reads them back instead. A code
holds a person's name and numbers, so it lives in the encrypted file, never in a file
beside it. It is bookkeeping, not plan data: not in the op log, not synced, not in the
change log; a copy of the plan that never printed simply encodes its own.

Codes are found by the SHA-256 of what they encode (a `key_of` the text), so an edited
person gets a new code and the old one is dropped when the cache is next written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping

from itscm_desktop.vault.connection import translate_errors
from itscm_desktop.vault.errors import DiskError, DiskFull, ReadOnlyLocation, VaultBusy
from itscm_desktop.vault.sqlite import transaction
from itscm_desktop.vault.vault import Vault

#: A code as stored: its side in modules and its drawing (whatever the caller keeps).
Stored = tuple[int, bytes]


def key_of(text: str) -> str:
    """The key of the code of `text`: the SHA-256 of the text, in hex."""
    return hashlib.sha256(text.encode()).hexdigest()


def load(vault: Vault, keys: Collection[str]) -> dict[str, Stored]:
    """The stored codes among `keys`, by key."""
    if not keys:
        return {}
    with translate_errors():
        rows = vault.conn.execute(
            "SELECT key, side, path FROM _qr_codes WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(keys)),),
        ).fetchall()
    return {str(key): (int(side), bytes(path)) for key, side, path in rows}


def stored_keys(vault: Vault, keys: Collection[str]) -> set[str]:
    """Those of `keys` whose code is stored (without reading the codes)."""
    if not keys:
        return set()
    with translate_errors():
        rows = vault.conn.execute(
            "SELECT key FROM _qr_codes WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(keys)),),
        ).fetchall()
    return {str(row[0]) for row in rows}


def save(vault: Vault, codes: Mapping[str, Stored], keep: Collection[str] | None = None) -> bool:
    """Store `codes` and, when `keep` is given, drop every stored code whose key is
    neither in `keep` nor in `codes` (people since edited or deleted).

    Only a help: when the vault cannot be written now (busy, read-only, disk full, or a
    save is under way in this thread), nothing is stored and False is returned; the next
    print encodes again. A save in another thread (the window, while a worker prints) is
    waited for: both take `vault.writing`.
    """
    conn = vault.conn
    try:
        with vault.writing, translate_errors():
            if conn.in_transaction:  # this thread is inside a save
                return False
            with transaction(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO _qr_codes (key, side, path) VALUES (?, ?, ?)",
                    [(key, side, path) for key, (side, path) in codes.items()],
                )
                if keep is not None:
                    kept = json.dumps(sorted({*keep, *codes}))
                    conn.execute(
                        "DELETE FROM _qr_codes WHERE key NOT IN (SELECT value FROM json_each(?))",
                        (kept,),
                    )
    except (VaultBusy, ReadOnlyLocation, DiskFull, DiskError):
        return False
    return True


def count(vault: Vault) -> int:
    """How many codes are stored."""
    with translate_errors():
        return int(vault.conn.execute("SELECT count(*) FROM _qr_codes").fetchone()[0])
