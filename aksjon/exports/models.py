"""One row per export: the audited object of `export_records` (what was exported, how, by whom)."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from aksjon.accounts.access import RestrictedQuerySet


class Export(models.Model):
    kind = models.CharField(max_length=40)  # an export kind's name, e.g. targets
    format = models.CharField(max_length=4)  # csv | xlsx
    rows = models.PositiveIntegerField()  # rows in the file (counted when the export was recorded)
    filters = models.JSONField(default=dict)  # the filters given, as given ({"status": "approved"})
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths: dict[str, str] = {}

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} ({self.rows} rows)"
