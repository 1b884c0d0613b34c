"""Re-chain the existing rows under the keyed scheme (aksjon/audit/seal.py).

The old plain SHA-256 chain is checked first: a log that was already tampered with is
not re-sealed (that would launder it); the migration stops and names the row.
"""

import hashlib
import json

from django.db import migrations


def _old_digest(prev_hash, entry):
    fields = {"at": entry.at.isoformat(), "user_id": entry.user_id, "username": entry.username,
              "request_id": entry.request_id, "kind": entry.kind, "verb": entry.verb,
              "object_type": entry.object_type, "object_id": entry.object_id,
              "before": entry.before, "after": entry.after}
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _check_old_chain(entries, head):
    prev_hash = ""
    for entry in entries:
        if entry.prev_hash != prev_hash or _old_digest(prev_hash, entry) != entry.hash:
            raise RuntimeError(f"The audit chain is already broken at row id {entry.id}: it is not re-sealed. "
                               "Investigate it with the previous version's `aksjon audit verify`.")
        prev_hash = entry.hash
    if head and (head.last_hash != prev_hash or head.count != len(entries)):
        raise RuntimeError("The audit chain's newest rows were removed: it is not re-sealed.")


def rechain(apps, schema_editor):
    from aksjon.audit import seal
    from aksjon.audit.checkpoints import audit_key

    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    entries = list(AuditEntry.objects.order_by("id"))
    head = AuditHead.objects.filter(pk=1).first()
    _check_old_chain(entries, head)
    if not entries:
        return
    key, mac = audit_key(), ""
    for seq, entry in enumerate(entries, 1):
        entry.seq = seq
        entry.payload_digest = seal.payload_digest(entry.before, entry.after)
        entry.digest = seal.row_digest(entry, entry.payload_digest)
        entry.hash = mac = seal.seal(key, seq, mac, entry.digest)  # `hash` becomes `mac` in 0004
    AuditEntry.objects.bulk_update(entries, ["seq", "payload_digest", "digest", "hash"], batch_size=1000)
    AuditHead.objects.update_or_create(pk=1, defaults={"last_hash": mac, "count": len(entries)})


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_keyed_chain_fields"),
    ]

    operations = [
        migrations.RunPython(rechain, migrations.RunPython.noop),
    ]
