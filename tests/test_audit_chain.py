"""The audit trail cannot be quietly rewritten: each tampering case of issue #14, done with raw SQL
as someone with access to the database (and, for one case, the key) would, is found and placed
by `aksjon audit verify`; retention's blanking and an honest restore are not taken for tampering."""
from __future__ import annotations

import json
import stat

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from aksjon.audit import seal
from aksjon.audit.checkpoints import EVERY, RESTORE, VERIFY, append_checkpoint, audit_key, read_checkpoints
from aksjon.audit.log import BLANK_VERB, blank_payload, record_read, record_restore
from aksjon.audit.models import AuditEntry
from aksjon.audit.verify import verify_and_checkpoint, verify_chain


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def newest() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()


def entry(seq: int) -> AuditEntry:
    return AuditEntry.objects.get(seq=seq)


def reseal_from(seq: int, key: bytes) -> None:
    """What a forger does after editing row `seq`: recompute every digest and seal from there on,
    and set the head to the new end, so that the database agrees with itself."""
    mac = entry(seq - 1).mac if seq > 1 else ""
    for row in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        payload = seal.payload_digest(row.before, row.after)
        digest = seal.row_digest(row, payload)
        mac = seal.seal(key, row.seq, mac, digest)
        sql("UPDATE audit_auditentry SET payload_digest = %s, digest = %s, mac = %s WHERE id = %s",
            [payload, digest, mac, row.id])
    sql("UPDATE audit_audithead SET last_mac = %s WHERE id = 1", [mac])


def verify_command_fails(capsys) -> str:
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    return capsys.readouterr().err


# --- a clean chain ------------------------------------------------------------------------------

def test_a_clean_chain_verifies_and_verify_appends_a_signed_checkpoint(world, capsys):
    call_command("audit", "verify")
    assert f"audit chain intact: {newest()} rows" in capsys.readouterr().out
    [checkpoint] = read_checkpoints()
    assert (checkpoint.seq, checkpoint.mac, checkpoint.reason) == (newest(), entry(newest()).mac, VERIFY)


def test_the_checkpoint_command_appends_and_prints_the_newest_row(world, capsys, settings):
    call_command("audit", "checkpoint")
    out = capsys.readouterr().out
    assert f"checkpoint: row {newest()} {entry(newest()).mac}" in out
    assert [c.reason for c in read_checkpoints()] == ["checkpoint"]
    assert stat.S_IMODE(settings.AUDIT_CHECKPOINT_FILE.stat().st_mode) == 0o600


def test_rows_are_numbered_without_gaps_and_sealed_under_the_key(world):
    rows = list(AuditEntry.objects.order_by("seq"))
    assert [row.seq for row in rows] == list(range(1, len(rows) + 1))
    previous = ""
    for row in rows:
        assert row.mac == seal.seal(audit_key(), row.seq, previous, row.digest)
        previous = row.mac


# --- the tampering cases ------------------------------------------------------------------------

def test_an_edited_row_is_named(world, capsys):
    sql("UPDATE audit_auditentry SET username = %s WHERE seq = 4", ["someone-else"])
    report = verify_chain()
    assert (report.broken_seq, report.broken_id, report.verified_upto) == (4, entry(4).id, 3)
    assert "content was changed" in report.reason()
    assert "BROKEN at row 4" in verify_command_fails(capsys)
    assert read_checkpoints() == []  # a broken chain is never written down as a checkpoint


def test_an_edited_before_or_after_is_named(world):
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    sql(f'UPDATE audit_auditentry SET "after" = %s{cast} WHERE seq = 6', [json.dumps({"name": "someone else"})])
    report = verify_chain()
    assert report.broken_seq == 6 and "before/after was changed" in report.reason()


def test_a_deleted_middle_row_is_named(world, capsys):
    sql("DELETE FROM audit_auditentry WHERE seq = 5")
    report = verify_chain()
    assert (report.broken_seq, report.verified_upto) == (5, 4)
    assert report.reason() == "rows 5–5 are missing from the chain"
    assert "BROKEN at row 5" in verify_command_fails(capsys)


def test_deleted_last_rows_are_named_by_the_head(world):
    last = newest()
    sql("DELETE FROM audit_auditentry WHERE seq > %s", [last - 3])
    report = verify_chain()
    assert report.broken_seq == last - 2 and "newest rows were removed" in report.reason()


def test_deleted_last_rows_with_the_head_fixed_are_named_by_the_checkpoint(world, capsys):
    verify_and_checkpoint()  # yesterday's verification
    last, cut = newest(), newest() - 3
    sql("DELETE FROM audit_auditentry WHERE seq > %s", [cut])
    sql("UPDATE audit_audithead SET count = %s, last_mac = %s WHERE id = 1", [cut, entry(cut).mac])
    report = verify_chain()
    assert (report.broken_seq, report.verified_upto) == (cut + 1, cut)
    assert f"rows {cut + 1}–{last} are missing: the checkpoint of" in report.reason()
    assert f"BROKEN at row {cut + 1}" in verify_command_fails(capsys)


def test_all_rows_deleted_are_named_by_the_checkpoint(world, capsys):
    verify_and_checkpoint()
    last = newest()
    sql("DELETE FROM audit_auditentry")
    sql("DELETE FROM audit_audithead")
    report = verify_chain()
    assert (report.rows, report.broken_seq) == (0, 1)
    assert f"rows 1–{last} are missing" in report.reason()
    assert "BROKEN at row 1" in verify_command_fails(capsys)


def test_a_row_edited_and_every_later_seal_recomputed_without_the_key_is_named(world, capsys):
    sql("UPDATE audit_auditentry SET verb = %s WHERE seq = 4", ["nothing_happened"])
    reseal_from(4, key=b"a forger's guess at the key")
    report = verify_chain()
    assert (report.broken_seq, report.broken_id) == (4, entry(4).id)
    assert "seal does not match" in report.reason()
    assert "BROKEN at row 4" in verify_command_fails(capsys)


def test_a_chain_re_sealed_with_the_key_is_caught_by_the_checkpoints(world):
    # Someone who also holds the key re-seals the whole chain after an edit: the rows agree with
    # each other, and only the checkpoints written outside the database disagree. The checkpoints
    # on either side of the edit bound where it was.
    append_checkpoint(3, entry(3).mac, "checkpoint")
    verify_and_checkpoint()
    sql("UPDATE audit_auditentry SET username = %s WHERE seq = 5", ["someone-else"])
    reseal_from(5, key=audit_key())
    report = verify_chain()
    assert (report.broken_seq, report.verified_upto) == (newest(), 3)
    assert f"rewritten after row 3 and at or before row {newest()}" in report.reason()


def test_an_edited_checkpoint_line_is_named(world, settings):
    verify_and_checkpoint()
    path = settings.AUDIT_CHECKPOINT_FILE
    record = json.loads(path.read_text())
    path.write_text(json.dumps({**record, "seq": record["seq"] + 5}) + "\n")
    report = verify_chain()
    assert not report.intact and report.reason() == "line 1 of the checkpoint file is not signed with the audit key"


# --- what is not tampering ----------------------------------------------------------------------

def test_a_restore_from_a_backup_is_recorded_and_not_taken_for_a_cut_tail(world):
    verify_and_checkpoint()
    backup = newest() - 4  # the backup was taken four rows ago; the database is put back to it
    sql("DELETE FROM audit_auditentry WHERE seq > %s", [backup])
    sql("UPDATE audit_audithead SET count = %s, last_mac = %s WHERE id = 1", [backup, entry(backup).mac])
    assert not verify_chain().intact
    checkpoint = record_restore(source="backup-2024-03-11.tar")
    assert verify_chain().intact
    assert (checkpoint.reason, checkpoint.restored_seq, checkpoint.seq) == (RESTORE, backup, backup + 1)
    assert entry(backup + 1).verb == "restore_backup"
    assert entry(backup + 1).after == {"source": "backup-2024-03-11.tar", "restored_seq": backup}


def test_a_restore_does_not_excuse_rows_changed_before_the_backup(world):
    append_checkpoint(3, entry(3).mac, "checkpoint")
    record_restore(source="backup.tar")
    sql("UPDATE audit_auditentry SET username = %s WHERE seq = 2", ["someone-else"])
    reseal_from(2, key=audit_key())
    assert verify_chain().broken_seq == 3


def test_retention_may_blank_an_old_rows_before_and_after(world):
    blanked = entry(6)
    assert blanked.after is not None
    row = blank_payload([blanked], actor=world.users["auditor"], reason="retention: five years")
    assert (row.verb, row.after) == (BLANK_VERB, {"seqs": [6], "reason": "retention: five years"})
    assert (entry(6).before, entry(6).after, entry(6).digest) == (None, None, blanked.digest)
    assert verify_chain().intact


def test_blanking_without_the_sealed_record_is_tampering(world):
    sql('UPDATE audit_auditentry SET "before" = NULL, "after" = NULL WHERE seq = 6')
    assert verify_chain().broken_seq == 6


def test_a_checkpoint_is_written_every_n_rows_once_committed(world, settings, django_capture_on_commit_callbacks):
    settings.AUDIT_CHECKPOINT_EVERY = 3
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            record_read(world.users["coordinator"], "view_person", world.person["oslo"])
    written = [c.seq for c in read_checkpoints() if c.reason == EVERY]
    assert len(written) == 1 and written[0] % 3 == 0 and written[0] > newest() - 3
    assert verify_chain().intact


def test_no_checkpoint_names_a_row_that_was_rolled_back(world, settings, django_capture_on_commit_callbacks):
    settings.AUDIT_CHECKPOINT_EVERY = 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record_read(world.users["coordinator"], "view_person", world.person["oslo"])
    assert len(callbacks) == 1 and read_checkpoints() == []  # it waits for the commit


# --- the key ------------------------------------------------------------------------------------

def test_the_key_file_is_made_on_first_use_with_mode_600(settings, tmp_path):
    settings.AUDIT_KEY, settings.AUDIT_KEY_FILE = "", tmp_path / "audit.key"
    key = audit_key()
    assert len(key) == 32 and audit_key() == key
    assert stat.S_IMODE(settings.AUDIT_KEY_FILE.stat().st_mode) == 0o600


def test_a_key_from_the_environment_is_used_and_no_file_is_made(settings, tmp_path):
    settings.AUDIT_KEY, settings.AUDIT_KEY_FILE = "k" * 40, tmp_path / "audit.key"
    assert audit_key() == b"k" * 40 and not settings.AUDIT_KEY_FILE.exists()


# --- the auditor's view -------------------------------------------------------------------------

def test_the_auditor_sees_the_chain_state_and_verifies_it(client, world):
    client.force_login(world.users["auditor"])
    client.cookies["django_language"] = "en"
    assert "Not verified yet." in client.get(reverse("audit_list")).content.decode()
    response = client.post(reverse("audit_verify"), follow=True)
    rows = newest()  # the auditor's own login is a row too
    page = response.content.decode()
    assert f"The audit chain is intact: {rows} rows checked" in page
    assert f"intact up to row {rows}." in page and f"Last checkpoint outside the database: row {rows}" in page


def test_the_auditor_is_told_where_the_chain_breaks(client, world):
    client.force_login(world.users["auditor"])
    client.cookies["django_language"] = "en"
    sql("DELETE FROM audit_auditentry WHERE seq = 7")
    page = client.post(reverse("audit_verify"), follow=True).content.decode()
    assert "The audit chain is broken at row 7: rows 7–7 are missing from the chain." in page
