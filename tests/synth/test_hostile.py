"""The hostile shapes of the register, the persons and the phones are present, and the truth
says what each is (docs/synth.md, "Hostile shapes"): counts > 0 per shape, truth consistent."""
import csv
import json
from collections import defaultdict
from datetime import date

import pytest

from aksjon.bench.scenario_records import truth_entities
from aksjon.core.phones import normalise
from aksjon.synth import generate, names
from aksjon.synth import params as P

MASSAGE = ("96.040", "86.909")


def lines(path):
    with path.open(encoding="utf-8") as file:
        return [json.loads(line) for line in file]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    generate("national", 7, out)
    truth = defaultdict(list)
    for record in lines(out / "truth.jsonl"):
        truth[record["kind"]].append(record)
    with (out / "tips.csv").open(encoding="utf-8", newline="") as file:
        tips = list(csv.DictReader(file))
    persons_truth, places_truth = truth_entities(out)
    return {"truth": truth, "units": {u["organisasjonsnummer"]: u for u in lines(out / "enheter.jsonl")},
            "roles": lines(out / "roller.jsonl"), "ads": lines(out / "ads.jsonl"), "tips": tips,
            "controls": lines(out / "controls.jsonl"), "persons_truth": persons_truth, "places": places_truth,
            "venues": {v["venue_key"]: v for v in truth["venue"]}, "out": out}


def ref(orgnr: str) -> str:
    return f"enheter.jsonl#{orgnr}"


def address_of(unit: dict) -> dict:
    return unit.get("beliggenhetsadresse") or unit["forretningsadresse"]


def role_holdings(data):
    """(reference, role code, person or enhet object) for every role."""
    for record in data["roles"]:
        for g, group in enumerate(record["rollegrupper"]):
            for i, role in enumerate(group["roller"]):
                yield (f"roller.jsonl#{record['organisasjonsnummer']}/{g}/{i}", role["type"]["kode"],
                       role.get("person") or role.get("enhet"))


# --- register and venues -------------------------------------------------------------------------

def test_every_unit_says_which_venue_it_is_or_that_it_is_none(data):
    assert len(data["truth"]["unit"]) > 0
    for unit in data["truth"]["unit"]:
        if unit["purpose"] in ("venue", "sub_unit"):
            assert unit["place"] == unit["venue_key"] and unit["place"] in data["venues"]
        else:
            assert unit["place"] is None
    placed = {o for u in data["truth"]["unit"] if u["place"] for o in u["orgnrs"]}
    assert placed == {o for v in data["venues"].values() for o in v["orgnrs"]}


def test_sole_proprietorship_salons_without_an_establishment_are_their_venue(data):
    found = 0
    for venue in data["venues"].values():
        units = [data["units"][o] for o in venue["orgnrs"]]
        if units and all(u["organisasjonsform"]["kode"] == "ENK" for u in units):
            found += 1
            assert all(data["places"][ref(u["organisasjonsnummer"])] == venue["venue_key"] for u in units)
    assert found > 50
    at_salon = [v for v in data["venues"].values() if len(v["orgnrs"]) == 1
                and data["units"][v["orgnrs"][0]]["organisasjonsform"]["kode"] == "ENK"
                and address_of(data["units"][v["orgnrs"][0]])["postnummer"] == v["postcode"]]
    assert len(at_salon) > 40


def test_a_chain_of_salons_is_one_company_and_several_venues(data):
    chains = [u for u in data["truth"]["unit"] if u["purpose"] == "chain"]
    assert chains
    assert any(len(c["operates"]) >= 4 and len({data["venues"][k]["town"] for k in c["operates"]}) == 1
               for c in chains)
    for chain in chains:
        company = chain["orgnrs"][0]
        assert chain["place"] is None and data["places"][ref(company)] == chain["unit_key"]
        establishments = [o for o, u in data["units"].items() if u.get("overordnetEnhet") == company]
        venues = {data["places"][ref(o)] for o in establishments}
        assert venues == set(chain["operates"]) and len(venues) == len(establishments) >= 2
        assert len({data["venues"][k]["address"] for k in venues}) == len(venues)
        for key in chain["operates"]:
            assert data["venues"][key]["chain_orgnrs"] == [company]


def test_re_registration_under_a_new_name_at_the_same_address_is_the_same_venue(data):
    renamed = [v for v in data["venues"].values() if len(v["names"]) > 1]
    assert len(renamed) > 10
    lo, hi = P.RE_REGISTRATION_GAP_DAYS
    checked = 0
    for unit in data["truth"]["unit"]:
        if unit["purpose"] != "venue" or not unit["re_registered"]:
            continue
        regs = [data["units"][o] for o in unit["orgnrs"]]
        for old, new in zip(regs, regs[1:], strict=False):
            assert old["slettedato"] and old["naeringskode1"] == new["naeringskode1"]
            gap = (date.fromisoformat(new["registreringsdatoEnhetsregisteret"])
                   - date.fromisoformat(old["slettedato"])).days
            assert lo - 1 <= gap <= hi + 1 or new["registreringsdatoEnhetsregisteret"] == "2024-02-15"
            assert data["places"][ref(old["organisasjonsnummer"])] == data["places"][ref(new["organisasjonsnummer"])]
            checked += old["navn"].split()[0] != new["navn"].split()[0]
    assert checked > 10           # a new name, not a respelling


def test_an_unrelated_business_at_a_salons_address_is_no_venue(data):
    neighbours = [u for u in data["truth"]["unit"] if u["purpose"] == "neighbour"]
    assert len(neighbours) > 20
    same_address = 0
    for unit in neighbours:
        assert unit["place"] is None and unit["next_to"] in data["venues"]
        venue = data["venues"][unit["next_to"]]
        regs = [data["units"][o] for o in unit["orgnrs"]]
        assert all(r["naeringskode1"]["kode"] not in MASSAGE and r["slettedato"] is None for r in regs)
        assert all(data["places"][ref(r["organisasjonsnummer"])] != venue["venue_key"] for r in regs)
        same_address += any(address_of(r)["postnummer"] == venue["postcode"] for r in regs)
    assert same_address == len(neighbours)
    assert {data["units"][u["orgnrs"][0]]["naeringskode1"]["kode"] for u in neighbours} >= {"96.021", "56.101"}


def test_hub_accountants_and_auditors_have_dozens_of_clients(data):
    clients = defaultdict(set)
    for reference, code, holder in role_holdings(data):
        if code in ("REGN", "REVI"):
            key = holder.get("organisasjonsnummer") or json.dumps(holder["navn"], sort_keys=True)
            clients[key].add(reference.split("#")[1].split("/")[0])
    assert max(len(c) for c in clients.values()) >= 30
    people_hubs = [p for p in data["truth"]["person"] if len(p["service_records"]) >= 10]
    assert len(people_hubs) >= 3
    codes = {reference: code for reference, code, _ in role_holdings(data)}
    for person in data["truth"]["person"]:
        assert set(person["service_records"]) <= set(person["records"])
        assert all(codes[r] in ("REGN", "REVI") for r in person["service_records"])
        others = set(person["records"]) - set(person["service_records"])
        assert not any(codes.get(r) in ("REGN", "REVI") for r in others)


# --- persons ---------------------------------------------------------------------------------------

def test_namesake_accountants_born_fifteen_years_apart_are_two_persons(data):
    accountants = [p for p in data["truth"]["person"] if p["role"] == "accountant" and p["service_records"]]
    by_name = defaultdict(list)
    for person in accountants:
        by_name[(person["given_name"], person["family_name"])].append(person)
    pairs = [group for group in by_name.values() if len(group) >= 2]
    assert pairs
    for group in pairs:
        births = sorted(date.fromisoformat(p["birth_date"]) for p in group)
        assert (births[-1] - births[0]).days > 10 * 365
        assert len({p["person_key"] for p in group}) == len(group)


def test_namesakes_and_near_names(data):
    thai = [p for p in data["truth"]["person"] if p["nationality"] == "TH"]
    by_name, by_family = defaultdict(list), defaultdict(list)
    for person in thai:
        by_name[(person["given_name"], person["family_name"])].append(person)
        by_family[person["family_name"]].append(person)
    exact = [g for g in by_name.values() if len(g) > 1]
    assert len(exact) > 20
    near = 0
    for group in by_family.values():
        for a in group:
            for b in group:
                born = abs((date.fromisoformat(a["birth_date"]) - date.fromisoformat(b["birth_date"])).days)
                near += a["given_name"] < b["given_name"] and a["given_name"][-3:] == b["given_name"][-3:] \
                    and 30 < born < 330
    assert near > 5


def test_birth_dates_missing_and_day_month_swapped(data):
    born = {p["person_key"]: p["birth_date"] for p in data["truth"]["person"]}
    person_of = data["persons_truth"]
    written = [(r, h.get("fodselsdato")) for r, _c, h in role_holdings(data) if "navn" in h and "fornavn" in h["navn"]]
    written += [(f"controls.jsonl#{c['control_id']}/persons/{i}", p["birth_date"])
                for c in data["controls"] for i, p in enumerate(c["persons"])]
    assert sum(b is None for r, b in written if r.startswith("roller")) > 10
    swapped = 0
    for reference, birth in written:
        true = born[person_of[reference]]
        if birth and birth != true:
            assert birth == f"{true[:4]}-{true[8:10]}-{true[5:7]}", (reference, birth, true)
            swapped += 1
    assert swapped > 5


def test_married_maiden_and_middle_names_are_mixed(data):
    truth = {p["person_key"]: p for p in data["truth"]["person"]}
    forms = defaultdict(int)
    norwegian_forms = defaultdict(set)
    for reference, _code, holder in role_holdings(data):
        if "fornavn" not in holder.get("navn", {}):
            continue
        person = truth[data["persons_truth"][reference]]
        name = holder["navn"]
        if person["married_name"]:
            if name["mellomnavn"] and name["etternavn"] == person["married_name"]:
                forms["thai middle"] += 1
            if " " in name["fornavn"]:
                forms["given joined"] += 1
            if name["etternavn"].endswith(" " + person["married_name"]):
                forms["double"] += 1
            if name["etternavn"] != person["married_name"] and not name["etternavn"].endswith(person["married_name"]):
                forms["maiden"] += 1
        if person["middle_name"]:
            norwegian_forms[person["person_key"]].add((name["fornavn"], name["mellomnavn"]))
    assert all(forms[f] > 0 for f in ("thai middle", "given joined", "double", "maiden")), forms
    assert sum(len(v) > 1 for v in norwegian_forms.values()) > 0      # "Roger Stian Larsen" and "Roger Larsen"


def test_hyphenated_spaced_and_romanised_thai_names(data):
    truth = {p["person_key"]: p for p in data["truth"]["person"]}
    split = romanised = 0
    records = [(r, h["navn"]["fornavn"], h["navn"]["etternavn"]) for r, _c, h in role_holdings(data)
               if "fornavn" in h.get("navn", {})]
    records += [(f"controls.jsonl#{c['control_id']}/persons/{i}", p["given_name"], p["family_name"])
                for c in data["controls"] for i, p in enumerate(c["persons"])]
    for reference, given, family in records:
        person = truth[data["persons_truth"][reference]]
        if person["nationality"] != "TH":
            continue
        last = family.split(" ")[-1] if person["married_name"] and family.endswith(person["married_name"]) else family
        if ("-" in last or " " in last) and not any("-" in v or " " in v for v in person["family_name_variants"]):
            split += 1
        first = given.split()[0]
        known = {v.lower() for v in person["given_name_variants"]}
        if first.lower() not in known:
            romanised += 1
    assert split > 5 and romanised > 5


def test_romanisation_rules_give_the_documented_variants():
    import random

    rng = random.Random(0)
    made = {names.romanised_variant(rng, "Surachai") for _ in range(200)}
    assert {"Soorachai", "Surajai", "Surachay"} <= made
    made = {names.romanised_variant(rng, "Duangchai") for _ in range(200)}
    assert "Duangjai" in made
    assert {names.split_surname(rng, "Rattanachum") for _ in range(200)} >= {"Rattana-chum"}


# --- phones ----------------------------------------------------------------------------------------

def test_crawls_and_tips_hold_unlisted_and_foreign_phones(data):
    def kinds(phones):
        found = set()
        for written in phones:
            e164, verified = normalise(written)
            assert e164, written
            if not verified:
                found.add("unlisted")
            found.add(e164[:3])
        return found

    in_ads = kinds(p for ad in data["ads"] for p in ad["phones"])
    in_tips = kinds(t["phone"] for t in data["tips"] if t["phone"])
    assert {"unlisted", "+46", "+45", "+66", "+47"} <= in_ads
    assert {"unlisted", "+47"} <= in_tips and in_tips & {"+46", "+45", "+66"}
