"""Imports as jobs: queued in the database, claimed once, run by the worker with visible progress."""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from aksjon.core.errors import AccessDenied
from aksjon.intel import jobs
from aksjon.intel.importing import import_file
from aksjon.intel.models import ImportBatch, Inspection, Tip
from aksjon.registry.models import Ad

DATA = Path(__file__).parent / "data"


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def test_an_upload_is_kept_by_its_hash_and_queued(world):
    batch = jobs.enqueue_import(world.users["analyst"], "tips", upload("tips.csv"))
    digest = hashlib.sha256((DATA / "tips.csv").read_bytes()).hexdigest()
    assert (batch.status, batch.kind, batch.file_name, batch.sha256) == ("queued", "tips", "tips.csv", digest)
    assert Path(batch.stored_path) == Path(settings.DATA_DIR) / "uploads" / f"{digest}-tips.csv"
    assert Path(batch.stored_path).read_bytes() == (DATA / "tips.csv").read_bytes()


def test_a_hostile_file_name_stays_in_the_uploads_folder(world):
    batch = jobs.enqueue_import(world.users["analyst"], "tips", SimpleUploadedFile("../../etc/passwd", b"x"))
    assert Path(batch.stored_path).parent == Path(settings.DATA_DIR) / "uploads"
    assert batch.file_name == "passwd"


def test_only_an_analyst_may_queue_an_import(world):
    with pytest.raises(AccessDenied):
        jobs.enqueue_import(world.users["field_officer"], "tips", upload("tips.csv"))
    assert not ImportBatch.objects.exists()


def test_a_queued_batch_is_claimed_once(world):
    batch = jobs.enqueue_import(world.users["analyst"], "tips", upload("tips.csv"))
    assert jobs.claim(batch.pk) is True
    assert jobs.claim(batch.pk) is False  # a second worker finds it taken
    assert ImportBatch.objects.get(pk=batch.pk).status == "validating"
    assert jobs.claim_next() is None


def test_claim_next_takes_the_oldest_first(world):
    first = jobs.enqueue_import(world.users["analyst"], "tips", upload("tips.csv"))
    second = jobs.enqueue_import(world.users["analyst"], "inspections", upload("inspections.jsonl"))
    assert [jobs.claim_next().pk, jobs.claim_next().pk, jobs.claim_next()] == [first.pk, second.pk, None]


def test_the_worker_runs_the_queue_once_and_stops(world, capsys):
    tips = jobs.enqueue_import(world.users["analyst"], "tips", upload("tips.csv"))
    inspections = jobs.enqueue_import(world.users["analyst"], "inspections", upload("inspections.jsonl"))
    call_command("worker", "--once")
    for batch in (tips, inspections):
        batch.refresh_from_db()
        assert (batch.status, batch.added, batch.unchanged) == ("done", 2, 0)
        assert not (jobs.progress_dir() / f"{batch.pk}.json").exists()
    assert Tip.objects.filter(created_by=world.users["analyst"], source_file="tips.csv").count() == 2
    assert Inspection.objects.count() == 2
    out = capsys.readouterr().out
    assert f"batch {tips.pk} (tips, tips.csv): done, added: 2, unchanged: 0" in out
    assert "worker stopped after 2 job(s)" in out


def test_progress_goes_through_each_phase(world, monkeypatch):
    seen = []
    original = jobs.LiveProgress.write

    def recording(self, phase, done, total):
        batch = ImportBatch.objects.get(pk=int(self.path.stem))
        seen.append((batch.status, phase, done, total))
        original(self, phase, done, total)
        assert jobs.live_progress(batch) == {"phase": phase, "done": done, "total": total}

    monkeypatch.setattr(jobs.LiveProgress, "write", recording)
    batch = jobs.enqueue_import(world.users["analyst"], "ads", upload("ads.jsonl"))
    jobs.run_batch(jobs.claim_next())
    assert seen[0] == ("validating", "validating", 0, 3)
    assert seen[-1] == ("importing", "importing", 3, 3)
    assert [phase for _status, phase, _done, _total in seen].index("importing") > 0
    batch.refresh_from_db()
    assert batch.status == "done" and jobs.live_progress(batch) == {"phase": "done", "done": 3, "total": 3}


def test_a_stopped_worker_rolls_back_and_queues_the_batch_again(world):
    batch = jobs.enqueue_import(world.users["analyst"], "ads", upload("ads.jsonl"))
    stop = threading.Event()
    stop.set()  # as if SIGTERM came while the batch ran
    jobs.run_batch(jobs.claim_next(), stop)
    batch.refresh_from_db()
    assert batch.status == "queued" and not Ad.objects.filter(source="ads").exists()
    assert jobs.work(threading.Event(), once=True) == 1
    batch.refresh_from_db()
    assert (batch.status, batch.added) == ("done", 3)


def test_a_batch_whose_user_may_no_longer_import_fails(world):
    analyst = world.users["analyst"]
    batch = jobs.enqueue_import(analyst, "tips", upload("tips.csv"))
    analyst.role = "field_officer"
    analyst.save()
    jobs.work(threading.Event(), once=True)
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.errors[0]["reason"] == "Your role may not do this."
    assert not Tip.objects.exists()


def test_the_worker_thread_starts_once_per_process(monkeypatch):
    monkeypatch.setattr(jobs, "work", lambda stop: stop.wait())  # the thread's life, not its queue
    first = jobs.ensure_worker()
    try:
        assert jobs.ensure_worker() is first and first.daemon and first.is_alive()
    finally:
        jobs.stop_worker()
    assert not first.is_alive()


# The pages

@pytest.fixture
def no_worker_thread(monkeypatch):
    """The page starts the worker thread; here the test runs the queue itself."""
    started = []
    monkeypatch.setattr(jobs, "ensure_worker", lambda: started.append(True))
    return started


@pytest.mark.parametrize("role, status, sees_form", [
    ("analyst", 200, True), ("coordinator", 200, False), ("field_officer", 403, False), ("auditor", 403, False)])
def test_the_imports_page_by_role(client, world, role, status, sees_form):
    client.force_login(world.users[role])
    response = client.get(reverse("import_list"))
    assert response.status_code == status
    assert ('type="file"' in response.content.decode()) is sees_form


def test_uploading_queues_the_file_and_starts_the_worker(client, world, no_worker_thread):
    client.force_login(world.users["analyst"])
    response = client.post(reverse("import_list"), {"kind": "inspections", "file": upload("inspections.jsonl")})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("import_detail", args=[batch.pk])
    assert batch.status == "queued" and no_worker_thread[:1] == [True]

    page = client.get(response.url).content.decode()
    assert "<progress" in page and 'hx-trigger="every 500ms"' in page and "Venter i kø" in page
    jobs.work(threading.Event(), once=True)
    done = client.get(reverse("import_progress", args=[batch.pk])).content.decode()
    assert "hx-trigger" not in done and 'data-count="added">2<' in done


def test_a_running_batch_shows_its_live_counts(client, world):
    batch = jobs.enqueue_import(world.users["analyst"], "ads", upload("ads.jsonl"))
    ImportBatch.objects.filter(pk=batch.pk).update(status="importing", phase="importing", total=3)
    jobs.LiveProgress(batch.pk).write("importing", 2, 3)
    client.force_login(world.users["coordinator"])
    part = client.get(reverse("import_progress", args=[batch.pk])).content.decode()
    assert '<progress max="3" value="2">' in part and "Importert 2 av 3 rader." in part


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
