"""Generated contract tests for every kind of background work registered with the one
runner (aksjon.jobs.runner.KINDS): a new kind without a case here fails the suite.

Every kind, queued by its domain action, is claimed by the worker, run to its end
(done, or failed with its reason kept on the row), and leaves the job's own audit rows
(start_job, end_job) beside its domain's.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aksjon.analysis import actions as analysis
from aksjon.audit.models import AuditEntry
from aksjon.intel import actions as intel
from aksjon.jobs import runner
from aksjon.jobs.models import Job
from tests.contract.conftest import DATA


@dataclass(frozen=True)
class JobCase:
    queue: Callable  # world -> the queued Job
    ends: str  # "done" or "failed"
    domain_verbs: tuple[str, ...]  # the domain's audit rows the run writes, in order


def _import(w) -> Job:
    upload = SimpleUploadedFile("tips.csv", (DATA / "tips.csv").read_bytes())
    intel.queue_import(actor=w.users["analyst"], kind="tips", uploaded_file=upload)
    return Job.objects.filter(kind="import").latest("pk")


JOB_KINDS: dict[str, JobCase] = {
    "import": JobCase(_import, "done", ("start_import", "finish_import")),
    # Two persons are too few to train the model on: the run fails, and says why.
    "linkage": JobCase(lambda w: intel.queue_linkage(actor=w.users["analyst"], kind="venue"), "failed",
                       ("start_linkage", "fail_linkage")),
    # Every analysis in order, each storing its results with one audit row.
    "analysis": JobCase(lambda w: analysis.queue_analysis(actor=w.users["analyst"], names=["all"]), "done",
                        ("store_templates", "store_rotation", "store_networks", "store_priority")),
}


def test_every_job_kind_has_a_contract():
    missing = sorted(set(runner.KINDS) - set(JOB_KINDS))
    assert missing == [], f"job kinds without a case in tests/contract/test_jobs.py: {missing}"
    assert sorted(JOB_KINDS) == sorted(runner.KINDS)


@pytest.mark.parametrize("kind", sorted(JOB_KINDS))
def test_a_job_runs_to_its_end_through_the_one_worker(contract_world, kind):
    case = JOB_KINDS[kind]
    Job.objects.filter(status__in=("queued", "running")).update(status="cancelled")  # the world's own
    job = case.queue(contract_world)
    known = set(AuditEntry.objects.values_list("pk", flat=True))
    assert runner.work(threading.Event(), once=True) == 1
    job.refresh_from_db()
    assert job.status == case.ends
    assert (job.error == "") == (case.ends == "done")
    verbs = list(AuditEntry.objects.exclude(pk__in=known).filter(kind="write").order_by("id")
                 .values_list("verb", flat=True))
    assert verbs == ["start_job", *case.domain_verbs, "end_job"]
