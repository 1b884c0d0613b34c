"""Every state change of intelligence work: one function each, with a keyword-only
`actor`, one transaction and its audit row (the house rule of every app's actions.py).

Imports and linkage runs (queue, start, finish, reject, fail) are here; so are the
analysts' judgements (judge, retract) and the placing of ads on venues.
"""
from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from aksjon import sources
from aksjon.accounts.access import ADD, CHANGE, get_for, restrict
from aksjon.audit.log import record_write, snapshot
from aksjon.core.errors import Conflict, DomainError, InvalidInput
from aksjon.core.refs import MalformedRef, Ref
from aksjon.core.text import gettext_noop
from aksjon.intel import uploads
from aksjon.intel.judging import VERDICTS, ordered, recompute_clusters, rederive_clusters
from aksjon.intel.models import CandidatePair, ImportBatch, Judgement, LinkageRun
from aksjon.jobs import runner as job_runner
from aksjon.jobs.models import Job
from aksjon.jobs.progress import Cancelled, Interrupted
from aksjon.linkage.clusters import ConflictingJudgements
from aksjon.sources import Problem

# --- Imports and linkage runs -------------------------------------------------

# An import: queued with its uploaded file, started by the worker (or the command), then
# rejected (bad rows, nothing written), finished (all written) or failed. A linkage run:
# queued as a job, started (its LinkageRun made), then finished or failed.

IMPORT_ENDED = ("done", "rejected", "failed")


def queue_import(*, actor, kind: str, uploaded_file) -> ImportBatch:
    """Keep the uploaded file and queue a job that imports it."""
    restrict(ImportBatch.objects.all(), actor, ADD)
    _check_source_kind(kind)
    name = uploads.safe_name(uploaded_file.name)
    path, sha256 = uploads.store(uploaded_file, name)
    with transaction.atomic():
        batch = ImportBatch.objects.create(kind=kind, file_name=name, stored_path=str(path), sha256=sha256,
                                           status="queued", created_by=actor)
        job = job_runner.queue("import", actor=actor, subject=batch)
        record_write(actor, "queue_import", batch, before=None,
                     after={"kind": kind, "file": name, "sha256": sha256, "job": job.pk})
    return batch


def start_import(*, actor, batch: ImportBatch, lines: int) -> ImportBatch:
    """A queued (or retried) batch starts, or the command's new one: its earlier results are cleared."""
    restrict(ImportBatch.objects.all(), actor, ADD)
    _check_source_kind(batch.kind)
    with transaction.atomic():
        before = None if batch.pk is None else {"status": batch.status}
        _set_batch(batch, status="running", done=0, total=lines, added=0, unchanged=0, errors=[], warnings=[],
                   finished_at=None)
        record_write(actor, "start_import", batch, before=before,
                     after={"status": "running", "kind": batch.kind, "file": batch.file_name, "lines": lines})
    return batch


def reject_import(*, actor, batch: ImportBatch, errors: list[dict], lines: int) -> ImportBatch:
    """Bad rows: nothing is written and every problem (up to the stored limit) is kept."""
    with transaction.atomic():
        _set_batch(batch, status="rejected", errors=errors, done=lines, total=lines, finished_at=timezone.now())
        record_write(actor, "reject_import", batch, before={"status": "running"},
                     after={"status": "rejected", "problems": len(errors)})
    return batch


def finish_import(*, actor, batch: ImportBatch, added: int, unchanged: int, rows: int) -> ImportBatch:
    """Called inside the import's own transaction: the records and this one audit row commit together
    (the records themselves get no row each: one row per batch)."""
    with transaction.atomic():
        _set_batch(batch, status="done", added=added, unchanged=unchanged, done=rows, finished_at=timezone.now())
        record_write(actor, "finish_import", batch, before={"status": "running"}, after={
            "kind": batch.kind, "file": batch.file_name, "sha256": batch.sha256,
            "added": added, "unchanged": unchanged})
    return batch


def fail_import(*, actor, batch: ImportBatch, error: BaseException) -> ImportBatch:
    """The import stopped for a reason outside the file; what it wrote was rolled back.

    No access check: the failure is recorded even when it is that the user may no longer import."""
    template, params = _failure(error)
    reason = Problem(0, "", template, params).as_dict(batch.file_name)
    with transaction.atomic():
        before = {"status": batch.status}
        _set_batch(batch, status="failed", errors=[reason], finished_at=timezone.now())
        record_write(actor, "fail_import", batch, before=before, after={"status": "failed", "error": reason["reason"]})
    return batch


def _failure(error: BaseException) -> tuple[str, dict]:
    if isinstance(error, DomainError):
        return error.template, error.params
    if isinstance(error, KeyboardInterrupt):
        return gettext_noop("The import was interrupted; nothing was imported."), {}
    return gettext_noop("The import stopped on an error; nothing was imported: %(error)s"), {
        "error": f"{type(error).__name__}: {error}"}


def _set_batch(batch: ImportBatch, **fields) -> None:
    for name, value in fields.items():
        setattr(batch, name, value)
    if batch.pk is None:
        batch.save()
    else:
        batch.save(update_fields=list(fields))


def _check_source_kind(kind: str) -> None:
    if kind not in sources.KINDS:
        raise InvalidInput(gettext_noop("Unknown kind of file «%(kind)s»."), field="kind", kind=kind)


LINKAGE_KINDS = ("person", "venue")


def queue_linkage(*, actor, kind: str) -> Job:
    """Queue a linkage run for the worker (it takes seconds to minutes); one per kind at a time."""
    restrict(LinkageRun.objects.all(), actor, ADD)
    _check_linkage_kind(kind)
    with transaction.atomic():
        given_up = job_runner.ensure_not_pending("linkage", {"kind": kind})
        job = job_runner.queue("linkage", actor=actor, params={"kind": kind})
        record_write(actor, "queue_linkage", job, before=None, after={"kind": kind, "stale_jobs_given_up": given_up})
    return job


def start_linkage_run(*, actor, kind: str, job: Job | None = None) -> LinkageRun:
    """The run's row, made as it starts; a job's subject from then on."""
    restrict(LinkageRun.objects.all(), actor, ADD)
    _check_linkage_kind(kind)
    with transaction.atomic():
        run = LinkageRun.objects.create(kind=kind, status="running", threshold=0.0, started_by=actor)
        if job is not None:
            Job.objects.filter(pk=job.pk).update(subject_type=ContentType.objects.get_for_model(run),
                                                 subject_id=run.pk)
        record_write(actor, "start_linkage", run, before=None,
                     after={"kind": kind, "status": "running", "job": job.pk if job else None})
    return run


def finish_linkage_run(*, actor, run: LinkageRun, threshold: float, model_json: str, records: int, timings: dict,
                       candidates: list) -> LinkageRun:
    """Store every candidate pair and recompute the clusters, with the run's audit row."""
    with transaction.atomic():
        run.status, run.phase, run.threshold, run.model_json = "done", "", threshold, model_json
        run.records, run.timings, run.finished_at = records, timings, timezone.now()
        run.save()
        CandidatePair.objects.bulk_create(candidates, batch_size=2000)
        run.pairs = run.candidates.count()
        run.save(update_fields=["pairs"])
        clusters = recompute_clusters(run.kind)
        record_write(actor, "finish_linkage", run, before={"status": "running"}, after={
            "kind": run.kind, "records": run.records, "pairs": run.pairs, "clusters": clusters})
    return run


def fail_linkage_run(*, actor, run: LinkageRun, error: BaseException) -> LinkageRun:
    """Keep why the run failed on its row, as an English template shown in the reader's language."""
    with transaction.atomic():
        run.status, run.phase, run.error, run.finished_at = "failed", "", _run_failure(error), timezone.now()
        run.save(update_fields=["status", "phase", "error", "finished_at"])
        record_write(actor, "fail_linkage", run, before={"status": "running"},
                     after={"status": "failed", "error": run.error})
    return run


def _run_failure(error: BaseException) -> str:
    # LinkageRun.error holds a template without values: a message with values gets the general one.
    if isinstance(error, Cancelled):
        return gettext_noop("The run was cancelled.")
    if isinstance(error, Interrupted):
        return gettext_noop("Interrupted: the worker stopped before the run ended.")
    if isinstance(error, DomainError) and not error.params:
        return error.template[:300]
    return gettext_noop("The run failed; see the server log.")


def _check_linkage_kind(kind: str) -> None:
    if kind not in LINKAGE_KINDS:
        raise InvalidInput(gettext_noop("Unknown kind of record."), field="kind")


# --- Judgements, clusters and ads on venues ----------------------------------


def judge_pair(*, actor, kind: str, left: str, right: str, verdict: str, note: str = "") -> Judgement:
    """A verdict on two records. The clusters of their components are derived again, and
    for venues the ads in them placed again, in the same transaction."""
    with transaction.atomic():
        judgement = _judge(actor, kind, left, right, verdict, note)
        _rederive(kind, {judgement.left, judgement.right})
    return judgement


def judge_many(*, actor, kind: str, pairs: list[tuple[str, str]], verdict: str) -> list[Judgement]:
    """The same verdict on many pairs: one judgement (and audit row) each, one derivation."""
    with transaction.atomic():
        made = [_judge(actor, kind, left, right, verdict, "") for left, right in pairs]
        _rederive(kind, {ref for judgement in made for ref in (judgement.left, judgement.right)})
    return made


def retract_judgement(*, actor, judgement: Judgement) -> Judgement:
    """Undo: the judgement stays in the record, marked retracted; clusters and ads follow."""
    judgement = get_for(actor, CHANGE, Judgement, pk=judgement.pk)
    if judgement.retracted_at:
        raise Conflict(gettext_noop("This judgement is retracted already."))
    with transaction.atomic():
        before = snapshot(judgement)
        judgement.retracted_at, judgement.retracted_by = timezone.now(), actor
        judgement.save(update_fields=["retracted_at", "retracted_by"])
        record_write(actor, "retract_judgement", judgement, before=before, after=snapshot(judgement))
        _rederive(judgement.kind, {judgement.left, judgement.right})
    return judgement


def _judge(actor, kind: str, left: str, right: str, verdict: str, note: str) -> Judgement:
    restrict(Judgement.objects.all(), actor, ADD)
    if verdict not in VERDICTS:
        raise InvalidInput(gettext_noop("A judgement is same, different or unsure."), field="verdict")
    left, right = (str(_record_of(kind, ref)) for ref in (left, right))
    if left == right:
        raise InvalidInput(gettext_noop("A record cannot be judged against itself."), field="right")
    left, right = ordered(left, right)
    judgement = Judgement.objects.create(kind=kind, left=left, right=right, verdict=verdict, note=note,
                                         made_by=actor)
    record_write(actor, "judge_pair", judgement, before=None, after=snapshot(judgement))
    return judgement


def _record_of(kind: str, text: str) -> Ref:
    """A judged record's reference, of the kind being judged (persons with persons, the
    rest with the rest: units, venues, tips, inspections and ads link to each other)."""
    try:
        ref = Ref.parse(text)
    except MalformedRef:
        raise InvalidInput(gettext_noop("Not a record reference."), field="pair") from None
    if kind not in ("person", "venue") or (ref.kind == "person") != (kind == "person"):
        raise InvalidInput(gettext_noop("This record cannot be judged with records of this kind."), field="pair")
    return ref


def _rederive(kind: str, touched: set[str]) -> None:
    try:
        rederive_clusters(kind, touched)
    except ConflictingJudgements as conflict:  # the action is refused, its judgement rolled back
        left, right = conflict.pairs[0]
        raise Conflict(gettext_noop("%(left)s and %(right)s would be judged different, but judgements of "
                                    "'same' join them. Retract one of those first."),
                       left=str(left), right=str(right)) from conflict
