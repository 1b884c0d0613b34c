"""`aksjon backup [--out FILE]`: the database as one archive (aksjon/web/backup.py)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aksjon.web.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write the database to one archive (tar.gz, mode 600), with the audit chain's head in its manifest."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="the archive; default aksjon-backup-YYYYMMDD-HHMMSS.tar.gz")

    def handle(self, *args, out, **options):
        out = out or Path(f"aksjon-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        try:
            manifest = backup(out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"wrote {out}: {manifest['engine']} database, audit log up to row {manifest['audit_seq']}")
