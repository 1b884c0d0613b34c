"""Venues as places: which units are a venue and which are one venue, from register facts
(aksjon.linkage.places), alone and inside the unit/venue linkage."""
import random

import pandas as pd
import pytest

from aksjon.linkage.clusters import clusters
from aksjon.linkage.places import (
    ONE_BUSINESS,
    REREGISTERED,
    REVIEW_REREGISTERED,
    REVIEW_SAME_ADDRESS,
    SAME_PLACE,
    SOLE_ESTABLISHMENT,
    find_places,
    groups,
    prepare_places,
)
from aksjon.linkage.units import link_units_and_venues, review_band
from tests.linkage.test_units import orgnr, venue_records

RNG = random.Random(23)
COMPANY, CHAIN, TWIN, ACCOUNTANT = orgnr(RNG), orgnr(RNG), orgnr(RNG), orgnr(RNG)
# name -> (name, orgnr, form, industry, street, postcode, town, parent, registered, deleted, roles held)
UNITS = {
    # Re-registered under a new number and a new name at the same address, 19 days later.
    "old_salon": ("BAAN SABAI THAIMASSASJE Kulap Haugen", orgnr(RNG), "ENK", "96.040", "Storgata 5", "2317",
                  "HAMAR", None, "2014-02-01", "2019-05-01", []),
    "new_salon": ("GOLDEN LOTUS MASSASJE Ussa Berg", orgnr(RNG), "ENK", "96.040", "Storgt. 5", "2317", "HAMAR",
                  None, "2019-05-20", None, []),
    # A sole proprietorship with no establishment of its own: the venue at its business address.
    "sole": ("JASMINE THAIMASSASJE Malee Larsen", orgnr(RNG), "ENK", "86.909", "Kirkegata 3", "2317", "HAMAR",
             None, "2018-01-01", None, []),
    # A salon and a hairdresser in one building, both live.
    "salon": ("ROYAL SIAM MASSASJE Lada Moe", orgnr(RNG), "ENK", "96.040", "Torggata 9", "2317", "HAMAR", None,
              "2017-01-01", None, []),
    "hairdresser": ("KLIPP OG KRØLL AS", orgnr(RNG), "AS", "96.021", "Torggata 9", "2317", "HAMAR", None,
                    "2016-01-01", None, []),
    # A company with one salon (its establishment) ...
    "company": ("ORCHID WELLNESS AS", COMPANY, "AS", "96.040", "Parkveien 2", "2317", "HAMAR", None, "2016-03-01",
                None, []),
    "company_salon": ("ORCHID WELLNESS", orgnr(RNG), "BEDR", "96.040", "Strandgata 4", "2317", "HAMAR", COMPANY,
                      "2016-03-01", None, []),
    # ... a chain of three, all called the same ...
    "chain": ("LOTUS PALACE AS", CHAIN, "AS", "96.040", "Nygata 1", "2317", "HAMAR", None, "2015-01-01", None, []),
    "chain_a": ("LOTUS PALACE AS", orgnr(RNG), "BEDR", "96.040", "Nygata 1", "2317", "HAMAR", CHAIN, "2015-01-01",
                None, []),
    "chain_b": ("LOTUS PALACE AS", orgnr(RNG), "BEDR", "96.040", "Fjordgata 8", "2317", "HAMAR", CHAIN,
                "2016-01-01", None, []),
    "chain_c": ("LOTUS PALACE AS", orgnr(RNG), "BEDR", "96.040", "Kirkeveien 30", "2317", "HAMAR", CHAIN,
                "2017-01-01", None, []),
    # ... and a company with two establishments at one address (two registrations of one salon).
    "twin": ("RUEN THAI AS", TWIN, "AS", "96.040", "Havnegata 3", "2317", "HAMAR", None, "2015-01-01", None, []),
    "twin_a": ("RUEN THAI", orgnr(RNG), "BEDR", "96.040", "Havnegata 3", "2317", "HAMAR", TWIN, "2015-01-01", None,
               []),
    "twin_b": ("RUEN THAI SPA", orgnr(RNG), "BEDR", "96.040", "Havnegata 3", "2317", "HAMAR", TWIN, "2018-01-01",
               None, []),
    # No venues: a holding company, an accountant, and a unit in the sector that is accountant to others.
    "holding": ("SIAM INVEST HOLDING AS", orgnr(RNG), "AS", "64.200", "Storgata 5", "2317", "HAMAR", None,
                "2012-01-01", None, ["LEDE", "LEDE", "LEDE"]),
    "accountant": ("HAMAR REGNSKAP AS", ACCOUNTANT, "AS", "69.201", "Storgata 5", "2317", "HAMAR", None,
                   "2005-01-01", None, ["REGN"] * 12),
    "hub_in_sector": ("THAI SERVICE AS", orgnr(RNG), "AS", "96.040", "Parkveien 11", "2317", "HAMAR", None,
                      "2010-01-01", None, ["REGN", "REGN"]),
    # One salon deleted, and two units registered at its address within days: which one succeeds it is unsure.
    "gone": ("SAWASDEE AS", orgnr(RNG), "ENK", "96.040", "Strandveien 3", "2317", "HAMAR", None, "2012-01-01",
             "2020-03-01", []),
    "heir_a": ("SAWASDEE THAIMASSASJE Nok Dahl", orgnr(RNG), "ENK", "96.040", "Strandveien 3", "2317", "HAMAR",
               None, "2020-03-10", None, []),
    "heir_b": ("MASSASJE Pim Lie", orgnr(RNG), "ENK", "96.040", "Strandveien 3", "2317", "HAMAR", None,
               "2020-03-15", None, []),
}


def unit_frame(units: dict = UNITS) -> pd.DataFrame:
    return pd.DataFrame([{"unique_id": key, "kind": "unit", "name": name, "orgnr": number, "form": form,
                          "industry": industry, "street": street, "postcode": postcode, "town": town, "phones": [],
                          "parent_orgnr": parent, "registered": registered, "deleted": deleted, "roles_held": held}
                         for key, (name, number, form, industry, street, postcode, town, parent, registered, deleted,
                                   held) in units.items()])


@pytest.fixture(scope="module")
def places():
    return find_places(prepare_places(unit_frame()))


def rule(places, one, other) -> str | None:
    found = places.pairs[((places.pairs["unique_id_l"] == min(one, other))
                          & (places.pairs["unique_id_r"] == max(one, other)))]
    return found["rule"].iloc[0] if len(found) else None


def group_of(places) -> dict:
    return {uid: min(members) for members in groups(places) for uid in members}


def test_a_reregistration_with_a_new_name_is_the_same_venue_with_its_dates(places):
    assert rule(places, "old_salon", "new_salon") == REREGISTERED
    explanation = places.pairs.loc[places.pairs["rule"] == REREGISTERED, "explanation"].iloc[0][0]
    assert "2019-05-01" in explanation["level"] and "2019-05-20" in explanation["level"]
    assert group_of(places)["old_salon"] == group_of(places)["new_salon"]


def test_a_sole_proprietorship_is_a_venue_at_its_business_address(places):
    assert places.venue["sole"] is True and places.key["sole"] == ("kirkegata 3", "hamar")


def test_a_salon_and_a_hairdresser_at_one_address_are_not_one_venue(places):
    assert places.venue["salon"] is True and places.venue["hairdresser"] is False
    assert rule(places, "salon", "hairdresser") is None


def test_a_chain_s_establishments_are_venues_and_its_company_none(places):
    venues = group_of(places)
    assert all(places.venue[key] for key in ("chain_a", "chain_b", "chain_c"))
    assert len({venues["chain_a"], venues["chain_b"], venues["chain_c"]}) == 3
    assert places.venue["chain"] is False and "chain" not in venues


def test_a_company_with_one_place_is_that_venue(places):
    assert places.venue["company"] is False and places.venue["company_salon"] is True
    assert rule(places, "company", "company_salon") == SOLE_ESTABLISHMENT
    assert group_of(places)["company"] == group_of(places)["company_salon"]


def test_establishments_of_one_company_at_one_address_are_one_venue(places):
    assert rule(places, "twin_a", "twin_b") == SAME_PLACE
    assert rule(places, "twin", "twin_a") == SOLE_ESTABLISHMENT or rule(places, "twin", "twin_b") == SOLE_ESTABLISHMENT


def test_a_holding_company_and_accountants_are_no_venue(places):
    assert places.venue["holding"] is False and places.venue["accountant"] is False
    assert places.venue["hub_in_sector"] is False
    venues = group_of(places)
    assert not {"holding", "accountant", "hub_in_sector"} & set(venues)


def test_an_unsure_succession_goes_to_review_not_to_a_link(places):
    assert rule(places, "gone", "heir_a") == REVIEW_REREGISTERED
    assert rule(places, "gone", "heir_b") == REVIEW_REREGISTERED
    weights = places.pairs.loc[places.pairs["rule"] == REVIEW_REREGISTERED, "match_weight"]
    assert (weights == 0).all()
    venues = group_of(places)
    assert len({venues["gone"], venues["heir_a"], venues["heir_b"]}) == 3


def test_a_reregistration_outside_the_window_is_not_decided_by_the_register():
    frame = unit_frame()
    frame.loc[frame["unique_id"] == "new_salon", "registered"] = "2021-06-01"
    assert rule(find_places(prepare_places(frame)), "old_salon", "new_salon") is None
    assert rule(find_places(prepare_places(frame), window_days=800), "old_salon", "new_salon") == REREGISTERED


def test_a_reregistration_some_months_after_the_window_goes_to_review():
    frame = unit_frame()
    frame.loc[frame["unique_id"] == "new_salon", "registered"] = "2020-03-01"  # 305 days after the deletion
    found = find_places(prepare_places(frame))
    assert rule(found, "old_salon", "new_salon") == REVIEW_REREGISTERED
    pair = found.pairs[(found.pairs["unique_id_l"] == "new_salon") & (found.pairs["unique_id_r"] == "old_salon")]
    assert "305 days, after the window" in pair["explanation"].iloc[0][0]["level"]
    assert pair["match_weight"].iloc[0] == 0


def test_in_the_linkage_the_register_decides_places_and_the_model_keeps_chains_apart():
    records, _truth = venue_records()
    records = records.assign(form=None, industry=None, roles_held=None)
    special = unit_frame().assign(unique_id=lambda f: f["unique_id"].map(lambda k: f"u:{k}"))
    ads = pd.DataFrame([
        {"unique_id": "ad:chain_b", "kind": "ad", "name": "Lotus Palace", "street": "Fjordgata 8", "town": "HAMAR"},
        {"unique_id": "ad:new_salon", "kind": "ad", "name": "Golden Lotus", "street": "Storgata 5",
         "town": "HAMAR", "phones": ["+4790011223"]},
    ]).assign(orgnr=None, postcode=None, phones=lambda f: f["phones"].map(lambda p: p if isinstance(p, list) else []))
    frame = pd.concat([records.assign(unique_id=records["unique_id"].map(str)), special, ads], ignore_index=True)
    result = link_units_and_venues(frame)
    together = clusters(frame["unique_id"], result.links(), 2.0)

    def same(a, b):
        return together[f"u:{a}"] == together[f"u:{b}"]

    assert same("old_salon", "new_salon") and same("company", "company_salon") and same("twin_a", "twin_b")
    assert not same("chain_a", "chain_b") and not same("chain_b", "chain_c") and not same("chain", "chain_a")
    assert not same("salon", "hairdresser") and not same("holding", "old_salon")
    assert not same("accountant", "new_salon")
    assert together["ad:chain_b"] == together["u:chain_b"]
    rules = set(result.pairs["rule"])
    assert {REREGISTERED, SOLE_ESTABLISHMENT, SAME_PLACE, REVIEW_REREGISTERED} <= rules
    assert "deterministic:parent_orgnr" not in rules


def _places_of(units: dict):
    return find_places(prepare_places(unit_frame(units).assign(name=[u[0] for u in units.values()])))


def test_a_reregistration_at_an_address_written_differently_is_the_same_venue():
    company = orgnr(RNG)
    found = _places_of({
        "old": ("SABAI DEE MASSASJE Malee Dahl", orgnr(RNG), "ENK", "96.040", "Tollbugata 30", "1613", "FREDRIKSTAD",
                None, "2010-05-08", "2018-10-28", []),
        "company": ("SAWASDEE ORCHID AS", company, "AS", "96.040", "Tollbugata 30", "1613", "FREDRIKSTAD", None,
                    "2018-10-25", None, []),
        "new": ("SAWASDEE ORCHID", orgnr(RNG), "BEDR", "96.040", "Tollugata 30", "1613", "FREDRIKSTAD", company,
                "2018-10-25", None, []),
        # Same number, another street two edits away: another address.
        "other": ("TORG MASSASJE Pim Lie", orgnr(RNG), "ENK", "96.040", "Torggata 30", "1613", "FREDRIKSTAD", None,
                  "2018-11-01", None, []),
    })
    assert rule(found, "old", "new") == REREGISTERED
    assert rule(found, "old", "other") is None
    spaced = _places_of({
        "old": ("KRABI ORCHID", orgnr(RNG), "ENK", "96.040", "Kongens gtae 55", "9901", "KIRKENES", None,
                "2020-04-06", "2021-01-29", []),
        "new": ("ISAN HARMONY", orgnr(RNG), "ENK", "96.040", "Kongens gate 55", "9901", "KIRKENES", None,
                "2021-02-28", None, []),
    })
    assert rule(spaced, "old", "new") == REREGISTERED


def test_a_succession_of_three_at_one_address_links_each_to_the_next_not_to_review():
    found = _places_of({
        "first": ("SIAM PARADISE MASSASJE Pikul Larsen", orgnr(RNG), "ENK", "96.040", "Olav Tryggvasons gate 19",
                  "7011", "TRONDHEIM", None, "2022-12-14", "2024-01-10", []),
        "second": ("CHIANG MAI SABAI MASSASJE Jintana Strand", orgnr(RNG), "ENK", "96.040",
                   "Olav Tryggvasons gate 19", "7011", "TRONDHEIM", None, "2023-12-26", "2024-01-27", []),
        "third": ("CHIANG MAI WELLNESS MASSASJE Pensri Berg", orgnr(RNG), "ENK", "96.040", "Olav Tryggvasons gate 19",
                  "7011", "TRONDHEIM", None, "2024-02-15", None, []),
    })
    assert rule(found, "first", "second") == REREGISTERED and rule(found, "second", "third") == REREGISTERED
    assert rule(found, "first", "third") is None
    assert len({group_of(found)[key] for key in ("first", "second", "third")}) == 1


def test_a_main_unit_reregistered_under_its_name_in_its_town_elsewhere_is_the_same_venue():
    found = _places_of({
        "old": ("CHIANG MAI STAR ANS", orgnr(RNG), "ANS", "96.040", "Prinsens gate 27A", "5015", "BERGEN", None,
                "2023-06-14", "2024-02-08", []),
        "new": ("CHIANG MAI STAR ANS", orgnr(RNG), "ANS", "96.040", "Kristian IVs gate 25B", "5003", "BERGEN", None,
                "2024-02-06", None, []),
        # The same name in another town, or years later, is not decided by the register.
        "elsewhere": ("CHIANG MAI STAR ANS", orgnr(RNG), "ANS", "96.040", "Storgata 1", "0155", "OSLO", None,
                      "2024-03-01", None, []),
    })
    assert rule(found, "old", "new") == REREGISTERED
    assert "same name" in found.pairs.loc[found.pairs["rule"] == REREGISTERED, "explanation"].iloc[0][0]["level"]
    assert rule(found, "old", "elsewhere") is None


def test_another_trade_s_company_and_its_one_establishment_are_one_business_and_no_venue():
    hairdresser, restaurant = orgnr(RNG), orgnr(RNG)
    found = _places_of({
        "hairdresser": ("HANSEN FRISØR AS", hairdresser, "AS", "96.021", "Grønland 39", "7013", "TRONDHEIM", None,
                        "2015-03-05", None, []),
        "hairdresser_bedr": ("HANSEN FRISØR", orgnr(RNG), "BEDR", "96.021", "Nordre gate 12", "7014", "TRONDHEIM",
                             hairdresser, "2015-03-05", None, []),
        # Two establishments at two addresses: two of its places, not decided to be one.
        "restaurant": ("SIAM KITCHEN AS", restaurant, "AS", "56.101", "Torggata 53", "0174", "OSLO", None,
                       "1999-06-17", None, []),
        "restaurant_a": ("SIAM KITCHEN", orgnr(RNG), "BEDR", "56.101", "Torggata 53", "0174", "OSLO", restaurant,
                         "1999-06-17", None, []),
        "restaurant_b": ("SIAM KITCHEN", orgnr(RNG), "BEDR", "56.101", "Markveien 2", "0174", "OSLO", restaurant,
                         "2005-06-17", None, []),
    })
    assert rule(found, "hairdresser", "hairdresser_bedr") == ONE_BUSINESS
    assert not found.venue["hairdresser"] and not found.venue["hairdresser_bedr"]
    assert rule(found, "restaurant", "restaurant_a") is None and rule(found, "restaurant", "restaurant_b") is None
    assert not groups(found)  # no venue's group


def test_the_venue_review_band_is_review_pairs_and_unsure_model_pairs_in_two_clusters():
    pairs = pd.DataFrame([
        {"unique_id_l": "a", "unique_id_r": "b", "match_weight": 0.0, "match_probability": 0.5,
         "rule": REVIEW_REREGISTERED},
        {"unique_id_l": "a", "unique_id_r": "c", "match_weight": 1.0, "match_probability": 0.67, "rule": "model"},
        {"unique_id_l": "c", "unique_id_r": "d", "match_weight": -1.0, "match_probability": 0.33, "rule": "model"},
        {"unique_id_l": "a", "unique_id_r": "e", "match_weight": -5.0, "match_probability": 0.03, "rule": "model"},
        {"unique_id_l": "b", "unique_id_r": "f", "match_weight": 40.0, "match_probability": 1.0, "rule": REREGISTERED},
    ])
    cluster_of = {"a": "a", "b": "b", "c": "c", "d": "c", "e": "e", "f": "b"}
    band = review_band(pairs, cluster_of)
    assert list(zip(band["unique_id_l"], band["unique_id_r"], strict=True)) == [("a", "b"), ("a", "c")]
    assert len(review_band(pairs, cluster_of, low=-6.0)) == 3


def test_a_tip_that_fits_two_venues_equally_goes_to_review_with_both():
    from aksjon.linkage.fitting import FIT_TIE_RULE

    records, _truth = venue_records()
    twins = pd.DataFrame([
        {"unique_id": "u:orchid_a", "kind": "unit", "name": "ORCHID THAI SPA", "orgnr": orgnr(RNG),
         "street": "Elvegata 4", "town": "GJØVIK", "form": "AS", "industry": "96.040"},
        {"unique_id": "u:orchid_b", "kind": "unit", "name": "ORCHID THAI SPA", "orgnr": orgnr(RNG),
         "street": "Bergsli 17", "town": "GJØVIK", "form": "AS", "industry": "96.040"},
        {"unique_id": "tip:orchid", "kind": "venue", "name": "Orchid Thai Spa", "orgnr": None, "street": None,
         "town": "Gjøvik"},
    ]).assign(postcode=None, phones=[[], [], []], roles_held=[[], [], None])
    frame = pd.concat([records.assign(unique_id=records["unique_id"].map(str)), twins], ignore_index=True)
    result = link_units_and_venues(frame)
    together = clusters(frame["unique_id"], result.links(), 2.0)
    assert len({together["tip:orchid"], together["u:orchid_a"], together["u:orchid_b"]}) == 3
    tie = result.pairs[result.pairs["rule"] == FIT_TIE_RULE]
    assert {frozenset(p) for p in zip(tie["unique_id_l"], tie["unique_id_r"], strict=True)} >= {
        frozenset({"tip:orchid", "u:orchid_a"}), frozenset({"tip:orchid", "u:orchid_b"})}
    band = review_band(result.pairs, together)
    assert {frozenset({"tip:orchid", "u:orchid_a"})} <= {frozenset(p) for p in zip(
        band["unique_id_l"], band["unique_id_r"], strict=True)}


def test_two_places_live_at_one_address_go_to_review_unless_a_rule_joins_them():
    found = _places_of({
        "salon": ("ROYAL SIAM MASSASJE Lada Moe", orgnr(RNG), "ENK", "96.040", "Torggata 9", "2317", "HAMAR", None,
                  "2017-01-01", None, []),
        "own_firm": ("NOK DAHL MASSASJE", orgnr(RNG), "ENK", "96.040", "Torggata 9", "2317", "HAMAR", None,
                     "2019-01-01", None, []),
        # Gone years before the salon came: neither live with it nor within the window.
        "earlier": ("THAI HOUSE Pim Lie", orgnr(RNG), "ENK", "96.040", "Torggata 9", "2317", "HAMAR", None,
                    "2005-01-01", "2010-01-01", []),
    })
    assert rule(found, "own_firm", "salon") == REVIEW_SAME_ADDRESS
    assert rule(found, "earlier", "salon") is None and rule(found, "earlier", "own_firm") is None
    assert len({group_of(found)[key] for key in ("salon", "own_firm")}) == 2


def test_a_masseuse_s_own_firm_succeeding_another_at_the_salon_goes_to_review():
    from aksjon.linkage.units import prepare_units

    units = {
        "first": ("MASSASJE Prapapon Chaiyaphum", orgnr(RNG), "ENK", "96.040", "Havnegata 32", "3115", "TØNSBERG",
                  None, "2015-02-17", "2019-06-27", []),
        "second": ("MASSASJE Sasithon Duangdi", orgnr(RNG), "ENK", "96.040", "Havnegata 32", "3115", "TØNSBERG",
                   None, "2019-06-04", None, []),
    }
    frame = unit_frame(units).assign(owners=[["Prapapon Chaiyaphum"], ["Sasithon Duangdi"]])
    found = find_places(prepare_units(frame))
    assert rule(found, "first", "second") == REVIEW_REREGISTERED
    assert "own firm" in found.pairs["explanation"].iloc[0][0]["level"]
    # Without owners known the register cannot tell: the succession is linked.
    assert rule(find_places(prepare_units(frame.assign(owners=None))), "first", "second") == REREGISTERED
