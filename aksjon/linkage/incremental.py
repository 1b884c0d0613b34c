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

NEW_MATCH_COLUMNS = ["unique_id", "best_match_id", "match_weight", "match_probability", "rule", "explanation",
                     "cluster_id", "joins_existing"]


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
    pairs = scored_between(model_json, prepare(existing_df), prepare(new_df), duckdb_threads)
    return _with_clusters(new_df["unique_id"], _best(pairs), cluster_of, threshold)


def scored_between(model_json: str, existing: pd.DataFrame, new: pd.DataFrame,
                   duckdb_threads: int | None = None) -> pd.DataFrame:
    """Every existing x new candidate pair under the saved model, as PAIR_COLUMNS rows
    (unique_id_l the existing record), with its explanation."""
    model = json.loads(model_json)
    db_api = duckdb_api(duckdb_threads)
    existing_table = db_api.register(existing, table_name="existing_records")
    new_table = db_api.register(new, table_name="new_records")
    linker = Linker(existing_table, model, log_level=SPLINK_LOG_LEVEL)
    for column in sorted(_term_frequency_columns(model)):
        linker.table_management.compute_tf_table(column)
    predictions = linker.inference.predict_between(existing_table, new_table, warning_mode="never")
    return scored_pairs(db_api, predictions, model)


def _best(pairs: pd.DataFrame) -> pd.DataFrame:
    ranked = pairs.sort_values(["unique_id_r", "match_weight", "unique_id_l"], ascending=[True, False, True],
                               kind="stable")
    best = ranked.drop_duplicates("unique_id_r").rename(columns={"unique_id_r": "unique_id",
                                                                 "unique_id_l": "best_match_id"})
    return best[["unique_id", "best_match_id", "match_weight", "match_probability", "rule", "explanation"]]


def link_new_units(
    model_json: str, existing_df: pd.DataFrame, new_df: pd.DataFrame, cluster_of: Mapping[Hashable, Hashable],
    *, threshold: float = CLUSTER_THRESHOLD,
) -> pd.DataFrame:
    """link_new_records for units, venues, tips, inspections and ads (a new ad crawl).

    Both sides are prepared together, so that a booking line shared between an old and
    a new ad is known as one, and a new tip's text is read against every known name.
    A new record described exactly as an earlier one joins it (same_description); the
    others are scored against the earlier records with the saved model, and one that
    no pair joins may still join the one existing cluster it fits (aksjon.linkage.fitting).
    The deterministic rules and links among the new records wait for the next full run.
    """
    from aksjon.linkage.fitting import fit_new_records
    from aksjon.linkage.units import distinct_descriptions, prepare_units

    prepared, alike = distinct_descriptions(prepare_units(pd.concat([existing_df, new_df], ignore_index=True)))
    new_ids = set(new_df["unique_id"])
    is_new = prepared["unique_id"].isin(new_ids)
    pairs = scored_between(model_json, prepared[~is_new], prepared[is_new])
    best = _best(pairs).set_index("unique_id")
    scored = _with_clusters(prepared.loc[is_new, "unique_id"], best.reset_index(), cluster_of, threshold)
    fits = fit_new_records(prepared, pairs, cluster_of, set(scored.loc[~scored["joins_existing"], "unique_id"]))
    rows = {row["unique_id"]: row for row in scored.to_dict("records")}
    for uid, fit in fits.items():
        rows[uid] |= {**fit, "cluster_id": cluster_of.get(fit["best_match_id"], fit["best_match_id"]),
                      "joins_existing": True}
    for same in alike.to_dict("records"):
        if same["unique_id_r"] in new_ids:
            rows[same["unique_id_r"]] = _follow(same, rows.get(same["unique_id_l"]), cluster_of)
    return pd.DataFrame([rows[uid] for uid in new_df["unique_id"]], columns=NEW_MATCH_COLUMNS)


def _follow(same: dict, lead_row: dict | None, cluster_of: Mapping) -> dict:
    """A record described exactly as its lead (`same`, a same_description pair): with an
    earlier lead it joins the lead's cluster, with a new lead it goes where the lead goes."""
    lead, uid = same["unique_id_l"], same["unique_id_r"]
    if lead_row is None:  # the lead is an earlier record
        return {"unique_id": uid, "best_match_id": lead, "match_weight": same["match_weight"],
                "match_probability": 1.0, "rule": same["rule"], "explanation": same["explanation"],
                "cluster_id": cluster_of.get(lead, lead), "joins_existing": True}
    return {**lead_row, "unique_id": uid, "cluster_id": lead_row["cluster_id"] if lead_row["joins_existing"] else lead}


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
