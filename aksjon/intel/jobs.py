"""The intelligence app's kinds of job: importing an uploaded file, and a linkage run.

Both run on the one runner (aksjon.jobs.runner); each is one `register` call, made when
the app is ready. A runner does the work through the domain code, whose actions write
the audit rows, and returns a small result for the job's row.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from aksjon.intel import actions
from aksjon.intel.importing import import_file
from aksjon.intel.linking import run_linkage
from aksjon.jobs import runner
from aksjon.jobs.models import Job
from aksjon.jobs.progress import Interrupted, Progress


def run_import(job: Job, progress: Progress) -> dict:
    """Import a queued batch as the user who queued it."""
    batch = job.subject
    try:
        import_file(actor=job.created_by, kind=batch.kind, path=batch.stored_path, batch=batch, progress=progress)
    except Interrupted:
        raise
    except Exception as error:
        if batch.status not in actions.IMPORT_ENDED:  # refused before it started, e.g. the user may no longer import
            actions.fail_import(actor=job.created_by, batch=batch, error=error)
        raise
    return {"batch": batch.pk, "outcome": batch.status, "added": batch.added, "unchanged": batch.unchanged,
            "problems": len(batch.errors) if batch.status == "rejected" else 0}


def run_linkage_job(job: Job, progress: Progress) -> dict:
    """Run the cross-referencing as the analyst who queued it."""
    run = run_linkage(actor=job.created_by, kind=job.params["kind"], job=job, progress=progress)
    return {"run": run.pk, "records": run.records, "pairs": run.pairs}


def register() -> None:
    runner.register("import", run_import, permission="importbatch",
                    phases={"validating": _("Checking every row"), "importing": _("Importing")})
    runner.register("linkage", run_linkage_job, permission="linkagerun", one_at_a_time=True,
                    phases={"reading": _("Reading the records"),
                            "scoring": _("Training the model and scoring pairs"),
                            "storing": _("Storing pairs and clusters")})
