"""A running job's progress and its cancel request, in small files any process can read.

Why files and not the job's row: an import writes in one long transaction, and on SQLite
that transaction holds the only write lock, so no other connection could update the row
(nor set a cancel flag on it) before the import commits. So the runner writes its phase
and counts to DATA_DIR/jobs/<pk>.json, and a cancel request is DATA_DIR/jobs/<pk>.cancel,
which the runner looks for at each progress report. The row gets the last counts when
the job ends; `live_progress` reads the file while it runs.
"""
from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

Progress = Callable[[str, int, int], None]  # (phase, done, total)
WRITE_EVERY_SECONDS = 0.2  # live progress is written at most this often
BAR_WIDTH = 30


class Interrupted(Exception):
    """Raised by a progress callback when the worker stops: the job goes back to the queue."""


class Cancelled(Interrupted):
    """Raised by a progress callback when a user cancelled the job: it ends as cancelled."""


def progress_dir() -> Path:
    return Path(settings.DATA_DIR) / "jobs"


def _cancel_file(pk: int) -> Path:
    return progress_dir() / f"{pk}.cancel"


def request_cancel(pk: int) -> None:
    """Ask the worker running job `pk` to stop at its next progress report."""
    progress_dir().mkdir(parents=True, exist_ok=True)
    _cancel_file(pk).touch()


def clear_cancel(pk: int) -> None:
    _cancel_file(pk).unlink(missing_ok=True)


class LiveProgress:
    """A running job's phase and counts, written to its file as the runner reports them."""

    def __init__(self, pk: int):
        self.pk, self.path = pk, progress_dir() / f"{pk}.json"
        self.phase, self.done, self.total, self.written_at = "", 0, 0, 0.0

    def reporter(self, stop: threading.Event | None = None, echo: Progress | None = None) -> Progress:
        def report(phase: str, done: int, total: int) -> None:
            if _cancel_file(self.pk).exists():
                raise Cancelled
            if stop is not None and stop.is_set():
                raise Interrupted
            changed = phase != self.phase
            self.phase, self.done, self.total = phase, done, total
            now = time.monotonic()
            if changed or done >= total or now - self.written_at >= WRITE_EVERY_SECONDS:
                self.write(phase, done, total)
                self.written_at = now
            if echo is not None:
                echo(phase, done, total)
        return report

    def write(self, phase: str, done: int, total: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        part = self.path.with_suffix(".part")
        part.write_text(json.dumps({"phase": phase, "done": done, "total": total}), encoding="utf-8")
        os.replace(part, self.path)  # a reader sees the old counts or the new, never half a file

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def live_progress(job) -> dict:
    """{"phase", "done", "total"}: from the live file while the job runs, else from its row."""
    row = {"phase": job.phase, "done": job.done, "total": job.total}
    if job.status != "running":
        return row
    try:
        return json.loads((progress_dir() / f"{job.pk}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return row


class ProgressBar:
    """The command line's progress: one line on stderr, redrawn with a carriage return (every kind uses it)."""

    def __init__(self, out):
        self.out, self.drawn = out, False

    def __call__(self, phase: str, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else 0
        self.out.write(f"\r{phase:<10} [{'#' * filled}{' ' * (BAR_WIDTH - filled)}] {done}/{total}", ending="")
        self.out.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.out.write("")
            self.drawn = False
