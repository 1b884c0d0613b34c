"""Every state change a user makes to a job: cancel and retry, each in one transaction with its audit row.

Queueing is the domain's action (an import, a linkage run: aksjon.intel.actions), and the
worker's own bookkeeping (claim, progress, end) belongs to aksjon.jobs.runner; the domain
records the work changes get their audit rows from the domain actions the runners call.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from aksjon.accounts.access import ADD, CHANGE, allows, restrict
from aksjon.audit.log import record_write
from aksjon.core.errors import AccessDenied, Conflict
from aksjon.core.text import gettext_noop
from aksjon.jobs import runner
from aksjon.jobs.models import CANCELLED, ENDED, FAILED, PENDING, QUEUED, RUNNING, Job
from aksjon.jobs.progress import clear_cancel, request_cancel
from aksjon.jobs.scope import job_for


def queue_job(*, actor, kind: str, params: dict | None = None) -> Job:
    """Queue a job of a registered kind that needs no domain record of its own (a report, an export)."""
    job_for_kind = runner.KINDS[kind]
    restrict(Job.objects.all(), actor, CHANGE)
    if not allows(actor, ADD, job_for_kind.permission):
        raise AccessDenied(gettext_noop("Your role may not do this."), action=ADD)
    with transaction.atomic():
        job = runner.queue(kind, actor=actor, params=params)
        record_write(actor, "queue_job", job, before=None, after={"kind": kind, "params": job.params})
    return job


def cancel_job(*, actor, pk: int) -> Job:
    """A queued job is cancelled at once; a running one stops at its next progress report."""
    job = job_for(actor, CHANGE, pk)
    if job.status not in PENDING:
        raise Conflict(gettext_noop("The job has ended already."))
    if job.status == RUNNING:
        # Before the transaction: on SQLite a running import holds the write lock until it sees this.
        request_cancel(job.pk)
    with transaction.atomic():
        before = _state(job)
        now_cancelled = Job.objects.filter(pk=job.pk, status=QUEUED).update(
            status=CANCELLED, cancel_requested=True, finished_at=timezone.now()) == 1
        if not now_cancelled:  # running, or claimed since we looked
            request_cancel(job.pk)
            Job.objects.filter(pk=job.pk, status__in=PENDING).update(cancel_requested=True)
        job.refresh_from_db()
        record_write(actor, "cancel_job", job, before=before, after=_state(job))
    return job


def retry_job(*, actor, pk: int) -> Job:
    """Queue a failed or cancelled job again, as it was first asked for."""
    job = job_for(actor, CHANGE, pk)
    if job.status not in (FAILED, CANCELLED):
        raise Conflict(gettext_noop("Only a failed or cancelled job can be tried again."))
    with transaction.atomic():
        if runner.KINDS[job.kind].one_at_a_time:
            runner.ensure_not_pending(job.kind, job.params, besides=job.pk)
        before = _state(job)
        if not Job.objects.filter(pk=job.pk, status__in=ENDED).exclude(status="done").update(
                status=QUEUED, cancel_requested=False, error_template="", error_params={}, phase="", done=0,
                total=0, started_at=None, finished_at=None):
            raise Conflict(gettext_noop("Only a failed or cancelled job can be tried again."))
        clear_cancel(job.pk)
        job.refresh_from_db()
        record_write(actor, "retry_job", job, before=before, after=_state(job))
        transaction.on_commit(runner.wake)
    return job


def _state(job: Job) -> dict:
    return {"status": job.status, "cancel_requested": job.cancel_requested, "attempts": job.attempts,
            "error": job.error}
