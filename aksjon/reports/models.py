"""What the report keeps besides the figures it computes: the coordinator's summary text
and reference figures from outside (another country's mapping) to compare trends with."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from aksjon.accounts.access import RestrictedQuerySet
from aksjon.operations.models import Operation

LANGUAGES = ("nb", "en")


class ReportText(models.Model):
    """An operation report's summary in one language.

    One draft per operation and language, which the coordinator edits; publishing adds a row
    that never changes, holding the text and the figures it was written from.
    """

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="report_texts")
    language = models.CharField(max_length=2)  # nb | en
    text = models.TextField(max_length=20000)
    status = models.CharField(max_length=10, default="draft")  # draft | published
    figures = models.JSONField(default=dict)  # set when published: the figures as the text saw them
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # National: the summary speaks of the whole operation (scope_paths is empty, so a district
    # or agency user has none, and no role outside the national unit may view it anyway).
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        constraints = [models.UniqueConstraint(fields=["operation", "language"], condition=Q(status="draft"),
                                               name="one_report_draft_per_language")]

    def __str__(self) -> str:
        return f"{self.operation} {self.language} {self.status}"


class ReferenceFigure(models.Model):
    """A figure from outside the project's records, with its source: e.g. the share of salons
    offering sexual services in the Swedish police's national mapping. Compared with an
    operation's trend measure of the same code."""

    measure = models.CharField(max_length=40)  # a code of the trend_measures vocabulary
    value = models.FloatField()  # a share, 0 to 1
    label = models.CharField(max_length=200)
    source = models.CharField(max_length=500)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    public = True  # no person in it: every role that may view it sees them all

    class Meta:
        ordering = ["measure", "year", "label"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value:.0%}"
