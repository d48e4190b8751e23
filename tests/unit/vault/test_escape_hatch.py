"""The user's way out: any SQLCipher 4 tool opens the vault with the passphrase alone.

No code of ours is used to read the file here: a bare connection, `PRAGMA key`, and
SQLCipher's defaults, exactly as in the `sqlcipher` shell.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import sqlcipher3

from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE


def test_the_passphrase_alone_opens_the_vault_in_plain_sqlcipher(tmp_path: Path) -> None:
    path = tmp_path / "plan.itscm"
    with Vault.create(path, PASSPHRASE, organisation="Ørsted & Müller") as vault:
        vault.insert("contacts", {"full_name": "Юлия Смирнова", "mobile_phone": "+7 912 345 67 89"})
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
        assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
        assert conn.execute("SELECT organisation FROM plan").fetchone() == ("Ørsted & Müller",)
        assert conn.execute("SELECT full_name, mobile_phone FROM contacts").fetchall() == [
            ("Юлия Смирнова", "+79123456789")
        ]
        settings = {
            name: str(conn.execute(f"PRAGMA {name}").fetchone()[0])
            for name in ("kdf_iter", "cipher_page_size", "cipher_hmac_algorithm",
                         "cipher_kdf_algorithm")
        }  # fmt: skip
        assert settings == {
            "kdf_iter": "256000",
            "cipher_page_size": "4096",
            "cipher_hmac_algorithm": "HMAC_SHA512",
            "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
        }
    finally:
        conn.close()


def test_the_file_is_not_readable_without_the_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "plan.itscm"
    with Vault.create(path, PASSPHRASE, organisation="Secretive Ltd") as vault:
        vault.insert("contacts", {"full_name": "Findable Name"})
        vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    assert b"Findable Name" not in data and b"Secretive" not in data
    assert not data.startswith(b"SQLite format 3")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
