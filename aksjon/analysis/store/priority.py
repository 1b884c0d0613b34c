"""The priority read from and written back to the database: the signals of the families the
priority reads itself (aksjon.analysis.signals), every venue's score, and target proposals.

A run replaces what the last run wrote (signals of its families, every score). Proposals
are the exception: a decided proposal (accepted, rejected with its reason) stays as the
coordinator left it; only undecided ones are replaced when proposals are made again.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from aksjon.analysis.core.priority import Scored, SignalIn, Weights
from aksjon.analysis.models import Signal, TargetProposal, VenueScore
from aksjon.audit.log import record_write
from aksjon.operations.models import Target
from aksjon.registry.models import Venue

BATCH = 2000


def store_priority(actor, families: Iterable[str], signals: Iterable[SignalIn], scored: list[Scored],
                   weights: Weights) -> dict:
    """In one transaction with its audit row: replace every signal of `families` by `signals`
    (which must be of those families) and every venue's score by `scored` (a venue with no
    signal has no score)."""
    families = set(families)
    rows = [Signal(venue_id=s.venue, family=s.family, code=s.code, evidence=s.evidence[:300], refs=list(s.refs),
                   message=s.message or {}, observed_on=s.observed_on, strength=s.strength) for s in signals]
    if any(row.family not in families for row in rows):
        raise ValueError("a signal of a family this run does not replace")
    scores = [VenueScore(venue_id=item.venue, score=item.score, rank=item.rank,
                         reasons=item.reasons,
                         weights_version=weights.version) for item in scored]
    with transaction.atomic():
        before = {"signals": Signal.objects.filter(family__in=families).count(), "scores": VenueScore.objects.count()}
        Signal.objects.filter(family__in=families).delete()
        Signal.objects.bulk_create(rows, batch_size=BATCH)
        VenueScore.objects.all().delete()
        VenueScore.objects.bulk_create(scores, batch_size=BATCH)
        after = {"signals": len(rows), "scores": len(scores), "weights_version": weights.version,
                 "families": sorted(families)}
        first = VenueScore.objects.order_by("rank").first()
        record_write(actor, "store_priority", first or actor, before=before, after=after)
    return after


def read_signals(exclude_families: Iterable[str] = ()) -> list[SignalIn]:
    """Every stored signal (the other analyses' too), but those of `exclude_families`."""
    rows = Signal.objects.exclude(family__in=list(exclude_families)).values_list(
        "venue_id", "family", "code", "evidence", "refs", "observed_on", "strength", "message")
    return [SignalIn(venue, family, code, evidence, tuple(refs or ()), observed_on, strength, message or None)
            for venue, family, code, evidence, refs, observed_on, strength, message in rows.iterator(BATCH)]


def make_proposals(operation, per_district: int) -> list[TargetProposal]:
    """The `per_district` best-scored venues of each of the operation's districts that are neither
    targets of it nor decided on already, as new proposals (undecided ones replaced).
    Called inside the action's transaction."""
    TargetProposal.objects.filter(operation=operation, status=TargetProposal.PROPOSED).delete()
    decided = set(TargetProposal.objects.filter(operation=operation).values_list("venue_id", flat=True))
    targeted = set(Target.objects.filter(operation=operation).values_list("venue_id", flat=True))
    proposals = []
    for district in operation.districts.all():
        scores = (VenueScore.objects.filter(venue__district=district, score__gt=0)
                  .exclude(venue_id__in=decided | targeted)
                  .order_by("rank")[:per_district])
        for rank, score in enumerate(scores, start=1):
            proposals.append(TargetProposal(operation=operation, venue_id=score.venue_id, district=district,
                                            score=score.score, rank=rank, reasons=score.reasons,
                                            weights_version=score.weights_version))
    return TargetProposal.objects.bulk_create(proposals)


def venue_keys() -> list[int]:
    """Every venue: each gets a score, 0 when nothing is known of it."""
    return list(Venue.objects.values_list("pk", flat=True))
