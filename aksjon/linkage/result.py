"""What a linkage run hands back: scored pairs with their explanations, the model, timings."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd

PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_weight", "match_probability", "rule", "explanation"]

SPLINK_RULE = "splink"
DETERMINISTIC_PREFIX = "deterministic:"

# A deterministic link is certain by rule, not by evidence; it carries this
# weight (odds of 2^40 to 1) so that it passes any cluster threshold while
# staying a finite number that JSON and the database can store.
DETERMINISTIC_MATCH_WEIGHT = 40.0


@dataclass
class LinkageResult:
    """The outcome of one linkage run.

    pairs: one row per (pair, rule) with the columns in PAIR_COLUMNS. `rule` is
        'splink' for a probabilistic pair or 'deterministic:<name>' for a pair
        that a strong key joined; a pair may appear under both. `explanation`
        lists {comparison, level, match_weight} per comparison: the model's
        partial match weights, which add up (with the prior) to match_weight.
    model_json: the trained Splink model, reloadable with `Linker(df, json.loads(model_json))`.
    timings: seconds per step of the run.
    """

    pairs: pd.DataFrame
    model_json: str
    timings: dict[str, float] = field(default_factory=dict)

    def links(self) -> Iterator[tuple[object, object, float]]:
        """(a, b, match_weight) triples, the shape `clusters.clusters` takes."""
        frame = self.pairs
        yield from zip(frame["unique_id_l"], frame["unique_id_r"], frame["match_weight"], strict=True)


class Stopwatch:
    """Collects how long each named step takes, for LinkageResult.timings."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - started, 3)
