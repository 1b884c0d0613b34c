"""Pairwise precision, recall and F1 on hand-made cases."""
import pytest

from aksjon.linkage.evaluate import PairwiseScores, score_clusters, score_pairs

TRUTH = {1: "a", 2: "a", 3: "a", 4: "b", 5: "b", 6: "c"}  # true pairs: 12 13 23 45


def test_perfect_clusters():
    scores = score_clusters({1: "x", 2: "x", 3: "x", 4: "y", 5: "y", 6: "z"}, TRUTH)
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)


def test_merged_and_split_clusters():
    # Predicted {1,2,4,5} {3} {6}: pairs 12 14 15 24 25 45, of which 12 and 45 are true.
    scores = score_clusters({1: 0, 2: 0, 4: 0, 5: 0, 3: 3, 6: 6}, TRUTH)
    assert scores == PairwiseScores(true_positives=2, false_positives=4, false_negatives=2)
    assert scores.precision == pytest.approx(1 / 3) and scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(0.4)


def test_records_without_a_cluster_are_singletons():
    assert score_clusters({1: "x", 2: "x"}, TRUTH) == PairwiseScores(1, 0, 3)


def test_pairs_ignore_order_repeats_and_self_pairs():
    scores = score_pairs([(2, 1), (1, 2), (3, 3), (4, 5), (5, 6)], TRUTH)
    assert scores == PairwiseScores(true_positives=2, false_positives=1, false_negatives=2)


def test_no_predictions_and_no_truth():
    assert score_pairs([], TRUTH).precision == 1.0 and score_pairs([], TRUTH).recall == 0.0
    assert score_clusters({}, {1: "a", 2: "b"}).f1 == 1.0


def test_pairs_naming_unknown_records_are_refused():
    with pytest.raises(ValueError):
        score_pairs([(1, 99)], TRUTH)
