"""The analysis app's one kind of job: `analysis`, params {"names": [...]} (aksjon.analysis.pipeline)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from aksjon.analysis import pipeline
from aksjon.jobs import runner
from aksjon.jobs.models import Job
from aksjon.jobs.progress import Progress


def run_analysis(job: Job, progress: Progress) -> dict:
    """Run the analyses named in the job as the analyst who queued it."""
    return pipeline.run(job.params["names"], actor=job.created_by, progress=progress)


def register() -> None:
    runner.register("analysis", run_analysis, permission="venuescore", one_at_a_time=True,
                    phases={"templates": _("Finding ad templates"), "rotation": _("Following workers between towns"),
                            "networks": _("Finding networks"), "priority": _("Scoring venues")})
