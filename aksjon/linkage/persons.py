"""Deduplicating person records from every source: a Splink model plus deterministic strong keys.

The input columns are PERSON_COLUMNS. See docs/linkage.md for why each
comparison, blocking rule and threshold is what it is.
"""
from __future__ import annotations

import json
import re

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from aksjon.linkage.addresses import normalise_address
from aksjon.linkage.engine import (
    SPLINK_LOG_LEVEL,
    TrainingPlan,
    all_pairs,
    deterministic_pairs,
    duckdb_api,
    model_json,
    scored_pairs,
    train,
)
from aksjon.linkage.names import name_key, normalise_name
from aksjon.linkage.result import PAIR_COLUMNS, LinkageResult, Stopwatch

PERSON_COLUMNS = ["unique_id", "given_name", "family_name", "birth_date", "phone", "address", "document_no", "source"]

# Candidate pairs. Each rule catches what the others miss, so recall stays high
# on transliteration variants; Splink scores a pair once however many rules find it.
PREDICTION_BLOCKING_RULES = [
    # Variant spellings share the first letters of the key and the birth year.
    block_on("substr(given_key, 1, 3)", "substr(family_key, 1, 3)", "substr(birth_date, 1, 4)"),
    # A new family name (marriage, divorce) but the same given name and birth date.
    block_on("substr(given_key, 1, 3)", "birth_date"),
    # A given name romanised differently from its first letter on ('Jonthicha', 'Chonthicha'):
    # it still ends alike. Without the ending, common family names and birth dates make
    # blocks of millions of pairs at a million records.
    block_on("family_key", "birth_date", "substr(given_key, -3)"),
    # The same names where the birth date is missing on either side.
    "l.given_key = r.given_key AND l.family_key = r.family_key "
    "AND (l.birth_date IS NULL OR r.birth_date IS NULL)",
    block_on("phone"),
    block_on("document_no"),
    # Same address, a name beginning alike: catches family-name typos without a birth date.
    block_on("address_key", "substr(given_key, 1, 2)"),
]

# Strong keys that link on their own, beside the model.
DETERMINISTIC_RULES = {
    "same_document": block_on("document_no"),
    "same_phone_and_name": block_on("phone", "given_key", "family_key"),
}

# Match weights (log2 odds, prior included): -2 is probability 0.2, 2 is 0.8.
# Pairs from DEFAULT_THRESHOLD up are kept, so a review queue sees the doubtful
# band; clusters form from CLUSTER_THRESHOLD up (best F1 on the synthetic
# benchmark lay between 0 and 2; the higher end favours not merging two people).
DEFAULT_THRESHOLD = -2.0
CLUSTER_THRESHOLD = 2.0
DEFAULT_MAX_EM_ITERATIONS = 10


def prepare_persons(records: pd.DataFrame) -> pd.DataFrame:
    """The comparison columns Splink reads, derived from PERSON_COLUMNS.

    Keys are computed once per distinct value: a million records carry only a
    few hundred thousand distinct names and addresses.
    """
    missing = [column for column in PERSON_COLUMNS if column not in records.columns]
    if missing:
        raise ValueError(f"person records lack columns: {missing}")
    return pd.DataFrame({
        "unique_id": records["unique_id"].to_numpy(),
        "given_norm": _per_distinct(records["given_name"], normalise_name),
        "given_key": _per_distinct(records["given_name"], name_key),
        "family_norm": _per_distinct(records["family_name"], normalise_name),
        "family_key": _per_distinct(records["family_name"], name_key),
        "birth_date": _per_distinct(records["birth_date"], _iso_date),
        "phone": _per_distinct(records["phone"], _blank_to_none),
        "address_key": _per_distinct(records["address"], normalise_address),
        "document_no": _per_distinct(records["document_no"], _document_number),
        "source": records["source"].to_numpy(),
    })


def _per_distinct(values: pd.Series, function) -> pd.Series:
    distinct = values.dropna().unique()
    mapped = values.map(dict(zip(distinct, map(function, distinct), strict=True)))
    # Empty keys mean 'nothing to compare'; Splink treats only NULL as missing.
    return mapped.where(mapped.notna() & (mapped != ""), None).astype(object).to_numpy()


def _blank_to_none(value: str) -> str | None:
    return value.strip() or None


def _iso_date(value) -> str | None:
    text = str(value).strip()[:10]
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None


def _document_number(value: str) -> str | None:
    return re.sub(r"[^0-9A-Z]", "", str(value).upper()) or None


def _name_comparison(part: str) -> cl.CustomComparison:
    """Spelling, then transliteration key, then Jaro-Winkler on the key, strongest first."""
    key, spelling = f"{part}_key", f"{part}_norm"
    return cl.CustomComparison(
        output_column_name=f"{part}_name",
        comparison_levels=[
            cll.NullLevel(key),
            # Term frequencies: agreeing on 'Hansen' says less than agreeing on 'Saengsawat'.
            cll.ExactMatchLevel(spelling, term_frequency_adjustments=True).configure(label_for_charts="same spelling"),
            # No term frequencies here: Splink would scale them by this level's own
            # u-probability, which only counts *different* spellings with one key.
            cll.ExactMatchLevel(key).configure(label_for_charts="same transliteration key"),
            cll.JaroWinklerLevel(key, 0.92).configure(label_for_charts="key Jaro-Winkler >= 0.92"),
            cll.JaroWinklerLevel(key, 0.8).configure(label_for_charts="key Jaro-Winkler >= 0.8"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def person_settings(max_em_iterations: int = DEFAULT_MAX_EM_ITERATIONS) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            _name_comparison("given"),
            _name_comparison("family"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True, datetime_thresholds=[1],
                                     datetime_metrics=["year"]),
            cl.ExactMatch("phone"),
            cl.JaroWinklerAtThresholds("address_key", [0.9]),
            cl.LevenshteinAtThresholds("document_no", [1]),
        ],
        blocking_rules_to_generate_predictions=PREDICTION_BLOCKING_RULES,
        max_iterations=max_em_iterations,
        retain_intermediate_calculation_columns=True,
    )


def training_plan(record_count: int, seed: int = 42) -> TrainingPlan:
    """EM passes on blocks that leave every comparison estimated at least once.

    On large inputs each pass is capped, since EM converges on a sample as well
    as on everything and the full blocks grow quadratically.
    """
    large = record_count > 200_000
    return TrainingPlan(
        prior_rules=[block_on("given_key", "family_key", "birth_date"), block_on("document_no")],
        prior_recall=0.7,
        u_max_pairs=5e6 if large else 2e6,
        em_rules=[block_on("given_key", "family_key"), block_on("birth_date"), block_on("phone")],
        em_max_pairs=2e6 if large else None,
        seed=seed,
    )


def dedupe_persons(
    records: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    max_em_iterations: int = DEFAULT_MAX_EM_ITERATIONS,
    duckdb_threads: int | None = None,
    duckdb_memory_limit: str | None = None,
    seed: int = 42,
) -> LinkageResult:
    """Train a model on `records` and return every pair with match_weight >= threshold,
    plus the deterministic links on strong keys, each row marked with its rule.

    Raises engine.TooLittleData when no two records share a strong key (the
    prior cannot be estimated); fewer than two records give an empty result.
    """
    watch = Stopwatch()
    if len(records) < 2:
        return LinkageResult(pairs=pd.DataFrame(columns=PAIR_COLUMNS), model_json="", timings={})
    with watch.step("prepare"):
        prepared = prepare_persons(records)
        db_api = duckdb_api(duckdb_threads, duckdb_memory_limit)
        table = db_api.register(prepared, table_name="persons")
        linker = Linker(table, person_settings(max_em_iterations), log_level=SPLINK_LOG_LEVEL)
    with watch.step("train"):
        train(linker, training_plan(len(prepared), seed))
        model = model_json(linker)
    with watch.step("predict"):
        predictions = linker.inference.predict(threshold_match_weight=threshold, warning_mode="never")
        probabilistic = scored_pairs(db_api, predictions, json.loads(model))
    with watch.step("deterministic"):
        deterministic = deterministic_pairs(table, DETERMINISTIC_RULES)
    return LinkageResult(pairs=all_pairs(probabilistic, deterministic), model_json=model, timings=watch.timings)
