"""A job: one piece of background work of a registered kind, with the database as its queue."""
from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from aksjon.accounts.access import RestrictedQuerySet

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
PENDING = (QUEUED, RUNNING)
ENDED = (DONE, FAILED, CANCELLED)


class Job(models.Model):
    kind = models.CharField(max_length=30)  # a key of aksjon.jobs.runner.KINDS: import | linkage | …
    status = models.CharField(max_length=10, default=QUEUED)  # queued | running | done | failed | cancelled
    phase = models.CharField(max_length=40, blank=True)  # the runner's last reported phase
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict)  # what the runner needs besides its subject
    result = models.JSONField(default=dict)  # what the runner returned
    # Why it failed, as DomainError keeps it: an English template and its values, shown in the reader's language.
    error_template = models.CharField(max_length=300, blank=True)
    error_params = models.JSONField(default=dict)
    # The domain record the job works on (an ImportBatch, a LinkageRun), which keeps the domain results.
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)  # how many times a worker claimed it

    objects = RestrictedQuerySet.as_manager()
    # A district or agency user sees the jobs their colleagues started (of the kinds their role may see).
    scope_paths = {"district": "created_by__district", "agency": "created_by__agency"}

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"]),
                   models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk}: {self.status}"

    @property
    def pending(self) -> bool:
        return self.status in PENDING

    @property
    def error(self) -> str:
        """The failure in English (the edges translate `error_template` themselves)."""
        return self.error_template % self.error_params if self.error_params else self.error_template


def for_subject(obj: models.Model, jobs: models.QuerySet | None = None) -> models.QuerySet:
    """The jobs (of `jobs`, e.g. those a user may see) that worked on `obj`, newest first."""
    jobs = Job.objects.all() if jobs is None else jobs
    return jobs.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)
