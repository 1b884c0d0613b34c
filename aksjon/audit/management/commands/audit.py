"""`aksjon audit verify` and `aksjon audit checkpoint`: the chain's state, checked and written down
outside the database (docs/protection.md)."""
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from aksjon.audit.checkpoints import COMMAND, append_checkpoint
from aksjon.audit.models import AuditEntry
from aksjon.audit.verify import verify_and_checkpoint


class Command(BaseCommand):
    help = ("Audit log tools. 'verify' walks the chain, names the first row that was changed, removed "
            "or re-sealed, and appends a signed checkpoint when it is intact; 'checkpoint' appends a "
            "signed checkpoint of the newest row and prints it.")

    def add_arguments(self, parser):
        parser.add_argument("task", choices=["verify", "checkpoint"])

    def handle(self, *args, task, **options):
        if task == "checkpoint":
            self._checkpoint()
        else:
            self._verify()

    def _verify(self):
        report, checkpoint = verify_and_checkpoint()
        if report.intact:
            self.stdout.write(f"audit chain intact: {report.rows} rows")
            if checkpoint:
                self.stdout.write(f"checkpoint: row {checkpoint.seq} {checkpoint.mac} at {checkpoint.at} "
                                  f"in {settings.AUDIT_CHECKPOINT_FILE}")
            return
        place = f" at row {report.broken_seq}" if report.broken_seq else ""
        row_id = f" (id {report.broken_id})" if report.broken_id else ""
        self.stderr.write(f"audit chain BROKEN{place}{row_id}: {report.reason()}; "
                          f"in order up to row {report.verified_upto} ({report.rows} rows read)")
        sys.exit(1)

    def _checkpoint(self):
        newest = AuditEntry.objects.order_by("-seq").first()
        if newest is None:
            self.stdout.write("the audit log is empty: no checkpoint written")
            return
        checkpoint = append_checkpoint(newest.seq, newest.mac, COMMAND)
        self.stdout.write(f"checkpoint: row {checkpoint.seq} {checkpoint.mac} at {checkpoint.at} "
                          f"in {settings.AUDIT_CHECKPOINT_FILE}")
