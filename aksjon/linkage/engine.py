"""The Splink-on-DuckDB plumbing shared by the person, unit and incremental linkers."""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker, SettingsCreator
from splink.internals.exceptions import EMTrainingException  # not re-exported publicly in Splink 5

from aksjon.linkage.result import (
    DETERMINISTIC_MATCH_WEIGHT,
    DETERMINISTIC_PREFIX,
    PAIR_COLUMNS,
    SPLINK_RULE,
)

if TYPE_CHECKING:
    from splink.internals.blocking_rule_creator import BlockingRuleCreator
    from splink.internals.splink_dataframe import SplinkDataFrame

# Splink logs every training step at INFO; a linkage job reports its own progress.
SPLINK_LOG_LEVEL = logging.WARNING
logger = logging.getLogger(__name__)


def duckdb_api(threads: int | None = None, memory_limit: str | None = None) -> DuckDBAPI:
    """A fresh in-memory DuckDB for Splink, optionally held to `threads` and `memory_limit` ('3GB')."""
    connection = duckdb.connect(":memory:")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        connection.execute(f"SET memory_limit = '{_plain_size(memory_limit)}'")
    # Insertion order is not needed for any result here and costs memory at scale;
    # a progress bar on stderr would garble a job's log.
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET enable_progress_bar = false")
    return DuckDBAPI(connection=connection)


def _plain_size(size: str) -> str:
    # SET takes no bound parameters, so refuse anything but '3GB'-like text.
    if not size.replace(" ", "").replace(".", "").isalnum():
        raise ValueError(f"not a memory size: {size!r}")
    return size


@dataclass(frozen=True)
class TrainingPlan:
    """How to estimate a model's parameters (see docs/linkage.md, 'Training').

    prior_rules / prior_recall: deterministic rules whose match count, divided by
        their assumed recall, estimates the probability that two random records match.
    u_max_pairs: random record pairs sampled for the u-probabilities (non-matches).
    em_rules: one expectation-maximisation pass for the m-probabilities per rule; each
        pass estimates every comparison but the ones its rule blocks on.
    em_max_pairs: cap on the pairs one EM pass sees (None: all blocked pairs).
    """

    prior_rules: Sequence[BlockingRuleCreator | str]
    prior_recall: float
    u_max_pairs: float
    em_rules: Sequence[BlockingRuleCreator | str]
    em_max_pairs: float | None = None
    seed: int = 42


class TooLittleData(ValueError):
    """The records hold no pair that the strong-key rules agree on, so no prior can be estimated."""


def train(linker: Linker, plan: TrainingPlan) -> None:
    """Estimate the prior, u by random sampling and m by EM, in that order."""
    linker.training.estimate_probability_two_random_records_match(list(plan.prior_rules), recall=plan.prior_recall)
    if not linker.misc.save_model_to_json()["probability_two_random_records_match"] > 0:
        raise TooLittleData("no two records agree on a strong key; too little data to train a linkage model")
    linker.training.estimate_u_using_random_sampling(max_pairs=plan.u_max_pairs, seed=plan.seed)
    for rule in plan.em_rules:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=plan.em_max_pairs)
        except EMTrainingException as empty:
            # Small inputs can leave a training block empty; the other passes still
            # estimate those comparisons, and Splink keeps its defaults otherwise.
            logger.warning("EM pass skipped: %s", str(empty).splitlines()[0])


def model_json(linker: Linker) -> str:
    return json.dumps(linker.misc.save_model_to_json(), ensure_ascii=False)


def level_labels(model: Mapping) -> dict[str, dict[int, str]]:
    """comparison -> comparison vector value (gamma) -> the level's label.

    Splink numbers a comparison's levels from the top: the null level is -1 and
    the others count down to 0 for the final 'else' level.
    """
    labels: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        by_gamma = {len(levels) - 1 - i: level["label_for_charts"] for i, level in enumerate(levels)}
        by_gamma[-1] = "missing on one side"
        labels[comparison["output_column_name"]] = by_gamma
    return labels


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _explanation_sql(model: Mapping, predict_columns: set[str]) -> str:
    """A DuckDB list of {comparison, level, match_weight} structs, one per comparison."""
    entries = []
    for name, by_gamma in level_labels(model).items():
        cases = " ".join(f"WHEN {gamma} THEN {_sql_text(label)}" for gamma, label in by_gamma.items())
        weight = f'"mw_{name}"'
        if f"mw_tf_adj_{name}" in predict_columns:
            # The term-frequency adjustment belongs to this comparison's evidence.
            weight = f'({weight} + coalesce("mw_tf_adj_{name}", 0))'
        entries.append(f"{{'comparison': {_sql_text(name)}, 'level': CASE \"gamma_{name}\" {cases} END, "
                       f"'match_weight': {weight}}}")
    return "[" + ", ".join(entries) + "]"


def table_columns(db_api: DuckDBAPI, table: SplinkDataFrame) -> set[str]:
    # Security lint: the table name is Splink's own (physical_name of a frame it made); no user text reaches this SQL.
    cursor = db_api.duckdb_con.execute(f"SELECT * FROM {table.physical_name} LIMIT 0")  # nosec B608
    return {column[0] for column in cursor.description}


def scored_pairs(db_api: DuckDBAPI, predictions: SplinkDataFrame, model: Mapping) -> pd.DataFrame:
    """Splink's predictions as PAIR_COLUMNS rows, the explanation built inside DuckDB."""
    explanation = _explanation_sql(model, table_columns(db_api, predictions))
    # Security lint: built from the model's comparison names and level labels (quoted by _sql_text) and Splink's
    # own table name; no user text reaches this SQL.
    table = db_api.duckdb_con.sql(  # nosec B608
        f"SELECT unique_id_l, unique_id_r, match_weight, match_probability, '{SPLINK_RULE}' AS rule, "
        f"{explanation} AS explanation FROM {predictions.physical_name}").to_arrow_table()  # nosec B608
    # Through Arrow, the lists of structs become Python lists of dicts at about twice the speed of
    # pandas' numpy arrays of dicts plus a list() each (~5 s saved on half a million pairs).
    frame = table.drop_columns(["explanation"]).to_pandas()
    frame["explanation"] = table.column("explanation").to_pylist()
    return frame[PAIR_COLUMNS]


def deterministic_pairs(table: SplinkDataFrame, rules: Mapping[str, BlockingRuleCreator]) -> pd.DataFrame:
    """Pairs that share a strong key, through Splink's deterministic_link, as PAIR_COLUMNS rows.

    A pair that several rules find is reported once, under the first rule in `rules`.
    """
    settings = SettingsCreator(link_type="dedupe_only", blocking_rules_to_generate_predictions=list(rules.values()))
    linker = Linker(table, settings, log_level=SPLINK_LOG_LEVEL)
    found = linker.inference.deterministic_link()
    frame = found.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_key"]]
    found.drop_table_from_database_and_remove_from_cache()
    names = list(rules)
    frame["rule"] = [DETERMINISTIC_PREFIX + names[int(key)] for key in frame["match_key"]]
    frame["match_weight"] = DETERMINISTIC_MATCH_WEIGHT
    frame["match_probability"] = 1.0
    frame["explanation"] = [[{"comparison": rule.removeprefix(DETERMINISTIC_PREFIX), "level": "same key",
                              "match_weight": DETERMINISTIC_MATCH_WEIGHT}] for rule in frame["rule"]]
    return frame[PAIR_COLUMNS]


def all_pairs(*frames: pd.DataFrame) -> pd.DataFrame:
    """Probabilistic and deterministic rows side by side, strongest first."""
    combined = pd.concat([frame for frame in frames if len(frame)] or [frames[0]], ignore_index=True)
    return combined.sort_values(["match_weight", "unique_id_l", "unique_id_r"], ascending=[False, True, True],
                                ignore_index=True)
