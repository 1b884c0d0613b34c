"""Phone numbers as people write them: one field, or somewhere in a sentence."""
from __future__ import annotations

import pytest

from aksjon.core.errors import InvalidInput
from aksjon.core.phones import normalise, phones_in_text, to_e164


@pytest.mark.parametrize("written", ["+47 912 34 567", "91234567", "0047 912 34 567", "912-34-567"])
def test_the_written_forms_of_one_number_meet(written):
    assert to_e164(written) == "+4791234567"


def test_an_impossible_number_is_refused_naming_the_field():
    with pytest.raises(InvalidInput) as refused:
        to_e164("12")
    assert refused.value.field == "phone"


def test_numbers_are_found_in_free_text_once_each_and_prices_are_not_numbers():
    text = ("Salongen annonserer med telefonnummeret 912-34-567, også 0047 46 04 40 00. "
            "Ring 912 34 567! Svensk nummer +46 70 123 45 67. 60 min 600,-, åpent 10-23.")
    assert phones_in_text(text) == ["+4791234567", "+4746044000", "+46701234567"]
    assert phones_in_text("") == [] and phones_in_text("Åpent 10-23 alle dager") == []


@pytest.mark.parametrize("written, expected", [
    ("912 34 567", ("+4791234567", True)),
    ("0047 912 34 567", ("+4791234567", True)),
    ("+47 59 12 34 56", ("+4759123456", False)),  # possible, in no range the library lists as assigned
    ("+46 70 123 45 67", ("+46701234567", True)),
    ("+45 12 34 56 78", ("+4512345678", False)),
    ("+66 81 234 5678", ("+66812345678", True)),
    ("12", (None, False)),  # too short for any plan
    ("ring meg", (None, False)),
    ("", (None, False)),
])
def test_normalise_keeps_possible_numbers_and_says_which_are_assigned(written, expected):
    assert normalise(written) == expected


def test_the_form_check_takes_a_possible_number_outside_the_assigned_ranges_and_refuses_an_impossible_one():
    # A person's number in a series the library does not list yet is theirs all the same;
    # a number of the wrong length is a typing error.
    assert to_e164("+47 59 12 34 56") == "+4759123456"
    assert normalise("+47 59 12 34 56") == ("+4759123456", False)
    for impossible in ("+47 59 12 34 5", "912 34 56 78 9", "ring meg"):
        with pytest.raises(InvalidInput):
            to_e164(impossible)
