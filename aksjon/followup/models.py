"""Tasks and referrals that follow a control until someone closes them."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from aksjon.accounts.access import RestrictedQuerySet
from aksjon.accounts.models import Agency, District
from aksjon.controls.models import Control, Finding, PersonMet
from aksjon.operations.models import Operation


class FollowUp(models.Model):
    kind = models.CharField(max_length=10)  # vocabulary: followup_kinds
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="followups")
    # A referral is addressed to an agency; its liaison sees it and nothing else.
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="followups")
    operation = models.ForeignKey(Operation, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="followups")
    control = models.ForeignKey(Control, null=True, blank=True, on_delete=models.SET_NULL, related_name="followups")
    person_met = models.ForeignKey(PersonMet, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="followups")
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="followups")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="followups")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, default="open")  # vocabulary: followup_statuses
    closing_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "district", "agency": "agency"}

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = "follow-up"

    def __str__(self) -> str:
        return self.title
