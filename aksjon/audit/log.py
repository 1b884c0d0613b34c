"""Writing and verifying audit rows. Actions call `record_write`, views `record_read`."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from aksjon.audit.context import current_request_id
from aksjon.audit.models import READ, WRITE, AuditEntry, AuditHead


def snapshot(obj: models.Model | None) -> dict | None:
    """The record's own fields as JSON-safe values (foreign keys as ids)."""
    if obj is None:
        return None
    data = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = _json_safe(getattr(obj, field.attname))
    return data


def _json_safe(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _digest(prev_hash: str, fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _chained_fields(entry: AuditEntry) -> dict:
    return {
        "at": entry.at.isoformat(), "user_id": entry.user_id, "username": entry.username,
        "request_id": entry.request_id, "kind": entry.kind, "verb": entry.verb,
        "object_type": entry.object_type, "object_id": entry.object_id,
        "before": entry.before, "after": entry.after,
    }


def _append(actor, kind: str, verb: str, obj_type: str, obj_id, before, after) -> AuditEntry:
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            at=timezone.now(), user=actor if getattr(actor, "pk", None) else None,
            username=getattr(actor, "username", "") or "system", request_id=current_request_id(),
            kind=kind, verb=verb, object_type=obj_type, object_id=str(obj_id),
            before=before, after=after, prev_hash=head.last_hash,
        )
        entry.hash = _digest(entry.prev_hash, _chained_fields(entry))
        entry.save()
        head.last_hash, head.count = entry.hash, head.count + 1
        head.save(update_fields=["last_hash", "count"])
    return entry


def record_write(actor, verb: str, obj: models.Model, *, before: dict | None, after: dict | None) -> AuditEntry:
    """The audit row of one state change; call inside the action's transaction."""
    return _append(actor, WRITE, verb, obj._meta.label_lower, obj.pk, before, after)


def record_read(actor, verb: str, obj: models.Model, *, shown: dict | None = None) -> AuditEntry:
    """An access row: `actor` looked at personal data in `obj` (and what was shown)."""
    return _append(actor, READ, verb, obj._meta.label_lower, obj.pk, None, shown)


@dataclass
class ChainReport:
    rows: int
    first_broken_id: int | None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def verify_chain() -> ChainReport:
    """Walk the chain from the first row; report the first row that does not fit."""
    prev_hash, rows = "", 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        rows += 1
        if entry.prev_hash != prev_hash:
            return ChainReport(rows, entry.id, "does not follow the row before it (a row was removed or reordered)")
        if _digest(prev_hash, _chained_fields(entry)) != entry.hash:
            return ChainReport(rows, entry.id, "its content was changed after it was written")
        prev_hash = entry.hash
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.last_hash != prev_hash or head.count != rows):
        return ChainReport(rows, -1, "the newest rows were removed")
    return ChainReport(rows, None)
