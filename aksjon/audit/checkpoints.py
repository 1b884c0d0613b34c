"""The audit key, and signed checkpoints of the chain's head in a file outside the database.

The key seals every row (aksjon/audit/seal.py). It is AKSJON_AUDIT_KEY when set, else
a random key written on first use to `audit.key` in the data folder with mode 600.
It is never stored in the database, so someone who can change only the database can
neither re-seal a row nor forge a checkpoint.

A checkpoint is one JSON line appended to `audit-checkpoints.jsonl` in the data folder:
the sequence number and seal of the newest row at that moment, the time, why it was
written (`verify`, `checkpoint`, `every` N rows, `restore`), and a signature under the
key. The database must still hold that row with that seal: rows cut off the end, a
chain emptied, or a chain re-sealed by someone holding the key are caught against the
file. A restore from a backup appends a record saying which rows it gave up
(`restored_seq`), so an honest restore is not mistaken for a cut tail.
"""
from __future__ import annotations

import functools
import json
import os
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from aksjon.audit import seal

VERIFY, COMMAND, EVERY, RESTORE = "verify", "checkpoint", "every", "restore"


def audit_key() -> bytes:
    if settings.AUDIT_KEY:
        return settings.AUDIT_KEY.encode("utf-8")
    return _key_from_file(str(settings.AUDIT_KEY_FILE))


@functools.cache
def _key_from_file(path: str) -> bytes:
    try:
        # O_EXCL: two processes starting at once cannot both write a key; mode 600 from the start.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(Path(path).read_text().strip())
    key = secrets.token_bytes(32)
    with os.fdopen(descriptor, "w") as out:
        out.write(key.hex() + "\n")
    return key


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    mac: str
    at: str
    reason: str
    restored_seq: int | None = None  # a restore: the backup's newest row; rows after it were given up
    source: str = ""  # a restore: the backup it came from
    line: int = 0  # where it is in the file (not signed)

    def record(self) -> dict:
        return {key: value for key, value in asdict(self).items() if key != "line"}

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.at)


class BadCheckpoint(Exception):
    """A line of the checkpoint file that is not a record signed with the audit key."""

    def __init__(self, line: int):
        self.line = line
        super().__init__(f"checkpoint line {line} is not signed with the audit key")


def append_checkpoint(seq: int, mac: str, reason: str, **restore) -> Checkpoint:
    """Append a signed checkpoint of row `seq` (one write, so concurrent appends do not mix)."""
    checkpoint = Checkpoint(seq=seq, mac=mac, at=timezone.now().isoformat(), reason=reason, **restore)
    record = checkpoint.record()
    line = json.dumps({**record, "sig": seal.sign(audit_key(), record)}, sort_keys=True) + "\n"
    descriptor = os.open(settings.AUDIT_CHECKPOINT_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line.encode("utf-8"))
    finally:
        os.close(descriptor)
    return checkpoint


def read_checkpoints() -> list[Checkpoint]:
    """Every checkpoint in the file, in the order written; BadCheckpoint for a line that is not one."""
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    if not path.exists():
        return []
    key = audit_key()
    return [_checkpoint(key, number, text) for number, text in enumerate(path.read_text("utf-8").splitlines(), 1)
            if text.strip()]


def _checkpoint(key: bytes, number: int, text: str) -> Checkpoint:
    try:
        record = json.loads(text)
        signature = record.pop("sig")
        checkpoint = Checkpoint(**record, line=number)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise BadCheckpoint(number) from None
    if not seal.matches(seal.sign(key, checkpoint.record()), signature):
        raise BadCheckpoint(number)
    return checkpoint


def standing(checkpoints: list[Checkpoint]) -> list[Checkpoint]:
    """The checkpoints the database must still match: a restore sets aside the earlier ones
    beyond the backup's newest row (they describe rows the restore gave up, openly)."""
    kept: list[Checkpoint] = []
    for checkpoint in checkpoints:
        if checkpoint.reason == RESTORE:
            kept = [earlier for earlier in kept if earlier.seq <= checkpoint.restored_seq]
        kept.append(checkpoint)
    return kept
