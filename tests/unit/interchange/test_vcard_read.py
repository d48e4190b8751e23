"""Reading vCards as phones write them: iPhone 3.0, Android 2.1/3.0, vCard 4.0."""

from __future__ import annotations

from itscm_desktop.interchange.vcard_io import looks_like_vcard, read_vcards
from tests.unit.interchange.conftest import sample


def cards(name: str) -> list[tuple[int, dict[str, str]]]:
    found, rejected = read_vcards(sample(name).decode("utf-8"))
    assert rejected == []
    return found


def test_iphone_cards_with_folded_lines_groups_and_typed_numbers() -> None:
    (line1, chidi), (line2, asa) = cards("iphone.vcf")
    assert (line1, line2) == (1, 20)
    assert chidi["full_name"] == "Chidi Okafor"
    assert chidi["organisation"] == "Harbour Logistics Ltd"
    assert chidi["department"] == "Operations"
    assert chidi["job_title"] == "Shift supervisor"
    assert chidi["mobile_phone"] == "+44 7400 123456"
    assert chidi["work_phone"] == "020 7946 0123"
    assert chidi["home_phone"] == "+44 1865 270000"
    assert "020 7946 0999" not in chidi.values()  # the fax
    assert chidi["work_email"] == "chidi.okafor@example.co.uk"
    assert chidi["notes"].startswith("Keys to the comms room are with security. Call his")
    assert chidi["notes"].endswith("first, the desk phone is forwarded out of hours.")
    assert asa["full_name"] == "Åsa Ström"
    assert asa["mobile_phone"] == "+46 70 123 45 67"
    assert asa["work_email"] == "asa.strom@example.se"
    assert asa["personal_email"] == "asa@example.net"


def test_android_quoted_printable_with_soft_line_breaks() -> None:
    (_, jurgen), (line, zoe) = cards("android.vcf")
    assert jurgen["full_name"] == "Jürgen Müller"
    assert jurgen["organisation"] == "Stadtwerke Köln"
    assert jurgen["notes"] == (
        "Schlüssel für den Serverraum liegen beim Pförtner. Bereitschaft jede zweite Woche."
    )
    assert jurgen["mobile_phone"] == "+4915123456789"  # 2.1's bare ;CELL
    assert jurgen["work_phone"] == "+49301234567"
    assert jurgen["work_email"] == "juergen.mueller@example.de"
    assert line == 12
    assert zoe == {
        "full_name": "Zoë Dubois",
        "mobile_phone": "+33 6 12 34 56 78",
        "home_phone": "+33 1 42 68 53 00",
        "personal_email": "zoe.dubois@example.fr",
    }


def test_vcard4_tel_uris_and_quoted_type_lists() -> None:
    (_, lukasz), (_, mei) = cards("contacts_v4.vcf")
    assert lukasz["full_name"] == "Łukasz Wójcik"
    assert lukasz["mobile_phone"] == "+48-601-234-567"
    assert lukasz["work_phone"] == "+44-20-7946-0123;ext=45"
    assert lukasz["notes"] == "Speaks Polish, English and German."
    assert mei == {
        "full_name": "Mei Chen",
        "home_phone": "+1 415 555 0123",
        "personal_email": "mei.chen@example.com",
    }


def test_a_broken_card_is_rejected_with_its_line_and_the_others_are_read() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Good One\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nthis is not a property\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing else\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cut short\n"
    )
    found, rejected = read_vcards(text)
    assert [(line, values["full_name"]) for line, values in found] == [(1, "Good One")]
    assert [r.line for r in rejected] == [5, 9, 13]
    assert "cannot be read" in rejected[0].reason
    assert "no name, number or e-mail" in rejected[1].reason
    assert "cut short" in rejected[2].reason


def test_only_a_file_that_starts_with_a_card_is_a_vcard() -> None:
    assert looks_like_vcard("\ufeff\n  \nbegin:vcard\n")
    assert not looks_like_vcard("Name,Note\nx,BEGIN:VCARD\n")
