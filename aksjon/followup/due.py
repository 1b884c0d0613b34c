"""When a follow-up is due unless the officer says: defaults as data, never in code.

The first of these that says something: the subject's `due_hours` (vocabulary
followup_subjects), the agency's `referral_due_hours` (aksjon/data/agencies.toml,
e.g. ROSA within 24 hours), the kind's `due_hours` (vocabulary followup_kinds).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from aksjon.core import vocabulary
from aksjon.registry.reference import agency_entry


def default_due(kind: str, subject: str = "", agency_code: str | None = None,
                made: datetime | None = None) -> date:
    """The day a follow-up made at `made` (now when None) is due, in local time."""
    hours = _hours(kind, subject, agency_code)
    return timezone.localdate((made or timezone.now()) + timedelta(hours=hours))


def _hours(kind: str, subject: str, agency_code: str | None) -> int:
    candidates = [
        vocabulary.entry("followup_subjects", subject).get("due_hours") if subject else None,
        agency_entry(agency_code).get("referral_due_hours") if agency_code and kind == "referral" else None,
        vocabulary.entry("followup_kinds", kind)["due_hours"],
    ]
    return next(int(hours) for hours in candidates if hours is not None)
