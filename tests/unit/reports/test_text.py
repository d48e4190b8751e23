"""Plain text measured as reportlab measures it, cut, sized and wrapped to a width, with
phone numbers kept whole: what every document that draws its own text relies on."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from itscm_desktop.reports.fonts import BOLD, CJK, REGULAR, markup, runs
from itscm_desktop.reports.layout import styles
from itscm_desktop.reports.text import (
    broken,
    fitted,
    fitting,
    largest_size,
    shortened,
    string_width,
    words,
    wrapped,
)

TEXTS = ["Margaret Holroyd", "TEAM LEADER · PRIMARY", "Łódź Wiśniewska", "田中 太郎", ""]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("font", [REGULAR, BOLD])
@pytest.mark.parametrize("size", [6, 7.5, 8.5, 9.5, 11.5, 13.5, 22])
def test_widths_are_reportlabs_own_to_the_last_digit(text: str, font: str, size: float) -> None:
    ((name, part),) = runs(text, font) or [(font, "")]
    assert string_width(text, size, font) == stringWidth(part, name, size)


def test_a_width_is_the_sum_of_its_runs_and_of_its_words() -> None:
    mixed = "Tanaka 田中 太郎 (Tokyo)"
    assert [name for name, _ in runs(mixed)] == [REGULAR, CJK, REGULAR]
    by_run = sum(stringWidth(part, name, 9.5) for name, part in runs(mixed))
    assert string_width(mixed, 9.5) == pytest.approx(by_run, abs=1e-9)
    # Word by word and whole agree exactly: a line is measured one word at a time.
    text = "On the IT on-call rota (week 1 of 4); outside that week, best effort."
    whole = string_width(text, 9.5)
    (line,) = broken([(w, REGULAR) for w in text.split(" ")], whole, 9.5)
    assert line[1:] == (0, 0) and " ".join(w for w, _ in line[0]) == text
    assert len(broken([(w, REGULAR) for w in text.split(" ")], whole - 1e-9, 9.5)) == 2


def test_text_breaks_at_spaces_within_the_width_as_a_paragraph_does() -> None:
    text = "On the IT on-call rota (week 1 of 4); outside that week, best effort. Łódź."
    style = styles()["small"]
    width = 120.0
    lines = wrapped(text, width, style.fontSize, style.fontName)
    assert " ".join(lines) == text
    assert all(string_width(line, style.fontSize, style.fontName) <= width for line in lines)
    paragraph = Paragraph(markup(text), style)
    paragraph.wrap(width, 1000)
    assert len(lines) == len(paragraph.blPara.lines)


def test_line_breaks_long_words_and_no_break_spaces() -> None:
    assert wrapped("Contact line\none\n\ntwo", 1000, 10) == ["Contact line", "one", "", "two"]
    long = wrapped("invoke@northern-recovery.example.com", 60, 8.5)
    assert len(long) > 1 and "".join(long) == "invoke@northern-recovery.example.com"
    assert all(string_width(line, 8.5) <= 60 for line in long)
    # "Contract\u00a0X" stays on one line rather than leaving "Contract" alone.
    assert wrapped("Quote: Contract\u00a0ABC-123", 90, 9.5)[-1] == "Contract\u00a0ABC-123"
    assert wrapped("", 100, 10) == []
    assert wrapped("   ", 100, 10) == []
    assert wrapped("田中太郎田中太郎田中太郎", 30, 9.5, BOLD) == [
        "田中太",
        "郎田中",
        "太郎田",
        "中太郎",
    ]


@pytest.mark.parametrize(
    "number", ["+48 42 630 1100", "0113 496 0000", "+44 20 7946 0311", "+1 212 555 0100"]
)
def test_a_phone_number_is_never_broken_across_lines(number: str) -> None:
    text = f"Gatehouse staffed 24/7 (call {number}). Server room on the ground floor."
    for width in range(120, 240, 7):
        lines = wrapped(text, width, 9.5)
        assert sum(number.replace(" ", "\u00a0") in line for line in lines) == 1, width
        assert " ".join(lines).replace("\u00a0", " ") == text


def test_only_phone_numbers_are_held_together() -> None:
    assert words("Unit 3, Leeds LS10 1RS") == ["Unit", "3,", "Leeds", "LS10", "1RS"]
    assert words("steps 2 3 then 10 000 kg") == ["steps", "2", "3", "then", "10", "000", "kg"]
    assert words(" call 0800 123 456 or +44 20 7946 0311 ") == [
        "call",
        "0800\u00a0123\u00a0456",
        "or",
        "+44\u00a020\u00a07946\u00a00311",
    ]


def test_a_number_wider_than_its_column_breaks_between_groups() -> None:
    width = string_width("+49 1512 34", 8.5, BOLD)
    assert wrapped("+49 1512 3452455", width, 8.5, BOLD) == ["+49\u00a01512", "3452455"]


def test_at_most_so_many_lines_the_last_as_full_as_it_can_be_with_an_ellipsis() -> None:
    text = "Walk the whole site and check every door, window and fire exit before you leave."
    full = wrapped(text, 100, 9)
    assert len(full) > 3
    lines = wrapped(text, 100, 9, lines=3)
    assert lines[:2] == full[:2] and lines[2].endswith("…")
    assert " ".join(full[2:]).startswith(lines[2].removesuffix("…"))
    assert all(string_width(line, 9) <= 100 for line in lines)
    assert text.startswith(" ".join(lines)[:-1])
    assert wrapped(text, 100, 9, lines=len(full)) == full
    assert wrapped(text, 100, 9, lines=0) == []
    # Typed lines beyond the last: the ellipsis says there is more.
    assert wrapped("Gate A\nGate B\nGate C", 200, 9, lines=2) == ["Gate A", "Gate B Gate C …"]


def test_cut_sized_and_fitted() -> None:
    name = "The Extremely Long-Named Northern and Western Freight Forwarding Group"
    assert shortened("Short", 100, 9) == "Short"
    cut = shortened(name, 150, 11.5, BOLD)
    prefix = cut.removesuffix("…")
    assert name.startswith(prefix) and string_width(cut, 11.5, BOLD) <= 150
    after = len(prefix) + (2 if name[len(prefix)] == " " else 1)
    assert string_width(name[:after] + "…", 11.5, BOLD) > 150
    count = fitting(name, 150, 11.5, BOLD)
    assert (
        string_width(name[:count], 11.5, BOLD) <= 150 < string_width(name[: count + 1], 11.5, BOLD)
    )
    assert fitting("W", 1, 9) == 1
    number = "+44 113 496 0999"
    natural = string_width(number, 20, BOLD)
    assert largest_size(number, natural, 20, BOLD) == 20
    assert largest_size(number, natural * 0.92, 20, BOLD) == 18
    assert largest_size(number, 1, 20, BOLD, smallest=10) == 10
    assert fitted(number, natural * 0.92, 20, BOLD) == (number, 18)
    text, size = fitted(name, 100, 11.5, BOLD, smallest=9)
    assert size == 9 and text.endswith("…") and string_width(text, 9, BOLD) <= 100


def test_words_in_several_fonts_on_one_line() -> None:
    pieces = [("Check:", BOLD), ("the", REGULAR), ("DNS", REGULAR), ("answers", REGULAR)]
    width = string_width("Check: the DNS", 8.5, BOLD) + 5
    lines = broken(pieces, width, 8.5)
    assert [[w for w, _ in line] for line, _, _ in lines] == [["Check:", "the", "DNS"], ["answers"]]
    assert [(first, offset) for _, first, offset in lines] == [(0, 0), (3, 0)]
    # A word cut over lines says where each line starts in it.
    cut = broken([("webshop-prod.cluster.example.com", REGULAR)], 40, 8.5)
    assert "".join(line[0][0] for line, _, _ in cut) == "webshop-prod.cluster.example.com"
    offsets = [offset for _, _, offset in cut]
    assert offsets[0] == 0 and offsets == sorted(offsets) and len(set(offsets)) == len(cut)
