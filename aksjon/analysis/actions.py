"""Every state change of analysis work: one function each, with a keyword-only `actor`,
one transaction and its audit row (the house rule of every app's actions.py)."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from aksjon.accounts.access import ADD, CHANGE, VIEW, get_for, restrict
from aksjon.analysis import pipeline
from aksjon.analysis.models import TargetProposal, VenueScore
from aksjon.analysis.store import priority as priority_store
from aksjon.audit.log import record_write, snapshot
from aksjon.core.errors import Conflict, InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.jobs import runner as job_runner
from aksjon.jobs.models import Job
from aksjon.operations.actions import add_target
from aksjon.operations.models import Operation, Target


def queue_analysis(*, actor, names: list[str]) -> Job:
    """Queue analyses for the worker, one such job at a time."""
    restrict(VenueScore.objects.all(), actor, ADD)
    try:
        names = pipeline.resolve(names)
    except ValueError as error:
        raise InvalidInput(gettext_noop("Unknown analysis."), field="names") from error
    with transaction.atomic():
        given_up = job_runner.ensure_not_pending("analysis", {"names": names})
        job = job_runner.queue("analysis", actor=actor, params={"names": names})
        record_write(actor, "queue_analysis", job, before=None, after={"names": names, "stale_jobs_given_up": given_up})
    return job


# --- target proposals: the priority's best venues per district, for the coordinator to decide ---

PROPOSALS_PER_DISTRICT = 10


def propose_targets(*, actor, operation, per_district: int = PROPOSALS_PER_DISTRICT) -> list[TargetProposal]:
    """Propose the best-scored venues of each of the operation's districts (undecided proposals
    are replaced; accepted and rejected ones stay as decided)."""
    restrict(TargetProposal.objects.all(), actor, ADD)
    operation = get_for(actor, VIEW, Operation, pk=operation.pk)
    if not 1 <= per_district <= 100:
        raise InvalidInput(gettext_noop("Propose between 1 and 100 venues per district."), field="per_district")
    with transaction.atomic():
        proposals = priority_store.make_proposals(operation, per_district)
        record_write(actor, "propose_targets", operation, before=None,
                     after={"per_district": per_district, "proposals": sorted(p.venue_id for p in proposals)})
    return proposals


def accept_proposals(*, actor, operation, proposals) -> list[Target]:
    """Accept the chosen proposals of one operation as its targets, in one step: each becomes a
    target through operations.add_target (its own audit row and approval rule) and is marked
    accepted (another audit row). All or nothing."""
    chosen = list(proposals)
    if not chosen:
        raise InvalidInput(gettext_noop("Choose at least one proposal."), field="proposals")
    targets = []
    with transaction.atomic():
        for proposal in chosen:
            proposal = _undecided(actor, proposal, operation)
            target = add_target(actor=actor, operation=operation, venue=proposal.venue,
                                reason=proposal_reason(proposal), priority=1 if proposal.rank <= 3 else 2)
            before = snapshot(proposal)
            proposal.status, proposal.target = TargetProposal.ACCEPTED, target
            proposal.decided_by, proposal.decided_at = actor, timezone.now()
            proposal.save()
            record_write(actor, "accept_proposal", proposal, before=before, after=snapshot(proposal))
            targets.append(target)
    return targets


def reject_proposal(*, actor, proposal, reason: str) -> TargetProposal:
    """Reject a proposal; the reason is required and kept (the next proposals leave the venue out)."""
    proposal = _undecided(actor, proposal, None)
    if not (reason or "").strip():
        raise InvalidInput(gettext_noop("Say why the proposal is rejected."), field="reason")
    with transaction.atomic():
        before = snapshot(proposal)
        proposal.status, proposal.decision_reason = TargetProposal.REJECTED, reason.strip()[:500]
        proposal.decided_by, proposal.decided_at = actor, timezone.now()
        proposal.save()
        record_write(actor, "reject_proposal", proposal, before=before, after=snapshot(proposal))
    return proposal


def _undecided(actor, proposal, operation) -> TargetProposal:
    # A role that may not decide: 403; a proposal outside the scope: 404.
    proposal = get_for(actor, CHANGE, TargetProposal, pk=proposal.pk)
    if operation is not None and proposal.operation_id != operation.pk:
        raise InvalidInput(gettext_noop("The proposal is of another operation."), field="proposals")
    if proposal.status != TargetProposal.PROPOSED:
        raise Conflict(gettext_noop("The proposal is decided already."))
    return proposal


def proposal_reason(proposal: TargetProposal) -> str:
    """The target's reason: the score and its largest reasons, and what the score is for."""
    top = "; ".join(f"{item['code']} (+{item['points']:g})" for item in proposal.reasons[:5])
    return (f"Prioritet {proposal.score:g} poeng (vekter v{proposal.weights_version}): {top}. "
            f"For prioritering av kontroller, aldri bevis.")
