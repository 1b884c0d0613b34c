"""Cross-referencing in the app: a run stores explained pairs, judgements change the
derived clusters, undo restores them, and new records link without retraining."""
from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from aksjon.audit.log import record_write
from aksjon.audit.models import AuditEntry
from aksjon.core.errors import AccessDenied
from aksjon.intel import actions, judging
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
            # Not get_or_create: its savepoint would look like an action's transaction to the audit guard.
            phone = Phone.objects.filter(e164=row["phone"]).first() or Phone.objects.create(e164=row["phone"])
            person.phones.add(phone)
    return world


def _cluster(ref: str) -> str:
    return ClusterMember.objects.get(kind="person", ref=ref).cluster


def test_run_stores_explained_pairs_and_clusters(register):
    analyst = register.users["analyst"]
    writes = AuditEntry.objects.filter(verb="finish_linkage").count()
    run = run_linkage(actor=analyst, kind="person")
    assert run.pairs > 20 and run.model_json.startswith("{")
    pair = run.candidates.filter(rule="splink").order_by("-match_weight").first()
    assert {"comparison", "level", "match_weight"} <= set(pair.explanation[0])
    assert ClusterMember.objects.filter(kind="person").count() >= 2
    assert AuditEntry.objects.filter(verb="finish_linkage").count() == writes + 1


def test_field_officer_may_not_run_linkage(register):
    with pytest.raises(AccessDenied):
        run_linkage(actor=register.users["field_officer"], kind="person")


def test_different_splits_and_undo_rejoins(register):
    analyst = register.users["analyst"]
    run = run_linkage(actor=analyst, kind="person")
    pair = run.candidates.filter(rule="splink", match_weight__gte=run.threshold).order_by("-match_weight").first()
    assert _cluster(pair.left) == _cluster(pair.right)
    judgement = actions.judge_pair(actor=analyst, kind="person", left=pair.left, right=pair.right,
                                   verdict="different")
    assert _cluster(pair.left) != _cluster(pair.right)
    actions.retract_judgement(actor=analyst, judgement=judgement)
    assert _cluster(pair.left) == _cluster(pair.right)


def test_same_joins_records_the_model_kept_apart(register):
    analyst = register.users["analyst"]
    run_linkage(actor=analyst, kind="person")
    refs = sorted(ClusterMember.objects.filter(kind="person").values_list("ref", flat=True))
    apart = next((a, b) for a in refs for b in refs if a < b and _cluster(a) != _cluster(b))
    actions.judge_pair(actor=analyst, kind="person", left=apart[1], right=apart[0], verdict="same")
    assert _cluster(apart[0]) == _cluster(apart[1])


def test_review_queue_is_biggest_change_first_and_skips_judged_pairs(register):
    analyst = register.users["analyst"]
    run_linkage(actor=analyst, kind="person")
    queue = judging.review_queue(analyst, "person", limit=10)
    order = [(-p.change, abs(p.match_probability - 0.5)) for p in queue]
    assert queue and order == sorted(order)
    assert {p.reason for p in queue} <= {"doubtful", "constraint"}
    actions.judge_many(actor=analyst, kind="person", pairs=[(queue[0].left, queue[0].right)], verdict="unsure")
    assert (queue[0].left, queue[0].right) not in {(p.left, p.right) for p in judging.review_queue(analyst, "person")}


def test_colleagues_judgements_are_shown_newest_first(register):
    analyst, coordinator = register.users["analyst"], register.users["district_lead"]
    run_linkage(actor=analyst, kind="person")
    pair = CandidatePair.objects.filter(rule="splink").first()
    actions.judge_pair(actor=analyst, kind="person", left=pair.left, right=pair.right, verdict="same")
    with pytest.raises(AccessDenied):  # a district lead judges nothing
        actions.judge_pair(actor=coordinator, kind="person", left=pair.left, right=pair.right, verdict="different")
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
    from aksjon.intel.actions import queue_linkage
    from aksjon.jobs import runner

    monkeypatch.setattr(runner, "ensure_worker", lambda: None)  # this test is the worker
    analyst = register.users["analyst"]
    job = queue_linkage(actor=analyst, kind="person")
    assert (job.status, AuditEntry.objects.filter(verb="queue_linkage").count()) == ("queued", 1)
    with pytest.raises(Conflict):  # one run of a kind at a time
        queue_linkage(actor=analyst, kind="person")
    client.force_login(analyst)
    waiting = client.get(reverse("review_queue", args=["person"]))
    assert f'id="job-{job.pk}"'.encode() in waiting.content and b'data-phase="queued"' in waiting.content
    assert runner.work(threading.Event(), once=True) == 1
    job.refresh_from_db()
    run = job.subject
    assert job.status == "done" and job.result == {"run": run.pk, "records": run.records, "pairs": run.pairs}
    assert run.status == "done" and run.pairs > 20 and ClusterMember.objects.filter(kind="person").exists()
    assert [e.verb for e in AuditEntry.objects.filter(object_type="intel.linkagerun", object_id=str(run.pk))
            .order_by("id")] == ["start_linkage", "finish_linkage"]
    ended = client.get(reverse("job_status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert ended.headers["HX-Refresh"] == "true"


def test_a_failed_run_keeps_its_reason(world, client, monkeypatch):
    import threading

    from django.urls import reverse

    from aksjon.intel.actions import queue_linkage
    from aksjon.jobs import runner

    monkeypatch.setattr(runner, "ensure_worker", lambda: None)
    analyst = world.users["analyst"]
    job = queue_linkage(actor=analyst, kind="person")  # the small world's few persons share no strong key
    runner.work(threading.Event(), once=True)
    job.refresh_from_db()
    run = job.subject
    reason = "Too little data to train the model: no two records share a strong key yet."
    assert (run.status, run.error, job.status, job.error) == ("failed", reason, "failed", reason)
    assert AuditEntry.objects.filter(verb="fail_linkage", object_id=str(run.pk)).count() == 1
    client.force_login(analyst)
    page = client.get(reverse("review_queue", args=["person"])).content.decode()
    assert "For lite data" in page and 'data-status="failed"' in page
    assert "hx-trigger" not in page  # and a new run may be started
    assert queue_linkage(actor=analyst, kind="person").status == "queued"


def test_a_bridge_without_birth_date_is_cut_and_sent_to_review(register):
    """Two persons with one name born 15 years apart, linked through a record with no birth date:
    the full recompute and the re-derivation after a judgement both keep them apart, the cut link
    is in the review queue with its reason, and an analyst's "same" joins them."""
    analyst = register.users["analyst"]
    run_linkage(actor=analyst, kind="person")
    run = judging.newest_run("person")
    old = Person.objects.create(given_name="Kari", family_name="Brøndbø", birth_date=date(1961, 4, 12),
                                purpose="suspect")
    bridge = Person.objects.create(given_name="Kari", family_name="Brøndbø", purpose="suspect")
    young = Person.objects.create(given_name="Kari", family_name="Brøndbø", birth_date=date(1976, 9, 30),
                                  purpose="suspect")
    refs = [f"person:{p.pk}" for p in (old, bridge, young)]
    with transaction.atomic():  # as the model would have linked them, on record
        for (left, right), weight in (((refs[0], refs[1]), 12.0), ((refs[1], refs[2]), 6.0)):
            CandidatePair.objects.create(run=run, left=min(left, right), right=max(left, right),
                                         match_weight=weight, match_probability=0.99, rule="splink")
        judging.recompute_clusters("person")
        record_write(analyst, "test_links", run, before=None, after={"pairs": 2})
    clusters = dict(ClusterMember.objects.filter(ref__in=refs).values_list("ref", "cluster"))
    assert clusters[refs[0]] == clusters[refs[1]] != clusters[refs[2]]
    queued = [p for p in judging.review_queue(analyst, "person", limit=500) if p.reason == "constraint"]
    cut = next(p for p in queued if {p.left, p.right} == {refs[1], refs[2]})
    assert judging.constraint_reason(cut) == {"left": "1961-04-12", "right": "1976-09-30"} or \
        judging.constraint_reason(cut) == {"left": "1976-09-30", "right": "1961-04-12"}
    actions.judge_many(actor=analyst, kind="person", pairs=[(refs[0], refs[2])], verdict="same")
    clusters = dict(ClusterMember.objects.filter(ref__in=refs).values_list("ref", "cluster"))
    assert len(set(clusters.values())) == 1


def test_person_frame_gives_each_person_the_units_they_are_tied_to(world):
    """The model's 'a unit in common' level reads the units a person holds roles in and the
    controlled venue's unit for a person met (linkage.persons)."""
    from aksjon.intel.linking import person_frame
    from aksjon.registry.models import RegisteredUnit, Role

    oslo_unit = world.venue["oslo"].unit
    other = RegisteredUnit.objects.create(orgnr="912345670", name="Regnskap AS", form="AS")
    manager = Person.objects.create(given_name="Somchai", family_name="Rattana-chum", purpose="register",
                                    source="roller")
    Role.objects.create(unit=oslo_unit, code="DAGL", person=manager, source="roller")
    Role.objects.create(unit=other, code="LEDE", person=manager, source="roller")
    units = dict(zip(person_frame()["unique_id"], person_frame()["units"], strict=True))
    assert units[f"person:{manager.pk}"] == sorted([oslo_unit.orgnr, "912345670"])
    met_at_oslo = world.person["oslo"]  # met at the Oslo venue, whose unit is oslo_unit
    assert units[f"person:{met_at_oslo.pk}"] == [oslo_unit.orgnr]
