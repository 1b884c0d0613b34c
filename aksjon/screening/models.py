"""Indicator catalogues (versioned data) and the screenings made with them."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from aksjon.accounts.access import RestrictedQuerySet
from aksjon.controls.models import PersonMet


class CatalogueVersion(models.Model):
    """One published version of an indicator catalogue, kept whole and never edited.

    A screening points at the version it used, so publishing a corrected
    catalogue changes no earlier result.
    """

    catalogue_id = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    data = models.JSONField()  # the parsed catalogue file
    note = models.TextField(blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    objects = RestrictedQuerySet.as_manager()
    public = True

    class Meta:
        ordering = ["catalogue_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["catalogue_id", "version"], name="catalogue_version_once")]

    def __str__(self) -> str:
        return f"{self.catalogue_id} v{self.version}"


class Screening(models.Model):
    """The indicator screening of one person met. Draft while the officer works;
    confirmed when the officer has decided what follows."""

    person_met = models.ForeignKey(PersonMet, on_delete=models.CASCADE, related_name="screenings")
    catalogue = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="screenings")
    minor = models.BooleanField(default=False)
    answers = models.JSONField(default=dict)  # indicator code -> observed | disclosed | not_present | not_asked
    notes = models.JSONField(default=dict)  # indicator code -> the officer's note
    # The result as it was computed with this screening's catalogue, kept so that it never changes.
    outcome = models.CharField(max_length=20, default="no_indications")
    deciding_list = models.CharField(max_length=10, blank=True)
    incomplete = models.BooleanField(default=True)
    reasons = models.JSONField(default=dict)  # language -> list of sentences
    status = models.CharField(max_length=10, default="draft")  # draft | confirmed
    version = models.PositiveIntegerField(default=1)  # raised by every change; a stale change is refused
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "person_met__control__district"}

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Screening of {self.person_met}"
