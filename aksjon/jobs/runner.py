"""The one runner for background work: a registry of kinds, the database as the queue, a worker.

A domain action queues a job (`queue`, inside its own transaction, beside its audit row).
A worker — a daemon thread in the web process (`ensure_worker`) or `aksjon worker` on its
own — claims the oldest queued job with one conditional UPDATE, so of any number of
workers exactly one gets it, and calls the runner registered for its kind with a progress
callback. The runner does the domain work through the domain's actions (which write the
audit rows) and returns a small result for the job's row.

Progress and cancel requests go through small files, not the job's row (aksjon.jobs.progress
says why). A worker that is stopped puts the job it runs back in the queue.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

from aksjon.audit.log import record_write
from aksjon.core.errors import Conflict, DomainError
from aksjon.core.text import gettext_noop
from aksjon.jobs.models import CANCELLED, DONE, FAILED, PENDING, QUEUED, RUNNING, Job
from aksjon.jobs.progress import Cancelled, Interrupted, LiveProgress, Progress, clear_cancel

log = logging.getLogger(__name__)

Runner = Callable[[Job, Progress], dict | None]  # does the work; returns the job's result (JSON)
POLL_SECONDS = 2.0  # how often an idle worker looks for jobs queued by another process
# A job still 'running' after this lost its worker (the process was killed), for kinds run one at a time.
STALE_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class JobKind:
    run: Runner
    permission: str  # the POLICY model name: "view" on it shows these jobs, "add" lets a user cancel and retry
    phases: dict[str, str] = field(default_factory=dict)  # phase -> label shown while it runs
    one_at_a_time: bool = False  # refuse a second job of this kind with the same params while one is pending


KINDS: dict[str, JobKind] = {}


def register(kind: str, run: Runner, *, permission: str, phases: dict | None = None,
             one_at_a_time: bool = False) -> None:
    """Make `kind` runnable: the one entry a new kind of background work needs."""
    KINDS[kind] = JobKind(run, permission, phases or {}, one_at_a_time)


# Queueing (called by domain actions inside their transaction)

def queue(kind: str, *, actor, params: dict | None = None, subject=None) -> Job:
    """A queued job of `kind`; the caller's action writes the audit row."""
    params = params or {}
    if KINDS[kind].one_at_a_time:
        ensure_not_pending(kind, params)
    job = Job.objects.create(kind=kind, params=params, subject=subject, created_by=actor)
    transaction.on_commit(wake)
    return job


def wake() -> None:
    """Tell this process's worker a job is waiting, so it need not wait for its next poll."""
    _wake.set()


def ensure_not_pending(kind: str, params: dict, *, besides: int | None = None) -> list[int]:
    """Refuse a second pending job of a one-at-a-time kind; returns the stale jobs it gave up first."""
    given_up = _give_up_stale(kind)
    pending = [job for job in Job.objects.filter(kind=kind, status__in=PENDING).exclude(pk=besides)
               if job.params == params]  # compared in Python: JSON equality differs between databases
    if pending:
        raise Conflict(gettext_noop("The same job is queued or running already."))
    return given_up


def _give_up_stale(kind: str) -> list[int]:
    stale = list(Job.objects.filter(kind=kind, status=RUNNING, started_at__lt=timezone.now() - STALE_AFTER)
                 .values_list("pk", flat=True))
    Job.objects.filter(pk__in=stale).update(
        status=FAILED, finished_at=timezone.now(), error_params={},
        error_template=gettext_noop("Interrupted: the worker stopped before the job ended."))
    return stale


# Claiming and running

def claim(pk: int) -> bool:
    """Take a queued job. Of any number of workers trying at once, exactly one gets True; the winner
    writes the job's "start_job" audit row, as the user who queued it, in the same transaction."""
    try:
        with transaction.atomic():
            if Job.objects.filter(pk=pk, status=QUEUED).update(
                    status=RUNNING, started_at=timezone.now(), finished_at=None, phase="", done=0, total=0,
                    attempts=F("attempts") + 1) != 1:
                raise _Taken  # rolls back an update that changed nothing: no state change, no audit row
            job = Job.objects.select_related("created_by").get(pk=pk)
            record_write(job.created_by, "start_job", job, before={"status": QUEUED},
                         after={"status": RUNNING, "attempts": job.attempts})
    except _Taken:
        return False
    return True


class _Taken(Exception):
    """Another worker claimed the job first."""


def claim_next() -> Job | None:
    """The oldest queued job of a kind this process knows, claimed; None when there is none."""
    waiting = (Job.objects.filter(status=QUEUED, kind__in=list(KINDS)).order_by("created_at", "pk")
               .values_list("pk", flat=True))
    for pk in waiting[:20]:
        if claim(pk):
            return Job.objects.select_related("created_by").get(pk=pk)
    return None


def run(job: Job, stop: threading.Event | None = None, *, echo: Progress | None = None) -> Job:
    """Run a claimed job to its end: done, failed (the reason kept), cancelled, or queued again if stopped."""
    live = LiveProgress(job.pk)
    try:
        result = KINDS[job.kind].run(job, live.reporter(stop, echo))
    except Cancelled:
        _end(job, live, status=CANCELLED)
    except Interrupted:
        log.info("job %s stopped and queued again", job.pk)
        _end(job, live, status=QUEUED, finished_at=None)
    except Exception as error:  # the worker carries on with the next job
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _end(job, live, status=FAILED, **_reason(error))
    else:
        _end(job, live, status=DONE, result=result or {})
    finally:
        live.remove()
        clear_cancel(job.pk)
    return job


def _reason(error: Exception) -> dict:
    # Kept as an English template and its values, shown in the reader's language.
    if isinstance(error, DomainError):
        return {"error_template": error.template[:300], "error_params": _json_params(error.params)}
    return {"error_template": gettext_noop("The job stopped on an error: %(error)s"),
            "error_params": {"error": f"{type(error).__name__}: {error}"[:500]}}


def _json_params(params: dict) -> dict:
    return {name: value if isinstance(value, int | float | bool | type(None)) else str(value)
            for name, value in params.items()}


def _end(job: Job, live: LiveProgress, *, status: str, **fields) -> None:
    """done, failed, cancelled, or queued again: the job's "end_job" audit row, as the user who queued it."""
    fields = {"phase": live.phase, "done": live.done, "total": live.total, "finished_at": timezone.now()} | fields
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(status=status, **fields)
        job.refresh_from_db()
        record_write(job.created_by, "end_job", job, before={"status": RUNNING},
                     after={"status": status, "result": job.result, "error": job.error})


def work(stop: threading.Event, *, once: bool = False, on_finished: Callable[[Job], None] | None = None,
         echo: Progress | None = None) -> int:
    """Run queued jobs, oldest first, until `stop` is set; with `once`, until the queue is empty.
    Returns how many jobs ran."""
    ran = 0
    while not stop.is_set():
        job = _next()
        if job is not None:
            run(job, stop, echo=echo)
            ran += 1
            if on_finished:
                on_finished(job)
        elif once:
            break
        else:
            _wake.wait(POLL_SECONDS)
            _wake.clear()
    return ran


def _next() -> Job | None:
    if not connection.in_atomic_block:  # a long-lived thread drops a broken or expired connection here
        close_old_connections()
    try:
        return claim_next()
    except Exception:  # a locked or restarting database: look again at the next poll
        log.exception("could not look for queued jobs")
        return None


def request_stop(stop: threading.Event) -> None:
    stop.set()
    _wake.set()


# The worker thread in the web process

@dataclass
class _Thread:
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None


_wake = threading.Event()  # set when a job is queued in this process, so a worker need not wait for a poll
_in_process = _Thread()


def ensure_worker() -> threading.Thread | None:
    """Start this process's worker thread unless it runs already (the pages call it when a job waits).

    Not where the settings say the process has no worker of its own (the tests, which run
    the queue themselves inside their transaction): the queue then waits for `aksjon worker`."""
    if not settings.JOBS_WORKER_THREAD:
        return None
    with _in_process.lock:
        if _in_process.thread is None or not _in_process.thread.is_alive():
            _in_process.stop.clear()
            _in_process.thread = threading.Thread(target=_run_in_process, name="aksjon-job-worker", daemon=True)
            _in_process.thread.start()
        _wake.set()
        return _in_process.thread


def stop_worker(timeout: float = 30.0) -> None:
    """Stop this process's worker thread; a job it was running is queued again."""
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
