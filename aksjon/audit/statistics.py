"""Access statistics for the auditor: per user and period, counted from the audit log."""
from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, Q

from aksjon.audit.models import AUTH, READ, WRITE, AuditEntry


def access_statistics(user, since: date, until: date) -> list[dict]:
    """One row per user with a row in the log between `since` and `until` (both included):
    reads of personal data and how many distinct records they touched, writes, refused
    requests, logins and failed logins — most reads first."""
    entries = AuditEntry.objects.restrict(user).filter(at__date__gte=since, at__date__lte=until)
    rows = (entries.order_by().values("username").annotate(
        reads=Count("id", filter=Q(kind=READ)),
        records_read=Count("object_id", filter=Q(kind=READ), distinct=True),
        writes=Count("id", filter=Q(kind=WRITE)),
        refused=Count("id", filter=Q(kind=AUTH, verb__in=["denied", "not_found"])),
        logins=Count("id", filter=Q(kind=AUTH, verb="login")),
        failed_logins=Count("id", filter=Q(kind=AUTH, verb="login_failed")),
        last=Max("at")))
    return sorted(rows, key=lambda row: (-row["reads"], -row["refused"], row["username"]))
