"""The action week of March 2024 looks like the reported one (reference.md 5.7)."""
import json
from datetime import date, datetime

import pytest

from aksjon.synth import generate
from aksjon.synth.indicators import POSITIVE, likely_victim_any
from aksjon.synth.params import EXPECTED
from aksjon.synth.places import MUNICIPALITIES

SEEDS = (11, 12, 13)


def lines(path):
    with path.open(encoding="utf-8") as file:
        return [json.loads(line) for line in file]


@pytest.fixture(scope="module")
def weeks(tmp_path_factory):
    made = []
    for seed in SEEDS:
        out = tmp_path_factory.mktemp(f"week{seed}")
        generate("week", seed, out)
        truth = lines(out / "truth.jsonl")
        made.append({"controls": lines(out / "controls.jsonl"),
                     "persons": {t["person_key"]: t for t in truth if t["kind"] == "person"},
                     "venues": {t["venue_key"]: t for t in truth if t["kind"] == "venue"}})
    return made


def test_scope_of_the_week(weeks):
    for week in weeks:
        controls = week["controls"]
        assert len({c["district"] for c in controls}) == 9
        assert len({c["venue_key"] for c in controls}) >= 50 and len(controls) <= 60
        assert len({c["town"] for c in controls}) >= 15
        assert 60 <= sum(len(c["persons"]) for c in controls) <= 75


def test_findings_match_the_reported_outcome(weeks):
    for week in weeks:
        controls = week["controls"]
        assert sum("sexual_services_offered" in c["findings"] for c in controls) >= 3
        labour = sum(any(f in c["findings"] for f in ("no_written_contract", "excess_hours")) for c in controls)
        assert labour >= 5
        assert sum(bool(p["vulnerabilities"]) for c in controls for p in c["persons"]) >= 10


def test_victims_exist_in_truth_but_no_record_reaches_the_victim_rule(weeks):
    for week in weeks:
        met = [p for c in week["controls"] for p in c["persons"]]
        assert any(week["persons"][p["person_key"]]["exploited"] for p in met)
        for person in met:
            recorded = [code for code, status in person["indicators"].items() if status in POSITIVE]
            assert not likely_victim_any(recorded)
        statuses = [s for p in met for s in p["indicators"].values()]
        assert statuses.count("not_asked") > statuses.count("not_present") > statuses.count("observed") > 0


def test_recorded_indicators_come_from_the_true_situation(weeks):
    for week in weeks:
        for control in week["controls"]:
            for person in control["persons"]:
                truth = set(week["persons"][person["person_key"]]["true_indicators"])
                positive = {code for code, status in person["indicators"].items() if status in POSITIVE}
                assert positive <= truth


def test_controls_point_at_real_venues_in_the_week(weeks):
    for week in weeks:
        ids = [c["control_id"] for c in week["controls"]]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        for control in week["controls"]:
            venue = week["venues"][control["venue_key"]]
            assert (venue["town"], venue["district"]) == (control["town"], control["district"])
            low, high = MUNICIPALITIES[control["town"]][2:4]
            assert low <= int(control["postcode"]) <= high
            assert date(2024, 3, 11) <= datetime.fromisoformat(control["started_at"]).date() <= date(2024, 3, 17)
            assert control["started_at"].endswith("+01:00")


def test_names_and_birth_dates_are_realistically_incomplete(weeks):
    met = [(p, week["persons"][p["person_key"]]) for week in weeks for c in week["controls"] for p in c["persons"]]
    missing = sum(p["birth_date"] is None for p, _ in met) / len(met)
    assert abs(missing - EXPECTED["birth_date_missing_control"]) < 0.08
    thai = [(p, t) for p, t in met if t["nationality"] == "TH"]
    # The first given name as spelt (a record may add a middle or Thai name after it, or write capitals).
    varied = sum(p["given_name"].split()[0].lower() != t["given_name"].lower() for p, t in thai) / len(thai)
    assert abs(varied - EXPECTED["name_variant_rate_control"]) < 0.1
    assert any(t["married_name"] and p["family_name"] == t["married_name"] for p, t in met)
