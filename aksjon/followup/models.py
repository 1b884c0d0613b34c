"""Tasks and referrals that follow a control until someone closes them."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language

from aksjon.accounts.access import RestrictedQuerySet
from aksjon.accounts.models import Agency, District
from aksjon.controls.models import Control, Finding, PersonMet
from aksjon.core import vocabulary
from aksjon.operations.models import Operation
from aksjon.registry.models import Venue


class FollowUp(models.Model):
    kind = models.CharField(max_length=10)  # vocabulary: followup_kinds
    # What a proposed follow-up is about; its label is the title in the reader's language.
    # Empty for one an officer wrote, whose title is their own words.
    subject = models.CharField(max_length=40, blank=True)  # vocabulary: followup_subjects
    title = models.CharField(max_length=200)  # for a subject: its bokmål label, kept for exports
    description = models.TextField(blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="followups")
    # A referral is addressed to an agency; its liaison sees it and nothing else.
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="followups")
    operation = models.ForeignKey(Operation, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="followups")
    control = models.ForeignKey(Control, null=True, blank=True, on_delete=models.SET_NULL, related_name="followups")
    person_met = models.ForeignKey(PersonMet, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="followups")
    # The workplace: a partner agency sees it even where it may see nothing else of the control.
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="followups")
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="followups")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="followups")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, default="open")  # vocabulary: followup_statuses
    closing_note = models.TextField(blank=True)
    # Raised by every change: a change made from a page showing an older version is refused.
    version = models.PositiveIntegerField(default=1)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "district", "agency": "agency"}

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = "follow-up"

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        """The title in the reader's language: the subject's label, or the officer's own words."""
        if not self.subject:
            return self.title
        return vocabulary.label("followup_subjects", self.subject, (get_language() or "nb")[:2])

    @property
    def due_state(self) -> str:
        """due_states code of an open follow-up against today's date here; empty when neither."""
        if self.status == "closed" or self.due_on is None:
            return ""
        today = timezone.localdate()
        return "overdue" if self.due_on < today else "due_today" if self.due_on == today else ""


class FollowUpNote(models.Model):
    """One entry in a follow-up's log: a note, a change of status, or both. Entries are only
    ever added, so two officers working one follow-up never overwrite each other's words."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(max_length=4000, blank=True)
    status_before = models.CharField(max_length=12, blank=True)  # vocabulary: followup_statuses
    status_after = models.CharField(max_length=12, blank=True)  # vocabulary: followup_statuses
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "followup__district", "agency": "followup__agency"}

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.followup_id}: {self.text[:40]}"
