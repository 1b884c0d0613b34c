"""Analysts' judgements on candidate pairs (queries), and the clusters derived from them.

A judgement is an attributed edge (same / different / unsure) that can be
retracted; the pair's verdict is its newest judgement still standing. Clusters
are derived from the newest linkage run's links and the standing verdicts —
never edited by hand — so undoing a judgement is retracting it and deriving
again. After a run every cluster is derived (recompute_clusters); after a
judgement only the components of its two records (rederive_clusters), with the
same result. The actions that judge and retract are in aksjon.intel.actions.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Abs

from aksjon.core.refs import Ref
from aksjon.intel.models import CandidatePair, ClusterMember, Judgement, LinkageRun
from aksjon.intel.placing import place_ads
from aksjon.registry.models import Person

VERDICTS = ("same", "different", "unsure")
# SQLite allows 999 parameters to a statement in old builds: look records up in slices.
SLICE = 900


def ordered(left: str, right: str) -> tuple[str, str]:
    """A pair is unordered; store it one way so its judgements meet."""
    return (left, right) if left <= right else (right, left)


def standing_verdicts(kind: str) -> dict[tuple[str, str], str]:
    """pair -> verdict of its newest judgement that is not retracted."""
    verdicts: dict[tuple[str, str], str] = {}
    for j in Judgement.objects.filter(kind=kind, retracted_at=None).order_by("made_at", "id"):
        verdicts[(j.left, j.right)] = j.verdict
    return verdicts


def newest_run(kind: str) -> LinkageRun | None:
    return LinkageRun.objects.filter(kind=kind, status="done").order_by("-started_at", "-id").first()


def recompute_clusters(kind: str) -> int:
    """Derive every record's cluster again (after a linkage run); returns the number of clusters."""
    run = newest_run(kind)
    links = list(CandidatePair.objects.filter(run=run).values_list("left", "right", "match_weight")) if run else []
    verdicts = standing_verdicts(kind)
    records = {ref for a, b, _w in links for ref in (a, b)} | {ref for pair in verdicts for ref in pair}
    derived = _derive(run, sorted(records), links, verdicts)
    with transaction.atomic():
        ClusterMember.objects.filter(kind=kind).delete()
        ClusterMember.objects.bulk_create(_members(kind, derived, derived.cluster), batch_size=2000)
        if kind == "venue":
            place_ads()
    return len(set(derived.cluster.values()))


def rederive_clusters(kind: str, touched: Iterable[str]) -> set[str]:
    """After a judgement or retraction on `touched` (two records): derive again only the
    components they were in, the same way and with the same result as recompute_clusters,
    and rewrite only the rows that changed. Returns the records whose row changed.

    Raises ConflictingJudgements (aksjon.linkage.clusters) when the judgements now contradict.
    """
    touched = set(touched)
    stored = ClusterMember.objects.filter(kind=kind)
    components = set(stored.filter(ref__in=touched).values_list("component", flat=True))
    if "" in components:  # rows derived before components were stored
        recompute_clusters(kind)
        return set(stored.values_list("ref", flat=True))
    part = set(_in_slices(stored, "component", components, "ref")) | touched
    run = newest_run(kind)
    links = _links_touching(run, part)
    verdicts = _verdicts_touching(kind, part)
    present = ({ref for a, b, _w in links for ref in (a, b)} | {ref for pair in verdicts for ref in pair}) & part
    derived = _derive(run, sorted(present), [link for link in links if {link[0], link[1]} <= present],
                      {pair: verdict for pair, verdict in verdicts.items() if set(pair) <= present})
    before = {ref: (cluster, component) for ref, cluster, component in
              _in_slices(stored, "ref", part, "ref", "cluster", "component")}
    after = {ref: (derived.cluster[ref], derived.component[ref]) for ref in present}
    changed = {ref for ref in part if before.get(ref) != after.get(ref)}
    with transaction.atomic():
        for refs in _slices(changed):
            stored.filter(ref__in=refs).delete()
        ClusterMember.objects.bulk_create(_members(kind, derived, changed & present), batch_size=2000)
        if kind == "venue":
            place_ads(_ads_to_place(changed, before, after))
    return changed


def _derive(run: LinkageRun | None, record_ids: list[str], links, verdicts: dict[tuple[str, str], str]):
    from aksjon.linkage.clusters import derive, derive_apart

    same = [pair for pair, verdict in verdicts.items() if verdict == "same"]
    different = [pair for pair, verdict in verdicts.items() if verdict == "different"]
    threshold = run.threshold if run else 0.0
    if run is not None and run.kind == "person":
        # Constraints from the records themselves, the same in a full recompute and in a part.
        return derive_apart(record_ids, links, threshold, person_constraint_values(record_ids), same, different)
    return derive(record_ids, links, threshold, same=same, different=different)


def person_constraint_values(refs: Iterable[str]) -> dict[str, tuple]:
    """person reference -> (birth date key,): two known birth dates that differ other than by a
    day–month swap are two people unless analysts judged them the same (linkage.persons)."""
    from aksjon.linkage.persons import birth_key

    keys = {}
    for ref in refs:
        parsed = Ref.parse(ref)
        if parsed.kind == "person":
            keys[parsed.key] = ref
    born = dict(_in_slices(Person.objects.filter(birth_date__isnull=False), "pk", keys, "pk", "birth_date"))
    return {keys[pk]: (birth_key(day.isoformat()),) for pk, day in born.items()}


def _members(kind: str, derived, refs: Iterable[str]) -> list[ClusterMember]:
    return [ClusterMember(kind=kind, ref=ref, cluster=str(derived.cluster[ref]), component=str(derived.component[ref]))
            for ref in sorted(refs)]


def _links_touching(run: LinkageRun | None, refs: set[str]) -> list[tuple[str, str, float]]:
    """Every pair of the run with a record in `refs`, of any weight: a record is derived while
    any pair names it."""
    if run is None:
        return []
    pairs = CandidatePair.objects.filter(run=run)
    found = set(_in_slices(pairs, "left", refs, "left", "right", "match_weight"))
    found |= set(_in_slices(pairs, "right", refs, "left", "right", "match_weight"))
    return sorted(found)


def _verdicts_touching(kind: str, refs: set[str]) -> dict[tuple[str, str], str]:
    """The standing verdicts on every pair with a record in `refs` (as standing_verdicts)."""
    judgements = Judgement.objects.filter(kind=kind, retracted_at=None)
    rows = set(_in_slices(judgements, "left", refs, "made_at", "id", "left", "right", "verdict"))
    rows |= set(_in_slices(judgements, "right", refs, "made_at", "id", "left", "right", "verdict"))
    return {(left, right): verdict for _at, _id, left, right, verdict in sorted(rows)}


def _ads_to_place(changed: set[str], before: dict, after: dict) -> set[int]:
    """The ads in a cluster that lost or gained a member: only their venue can have changed."""
    clusters = {state[0] for ref in changed for state in (before.get(ref), after.get(ref)) if state}
    ads = set()
    for ref in before.keys() | after.keys():
        state = after.get(ref) or before.get(ref)
        parsed = Ref.parse(ref)
        if parsed.kind == "ad" and (ref in changed or state[0] in clusters):
            ads.add(parsed.key)
    return ads


def _slices(values: Iterable) -> Iterable[list]:
    values = sorted(values)
    for start in range(0, len(values), SLICE):
        yield values[start:start + SLICE]


def _in_slices(queryset, field: str, values: Iterable, *columns: str) -> list:
    """`queryset.filter(field__in=values).values_list(*columns)`, a slice of values at a time."""
    flat = len(columns) == 1
    found = []
    for part in _slices(values):
        found += queryset.filter(Q(**{f"{field}__in": part})).values_list(*columns, flat=flat)
    return found


def review_queue(user, kind: str, limit: int | None = 50):
    """Pairs of the newest run that nobody has a standing verdict on, most uncertain first;
    the first `limit` of them, or all when None (the review page pages through them).

    Resumable by construction: a judged pair leaves the queue, so the next
    analyst (or the same one tomorrow) starts where the work stopped.
    """
    run = newest_run(kind)
    if run is None:
        return []
    judged = standing_verdicts(kind)
    if kind == "person":
        return _person_queue(user, run, judged, limit)
    # The venue review band (linkage.units.review_band): rule pairs marked for review and the model's
    # unsure pairs no rule decided, while their records are in two clusters.
    from aksjon.linkage.units import REVIEW_HIGH, REVIEW_LOW, REVIEW_PREFIX

    cluster = dict(ClusterMember.objects.filter(kind=kind).values_list("ref", "cluster"))
    unsure = ~Q(rule__startswith="deterministic") & Q(match_weight__gte=REVIEW_LOW, match_weight__lt=REVIEW_HIGH)
    pairs = (CandidatePair.objects.restrict(user).filter(run=run).filter(Q(rule__startswith=REVIEW_PREFIX) | unsure)
             .annotate(uncertainty=Abs(F("match_probability") - 0.5)).order_by("uncertainty", "pk"))
    queue = []
    for pair in pairs.iterator(chunk_size=500):
        if (pair.left, pair.right) not in judged and cluster.get(pair.left, pair.left) != cluster.get(pair.right,
                                                                                                      pair.right):
            queue.append(pair)
            if len(queue) == limit:
                break
    return queue


def _person_queue(user, run: LinkageRun, judged: dict, limit: int) -> list[CandidatePair]:
    """The review band (linkage.persons.review_band): the model's doubtful pairs and every link a
    constraint broke, the pair whose decision would move most record pairs first."""
    import pandas as pd

    from aksjon.linkage.persons import review_band

    pairs = {pair.pk: pair for pair in CandidatePair.objects.restrict(user).filter(run=run)
             if (pair.left, pair.right) not in judged}
    if not pairs:
        return []
    cluster = dict(ClusterMember.objects.filter(kind="person").values_list("ref", "cluster"))
    frame = pd.DataFrame([{"unique_id_l": p.left, "unique_id_r": p.right, "match_weight": p.match_weight,
                           "match_probability": p.match_probability, "rule": p.rule, "pk": p.pk}
                          for p in pairs.values()])
    band = review_band(frame, _Clusters(cluster, frozenset(_broken(run, cluster))))
    queue = []
    for row in band.itertuples():
        pair = pairs[row.pk]
        pair.reason, pair.change = row.reason, row.change
        queue.append(pair)
    return queue[:limit]


class _Clusters:
    """The stored clusters in the shape review_band reads (linkage.clusters.Derived)."""

    def __init__(self, cluster: dict, broken: frozenset):
        self.cluster, self.broken = cluster, broken


def _broken(run: LinkageRun, cluster: dict[str, str]) -> list[tuple[str, str]]:
    """The run's links at or above its threshold whose records are in two clusters: cut apart by
    a constraint or a "different" judgement."""
    return [(left, right) for left, right in CandidatePair.objects.filter(run=run, match_weight__gte=run.threshold)
            .values_list("left", "right") if cluster.get(left, left) != cluster.get(right, right)]


def constraint_reason(pair: CandidatePair) -> dict | None:
    """Why a person pair the model links is apart, for its page: the two birth dates that differ
    (other than by a day–month swap) between its records' clusters; None when it is not apart."""
    if pair.run.kind != "person" or pair.match_weight < pair.run.threshold:
        return None
    members = dict(ClusterMember.objects.filter(kind="person", ref__in=[pair.left, pair.right])
                   .values_list("ref", "cluster"))
    if members.get(pair.left, pair.left) == members.get(pair.right, pair.right):
        return None
    dates = []
    for ref in (pair.left, pair.right):
        refs = cluster_of("person", ref)
        dates.append(sorted({value[0] for value in person_constraint_values(refs).values()}))
    if not dates[0] or not dates[1] or set(dates[0]) & set(dates[1]):
        return None  # apart by a "different" judgement, not by the birth dates
    return {"left": ", ".join(dates[0]), "right": ", ".join(dates[1])}


def judgements_on(kind: str, left: str, right: str):
    """Everyone's judgements on a pair, newest first, retracted ones included."""
    left, right = ordered(left, right)
    return Judgement.objects.filter(kind=kind, left=left, right=right).select_related("made_by", "retracted_by")


def cluster_of(kind: str, ref: str) -> list[str]:
    """Every record in the same cluster as `ref` (just `ref` when it is alone)."""
    member = ClusterMember.objects.filter(kind=kind, ref=ref).first()
    if member is None:
        return [ref]
    return list(ClusterMember.objects.filter(kind=kind, cluster=member.cluster).order_by("ref")
                .values_list("ref", flat=True))


__all__ = ["VERDICTS", "ordered", "recompute_clusters", "rederive_clusters", "review_queue", "judgements_on",
           "cluster_of", "standing_verdicts", "newest_run", "constraint_reason", "person_constraint_values"]
