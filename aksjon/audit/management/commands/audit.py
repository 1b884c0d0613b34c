"""`aksjon audit verify`: walk the audit chain and report the first broken row."""
import sys

from django.core.management.base import BaseCommand

from aksjon.audit.log import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. 'verify' checks that no row was changed, removed or reordered."

    def add_arguments(self, parser):
        parser.add_argument("task", choices=["verify"])

    def handle(self, *args, task, **options):
        report = verify_chain()
        if report.intact:
            self.stdout.write(f"audit chain intact: {report.rows} rows")
            return
        self.stderr.write(f"audit chain BROKEN at row {report.first_broken_id}: {report.reason} "
                          f"({report.rows} rows read)")
        sys.exit(1)
