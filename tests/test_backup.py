"""Backup → restore round trip, on SQLite and on PostgreSQL (make test runs both): the
database comes back as it was at the backup, and the audit chain still verifies."""
from __future__ import annotations

import tarfile

import pytest
from django.core.management import CommandError, call_command

from aksjon.audit.checkpoints import RESTORE, read_checkpoints
from aksjon.audit.models import AuditEntry
from aksjon.audit.verify import verify_and_checkpoint, verify_chain
from aksjon.followup.models import FollowUp
from aksjon.operations.models import Operation
from aksjon.web.backup import BackupError, backup, restore
from tests.conftest import build_world, restore_reference_data


@pytest.fixture
def world_on_disk(transactional_db):
    """A world committed to the database (a restore replaces whole tables, so no test transaction);
    a transactional test empties every table afterwards, the reference data too: put it back first."""
    restore_reference_data()
    return build_world()


def _counts() -> tuple[int, int, int]:
    return Operation.objects.count(), FollowUp.objects.count(), AuditEntry.objects.count()


def test_a_restore_brings_back_the_backup_and_the_chain_verifies(world_on_disk, tmp_path):
    from aksjon.followup.actions import create_followup

    verify_and_checkpoint()
    archive = tmp_path / "backup.tar.gz"
    manifest = backup(archive)
    at_backup = _counts()
    assert manifest["audit_seq"] == AuditEntry.objects.order_by("-seq").first().seq
    assert oct(archive.stat().st_mode)[-3:] == "600"
    # Work done after the backup, and checkpointed: the restore gives it up, openly.
    create_followup(actor=world_on_disk.users["field_officer"], kind="task", title="Etter sikkerhetskopien",
                    district=world_on_disk.venue["oslo"].district)
    verify_and_checkpoint()
    assert _counts() != at_backup

    restore(archive)

    operations, followups, audit_rows = _counts()
    assert (operations, followups) == at_backup[:2]
    assert audit_rows == at_backup[2] + 1  # the restore's own row
    assert not FollowUp.objects.filter(title="Etter sikkerhetskopien").exists()
    report = verify_chain()
    assert report.intact, report.reason()
    assert read_checkpoints()[-1].reason == RESTORE
    assert read_checkpoints()[-1].restored_seq == manifest["audit_seq"]


def test_the_commands_refuse_without_yes_and_a_file_that_is_no_backup(world_on_disk, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", out=archive)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", archive)
    stray = tmp_path / "other.tar.gz"
    with tarfile.open(stray, "w:gz") as tar:
        (tmp_path / "x.txt").write_text("x")
        tar.add(tmp_path / "x.txt", arcname="x.txt")
    with pytest.raises(BackupError, match="not an Aksjon backup"):
        restore(stray)
    call_command("restore", archive, yes=True)
    assert verify_chain().intact
