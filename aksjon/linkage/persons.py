"""Deduplicating person records from every source: a Splink model plus deterministic strong keys.

The input columns are PERSON_COLUMNS. See docs/linkage.md for why each
comparison, blocking rule and threshold is what it is.
"""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from aksjon.linkage.addresses import normalise_address
from aksjon.linkage.clusters import Derived, derive_apart
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
from aksjon.linkage.names import name_key, normalise_name, sound_key, whole_name_keys
from aksjon.linkage.result import PAIR_COLUMNS, LinkageResult, Stopwatch

PERSON_COLUMNS = ["unique_id", "given_name", "family_name", "birth_date", "phone", "address", "document_no", "source"]

# Candidate pairs. Each rule catches what the others miss, so recall stays high
# on transliteration variants; Splink scores a pair once however many rules find it.
# `birth_key` is the birth date with day and month in order (a day–month swap is the same key).
PREDICTION_BLOCKING_RULES = [
    # Variant spellings share the first letters of the key and the birth year and month (a day
    # mistyped still meets). Not the year alone: at a million records that joined 4.6M pairs, most
    # of them born months apart, which the birth-date constraint keeps apart anyway.
    block_on("substr(given_key, 1, 3)", "substr(family_key, 1, 3)", "substr(birth_date, 1, 7)"),
    # A new family name (marriage, divorce) but the same given name and birth date (or day and month swapped).
    block_on("substr(given_key, 1, 3)", "birth_key"),
    # A given name romanised differently from its first letter on ('Jonthicha', 'Chonthicha'):
    # it still ends alike. Without the ending, common family names and birth dates make
    # blocks of millions of pairs at a million records.
    block_on("family_key", "birth_key", "substr(given_key, -3)"),
    # The same words, in another order or split otherwise (family name written first), born the same day.
    block_on("name_sorted", "birth_key"),
    # Where the birth date is missing on either side, the whole name must carry the pair:
    # run together (hyphens, spaces, first/middle/last split), first and last word (a middle or
    # maiden name added or dropped, the order), first word and first family word (a married name
    # dropped). The keys are sound keys (names.sound_key) and are left out where too common
    # (NAME_KEY_CAP): a common name without a birth date cannot tell people apart anyway.
    # The undated side's key (`*_undated`, NULL on dated records, which an equi-join skips) meets
    # the other's full key: only pairs with a record lacking its birth date are joined at all
    # (filtering 'birth date missing' after joining on the full key joined ~8.5M pairs at 1M).
    # Splink keeps a dedupe pair only as l.unique_id < r.unique_id, so each key needs both sides.
    *[rule for key in ("block_joined", "block_ends", "block_ends_family")
      for rule in (f"l.{key}_undated = r.{key}", f"r.{key}_undated = l.{key}")],
    block_on("phone"),
    block_on("document_no"),
    # Roles in one unit (a daglig leder who is also chair of the board, written once with a birth
    # date and once without, or with a maiden name): a unit has a handful of roles, so this is cheap.
    block_on("units", arrays_to_explode=["units"]),
    # Same address, a name beginning alike: catches family-name typos without a birth date.
    block_on("address_key", "substr(given_key, 1, 2)"),
]

# A whole-name key (name_joined, name_ends, name_ends_family) that more records carry is left
# out of blocking: 'Kari Hansen' without a birth date would pair with thousands at a million
# records, and the model could not tell those people apart by name alone.
NAME_KEY_CAP = 50

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
# The review band: model pairs from REVIEW_LOW up to (not including) REVIEW_HIGH, and every link
# a constraint broke, whatever its weight (review_band). See docs/linkage.md, 'Review band'.
REVIEW_LOW = -2.0
# 4, not 6: with the service-role comparison many confident accountant pairs lie between 4 and 6;
# at 6 seed 7 of the national scenario asked about 352 pairs, at 4 every seed gives 20-300.
REVIEW_HIGH = 4.0
# Fewer doubtful pairs than this, and the model pairs nearest CLUSTER_THRESHOLD fill the band
# up to it: a queue of none would let the hard cases be decided silently.
REVIEW_MIN = 20
DEFAULT_MAX_EM_ITERATIONS = 10


def prepare_persons(records: pd.DataFrame) -> pd.DataFrame:
    """The comparison columns Splink reads, derived from PERSON_COLUMNS.

    Keys are computed once per distinct value: a million records carry only a
    few hundred thousand distinct names and addresses.
    """
    missing = [column for column in PERSON_COLUMNS if column not in records.columns]
    if missing:
        raise ValueError(f"person records lack columns: {missing}")
    birth_date = _per_distinct(records["birth_date"], _iso_date)
    given, family = _factorized(records["given_name"]), _factorized(records["family_name"])
    joined, name_sorted, ends, ends_family = _whole_name_columns(given, family)
    given_words, family_words = _per_distinct(given, name_key), _per_distinct(family, name_key)
    # Blocking keys for records without a birth date: the capped key there, NULL on dated records.
    blocks = {"block_joined": _capped(joined), "block_ends": _capped(ends), "block_ends_family": _capped(ends_family)}
    undated = pd.isna(pd.Series(birth_date, dtype=object)).to_numpy()
    return pd.DataFrame({
        "unique_id": records["unique_id"].to_numpy(),
        "given_norm": _per_distinct(given, normalise_name),
        # Keys run together: 'Rattana-chum' and 'Rattanachum', 'SOM-SRI' and 'Somsri' are one key.
        "given_key": _per_distinct(given, _joined_key),
        "given_words": given_words,
        # How many words: only where one side has several can one name's words lie inside the
        # other's without the keys being equal, so the comparison level splits only those.
        "given_word_count": _word_counts(given),
        "family_norm": _per_distinct(family, normalise_name),
        "family_key": _per_distinct(family, _joined_key),
        "family_words": family_words,
        "family_word_count": _word_counts(family),
        # Sound keys (names.sound_key: 'ch' and 'j' one letter) of each part, words kept apart.
        "given_sound": _per_distinct(given, sound_key),
        "family_sound": _per_distinct(family, sound_key),
        "name_joined": joined,
        "name_sorted": name_sorted,
        **blocks,
        **{f"{name}_undated": np.where(undated, keys, None) for name, keys in blocks.items()},
        "birth_date": birth_date,
        "birth_key": _per_distinct(pd.Series(birth_date, dtype=object), birth_key),
        # Days since 1970 as an integer: 'within a year' is then arithmetic, not date parsing per pair.
        "birth_days": _birth_days(birth_date),
        "phone": _per_distinct(records["phone"], _blank_to_none),
        "address_key": _per_distinct(records["address"], normalise_address),
        "document_no": _per_distinct(records["document_no"], _document_number),
        "source": records["source"].to_numpy(),
        # A role that professionals hold for many unrelated units (accountant REGN, auditor REVI): two
        # namesakes without a birth date are one person far more often when both keep the same books.
        "service_role": _service_roles(records),
        "units": _units(records),
    })


SERVICE_ROLES = ("REGN", "REVI")


def _service_roles(records: pd.DataFrame) -> np.ndarray:
    """The register's role code where it is a service role (SERVICE_ROLES), else None; records without
    a `role` column (it is optional) have none."""
    if "role" not in records.columns:
        return np.full(len(records), None, dtype=object)
    roles = records["role"].astype(object)
    return roles.where(roles.isin(SERVICE_ROLES), None).to_numpy()


def _units(records: pd.DataFrame) -> np.ndarray:
    """The organisation numbers of the units a record is tied to (`units`, optional: the unit a role
    is held in, the controlled venue's unit for a person met), sorted, or None where there are none."""
    if "units" not in records.columns:
        return np.full(len(records), None, dtype=object)
    units = np.empty(len(records), dtype=object)
    units[:] = [sorted({str(unit) for unit in value if unit}) or None if isinstance(value, list | tuple | set)
                else None for value in records["units"]]
    return units


def _per_distinct(values: pd.Series | tuple[np.ndarray, pd.Index], function) -> np.ndarray:
    """`function` of each value, computed once per distinct value and spread by its code
    (pd.factorize: no hashing of a million strings through a dict per key). `values` may be
    a column already factorized (_factorized), when several keys are read from it."""
    codes, distinct = _factorized(values) if isinstance(values, pd.Series) else values
    mapped = np.empty(len(distinct) + 1, dtype=object)  # the last slot is for missing values (code -1)
    mapped[:-1] = [function(value) for value in distinct]
    # Empty keys mean 'nothing to compare'; Splink treats only NULL as missing.
    return _blank_none(mapped)[codes]


def _factorized(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    return pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)


def _whole_name_columns(given: tuple[np.ndarray, pd.Index], family: tuple[np.ndarray, pd.Index]) -> list[np.ndarray]:
    """The four whole-name keys (names.whole_name_keys) of every record, from the factorized given and
    family names: each distinct name is split into sound-key words once, each distinct (given, family)
    pair (a few hundred thousand at a million records) is keyed once, and the keys are spread by code."""
    (given_codes, given_names), (family_codes, family_names) = given, family
    given_words = [sound_key(name).split() for name in given_names] + [[]]  # the last slot: missing (-1)
    family_words = [sound_key(name).split() for name in family_names] + [[]]
    rows = np.where(given_codes < 0, len(given_names), given_codes).astype(np.int64)
    columns = np.where(family_codes < 0, len(family_names), family_codes).astype(np.int64)
    pairs, spread = np.unique(rows * len(family_words) + columns, return_inverse=True)
    keys = np.array([whole_name_keys(given_words[pair // len(family_words)], family_words[pair % len(family_words)])
                     for pair in pairs.tolist()], dtype=object).reshape(-1, 4)
    return [_blank_none(keys[spread.reshape(-1), column]) for column in range(4)]


def _blank_none(keys: np.ndarray) -> np.ndarray:
    """Empty keys as None: Splink treats only NULL as missing."""
    keys = keys.copy()
    keys[pd.isna(keys) | (keys == "")] = None
    return keys


def _word_counts(names: tuple[np.ndarray, pd.Index]) -> np.ndarray:
    """How many words each name's key has (0 where missing), counted once per distinct name."""
    codes, distinct = names
    counts = np.array([len(name_key(name).split()) for name in distinct] + [0], dtype="int8")
    return counts[codes]


def _birth_days(iso: np.ndarray) -> pd.Series:
    days = pd.to_datetime(pd.Series(iso, dtype=object), format="%Y-%m-%d", errors="coerce")
    return pd.Series((days - pd.Timestamp("1970-01-01")).dt.days, dtype="Int32").to_numpy()


def _joined_key(value: str) -> str:
    return name_key(value).replace(" ", "")


def _capped(keys: np.ndarray) -> np.ndarray:
    """The keys, with every key carried by more than NAME_KEY_CAP records set to None."""
    codes, _distinct = _factorized(keys)
    counts = np.bincount(codes[codes >= 0], minlength=len(_distinct))
    capped = keys.copy()
    capped[(codes >= 0) & (counts[codes] > NAME_KEY_CAP)] = None
    return capped


def birth_key(iso: str | None) -> str | None:
    """A birth date with day and month in ascending order where both could be a month, so that a
    date with day and month swapped (1987-03-07 / 1987-07-03) gives the same key."""
    if not iso:
        return None
    year, month, day = iso[:4], iso[5:7], iso[8:10]
    if int(month) <= 12 and int(day) <= 12:
        month, day = sorted((month, day))
    return f"{year}-{month}-{day}"


def birth_dates_conflict(left: str | None, right: str | None) -> bool:
    """Two known birth dates that differ other than by a day–month swap: two people."""
    return bool(left) and bool(right) and birth_key(left) != birth_key(right)


def _blank_to_none(value: str) -> str | None:
    return value.strip() or None


def _iso_date(value) -> str | None:
    text = str(value).strip()[:10]
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None


def _document_number(value: str) -> str | None:
    return re.sub(r"[^0-9A-Z]", "", str(value).upper()) or None


def _words_inside(part: str) -> str:
    """One name's words all inside the other's. Two one-word names meet here only when their keys are
    equal, which an earlier level takes, so only pairs where a side has several words are split."""
    column = f"{part}_words"
    left, right = f"str_split(\"{column}_l\", ' ')", f"str_split(\"{column}_r\", ' ')"
    return (f'("{part}_word_count_l" > 1 OR "{part}_word_count_r" > 1) '
            f"AND (list_has_all({left}, {right}) OR list_has_all({right}, {left}))")


def _family_inside_whole_name(part: str) -> list:
    """For family names: one record's family name among the words of the other's whole name, given
    names included: a maiden name kept as a middle name beside a married one ('Kunnika Siriwong' 'Berge'
    / 'Kunnika' 'Siriwong'), or written as a given name. Compared on sound keys (name_sorted)."""
    if part != "family":
        return []
    inside = [f"list_has_all(str_split(\"name_sorted_{a}\", ' '), str_split(\"family_sound_{b}\", ' '))"
              for a, b in (("l", "r"), ("r", "l"))]
    return [cll.CustomLevel(f"({inside[0]} OR {inside[1]})",
                            label_for_charts="family name among the other's whole name")]


def _name_comparison(part: str) -> cl.CustomComparison:
    """Spelling, then transliteration key, then the whole name split or ordered otherwise, then one
    name's words inside the other's (a middle or maiden name added), then Jaro-Winkler on the key."""
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
            cll.CustomLevel('("name_joined_l" = "name_joined_r" OR "name_sorted_l" = "name_sorted_r")',
                            label_for_charts="same whole name, split or ordered otherwise"),
            cll.CustomLevel(_words_inside(part), label_for_charts="one name's words inside the other's"),
            *_family_inside_whole_name(part),
            # จ written 'ch' or 'j' (Duangjai / Duangchai): a level of its own, since ช is 'ch' too.
            cll.ExactMatchLevel(f"{part}_sound").configure(label_for_charts="same sound key"),
            cll.JaroWinklerLevel(key, 0.92).configure(label_for_charts="key Jaro-Winkler >= 0.92"),
            cll.JaroWinklerLevel(key, 0.8).configure(label_for_charts="key Jaro-Winkler >= 0.8"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def _birth_date_comparison() -> cl.CustomComparison:
    """Exact, then day and month swapped (a clerk's slip between formats), then one character
    apart, then within a year. Any level but the first two is two people by the constraint
    (birth_dates_conflict) unless an analyst says otherwise; the levels still weigh the pair."""
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date").configure(label_for_charts="same date"),
            cll.ExactMatchLevel("birth_key").configure(label_for_charts="day and month swapped"),
            cll.LevenshteinLevel("birth_date", 1).configure(label_for_charts="one character apart"),
            cll.CustomLevel('abs("birth_days_l" - "birth_days_r") <= 366', label_for_charts="within a year"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def _service_role_comparison() -> cl.CustomComparison:
    """Both hold the same service role, or one does and the other not. Missing only when neither
    holds one: conditioned on both holding one, agreeing would say little (most hold REGN)."""
    return cl.CustomComparison(
        output_column_name="service_role",
        comparison_levels=[
            cll.CustomLevel('"service_role_l" IS NULL AND "service_role_r" IS NULL').configure(is_null_level=True),
            cll.ExactMatchLevel("service_role").configure(label_for_charts="same service role"),
            cll.ElseLevel().configure(label_for_charts="one holds a service role, the other not, or another"),
        ],
    )


def _unit_comparison() -> cl.CustomComparison:
    """A unit in common and given names alike (the same first word by sound key, or Jaro-Winkler
    >= 0.8 on the key), or not. One unit's roles are a handful of people, and two of them with one
    given name are one person far more often than two namesakes among everyone. A unit in common
    with unlike given names is no level of its own: a husband and wife on one board share a unit
    and a family name, and a weight for 'same unit' alone would join them."""
    alike = ('(split_part("given_sound_l", \' \', 1) = split_part("given_sound_r", \' \', 1) '
             'OR jaro_winkler_similarity("given_key_l", "given_key_r") >= 0.8)')
    family_alike = ('(jaro_winkler_similarity("family_key_l", "family_key_r") >= 0.8 '
                    'OR "family_key_l" IS NULL OR "family_key_r" IS NULL)')
    return cl.CustomComparison(
        output_column_name="units",
        comparison_levels=[
            cll.CustomLevel('"units_l" IS NULL OR "units_r" IS NULL').configure(is_null_level=True),
            cll.CustomLevel(f'list_has_any("units_l", "units_r") AND {alike} AND {family_alike}',
                            label_for_charts="a unit in common, given and family names alike"),
            cll.CustomLevel(f'list_has_any("units_l", "units_r") AND {alike}',
                            label_for_charts="a unit in common, given names alike"),
            cll.ElseLevel().configure(label_for_charts="no unit in common, or unlike given names"),
        ],
    )


def person_settings(max_em_iterations: int = DEFAULT_MAX_EM_ITERATIONS) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            _name_comparison("given"),
            _name_comparison("family"),
            _birth_date_comparison(),
            cl.ExactMatch("phone"),
            cl.JaroWinklerAtThresholds("address_key", [0.9]),
            cl.LevenshteinAtThresholds("document_no", [1]),
            _service_role_comparison(),
            _unit_comparison(),
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
        # Two million random pairs at any size: five million took twice as long at a million
        # records for no gain in F1 (docs/linkage.md, 'Training').
        u_max_pairs=2e6,
        em_rules=[block_on("given_key", "family_key"), block_on("birth_date"), block_on("phone")],
        em_max_pairs=1e6 if large else None,
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


def constraint_values(records: pd.DataFrame) -> pd.DataFrame:
    """Per record with one known: (birth date key, document number), indexed by unique_id: two
    records of one person never differ in a known one (a day–month swap is the same key).
    Input: PERSON_COLUMNS. The shape clusters.derive_apart takes."""
    births = _per_distinct(records["birth_date"], lambda value: birth_key(_iso_date(value)))
    documents = _per_distinct(records["document_no"], _document_number)
    known = pd.notna(births) | pd.notna(documents)
    return pd.DataFrame({"birth_key": births[known], "document_no": documents[known]},
                        index=pd.Index(records["unique_id"].to_numpy()[known], name="unique_id"))


def person_clusters(records: pd.DataFrame, links, threshold: float = CLUSTER_THRESHOLD,
                    same=(), different=()) -> Derived:
    """Clusters of person records with the constraints (clusters.derive_apart): no cluster holds two
    known birth dates that differ other than by a day–month swap, nor two document numbers,
    unless analysts judged them the same. `Derived.broken` holds the links this cut: review them."""
    return derive_apart(records["unique_id"], links, threshold, constraint_values(records), same, different)


def review_band(pairs: pd.DataFrame, derived: Derived, low: float = REVIEW_LOW,
                high: float = REVIEW_HIGH) -> pd.DataFrame:
    """The pairs an analyst should decide: the model's doubtful ones (low <= weight < high) and
    the links a constraint broke (`reason` 'constraint'), one row per pair, the biggest change
    first: a decision on a pair between clusters of a and b records moves a x b record pairs."""
    if pairs.empty:
        return pairs.assign(reason=[], change=[])
    broken = {frozenset(pair) for pair in derived.broken}
    rows = pairs.assign(key=[frozenset(pair) for pair in zip(pairs["unique_id_l"], pairs["unique_id_r"],
                                                                strict=True)])
    rows = rows.sort_values("match_weight", ascending=False).drop_duplicates("key")
    is_broken = rows["key"].isin(broken)
    doubtful = (rows["rule"] == "splink") & (rows["match_weight"] >= low) & (rows["match_weight"] < high)
    if doubtful.sum() < REVIEW_MIN:
        nearest = (rows["match_weight"] - CLUSTER_THRESHOLD).abs().where(rows["rule"] == "splink")
        doubtful |= nearest.rank(method="first") <= REVIEW_MIN
    band = rows[is_broken | doubtful].copy()
    band["reason"] = ["constraint" if flag else "doubtful" for flag in is_broken[is_broken | doubtful]]
    size = pd.Series(derived.cluster).value_counts()
    left = band["unique_id_l"].map(derived.cluster).map(size).fillna(1)
    right = band["unique_id_r"].map(derived.cluster).map(size).fillna(1)
    together = band["unique_id_l"].map(derived.cluster) == band["unique_id_r"].map(derived.cluster)
    band["change"] = left.where(together, left * right).astype(int)
    band["uncertainty"] = (band["match_probability"] - 0.5).abs()
    return band.sort_values(["change", "uncertainty"], ascending=[False, True]).drop(
        columns=["key", "uncertainty"]).reset_index(drop=True)
