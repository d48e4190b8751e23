"""Is a new vault passphrase good enough? One honest, explainable rule set.

The passphrase is the only key to the vault and there is no recovery, so we refuse
the passphrases attackers try first and the ones people mistype later (leading or
trailing spaces, invisible characters). We do not pretend to measure entropy: the
rules are length, variety, and a short list of the most common passwords.
"""

from __future__ import annotations

import re

__all__ = ["MIN_LENGTH", "passphrase_problem"]

MIN_LENGTH = 12
_MIN_DISTINCT = 5
_HINT = "a few unrelated words work well."

# Compared with the letters of the passphrase, lower-cased: "Password 2024!" -> "password".
_COMMON_WORDS = frozenset(
    {
        "password", "passwort", "motdepasse", "contrasena", "wachtwoord", "passe",
        "qwerty", "qwertz", "azerty", "qwertyuiop", "asdfghjkl", "zxcvbnm", "asdf",
        "letmein", "iloveyou", "welcome", "admin", "administrator", "root", "login",
        "abc", "monkey", "dragon", "football", "baseball", "soccer", "sunshine",
        "princess", "trustno", "master", "secret", "changeme", "default", "test",
        "guest", "shadow", "superman", "batman", "starwars", "whatever", "freedom",
        "hello", "helloworld", "computer", "internet", "summer", "winter", "spring",
        "autumn", "january", "itscm", "continuity", "backup", "vault", "company",
    }
)  # fmt: skip
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "01234567890123456789",
    "09876543210987654321",
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def passphrase_problem(passphrase: str) -> str | None:
    """Return None if ``passphrase`` may protect a vault, else one sentence saying why not."""
    if _CONTROL.search(passphrase):
        return "Remove invisible characters such as tabs or line breaks."
    if passphrase != passphrase.strip():
        return "Remove the spaces at the start or end — they are easy to forget when typing."
    if len(passphrase) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters — {_HINT}"
    if len(set(passphrase)) == 1:
        return f"Do not repeat a single character — {_HINT}"
    if passphrase.isdigit():
        return f"Do not use only digits — {_HINT}"
    squashed = re.sub(r"\s+", "", passphrase.lower())
    if any(squashed in sequence for sequence in _SEQUENCES):
        return f"A run of keys or letters in order is guessed at once — {_HINT}"
    letters = "".join(char for char in squashed if char.isalpha())
    if not letters:
        return f"Use some letters, not only digits and symbols — {_HINT}"
    if letters in _COMMON_WORDS:
        return f"This is one of the most common passwords — {_HINT}"
    if _is_repetition(letters):
        return f"A short pattern repeated is guessed at once — {_HINT}"
    if len(set(passphrase.lower())) < _MIN_DISTINCT:
        return f"Use more different characters — {_HINT}"
    return None


def _is_repetition(text: str) -> bool:
    """True for a common word or a short pattern repeated: "passwordpassword", "abcabcabc"."""
    for size in range(1, len(text) // 2 + 1):
        unit = text[:size]
        if len(text) % size == 0 and unit * (len(text) // size) == text:
            return unit in _COMMON_WORDS or size <= 3
    return False
