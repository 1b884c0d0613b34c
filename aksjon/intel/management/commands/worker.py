"""`aksjon worker`: run queued imports in the foreground until stopped."""
import signal
import threading

from django.core.management.base import BaseCommand

from aksjon.intel import jobs


class Command(BaseCommand):
    help = ("Run queued imports. SIGTERM or Ctrl+C stops it cleanly: a batch it is running is rolled back "
            "and queued again.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the batches queued now, then stop")

    def handle(self, *args, once, **options):
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: jobs.request_stop(stop))
                    for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            ran = jobs.work(stop, once=once, on_finished=self._report)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"worker stopped after {ran} batch(es)")

    def _report(self, batch) -> None:
        self.stdout.write(f"batch {batch.pk} ({batch.kind}, {batch.file_name}): {batch.status}, "
                          f"added: {batch.added}, unchanged: {batch.unchanged}")
