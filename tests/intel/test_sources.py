"""The source formats (shared/formats/README.md): good rows pass, each bad row names its line and field."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from aksjon import sources
from aksjon.sources import Problem

DATA = Path(__file__).parent / "data"
FILES = {"enheter": "enheter.jsonl", "roller": "roller.jsonl", "ads": "ads.jsonl", "tips": "tips.csv",
         "inspections": "inspections.jsonl"}

UNIT = {"organisasjonsnummer": "923456708", "navn": "BAAN SABAI", "organisasjonsform": {"kode": "ENK"}}
ROLES = {"organisasjonsnummer": "923456708", "rollegrupper": [
    {"type": {"kode": "INNH"}, "roller": [{"type": {"kode": "INNH"}, "person": {
        "fodselsdato": "1981-07-02", "navn": {"fornavn": "Siriporn", "etternavn": "Johansen"}}}]},
    {"type": {"kode": "STYR"}, "roller": [{"type": {"kode": "LEDE"}, "person": {
        "fodselsdato": "1979-11-30", "navn": {"fornavn": "Nattaya", "etternavn": "Olsen"}}}]}]}
AD = {"source": "massasjeguiden", "ad_id": "88231", "url": "https://example.invalid/ad/88231", "category": "massage",
      "observed_at": "2024-02-20T22:14:00+01:00", "title": "Ny thai massasje", "text": "Ring 912 34 567",
      "phones": ["912 34 567"], "city": "Trondheim", "image_hashes": ["c3a1f0e0b0d0f8e0"]}
INSPECTION = {"inspection_id": "AT-2023-0412", "agency": "Arbeidstilsynet", "date": "2023-10-05",
              "findings": ["no_written_contract"]}
TIPS_HEADER = "tip_id,received_at,channel,text,venue_name,address,city,phone"


def jsonl(tmp_path: Path, *rows) -> Path:
    path = tmp_path / "file.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def csv_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "tips.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def faults(kind: str, path: Path) -> list[tuple[int, str]]:
    return [(p.line, p.field) for checked in sources.scan(kind, path) for p in checked.problems]


def only_problem(kind: str, path: Path) -> Problem:
    problems = [p for checked in sources.scan(kind, path) for p in checked.problems]
    assert len(problems) == 1, problems
    return problems[0]


def with_(row: dict, **changes) -> dict:
    return {**row, **changes}


@pytest.mark.parametrize("kind", sources.KINDS)
def test_the_example_files_are_clean(kind):
    checked = list(sources.scan(kind, DATA / FILES[kind]))
    assert checked and all(c.record is not None and not c.problems for c in checked)


# enheter.jsonl

def test_unit_is_read_in_the_registers_field_names():
    units = {c.record.orgnr: c.record for c in sources.scan("enheter", DATA / "enheter.jsonl")}
    salon = units["923456716"]
    assert (salon.form, salon.parent_orgnr, salon.is_sub_unit) == ("BEDR", "923456708", True)
    assert salon.site.postal_town == "TRONDHEIM" and salon.site.postcode == "7011"
    owner = units["923456708"]
    assert owner.registered_on == date(2019, 3, 14) and owner.employees == 2 and not owner.is_sub_unit
    assert owner.raw["naeringskode1"]["beskrivelse"] == "Virksomhet knyttet til personlig velvære"
    abroad = units["923456724"].business_address  # a NUF's address in Sweden: no kommune, a Swedish postcode
    assert (abroad.country_code, abroad.postcode, abroad.municipality) == ("SE", "111 22", "")
    assert units["923456740"].business_address.street == "Postboks 12, Bryggen"


def test_unknown_fields_are_ignored_and_optional_ones_may_be_null(tmp_path):
    row = with_(UNIT, epost="x@example.invalid", hjemmeside=None, slettedato=None, naeringskode1=None)
    assert faults("enheter", jsonl(tmp_path, row)) == []


@pytest.mark.parametrize("change, field", [
    ({"organisasjonsnummer": "923456709"}, "organisasjonsnummer"),  # check digit
    ({"organisasjonsnummer": 923456708}, "organisasjonsnummer"),  # a number, not text
    ({"navn": None}, "navn"),
    ({"organisasjonsform": {"beskrivelse": "Enkeltpersonforetak"}}, "organisasjonsform.kode"),
    ({"organisasjonsform": "ENK"}, "organisasjonsform"),
    ({"registreringsdatoEnhetsregisteret": "14.03.2019"}, "registreringsdatoEnhetsregisteret"),
    ({"slettedato": "2024-02-30"}, "slettedato"),
    ({"antallAnsatte": "2"}, "antallAnsatte"),
    ({"konkurs": "nei"}, "konkurs"),
    ({"overordnetEnhet": "12345"}, "overordnetEnhet"),
    ({"forretningsadresse": {"adresse": ["Kongens gate 12"], "postnummer": "70A1"}}, "forretningsadresse.postnummer"),
    ({"beliggenhetsadresse": {"adresse": "Kongens gate 12"}}, "beliggenhetsadresse.adresse"),
    ({"forretningsadresse": {"landkode": "Norge"}}, "forretningsadresse.landkode"),
])
def test_a_bad_unit_names_its_field(tmp_path, change, field):
    path = jsonl(tmp_path, UNIT, UNIT | {"organisasjonsnummer": "923456716"}, with_(UNIT, **change))
    assert faults("enheter", path) == [(3, field)]


def test_every_fault_in_a_row_is_reported_at_once(tmp_path):
    row = {"organisasjonsnummer": "923456709", "antallAnsatte": -1, "organisasjonsform": {"kode": "ENK"}}
    assert faults("enheter", jsonl(tmp_path, row)) == [
        (1, "organisasjonsnummer"), (1, "navn"), (1, "antallAnsatte")]


# roller.jsonl

def test_roles_with_person_and_unit_holders():
    by_unit = {c.record.orgnr: c.record.roles for c in sources.scan("roller", DATA / "roller.jsonl")}
    manager, chair, member = by_unit["923456740"]
    assert (manager.code, manager.person.given_name, manager.person.family_name) == ("DAGL", "Nattaya Kim", "Olsen")
    assert manager.person.birth_date == date(1979, 11, 30)
    assert (chair.code, chair.person, chair.holder_orgnr, chair.holder_name) == (
        "LEDE", None, "998877660", "NORDIC WELLNESS HOLDING AS")
    assert chair.changed_on == date(2022, 1, 5) and member.resigned


@pytest.mark.parametrize("path_in_row, value, field", [
    (("rollegrupper", 1, "roller", 0, "person", "fodselsdato"), "02.07.1981",
     "rollegrupper[1].roller[0].person.fodselsdato"),
    (("rollegrupper", 1, "roller", 0, "person", "fodselsdato"), "2999-01-01",
     "rollegrupper[1].roller[0].person.fodselsdato"),
    (("rollegrupper", 0, "roller", 0, "person", "navn"), {"mellomnavn": "Kim"},
     "rollegrupper[0].roller[0].person.navn"),
    (("rollegrupper", 0, "roller", 0, "type"), None, "rollegrupper[0].roller[0].type"),
    (("rollegrupper", 0, "roller", 0, "enhet"), {"organisasjonsnummer": "998877660"}, "rollegrupper[0].roller[0]"),
    (("rollegrupper", 0, "roller", 0, "person"), None, "rollegrupper[0].roller[0]"),
    (("rollegrupper", 1, "roller"), "LEDE", "rollegrupper[1].roller"),
    (("rollegrupper", 1, "roller", 0), "LEDE", "rollegrupper[1].roller[0]"),
])
def test_a_bad_role_names_its_path(tmp_path, path_in_row, value, field):
    row = json.loads(json.dumps(ROLES))
    holder = row
    for step in path_in_row[:-1]:
        holder = holder[step]
    holder[path_in_row[-1]] = value
    assert faults("roller", jsonl(tmp_path, ROLES | {"organisasjonsnummer": "923456716"}, row)) == [(2, field)]


def test_a_unit_holder_needs_a_valid_number(tmp_path):
    row = {"organisasjonsnummer": "923456708", "rollegrupper": [{"type": {"kode": "STYR"}, "roller": [
        {"type": {"kode": "LEDE"}, "enhet": {"organisasjonsnummer": "998877661", "navn": ["X AS"]}}]}]}
    assert faults("roller", jsonl(tmp_path, row)) == [(1, "rollegrupper[0].roller[0].enhet.organisasjonsnummer")]


# ads.jsonl

def test_ad_phones_are_normalised_once_each(tmp_path):
    row = with_(AD, phones=["912 34 567", "0047 912 34 567", "912-34-567", "+47 934 56 789"])
    (checked,) = sources.scan("ads", jsonl(tmp_path, row))
    assert checked.record.numbers == {"+4791234567": True, "+4793456789": True}
    assert [p.written for p in checked.record.phones] == row["phones"]  # kept as written, each mention
    assert checked.record.observed_at == datetime(2024, 2, 20, 21, 14, tzinfo=UTC)


def test_optional_ad_fields_may_be_missing_or_null(tmp_path):
    row = with_(AD, posted_at=None, address=None, venue_name=None, price_text=None, lang=None, phones=[],
                image_hashes=[])
    assert faults("ads", jsonl(tmp_path, row)) == []


@pytest.mark.parametrize("change, field", [
    ({"phones": "912 34 567"}, "phones"),
    ({"phones": ["912 34 567", 91234567]}, "phones[1]"),
    ({"category": "sauna"}, "category"),
    ({"observed_at": "2024-02-20T22:14:00"}, "observed_at"),  # no offset
    ({"observed_at": "2024-02-20"}, "observed_at"),
    ({"posted_at": "yesterday"}, "posted_at"),
    ({"image_hashes": ["c3a1f0e0b0d0f8e"]}, "image_hashes[0]"),  # 15 digits
    ({"image_hashes": ["c3a1f0e0b0d0f8e0", "g3a1f0e0b0d0f8e0"]}, "image_hashes[1]"),
    ({"url": "example.invalid/ad/1"}, "url"),
    ({"url": None}, "url"),
    ({"ad_id": ""}, "ad_id"),
    ({"ad_id": 88231}, "ad_id"),
    ({"title": None}, "title"),
    ({"venue_name": "x" * 201}, "venue_name"),
])
def test_a_bad_ad_names_its_field(tmp_path, change, field):
    assert faults("ads", jsonl(tmp_path, with_(AD, observed_at="2024-01-01T10:00:00+01:00"),
                               with_(AD, **change))) == [(2, field)]


def test_a_missing_required_field_is_named(tmp_path):
    row = {k: v for k, v in AD.items() if k != "image_hashes"}
    problem = only_problem("ads", jsonl(tmp_path, row))
    assert (problem.line, problem.field, problem.reason) == (1, "image_hashes", "is missing")


# tips.csv

def test_tips_keep_their_first_line_when_a_text_spans_lines():
    tips = [c.record for c in sources.scan("tips", DATA / "tips.csv")]
    assert [(t.line, t.tip_id) for t in tips] == [(2, "T-2024-001"), (4, "T-2024-002")]
    assert tips[0].phone.e164 == "+4791234567" and "\n" in tips[0].text
    assert (tips[1].phone, tips[1].venue_name) == (None, "")


def test_a_wrong_header_is_a_problem_on_line_one(tmp_path):
    path = csv_file(tmp_path, "id,received_at,channel,text,venue_name,address,city,phone",
                    "T1,2024-03-02T09:15:00+01:00,public,Tekst,,,,")
    problem = only_problem("tips", path)
    assert (problem.line, problem.field) == (1, "header")
    assert TIPS_HEADER in problem.reason


@pytest.mark.parametrize("row, field", [
    ("T2,2024-03-02T09:15:00+01:00,email,Tekst,,,,", "channel"),
    ("T2,2024-03-02 09:15,public,Tekst,,,,", "received_at"),
    ("T2,2024-03-02T09:15:00+01:00,public,,,,,", "text"),
    (",2024-03-02T09:15:00+01:00,public,Tekst,,,,", "tip_id"),
    ("T2,2024-03-02T09:15:00+01:00,public,Tekst,,,", ""),  # seven columns
])
def test_a_bad_tip_names_its_line_and_field(tmp_path, row, field):
    path = csv_file(tmp_path, TIPS_HEADER, 'T1,2024-03-02T09:15:00+01:00,police,"To linjer\ntekst",,,,', row)
    assert faults("tips", path) == [(4, field)]


def test_a_line_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "tips.csv"
    path.write_bytes(f"{TIPS_HEADER}\nT1,2024-03-02T09:15:00+01:00,public,Tekst,,,,\n".encode()
                     + "T2,2024-03-02T09:15:00+01:00,public,Kvinne på lokalet,,,,\n".encode("latin-1"))
    assert faults("tips", path) == [(3, "")]


# inspections.jsonl

@pytest.mark.parametrize("change, field", [
    ({"findings": ["no_written_contract", "happy_workers"]}, "findings[1]"),
    ({"findings": ["none", "hygiene"]}, "findings"),
    ({"findings": None}, "findings"),
    ({"date": "05.10.2023"}, "date"),
    ({"organisasjonsnummer": "923456709"}, "organisasjonsnummer"),
    ({"agency": ""}, "agency"),
])
def test_a_bad_inspection_names_its_field(tmp_path, change, field):
    assert faults("inspections", jsonl(tmp_path, with_(INSPECTION, **change))) == [(1, field)]


def test_every_documented_finding_code_is_accepted(tmp_path):
    codes = ["no_written_contract", "excess_hours", "wage_below_permit_condition", "unregistered_worker",
             "no_work_permit", "living_on_premises", "sexual_services_offered", "cash_only_unrecorded",
             "blocked_exit", "hygiene"]
    rows = [with_(INSPECTION, findings=codes), with_(INSPECTION, inspection_id="X-1", findings=["none"])]
    assert faults("inspections", jsonl(tmp_path, *rows)) == []


# Reading lines

def test_lines_that_are_not_json_objects_are_named(tmp_path):
    path = jsonl(tmp_path, INSPECTION, '{"inspection_id": "X-2",', "[1, 2]", "", with_(INSPECTION, inspection_id="X-3"),
                 "NaN")
    assert faults("inspections", path) == [(2, ""), (3, ""), (6, "")]
    assert [c.line for c in sources.scan("inspections", path) if c.record] == [1, 5]  # the blank line 4 is passed


def test_a_record_named_twice_is_refused_with_the_first_line(tmp_path):
    path = jsonl(tmp_path, AD, with_(AD, observed_at="2024-02-21T22:14:00+01:00"),
                 with_(AD, observed_at="2024-02-20T21:14:00Z"))  # the first observation, written in UTC
    problem = only_problem("ads", path)
    assert (problem.line, problem.field, problem.reason) == (3, "observed_at", "repeats the record of line 1")


def test_problems_translate_through_their_template():
    problem = Problem(4, "date", "«%(value)s» is not a date (YYYY-MM-DD)", {"value": "05.10.2023"})
    assert problem.reason == "«05.10.2023» is not a date (YYYY-MM-DD)"
    assert problem.localized(lambda s: s.replace("is not a date", "er ikke en dato")).startswith("«05.10.2023» er")
    assert problem.as_dict("x.jsonl")["line"] == 4
