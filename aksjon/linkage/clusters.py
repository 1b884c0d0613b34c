"""Clusters derived from machine links, human judgements and constraints; never edited by hand.

Method, in three steps, deterministic for the same inputs:

1. Graph. One vertex per record. An edge for every machine link whose weight is
   at or above the threshold (the strongest link when a pair has several), and
   an edge for every human "same" judgement. A pair judged "different" gets no
   edge, whatever the machine said; "unsure" judgements are not inputs at all.
   A constraint (`cannot_link`: a pair that evidence says are two, e.g. two
   different birth dates) counts as a machine "different": it removes the
   machine's edge and is cut like a judgement, but a human "same" overrides it.
2. Keeping "different" pairs apart. If a "different" pair is still connected
   through other records, take the path between them with the fewest edges
   (breadth-first) and cut the weakest machine edge on it (lowest weight; ties
   go to the smallest pair in record order). Repeat until no path is left. Human
   "same" edges are never cut: if the only remaining path consists of "same"
   judgements, the judgements contradict each other and ConflictingJudgements
   is raised, naming the pair, so a person can resolve it. Constraints are cut
   after the judgements, the same way; one held together by "same" edges alone
   is overruled, not a conflict.
3. Clusters are the connected components (igraph); each is named after the
   member that comes first in `record_ids`.

Without judgements this is plain thresholded connected components.

Incremental derivation. `derive` also names every record's *component*: its
connected part of the graph before anything is cut (all machine edges at or
above the threshold, judged "different" or not, and the "same" edges). Step 2
works inside one such part, so a judgement or retraction on a pair changes
nothing outside the components (before the change) of its two records:
`part_to_redo` gives those records, and `derive` over them alone, with their
links and judgements and the record ids in the same relative order, gives
exactly what a derivation over everything gives them, names included.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

import igraph as ig
import numpy as np
import pandas as pd

Pair = tuple[int, int]
# Each record's constraint values: {record: (value, ...)}, or a frame indexed by record with a
# column per value (cheaper at a million records); None or NaN is unknown.
Values = Mapping[Hashable, Sequence[Hashable | None]] | pd.DataFrame


class ConflictingJudgements(ValueError):
    """A "different" judgement whose records are joined by a chain of "same" judgements."""

    def __init__(self, pairs: list[tuple[Hashable, Hashable]]):
        self.pairs = pairs
        super().__init__(f"judged different but joined by 'same' judgements: {pairs}")


def clusters(
    record_ids: Iterable[Hashable],
    links: Iterable[tuple[Hashable, Hashable, float]],
    threshold: float,
    same: Iterable[tuple[Hashable, Hashable]] = (),
    different: Iterable[tuple[Hashable, Hashable]] = (),
    cannot_link: Iterable[tuple[Hashable, Hashable]] = (),
) -> dict[Hashable, Hashable]:
    """Map every record id to its cluster id (see the module docstring for the method)."""
    return derive(record_ids, links, threshold, same, different, cannot_link).cluster


@dataclass(frozen=True)
class Derived:
    cluster: dict[Hashable, Hashable]  # record -> its cluster, named after its first member
    component: dict[Hashable, Hashable]  # record -> its part of the graph before cuts, named alike
    # Machine links at or above the threshold that ended between two clusters (cut, or a
    # judged or constrained pair itself), as (record, record) in record order.
    broken: frozenset = frozenset()
    # The cannot-link pairs derive_apart found in the records' values (see there).
    constraints: frozenset = frozenset()


def derive(
    record_ids: Iterable[Hashable],
    links: Iterable[tuple[Hashable, Hashable, float]],
    threshold: float,
    same: Iterable[tuple[Hashable, Hashable]] = (),
    different: Iterable[tuple[Hashable, Hashable]] = (),
    cannot_link: Iterable[tuple[Hashable, Hashable]] = (),
) -> Derived:
    """Every record's cluster and component (see the module docstring)."""
    ids = list(dict.fromkeys(record_ids))
    index = {record: position for position, record in enumerate(ids)}
    apart = {_pair(index, a, b) for a, b in different if a != b}
    human = {_pair(index, a, b) for a, b in same if a != b} - apart
    constrained = {_pair(index, a, b) for a, b in cannot_link if a != b} - human - apart
    linked = _machine_edges(index, links, threshold, exclude=human)
    machine = {pair: weight for pair, weight in linked.items() if pair not in apart and pair not in constrained}
    component = _named(ids, ig.Graph(n=len(ids), edges=sorted(human) + sorted(linked)))
    if not apart and not constrained:
        cluster = component  # nothing to keep apart: the same graph (a whole run before any judgement)
    else:
        graph = _graph(len(ids), human, machine)
        graph.delete_edges(_edges_to_cut(graph, sorted(apart), sorted(constrained), ids))
        cluster = _named(ids, graph)
    broken = frozenset((ids[i], ids[j]) for i, j in linked if cluster[ids[i]] != cluster[ids[j]])
    return Derived(cluster, component, broken)


def derive_apart(
    record_ids: Iterable[Hashable],
    links: Iterable[tuple[Hashable, Hashable, float]],
    threshold: float,
    values: Values,
    same: Iterable[tuple[Hashable, Hashable]] = (),
    different: Iterable[tuple[Hashable, Hashable]] = (),
) -> Derived:
    """`derive`, with the cannot-link pairs read from the records themselves: two records whose
    `values` (e.g. (birth date key, document number)) are both known and differ in any position
    may not share a cluster unless "same" judgements alone hold them together.

    A pair of every cluster that breaks this becomes a constraint and the clusters are derived
    again, until none does. Each round works inside components only, so a derivation over a part
    (`part_to_redo`) gives its records what a derivation over everything gives them.
    """
    ids = list(dict.fromkeys(record_ids))
    links, same, different = list(links), list(same), list(different)
    known = _known_values(ids, values)
    constraints: set[tuple[Hashable, Hashable]] = set()
    derived = derive(ids, links, threshold, same, different)
    cluster, broken = dict(derived.cluster), set(derived.broken)
    redo = None
    while found := _conflicts(known, cluster, redo) - constraints:
        # Constraints never join or split components, so a round re-derives only the components
        # holding a conflict; the records keep their relative order, so the names are the same.
        constraints |= found
        redo = part_to_redo(derived.component, {record for pair in found for record in pair})
        inside = [(a, b) for a, b in constraints if a in redo]
        part = derive([record for record in ids if record in redo],
                      [link for link in links if link[0] in redo and link[1] in redo], threshold,
                      [(a, b) for a, b in same if a in redo and b in redo],
                      [(a, b) for a, b in different if a in redo and b in redo], inside)
        cluster.update(part.cluster)
        broken = {pair for pair in broken if pair[0] not in redo} | set(part.broken)
    return Derived(cluster, derived.component, frozenset(broken), frozenset(constraints))


def _known_values(ids: Sequence[Hashable], values: Values) -> pd.DataFrame:
    """One row per record of `ids` with a known value, in the order of `ids`: `record`, then one
    column per position of the values (None where unknown). Built once; every round reads it."""
    if isinstance(values, pd.DataFrame):
        frame = values.rename_axis("record").reset_index().astype(object)
        frame.columns = ["record", *range(1, len(frame.columns))]
    else:
        frame = pd.DataFrame([(record, *value) for record, value in values.items() if value], dtype=object)
    if frame.empty:
        return pd.DataFrame({"record": []}, dtype=object)
    frame = frame.rename(columns={0: "record"}).astype(object)
    frame = frame.where(frame.notna(), None)  # values of unequal length leave NaN: unknown
    order = pd.Index(ids).get_indexer(frame["record"])
    keep = (order >= 0) & frame.drop(columns="record").notna().any(axis=1).to_numpy()
    return frame[keep].iloc[np.argsort(order[keep], kind="stable")].reset_index(drop=True)


def _conflicts(known: pd.DataFrame, cluster: Mapping[Hashable, Hashable],
               among: set[Hashable] | None = None) -> set[tuple[Hashable, Hashable]]:
    """Every pair of records in one cluster whose known values differ (first record first), among
    the records in `among` (None: all).

    Only clusters of two or more records with a known value that holds two distinct values in
    one position are searched pair by pair; the rest are ruled out in bulk."""
    rows = known if among is None else known[known["record"].isin(among)]
    names = pd.Series([cluster[record] for record in rows["record"]], index=rows.index, dtype=object)
    shared = (names.map(names.value_counts()) > 1).to_numpy()
    rows, names = rows[shared], names[shared]
    positions = [column for column in rows.columns if column != "record"]
    if rows.empty or not positions:
        return set()
    distinct = rows[positions].groupby(names.to_numpy(), sort=False).nunique(dropna=True)
    suspect = names.isin(distinct.index[(distinct > 1).any(axis=1)]).to_numpy()
    # Plain tuples from here: a few thousand small clusters, where pandas per group would cost seconds.
    members = sorted(zip(pd.factorize(names[suspect])[0].tolist(), range(int(suspect.sum())),
                         rows[suspect].itertuples(index=False, name=None), strict=True))
    found = set()
    for _code, group in groupby(members, key=lambda member: member[0]):
        values = [row for _code, _order, row in group]
        for i, (a, *left) in enumerate(values):
            for b, *right in values[i + 1:]:
                if any(x is not None and y is not None and x != y for x, y in zip(left, right, strict=True)):
                    found.add((a, b))
    return found


def part_to_redo(component_of: Mapping[Hashable, Hashable], touched: Iterable[Hashable]) -> set[Hashable]:
    """The records whose cluster a judgement (or retraction) on `touched` may change: every
    member of their components as they were before it; a record in no component is alone."""
    wanted = {component_of.get(record, record) for record in touched}
    return {record for record, component in component_of.items() if component in wanted} | set(touched)


def _named(ids: Sequence[Hashable], graph: ig.Graph) -> dict[Hashable, Hashable]:
    """Connected components, each named after its member first in `ids`."""
    membership = np.asarray(graph.connected_components().membership, dtype=np.int64)
    if not len(ids):
        return {}
    _, first_member = np.unique(membership, return_index=True)
    names = np.empty(len(first_member), dtype=object)
    names[:] = [ids[position] for position in first_member]
    return dict(zip(ids, names[membership].tolist(), strict=True))


def _pair(index: dict[Hashable, int], a: Hashable, b: Hashable) -> Pair:
    try:
        i, j = index[a], index[b]
    except KeyError as missing:
        raise ValueError(f"link or judgement names an unknown record: {missing.args[0]!r}") from None
    return (i, j) if i <= j else (j, i)


def _machine_edges(index, links, threshold: float, exclude: set[Pair]) -> dict[Pair, float]:
    """The strongest link of every pair at or above the threshold, as {(i, j): weight} in record
    positions (i < j), leaving out `exclude`. Vectorised: a run at a million records has ~500,000 links."""
    frame = pd.DataFrame(list(links), columns=["a", "b", "weight"])
    frame = frame[(frame["weight"] >= threshold) & (frame["a"] != frame["b"])]
    if frame.empty:
        return {}
    positions = pd.Index(list(index)).get_indexer(pd.concat([frame["a"], frame["b"]], ignore_index=True))
    if (positions < 0).any():
        unknown = pd.concat([frame["a"], frame["b"]], ignore_index=True)[positions < 0].iloc[0]
        raise ValueError(f"link or judgement names an unknown record: {unknown!r}")
    left, right = positions[:len(frame)], positions[len(frame):]
    edges = pd.DataFrame({"i": np.minimum(left, right), "j": np.maximum(left, right),
                          "weight": frame["weight"].astype(float).to_numpy()})
    # Sorted by pair here, in bulk, so that derive's sorted() calls meet ordered input (linear).
    strongest = edges.groupby(["i", "j"], sort=True)["weight"].max()
    pairs = zip(strongest.index.get_level_values(0).tolist(), strongest.index.get_level_values(1).tolist(), strict=True)
    found = dict(zip(pairs, strongest.tolist(), strict=True))
    for pair in exclude:
        found.pop(pair, None)
    return found


def _graph(vertex_count: int, human: set[Pair], machine: dict[Pair, float]) -> ig.Graph:
    """Human edges carry weight +inf so that the weakest-edge rule never picks them."""
    pairs = sorted(human) + sorted(machine)
    graph = ig.Graph(n=vertex_count, edges=pairs)
    graph.es["pair"] = pairs
    graph.es["weight"] = [math.inf] * len(human) + [machine[pair] for pair in sorted(machine)]
    return graph


def _edges_to_cut(graph: ig.Graph, apart: list[Pair], constrained: list[Pair], ids: Sequence[Hashable]) -> list[int]:
    """Edge ids of the whole graph to delete so that every pair in `apart` (and, where no
    human "same" chain holds it together, every pair in `constrained`) is disconnected.

    Works inside one connected component at a time, so a few judgements on a
    graph of a million records cost milliseconds, not a search of everything.
    """
    membership = np.asarray(graph.connected_components().membership)
    by_component: dict[int, list[tuple[Pair, bool]]] = {}
    for pairs, judged in ((apart, True), (constrained, False)):  # judgements first, then constraints
        for a, b in pairs:
            if membership[a] == membership[b]:
                by_component.setdefault(membership[a], []).append(((a, b), judged))
    cut: list[Pair] = []
    # Each component's members in vertex order, found once (not one scan of the graph per component).
    order = np.argsort(membership, kind="stable")
    starts = np.searchsorted(membership[order], np.arange(membership.max() + 2 if len(membership) else 1))
    for component, pairs in sorted(by_component.items()):
        members = order[starts[component]:starts[component + 1]].tolist()
        cut.extend(_cut_component(graph.induced_subgraph(members), members, pairs, ids))
    return graph.get_eids(cut) if cut else []


def _cut_component(sub: ig.Graph, members: list[int], pairs: list[tuple[Pair, bool]],
                   ids: Sequence[Hashable]) -> list[Pair]:
    local = {vertex: position for position, vertex in enumerate(members)}
    cut: list[Pair] = []
    for (a, b), judged in pairs:
        while path := _shortest_edge_path(sub, local[a], local[b]):
            weakest = min(path, key=lambda edge: (sub.es[edge]["weight"], sub.es[edge]["pair"]))
            if sub.es[weakest]["weight"] == math.inf:
                if not judged:
                    break  # a constraint that "same" judgements alone overrule
                raise ConflictingJudgements([(ids[a], ids[b])])
            cut.append(sub.es[weakest]["pair"])
            sub.delete_edges([weakest])
    return cut


def _shortest_edge_path(graph: ig.Graph, source: int, target: int) -> list[int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # igraph warns when there is no path: that is the goal
        return graph.get_shortest_path(source, target, output="epath")
