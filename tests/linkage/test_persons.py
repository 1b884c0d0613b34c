"""A small dedupe: planted duplicates found, strong keys linked deterministically, pairs explained."""
import json

import pandas as pd
import pytest

from aksjon.linkage.clusters import clusters
from aksjon.linkage.engine import TooLittleData
from aksjon.linkage.evaluate import score_clusters
from aksjon.linkage.persons import CLUSTER_THRESHOLD, PERSON_COLUMNS, dedupe_persons, prepare_persons
from aksjon.linkage.result import DETERMINISTIC_PREFIX, PAIR_COLUMNS
from aksjon.linkage.synthetic_persons import generate_persons

COMPARISONS = ["given_name", "family_name", "birth_date", "phone", "address_key", "document_no"]


@pytest.fixture(scope="module")
def sample():
    return generate_persons(600, seed=21)


@pytest.fixture(scope="module")
def result(sample):
    return dedupe_persons(sample.records, duckdb_threads=2)


def test_planted_duplicates_are_found(sample, result):
    cluster_of = clusters(sample.records["unique_id"], result.links(), CLUSTER_THRESHOLD)
    assert score_clusters(cluster_of, sample.entity_of).f1 > 0.9


def test_pairs_have_the_documented_columns_and_rules(result):
    assert list(result.pairs.columns) == PAIR_COLUMNS
    rules = set(result.pairs["rule"])
    assert "splink" in rules
    assert rules <= {"splink", "deterministic:same_document", "deterministic:same_phone_and_name"}
    assert (result.pairs["unique_id_l"] != result.pairs["unique_id_r"]).all()


def test_each_splink_pair_explains_every_comparison(result):
    splink = result.pairs[result.pairs["rule"] == "splink"]
    for explanation in splink["explanation"]:
        assert [entry["comparison"] for entry in explanation] == COMPARISONS
        assert all(isinstance(entry["level"], str) and entry["level"] for entry in explanation)
    # The partial weights add up to the pair's weight less the prior, which is the same for every pair.
    priors = {round(weight - sum(e["match_weight"] for e in explanation), 6)
              for explanation, weight in zip(splink["explanation"], splink["match_weight"], strict=True)}
    assert len(priors) == 1


def test_model_json_is_the_trained_model(result):
    model = json.loads(result.model_json)
    assert [c["output_column_name"] for c in model["comparisons"]] == COMPARISONS
    assert 0 < model["probability_two_random_records_match"] < 1
    assert {"prepare", "train", "predict", "deterministic"} <= set(result.timings)


def _records(rows):
    frame = pd.DataFrame(rows, columns=PERSON_COLUMNS)
    return frame.astype(object).where(frame.notna(), None)


def test_strong_keys_link_deterministically_beside_the_model():
    sample = generate_persons(300, seed=5).records
    planted = _records([
        (9001, "Siriporn", "Saengsawat", None, None, None, "AB1234567", "tips"),
        (9002, "Lamai", "Hansen", "1980-01-01", None, None, "AB 123 4567", "controls"),
        (9003, "Nattaya", "Johansen", None, "+4791234567", None, None, "ads"),
        (9004, "Nuttaya", "Johannsen", None, "+4791234567", None, None, "roller"),
    ])
    result = dedupe_persons(pd.concat([sample, planted], ignore_index=True))
    deterministic = result.pairs[result.pairs["rule"].str.startswith(DETERMINISTIC_PREFIX)]
    found = {frozenset(pair): rule for *pair, rule in deterministic[["unique_id_l", "unique_id_r", "rule"]].itertuples(
        index=False)}
    assert found[frozenset({9001, 9002})] == "deterministic:same_document"
    assert found[frozenset({9003, 9004})] == "deterministic:same_phone_and_name"
    assert (deterministic["match_probability"] == 1.0).all()


def test_prepare_refuses_missing_columns():
    with pytest.raises(ValueError, match="lack columns"):
        prepare_persons(pd.DataFrame({"unique_id": [1]}))


def test_prepare_normalises_for_comparison():
    prepared = prepare_persons(_records([(1, "Siriphon", "Brøndbø", "1981-07-02T00:00", "", "Kongens gt. 12", " ab-12 ",
                                          "tips")]))
    row = prepared.iloc[0]
    assert (row["given_key"], row["family_norm"], row["birth_date"]) == ("siripon", "brondbo", "1981-07-02")
    assert (row["phone"], row["address_key"], row["document_no"]) == (None, "kongensgata 12", "AB12")


def test_too_little_data_is_said_plainly():
    strangers = _records([(1, "Siriporn", "Saengsawat", "1980-01-01", None, None, None, "tips"),
                          (2, "Lars", "Hansen", "1970-05-05", None, None, None, "ads")])
    with pytest.raises(TooLittleData):
        dedupe_persons(strangers)
    assert dedupe_persons(strangers.iloc[:1]).pairs.empty
