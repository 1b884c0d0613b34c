"""Every line of every file has the documented shape; the validators are strict."""
import csv
import json

import pytest

from aksjon.core.phones import normalise, to_e164
from aksjon.synth import generate
from aksjon.synth.params import UNLISTED_PREFIXES
from aksjon.synth.phones import parse_written
from aksjon.synth.schema import AD, CONTROL, INSPECTION, ROLES, unit, validate_dir


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    directory = tmp_path_factory.mktemp("week")
    generate("week", 11, directory)
    return directory


def first(directory, name):
    return json.loads((directory / name).open(encoding="utf-8").readline())


def test_every_file_validates(out):
    errors = validate_dir(out)
    assert {name: found[:5] for name, found in errors.items() if found} == {}


def all_written_phones(directory):
    for line in (directory / "ads.jsonl").open(encoding="utf-8"):
        yield from json.loads(line)["phones"]
    for line in (directory / "controls.jsonl").open(encoding="utf-8"):
        control = json.loads(line)
        yield from control["phones"]
        yield from (p["phone"] for p in control["persons"] if p["phone"])
    with (directory / "tips.csv").open(encoding="utf-8", newline="") as file:
        yield from (row["phone"] for row in csv.DictReader(file) if row["phone"])


def test_every_phone_normalises_with_the_project_parser(out):
    phones = set(all_written_phones(out))
    assert len(phones) > 300
    for written in phones:
        e164, verified = normalise(written)
        assert e164 == parse_written(written), written
        # Unverified exactly when it lies in a series the library does not list as assigned (on purpose).
        assert verified == (not (e164.startswith("+47") and e164[3:5] in UNLISTED_PREFIXES)), written
        if verified:
            assert to_e164(written) == e164


def test_phones_are_written_in_many_ways(out):
    phones = set(all_written_phones(out))
    assert any(p.startswith("+47 ") for p in phones) and any(p.startswith("0047") for p in phones)
    assert any(p.isdigit() and len(p) == 8 for p in phones) and any(p.count("-") == 2 for p in phones)


@pytest.mark.parametrize("name,check,field,bad", [
    ("enheter.jsonl", unit, "organisasjonsnummer", "923456784"),
    ("enheter.jsonl", unit, "registreringsdatoEnhetsregisteret", "14.03.2019"),
    ("ads.jsonl", AD, "observed_at", "2024-02-20 22:14"),
    ("ads.jsonl", AD, "category", "sauna"),
    ("ads.jsonl", AD, "phones", ["ring meg"]),
    ("inspections.jsonl", INSPECTION, "findings", ["no_written_contract", "stolen_bike"]),
    ("inspections.jsonl", INSPECTION, "findings", ["none", "hygiene"]),
    ("controls.jsonl", CONTROL, "findings", ["none"]),
    ("controls.jsonl", CONTROL, "priority", 4),
    ("controls.jsonl", CONTROL, "town", "Gotham"),
])
def test_validators_reject_bad_values(out, name, check, field, bad):
    record = first(out, name)
    assert check(record, "") == []
    record[field] = bad
    assert any(error.startswith(field) for error in check(record, ""))


def test_validators_reject_missing_and_unknown_fields(out):
    record = first(out, "controls.jsonl")
    del record["reason"]
    record["colour"] = "blue"
    errors = CONTROL(record, "")
    assert "reason: missing" in errors and "colour: unknown field" in errors


def test_person_met_needs_a_status_for_every_indicator(out):
    control = next(json.loads(line) for line in (out / "controls.jsonl").open(encoding="utf-8")
                   if json.loads(line)["persons"])
    control["persons"][0]["indicators"].popitem()
    assert any("indicators" in e for e in CONTROL(control, ""))
    control["persons"][0]["vulnerabilities"] = ["unlucky"]
    assert any("vulnerabilities" in e for e in CONTROL(control, ""))


def test_role_holder_is_a_person_or_a_unit_not_both(out):
    record = first(out, "roller.jsonl")
    role = record["rollegrupper"][0]["roller"][0]
    role["enhet"] = {"organisasjonsnummer": "923456783", "navn": ["X AS"]}
    role.setdefault("person", {"fodselsdato": None, "navn": {"fornavn": "A", "mellomnavn": None, "etternavn": "B"},
                               "erDoed": False})
    assert any("exactly one of person and enhet" in e for e in ROLES(record, ""))
