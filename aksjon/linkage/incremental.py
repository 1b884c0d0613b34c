"""Linking new records against existing ones with a saved model: no retraining, no re-scoring.

Splink's `predict_between` blocks and scores only existing x new pairs with the
model as saved; existing x existing pairs, already scored in an earlier run, are
never compared again. Term frequencies come from the existing records, the
population the model describes.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping

import pandas as pd
from splink import Linker

from aksjon.linkage.engine import SPLINK_LOG_LEVEL, duckdb_api, scored_pairs
from aksjon.linkage.persons import CLUSTER_THRESHOLD, prepare_persons

NEW_MATCH_COLUMNS = ["unique_id", "best_match_id", "match_weight", "match_probability", "explanation", "cluster_id",
                     "joins_existing"]


def _term_frequency_columns(model: Mapping) -> set[str]:
    return {level["tf_adjustment_column"] for comparison in model["comparisons"]
            for level in comparison["comparison_levels"] if level.get("tf_adjustment_column")}


def link_new_records(
    model_json: str,
    existing_df: pd.DataFrame,
    new_df: pd.DataFrame,
    cluster_of: Mapping[Hashable, Hashable],
    *,
    prepare: Callable[[pd.DataFrame], pd.DataFrame] = prepare_persons,
    threshold: float = CLUSTER_THRESHOLD,
    duckdb_threads: int | None = None,
) -> pd.DataFrame:
    """For each new record: its best existing match, that pair's weight, and the cluster it joins.

    A new record joins its best match's cluster (`cluster_of[best_match_id]`)
    when the pair's match_weight is at or above `threshold`; otherwise it starts
    a cluster of its own, named after itself, as `clusters.clusters` would name
    it. `prepare` turns raw records into the model's columns (persons by
    default). Links among the new records themselves are not looked for here.
    """
    model = json.loads(model_json)
    db_api = duckdb_api(duckdb_threads)
    existing = db_api.register(prepare(existing_df), table_name="existing_records")
    new = db_api.register(prepare(new_df), table_name="new_records")
    linker = Linker(existing, model, log_level=SPLINK_LOG_LEVEL)
    for column in sorted(_term_frequency_columns(model)):
        linker.table_management.compute_tf_table(column)
    # In predict_between's output the left side (unique_id_l) is the existing record.
    predictions = linker.inference.predict_between(existing, new, warning_mode="never")
    pairs = scored_pairs(db_api, predictions, model).sort_values(
        ["unique_id_r", "match_weight", "unique_id_l"], ascending=[True, False, True], kind="stable")
    best = pairs.drop_duplicates("unique_id_r").rename(
        columns={"unique_id_r": "unique_id", "unique_id_l": "best_match_id"})
    return _with_clusters(new_df["unique_id"], best[["unique_id", "best_match_id", "match_weight",
                                                     "match_probability", "explanation"]], cluster_of, threshold)


def _prepared_already(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


def link_new_units(
    model_json: str, existing_df: pd.DataFrame, new_df: pd.DataFrame, cluster_of: Mapping[Hashable, Hashable],
    *, threshold: float = CLUSTER_THRESHOLD,
) -> pd.DataFrame:
    """link_new_records for units, venues, tips, inspections and ads (a new ad crawl).

    Both sides are prepared together, so that a booking line shared between an old and
    a new ad is known as one, and a new tip's text is read against every known name.
    Only the saved model's links are looked for: the rules and the fitting step of
    aksjon.linkage.units wait for the next full run.
    """
    from aksjon.linkage.units import prepare_units

    prepared = prepare_units(pd.concat([existing_df, new_df], ignore_index=True))
    is_new = prepared["unique_id"].isin(set(new_df["unique_id"]))
    return link_new_records(model_json, prepared[~is_new], prepared[is_new], cluster_of,
                            prepare=_prepared_already, threshold=threshold)


def _with_clusters(new_ids: pd.Series, best: pd.DataFrame, cluster_of: Mapping, threshold: float) -> pd.DataFrame:
    # As objects, so that ids stay ids (not 12.0) where some new records found no match.
    best = best.assign(best_match_id=best["best_match_id"].astype(object))
    frame = pd.DataFrame({"unique_id": new_ids.to_numpy()}).merge(best, on="unique_id", how="left")
    frame["best_match_id"] = frame["best_match_id"].where(frame["best_match_id"].notna(), None)
    joins = (frame["match_weight"] >= threshold).fillna(False).astype(bool).to_numpy()
    frame["joins_existing"] = joins
    frame["cluster_id"] = [cluster_of.get(match, match) if join else own
                           for own, match, join in zip(frame["unique_id"], frame["best_match_id"], joins, strict=True)]
    return frame[NEW_MATCH_COLUMNS]
