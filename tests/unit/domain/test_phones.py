"""Tests for itscm_desktop.domain.phones.

Numbers verified valid with phonenumbers 9.0 (``is_valid_number``), for tests and the
demo-data generator. The patterns come from ``phonenumbers.example_number_for_type``
with the last four digits free: every one of the 10,000 numbers ``prefix + NNNN`` was
checked valid, in the right region, of the right type (US numbers are typed
"fixed line or mobile").

| region | mobile            | fixed line         |
|--------|-------------------|--------------------|
| GB     | +44 7400 12NNNN   | +44 121 234 NNNN   |
| DE     | +49 1512 345NNNN  | +49 30 12NNNN      |
| PL     | +48 512 34N NNN   | +48 12 345 NN NN   |
| DK     | +45 34 41 NN NN   | +45 32 12 NN NN    |
| GR     | +30 691 234 NNNN  | +30 21 2345 NNNN   |
| RU     | +7 912 345-NN-NN  | +7 301 123-NN-NN   |
| UA     | +380 50 123 NNNN  | +380 3112 3NNNN    |
| JP     | +81 90-1234-NNNN  | +81 3-1234-NNNN    |
| US     | +1 201-555-NNNN   | +1 201-555-NNNN    |
| FR     | +33 6 12 34 NN NN | +33 1 23 45 NN NN  |
| NL     | +31 6 1234NNNN    | +31 10 123 NNNN    |
| ES     | +34 612 34 NN NN  | +34 810 12 NN NN   |
| IT     | +39 312 345 NNNN  | +39 02 1234 NNNN   |
| SE     | +46 70 123 NN NN  | +46 8 12 NN NN     |
| CH     | +41 78 123 NN NN  | +41 21 234 NN NN   |
| IE     | +353 85 012 NNNN  | +353 22 1NNNN      |

Fictional ranges that ARE valid: GB +44 20 7946 0NNN and +44 113 496 0NNN (Ofcom
drama numbers), US +1 201 555 01NN. Fictional ranges that are NOT valid in
phonenumbers (so cannot be stored): GB +44 1632 960NNN and mobile +44 7700 900NNN.
"""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from itscm_desktop.domain.phones import (
    PhoneError,
    _parsed,
    format_phone,
    is_region,
    normalise_phone,
    phone_dial_uri,
    split_extension,
    supported_regions,
)

# region -> (mobile prefix, fixed-line prefix); append any four digits.
VERIFIED_PREFIXES: dict[str, tuple[str, str]] = {
    "GB": ("+44740012", "+44121234"),
    "DE": ("+491512345", "+493012"),
    "PL": ("+4851234", "+4812345"),
    "DK": ("+453441", "+453212"),
    "GR": ("+30691234", "+30212345"),
    "RU": ("+7912345", "+7301123"),
    "UA": ("+38050123", "+38031123"),
    "JP": ("+81901234", "+8131234"),
    "US": ("+1201555", "+1201555"),
    "FR": ("+3361234", "+3312345"),
    "NL": ("+3161234", "+3110123"),
    "ES": ("+3461234", "+3481012"),
    "IT": ("+39312345", "+39021234"),
    "SE": ("+4670123", "+46812"),
    "CH": ("+4178123", "+4121234"),
    "IE": ("+35385012", "+353221"),
}


@pytest.mark.parametrize("region", sorted(VERIFIED_PREFIXES))
@pytest.mark.parametrize("suffix", ["0000", "4821", "9999"])
def test_verified_prefixes_are_valid_in_their_region(region: str, suffix: str) -> None:
    for prefix in VERIFIED_PREFIXES[region]:
        number = prefix + suffix
        assert normalise_phone(number, "GB") == number
        parsed = phonenumbers.parse(number, None)
        assert phonenumbers.region_code_for_number(parsed) == region


@pytest.mark.parametrize("region", sorted(VERIFIED_PREFIXES))
def test_national_format_round_trips_through_normalise(region: str) -> None:
    """What format_phone prints nationally is accepted back with that default region."""
    for prefix in VERIFIED_PREFIXES[region]:
        number = prefix + "2468"
        national = format_phone(number, "national")
        assert normalise_phone(national, region) == number
        assert normalise_phone(format_phone(number), "GB") == number


@pytest.mark.parametrize(
    "typed",
    [
        "020 7946 0123",
        "020-7946-0123",
        "(020) 7946.0123",
        "+44 (0) 20 7946 0123",
        "+44 020 7946 0123",
        "0044 20 7946 0123",
        "00 44 20 7946 0123",
        "  +44 20 7946 0123  ",
        "tel:+44-20-7946-0123",
        "＋４４ ２０ ７９４６ ０１２３",
    ],
)
def test_accepts_what_people_type(typed: str) -> None:
    assert normalise_phone(typed, "GB") == "+442079460123"


def test_default_region_is_case_insensitive() -> None:
    assert normalise_phone("030 123456", "de") == "+4930123456"


def test_national_number_is_read_in_the_default_region() -> None:
    assert normalise_phone("201 555 0123", "US") == "+12015550123"
    assert normalise_phone("8 912 345 67 89", "RU") == "+79123456789"
    assert normalise_phone("06 12 34 56 78", "FR") == "+33612345678"


def test_leading_00_works_even_where_00_is_not_the_international_prefix() -> None:
    assert normalise_phone("0049 30 123456", "US") == "+4930123456"
    assert normalise_phone("011 44 20 7946 0123", "US") == "+442079460123"
    assert normalise_phone("0044 20 7946 0123", "") == "+442079460123"
    assert normalise_phone("(00) 49 30 123456", "JP") == "+4930123456"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("020 7946 0123 ext. 45", "+442079460123;ext=45"),
        ("020 7946 0123 x45", "+442079460123;ext=45"),
        ("020 7946 0123 #45", "+442079460123;ext=45"),
        ("+44 20 7946 0123;ext=45", "+442079460123;ext=45"),
    ],
)
def test_extensions_are_kept(typed: str, stored: str) -> None:
    assert normalise_phone(typed, "GB") == stored
    assert split_extension(stored) == ("+442079460123", "45")


def test_split_extension_without_one() -> None:
    assert split_extension("+442079460123") == ("+442079460123", None)


def test_blank_is_an_error() -> None:
    with pytest.raises(PhoneError, match="No phone number"):
        normalise_phone("   ", "GB")


@pytest.mark.parametrize(
    ("typed", "region", "message"),
    [
        ("0171 55", "GB", "“0171 55” is not a complete phone number."),
        ("+999 1234", "GB", "“+999 1234” does not start with a known country code."),
        ("+44 20 7946 012", "GB", "“+44 20 7946 012” is not a valid number for country code +44."),
        (
            "01632 960123",
            "GB",
            "Numbers without a leading + are read as GB numbers; "
            "“01632 960123” is not a valid one.",
        ),
        (
            "020794601230000",
            "GB",
            "Numbers without a leading + are read as GB numbers; "
            "“020794601230000” has too many digits for one.",
        ),
        ("+4420794601230000", "GB", "has too many digits for country code +44."),
        ("020 7946 0123", "", "needs a leading + and the country code"),
        ("+1 999 555 0199", "DE", "is not a valid number for country code +1."),
        ("0044 1632 960123", "", "is not a valid number for country code +44."),
        ("0099 1234567", "", "does not start with a known country code."),
    ],
)
def test_messages_say_what_is_wrong(typed: str, region: str, message: str) -> None:
    with pytest.raises(PhoneError) as caught:
        normalise_phone(typed, region)
    assert message in str(caught.value)


@pytest.mark.parametrize("typed", ["call me", "020 7946 0123 (mobile)"])
def test_notes_in_the_field_get_a_hint(typed: str) -> None:
    with pytest.raises(PhoneError, match="without notes"):
        normalise_phone(typed, "GB")


def test_fictional_ranges_that_phonenumbers_rejects() -> None:
    """Ofcom's 01632 960xxx and 07700 900xxx drama ranges are not valid numbers."""
    for typed in ("01632 960123", "07700 900123"):
        with pytest.raises(PhoneError):
            normalise_phone(typed, "GB")
    assert normalise_phone("020 7946 0999", "GB") == "+442079460999"
    assert normalise_phone("0113 496 0000", "GB") == "+441134960000"


def test_very_long_input_is_shortened_in_the_message() -> None:
    with pytest.raises(PhoneError) as caught:
        normalise_phone("1" * 300, "GB")
    assert len(str(caught.value)) < 120


def test_unknown_default_region_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown phone region") as caught:
        normalise_phone("020 7946 0123", "XX")
    assert not isinstance(caught.value, PhoneError)


def test_format_international_and_national() -> None:
    assert format_phone("+442079460123") == "+44 20 7946 0123"
    assert format_phone("+442079460123", "national") == "020 7946 0123"
    assert format_phone("+442079460123", "national", "gb") == "020 7946 0123"
    assert format_phone("+442079460123", "national", "FR") == "+44 20 7946 0123"
    assert format_phone("+12015550123", "national", "US") == "(201) 555-0123"
    assert format_phone("+442079460123;ext=45") == "+44 20 7946 0123 x45"


@pytest.mark.parametrize("odd", ["", "garbage", "020 7946 0123", "+", "+999"])
def test_format_returns_odd_values_unchanged(odd: str) -> None:
    assert format_phone(odd) == odd
    assert format_phone(odd, "national", "GB") == odd


def test_dial_uri() -> None:
    assert phone_dial_uri("+442079460123") == "tel:+442079460123"
    assert phone_dial_uri("+442079460123;ext=45") == "tel:+442079460123;ext=45"
    for odd in ("020 7946 0123", "+44 20 7946 0123", "", "+0123"):
        with pytest.raises(PhoneError):
            phone_dial_uri(odd)


def test_regions() -> None:
    regions = supported_regions()
    assert regions == sorted(regions)
    assert {"GB", "DE", "US", "JP", "UA"} <= set(regions)
    assert "001" not in regions
    assert is_region("GB")
    assert is_region("gb")
    assert not is_region("UK")
    assert not is_region("")


@given(st.text(max_size=40), st.sampled_from(["GB", "US", "JP", ""]))
def test_any_text_gives_a_number_or_a_phone_error(text: str, region: str) -> None:
    try:
        stored = normalise_phone(text, region)
    except PhoneError:
        pass
    else:
        assert normalise_phone(stored, region) == stored
        assert normalise_phone(format_phone(stored), "GB") == stored
        assert phone_dial_uri(stored) == f"tel:{stored}"
    assert isinstance(format_phone(text, "national", region or None), str)


@pytest.mark.parametrize(
    "stored",
    [
        "+441134960999",  # GB
        "+48426301100",  # PL
        "+4930123456",  # DE
        "+31201234567",  # NL
        "+4532123456",  # DK
        "+12025550123",  # NANP: a one-digit country code
        "+390612345678",  # IT: the national number starts with 0
        "+4930123456;ext=12",  # an extension
        "+5491123456789",  # AR mobile
        "+8613800138000",  # CN
    ],
)
def test_a_stored_number_is_read_as_phonenumbers_reads_it(stored: str) -> None:
    """The quick split of a stored number gives exactly phonenumbers' own number."""
    assert _parsed(stored) == phonenumbers.parse(stored, None)


def test_an_unknown_country_code_is_refused_as_phonenumbers_refuses_it() -> None:
    with pytest.raises(phonenumbers.NumberParseException):
        _parsed("+999123456789")
    assert format_phone("+999123456789") == "+999123456789"  # printed as stored
