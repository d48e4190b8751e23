"""parse_import: encodings, CSV or vCard by content, whole-file refusals."""

from __future__ import annotations

import pytest

from itscm_desktop.interchange.problems import ImportRefused
from itscm_desktop.interchange.reading import CSV, VCARD, parse_import
from tests.unit.interchange.conftest import sample


def test_cp1252_with_semicolons_and_accented_names() -> None:
    parsed = parse_import(sample("contacts_cp1252_semicolon.csv"), "contacts")
    assert (parsed.format, parsed.encoding, parsed.delimiter) == (CSV, "Windows-1252", "semicolon")
    names = [row.values["full_name"] for row in parsed.rows]
    assert names == ["Jürgen Müller", "Zoë Dubois", "Åsa Ström"]
    assert parsed.rows[1].values["notes"] == "Présente; lundi–vendredi"
    assert parsed.rows[1].values["organisation"] == "Société Générale d'Énergie"


def test_utf16_with_bom_tab_separated() -> None:
    parsed = parse_import(sample("contacts_utf16_bom.txt"), "contacts")
    assert parsed.encoding == "UTF-16 (little-endian, with BOM)"
    assert parsed.delimiter == "tab"
    assert parsed.rows[0].values["full_name"] == "Łukasz Wójcik"


def test_utf8_with_bom_does_not_leak_into_the_first_header() -> None:
    parsed = parse_import(sample("assets_utf8_bom.csv"), "assets")
    assert parsed.encoding == "UTF-8 with BOM"
    assert parsed.mapping is not None and parsed.mapping.headers[0] == "Name"
    assert parsed.mapping.targets[0] == "name"


def test_a_vcard_is_told_apart_by_content_not_name() -> None:
    assert parse_import(sample("iphone.vcf"), "contacts").format == VCARD
    renamed = b"\r\n" + sample("contacts_v4.vcf")  # as if saved as contacts.txt
    assert parse_import(renamed, "contacts").format == VCARD


def test_whole_file_refusals_are_one_sentence() -> None:
    with pytest.raises(ImportRefused, match="holds contacts"):
        parse_import(sample("iphone.vcf"), "assets")
    with pytest.raises(ImportRefused, match="only into contacts"):
        parse_import(b"Name\nx\n", "team_members")
    with pytest.raises(ImportRefused, match="No column of the file gives the full name"):
        parse_import(b"Colour,Shoe size\nred,42\n", "contacts")
    with pytest.raises(ImportRefused, match="empty"):
        parse_import(b"", "contacts")
