"""A small dedupe: planted duplicates found, strong keys linked deterministically, pairs explained."""
import json

import pandas as pd
import pytest

from aksjon.linkage.clusters import clusters
from aksjon.linkage.engine import TooLittleData
from aksjon.linkage.evaluate import score_clusters
from aksjon.linkage.persons import (
    CLUSTER_THRESHOLD,
    PERSON_COLUMNS,
    birth_dates_conflict,
    birth_key,
    dedupe_persons,
    person_clusters,
    prepare_persons,
)
from aksjon.linkage.result import DETERMINISTIC_PREFIX, PAIR_COLUMNS
from aksjon.linkage.synthetic_persons import generate_persons

COMPARISONS = ["given_name", "family_name", "birth_date", "phone", "address_key", "document_no", "service_role",
               "units"]


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


# Each pair below was never compared when a birth date was missing (or day and month were
# swapped): every one must now be a candidate pair, found by blocking and scored.
NAMED_CASES = [
    (("Somchai", "Rattana-chum", None), ("Somchai", "Rattanachum", "1984-02-11")),
    (("SOM-SRI", "Kaewdee", "1979-06-30"), ("Somsri", "Kaewdee", None)),
    (("Malee", "Supthongkul Haugen", None), ("Malee", "Haugen", "1990-04-21")),
    (("Roger Stian", "Larsen", "1966-08-14"), ("Roger", "Larsen", None)),
    (("Trond", "Jakobsen", None), ("Trond", "Jacobsen", "1971-09-25")),
    (("Soorachai", "Wongsakul", "1988-01-17"), ("Surachai", "Wongsakul", None)),
    (("Duangjay", "Phetsri", None), ("Duangchai", "Phetsri", "1993-10-02")),
    (("Nong Nuch", "Saenghong", None), ("Nong", "Nuch Saenghong", "1982-12-24")),
    (("Kulap", "Inthasorn", "1986-03-07"), ("Kulap", "Inthasorn", "1986-07-03")),
    (("Pranee", "Boonmee", "1975-05-09"), ("Boonmee", "Pranee", None)),
]


@pytest.fixture(scope="module")
def named_cases():
    noise = generate_persons(800, seed=9).records
    rows = [(10_000 + 2 * i + j, given, family, born, None, None, None, "roller")
            for i, case in enumerate(NAMED_CASES) for j, (given, family, born) in enumerate(case)]
    records = pd.concat([noise, _records(rows)], ignore_index=True)
    return records, dedupe_persons(records, duckdb_threads=2)


@pytest.mark.parametrize("case", range(len(NAMED_CASES)), ids=[f"{c[0][0]} {c[0][1]}" for c in NAMED_CASES])
def test_named_variants_are_compared(named_cases, case):
    _records_, result = named_cases
    pairs = {frozenset(pair) for pair in zip(result.pairs["unique_id_l"], result.pairs["unique_id_r"], strict=True)}
    assert frozenset({10_000 + 2 * case, 10_001 + 2 * case}) in pairs


def test_day_month_swap_is_a_level_of_its_own(named_cases):
    _records_, result = named_cases
    swapped = result.pairs[(result.pairs["unique_id_l"].isin([10_016, 10_017]))
                           & (result.pairs["unique_id_r"].isin([10_016, 10_017]))]
    levels = {entry["comparison"]: entry["level"] for entry in swapped.iloc[0]["explanation"]}
    assert levels["birth_date"] == "day and month swapped"
    assert birth_key("1986-03-07") == birth_key("1986-07-03") and birth_key("1986-03-17") == "1986-03-17"
    assert not birth_dates_conflict("1986-03-07", "1986-07-03") and birth_dates_conflict("1986-03-07", "1986-03-08")


def test_a_maiden_name_kept_as_a_middle_name_meets_the_family_name():
    """'Kunnika Siriwong' 'Berge' (married, maiden name as a middle name) and 'Kunnika' 'Siriwong':
    the family name of one is a word of the other's whole name, a level of its own above 'different'."""
    noise = generate_persons(400, seed=13).records
    planted = _records([(20_001, "Kunnika Siriwong", "Berge", "1978-08-22", None, None, None, "roller"),
                        (20_002, "Kunnika", "Siriwong", "1978-08-22", None, None, None, "controls")])
    result = dedupe_persons(pd.concat([noise, planted], ignore_index=True), duckdb_threads=2)
    pair = result.pairs[result.pairs["unique_id_l"].isin([20_001, 20_002])
                        & result.pairs["unique_id_r"].isin([20_001, 20_002])]
    levels = {entry["comparison"]: entry["level"] for entry in pair.iloc[0]["explanation"]}
    assert levels["family_name"] == "family name among the other's whole name"
    assert pair.iloc[0]["match_weight"] >= CLUSTER_THRESHOLD


def test_service_roles_are_prepared_only_where_given():
    """REGN/REVI (accountant, auditor) are kept for the service-role comparison; other roles and
    records without a `role` column have none, so the comparison is null for them."""
    rows = _records([(1, "Per", "Hansen", None, None, None, None, "roller"),
                     (2, "Per", "Hansen", "1976-09-23", None, None, None, "roller"),
                     (3, "Per", "Hansen", "1961-01-02", None, None, None, "roller")])
    assert prepare_persons(rows)["service_role"].tolist() == [None, None, None]
    with_roles = rows.assign(role=["REGN", "REVI", "DAGL"])
    assert prepare_persons(with_roles)["service_role"].tolist() == ["REGN", "REVI", None]


def test_a_bridge_without_birth_date_does_not_join_namesakes():
    """Two accountants named Kari Hansen born 15 years apart, and a third record of the name with no
    birth date that the model links to both: one cluster would hold two birth dates."""
    records = _records([(1, "Kari", "Hansen", "1961-04-12", "+4790000001", None, None, "roller"),
                        (2, "Kari", "Hansen", None, "+4790000001", None, None, "roller"),
                        (3, "Kari", "Hansen", "1976-09-30", "+4790000002", None, None, "roller")])
    links = [(1, 2, 12.0), (2, 3, 6.0)]
    derived = person_clusters(records, links)
    assert derived.cluster[1] != derived.cluster[3]
    assert derived.broken == {(2, 3)}  # the bridge's weaker link, for review
    assert person_clusters(records, links, same=[(1, 3)]).cluster[3] == 1  # an analyst's "same" wins


def test_swapped_day_and_month_is_no_conflict():
    records = _records([(1, "Kulap", "Inthasorn", "1986-03-07", None, None, None, "roller"),
                        (2, "Kulap", "Inthasorn", "1986-07-03", None, None, None, "controls")])
    assert person_clusters(records, [(1, 2, 8.0)]).cluster[2] == 1


def test_roles_in_one_unit_meet_whatever_their_names():
    """A daglig leder who is also chair of the board, written once with a maiden name and no birth
    date: no name key joins 'Ampai Paulsen' and 'Ampai Somsri', but one unit does; the pair is
    compared and the unit is a level of its own. A husband on the same board is compared too, and
    for him a unit in common with an unlike given name is no more than no unit in common."""
    noise = generate_persons(600, seed=21).records
    planted = _records([(30_001, "Ampai", "Paulsen", "1980-08-18", None, None, None, "roller"),
                        (30_002, "Ampai", "Somsri", None, None, None, None, "roller"),
                        (30_003, "Geir", "Paulsen", None, None, None, None, "roller")])
    planted["units"] = [["918728643"], ["918728643", "911111111"], ["918728643"]]
    records = pd.concat([noise.assign(units=None), planted], ignore_index=True)
    assert prepare_persons(records)["units"].tolist()[-3:] == [["918728643"], ["911111111", "918728643"],
                                                               ["918728643"]]
    # Every scored pair, whatever its weight: what is tested is that the pair is compared and which
    # level it meets. What the level weighs is learnt from data where every role holder has units
    # (the national benchmark), not from these three.
    pairs = dedupe_persons(records, threshold=-100, duckdb_threads=2).pairs
    pairs = pairs[pairs["unique_id_l"].isin([30_001, 30_002, 30_003]) & pairs["unique_id_r"].isin([30_001, 30_002,
                                                                                                   30_003])]
    level = {frozenset((row.unique_id_l, row.unique_id_r)): {e["comparison"]: e["level"] for e in row.explanation}
             for row in pairs.itertuples()}
    assert level[frozenset((30_001, 30_002))]["units"] == "a unit in common, given names alike"
    assert level[frozenset((30_001, 30_003))]["units"] == "no unit in common, or unlike given names"
    assert prepare_persons(noise)["units"].isna().all()  # no `units` column: the comparison is null
