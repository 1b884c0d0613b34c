"""The small parts: indicator rules, the clock, phones, names, postcodes, allocation, benchmark."""
import random
import tomllib
from datetime import date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aksjon.core.orgnr import is_valid_orgnr
from aksjon.core.phones import to_e164
from aksjon.synth import clock, names, phones
from aksjon.synth.bench import measure
from aksjon.synth.indicators import BY_CODE, INDICATORS, dimension_positive, likely_victim
from aksjon.synth.orgnumbers import OrgnrAllocator
from aksjon.synth.places import MUNICIPALITIES, make_address, norwegian_towns, written_address
from aksjon.synth.rng import largest_remainder, sub_rng

CATALOGUE = Path(__file__).resolve().parents[2] / "aksjon" / "data" / "indicators" / "ilo-ec-2009.toml"
GRADE = {"strong": "S", "medium": "M", "weak": "W", None: None}


def test_indicator_codes_are_the_catalogue_codes():
    catalogue = tomllib.loads(CATALOGUE.read_text("utf-8"))["indicator"]
    assert [i.code for i in INDICATORS] == [c["code"] for c in catalogue]
    for item in catalogue:
        mine = BY_CODE[item["code"]]
        assert (mine.dimension, mine.labour, mine.sexual) == (
            item["dimension"], GRADE[item.get("labour")], GRADE[item.get("sexual")])
    assert sum(1 for i in INDICATORS if i.labour) == 67


def test_dimension_rule():
    assert dimension_positive(["S", "S"]) and dimension_positive(["S", "W"]) and dimension_positive(["M"] * 3)
    assert dimension_positive(["M", "M", "W"])
    assert not dimension_positive(["S"]) and not dimension_positive(["M", "M"]) and not dimension_positive(["W"] * 5)


def test_victim_rule_needs_recruitment_exploitation_and_destination():
    recruitment = ["d1_deceived_nature_of_job", "d1_deceived_wages"]
    exploitation = ["d4_excessive_hours", "d4_low_or_no_salary"]
    destination = ["d5_debt_bondage", "d5_withholding_of_wages"]
    assert likely_victim(recruitment + exploitation + destination)
    assert not likely_victim(recruitment + exploitation)
    assert not likely_victim(exploitation + destination)
    # In the sexual list excessive hours is only medium: two medium are not enough.
    assert not likely_victim(recruitment + exploitation + destination, "sexual")


def test_clock_follows_european_summer_time():
    assert clock.stamp(datetime(2024, 3, 12, 10, 5)) == "2024-03-12T11:05:00+01:00"
    assert clock.stamp(datetime(2024, 3, 31, 0, 59)) == "2024-03-31T01:59:00+01:00"
    assert clock.stamp(datetime(2024, 3, 31, 1, 0)) == "2024-03-31T03:00:00+02:00"
    assert clock.stamp(datetime(2023, 10, 29, 1, 0)) == "2023-10-29T02:00:00+01:00"
    assert clock.local_to_utc(date(2023, 7, 1), 12, 0) == datetime(2023, 7, 1, 10, 0)


@given(st.integers(min_value=0, max_value=2**32))
def test_every_written_form_normalises_to_the_same_number(seed):
    rng = random.Random(seed)
    for country in ("NO", "SE", "DK"):
        number = phones.new_mobile(rng, country, set())
        for _ in range(4):
            written = phones.written(rng, number)
            assert to_e164(written) == phones.e164(number) == phones.parse_written(written)


def test_norwegian_mobiles_are_eight_digits_starting_4_or_9():
    rng = random.Random(3)
    for _ in range(500):
        code, digits = phones.new_mobile(rng, "NO", set())
        assert code == "47" and len(digits) == 8 and digits[0] in "49"


@given(st.integers(min_value=2000, max_value=2030), st.integers(min_value=0, max_value=10**6))
def test_allocated_organisation_numbers_are_valid_and_unique(year, seed):
    allocator = OrgnrAllocator(random.Random(seed))
    numbers = [allocator.new(year) for _ in range(30)]
    assert all(is_valid_orgnr(n) for n in numbers) and len(set(numbers)) == 30


def test_thai_names_have_real_spelling_variants():
    spellings = {v for variants in names.THAI_FEMALE_GIVEN for v in variants}
    assert {"Siriporn", "Siripon", "Siriphon", "Nattaya", "Nuttaya", "Natthaya"} <= spellings
    assert all(len(set(v)) == len(v) >= 2 for v in names.THAI_FEMALE_GIVEN + names.THAI_FAMILY)
    rng = random.Random(1)
    drawn = [names.spelling(rng, ("Siriporn", "Siripon", "Siriphon"), "Siriporn", 0.3) for _ in range(2000)]
    assert abs(sum(d != "Siriporn" for d in drawn) / 2000 - 0.3) < 0.04


def test_every_town_has_a_municipality_and_postcodes():
    towns = norwegian_towns()
    assert len(towns) == 64 and set(MUNICIPALITIES) == {t.name for t in towns}
    rng = random.Random(2)
    for town in towns:
        address = make_address(rng, town)
        assert town.postcodes[0] <= int(address.postcode) <= town.postcodes[1]
        assert len(address.postcode) == 4 and len(town.kommunenummer) == 4


def test_written_addresses_are_exact_or_slightly_wrong():
    rng = random.Random(4)
    address = make_address(rng, norwegian_towns()[0])
    assert {written_address(rng, address, 0.0) for _ in range(20)} == {address.line}
    garbled = {written_address(rng, address, 1.0) for _ in range(200)}
    assert len(garbled) > 5
    assert all(abs(len(g) - len(address.line)) <= 4 for g in garbled)


def test_random_streams_are_stable_and_independent():
    assert sub_rng(1, "ads").random() == sub_rng(1, "ads").random()
    assert sub_rng(1, "ads").random() != sub_rng(1, "tips").random() != sub_rng(2, "ads").random()
    assert largest_remainder(10, [5, 3, 2], minimum=1) == [5, 3, 2]
    assert sum(largest_remainder(851, [7, 1, 1, 0.5], minimum=1)) == 851


def test_benchmark_measures_a_child_run(tmp_path):
    figures = measure("week", seed=2, workdir=tmp_path)
    assert figures["week_ad_observations"][1] == "count" and figures["week_ad_observations"][0] > 1000
    assert 0 < figures["week_seconds"][0] < 60 and 0 < figures["week_peak_rss_mb"][0] < 2048
