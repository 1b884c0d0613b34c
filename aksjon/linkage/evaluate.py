"""Pairwise precision, recall and F1 of predicted clusters or pairs against a known truth."""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class PairwiseScores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _pairs_within(group_sizes: pd.Series) -> int:
    """Number of unordered pairs inside groups of the given sizes."""
    sizes = group_sizes.to_numpy(dtype=np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def _codes(labels: pd.Series) -> np.ndarray:
    """Integer codes for any hashable labels; a missing label becomes a group of its own."""
    codes = pd.factorize(labels.to_numpy())[0]
    missing = codes < 0
    codes[missing] = codes.max(initial=-1) + 1 + np.arange(missing.sum())
    return codes


def _as_series(mapping: Mapping[Hashable, Hashable]) -> pd.Series:
    return mapping if isinstance(mapping, pd.Series) else pd.Series(mapping, dtype=object)


def score_clusters(cluster_of: Mapping[Hashable, Hashable], entity_of: Mapping[Hashable, Hashable]) -> PairwiseScores:
    """Compare every pair of records put together by `cluster_of` with the pairs `entity_of` puts together.

    Records missing from `cluster_of` count as singletons. Counted from the
    cluster x entity contingency table, so a million records take a second.
    """
    truth = _as_series(entity_of)
    predicted = _as_series(cluster_of).reindex(truth.index)
    frame = pd.DataFrame({"cluster": _codes(predicted), "entity": _codes(truth)})
    together = _pairs_within(frame.groupby(["cluster", "entity"]).size())
    predicted_pairs = _pairs_within(frame.groupby("cluster").size())
    true_pairs = _pairs_within(frame.groupby("entity").size())
    return PairwiseScores(together, predicted_pairs - together, true_pairs - together)


def score_pairs(pairs: Iterable[tuple[Hashable, Hashable]], entity_of: Mapping[Hashable, Hashable]) -> PairwiseScores:
    """Compare predicted pairs (order and repeats ignored) with the pairs `entity_of` implies."""
    truth = _as_series(entity_of)
    entity = _codes(truth)
    ends = pd.DataFrame(list(pairs), columns=["a", "b"], dtype=object)
    a, b = truth.index.get_indexer(ends["a"]), truth.index.get_indexer(ends["b"])
    if (a < 0).any() or (b < 0).any():
        raise ValueError("a predicted pair names a record that has no true entity")
    distinct = pd.DataFrame({"low": np.minimum(a, b), "high": np.maximum(a, b)})
    distinct = distinct[distinct["low"] != distinct["high"]].drop_duplicates()
    correct = int((entity[distinct["low"].to_numpy()] == entity[distinct["high"].to_numpy()]).sum())
    true_pairs = _pairs_within(pd.Series(entity).value_counts())
    return PairwiseScores(correct, len(distinct) - correct, true_pairs - correct)
