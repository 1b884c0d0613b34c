"""Cross-referencing in the app: a run stores explained pairs, judgements change the
derived clusters, undo restores them, and new records link without retraining."""
from __future__ import annotations

from datetime import date

import pytest

from aksjon.audit.models import AuditEntry
from aksjon.core.errors import AccessDenied
from aksjon.intel import judging
from aksjon.intel.linking import link_new_persons, run_linkage
from aksjon.intel.models import CandidatePair, ClusterMember
from aksjon.linkage.synthetic_persons import generate_persons
from aksjon.registry.models import Person, Phone


@pytest.fixture
def register(world):
    """Two hundred register persons with planted duplicates (transliteration variants)."""
    sample = generate_persons(200, seed=5)
    records = sample.records.to_dict("records")
    for row in records:
        person = Person.objects.create(
            given_name=row["given_name"] or "", family_name=row["family_name"] or "",
            birth_date=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None,
            purpose="register", source="roller")
        if row["phone"]:  # the sample's numbers are E.164 already, not all in live series
            person.phones.add(Phone.objects.get_or_create(e164=row["phone"])[0])
    return world


def _cluster(ref: str) -> str:
    return ClusterMember.objects.get(kind="person", ref=ref).cluster


def test_run_stores_explained_pairs_and_clusters(register):
    analyst = register.users["analyst"]
    writes = AuditEntry.objects.filter(verb="run_linkage").count()
    run = run_linkage(actor=analyst, kind="person")
    assert run.pairs > 20 and run.model_json.startswith("{")
    pair = run.candidates.filter(rule="splink").order_by("-match_weight").first()
    assert {"comparison", "level", "match_weight"} <= set(pair.explanation[0])
    assert ClusterMember.objects.filter(kind="person").count() >= 2
    assert AuditEntry.objects.filter(verb="run_linkage").count() == writes + 1


def test_field_officer_may_not_run_linkage(register):
    with pytest.raises(AccessDenied):
        run_linkage(actor=register.users["field_officer"], kind="person")


def test_different_splits_and_undo_rejoins(register):
    analyst = register.users["analyst"]
    run = run_linkage(actor=analyst, kind="person")
    pair = run.candidates.filter(rule="splink", match_weight__gte=run.threshold).order_by("-match_weight").first()
    assert _cluster(pair.left) == _cluster(pair.right)
    judgement = judging.judge_pair(actor=analyst, kind="person", left=pair.left, right=pair.right,
                                   verdict="different")
    assert _cluster(pair.left) != _cluster(pair.right)
    judging.retract_judgement(actor=analyst, judgement=judgement)
    assert _cluster(pair.left) == _cluster(pair.right)


def test_same_joins_records_the_model_kept_apart(register):
    analyst = register.users["analyst"]
    run_linkage(actor=analyst, kind="person")
    refs = sorted(ClusterMember.objects.filter(kind="person").values_list("ref", flat=True))
    apart = next((a, b) for a in refs for b in refs if a < b and _cluster(a) != _cluster(b))
    judging.judge_pair(actor=analyst, kind="person", left=apart[1], right=apart[0], verdict="same")
    assert _cluster(apart[0]) == _cluster(apart[1])


def test_review_queue_is_most_uncertain_first_and_skips_judged_pairs(register):
    analyst = register.users["analyst"]
    run_linkage(actor=analyst, kind="person")
    queue = judging.review_queue(analyst, "person", limit=10)
    uncertainty = [abs(p.match_probability - 0.5) for p in queue]
    assert uncertainty == sorted(uncertainty)
    judging.judge_many(actor=analyst, kind="person", pairs=[(queue[0].left, queue[0].right)], verdict="unsure")
    assert (queue[0].left, queue[0].right) not in {(p.left, p.right) for p in judging.review_queue(analyst, "person")}


def test_colleagues_judgements_are_shown_newest_first(register):
    analyst, coordinator = register.users["analyst"], register.users["district_lead"]
    run_linkage(actor=analyst, kind="person")
    pair = CandidatePair.objects.filter(rule="splink").first()
    judging.judge_pair(actor=analyst, kind="person", left=pair.left, right=pair.right, verdict="same")
    with pytest.raises(AccessDenied):  # a district lead judges nothing
        judging.judge_pair(actor=coordinator, kind="person", left=pair.left, right=pair.right, verdict="different")
    shown = judging.judgements_on("person", pair.right, pair.left)
    assert [j.made_by.username for j in shown] == ["analyst"]


def test_new_records_link_incrementally(register):
    analyst = register.users["analyst"]
    run_linkage(actor=analyst, kind="person")
    known = Person.objects.exclude(birth_date=None).exclude(phones=None).first()
    copy = Person.objects.create(given_name=known.given_name, family_name=known.family_name,
                                 birth_date=known.birth_date, purpose="victim_protection", source="control")
    copy.phones.add(known.phones.first())
    matches = link_new_persons(actor=analyst, persons=Person.objects.filter(pk=copy.pk))
    row = matches.iloc[0]
    assert row["best_match_id"] in judging.cluster_of("person", f"person:{known.pk}")
    assert _cluster(f"person:{copy.pk}") == _cluster(row["best_match_id"])


def test_pair_and_entity_pages_log_the_persons_they_show(client, register):
    from django.urls import reverse

    analyst = register.users["analyst"]
    run_linkage(actor=analyst, kind="person")
    pair = CandidatePair.objects.filter(rule="splink").first()
    client.force_login(analyst)
    reads = AuditEntry.objects.filter(kind="read")
    before = reads.count()
    client.get(reverse("pair_detail", args=[pair.pk]))
    shown = {f"person:{r.object_id}" for r in reads.order_by("id")[before:]}
    assert shown == {pair.left, pair.right}
    before = reads.count()
    client.get(reverse("entity", args=["person", pair.left]))
    members = set(judging.cluster_of("person", pair.left))
    assert {f"person:{r.object_id}" for r in reads.order_by("id")[before:]} == members


def test_a_queued_run_is_run_by_the_worker_and_shows_its_phase(register, client, monkeypatch):
    import threading

    from django.urls import reverse

    from aksjon.core.errors import Conflict
    from aksjon.intel import jobs
    from aksjon.intel.linking import enqueue_linkage

    monkeypatch.setattr(jobs, "ensure_worker", lambda: None)  # this test is the worker
    analyst = register.users["analyst"]
    queued = enqueue_linkage(actor=analyst, kind="person")
    assert (queued.status, AuditEntry.objects.filter(verb="enqueue_linkage").count()) == ("queued", 1)
    with pytest.raises(Conflict):  # one run of a kind at a time
        enqueue_linkage(actor=analyst, kind="person")
    client.force_login(analyst)
    waiting = client.get(reverse("review_queue", args=["person"]))
    assert b'id="linkage-status"' in waiting.content and b'data-phase="queued"' in waiting.content
    assert jobs.work(threading.Event(), once=True) == 1
    queued.refresh_from_db()
    assert queued.status == "done" and queued.pairs > 20 and ClusterMember.objects.filter(kind="person").exists()
    ended = client.get(reverse("linkage_status", args=["person"]), HTTP_HX_REQUEST="true")
    assert ended.headers["HX-Refresh"] == "true"


def test_a_failed_run_keeps_its_reason(world, client):
    import threading

    from django.urls import reverse

    from aksjon.intel import jobs
    from aksjon.intel.linking import enqueue_linkage

    analyst = world.users["analyst"]
    run = enqueue_linkage(actor=analyst, kind="person")  # the small world's few persons share no strong key
    jobs.work(threading.Event(), once=True)
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error == "Too little data to train the model: no two records share a strong key yet."
    assert AuditEntry.objects.filter(verb="fail_linkage", object_id=str(run.pk)).count() == 1
    client.force_login(analyst)
    page = client.get(reverse("review_queue", args=["person"])).content.decode()
    assert "Siste kjøring feilet: For lite data" in page
    assert 'id="linkage-status"' not in page  # and a new run may be started
    assert enqueue_linkage(actor=analyst, kind="person").status == "queued"
