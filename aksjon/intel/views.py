"""Import pages: the list with the upload form, and a batch's page that follows its progress."""
from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aksjon.accounts.access import ADD, allows, get_for
from aksjon.core.errors import DomainError
from aksjon.intel import jobs
from aksjon.intel.forms import KIND_CHOICES, ImportForm
from aksjon.intel.models import ImportBatch
from aksjon.web.views import add_domain_error, page

STATUS_LABELS = {
    "queued": _("Waiting for a worker"),
    "validating": _("Checking every row"),
    "importing": _("Importing"),
    "done": _("Done"),
    "rejected": _("Rejected: nothing imported"),
    "failed": _("Failed: nothing imported"),
}
KIND_LABELS = dict(KIND_CHOICES)


@page
def import_list(request):
    batches = ImportBatch.objects.restrict(request.user).select_related("created_by")[:100]
    can_add = allows(request.user, ADD, "importbatch")
    form = ImportForm(request.POST or None, request.FILES or None) if can_add else None
    if request.method == "POST":
        ImportBatch.objects.restrict(request.user, ADD)
        if form.is_valid():
            try:
                batch = jobs.enqueue_import(request.user, form.cleaned_data["kind"], form.cleaned_data["file"])
                jobs.ensure_worker()
                return redirect("import_detail", pk=batch.pk)
            except DomainError as error:
                add_domain_error(form, error)
    rows = [(batch, KIND_LABELS.get(batch.kind, batch.kind), STATUS_LABELS.get(batch.status, batch.status))
            for batch in batches]
    return render(request, "intel/imports.html", {"rows": rows, "form": form})


@page
def import_detail(request, pk):
    batch = get_for(request.user, "view", ImportBatch, pk=pk)
    _start_worker_if_queued(batch)
    return render(request, "intel/import.html", {
        "batch": batch, "kind_label": KIND_LABELS.get(batch.kind, batch.kind), **_progress(batch)})


@page
def import_progress(request, pk):
    """The part of the batch page that changes; htmx asks for it while the batch runs."""
    batch = get_for(request.user, "view", ImportBatch, pk=pk)
    _start_worker_if_queued(batch)
    return render(request, "intel/_import_progress.html", {"batch": batch, **_progress(batch)})


def _start_worker_if_queued(batch: ImportBatch) -> None:
    # A batch queued before the server restarted waits for a worker; whoever looks at it starts one.
    if batch.status == jobs.QUEUED:
        jobs.ensure_worker()


def _progress(batch: ImportBatch) -> dict:
    live = jobs.live_progress(batch)
    return {"live": live, "running": batch.status not in jobs.FINISHED,
            "status_label": STATUS_LABELS.get(batch.status, batch.status),
            "problems": [_localized(problem) for problem in batch.errors]}


def _localized(problem: dict) -> dict:
    """A stored problem in the reader's language (its English template, translated, with its values)."""
    template, params = problem.get("template"), problem.get("params") or {}
    reason = (gettext(template) % params if params else gettext(template)) if template else problem["reason"]
    return {**problem, "reason": reason}
