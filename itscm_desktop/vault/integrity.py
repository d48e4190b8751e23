"""Is the vault intact? Two views: through an open connection, and of the raw file.

``check_integrity`` asks SQLCipher (every page's HMAC) and SQLite (the b-tree
structure). ``page_evidence`` needs no connection: it re-derives SQLCipher 4's keys
with the standard library and checks page HMACs itself, which is how we tell a wrong
passphrase from a damaged first page — SQLCipher reports both as "file is not a
database". Layout verified against real files (SQLCipher 4.19): page 1 starts with
the 16-byte salt; every page ends with a 16-byte IV and a 64-byte HMAC-SHA512 over
the page's ciphertext, the IV and the page number as 4 little-endian bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

__all__ = [
    "PAGE_SIZE",
    "IntegrityReport",
    "PageEvidence",
    "check_integrity",
    "is_damage",
    "page_evidence",
]

PAGE_SIZE = 4096
SALT_SIZE = 16
_KDF_ITERATIONS = 256_000
_HMAC_KDF_ITERATIONS = 2
_HMAC_SALT_MASK = 0x3A
_KEY_SIZE = 32
_HMAC_SIZE = 64
_LATER_PAGES_CHECKED = 8
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

KeyCache = MutableMapping[tuple[str, bytes], bytes]

_HMAC_FAILED = re.compile(r"HMAC verification failed for page (\d+)")
_INDEX_PROBLEM = re.compile(r"(missing from index|wrong # of entries in index) (\S+)")


@dataclass(frozen=True)
class IntegrityReport:
    """``problems`` are sentences for a person; empty exactly when ``ok``."""

    ok: bool
    problems: tuple[str, ...]


@dataclass(frozen=True)
class PageEvidence:
    """Which pages of a file carry a valid HMAC under a given passphrase."""

    first_page_ok: bool
    later_page_ok: bool

    @property
    def passphrase_fits(self) -> bool:
        """True when any page verifies: HMAC-SHA512 does not verify under a wrong key."""
        return self.first_page_ok or self.later_page_ok


def check_integrity(conn: Any, schema: str = "main") -> IntegrityReport:
    """Run ``cipher_integrity_check`` and ``integrity_check``; a damaged page is a problem,
    not an exception, so the caller can show everything found at once."""
    if not schema.isidentifier():
        raise ValueError(f"not a schema name: {schema!r}")
    pages: list[str] = []
    structure: list[str] = []
    try:
        rows = conn.execute(f"PRAGMA {schema}.cipher_integrity_check").fetchall()
        pages += [_cipher_problem(line) for line in _lines(rows)]
    except sqlcipher3.dbapi2.DatabaseError as exc:
        if not is_damage(exc):
            raise
        pages.append(f"The encryption check could not read the whole file ({exc}).")
    try:
        rows = conn.execute(f"PRAGMA {schema}.integrity_check").fetchall()
        structure += [_structure_problem(line) for line in _lines(rows) if line != "ok"]
    except sqlcipher3.dbapi2.DatabaseError as exc:
        if not is_damage(exc):
            raise
        structure.append(f"The file's internal structure is damaged and cannot be read ({exc}).")
    problems = _summarise(pages) + _summarise(structure)
    return IntegrityReport(ok=not problems, problems=tuple(problems))


#: How many problems of one kind are listed one by one before the rest are counted.
_LISTED = 5


def _lines(rows: list[Any]) -> list[str]:
    """Each reported problem once, whether SQLite gave them as rows or as lines of one row."""
    seen: dict[str, None] = {}
    for row in rows:
        for line in str(row[0]).splitlines():
            if line.strip():
                seen.setdefault(line.strip(), None)
    return list(seen)


def _summarise(problems: list[str]) -> list[str]:
    """A damaged page can make SQLite report a hundred consequences: show a few, count
    the rest, so that a person sees what matters."""
    unique = list(dict.fromkeys(problems))
    if len(unique) <= _LISTED:
        return unique
    rest = len(unique) - _LISTED
    return [*unique[:_LISTED], f"… and {rest} more problem{'s' if rest > 1 else ''} of this kind."]


def is_damage(exc: BaseException) -> bool:
    """True for the driver errors that mean damaged content: a failed page HMAC surfaces as
    SQLITE_NOTADB on page 1 and SQLITE_CORRUPT on later pages."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "hmac" in text


def _cipher_problem(row: str) -> str:
    failed = _HMAC_FAILED.search(row)
    if failed:
        return f"Page {failed.group(1)} of the file is damaged: it does not match its checksum."
    return f"The encryption check found a problem ({row})."


def _structure_problem(row: str) -> str:
    index = _INDEX_PROBLEM.search(row)
    if index:
        return f"The search index {index.group(2)} is out of step with its table ({row})."
    return f"The file's internal structure is damaged ({row.strip()})."


def page_evidence(path: Path, passphrase: str, keys: KeyCache | None = None) -> PageEvidence:
    """Check page 1 and a few later pages of ``path`` against ``passphrase``.

    Costs one PBKDF2 run (about 0.1 s) unless ``keys`` already holds the key for this
    file's salt — backups made with ``VACUUM INTO`` share the vault's salt. Reads at
    most nine pages and never writes.
    """
    with path.open("rb") as file:
        first = file.read(PAGE_SIZE)
        later = [file.read(PAGE_SIZE) for _ in range(_LATER_PAGES_CHECKED)]
    if len(first) < PAGE_SIZE:
        return PageEvidence(first_page_ok=False, later_page_ok=False)
    hmac_key = _hmac_key(passphrase, first[:SALT_SIZE], keys)
    return PageEvidence(
        first_page_ok=_page_verifies(hmac_key, first, 1),
        later_page_ok=any(
            _page_verifies(hmac_key, page, number)
            for number, page in enumerate(later, start=2)
            if len(page) == PAGE_SIZE
        ),
    )


def _hmac_key(passphrase: str, salt: bytes, keys: KeyCache | None) -> bytes:
    cached = keys.get((passphrase, salt)) if keys is not None else None
    if cached is not None:
        return cached
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, _KDF_ITERATIONS, _KEY_SIZE)
    hmac_salt = bytes(byte ^ _HMAC_SALT_MASK for byte in salt)
    hmac_key = hashlib.pbkdf2_hmac("sha512", key, hmac_salt, _HMAC_KDF_ITERATIONS, _KEY_SIZE)
    if keys is not None:
        keys[(passphrase, salt)] = hmac_key
    return hmac_key


def _page_verifies(hmac_key: bytes, page: bytes, number: int) -> bool:
    start = SALT_SIZE if number == 1 else 0
    signed = page[start : PAGE_SIZE - _HMAC_SIZE]  # ciphertext followed by the IV
    expected = page[PAGE_SIZE - _HMAC_SIZE :]
    digest = hmac.new(hmac_key, signed + number.to_bytes(4, "little"), hashlib.sha512).digest()
    return hmac.compare_digest(digest, expected)
