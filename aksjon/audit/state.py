"""What the auditor's page says about the chain without walking it: how long it is, when it was
last verified and up to which row, and the last checkpoint written outside the database."""
from __future__ import annotations

from dataclasses import dataclass

from aksjon.audit.checkpoints import VERIFY, BadCheckpoint, Checkpoint, read_checkpoints
from aksjon.audit.models import AuditHead


@dataclass(frozen=True)
class ChainState:
    rows: int  # the newest row's number, as the head says
    last_verified: Checkpoint | None  # the newest checkpoint a verification wrote: intact up to its row
    last_checkpoint: Checkpoint | None
    bad_line: int | None = None  # a line of the checkpoint file that is not signed with the key

    @property
    def unverified(self) -> int:
        """Rows written since the last verification."""
        return self.rows - (self.last_verified.seq if self.last_verified else 0)


def chain_state() -> ChainState:
    head = AuditHead.objects.filter(pk=1).first()
    rows = head.count if head else 0
    try:
        checkpoints = read_checkpoints()
    except BadCheckpoint as bad:
        return ChainState(rows, None, None, bad.line)
    verified = [checkpoint for checkpoint in checkpoints if checkpoint.reason == VERIFY]
    return ChainState(rows, verified[-1] if verified else None, checkpoints[-1] if checkpoints else None)
