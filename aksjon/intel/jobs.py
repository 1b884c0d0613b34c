"""Imports and linkage runs as jobs, with the database as the queue: no extra server to run.

The web server stores an upload and queues a batch (`enqueue_import`). A worker —
a daemon thread in the web process (`ensure_worker`) or `aksjon worker` on its own —
claims a batch with a conditional UPDATE, so two workers never take the same one,
and runs the import.

While a batch runs, its live counts go to a small file beside the uploads, not to
its row: the import writes in one transaction, and on SQLite that transaction holds
the only write lock, so no other connection could update the row before it
commits. The row gets each phase as it starts (in its own short transaction) and
the result at the end; `live_progress` reads the file while the batch runs.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from aksjon import sources
from aksjon.accounts.access import ADD, restrict
from aksjon.audit.log import record_write
from aksjon.core.errors import DomainError, InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.intel.importing import Interrupted, Progress, import_file, mark_failed
from aksjon.intel.models import ImportBatch, LinkageRun

log = logging.getLogger(__name__)

QUEUED = "queued"
RUNNING = ("validating", "importing")
FINISHED = ("done", "rejected", "failed")
POLL_SECONDS = 2.0  # how often an idle worker looks for batches queued by another process
WRITE_EVERY_SECONDS = 0.2  # live progress is written at most this often


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def progress_dir() -> Path:
    return Path(settings.DATA_DIR) / "jobs"


# Queueing

def enqueue_import(actor, kind: str, uploaded_file) -> ImportBatch:
    """Keep the uploaded file and queue a batch for it; a worker imports it."""
    restrict(ImportBatch.objects.all(), actor, ADD)
    if kind not in sources.KINDS:
        raise InvalidInput(gettext_noop("Unknown kind of file «%(kind)s»."), field="kind", kind=kind)
    name = _safe_name(uploaded_file.name)
    path, sha256 = _store(uploaded_file, name)
    batch = ImportBatch.objects.create(kind=kind, file_name=name, stored_path=str(path), sha256=sha256,
                                       status=QUEUED, phase=QUEUED, created_by=actor)
    _wake.set()
    return batch


def _safe_name(name: str) -> str:
    try:
        return get_valid_filename(Path(name or "").name)[-100:]
    except SuspiciousFileOperation:
        return "upload"


def _store(uploaded_file, name: str) -> tuple[Path, str]:
    """Write the upload as uploads/<sha256>-<name>; the same file twice is kept once."""
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as out:
        for chunk in uploaded_file.chunks():
            digest.update(chunk)
            out.write(chunk)
    path = folder / f"{digest.hexdigest()}-{name}"
    os.replace(out.name, path)
    return path, digest.hexdigest()


# Claiming and running

def claim(pk: int) -> bool:
    """Take a queued batch. Of any number of workers trying at once, exactly one gets True."""
    return ImportBatch.objects.filter(pk=pk, status=QUEUED).update(status="validating", phase="validating") == 1


def claim_next() -> ImportBatch | None:
    """The oldest queued batch, claimed; None when the queue is empty."""
    waiting = ImportBatch.objects.filter(status=QUEUED).order_by("created_at", "pk").values_list("pk", flat=True)
    for pk in waiting[:20]:
        if claim(pk):
            return ImportBatch.objects.select_related("created_by").get(pk=pk)
    return None


def run_batch(batch: ImportBatch, stop: threading.Event | None = None) -> ImportBatch:
    """Import a claimed batch as the user who queued it. A batch stopped half-way is queued again."""
    live = LiveProgress(batch.pk)
    try:
        import_file(actor=batch.created_by, kind=batch.kind, path=batch.stored_path, batch=batch,
                    progress=live.reporter(stop))
    except Interrupted:
        log.info("import batch %s stopped and queued again", batch.pk)
    except Exception as error:  # the worker carries on with the next batch
        log.exception("import batch %s failed", batch.pk)
        if batch.status not in FINISHED:  # refused before it started, e.g. the user may no longer import
            mark_failed(batch, error)
    finally:
        live.remove()
    return batch


def work(stop: threading.Event, *, once: bool = False,
         on_finished: Callable[[ImportBatch | LinkageRun], None] | None = None) -> int:
    """Run queued imports, then queued linkage runs, until `stop` is set; with `once`, until
    both queues are empty. Returns how many jobs ran."""
    ran = 0
    while not stop.is_set():
        job = _next_batch() or _next(claim_next_linkage, "linkage runs")
        if job is not None:
            if isinstance(job, ImportBatch):
                run_batch(job, stop)
            else:
                run_linkage_job(job)
            ran += 1
            if on_finished:
                on_finished(job)
        elif once:
            break
        else:
            _wake.wait(POLL_SECONDS)
            _wake.clear()
    return ran


def _next_batch() -> ImportBatch | None:
    if not connection.in_atomic_block:  # a long-lived thread drops a broken or expired connection here
        close_old_connections()
    return _next(claim_next, "imports")


def _next(claim_one: Callable, what: str):
    try:
        return claim_one()
    except Exception:  # a locked or restarting database: look again at the next poll
        log.exception("could not look for queued %s", what)
        return None


# Linkage runs: queued by enqueue_linkage, claimed like batches

def claim_next_linkage() -> LinkageRun | None:
    """The oldest queued linkage run, claimed (a conditional UPDATE: one worker gets it)."""
    for pk in LinkageRun.objects.filter(status="queued").order_by("started_at", "pk").values_list("pk", flat=True)[:5]:
        if LinkageRun.objects.filter(pk=pk, status="queued").update(status="running") == 1:
            return LinkageRun.objects.select_related("started_by").get(pk=pk)
    return None


def run_linkage_job(run: LinkageRun) -> LinkageRun:
    """Run a claimed linkage run as the analyst who queued it; a failure is kept on its row."""
    from aksjon.intel.linking import run_linkage

    try:
        return run_linkage(actor=run.started_by, kind=run.kind, run=run)
    except Exception as error:  # the worker carries on with the next job
        log.exception("linkage run %s failed", run.pk)
        # An English template, shown in the reader's language (the domain errors carry no values here).
        reason = error.template if isinstance(error, DomainError) and not error.params else gettext_noop(
            "The run failed; see the server log.")
        with transaction.atomic():
            LinkageRun.objects.filter(pk=run.pk).update(status="failed", phase="", error=reason[:300],
                                                         finished_at=timezone.now())
            run.refresh_from_db()
            record_write(run.started_by, "fail_linkage", run, before={"status": "running"},
                         after={"status": "failed", "error": run.error})
        return run


def request_stop(stop: threading.Event) -> None:
    stop.set()
    _wake.set()


# Live progress

class LiveProgress:
    """A running batch's phase and counts, in a file any process can read."""

    def __init__(self, pk: int):
        self.path = progress_dir() / f"{pk}.json"
        self.phase, self.written_at = "", 0.0

    def reporter(self, stop: threading.Event | None = None) -> Progress:
        def report(phase: str, done: int, total: int) -> None:
            if stop is not None and stop.is_set():
                raise Interrupted
            now = time.monotonic()
            if phase != self.phase or done >= total or now - self.written_at >= WRITE_EVERY_SECONDS:
                self.write(phase, done, total)
                self.phase, self.written_at = phase, now
        return report

    def write(self, phase: str, done: int, total: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        part = self.path.with_suffix(".part")
        part.write_text(json.dumps({"phase": phase, "done": done, "total": total}), encoding="utf-8")
        os.replace(part, self.path)  # a reader sees the old counts or the new, never half a file

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def live_progress(batch: ImportBatch) -> dict:
    """{"phase", "done", "total"}: from the live file while the batch runs, else from its row."""
    row = {"phase": batch.phase or batch.status, "done": batch.done, "total": batch.total}
    if batch.status not in RUNNING:
        return row
    try:
        live = json.loads((progress_dir() / f"{batch.pk}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return row
    return live if live.get("phase") == batch.status else row


# The worker thread in the web process

@dataclass
class _Thread:
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None


_wake = threading.Event()  # set when a batch is queued in this process, so a worker need not wait for a poll
_in_process = _Thread()


def ensure_worker() -> threading.Thread:
    """Start this process's worker thread unless it runs already (the web server calls it on upload)."""
    with _in_process.lock:
        if _in_process.thread is None or not _in_process.thread.is_alive():
            _in_process.stop.clear()
            _in_process.thread = threading.Thread(target=_run_in_process, name="aksjon-import-worker", daemon=True)
            _in_process.thread.start()
        _wake.set()
        return _in_process.thread


def stop_worker(timeout: float = 30.0) -> None:
    """Stop this process's worker thread; a batch it was running is queued again."""
    with _in_process.lock:
        thread = _in_process.thread
    if thread is not None:
        request_stop(_in_process.stop)
        thread.join(timeout)


def _run_in_process() -> None:
    try:
        work(_in_process.stop)
    finally:
        connection.close()  # this thread's own connection
