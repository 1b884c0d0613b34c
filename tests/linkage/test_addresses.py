"""Norwegian street addresses: written variants meet; postcode and town pass through."""
import pytest

from aksjon.linkage.addresses import normalise_address, normalise_street, parse_address


@pytest.mark.parametrize("written", ["Kongens gate 12B", "Kongens gt. 12 b", "kongens  gata 12 B", "Kongensgate 12b",
                                     "KONGENS GATEN 12B"])
def test_street_type_and_letter_variants_meet(written):
    address = parse_address(written)
    assert (address.street, address.number, address.key) == ("kongensgata", "12b", "kongensgata 12b")


def test_one_word_streets_and_abbreviations():
    assert parse_address("Storgt. 5").key == parse_address("Storgata 5").key == "storgata 5"
    assert parse_address("Parkvn. 3").key == parse_address("Parkveien 3").key == "parkveien 3"
    assert normalise_street("Ravn") == "ravn"  # an 'vn' ending without a dot is no abbreviation


def test_postcode_and_town_pass_through_or_come_from_the_text():
    given = parse_address("Kongens gate 12", postcode="7011", town="TRONDHEIM")
    assert (given.postcode, given.town) == ("7011", "trondheim")
    written = parse_address("Storgata 5, 0155 Oslo")
    assert (written.street, written.number, written.postcode, written.town) == ("storgata", "5", "0155", "oslo")
    assert parse_address("Storgata 5, 0155 Oslo", postcode="0150").postcode == "0150"


def test_diacritics_and_extra_parts():
    assert parse_address("Søndre gate 7, 2. etg.").key == "sondregata 7"
    assert parse_address("Torget").key == "torget"


def test_nothing_to_compare_is_none():
    assert normalise_address(None) is None and normalise_address("  ") is None
