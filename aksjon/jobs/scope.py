"""Which jobs a user may see or act on: the access primitive, then the kinds their role may see."""
from __future__ import annotations

from django.db import models

from aksjon.accounts.access import ADD, VIEW, allows, restrict
from aksjon.core.errors import NotFound
from aksjon.core.text import gettext_noop
from aksjon.jobs.models import Job
from aksjon.jobs.runner import KINDS


def visible_jobs(user, action: str = VIEW) -> models.QuerySet:
    """The jobs `user` may do `action` on (403 when the role may never). Seeing a job needs "view" on its
    kind's records (an import's batch); changing one — cancel, retry — needs "add" on them."""
    jobs = restrict(Job.objects.all(), user, action)
    needed = VIEW if action == VIEW else ADD
    return jobs.filter(kind__in=[kind for kind, spec in KINDS.items() if allows(user, needed, spec.permission)])


def job_for(user, action: str, pk: int) -> Job:
    """One job, or NotFound when it is missing, out of scope or of a kind the user may not see."""
    try:
        return visible_jobs(user, action).select_related("created_by").get(pk=pk)
    except Job.DoesNotExist:
        raise NotFound(gettext_noop("Not found.")) from None


def may(user, action: str, job: Job) -> bool:
    """May `user` do `action` (cancel, retry: "change") on this job? For showing its buttons."""
    spec = KINDS.get(job.kind)
    return spec is not None and allows(user, action, "job") and allows(user, ADD, spec.permission)
