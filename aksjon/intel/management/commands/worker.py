"""`aksjon worker`: run queued imports and linkage runs in the foreground until stopped."""
import signal
import threading

from django.core.management.base import BaseCommand

from aksjon.intel import jobs
from aksjon.intel.models import LinkageRun


class Command(BaseCommand):
    help = ("Run queued imports and linkage runs. SIGTERM or Ctrl+C stops it cleanly: an import it is running "
            "is rolled back and queued again.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the jobs queued now, then stop")

    def handle(self, *args, once, **options):
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: jobs.request_stop(stop))
                    for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            ran = jobs.work(stop, once=once, on_finished=self._report)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"worker stopped after {ran} job(s)")

    def _report(self, job) -> None:
        if isinstance(job, LinkageRun):
            self.stdout.write(f"linkage run {job.pk} ({job.kind}): {job.status}, records: {job.records}, "
                              f"pairs: {job.pairs}{', ' + job.error if job.error else ''}")
            return
        self.stdout.write(f"batch {job.pk} ({job.kind}, {job.file_name}): {job.status}, "
                          f"added: {job.added}, unchanged: {job.unchanged}")
