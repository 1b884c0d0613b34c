"""Analysts' judgements on candidate pairs, and the clusters derived from them.

A judgement is an attributed edge (same / different / unsure) that can be
retracted; the pair's verdict is its newest judgement still standing. Clusters
are recomputed from the newest linkage run's links and the standing verdicts —
never edited by hand — so undoing a judgement is retracting it and recomputing.
"""
from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Abs
from django.utils import timezone

from aksjon.accounts.access import ADD, CHANGE, get_for, restrict
from aksjon.audit.log import record_write, snapshot
from aksjon.core.errors import Conflict, InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.intel.models import CandidatePair, ClusterMember, Judgement, LinkageRun
from aksjon.registry.models import Ad

VERDICTS = ("same", "different", "unsure")


def ordered(left: str, right: str) -> tuple[str, str]:
    """A pair is unordered; store it one way so its judgements meet."""
    return (left, right) if left <= right else (right, left)


def judge_pair(*, actor, kind: str, left: str, right: str, verdict: str, note: str = "",
               recompute: bool = True) -> Judgement:
    restrict(Judgement.objects.all(), actor, ADD)
    if verdict not in VERDICTS:
        raise InvalidInput(gettext_noop("A judgement is same, different or unsure."), field="verdict")
    if left == right:
        raise InvalidInput(gettext_noop("A record cannot be judged against itself."), field="right")
    left, right = ordered(left, right)
    with transaction.atomic():
        judgement = Judgement.objects.create(kind=kind, left=left, right=right, verdict=verdict, note=note,
                                             made_by=actor)
        record_write(actor, "judge_pair", judgement, before=None, after=snapshot(judgement))
        if recompute:
            recompute_clusters(kind)
    return judgement


def judge_many(*, actor, kind: str, pairs: list[tuple[str, str]], verdict: str) -> list[Judgement]:
    """The same verdict on many pairs: one judgement (and audit row) each, one recomputation."""
    with transaction.atomic():
        made = [judge_pair(actor=actor, kind=kind, left=a, right=b, verdict=verdict, recompute=False)
                for a, b in pairs]
        recompute_clusters(kind)
    return made


def retract_judgement(*, actor, judgement: Judgement) -> Judgement:
    """Undo: the judgement stays in the record, marked retracted; clusters follow."""
    judgement = get_for(actor, CHANGE, Judgement, pk=judgement.pk)
    if judgement.retracted_at:
        raise Conflict(gettext_noop("This judgement is retracted already."))
    with transaction.atomic():
        before = snapshot(judgement)
        judgement.retracted_at, judgement.retracted_by = timezone.now(), actor
        judgement.save(update_fields=["retracted_at", "retracted_by"])
        record_write(actor, "retract_judgement", judgement, before=before, after=snapshot(judgement))
        recompute_clusters(judgement.kind)
    return judgement


def standing_verdicts(kind: str) -> dict[tuple[str, str], str]:
    """pair -> verdict of its newest judgement that is not retracted."""
    verdicts: dict[tuple[str, str], str] = {}
    for j in Judgement.objects.filter(kind=kind, retracted_at=None).order_by("made_at", "id"):
        verdicts[(j.left, j.right)] = j.verdict
    return verdicts


def newest_run(kind: str) -> LinkageRun | None:
    return LinkageRun.objects.filter(kind=kind, status="done").order_by("-started_at", "-id").first()


def recompute_clusters(kind: str) -> int:
    """Derive every record's cluster again; returns the number of clusters."""
    from aksjon.linkage.clusters import clusters

    run = newest_run(kind)
    links = list(CandidatePair.objects.filter(run=run).values_list("left", "right", "match_weight")) if run else []
    verdicts = standing_verdicts(kind)
    records = {ref for a, b, _w in links for ref in (a, b)} | {ref for pair in verdicts for ref in pair}
    assigned = clusters(sorted(records), links, run.threshold if run else 0.0,
                        same=[p for p, v in verdicts.items() if v == "same"],
                        different=[p for p, v in verdicts.items() if v == "different"])
    with transaction.atomic():
        ClusterMember.objects.filter(kind=kind).delete()
        ClusterMember.objects.bulk_create(
            [ClusterMember(kind=kind, ref=ref, cluster=str(cluster)) for ref, cluster in assigned.items()],
            batch_size=2000)
        if kind == "venue":
            place_ads(assigned)
    return len(set(assigned.values()))


def place_ads(cluster_of: dict[str, str]) -> int:
    """Every observation of an ad belongs to the venue its cluster holds (derived, like
    the clusters: a judgement that moves the ad moves it off the venue). Returns the ads moved."""
    venue_in: dict[str, int] = {}
    for ref, cluster in sorted(cluster_of.items()):
        if ref.startswith("venue:"):
            venue_in.setdefault(cluster, int(ref.removeprefix("venue:")))
    linked = {int(ref.removeprefix("ad:")): venue_in.get(cluster) for ref, cluster in cluster_of.items()
              if ref.startswith("ad:")}
    observations = list(Ad.objects.values_list("pk", "ad_source", "ad_id", "venue_id"))
    venue_of_ad = {(source, ad_id): linked[pk] for pk, source, ad_id, _ in observations if pk in linked}
    moves: dict[int | None, list[int]] = {}
    for pk, source, ad_id, current in observations:
        wanted = venue_of_ad.get((source, ad_id))
        if wanted != current:
            moves.setdefault(wanted, []).append(pk)
    for venue, pks in moves.items():
        for start in range(0, len(pks), 500):
            Ad.objects.filter(pk__in=pks[start:start + 500]).update(venue_id=venue)
    return sum(map(len, moves.values()))


def review_queue(user, kind: str, limit: int = 50):
    """Pairs of the newest run that nobody has a standing verdict on, most uncertain first.

    Resumable by construction: a judged pair leaves the queue, so the next
    analyst (or the same one tomorrow) starts where the work stopped.
    """
    run = newest_run(kind)
    if run is None:
        return []
    judged = standing_verdicts(kind)
    pairs = (CandidatePair.objects.restrict(user).filter(run=run).exclude(rule__startswith="deterministic")
             .annotate(uncertainty=Abs(F("match_probability") - 0.5)).order_by("uncertainty", "pk"))
    queue = []
    for pair in pairs.iterator(chunk_size=500):
        if (pair.left, pair.right) not in judged:
            queue.append(pair)
            if len(queue) == limit:
                break
    return queue


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


__all__ = ["VERDICTS", "judge_pair", "judge_many", "retract_judgement", "recompute_clusters", "review_queue",
           "judgements_on", "cluster_of", "standing_verdicts", "newest_run"]
