"""Tests for itscm_desktop.domain.emails."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itscm_desktop.domain.emails import EmailError, normalise_email


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("jane@example.com", "jane@example.com"),
        ("  Jane.Doe@Example.COM  ", "Jane.Doe@example.com"),
        ("jane+bcp@mail.example.co.uk", "jane+bcp@mail.example.co.uk"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("mailto:jane@example.com", "jane@example.com"),
        ("MAILTO: jane@example.com", "jane@example.com"),
        ("zoë@MÜLLER.de", "zoë@müller.de"),
        ("юлия@пример.рф", "юлия@пример.рф"),
        ("anna@łódź.pl", "anna@łódź.pl"),
        ("jane@xn--mller-kva.de", "jane@xn--mller-kva.de"),
        ("jane@ｅｘａｍｐｌｅ。com", "jane@example.com"),
        ("j@a-b.io", "j@a-b.io"),
        ("x" * 64 + "@example.com", "x" * 64 + "@example.com"),
    ],
)
def test_accepts_real_addresses(typed: str, stored: str) -> None:
    assert normalise_email(typed) == stored


def test_idempotent() -> None:
    once = normalise_email("  Zoë.Ørsted@MÜLLER.De ")
    assert normalise_email(once) == once


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "No e-mail address was given."),
        ("   ", "No e-mail address was given."),
        ("mailto:", "No e-mail address was given."),
        ("jane.example.com", "“jane.example.com” has no @."),
        ("jane@@example.com", "has more than one @."),
        ("jane@doe@example.com", "has more than one @."),
        ("jane doe@example.com", "contains a space."),
        ("jane@example .com", "contains a space."),
        ("Jane Doe <jane@example.com>", "without a name or < >"),
        ("jane\x00@example.com", "invisible control character"),
        ("@example.com", "has nothing before the @."),
        ("jane@", "has nothing after the @."),
        ("jane@example", "the domain “example” needs a dot, as in example.com."),
        ("jane@example.com.", "ends with a dot."),
        ("jane@example..com", "empty part"),
        ("jane@.example.com", "empty part"),
        (".jane@example.com", "cannot start or end with a dot"),
        ("jane.@example.com", "cannot start or end with a dot"),
        ("ja..ne@example.com", "two in a row"),
        ("ja,ne@example.com", "cannot contain ,"),
        ('"jane"@example.com', 'cannot contain "'),
        ("jane@exa_mple.com", "“exa_mple” in the domain may only contain letters"),
        ("jane@-example.com", "cannot start or end with a hyphen"),
        ("jane@example-.com", "cannot start or end with a hyphen"),
        ("jane@[192.0.2.1]", "not an IP address"),
        ("jane@192.0.2.1", "not a number"),
        ("x" * 65 + "@example.com", "the part before the @ is too long."),
        ("ü" * 33 + "@example.com", "the part before the @ is too long."),
        ("jane@" + "a" * 64 + ".com", "is too long for a part of a domain name."),
        ("jane@" + "ü" * 60 + ".de", "not a usable part of a domain name."),
    ],
)
def test_rejects_with_a_message_naming_the_problem(typed: str, message: str) -> None:
    with pytest.raises(EmailError) as caught:
        normalise_email(typed)
    assert message in str(caught.value)


def test_domain_length_limit_counts_the_ascii_form() -> None:
    label = "a" * 60
    long_domain = ".".join([label] * 4) + ".com"  # 4 * 61 + 3 = 247 characters
    assert normalise_email("j@" + long_domain).endswith(long_domain)
    near_limit = ".".join([label] * 4) + ".museum"  # 250 characters, within the limit
    assert normalise_email("j@" + near_limit)
    with pytest.raises(EmailError, match="domain after the @ is too long"):
        normalise_email("j@" + ".".join([label] * 4) + ".abcdefghij")


def test_whole_address_length_limit() -> None:
    domain = ".".join(["a" * 60] * 3) + ".example.com"  # 194 characters
    local = "x" * 64  # 64 + 1 + 194 = 259
    with pytest.raises(EmailError, match="longer than the 254 characters"):
        normalise_email(f"{local}@{domain}")


def test_long_input_is_shortened_in_the_message() -> None:
    with pytest.raises(EmailError) as caught:
        normalise_email("x" * 500)
    assert len(str(caught.value)) < 100


def test_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        normalise_email("nope")


@given(st.emails())
def test_generated_addresses_are_accepted_and_stable(address: str) -> None:
    stored = normalise_email(address)
    assert normalise_email(stored) == stored


@given(st.text(max_size=40))
def test_any_text_gives_an_address_or_an_email_error(text: str) -> None:
    try:
        stored = normalise_email(text)
    except EmailError:
        return
    assert normalise_email(stored) == stored
    assert stored.count("@") == 1
