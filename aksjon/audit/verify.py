"""`aksjon audit verify` and the auditor's page: walk the chain and name the first place that
does not fit — a row changed, a row missing, a seal made without the key, the newest rows
cut off, the chain emptied or re-sealed since a checkpoint."""
from __future__ import annotations

from dataclasses import dataclass, field

from aksjon.audit import seal
from aksjon.audit.checkpoints import (
    VERIFY,
    BadCheckpoint,
    Checkpoint,
    append_checkpoint,
    audit_key,
    read_checkpoints,
    standing,
)
from aksjon.audit.log import BLANK_VERB
from aksjon.audit.models import AuditEntry, AuditHead
from aksjon.core.text import gettext_noop

CHUNK = 2000
HEAD_RETRIES = 5  # rounds of reading on while others append during a walk


@dataclass
class ChainReport:
    rows: int  # rows read
    verified_upto: int  # the newest row number up to which every row is in order
    newest_mac: str = ""  # that row's seal
    broken_seq: int | None = None  # where it breaks: the row's number (a missing row: the first missing)
    broken_id: int | None = None  # that row's id, when the row is there
    template: str = ""  # why, as an English template (translated where it is shown); empty: intact
    params: dict = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return not self.template

    def reason(self, translate=lambda text: text) -> str:
        return translate(self.template) % self.params if self.params else translate(self.template)


class _Broken(Exception):
    def __init__(self, seq: int | None, template: str, *, entry_id: int | None = None, verified: int | None = None,
                 **params):
        self.seq, self.template, self.entry_id, self.verified, self.params = seq, template, entry_id, verified, params


def verify_chain() -> ChainReport:
    """Walk every row in order, then hold the newest against the head and the checkpoints."""
    walk = _Walk()
    try:
        checkpoints = standing(read_checkpoints())
        walk.rows_in_order(checkpoints)
        _check_head(walk, checkpoints)
        _check_checkpoints(walk, checkpoints)
    except BadCheckpoint as bad:
        return ChainReport(walk.rows, walk.last_seq, template=gettext_noop(
            "line %(line)s of the checkpoint file is not signed with the audit key"), params={"line": bad.line})
    except _Broken as broken:
        verified = broken.verified if broken.verified is not None else min(walk.last_seq, broken.seq - 1)
        return ChainReport(walk.rows, verified, broken_seq=broken.seq, broken_id=broken.entry_id,
                           template=broken.template, params=broken.params)
    return ChainReport(walk.rows, walk.last_seq, walk.last_mac)


def verify_and_checkpoint() -> tuple[ChainReport, Checkpoint | None]:
    """Verify; when the chain is intact and not empty, append a signed checkpoint of its newest row."""
    report = verify_chain()
    if not report.intact or report.rows == 0:
        return report, None
    return report, append_checkpoint(report.verified_upto, report.newest_mac, VERIFY)


class _Walk:
    """The rows in order of their numbers, each checked against the one before it."""

    def __init__(self):
        self.key = audit_key()
        self.rows, self.last_seq, self.last_mac = 0, 0, ""
        self.macs_at: dict[int, str] = {}  # the seals of the rows the checkpoints name

    def rows_in_order(self, checkpoints: list[Checkpoint]) -> None:
        """The rows after the last one walked, in order."""
        wanted = {checkpoint.seq for checkpoint in checkpoints}
        blanked = _blanked_rows()
        for entry in AuditEntry.objects.filter(seq__gt=self.last_seq).order_by("seq").iterator(chunk_size=CHUNK):
            self._check(entry, entry.seq in blanked)
            self.rows, self.last_seq, self.last_mac = self.rows + 1, entry.seq, entry.mac
            if entry.seq in wanted:
                self.macs_at[entry.seq] = entry.mac

    def _check(self, entry: AuditEntry, blanked: bool) -> None:
        if entry.seq != self.last_seq + 1:
            raise _Broken(self.last_seq + 1, gettext_noop("rows %(first)s–%(last)s are missing from the chain"),
                          first=self.last_seq + 1, last=entry.seq - 1)
        if not blanked and seal.payload_digest(entry.before, entry.after) != entry.payload_digest:
            raise _Broken(entry.seq, gettext_noop("its before/after was changed after it was written"),
                          entry_id=entry.id)
        if seal.row_digest(entry, entry.payload_digest) != entry.digest:
            raise _Broken(entry.seq, gettext_noop("its content was changed after it was written"), entry_id=entry.id)
        if not seal.matches(seal.seal(self.key, entry.seq, self.last_mac, entry.digest), entry.mac):
            raise _Broken(entry.seq, gettext_noop(
                "its seal does not match: the row was changed, moved or re-sealed without the audit key "
                "(or the key itself was replaced)"),
                entry_id=entry.id)


def _blanked_rows() -> set[int]:
    """The rows whose before/after retention blanked, as the rows recording it say (those rows are
    themselves checked in the walk, so a forged list breaks the chain where it was forged)."""
    blanked = set()
    for seq, after in AuditEntry.objects.filter(verb=BLANK_VERB).values_list("seq", "after"):
        blanked |= {number for number in (after or {}).get("seqs", []) if isinstance(number, int) and number < seq}
    return blanked


def _check_head(walk: _Walk, checkpoints: list[Checkpoint]) -> None:
    """The head moves in the same transaction as each row, so it is never behind a committed row;
    ahead of the walk means rows were committed while we walked (read on) or were cut off."""
    for _ in range(HEAD_RETRIES):
        head = AuditHead.objects.filter(pk=1).first()
        if head is None or head.count <= walk.last_seq:
            break
        walk.rows_in_order(checkpoints)
    if head and (head.count != walk.last_seq or not seal.matches(walk.last_mac, head.last_mac)):
        raise _Broken(min(head.count, walk.last_seq) + 1, gettext_noop(
            "the newest rows were removed, or the head was changed: the head names row %(head)s, "
            "the last row is %(last)s"), head=head.count, last=walk.last_seq)


def _check_checkpoints(walk: _Walk, checkpoints: list[Checkpoint]) -> None:
    """Each standing checkpoint's row must still be there with the same seal. The first that
    does not match, by row number, bounds where the chain was rewritten."""
    matched = 0
    for checkpoint in sorted(checkpoints, key=lambda c: c.seq):
        if checkpoint.seq > walk.last_seq:
            raise _Broken(walk.last_seq + 1, gettext_noop(
                "rows %(first)s–%(last)s are missing: the checkpoint of %(at)s names row %(last)s"),
                first=walk.last_seq + 1, last=checkpoint.seq, at=_when(checkpoint))
        if not seal.matches(checkpoint.mac, walk.macs_at.get(checkpoint.seq, "")):
            raise _Broken(checkpoint.seq, gettext_noop(
                "the chain was rewritten after row %(good)s and at or before row %(row)s, which no longer "
                "matches the checkpoint of %(at)s"), verified=matched, good=matched, row=checkpoint.seq,
                at=_when(checkpoint))
        matched = checkpoint.seq


def _when(checkpoint: Checkpoint) -> str:
    return checkpoint.when.strftime("%Y-%m-%d %H:%M:%S UTC")
