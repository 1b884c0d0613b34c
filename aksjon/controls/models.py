"""A control of a venue, the persons met there and what was found."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from aksjon.accounts.access import RestrictedQuerySet
from aksjon.accounts.models import District
from aksjon.core.screening import under_18
from aksjon.operations.models import Operation, Target, Team
from aksjon.registry.models import Person, Venue


class Control(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="controls")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="controls")
    operation = models.ForeignKey(Operation, null=True, blank=True, on_delete=models.PROTECT, related_name="controls")
    target = models.ForeignKey(Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="controls")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="controls")
    started_at = models.DateTimeField()
    venue_open = models.BooleanField(default=True)
    observations = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)  # raised by every change; a stale change is refused
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.venue} {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("control_detail", args=[self.pk])


class PersonMet(models.Model):
    """One person met at one control: what the officer saw and told them."""

    control = models.ForeignKey(Control, on_delete=models.CASCADE, related_name="persons_met")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="encounters")
    role = models.CharField(max_length=12)  # vocabulary: person_roles
    language = models.CharField(max_length=8, blank=True)  # vocabulary: languages
    documents_seen = models.CharField(max_length=20, blank=True)  # vocabulary: documents
    version = models.PositiveIntegerField(default=1)  # raised by every change; a stale change is refused
    # The language rights information was given in; empty means it was not given.
    rights_information_language = models.CharField(max_length=8, blank=True)  # vocabulary: languages
    notes = models.TextField(blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "control__district"}

    class Meta:
        ordering = ["id"]
        verbose_name = "person met"
        verbose_name_plural = "persons met"
        constraints = [models.UniqueConstraint(fields=["control", "person"], name="person_met_once_per_control")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.control}"

    @property
    def is_child(self) -> bool:
        """Under 18 at the control by the birth date, or assessed so in any screening.

        Either is enough: when age is uncertain and there is reason to believe the
        person is a child, they are treated as one (a birth date may be false).
        Prefetch `screenings` (and select `person`, `control`) when listing many.
        """
        born_minor = under_18(self.person.birth_date, timezone.localdate(self.control.started_at))
        return born_minor or any(screening.minor for screening in self.screenings.all())


class Finding(models.Model):
    """A coded finding at a control, about the venue or about one person met."""

    control = models.ForeignKey(Control, on_delete=models.CASCADE, related_name="findings")
    person_met = models.ForeignKey(PersonMet, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=40)  # vocabulary: findings
    note = models.TextField(blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "control__district"}

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.code


class Vulnerability(models.Model):
    """A vulnerability (HTCDS category) recorded for a person met, to be followed up."""

    person_met = models.ForeignKey(PersonMet, on_delete=models.CASCADE, related_name="vulnerabilities")
    code = models.CharField(max_length=40)  # vocabulary: vulnerabilities
    note = models.TextField(blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "person_met__control__district"}

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "vulnerabilities"
        constraints = [models.UniqueConstraint(fields=["person_met", "code"], name="vulnerability_once")]

    def __str__(self) -> str:
        return self.code
