"""The one way of reading a number, a date or text from outside (aksjon/core/parse.py)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from aksjon.core import parse
from aksjon.core.errors import InvalidInput

NOT_NUMBERS = ["", "abc", "1.5", "²", "١", "١٢", " 1", "1 ", "+1", "-1", "1_000", "1e3", str(10**23),
               str(parse.LARGEST_KEY + 1), None, 7]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_a_whole_number_is_ascii_digits_in_range(text):
    with pytest.raises(InvalidInput) as error:
        parse.whole_number(text, field="operation")
    assert error.value.field == "operation" and "operation" in error.value.message


def test_whole_numbers_and_keys():
    assert parse.whole_number("0", field="n") == 0
    assert parse.record_key(str(parse.LARGEST_KEY), field="n") == parse.LARGEST_KEY
    with pytest.raises(InvalidInput, match="does not name a record"):
        parse.record_key("0", field="n")


@pytest.mark.parametrize("text", ["0001-01-01", "99999-01-01", "1899-12-31", "3000-01-01", "20240311",
                                  "2024-W11-1", "2024-02-30", "２０２４-03-11", "", None])
def test_a_date_is_yyyy_mm_dd_between_1900_and_2999(text):
    with pytest.raises(InvalidInput):
        parse.calendar_date(text, field="from")


def test_dates_and_times_that_are_right():
    assert parse.calendar_date("2024-03-11", field="from") == date(2024, 3, 11)
    assert parse.date_and_time("2024-03-11T09:30", field="at") == datetime(2024, 3, 11, 9, 30)
    with pytest.raises(InvalidInput):
        parse.date_and_time("0001-01-01T00:00", field="at")


@pytest.mark.parametrize("text", ["a\x00b", "x" * 201, "\x1b[31m", None])
def test_text_has_no_control_characters_and_a_length(text):
    with pytest.raises(InvalidInput):
        parse.plain_text(text, field="q")


def test_text_and_switches_that_are_right():
    assert parse.plain_text("  Baan Sabai\t", field="q") == "Baan Sabai"
    assert (parse.yes_or_no("1", field="s"), parse.yes_or_no("No", field="s")) == (True, False)
    with pytest.raises(InvalidInput):
        parse.yes_or_no("maybe", field="s")
