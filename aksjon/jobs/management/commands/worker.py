"""`aksjon worker`: run queued jobs (imports, linkage runs, …) in the foreground until stopped."""
import signal
import threading

from django.core.management.base import BaseCommand

from aksjon.jobs import runner
from aksjon.jobs.models import Job
from aksjon.jobs.progress import ProgressBar


class Command(BaseCommand):
    help = ("Run queued jobs, oldest first. SIGTERM or Ctrl+C stops it cleanly: a job it is running is "
            "rolled back and queued again.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the jobs queued now, then stop")

    def handle(self, *args, once, **options):
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: runner.request_stop(stop))
                    for sig in (signal.SIGTERM, signal.SIGINT)}
        self.bar = ProgressBar(self.stderr)
        try:
            ran = runner.work(stop, once=once, on_finished=self._report, echo=self.bar)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"worker stopped after {ran} job(s)")

    def _report(self, job: Job) -> None:
        self.bar.close()
        # Sorted: PostgreSQL's jsonb keeps no key order, and the line should read the same on both databases.
        facts = ", ".join(f"{name}: {value}" for name, value in sorted(job.result.items()))
        self.stdout.write(f"job {job.pk} ({job.kind}): {job.status}" + (f", {facts}" if facts else "")
                          + (f", {job.error}" if job.error else ""))
