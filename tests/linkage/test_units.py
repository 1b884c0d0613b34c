"""Units and venues: deterministic rules, the Splink model, and records that join the one group they fit."""
import random

import pandas as pd
import pytest

from aksjon.core.orgnr import make_orgnr
from aksjon.linkage.addresses import parse_address
from aksjon.linkage.clusters import clusters
from aksjon.linkage.evaluate import score_clusters
from aksjon.linkage.names import business_name_words
from aksjon.linkage.units import FIT_RULE, UNIT_COLUMNS, link_units_and_venues, prepare_units

WORDS = ["Baan", "Sabai", "Siam", "Lotus", "Orchid", "Bangkok", "Chiang", "Suk", "Jai", "Rose", "Golden", "Royal",
         "Phuket", "Sawasdee", "Ruen", "Nara", "Mali", "Kaew", "Lanna", "Isan"]
STREETS = ["Kongens gate", "Storgata", "Dronningens gate", "Kirkeveien", "Torggata", "Parkveien", "Strandgata"]
COLUMNS = [*UNIT_COLUMNS, "parent_orgnr", "registered", "deleted"]


def orgnr(rng):
    number = None
    while number is None:
        number = make_orgnr(f"9{rng.randint(1_000_000, 9_999_999)}")
    return number


def venue_records(count=120, seed=5):
    """Each business: its register unit, and one or two venues seen in ads, written differently."""
    rng, rows, truth = random.Random(seed), [], {}
    for business in range(count):
        name, street = " ".join(rng.sample(WORDS, 2)), rng.choice(STREETS)
        number, postcode = rng.randint(1, 80), f"{rng.randint(1, 99) * 100:04d}"
        town, phone = rng.choice(["OSLO", "BERGEN", "TRONDHEIM"]), f"+479{rng.randint(1_000_000, 9_999_999)}"
        rows.append((len(rows), "unit", f"{name.upper()} THAIMASSASJE ENK", orgnr(rng), f"{street} {number}", postcode,
                     town, [], None, None, None))
        for _ in range(rng.randint(1, 2)):
            written = street.replace("gate", "gt.") if rng.random() < 0.5 else street
            rows.append((len(rows), "venue", f"{name} Thai Massage" if rng.random() < 0.5 else name, None,
                         f"{written} {number}" if rng.random() < 0.8 else None,
                         postcode if rng.random() < 0.5 else None, town, [phone] if rng.random() < 0.6 else [],
                         None, None, None))
        truth.update({row[0]: business for row in rows if row[0] not in truth})
    return pd.DataFrame(rows, columns=COLUMNS), truth


# Records for one rule each, in towns the generated businesses never use:
# name -> (kind, name, orgnr, street, postcode, town, phones, parent, registered, deleted).
RNG = random.Random(11)
PARENT, ORCHID, SIAM, NUAD = orgnr(RNG), orgnr(RNG), orgnr(RNG), orgnr(RNG)
SPECIAL = {
    "company": ("unit", "LOTUS PALACE AS", PARENT, "Storgata 5", "2317", "HAMAR", [], None, None, None),
    "sub_unit": ("unit", "VIKEN HELSE", orgnr(RNG), "Torggata 9", "2317", "HAMAR", [], PARENT, None, None),
    "owner_firm": ("unit", "KRABI LOTUS THAIMASSASJE Siriporn Johansen", orgnr(RNG), "Storgata 1", "6413", "MOLDE",
                   [], None, "2015-03-01", "2019-05-01"),
    "owner_firm_again": ("unit", "KRABI LOTUS MASSASJE Siriporn Johansen", orgnr(RNG), "Kirkegata 7", "6415",
                         "MOLDE", [], None, "2019-05-20", None),
    "namesake": ("unit", "ROSE GARDEN AS", orgnr(RNG), "Nygata 2", "6413", "MOLDE", [], None, None, None),
    "namesake_too": ("unit", "ROSE GARDEN AS", orgnr(RNG), "Fjordgata 8", "6415", "MOLDE", [], None, None, None),
    "orchid_tip": ("venue", "Thai Orchid", None, "Havnegata 3", None, "NARVIK", [], None, None, None),
    "orchid_firm": ("unit", "ORCHID THAIMASSASJE Kulap Haugen", ORCHID, "Havnegata 3", "8514", "NARVIK", [], None,
                    None, None),
    "siam": ("unit", "SIAM JASMINE AS", SIAM, "Torget 4", "3256", "LARVIK", [], None, "2016-01-01", None),
    "siam_seen": ("venue", "Siam Jasmine", SIAM, "Torget 4", None, "LARVIK", [], None, None, None),
    "masseuse_firm": ("unit", "MASSASJE Malee Hansen", orgnr(RNG), "Torget 4", "3256", "LARVIK", [], None,
                      "2020-02-01", None),
    "nameless_tip": ("venue", None, None, "Torget 4", None, "LARVIK", [], None, None, None),
    "jade": ("unit", "JADE WELLNESS AS", orgnr(RNG), "Nygata 10", "3257", "LARVIK", [], None, None, None),
    "jade_seen": ("venue", "Jade Wellness", None, "Nygata 10", None, "LARVIK", [], None, None, None),
    "jade_too": ("unit", "JADE WELLNESS AS", orgnr(RNG), "Kirkegata 30", "3258", "LARVIK", [], None, None, None),
    "jade_too_seen": ("venue", "Jade Wellness", None, "Kirkegata 30", None, "LARVIK", [], None, None, None),
    "jade_tip": ("venue", "Jade Wellness Thai Spa", None, None, None, "LARVIK", [], None, None, None),
    "nuad": ("unit", "NUAD PALACE AS", NUAD, "Kongens gate 2", "3717", "SKIEN", [], None, "2015-01-01", "2018-06-01"),
    "nuad_seen": ("venue", "Nuad Palace", NUAD, "Kongens gate 2", None, "SKIEN", [], None, None, None),
    "nuad_successor": ("unit", "NUAD PALACE THAIMASSASJE Lada Moe", orgnr(RNG), "Parkveien 9", "3718", "SKIEN", [],
                       None, "2018-06-20", None),
    "nuad_namesake": ("unit", "NUAD PALACE MASSASJE Ussa Berg", orgnr(RNG), "Nygata 3", "3719", "SKIEN", [], None,
                      "2016-01-01", None),
    "booking_a": ("venue", "Golden Lotus Massasje", None, None, None, "BODØ", ["+4741234567"], None, None, None),
    "booking_b": ("venue", "Siam Royal", None, None, None, "BODØ", ["41 23 45 67"], None, None, None),
    "booking_c": ("venue", None, None, None, None, "BODØ", ["+47 412 34 567"], None, None, None),
    # One ad seen twice in the same words, and two records that say nothing but a town.
    "ad_seen": ("ad", "Lanna Rose", None, "Strandveien 3", None, "TROMSØ", ["+4790012345"], None, None, None),
    "ad_seen_again": ("ad", "Lanna Rose", None, "Strandveien 3", None, "TROMSØ", ["90012345"], None, None, None),
    "town_only": ("ad", None, None, None, None, "TROMSØ", [], None, None, None),
    "town_only_too": ("ad", None, None, None, None, "TROMSØ", [], None, None, None),
}


@pytest.fixture(scope="module")
def linked():
    records, truth = venue_records()
    ids = {}
    for key, row in SPECIAL.items():
        ids[key] = len(records)
        records.loc[len(records)] = [len(records), *row]
    result = link_units_and_venues(records)
    by_pair = {}
    for a, b, rule in result.pairs[["unique_id_l", "unique_id_r", "rule"]].itertuples(index=False):
        by_pair.setdefault(frozenset((a, b)), set()).add(rule)
    together = clusters(records["unique_id"], result.links(), 2.0)
    return records, truth, result, ids, by_pair, together


def rules_between(linked, one, other):
    _records, _truth, _result, ids, by_pair, _together = linked
    return by_pair.get(frozenset((ids[one], ids[other])), set())


def same_group(linked, one, other):
    ids, together = linked[3], linked[5]
    return together[ids[one]] == together[ids[other]]


def test_probabilistic_links_recover_the_businesses(linked):
    records, truth, result, *_ = linked
    planted = records[records["unique_id"].isin(truth)]
    cluster_of = clusters(planted["unique_id"], [(a, b, w) for a, b, w in result.links() if a in truth and b in truth],
                          2.0)
    assert score_clusters(cluster_of, truth).f1 > 0.85


def test_a_sub_unit_links_to_its_main_unit(linked):
    assert "deterministic:parent_orgnr" in rules_between(linked, "company", "sub_unit")


def test_a_long_name_links_in_one_town_but_a_short_one_does_not(linked):
    assert "deterministic:same_long_name_in_town" in rules_between(linked, "owner_firm", "owner_firm_again")
    assert not same_group(linked, "namesake", "namesake_too")


def test_a_name_inside_another_at_the_same_address_links(linked):
    assert "deterministic:name_inside_at_same_address" in rules_between(linked, "orchid_tip", "orchid_firm")


def test_a_nameless_record_joins_the_group_that_more_records_at_its_address_belong_to(linked):
    assert same_group(linked, "nameless_tip", "siam") and same_group(linked, "siam", "siam_seen")
    assert not same_group(linked, "nameless_tip", "masseuse_firm")
    assert any(FIT_RULE in rules for key in ("siam", "siam_seen")
               for rules in [rules_between(linked, "nameless_tip", key)])


def test_a_record_with_only_a_name_that_two_groups_carry_joins_neither(linked):
    assert same_group(linked, "jade", "jade_seen") and same_group(linked, "jade_too", "jade_too_seen")
    assert not same_group(linked, "jade", "jade_too")
    assert not same_group(linked, "jade_tip", "jade") and not same_group(linked, "jade_tip", "jade_too")


def test_a_lone_main_unit_joins_the_group_it_succeeds_not_one_it_overlaps(linked):
    assert same_group(linked, "nuad", "nuad_seen")
    assert same_group(linked, "nuad_successor", "nuad")
    assert not same_group(linked, "nuad_namesake", "nuad")


def test_a_phone_that_two_unrelated_names_give_links_nothing(linked):
    for one, other in [("booking_a", "booking_b"), ("booking_a", "booking_c"), ("booking_b", "booking_c")]:
        assert not same_group(linked, one, other)


def test_explanations_cover_every_comparison(linked):
    result = linked[2]
    splink = result.pairs[result.pairs["rule"] == "splink"]
    assert len(splink) > 0
    assert all([entry["comparison"] for entry in explanation] == ["name", "address", "phones", "orgnr"]
               for explanation in splink["explanation"])


def test_prepare_keys_names_and_addresses_and_drops_bad_numbers():
    frame = pd.DataFrame([(1, "unit", "BAAN SABAI THAIMASSASJE ENK", "923456784", "Kongens gt. 12", "7011",
                           "TRONDHEIM", ["912 34 567", "not a phone"])], columns=UNIT_COLUMNS)
    row = prepare_units(frame).iloc[0]
    assert (row["name_words"], row["orgnr"], row["street_key"]) == (["ban", "sabai"], None, "kongensgata 12")
    assert row["phones"] == ["+4791234567"] and row["parent_orgnr"] is None and row["registered"] is None


def test_business_names_meet_across_romanisations():
    assert business_name_words("CHAI DEE PALACE AS") == business_name_words("Jai Dee Palace Thai Spa")
    assert "".join(business_name_words("CHIANG MAI SMILE")) == "".join(business_name_words("Chiangmai Smile"))


def test_a_house_number_with_its_digits_swapped_has_the_same_digits():
    assert parse_address("Nordre gate 93").number_digits == parse_address("Nordregata 39").number_digits
    assert parse_address("Nordre gate 39").number_digits != parse_address("Nordregata 38").number_digits


def test_records_alike_in_every_key_are_scored_once_and_linked_by_rule(linked):
    assert rules_between(linked, "ad_seen", "ad_seen_again") == {"deterministic:same_description"}
    _records, _truth, result, ids, _by_pair, _together = linked
    scored = set(result.pairs.loc[result.pairs["rule"] == "splink", ["unique_id_l", "unique_id_r"]].stack())
    assert ids["ad_seen_again"] not in scored


def test_records_that_say_nothing_but_a_town_are_not_folded_together(linked):
    assert not same_group(linked, "town_only", "town_only_too")


def _prepared(rows: list[dict]) -> pd.DataFrame:
    base = {"kind": "venue", "name": None, "orgnr": None, "street": None, "postcode": None, "town": None,
            "phones": [], "owners": None, "text": None}
    return prepare_units(pd.DataFrame([base | {"unique_id": i} | row for i, row in enumerate(rows)])).set_index(
        "unique_id")


def test_a_sole_proprietorships_owner_is_not_part_of_the_salons_name():
    prepared = _prepared([
        {"kind": "unit", "name": "THAI WELLNESS THAIMASSASJE Suphaporn Larsen", "owners": ["Suphaporn Larsen"]},
        {"kind": "unit", "name": "THAI WELLNESS MASSASJE Unchalee Nahmwong", "owners": ["Unchalee Nahmwong"]},
        {"kind": "unit", "name": "MASSASJE Malee Hansen", "owners": ["Malee Hansen"]},  # nothing but the owner
    ])
    assert prepared.loc[0, "name_key"] == prepared.loc[1, "name_key"] == "".join(business_name_words("Wellness"))
    assert "larsen" in prepared.loc[0, "full_name_words"]  # the long-name rule still reads the whole name
    assert list(prepared.loc[2, "name_words"]) == business_name_words("Malee Hansen")


def test_a_nameless_tip_takes_the_one_venue_name_its_text_mentions_in_its_town():
    said = "Mange menn går inn og ut av {} sent på kvelden."
    prepared = _prepared([
        {"kind": "ad", "name": "Sawasdee Sabai", "town": "Trondheim"},
        {"kind": "ad", "name": "Sabai Star Thai Spa", "town": "Trondheim"},
        {"text": said.format("Sawasdee Sabai"), "town": "Trondheim"},
        {"text": said.format("Sawasdee Sabai") + " Også Sabai Star.", "town": "Trondheim"},  # two names
        {"text": said.format("Sawasdee Sabai"), "town": "Bergen"},  # no such venue there
        {"text": said.format("Sabai Star"), "town": None},  # no town: the country's names
        {"text": said.format("salongen"), "town": "Trondheim"},
    ])
    assert prepared.loc[2, "name_key"] == prepared.loc[0, "name_key"]
    assert prepared.loc[5, "name_key"] == prepared.loc[1, "name_key"]
    assert prepared.loc[[3, 4, 6], "name_key"].isna().all()
