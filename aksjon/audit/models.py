"""The audit log: one row for every write and every read of personal data.

Rows form a hash chain (each row's hash covers the previous row's hash), so a
row changed or removed afterwards is found by `aksjon audit verify`.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from aksjon.accounts.access import RestrictedQuerySet

WRITE, READ = "write", "read"


class AuditHead(models.Model):
    """A single row holding the chain's last hash; locking it orders the writers."""

    last_hash = models.CharField(max_length=64, default="")
    count = models.BigIntegerField(default=0)


class AuditEntry(models.Model):
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)  # kept when the user is deleted
    request_id = models.CharField(max_length=36, blank=True)
    kind = models.CharField(max_length=5)  # write | read
    verb = models.CharField(max_length=60)  # the action's name, e.g. record_control
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths: dict[str, str] = {}

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.verb} {self.object_type}#{self.object_id}"
