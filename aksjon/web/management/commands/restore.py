"""`aksjon restore FILE --yes`: put the database back as a backup holds it (aksjon/web/backup.py)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aksjon.audit.verify import verify_chain
from aksjon.web.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Replace the database with a backup's, record the restore in the audit log (a row and a signed "
            "restore record) and verify the chain.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="yes, replace everything in the database")

    def handle(self, *args, archive, yes, **options):
        if not yes:
            raise CommandError("a restore replaces everything in the database; add --yes to go on")
        try:
            manifest = restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        report = verify_chain()
        self.stdout.write(f"restored {archive} (taken {manifest['created_at']}, audit log up to row "
                          f"{manifest['audit_seq']}); audit chain: {'intact' if report.intact else report.reason()}")
        if not report.intact:
            raise CommandError("the audit chain does not verify after the restore")
