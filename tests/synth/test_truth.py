"""The planted structure can be recovered from truth.jsonl, and the marginals hold."""
import csv
import json
from collections import Counter, defaultdict
from datetime import date, datetime

import pytest

from aksjon.synth import generate
from aksjon.synth.params import EXPECTED, STINT_DAYS


def lines(path):
    with path.open(encoding="utf-8") as file:
        return [json.loads(line) for line in file]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    generate("national", 5, out)
    truth = defaultdict(list)
    for record in lines(out / "truth.jsonl"):
        truth[record["kind"]].append(record)
    with (out / "tips.csv").open(encoding="utf-8", newline="") as file:
        tips = list(csv.DictReader(file))
    return {"truth": truth, "units": lines(out / "enheter.jsonl"), "roles": lines(out / "roller.jsonl"),
            "ads": lines(out / "ads.jsonl"), "inspections": lines(out / "inspections.jsonl"),
            "controls": lines(out / "controls.jsonl"), "tips": tips}


def record_ids(data) -> set[str]:
    ids = {f"enheter.jsonl#{u['organisasjonsnummer']}" for u in data["units"]}
    ids |= {f"roller.jsonl#{r['organisasjonsnummer']}/{g}/{i}" for r in data["roles"]
            for g, group in enumerate(r["rollegrupper"]) for i, _ in enumerate(group["roller"])}
    ids |= {f"ads.jsonl#{a['source']}/{a['ad_id']}" for a in data["ads"]}
    ids |= {f"tips.csv#{t['tip_id']}" for t in data["tips"]}
    ids |= {f"inspections.jsonl#{i['inspection_id']}" for i in data["inspections"]}
    ids |= {f"controls.jsonl#{c['control_id']}" for c in data["controls"]}
    ids |= {f"controls.jsonl#{c['control_id']}/persons/{i}"
            for c in data["controls"] for i, _ in enumerate(c["persons"])}
    return ids


def test_every_reference_resolves(data):
    ids = record_ids(data)
    refs = [ref for kind in ("venue", "unit", "person") for r in data["truth"][kind] for ref in r["records"]]
    refs += [f"ads.jsonl#{a['ad']}" for a in data["truth"]["ad"]]
    assert refs and [ref for ref in refs if ref not in ids] == []


def test_every_record_is_claimed_by_the_truth(data):
    ads = {f"{a['source']}/{a['ad_id']}" for a in data["ads"]}
    assert ads == {a["ad"] for a in data["truth"]["ad"]}
    claimed = {ref for r in data["truth"]["unit"] for ref in r["records"]}
    assert claimed == {f"enheter.jsonl#{u['organisasjonsnummer']}" for u in data["units"]}
    person_refs = [ref for p in data["truth"]["person"] for ref in p["records"]]
    assert len(person_refs) == len(set(person_refs))
    assert sum(1 for r in person_refs if r.startswith("controls")) == sum(len(c["persons"]) for c in data["controls"])


def test_network_venues_exist_in_register_and_ads(data):
    venues = {v["venue_key"]: v for v in data["truth"]["venue"]}
    orgnrs = {u["organisasjonsnummer"] for u in data["units"]}
    advertised = Counter(a["venue_key"] for a in data["truth"]["ad"])
    for network in data["truth"]["network"]:
        assert len({venues[k]["district"] for k in network["venues"]}) >= 2
        for key in network["venues"]:
            assert venues[key]["network"] == network["network"]
            assert set(venues[key]["orgnrs"]) <= orgnrs and venues[key]["orgnrs"]
            assert advertised[key] > 0
        assert set(network["holding_units"]) <= orgnrs and network["accountant"] in orgnrs


def test_network_phones_and_accountant_are_shared_across_venues(data):
    venues = {v["venue_key"]: v for v in data["truth"]["venue"]}
    roles_by_unit = {r["organisasjonsnummer"]: json.dumps(r) for r in data["roles"]}
    for network in data["truth"]["network"]:
        shared = network["shared_phones"]
        phone_venues = Counter(p for k in network["venues"] for p in venues[k]["phones"] if p in shared)
        assert max(phone_venues.values()) >= 2
        with_accountant = [k for k in network["venues"]
                           if any(network["accountant"] in roles_by_unit.get(o, "") for o in venues[k]["orgnrs"])]
        assert len(with_accountant) >= len(network["venues"]) // 2


def test_re_registered_units_keep_one_truth_key(data):
    units = {u["organisasjonsnummer"]: u for u in data["units"]}
    chains = [u for u in data["truth"]["unit"] if u["re_registered"]]
    assert len(chains) >= 20
    for chain in chains:
        *old, new = chain["orgnrs"]
        assert all(units[o]["slettedato"] for o in old)
        assert units[new]["registreringsdatoEnhetsregisteret"] >= units[old[0]]["registreringsdatoEnhetsregisteret"]


def test_register_has_sub_units_and_foreign_nufs(data):
    forms = Counter(u["organisasjonsform"]["kode"] for u in data["units"])
    assert forms["BEDR"] > 100 and forms["NUF"] > 10
    orgnrs = {u["organisasjonsnummer"] for u in data["units"]}
    assert all(u["overordnetEnhet"] in orgnrs for u in data["units"] if "overordnetEnhet" in u)
    abroad = [u for u in data["units"] if u.get("forretningsadresse", {}).get("landkode") == "SE"]
    assert abroad and all("kommune" not in u["forretningsadresse"] for u in abroad)
    holders = [r for g in data["roles"] for grp in g["rollegrupper"] for r in grp["roller"]]
    assert any("enhet" in r and r["type"]["kode"] == "LEDE" for r in holders)


def test_marginal_shares_of_the_landscape(data):
    venues = data["truth"]["venue"]
    massage = sum(u["naeringskode1"]["kode"] in ("96.040", "86.909") for u in data["units"])
    assert abs(massage - EXPECTED["massage_units"]) <= 0.12 * EXPECTED["massage_units"]
    share = Counter(v["type"] for v in venues)
    assert abs(share["network"] / len(venues) - EXPECTED["network_venue_share"]) < 0.05
    assert abs((share["network"] + share["independent"]) / len(venues) - EXPECTED["sex_selling_share"]) < 0.02
    rereg = {u["venue_key"] for u in data["truth"]["unit"] if u["re_registered"] and u["purpose"] == "venue"}
    assert abs(len(rereg) / len(venues) - EXPECTED["re_registered_venue_share"]) < 0.06


def network_stints(data):
    return [p["stints"] for p in data["truth"]["person"] if p["network"] and p["role"] == "worker"]


def test_rotation_every_few_weeks_between_towns(data):
    town = {v["venue_key"]: v["town"] for v in data["truth"]["venue"]}
    lengths, moves, changed = [], 0, 0
    for stints in network_stints(data):
        for _venue, start, end in stints[1:-1]:       # first and last are cut by the period
            lengths.append((date.fromisoformat(end) - date.fromisoformat(start)).days + 1)
        for a, b in zip(stints, stints[1:], strict=False):
            moves += 1
            changed += town[a[0]] != town[b[0]]
    assert STINT_DAYS[0] <= min(lengths) and max(lengths) <= STINT_DAYS[1]
    assert abs(sum(lengths) / len(lengths) - EXPECTED["mean_stint_days"]) < 2
    assert abs(changed / moves - EXPECTED["network_town_change_share"]) < 0.17


def test_name_variants_in_the_register(data):
    persons = {p["person_key"]: p for p in data["truth"]["person"]}
    by_ref = {ref: p for p in persons.values() for ref in p["records"]}
    thai, varied = 0, 0
    for record in data["roles"]:
        for g, group in enumerate(record["rollegrupper"]):
            for i, role in enumerate(group["roller"]):
                person = by_ref.get(f"roller.jsonl#{record['organisasjonsnummer']}/{g}/{i}")
                if person and person["nationality"] == "TH":
                    thai += 1
                    # The first given name as spelt (the Thai surname may follow it: "Malee Supthongkul").
                    varied += role["person"]["navn"]["fornavn"].split()[0] != person["given_name"]
    assert abs(varied / thai - EXPECTED["name_variant_rate_register"]) < 0.05


def test_share_of_ads_with_a_phone(data):
    total, with_phone = Counter(), Counter()
    for ad in data["ads"]:
        total[ad["category"]] += 1
        with_phone[ad["category"]] += bool(ad["phones"])
    for category, expected in EXPECTED["ad_phone_share"].items():
        assert abs(with_phone[category] / total[category] - expected) < 0.05, category


def test_ads_are_re_observed_with_small_edits(data):
    versions = defaultdict(set)
    observations = Counter()
    for ad in data["ads"]:
        key = (ad["source"], ad["ad_id"])
        observations[key] += 1
        versions[key].add((ad["title"], ad["text"], ad["price_text"]))
    assert sum(n > 1 for n in observations.values()) > len(observations) / 3
    assert sum(len(v) > 1 for v in versions.values()) > 100
    moments = [datetime.fromisoformat(a["observed_at"]) for a in data["ads"]]
    assert moments == sorted(moments)


def test_writers_reuse_templates_across_network_venues(data):
    writer_ads = defaultdict(set)
    for ad in data["truth"]["ad"]:
        if ad["network"] and ad["category"] == "massage":
            writer_ads[ad["writer_key"]].add(ad["venue_key"])
    assert len(writer_ads) == len(data["truth"]["network"])
    assert all(len(v) >= 5 for v in writer_ads.values())


def test_exploited_persons_satisfy_the_victim_rule_in_truth(data):
    from aksjon.synth.indicators import likely_victim

    for person in data["truth"]["person"]:
        kind = "sexual" if person["exploitation"] == "sexual" else "labour"
        if person["exploited"]:
            assert likely_victim(person["true_indicators"], kind)
        else:
            assert not likely_victim(person["true_indicators"], "labour")
            assert not likely_victim(person["true_indicators"], "sexual")
