"""Issue 11: exploitative venues in the truth, writers with their own templates, and the
decoys (docs/synth.md "Exploitative venues and decoys"), each present and marked in the truth."""
import csv
import json
import random
from collections import Counter, defaultdict

import pytest

from aksjon.synth import generate
from aksjon.synth import params as P
from aksjon.synth.phrase_banks import THAI_ESCORT, THAI_MASSAGE

SEEDS = (1, 2, 3)


def truth_of(out) -> dict[str, list[dict]]:
    truth = defaultdict(list)
    with (out / "truth.jsonl").open(encoding="utf-8") as file:
        for line in file:
            record = json.loads(line)
            truth[record["kind"]].append(record)
    return truth


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    found = {}
    for seed in SEEDS:
        out = tmp_path_factory.mktemp(f"decoys{seed}")
        generate("national", seed, out)
        found[seed] = (out, truth_of(out))
    return found


@pytest.fixture(scope="module")
def data(runs):
    out, truth = runs[3]
    with (out / "ads.jsonl").open(encoding="utf-8") as file:
        ads = [json.loads(line) for line in file]
    with (out / "tips.csv").open(encoding="utf-8", newline="") as file:
        tips = {row["tip_id"]: row for row in csv.DictReader(file)}
    return {"truth": truth, "ads": ads, "tips": tips, "venues": {v["venue_key"]: v for v in truth["venue"]},
            "writers": {w["writer_key"]: w for w in truth["ad_writer"]}}


# --- exploitative venues ------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_exploitative_share_stays_under_a_quarter(runs, seed):
    venues = runs[seed][1]["venue"]
    share = sum(v["exploitative"] for v in venues) / len(venues)
    print(f"seed {seed}: exploitative venue share {share:.3f}")
    assert 0.15 < share < 0.25
    assert abs(share - P.EXPECTED["exploitative_venue_share"]) < 0.04


@pytest.mark.parametrize("seed", SEEDS)
def test_every_network_venue_and_some_others_are_exploitative(runs, seed):
    venues = runs[seed][1]["venue"]
    by_type = defaultdict(list)
    for venue in venues:
        by_type[venue["type"]].append(venue["exploitative"])
    assert all(by_type["network"])
    for kind in ("independent", "legit"):
        share = sum(by_type[kind]) / len(by_type[kind])
        assert 0 < share and abs(share - P.EXPLOITATIVE_SHARE[kind]) < 0.03, kind


def test_workers_are_exploited_where_the_venue_is_exploitative_and_only_there(data):
    venue_of = data["venues"]
    at_exploitative, elsewhere = Counter(), Counter()
    for person in data["truth"]["person"]:
        if person["role"] != "worker" or not person["stints"]:
            continue
        exploitative = any(venue_of[key]["exploitative"] for key, _first, _last in person["stints"])
        (at_exploitative if exploitative else elsewhere)[person["exploitation"]] += 1
    assert sum(elsewhere.values()) > 500 and set(elsewhere) == {"none"}
    exploited = at_exploitative["sexual"] + at_exploitative["labour"]
    assert exploited / sum(at_exploitative.values()) > 0.6
    labour_at_legit = [p for p in data["truth"]["person"] if p["role"] == "worker" and p["stints"]
                       and venue_of[p["stints"][0][0]]["type"] == "legit" and p["exploited"]]
    assert labour_at_legit and all(p["exploitation"] == "labour" for p in labour_at_legit)


# --- writers ------------------------------------------------------------------------------------------

def grams(template: dict) -> set[tuple[str, ...]]:
    words = f"{template['title']} {template['text']}".lower().split()
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def test_ordinary_writers_have_templates_of_their_own(data):
    own = [w for w in data["writers"].values() if w["writer_kind"] == "venue" and w["lang"] == "nb"]
    assert len(own) > 200
    rng = random.Random(11)
    overlaps = []
    for _ in range(500):
        a, b = (grams(w["template"]) for w in rng.sample(own, 2))
        overlaps.append(len(a & b) / min(len(a), len(b)))
    assert sum(o < 0.5 for o in overlaps) / len(overlaps) > 0.95       # two writers' texts mostly differ
    assert sum(o > 0 for o in overlaps) > 50                              # ... but share the sector's phrases
    distinct = {(w["template"]["title"], w["template"]["text"]) for w in own}
    assert len(distinct) > 0.98 * len(own)


def test_ads_carry_their_writers_template_with_the_slots_filled(data):
    writer_of = {a["ad"]: a["writer_key"] for a in data["truth"]["ad"]}
    checked = 0
    for ad in data["ads"][:3000]:
        writer = data["writers"].get(writer_of[f"{ad['source']}/{ad['ad_id']}"] or "")
        if ad["category"] == "massage" and writer["writer_kind"] == "venue":
            last_sentence = writer["template"]["text"].split("{")[0]
            assert ad["text"].startswith(last_sentence)
            checked += 1
    assert checked > 100


def test_some_ads_carry_a_thai_sentence_within_norwegian_or_english(data):
    thai = [a for a in data["ads"] if any("\u0e00" <= ch <= "\u0e7f" for ch in a["text"])]
    massage = [a for a in thai if a["category"] == "massage"]
    escort = [a for a in thai if a["category"] == "escort"]
    assert massage and escort
    assert all(any(p in a["text"] for p in THAI_MASSAGE) for a in massage)
    assert all(any(p in a["text"] for p in THAI_ESCORT) for a in escort)
    share = len(massage) / sum(a["category"] == "massage" for a in data["ads"])
    assert 0.05 < share < 0.25
    assert not any("\u0e00" <= a["text"][0] <= "\u0e7f" for a in thai)   # Latin-script ads, Thai in the middle


# --- decoys -------------------------------------------------------------------------------------------

def test_widely_copied_text_has_one_writer_per_copier(data):
    copied = [w for w in data["writers"].values() if w["writer_kind"] == "copied"]
    assert len(copied) >= 5
    assert len({(w["template"]["title"], w["template"]["text"]) for w in copied}) == 1
    assert all(len(w["venue_keys"]) == 1 and w["network"] is None for w in copied)


def test_ad_writing_services_write_for_unrelated_venues_in_different_towns(data):
    services = [w for w in data["writers"].values() if w["service"]]
    assert len(services) == P.AD_SERVICES
    for service in services:
        venues = [data["venues"][k] for k in service["venue_keys"]]
        assert P.AD_SERVICE_CLIENTS[0] <= len(venues) <= P.AD_SERVICE_CLIENTS[1]
        assert len({v["town"] for v in venues}) == len(venues)
        assert all(v["network"] is None and v["writer_key"] == service["writer_key"] for v in venues)
        phones = Counter(p for v in venues for p in v["phones"])
        assert max(phones.values()) == 1                                  # no shared phone: no network
        owners = [v["owner"] for v in venues if v["owner"]]
        assert len(set(owners)) == len(owners)
    served = {a["ad"] for a in data["truth"]["ad"] if data["writers"].get(a["writer_key"] or "", {}).get("service")}
    assert len(served) > 20


def test_legitimate_chains_have_one_writer(data):
    chains = [w for w in data["writers"].values() if w["writer_kind"] == "chain"]
    assert chains
    for chain in chains:
        assert len(chain["venue_keys"]) >= 2
        assert all(data["venues"][k]["type"] == "legit" and data["venues"][k]["writer_key"] == chain["writer_key"]
                   for k in chain["venue_keys"])


def test_stock_photos_are_used_by_many_unrelated_venues(data):
    users = defaultdict(set)
    for venue in data["venues"].values():
        for photo in venue["stock_photos"]:
            users[photo].add(venue["venue_key"])
    assert len(users) <= P.STOCK_PHOTO_POOL and max(len(v) for v in users.values()) >= 5
    share = sum(bool(v["stock_photos"]) for v in data["venues"].values() if v["type"] != "network") / \
        sum(v["type"] != "network" for v in data["venues"].values())
    assert abs(share - P.STOCK_PHOTO_SHARE) < 0.08
    assert all(v["type"] != "network" for v in data["venues"].values() if v["stock_photos"])
    stock = {int(h, 16) for h in users}
    in_ads = sum(any(min(bin(int(h, 16) ^ s).count("1") for s in stock) <= 2 for h in a["image_hashes"])
                 for a in data["ads"] if a["category"] == "massage")
    assert in_ads > 100


def test_independent_escorts_travel_without_a_venue_and_are_not_exploited(data):
    escorts = [p for p in data["truth"]["person"] if p["role"] == "escort"]
    assert len(escorts) == P.TRAVELLING_ESCORTS
    assert all(not p["exploited"] and p["network"] is None and not p["stints"] for p in escorts)
    assert all(P.ESCORT_TRIPS[0] <= sum(t[1] == "NO" for t in p["trips"]) <= P.ESCORT_TRIPS[1] for p in escorts)
    abroad = {t[0] for p in escorts for t in p["trips"] if t[1] != "NO"}
    assert abroad and abroad <= {"Stockholm", "København"}
    keys = {p["person_key"] for p in escorts}
    ads = [a for a in data["truth"]["ad"] if a["person_key"] in keys]
    assert ads and all(a["venue_key"] is None and a["network"] is None and a["category"] == "escort" for a in ads)
    writers = {a["person_key"]: a["writer_key"] for a in ads}
    assert all(data["writers"][w]["person_key"] == p and data["writers"][w]["writer_kind"] == "escort"
               for p, w in writers.items())
    towns = defaultdict(set)
    for ad in ads:
        towns[ad["person_key"]].add(ad["town"])
    assert max(len(t) for t in towns.values()) >= 3


def test_false_tips_are_about_ordinary_venues_and_marked(data):
    tips = data["truth"]["tip"]
    assert {t["tip_id"] for t in tips} == set(data["tips"])
    false = [t for t in tips if t["false"]]
    assert abs(len(false) / len(tips) - P.FALSE_TIP_SHARE) < 0.05
    for tip in false:
        venue = data["venues"][tip["venue_key"]]
        assert venue["type"] == "legit" and not venue["exploitative"]
        assert f"tips.csv#{tip['tip_id']}" in venue["records"]


def test_every_ad_writer_has_a_truth_line_and_booking_sites_write_their_listings(data):
    kinds = Counter()
    for ad in data["truth"]["ad"]:
        if ad["category"] == "review":
            assert ad["writer_key"] is None
            continue
        writer = data["writers"][ad["writer_key"]]
        kinds[(ad["category"], writer["writer_kind"])] += 1
        if ad["category"] == "booking":
            assert writer["writer_kind"] == "site"
        if ad["category"] == "massage":
            assert writer["template"] is not None
    assert {k for c, k in kinds if c == "massage"} == {"venue", "network", "chain", "service", "copied"}
    assert {k for c, k in kinds if c == "escort"} == {"network", "escort"}
