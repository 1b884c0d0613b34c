"""Imports as jobs of the one runner: queued in the database, claimed once, run by the worker with
visible progress, cancelled and retried, every state change with its audit row."""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from aksjon.audit.models import AuditEntry
from aksjon.core.errors import AccessDenied
from aksjon.intel import actions
from aksjon.intel.importing import import_file
from aksjon.intel.models import ImportBatch, Inspection, Tip
from aksjon.jobs import progress, runner
from aksjon.jobs.models import Job, for_subject
from aksjon.registry.models import Ad

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def no_stray_worker():
    """A page that shows a queued job starts the worker thread: it must not outlive the test."""
    yield
    runner.stop_worker()


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def queue(world, kind: str, name: str, user: str = "analyst") -> ImportBatch:
    return actions.queue_import(actor=world.users[user], kind=kind, uploaded_file=upload(name))


def job_of(batch: ImportBatch) -> Job:
    return for_subject(batch).get()


def verbs(obj) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=str(obj.pk), object_type=obj._meta.label_lower)
                .order_by("id").values_list("verb", flat=True))


def test_an_upload_is_kept_by_its_hash_and_queued_with_an_audit_row(world):
    batch = queue(world, "tips", "tips.csv")
    digest = hashlib.sha256((DATA / "tips.csv").read_bytes()).hexdigest()
    assert (batch.status, batch.kind, batch.file_name, batch.sha256) == ("queued", "tips", "tips.csv", digest)
    assert Path(batch.stored_path) == Path(settings.DATA_DIR) / "uploads" / f"{digest}-tips.csv"
    assert Path(batch.stored_path).read_bytes() == (DATA / "tips.csv").read_bytes()
    job = job_of(batch)
    assert (job.kind, job.status, job.created_by) == ("import", "queued", world.users["analyst"])
    entry = AuditEntry.objects.get(verb="queue_import")
    assert entry.object_id == str(batch.pk) and entry.after["job"] == job.pk


def test_a_hostile_file_name_stays_in_the_uploads_folder(world):
    batch = actions.queue_import(actor=world.users["analyst"], kind="tips",
                                 uploaded_file=SimpleUploadedFile("../../etc/passwd", b"x"))
    assert Path(batch.stored_path).parent == Path(settings.DATA_DIR) / "uploads"
    assert batch.file_name == "passwd"


def test_only_an_analyst_may_queue_an_import(world):
    with pytest.raises(AccessDenied):
        queue(world, "tips", "tips.csv", user="field_officer")
    assert not ImportBatch.objects.exists() and not Job.objects.exists()


def test_a_queued_job_is_claimed_once(world):
    job = job_of(queue(world, "tips", "tips.csv"))
    assert runner.claim(job.pk) is True
    assert runner.claim(job.pk) is False  # a second worker finds it taken
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1) and job.started_at is not None
    assert runner.claim_next() is None


@pytest.fixture
def world_tx(transactional_db):
    from tests.conftest import build_world, restore_reference_data

    restore_reference_data()
    return build_world()


def test_of_many_concurrent_claimers_exactly_one_wins(world_tx):
    from django.db import connection

    job = job_of(queue(world_tx, "tips", "tips.csv"))
    start, results = threading.Barrier(8), []

    def claimer():
        try:
            start.wait()
            results.append(runner.claim(job.pk))
        finally:
            connection.close()

    errors = []

    def guarded():
        try:
            claimer()
        except Exception as error:  # a claimer must lose quietly, never fail
            errors.append(error)

    threads = [threading.Thread(target=guarded) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(results) == [False] * 7 + [True]


def test_claim_next_takes_the_oldest_first_whatever_the_kind(world):
    first = job_of(queue(world, "tips", "tips.csv"))
    second = actions.queue_linkage(actor=world.users["analyst"], kind="person")
    third = job_of(queue(world, "inspections", "inspections.jsonl"))
    assert [runner.claim_next().pk for _ in range(3)] + [runner.claim_next()] == [first.pk, second.pk, third.pk, None]


def test_the_worker_runs_the_queue_once_and_stops(world, capsys):
    tips, inspections = queue(world, "tips", "tips.csv"), queue(world, "inspections", "inspections.jsonl")
    call_command("worker", "--once")
    for batch in (tips, inspections):
        batch.refresh_from_db()
        assert (batch.status, batch.added, batch.unchanged) == ("done", 2, 0)
        assert job_of(batch).status == "done"
        assert not (progress.progress_dir() / f"{job_of(batch).pk}.json").exists()
    assert Tip.objects.filter(created_by=world.users["analyst"], source_file="tips.csv").count() == 2
    assert Inspection.objects.count() == 2
    out = capsys.readouterr().out
    line = f"job {job_of(tips).pk} (import): done, added: 2, batch: {tips.pk}, outcome: done, problems: 0, unchanged: 0"
    assert line in out
    assert "worker stopped after 2 job(s)" in out


def test_every_step_of_an_import_has_its_audit_row(world, tmp_path):
    good = queue(world, "tips", "tips.csv")
    runner.work(threading.Event(), once=True)
    assert verbs(good) == ["queue_import", "start_import", "finish_import"]

    path = tmp_path / "inspections.jsonl"
    path.write_text('{"inspection_id": "X", "agency": "Politiet", "date": "05.10.2023", "findings": []}\n')
    bad = actions.queue_import(actor=world.users["analyst"], kind="inspections",
                               uploaded_file=SimpleUploadedFile("inspections.jsonl", path.read_bytes()))
    runner.work(threading.Event(), once=True)
    bad.refresh_from_db()
    assert bad.status == "rejected" and job_of(bad).status == "done" and job_of(bad).result["outcome"] == "rejected"
    assert verbs(bad) == ["queue_import", "start_import", "reject_import"]


def test_progress_is_visible_while_the_job_runs(world, monkeypatch):
    seen = []
    original = progress.LiveProgress.write

    def recording(self, phase, done, total):
        original(self, phase, done, total)
        job = Job.objects.get(pk=self.pk)
        seen.append((job.status, progress.live_progress(job)))

    monkeypatch.setattr(progress.LiveProgress, "write", recording)
    batch = queue(world, "ads", "ads.jsonl")
    runner.work(threading.Event(), once=True)
    assert seen[0] == ("running", {"phase": "validating", "done": 0, "total": 3})
    assert seen[-1] == ("running", {"phase": "importing", "done": 3, "total": 3})
    job = job_of(batch)
    assert job.status == "done" and progress.live_progress(job) == {"phase": "importing", "done": 3, "total": 3}


def test_a_stopped_worker_rolls_back_and_queues_the_job_again(world):
    batch = queue(world, "ads", "ads.jsonl")
    stop = threading.Event()
    stop.set()  # as if SIGTERM came while the job ran
    runner.run(runner.claim_next(), stop)
    batch.refresh_from_db()
    assert batch.status == "running" and job_of(batch).status == "queued"  # the page shows the job's state
    assert not Ad.objects.filter(source="ads").exists()
    assert runner.work(threading.Event(), once=True) == 1
    batch.refresh_from_db()
    assert (batch.status, batch.added, job_of(batch).attempts) == ("done", 3, 2)


def test_a_queued_job_is_cancelled_at_once_and_can_be_retried(world):
    analyst = world.users["analyst"]
    batch = queue(world, "tips", "tips.csv")
    from aksjon.jobs.actions import cancel_job, retry_job

    job = cancel_job(actor=analyst, pk=job_of(batch).pk)
    assert job.status == "cancelled" and runner.claim_next() is None
    assert verbs(job) == ["cancel_job"]
    job = retry_job(actor=analyst, pk=job.pk)
    assert (job.status, job.cancel_requested) == ("queued", False)
    assert runner.work(threading.Event(), once=True) == 1
    batch.refresh_from_db()
    assert batch.status == "done" and verbs(job) == ["cancel_job", "retry_job", "start_job", "end_job"]


def test_a_running_job_stops_at_its_next_progress_report(world, monkeypatch):
    from aksjon.jobs.actions import cancel_job

    batch = queue(world, "ads", "ads.jsonl")
    job = runner.claim_next()
    original = progress.LiveProgress.write
    cancelled = []

    def cancel_once_running(self, phase, done, total):
        original(self, phase, done, total)
        if phase == "importing" and not cancelled:  # a user presses Cancel half-way
            cancelled.append(cancel_job(actor=world.users["analyst"], pk=job.pk))

    monkeypatch.setattr(progress.LiveProgress, "write", cancel_once_running)
    runner.run(job)
    job.refresh_from_db()
    assert cancelled[0].status == "running" and cancelled[0].cancel_requested
    assert job.status == "cancelled" and not Ad.objects.filter(source="ads").exists()
    batch.refresh_from_db()
    assert batch.status == "running"  # nothing was imported; its job says it was cancelled
    assert AuditEntry.objects.filter(verb="end_job", object_id=str(job.pk)).get().after["status"] == "cancelled"
    assert not list(progress.progress_dir().glob(f"{job.pk}.*"))


def test_a_failed_job_keeps_its_message_and_can_be_retried(world, monkeypatch):
    from aksjon.jobs.actions import retry_job

    analyst = world.users["analyst"]
    batch = queue(world, "tips", "tips.csv")
    analyst.role = "field_officer"  # may no longer import
    analyst.save()
    runner.work(threading.Event(), once=True)
    job, batch = job_of(batch), ImportBatch.objects.get(pk=batch.pk)
    assert (job.status, job.error_template, job.error) == ("failed", "Your role may not do this.",
                                                           "Your role may not do this.")
    assert batch.status == "failed" and batch.errors[0]["reason"] == "Your role may not do this."
    assert verbs(batch) == ["queue_import", "fail_import"] and not Tip.objects.exists()

    analyst.role = "analyst"
    analyst.save()
    assert retry_job(actor=analyst, pk=job.pk).status == "queued"
    runner.work(threading.Event(), once=True)
    batch.refresh_from_db()
    assert (batch.status, batch.added) == ("done", 2)
    assert verbs(batch) == ["queue_import", "fail_import", "start_import", "finish_import"]


def test_only_an_ended_job_is_retried_and_only_a_pending_one_cancelled(world):
    from aksjon.core.errors import Conflict
    from aksjon.jobs.actions import cancel_job, retry_job

    job = job_of(queue(world, "tips", "tips.csv"))
    with pytest.raises(Conflict):
        retry_job(actor=world.users["analyst"], pk=job.pk)
    runner.work(threading.Event(), once=True)
    with pytest.raises(Conflict):
        cancel_job(actor=world.users["analyst"], pk=job.pk)


def test_a_new_kind_runs_through_the_same_worker(world, monkeypatch):
    from aksjon.jobs.actions import queue_job

    monkeypatch.setattr(runner, "KINDS", dict(runner.KINDS))  # the registration ends with the test

    def count_to_three(job, report):
        for n in range(1, 4):
            report("counting", n, 3)
        return {"counted": job.params["to"]}

    runner.register("count", count_to_three, permission="linkagerun")
    job = queue_job(actor=world.users["analyst"], kind="count", params={"to": 3})
    call_command("worker", "--once")
    job.refresh_from_db()
    assert (job.status, job.result, job.phase, job.done, job.total) == ("done", {"counted": 3}, "counting", 3, 3)
    assert verbs(job) == ["queue_job", "start_job", "end_job"]


def test_the_worker_thread_starts_once_per_process(monkeypatch, settings):
    settings.JOBS_WORKER_THREAD = True
    monkeypatch.setattr(runner, "work", lambda stop: stop.wait())  # the thread's life, not its queue
    first = runner.ensure_worker()
    try:
        assert runner.ensure_worker() is first and first.daemon and first.is_alive()
    finally:
        runner.stop_worker()
    assert not first.is_alive()


# The commands

def test_the_commands_refuse_a_user_that_does_not_exist(world, tmp_path):
    from django.core.management import CommandError

    from aksjon.accounts.models import User

    for command in (["import", "tips", str(DATA / "tips.csv")], ["link", "person"]):
        with pytest.raises(CommandError, match="no user named 'nobody.here'"):
            call_command(*command, "--user", "nobody.here")
    assert not User.objects.filter(username="nobody.here").exists()
    assert not ImportBatch.objects.exists()


# The pages

@pytest.fixture
def no_worker_thread(monkeypatch):
    """The page starts the worker thread; here the test runs the queue itself."""
    started = []
    monkeypatch.setattr(runner, "ensure_worker", lambda: started.append(True))
    return started


@pytest.mark.parametrize("role, status, sees_form", [
    ("analyst", 200, True), ("coordinator", 200, False), ("field_officer", 403, False), ("auditor", 403, False)])
def test_the_imports_page_by_role(client, world, role, status, sees_form):
    client.force_login(world.users[role])
    response = client.get(reverse("import_list"))
    assert response.status_code == status
    assert ('type="file"' in response.content.decode()) is sees_form


def test_uploading_queues_the_file_and_the_page_follows_its_job(client, world, no_worker_thread):
    client.force_login(world.users["analyst"])
    response = client.post(reverse("import_list"), {"kind": "inspections", "file": upload("inspections.jsonl")})
    batch = ImportBatch.objects.get()
    job = job_of(batch)
    assert response.status_code == 302 and response.url == reverse("import_detail", args=[batch.pk])
    assert batch.status == "queued" and no_worker_thread[:1] == [True]

    page = client.get(response.url).content.decode()
    assert f'id="job-{job.pk}"' in page and 'hx-trigger="every 500ms"' in page and "Venter" in page
    assert f'hx-post="{reverse("job_cancel", args=[job.pk])}"' in page and 'id="import-result"' not in page
    assert f'id="job-{job.pk}"' in client.get(reverse("import_list")).content.decode()
    runner.work(threading.Event(), once=True)
    ended = client.get(reverse("job_status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert ended.headers["HX-Refresh"] == "true"  # the host page shows the result
    done = client.get(response.url).content.decode()
    assert "hx-trigger" not in done and 'data-count="added">2<' in done


def test_a_running_job_shows_its_live_counts(client, world):
    job = job_of(queue(world, "ads", "ads.jsonl"))
    runner.claim(job.pk)
    progress.LiveProgress(job.pk).write("importing", 2, 3)
    client.force_login(world.users["coordinator"])
    part = client.get(reverse("job_status", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert '<progress max="3" value="2">' in part and 'data-phase="importing">Importerer · 2' in part
    assert "job_cancel" not in part and "<button" not in part  # a coordinator may look, not cancel


@pytest.mark.parametrize("role, status", [("analyst", 200), ("coordinator", 200), ("district_lead", 403),
                                          ("field_officer", 403), ("auditor", 403), ("partner_liaison", 403)])
def test_the_job_page_by_role(client, world, role, status, no_worker_thread):
    job = job_of(queue(world, "tips", "tips.csv"))
    client.force_login(world.users[role])
    assert client.get(reverse("job_status", args=[job.pk])).status_code == status


def test_cancel_and_retry_in_the_page(client, world, no_worker_thread):
    job = job_of(queue(world, "tips", "tips.csv"))
    client.force_login(world.users["coordinator"])
    assert client.post(reverse("job_cancel", args=[job.pk])).status_code == 403
    client.force_login(world.users["analyst"])
    cancelled = client.post(reverse("job_cancel", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert cancelled.headers["HX-Refresh"] == "true"
    page = client.get(reverse("job_status", args=[job.pk])).content.decode()
    assert 'data-status="cancelled"' in page and reverse("job_retry", args=[job.pk]) in page
    retried = client.post(reverse("job_retry", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="queued"' in retried and 'hx-trigger="every 500ms"' in retried


def test_a_coordinator_may_look_but_not_upload(client, world, no_worker_thread):
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("import_list"), {"kind": "tips", "file": upload("tips.csv")})
    assert response.status_code == 403 and not ImportBatch.objects.exists() and no_worker_thread == []


def test_problems_are_shown_in_english_when_chosen(client, world, tmp_path):
    path = tmp_path / "inspections.jsonl"
    path.write_text('{"inspection_id": "X", "agency": "Politiet", "date": "05.10.2023", "findings": []}\n')
    batch = import_file(actor=world.users["analyst"], kind="inspections", path=path)
    client.force_login(world.users["analyst"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("import_detail", args=[batch.pk])).content.decode()
    assert "«05.10.2023» is not a date (YYYY-MM-DD)" in page and "Nothing was imported." in page
