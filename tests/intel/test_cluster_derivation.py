"""Clusters after each judgement or retraction, derived only around the judged pair, are the
clusters (and ad placements) a full recompute gives: property-tested through the actions."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aksjon.core.errors import Conflict
from aksjon.core.refs import ref_text
from aksjon.intel import actions
from aksjon.intel.judging import ordered, recompute_clusters
from aksjon.intel.models import CandidatePair, ClusterMember, Judgement, LinkageRun
from aksjon.intel.placing import place_ads
from aksjon.registry.models import Ad

WEIGHTS = [-1.0, 0.5, 1.0, 1.0, 2.0, 3.5]  # around the threshold, 1.0, with ties
SIZE = 10  # two venues, four ads, and tips


def _records(world) -> list[str]:
    """Real venues and ads (ads are placed on venues); tips need no rows to be linked."""
    venues = [ref_text("venue", world.venue[key].pk) for key in ("oslo", "vest")]
    ads = []
    for number in range(4):
        for day in range(2):  # two observations of each ad: the newest is its record
            ad = Ad.objects.create(ad_source="site", ad_id=str(number), category="massage",
                                   observed_at=datetime(2024, 3, 1, tzinfo=UTC) + timedelta(days=day))
        ads.append(ref_text("ad", ad.pk))
    return venues + ads + [ref_text("tip", number) for number in range(1, SIZE - 5)]


links = st.lists(st.tuples(st.integers(0, SIZE - 1), st.integers(0, SIZE - 1), st.sampled_from(WEIGHTS)),
                 max_size=18)
steps = st.lists(st.one_of(
    st.tuples(st.sampled_from(["same", "different", "unsure"]), st.integers(0, SIZE - 1), st.integers(0, SIZE - 1)),
    st.tuples(st.just("retract"), st.integers(0, 30), st.just(0))), min_size=1, max_size=6)


def _state():
    members = dict((ref, (cluster, component)) for ref, cluster, component in
                   ClusterMember.objects.filter(kind="venue").values_list("ref", "cluster", "component"))
    return members, sorted(Ad.objects.values_list("pk", "venue_id"))


def _full_recompute():
    """What a full recompute writes, looked at and rolled back."""
    with transaction.atomic():
        recompute_clusters("venue")
        state = _state()
        transaction.set_rollback(True)
    return state


def _step(analyst, verdict, a, b, records):
    if verdict == "retract":
        standing = list(Judgement.objects.filter(retracted_at=None).order_by("pk"))
        if standing:
            actions.retract_judgement(actor=analyst, judgement=standing[a % len(standing)])
    elif a != b:
        actions.judge_pair(actor=analyst, kind="venue", left=records[a], right=records[b], verdict=verdict)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(links=links, steps=steps)
def test_judgements_and_retractions_derive_what_a_full_recompute_derives(world, links, steps):
    analyst = world.users["analyst"]
    with transaction.atomic():  # each example starts from the same database
        records = _records(world)
        run = LinkageRun.objects.create(kind="venue", status="done", threshold=1.0)
        pairs = {ordered(records[a], records[b]): weight for a, b, weight in links if a != b}
        CandidatePair.objects.bulk_create([CandidatePair(run=run, left=left, right=right, match_weight=weight,
                                                         match_probability=0.5, rule="splink")
                                           for (left, right), weight in pairs.items()])
        recompute_clusters("venue")
        for verdict, a, b in steps:
            try:
                _step(analyst, verdict, a, b, records)
            except Conflict:  # refused whole: nothing changed
                pass
            assert _state() == _full_recompute()
            assert place_ads() == 0  # placing every ad again moves none
        transaction.set_rollback(True)


def test_a_contradicting_judgement_is_refused_and_leaves_nothing(world):
    analyst = world.users["analyst"]
    a, b, c = (ref_text("tip", number) for number in (1, 2, 3))
    LinkageRun.objects.create(kind="venue", status="done", threshold=1.0)
    actions.judge_many(actor=analyst, kind="venue", pairs=[(a, b), (b, c)], verdict="same")
    with pytest.raises(Conflict):
        actions.judge_pair(actor=analyst, kind="venue", left=c, right=a, verdict="different")
    assert Judgement.objects.filter(verdict="different").count() == 0
    assert len(set(ClusterMember.objects.filter(ref__in=[a, b, c]).values_list("cluster", flat=True))) == 1


@pytest.mark.parametrize("left, right", [("tip:1", "tip:²"), ("tip:1", "person:2"),
                                         ("tip:1", "tip:99999999999999999999")])
def test_malformed_or_mismatched_records_are_refused(world, left, right):
    from aksjon.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        actions.judge_pair(actor=world.users["analyst"], kind="venue", left=left, right=right, verdict="same")


@pytest.mark.parametrize("ref", ["person:²", "person:99999999999999999999", "person:", "nobody:1", "person:01"])
def test_an_address_with_a_malformed_reference_is_not_found(client, world, ref):
    from django.urls import reverse

    client.force_login(world.users["analyst"])
    assert client.get(reverse("entity", args=["person", ref])).status_code == 404
