"""A job's status fragment (htmx polls it while the job waits or runs), and cancel and retry."""
from __future__ import annotations

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from aksjon.accounts.access import CHANGE, VIEW
from aksjon.jobs import actions, runner
from aksjon.jobs.models import CANCELLED, FAILED, QUEUED, Job
from aksjon.jobs.progress import live_progress
from aksjon.jobs.scope import job_for, may
from aksjon.web.views import page

STATUS_LABELS = {
    "queued": _("Waiting for a worker"),
    "running": _("Running"),
    "done": _("Done"),
    "failed": _("Failed"),
    "cancelled": _("Cancelled"),
}


def progress_context(user, job: Job) -> dict:
    """What jobs/_progress.html needs; a host page passes it to its {% include %}."""
    if job.status == QUEUED:
        runner.ensure_worker()  # queued before the server restarted: whoever looks starts a worker
    live = live_progress(job)
    spec = runner.KINDS.get(job.kind)
    phase = live.get("phase") or ""
    return {"job": job, "live": live, "status_label": STATUS_LABELS.get(job.status, job.status),
            "phase_label": spec.phases.get(phase, phase) if spec else phase,
            "error": _localized_error(job),
            "can_cancel": job.pending and not job.cancel_requested and may(user, CHANGE, job),
            "can_retry": job.status in (FAILED, CANCELLED) and may(user, CHANGE, job)}


def progress_html(request, job: Job) -> str:
    """The fragment, rendered for a host page (the imports page, the review page) to put where it likes."""
    return render_to_string("jobs/_progress.html", progress_context(request.user, job), request=request)


def _localized_error(job: Job) -> str:
    if not job.error_template:
        return ""
    text = gettext(job.error_template)
    return text % job.error_params if job.error_params else text


@page
def job_status(request, pk):
    """The fragment while the job is pending; once it has ended, an htmx poll reloads the host page,
    which shows the job's domain result (the import's counts or problems, the run's pairs)."""
    job = job_for(request.user, VIEW, pk)
    if request.htmx and not job.pending:
        return HttpResponseClientRefresh()
    template = "jobs/_progress.html" if request.htmx else "jobs/job.html"
    return render(request, template, progress_context(request.user, job))


@page
@require_POST
def job_cancel(request, pk):
    job = actions.cancel_job(actor=request.user, pk=pk)
    return _answer(request, job, refresh=not job.pending)


@page
@require_POST
def job_retry(request, pk):
    job = actions.retry_job(actor=request.user, pk=pk)
    runner.ensure_worker()
    return _answer(request, job, refresh=False)


def _answer(request, job: Job, *, refresh: bool):
    if request.htmx:
        return HttpResponseClientRefresh() if refresh else render(
            request, "jobs/_progress.html", progress_context(request.user, job))
    back = request.POST.get("next", "")
    local = back.startswith("/") and not back.startswith("//")
    return redirect(back) if local else redirect("job_status", pk=job.pk)


