"""An operation (an action week), the districts and agencies in it, its teams and targets."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from aksjon.accounts.access import RestrictedQuerySet
from aksjon.accounts.models import Agency, District
from aksjon.registry.models import Venue


class Operation(models.Model):
    name = models.CharField(max_length=120, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    coordinating_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="coordinated_operations")
    districts = models.ManyToManyField(District, related_name="operations")
    support_agencies = models.ManyToManyField(Agency, blank=True, related_name="supported_operations")
    status = models.CharField(max_length=12, default="planning")  # vocabulary: operation_statuses
    version = models.PositiveIntegerField(default=1)  # raised by every change; a stale change is refused
    aims = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    # District users see the operations their district takes part in.
    scope_paths = {"district": "districts"}

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="teams")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=80)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="teams")

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        ordering = ["district__name", "name"]
        constraints = [models.UniqueConstraint(fields=["operation", "district", "name"], name="team_name_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.district})"


class Target(models.Model):
    """A venue chosen for control in an operation, with the reason it was chosen."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="targets")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="targets")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="targets")
    reason = models.TextField()
    priority = models.PositiveSmallIntegerField(default=2)  # 1 high, 2 normal, 3 low
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets")
    status = models.CharField(max_length=12, default="proposed")  # vocabulary: target_statuses
    version = models.PositiveIntegerField(default=1)  # raised by every change; a stale change is refused
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        ordering = ["priority", "venue__town__name", "venue__name"]
        constraints = [models.UniqueConstraint(fields=["operation", "venue"], name="venue_targeted_once")]

    def __str__(self) -> str:
        return f"{self.venue} — {self.operation}"
