"""Linking new records with a saved model: a planted match joins its cluster, a stranger starts one."""
import pandas as pd
import pytest

from aksjon.linkage.clusters import clusters
from aksjon.linkage.incremental import NEW_MATCH_COLUMNS, link_new_records
from aksjon.linkage.persons import CLUSTER_THRESHOLD, PERSON_COLUMNS, dedupe_persons
from aksjon.linkage.synthetic_persons import generate_persons


@pytest.fixture(scope="module")
def earlier_run():
    existing = generate_persons(800, seed=13).records
    result = dedupe_persons(existing)
    return existing, result, clusters(existing["unique_id"], result.links(), CLUSTER_THRESHOLD)


def new_records(existing):
    known = existing.dropna(subset=["birth_date"]).iloc[0]
    again = (100_001, known["given_name"], known["family_name"], known["birth_date"], known["phone"],
             known["address"], None, "tips")
    stranger = (100_002, "Zyxwvut", "Qqqqqrrr", "1901-02-03", None, None, None, "tips")
    return pd.DataFrame([again, stranger], columns=PERSON_COLUMNS).astype(object), known["unique_id"]


def test_planted_match_joins_its_cluster_and_a_stranger_starts_one(earlier_run):
    existing, result, cluster_of = earlier_run
    new, known_id = new_records(existing)
    matches = link_new_records(result.model_json, existing, new, cluster_of).set_index("unique_id")
    assert list(matches.reset_index().columns) == NEW_MATCH_COLUMNS
    again, stranger = matches.loc[100_001], matches.loc[100_002]
    assert again["joins_existing"] and again["cluster_id"] == cluster_of[known_id]
    assert cluster_of[again["best_match_id"]] == cluster_of[known_id]
    assert again["match_weight"] >= CLUSTER_THRESHOLD
    assert not stranger["joins_existing"] and stranger["cluster_id"] == 100_002


def test_the_saved_model_is_used_as_it_is(earlier_run):
    existing, result, cluster_of = earlier_run
    new, _known_id = new_records(existing)
    before = result.model_json
    first = link_new_records(before, existing, new, cluster_of)
    second = link_new_records(before, existing, new, cluster_of)
    assert result.model_json == before
    pd.testing.assert_frame_equal(first, second)


def test_a_new_ad_joins_the_venue_it_describes_and_a_new_salon_starts_its_own():
    from aksjon.linkage.incremental import link_new_units
    from aksjon.linkage.units import link_units_and_venues
    from tests.linkage.test_units import venue_records

    existing, truth = venue_records(count=80, seed=3)
    result = link_units_and_venues(existing)
    cluster_of = clusters(existing["unique_id"], result.links(), CLUSTER_THRESHOLD)
    unit = existing[existing["kind"] == "unit"].iloc[0]
    new = pd.DataFrame([
        {"unique_id": 9001, "kind": "ad", "name": unit["name"].split(" THAI")[0].title(), "orgnr": None,
         "street": unit["street"], "postcode": None, "town": unit["town"], "phones": []},
        {"unique_id": 9002, "kind": "ad", "name": "Zqx Wvut Spa", "orgnr": None, "street": "Zyxveien 99",
         "postcode": None, "town": unit["town"], "phones": []},
    ])
    matches = link_new_units(result.model_json, existing, new, cluster_of).set_index("unique_id")
    assert matches.loc[9001, "joins_existing"] and matches.loc[9001, "cluster_id"] == cluster_of[unit["unique_id"]]
    assert {entry["comparison"] for entry in matches.loc[9001, "explanation"]} >= {"name", "address"}
    assert not matches.loc[9002, "joins_existing"] and matches.loc[9002, "cluster_id"] == 9002
