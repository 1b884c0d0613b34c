"""Clusters from links and judgements: hand-made cases and the properties that must always hold."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aksjon.linkage.clusters import ConflictingJudgements, clusters


def groups(cluster_of):
    by_cluster = {}
    for record, cluster in cluster_of.items():
        by_cluster.setdefault(cluster, set()).add(record)
    return sorted(sorted(members) for members in by_cluster.values())


def test_threshold_and_naming():
    result = clusters("abcde", [("a", "b", 5.0), ("b", "c", 1.0), ("d", "e", 3.0)], threshold=3.0)
    assert groups(result) == [["a", "b"], ["c"], ["d", "e"]]
    assert result["b"] == "a" and result["e"] == "d"  # named after the first member in record order


def test_same_joins_and_different_cuts_the_weakest_machine_edge():
    links = [("a", "b", 9.0), ("b", "c", 4.0), ("c", "d", 8.0)]
    assert groups(clusters("abcde", links, 2.0, same=[("d", "e")], different=[("a", "d")])) == [
        ["a", "b"], ["c", "d", "e"]]


def test_different_cuts_every_path():
    links = [("a", "b", 5.0), ("b", "c", 3.0), ("c", "d", 9.0), ("a", "d", 8.0)]
    assert groups(clusters("abcd", links, 0.0, different=[("a", "c")])) == [["a", "b"], ["c", "d"]]


def test_different_removes_the_direct_edge_whatever_its_weight():
    assert groups(clusters("ab", [("a", "b", 40.0)], 0.0, different=[("a", "b")])) == [["a"], ["b"]]


def test_contradicting_judgements_are_reported():
    with pytest.raises(ConflictingJudgements) as raised:
        clusters("abc", [], 0.0, same=[("a", "b"), ("b", "c")], different=[("a", "c")])
    assert raised.value.pairs == [("a", "c")]


def test_unknown_records_are_refused():
    with pytest.raises(ValueError, match="unknown record"):
        clusters("ab", [("a", "z", 1.0)], 0.0)


RECORDS = list(range(8))
pairs = st.tuples(st.sampled_from(RECORDS), st.sampled_from(RECORDS)).filter(lambda p: p[0] != p[1])
links = st.lists(st.tuples(st.sampled_from(RECORDS), st.sampled_from(RECORDS),
                           st.floats(-10, 10, allow_nan=False)), max_size=20)
judgements = st.lists(pairs, max_size=5)


def plain_components(links_, threshold):
    """Reference: union-find over links at or above the threshold."""
    parent = {r: r for r in RECORDS}

    def root(r):
        while parent[r] != r:
            r = parent[r]
        return r
    for a, b, weight in links_:
        if weight >= threshold:
            parent[root(a)] = root(b)
    return groups({r: root(r) for r in RECORDS})


def joined_by_same(a, b, same, different):
    """Whether 'same' judgements alone (minus pairs judged different) chain a to b."""
    edges = {frozenset(p) for p in same} - {frozenset(p) for p in different}
    seen, todo = {a}, [a]
    while todo:
        here = todo.pop()
        for edge in edges:
            if here in edge:
                (other,) = edge - {here}
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
    return b in seen


@settings(max_examples=300, deadline=None)
@given(links, st.floats(-5, 5, allow_nan=False), judgements, judgements)
def test_judgement_properties(links_, threshold, same, different):
    try:
        result = clusters(RECORDS, links_, threshold, same=same, different=different)
    except ConflictingJudgements as conflict:
        assert all(joined_by_same(a, b, same, different) for a, b in conflict.pairs)
        return
    different_pairs = {frozenset(p) for p in different}
    for a, b in same:
        if frozenset((a, b)) not in different_pairs:
            assert result[a] == result[b]
    for a, b in different:
        assert result[a] != result[b]


@settings(max_examples=200, deadline=None)
@given(links, st.floats(-5, 5, allow_nan=False))
def test_without_judgements_clusters_are_thresholded_components(links_, threshold):
    assert groups(clusters(RECORDS, links_, threshold)) == plain_components(links_, threshold)


@settings(max_examples=100, deadline=None)
@given(links, st.floats(-5, 5, allow_nan=False), judgements, judgements)
def test_clusters_are_deterministic(links_, threshold, same, different):
    try:
        first = clusters(RECORDS, links_, threshold, same=same, different=different)
    except ConflictingJudgements:
        return
    assert clusters(RECORDS, list(reversed(links_)), threshold, same=same, different=different) == first
