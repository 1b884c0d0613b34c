"""Clusters from links and judgements: hand-made cases and the properties that must always hold."""
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aksjon.linkage.clusters import ConflictingJudgements, clusters, derive, derive_apart, part_to_redo


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


def test_a_constraint_cuts_like_a_machine_different_and_same_overrides_it():
    links = [("a", "b", 9.0), ("b", "c", 4.0), ("c", "d", 8.0)]
    assert groups(clusters("abcd", links, 2.0, cannot_link=[("a", "d")])) == [["a", "b"], ["c", "d"]]
    assert groups(clusters("ab", [("a", "b", 40.0)], 0.0, cannot_link=[("a", "b")])) == [["a"], ["b"]]
    # A human "same" overrules the constraint, directly or through a chain of "same" judgements.
    assert groups(clusters("ab", [("a", "b", 40.0)], 0.0, same=[("a", "b")], cannot_link=[("a", "b")])) == [
        ["a", "b"]]
    assert groups(clusters("abc", [], 0.0, same=[("a", "b"), ("b", "c")], cannot_link=[("a", "c")])) == [
        ["a", "b", "c"]]


def test_components_are_the_graph_before_cuts():
    links = [("a", "b", 9.0), ("b", "c", 4.0), ("d", "e", 1.0)]
    derived = derive("abcde", links, 2.0, same=[("c", "d")], different=[("a", "b")])
    assert groups(derived.cluster) == [["a"], ["b", "c", "d"], ["e"]]
    assert set(derived.component.values()) == {"a", "e"} and derived.component["d"] == "a"


def test_part_to_redo_is_the_touched_records_components():
    component_of = {"a": "a", "b": "a", "c": "c", "d": "d"}
    assert part_to_redo(component_of, ["b", "d"]) == {"a", "b", "d"}
    assert part_to_redo(component_of, ["c", "new"]) == {"c", "new"}


# Incremental derivation: judgements and retractions in any order, against a full recompute.
MANY = list(range(14))
weighted_links = st.lists(st.tuples(st.sampled_from(MANY), st.sampled_from(MANY),
                                    st.sampled_from([-1.0, 0.5, 1.0, 1.0, 2.0, 3.5])), max_size=30)
steps = st.lists(st.one_of(
    st.tuples(st.sampled_from(["same", "different", "unsure"]), st.sampled_from(MANY), st.sampled_from(MANY)),
    st.tuples(st.just("retract"), st.integers(0, 40), st.just(0))), min_size=1, max_size=12)


class Judgements:
    """A stand-in for the table: judgements in order, some retracted; a pair's verdict is its newest standing."""

    def __init__(self):
        self.made: list[list] = []  # [pair, verdict, retracted]

    def judge(self, a, b, verdict):
        self.last = [tuple(sorted((a, b))), verdict, False]
        self.made.append(self.last)
        return self.last[0]

    def undo_last(self):
        """What the action does when the change would contradict other judgements: nothing."""
        if self.last[2]:
            self.last[2] = False
        else:
            self.made.remove(self.last)

    def retract(self, number):
        standing = [made for made in self.made if not made[2]]
        if not standing:
            return None
        self.last = standing[number % len(standing)]
        self.last[2] = True
        return self.last[0]

    def verdicts(self):
        verdicts = {}
        for pair, verdict, retracted in self.made:
            if not retracted:
                verdicts[pair] = verdict
        return verdicts


def _derive_within(records, links_, threshold, verdicts, constraints):
    inside = set(records)
    return derive(sorted(records), [link for link in links_ if link[0] in inside and link[1] in inside], threshold,
                  same=[p for p, v in verdicts.items() if v == "same" and set(p) <= inside],
                  different=[p for p, v in verdicts.items() if v == "different" and set(p) <= inside],
                  cannot_link=[p for p in constraints if set(p) <= inside])


@settings(max_examples=300, deadline=None)
@given(weighted_links, steps, st.lists(pairs.map(lambda p: (p[0] % 14, p[1] % 14)), max_size=3))
def test_incremental_derivation_equals_a_full_recompute_after_every_step(links_, steps_, constraints):
    constraints = [p for p in constraints if p[0] != p[1]]
    judgements, threshold = Judgements(), 1.0
    state = derive(MANY, links_, threshold, cannot_link=constraints)
    cluster_of, component_of = dict(state.cluster), dict(state.component)
    for verdict, a, b in steps_:
        if verdict == "retract":
            touched = judgements.retract(a)
        elif a != b:
            touched = judgements.judge(a, b, verdict)
        else:
            continue
        if touched is None:
            continue
        verdicts = judgements.verdicts()
        try:
            full = _derive_within(MANY, links_, threshold, verdicts, constraints)
        except ConflictingJudgements:
            with pytest.raises(ConflictingJudgements):
                _derive_within(part_to_redo(component_of, touched), links_, threshold, verdicts, constraints)
            judgements.undo_last()
            continue
        part = _derive_within(part_to_redo(component_of, touched), links_, threshold, verdicts, constraints)
        cluster_of |= part.cluster
        component_of |= part.component
        assert cluster_of == full.cluster
        assert component_of == full.component


# Constraints read from the records' values (birth date key, document number): derive_apart.
record_values = st.dictionaries(st.sampled_from(MANY), st.tuples(st.sampled_from([None, "1970", "1985"]),
                                                                 st.sampled_from([None, None, "P1", "P2"])))


def _apart_within(records, links_, threshold, verdicts, values):
    inside = set(records)
    return derive_apart(sorted(records), [link for link in links_ if link[0] in inside and link[1] in inside],
                        threshold, values, same=[p for p, v in verdicts.items() if v == "same" and set(p) <= inside],
                        different=[p for p, v in verdicts.items() if v == "different" and set(p) <= inside])


def test_a_record_without_a_birth_date_does_not_bridge_two_that_differ():
    values = {"a": ("1960-01-05", None), "c": ("1975-03-09", None)}  # "b" has no birth date
    derived = derive_apart("abc", [("a", "b", 9.0), ("b", "c", 8.0)], 2.0, values)
    assert groups(derived.cluster) == [["a", "b"], ["c"]]
    assert derived.broken == {("b", "c")} and derived.constraints == {("a", "c")}
    # An analyst's "same" overrides the constraint.
    assert groups(derive_apart("abc", [("a", "b", 9.0), ("b", "c", 8.0)], 2.0, values,
                               same=[("a", "c")]).cluster) == [["a", "b", "c"]]


def test_different_document_numbers_keep_records_apart():
    values = {"a": (None, "P1"), "b": (None, "P2"), "c": (None, "P1")}
    derived = derive_apart("abc", [("a", "b", 40.0), ("a", "c", 40.0)], 2.0, values)
    assert groups(derived.cluster) == [["a", "c"], ["b"]]


@settings(max_examples=200, deadline=None)
@given(weighted_links, steps, record_values)
def test_constraints_hold_and_incremental_equals_full(links_, steps_, values):
    judgements, threshold = Judgements(), 1.0
    state = derive_apart(MANY, links_, threshold, values)
    cluster_of, component_of = dict(state.cluster), dict(state.component)
    for verdict, a, b in steps_:
        touched = judgements.retract(a) if verdict == "retract" else (
            judgements.judge(a, b, verdict) if a != b else None)
        if touched is None:
            continue
        verdicts = judgements.verdicts()
        try:
            full = _apart_within(MANY, links_, threshold, verdicts, values)
        except ConflictingJudgements:
            judgements.undo_last()
            continue
        part = _apart_within(part_to_redo(component_of, touched), links_, threshold, verdicts, values)
        cluster_of |= part.cluster
        component_of |= part.component
        assert cluster_of == full.cluster and component_of == full.component
        same = [p for p, v in verdicts.items() if v == "same"]
        held = derive(MANY, [], threshold, same=same).cluster  # what "same" judgements alone join
        for x in values:
            for y in values:
                if x < y and full.cluster[x] == full.cluster[y] and held[x] != held[y]:
                    assert not any(p is not None and q is not None and p != q
                                   for p, q in zip(values[x], values[y], strict=True))


@settings(max_examples=100, deadline=None)
@given(weighted_links, record_values)
def test_values_as_a_frame_give_what_a_mapping_gives(links_, values):
    """person_clusters passes a frame indexed by record (cheaper at a million records); the judging
    path passes a mapping. Both are one rule."""
    frame = pd.DataFrame.from_dict(values, orient="index", columns=["birth", "document"]) if values else \
        pd.DataFrame(columns=["birth", "document"])
    assert derive_apart(MANY, links_, 1.0, frame) == derive_apart(MANY, links_, 1.0, values)
