"""Cross-referencing venues in the app: the register, tips, earlier inspections and ads of
the generator's week are linked in one run, ads land on the right venue (scored against
the generator's ground truth), a new ad crawl links without a new run, and a judgement
moves an ad off its venue and back."""
from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

import pytest

from aksjon.intel import actions
from aksjon.intel.importing import import_file
from aksjon.intel.linking import link_new_venue_records, run_linkage
from aksjon.intel.models import ClusterMember
from aksjon.registry.models import Ad, Venue
from aksjon.synth import generate

pytestmark = pytest.mark.slow  # links a generated week of units, venues, tips and ads (about a minute)

ACTION_WEEK = "2024-03-11"


@pytest.fixture
def week(world, tmp_path):
    """The week's sources, with the ads observed in the action week itself held back as a new crawl."""
    generate("week", 11, tmp_path)
    lines = (tmp_path / "ads.jsonl").read_text("utf-8").splitlines()
    earlier = [line for line in lines if json.loads(line)["observed_at"] < ACTION_WEEK]
    (tmp_path / "ads-earlier.jsonl").write_text("\n".join(earlier) + "\n", "utf-8")
    (tmp_path / "ads-crawl.jsonl").write_text("\n".join(sorted(set(lines) - set(earlier))) + "\n", "utf-8")
    for kind, name in [("enheter", "enheter.jsonl"), ("ads", "ads-earlier.jsonl"), ("tips", "tips.csv"),
                       ("inspections", "inspections.jsonl")]:
        import_file(actor=world.users["analyst"], kind=kind, path=tmp_path / name)
    truth = [json.loads(line) for line in (tmp_path / "truth.jsonl").read_text("utf-8").splitlines()]
    ads = {item["ad"]: item["venue_key"] for item in truth if item["kind"] == "ad" and item["venue_key"]}
    units = {ref.removeprefix("enheter.jsonl#"): item["venue_key"] for item in truth if item["kind"] == "venue"
             for ref in item["records"] if ref.startswith("enheter.jsonl#")}
    return world, ads, units, tmp_path / "ads-crawl.jsonl"


def _true_venue_of_ad(ad: Ad, ads: dict) -> str | None:
    return ads.get(f"{ad.ad_source}/{ad.ad_id}")


def _placed_right(ads: dict, units: dict, observations) -> tuple[int, int]:
    venue_truth = {v.pk: units.get(v.unit.orgnr) for v in Venue.objects.select_related("unit") if v.unit}
    placed = [ad for ad in observations.exclude(venue=None) if venue_truth.get(ad.venue_id)]
    return len(placed), sum(_true_venue_of_ad(ad, ads) == venue_truth[ad.venue_id] for ad in placed)


def test_ads_tips_and_inspections_are_linked_and_ads_land_on_their_venue(week):
    world, ads, units, crawl = week
    analyst = world.users["analyst"]
    run = run_linkage(actor=analyst, kind="venue")
    kinds = Counter(ref.partition(":")[0] for ref in ClusterMember.objects.filter(kind="venue")
                    .values_list("ref", flat=True))
    assert {"unit", "venue", "tip", "inspection", "ad"} <= set(kinds)
    assert run.candidates.filter(rule="deterministic:same_description").exists()

    placed, right = _placed_right(ads, units, Ad.objects.all())
    assert placed > 300 and right / placed >= 0.95
    # Every observation of one ad is where the ad is.
    venues_of_ad: dict[tuple[str, str], set] = {}
    for source, ad_id, venue in Ad.objects.values_list("ad_source", "ad_id", "venue_id"):
        venues_of_ad.setdefault((source, ad_id), set()).add(venue)
    assert all(len(venues) == 1 for venues in venues_of_ad.values())

    # The action week's crawl links to the clusters without a new run, and stays linked
    # when a judgement makes the clusters be derived again.
    import_file(actor=analyst, kind="ads", path=crawl)
    matches = link_new_venue_records(actor=analyst)
    assert matches["joins_existing"].sum() > 100
    crawled = Ad.objects.filter(observed_at__gte=datetime.fromisoformat(f"{ACTION_WEEK}T00:00:00+01:00"))
    placed, right = _placed_right(ads, units, crawled)
    assert placed > 300 and right / placed >= 0.95
    pair = run.candidates.filter(rule="splink").order_by("match_weight").first()
    actions.judge_pair(actor=analyst, kind="venue", left=pair.left, right=pair.right, verdict="unsure")
    assert _placed_right(ads, units, crawled) == (placed, right)

def test_judging_an_ad_different_moves_it_off_the_venue_and_undo_moves_it_back(week):
    world, _ads, _units, _crawl = week
    analyst = world.users["analyst"]
    run_linkage(actor=analyst, kind="venue")
    ad = Ad.objects.exclude(venue=None).order_by("pk").first()
    ad_ref = ClusterMember.objects.filter(kind="venue", ref__startswith="ad:", cluster__in=ClusterMember.objects.filter(
        ref=f"venue:{ad.venue_id}").values("cluster")).filter(
        ref__in=[f"ad:{pk}" for pk in Ad.objects.filter(ad_source=ad.ad_source, ad_id=ad.ad_id)
                 .values_list("pk", flat=True)]).get().ref
    venue = ad.venue_id
    judgement = actions.judge_pair(actor=analyst, kind="venue", left=ad_ref, right=f"venue:{venue}",
                                   verdict="different")
    ad.refresh_from_db()
    assert ad.venue_id != venue
    actions.retract_judgement(actor=analyst, judgement=judgement)
    ad.refresh_from_db()
    assert ad.venue_id == venue
