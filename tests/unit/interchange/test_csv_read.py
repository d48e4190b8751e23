"""Reading CSV: delimiters, quotes, line numbers of rows, ragged rows."""

from __future__ import annotations

import pytest

from itscm_desktop.interchange.csv_read import NotATable, detect_delimiter, read_csv


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_detected(delimiter: str) -> None:
    text = delimiter.join(["Name", "Kind", "Vendor"]) + "\n" + delimiter.join("abc") + "\n"
    table = read_csv(text)
    assert table.delimiter == delimiter
    assert table.headers == ("Name", "Kind", "Vendor")
    assert table.rows[0].cells == ("a", "b", "c")


def test_commas_inside_quotes_do_not_make_a_semicolon_file_look_like_commas() -> None:
    text = 'Name;Address\nHead office;"1 High St, Leeds, LS1"\nDepot;"2 Low Rd, York"\n'
    assert detect_delimiter(text) == ";"
    assert read_csv(text).rows[0].cells == ("Head office", "1 High St, Leeds, LS1")


def test_rows_keep_the_physical_line_they_start_on() -> None:
    text = 'Name,Notes\nA,"two\nlines"\n\nB,plain\nC,"three\r\nlines\r\nhere"\nD,x\n'
    table = read_csv(text)
    assert [(row.line, row.cells[0]) for row in table.rows] == [
        (2, "A"),
        (5, "B"),
        (6, "C"),
        (9, "D"),
    ]
    assert table.rows[0].cells[1] == "two\nlines"


def test_ragged_rows_are_rejected_with_their_line_and_trailing_empty_cells_forgiven() -> None:
    text = "a,b,c\n1,2,3\n4,5\n6,7,8,,\n9,10,11,12\n"
    table = read_csv(text)
    assert [row.line for row in table.rows] == [2, 4]
    assert [(r.line, r.cells) for r in table.ragged] == [(3, 2), (5, 4)]
    assert "Line" not in table.ragged[0].reason  # the line is added by the report
    assert "2 columns but the header has 3" in table.ragged[0].reason


def test_a_file_without_a_header_is_not_a_table() -> None:
    with pytest.raises(NotATable, match="empty"):
        read_csv("\n\n  \n")


def test_excels_sep_line_names_the_delimiter_and_is_not_the_header() -> None:
    table = read_csv("sep=;\r\nName;Notes, more\r\nA;b, c\r\n")
    assert table.delimiter == ";"
    assert table.headers == ("Name", "Notes, more")
    assert [(row.line, row.cells) for row in table.rows] == [(3, ("A", "b, c"))]


def test_old_mac_line_ends() -> None:
    table = read_csv("Name,Kind\rdb-01,hardware\rsw-1,network\r")
    assert [(row.line, row.cells[0]) for row in table.rows] == [(2, "db-01"), (3, "sw-1")]
