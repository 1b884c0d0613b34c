"""Import pages: the list with the upload form, and a batch's page that follows its job."""
from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aksjon.accounts.access import ADD, allows, get_for
from aksjon.core.errors import DomainError
from aksjon.intel import actions
from aksjon.intel.forms import KIND_CHOICES, ImportForm
from aksjon.intel.models import ImportBatch
from aksjon.jobs import runner
from aksjon.jobs.models import PENDING, Job, for_subject
from aksjon.jobs.scope import visible_jobs
from aksjon.jobs.views import STATUS_LABELS as JOB_STATUS_LABELS
from aksjon.jobs.views import progress_html
from aksjon.web.once import exactly_once
from aksjon.web.views import add_domain_error, page

STATUS_LABELS = {
    "queued": _("Waiting for a worker"),
    "running": _("Running"),
    "validating": _("Checking every row"),  # batches from before imports were jobs
    "importing": _("Importing"),
    "done": _("Done"),
    "rejected": _("Rejected: nothing imported"),
    "failed": _("Failed: nothing imported"),
}
KIND_LABELS = dict(KIND_CHOICES)


@page
@exactly_once
def import_list(request):
    batches = list(ImportBatch.objects.restrict(request.user).select_related("created_by")[:100])
    can_add = allows(request.user, ADD, "importbatch")
    form = ImportForm(request.POST or None, request.FILES or None) if can_add else None
    if request.method == "POST":
        ImportBatch.objects.restrict(request.user, ADD)
        if form.is_valid():
            try:
                batch = actions.queue_import(actor=request.user, kind=form.cleaned_data["kind"],
                                             uploaded_file=form.cleaned_data["file"])
                runner.ensure_worker()
                return redirect("import_detail", pk=batch.pk)
            except DomainError as error:
                add_domain_error(form, error)
    jobs = _jobs_of(request.user, batches)
    rows = [(batch, KIND_LABELS.get(batch.kind, batch.kind), _status_label(batch, jobs.get(batch.pk)))
            for batch in batches]
    pending = [progress_html(request, job) for job in jobs.values() if job.status in PENDING]
    return render(request, "intel/imports.html", {"rows": rows, "form": form, "pending": pending})


@page
def import_detail(request, pk):
    batch = get_for(request.user, "view", ImportBatch, pk=pk)
    job = for_subject(batch, visible_jobs(request.user)).first()
    return render(request, "intel/import.html", {
        "batch": batch, "kind_label": KIND_LABELS.get(batch.kind, batch.kind),
        "job_progress": progress_html(request, job) if job else "",
        "job_pending": bool(job and job.pending),
        "status_label": _status_label(batch, job),
        "problems": [_localized(problem) for problem in batch.errors],
        "warnings": [_localized(warning) for warning in batch.warnings]})


def _jobs_of(user, batches: list[ImportBatch]) -> dict[int, Job]:
    """Each batch's job, by batch (a batch has one; a retry runs the same job again), as far as the user may see."""
    jobs = visible_jobs(user).filter(subject_type=ContentType.objects.get_for_model(ImportBatch),
                                     subject_id__in=[batch.pk for batch in batches])
    return {job.subject_id: job for job in jobs.order_by("pk")}


def _status_label(batch: ImportBatch, job: Job | None) -> str:
    # A batch that has not ended shows its job's state: waiting, running, or cancelled (nothing imported).
    if batch.status in ("queued", "running") and job is not None:
        return JOB_STATUS_LABELS.get(job.status, job.status)
    return STATUS_LABELS.get(batch.status, batch.status)


def _localized(problem: dict) -> dict:
    """A stored problem in the reader's language (its English template, translated, with its values)."""
    template, params = problem.get("template"), problem.get("params") or {}
    reason = (gettext(template) % params if params else gettext(template)) if template else problem["reason"]
    return {**problem, "reason": reason}
