"""Writing audit rows. Actions call `record_write`, views `record_read`, the login signals
`record_auth`; a restore from a backup calls `record_restore`, retention `blank_payload`.
Checking the chain is aksjon/audit/verify.py."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from aksjon.audit import seal
from aksjon.audit.checkpoints import EVERY, RESTORE, append_checkpoint, audit_key
from aksjon.audit.context import current_request_id
from aksjon.audit.models import AUTH, READ, WRITE, AuditEntry, AuditHead

# The verb of the row that records a redaction; verify accepts a blanked before/after only
# on the rows such a sealed row names.
BLANK_VERB = "blank_audit_payload"


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


def _head() -> AuditHead:
    """The chain's head, locked until the transaction ends. Made from the newest row when it is
    missing, so that a removed head stops no one working (verify and the checkpoints judge)."""
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        newest = AuditEntry.objects.order_by("-seq").first()
        head = AuditHead.objects.create(pk=1, last_mac=newest.mac if newest else "", count=newest.seq if newest else 0)
    return head


def _append(actor, kind: str, verb: str, obj_type: str, obj_id, before, after, *, username: str = "") -> AuditEntry:
    with transaction.atomic():
        head = _head()
        entry = AuditEntry(
            seq=head.count + 1, at=timezone.now(), user=actor if getattr(actor, "pk", None) else None,
            username=username or getattr(actor, "username", "") or "system", request_id=current_request_id(),
            kind=kind, verb=verb, object_type=obj_type, object_id=str(obj_id), before=before, after=after,
            payload_digest=seal.payload_digest(before, after))
        entry.digest = seal.row_digest(entry, entry.payload_digest)
        entry.mac = seal.seal(audit_key(), entry.seq, head.last_mac, entry.digest)
        entry.save()
        head.last_mac, head.count = entry.mac, entry.seq
        head.save(update_fields=["last_mac", "count"])
        if entry.seq % settings.AUDIT_CHECKPOINT_EVERY == 0:
            # After the commit: a checkpoint must never name a row that was rolled back.
            transaction.on_commit(partial(append_checkpoint, entry.seq, entry.mac, EVERY), robust=True)
    return entry


def record_write(actor, verb: str, obj: models.Model, *, before: dict | None, after: dict | None) -> AuditEntry:
    """The audit row of one state change; call inside the action's transaction."""
    return _append(actor, WRITE, verb, obj._meta.label_lower, obj.pk, before, after)


def record_read(actor, verb: str, obj: models.Model, *, shown: dict | None = None) -> AuditEntry:
    """An access row: `actor` looked at personal data in `obj` (and what was shown)."""
    return _append(actor, READ, verb, obj._meta.label_lower, obj.pk, None, shown)


def record_denied(actor, *, path: str, code: str) -> AuditEntry:
    """A logged-in user asked for something their role or scope does not give them (403), or
    for a record that is not there for them (404: out of scope and missing answer alike). The
    path only, never the query string (it may hold a searched name)."""
    # A NUL cannot be stored in PostgreSQL's JSON; a path is shown, not used, so it is written out.
    shown = path.replace("\x00", "\\x00")[:300]
    return _append(actor, AUTH, "denied" if code == "forbidden" else "not_found", "request", "",
                   None, {"path": shown, "code": code})


def record_auth(verb: str, *, user=None, account=None) -> AuditEntry:
    """A login, logout or failed login. `user` did it (None: not logged in); `account` is the
    account it was about. Never a password, nor a name typed that is no account's."""
    return _append(user, AUTH, verb, "accounts.user", account.pk if account else "", None,
                   {"account": account.username if account else None}, username="" if user else "anonymous")


def blank_payload(entries: list[AuditEntry], *, actor, reason: str) -> AuditEntry:
    """Blank the before/after of old rows (retention: the personal data they hold) and write the
    row that says so. Their digests stay, so the chain still verifies; the reason is kept.
    Like record_write, a building block: the retention action calling it decides who may."""
    with transaction.atomic():
        seqs = sorted(entry.seq for entry in entries)
        AuditEntry.objects.filter(seq__in=seqs).update(before=None, after=None)
        return _append(actor, WRITE, BLANK_VERB, "audit.auditentry", seqs[0] if seqs else "", None,
                       {"seqs": seqs, "reason": reason})


def record_restore(*, source: str, actor=None):
    """Call once a database has been restored from a backup, outside any transaction: a row in the
    log says so, and a signed restore record in the checkpoint file says which rows the restore gave
    up (those after the backup's newest row), so they are not taken for a cut tail."""
    with transaction.atomic():
        newest = AuditEntry.objects.order_by("-seq").first()
        restored_seq = newest.seq if newest else 0
        entry = _append(actor, WRITE, "restore_backup", "audit.auditentry", restored_seq, None,
                        {"source": source, "restored_seq": restored_seq})
    return append_checkpoint(entry.seq, entry.mac, RESTORE, restored_seq=restored_seq, source=source)
