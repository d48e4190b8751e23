import pytest

from itscm_desktop.domain.passphrase import MIN_LENGTH, passphrase_problem


@pytest.mark.parametrize(
    "passphrase",
    [
        "lighthouse harbour orange 42",
        "correcthorsebatterystaple",
        "constitution",
        "Пароль надёжный день",
        "it's a long way to Tipperary",
        "青い海と白い灯台の夜明け",
    ],
)
def test_reasonable_passphrases_pass(passphrase: str) -> None:
    assert passphrase_problem(passphrase) is None


@pytest.mark.parametrize(
    ("passphrase", "reason_starts"),
    [
        ("", "Use at least 12 characters"),
        ("short words", "Use at least 12 characters"),
        ("aaaaaaaaaaaaaaaa", "Do not repeat a single character"),
        ("123456789012345", "Do not use only digits"),
        ("314159265358979", "Do not use only digits"),
        ("qwertyuiopasdf", "A run of keys or letters"),
        ("abcdefghijklmnop", "A run of keys or letters"),
        ("12-34-56-78-90-!", "Use some letters"),
        ("Password2024!!", "This is one of the most common passwords"),
        ("I love you 123456", "This is one of the most common passwords"),
        ("abcabcabcabc", "A short pattern repeated"),
        ("passwordpassword", "A short pattern repeated"),
        ("aaaa bbbb cccc", "Use more different characters"),
        (" lighthouse harbour", "Remove the spaces at the start or end"),
        ("lighthouse harbour ", "Remove the spaces at the start or end"),
        ("lighthouse\tharbour orange", "Remove invisible characters"),
        ("lighthouse harbour\n", "Remove invisible characters"),
        ("lighthouse\x00harbour orange", "Remove invisible characters"),
    ],
)
def test_weak_passphrases_get_a_reason(passphrase: str, reason_starts: str) -> None:
    reason = passphrase_problem(passphrase)
    assert reason is not None
    assert reason.startswith(reason_starts)
    assert reason.endswith(".")


def test_minimum_length_is_exact() -> None:
    assert len("bright moon7") == MIN_LENGTH
    assert passphrase_problem("bright moon7") is None
    assert passphrase_problem("bright moon") is not None
