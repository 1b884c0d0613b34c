"""The audit log: one row for every write, every read of personal data, every login and logout.

Rows form a keyed chain (aksjon/audit/seal.py): each row's seal covers its number,
its content's digest and the previous row's seal, under a key outside the database,
so a row changed, removed or re-sealed afterwards is found by `aksjon audit verify`;
signed checkpoints outside the database (aksjon/audit/checkpoints.py) catch rows cut
off the end.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from aksjon.accounts.access import RestrictedQuerySet

WRITE, READ, AUTH = "write", "read", "auth"  # AUTH: a login, a failed login, a logout, a denied request


class AuditHead(models.Model):
    """A single row holding the chain's newest seal and row number; locking it orders the writers."""

    last_mac = models.CharField(max_length=64, default="")
    count = models.BigIntegerField(default=0)  # the newest row's seq


class AuditEntry(models.Model):
    # The chain's own numbering, without gaps (ids may skip where a transaction rolled back).
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    # PROTECT: the row's digest covers the user's id, and the trail must go on naming who did it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(max_length=150)
    request_id = models.CharField(max_length=36, blank=True)
    kind = models.CharField(max_length=5)  # write | read | auth
    verb = models.CharField(max_length=60)  # the action's name, e.g. record_control
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    payload_digest = models.CharField(max_length=64)  # of before/after: kept when retention blanks them
    digest = models.CharField(max_length=64)  # of the other fields and the payload digest
    mac = models.CharField(max_length=64, unique=True)  # the seal: HMAC of seq, the previous mac and digest

    objects = RestrictedQuerySet.as_manager()
    scope_paths: dict[str, str] = {}

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.verb} {self.object_type}#{self.object_id}"
