"""Imports that keep what they can and say why (docs/formats.md).

Whatever a file holds, reading it gives clean records or problems that each name a
line and a field, never an exception; importing it writes all of it or nothing. A
doubtful phone number is a warning, never a reason to reject a file.
"""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aksjon import sources
from aksjon.core.errors import InvalidInput
from aksjon.core.orgnr import is_valid_orgnr
from aksjon.intel import uploads
from aksjon.intel.importing import import_file
from aksjon.intel.models import ImportBatch, Inspection, Tip
from aksjon.registry.models import Ad, Address, Person, Phone, RegisteredUnit, Role, Venue
from aksjon.sources import readers
from tests.intel.test_sources import AD, INSPECTION, ROLES, TIPS_HEADER, UNIT, with_

KINDS = sources.KINDS
VALID = {"enheter": UNIT, "roller": ROLES, "ads": AD, "inspections": INSPECTION}
TIP = ["T1", "2024-03-02T09:15:00+01:00", "public", "Tekst", "", "", "", "912 34 567"]
TABLES = (Ad, Ad.phones.through, Phone, Address, RegisteredUnit, Role, Person, Venue, Tip, Inspection)
names = itertools.count()


def scanned(kind: str, path: Path) -> list[sources.Checked]:
    return list(sources.scan(kind, path))


def assert_reported(checked: list[sources.Checked]) -> None:
    """Clean, or every problem and warning placed: a line and a field path, with a reason that formats."""
    assert checked, "a file always yields a record or a problem"
    for row in checked:
        assert (row.record is None) == bool(row.problems)
        for problem in row.problems + row.warnings:
            assert isinstance(problem.line, int) and problem.line >= 1
            assert isinstance(problem.field, str)
            json.dumps(problem.as_dict("f"), ensure_ascii=False).encode("utf-8")  # storable as it is


def write(tmp_path: Path, data: bytes, suffix: str = ".jsonl") -> Path:
    path = tmp_path / f"f{next(names)}{suffix}"
    path.write_bytes(data)
    return path


def jsonl_bytes(rows) -> bytes:
    return b"".join(json.dumps(row, ensure_ascii=bool(next(names) % 2)).encode("utf-8", "surrogatepass") + b"\n"
                    for row in rows)


def csv_bytes(rows: list[list[str]]) -> bytes:
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n\r') else value
    lines = [TIPS_HEADER] + [",".join(cell(v) for v in row) for row in rows]
    return "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**40, max_value=10**40) | st.floats()
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)
odd_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40) | st.sampled_from(
    ["\x00", "\ud800", "a\udfffb", "1e400", "0047", "+47 59 12 34 56", "ring meg", "x" * 300])


ORGNRS = [n for n in (f"92345{i:03d}{c}" for i in range(1000) for c in range(10)) if is_valid_orgnr(n)]
KEYS = {"enheter": ("organisasjonsnummer", lambda n: ORGNRS[n % len(ORGNRS)]),
        "ads": ("ad_id", lambda n: f"A{n}"), "inspections": ("inspection_id", lambda n: f"X-{n}")}


def mutated(row: dict, key: str, value) -> dict:
    return with_(row, **{key: value})


def with_new_key(kind: str, row: dict) -> dict:
    """A row of its own, so that most mutated files are not refused merely for naming one record twice."""
    if kind not in KEYS:
        return row
    name, make = KEYS[kind]
    return with_(row, **{name: make(next(names))})


def mutations(kind: str):
    row = st.builds(with_new_key, st.just(kind), st.just(VALID[kind]))
    fields = sorted(VALID[kind]) + ["extra"] * len(VALID[kind])  # an unknown field is ignored: often a clean row
    return st.builds(mutated, row, st.sampled_from(fields), json_values | odd_text)


fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# Reading: never an exception

@fast
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=300))
def test_random_bytes_are_read_or_reported(tmp_path, kind, data):
    assert_reported(scanned(kind, write(tmp_path, data)))


@fast
@given(kind=st.sampled_from([k for k in KINDS if k != "tips"]), rows=st.lists(json_values, min_size=1, max_size=4))
def test_random_json_lines_are_read_or_reported(tmp_path, kind, rows):
    assert_reported(scanned(kind, write(tmp_path, jsonl_bytes(rows))))


@fast
@given(kind=st.sampled_from([k for k in KINDS if k != "tips"]), data=st.data())
def test_mutated_rows_are_read_or_reported(tmp_path, kind, data):
    rows = data.draw(st.lists(mutations(kind), min_size=1, max_size=3))
    assert_reported(scanned(kind, write(tmp_path, jsonl_bytes([VALID[kind], *rows]))))


@fast
@given(rows=st.lists(st.lists(odd_text, min_size=0, max_size=10), min_size=0, max_size=4))
def test_random_csv_rows_are_read_or_reported(tmp_path, rows):
    assert_reported(scanned("tips", write(tmp_path, csv_bytes(rows), ".csv")))


@fast
@given(column=st.integers(0, 7), value=odd_text)
def test_mutated_tips_are_read_or_reported(tmp_path, column, value):
    row = TIP.copy()
    row[column] = value
    assert_reported(scanned("tips", write(tmp_path, csv_bytes([row]), ".csv")))


# Importing: all or nothing

def counts() -> list[int]:
    return [model.objects.count() for model in TABLES]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from([k for k in KINDS if k != "tips"]), data=st.data())
def test_an_import_writes_everything_or_nothing(world, tmp_path, kind, data):
    rows = data.draw(st.lists(mutations(kind), min_size=1, max_size=3))
    before = counts()
    batch = import_file(actor=world.users["analyst"], kind=kind, path=write(tmp_path, jsonl_bytes(rows)))
    after = counts()
    assert batch.status in ("done", "rejected"), batch.errors
    if batch.status == "rejected":
        assert after == before and batch.errors
        assert all(e["line"] >= 1 and isinstance(e["field"], str) for e in batch.errors if e["reason"][0] != "…")
    else:
        assert sum(after) - sum(before) >= batch.added and batch.added + batch.unchanged >= 1


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.integers(0, 7), value=odd_text)
def test_a_tips_import_writes_everything_or_nothing(world, tmp_path, column, value):
    row = TIP.copy()
    row[0], row[column] = f"T{next(names)}", value
    before = counts()
    batch = import_file(actor=world.users["analyst"], kind="tips",
                        path=write(tmp_path, csv_bytes([row]), ".csv"))
    assert batch.status in ("done", "rejected"), batch.errors
    assert (counts() == before) == (batch.status == "rejected" or batch.added == 0)


# Phones: a doubtful number is a warning, never a rejection

def test_a_number_in_an_unassigned_norwegian_range_imports_flagged_with_a_warning(world, tmp_path):
    path = tmp_path / "ads.jsonl"
    path.write_bytes(jsonl_bytes([with_(AD, phones=["591 23 456", "912 34 567"])]))
    batch = import_file(actor=world.users["analyst"], kind="ads", path=path)
    assert batch.status == "done" and batch.added == 1
    assert [(w["file"], w["line"], w["field"], w["severity"]) for w in batch.warnings] == [
        ("ads.jsonl", 1, "phones[0]", "warning")]
    assert ImportBatch.objects.get(pk=batch.pk).warnings == batch.warnings
    ad = Ad.objects.get(ad_id=AD["ad_id"])
    assert {(p.e164, p.in_assigned_range, p.verified) for p in ad.phones.all()} == {
        ("+4759123456", False, False), ("+4791234567", True, False)}
    assert ad.phones_written == "591 23 456\n912 34 567"


def test_a_phone_that_is_no_number_is_kept_as_written_and_warned_about(world, tmp_path):
    path = tmp_path / "ads.jsonl"
    path.write_bytes(jsonl_bytes([with_(AD, phones=["ring meg", "12"])]))
    phones = Phone.objects.count()
    batch = import_file(actor=world.users["analyst"], kind="ads", path=path)
    assert batch.status == "done"
    assert [(w["line"], w["field"]) for w in batch.warnings] == [(1, "phones[0]"), (1, "phones[1]")]
    assert "ring meg" in batch.warnings[0]["reason"]
    ad = Ad.objects.get(ad_id=AD["ad_id"])
    assert list(ad.phones.all()) == [] and Phone.objects.count() == phones  # no Phone with a made-up number
    assert Ad.objects.filter(phones_written__icontains="ring meg").get() == ad


def test_a_tip_keeps_a_doubtful_phone_as_written(world, tmp_path):
    rows = [["T1", "2024-03-02T09:15:00+01:00", "public", "Tekst", "", "", "", "+47 59 12 34 56"],
            ["T2", "2024-03-02T09:15:00+01:00", "public", "Tekst", "", "", "", "ukjent"]]
    batch = import_file(actor=world.users["analyst"], kind="tips", path=write(tmp_path, csv_bytes(rows), ".csv"))
    assert batch.status == "done" and [(w["line"], w["field"]) for w in batch.warnings] == [(2, "phone"), (3, "phone")]
    first, second = Tip.objects.get(tip_id="T1"), Tip.objects.get(tip_id="T2")
    assert (first.phone.e164, first.phone.in_assigned_range, first.phone_written) == (
        "+4759123456", False, "+47 59 12 34 56")
    assert (second.phone, second.phone_written) == (None, "ukjent")


def test_warnings_of_a_rejected_file_are_kept_too(world, tmp_path):
    path = write(tmp_path, jsonl_bytes([with_(AD, phones=["ring meg"], category="sauna")]))
    batch = import_file(actor=world.users["analyst"], kind="ads", path=path)
    assert batch.status == "rejected"
    assert [e["field"] for e in batch.errors] == ["category"] and [w["field"] for w in batch.warnings] == ["phones[0]"]


# Each named kind of damage: a problem with its line and field

def only_fault(kind: str, path: Path) -> tuple[int, str, str]:
    problems = [p for row in sources.scan(kind, path) for p in row.problems]
    assert len(problems) == 1, problems
    return problems[0].line, problems[0].field, problems[0].reason


def raw_line(tmp_path: Path, text: str) -> Path:
    return write(tmp_path, (json.dumps(UNIT) + "\n" + text + "\n").encode("utf-8"))


@pytest.mark.parametrize("text, field, reason", [
    ('{"organisasjonsnummer": "923456716", "navn": "X", "organisasjonsform": {"kode": "ENK"}, '
     '"antallAnsatte": 1000000000000000000000000000000}', "antallAnsatte", "is a number larger than"),
    ('{"organisasjonsnummer": "923456716", "navn": "X", "organisasjonsform": {"kode": "ENK"}, '
     '"antallAnsatte": 3000000000}', "antallAnsatte", "is larger than"),
    ('{"organisasjonsnummer": "923456716", "navn": "\\ud800", "organisasjonsform": {"kode": "ENK"}}',
     "navn", "lone surrogate"),
    ('{"organisasjonsnummer": "923456716", "navn": "X", "organisasjonsform": {"kode": "EN\\udfffK"}}',
     "organisasjonsform.kode", "lone surrogate"),
    ('{"organisasjonsnummer": "923456716", "navn": "A\\u0000B", "organisasjonsform": {"kode": "ENK"}}',
     "navn", "NUL"),
    ('{"organisasjonsnummer": "923456716", "navn": "A\x00B", "organisasjonsform": {"kode": "ENK"}}',
     "", "is not JSON"),
    ('{"organisasjonsnummer": "923456716", "na\\u0000vn": "X"}', "na\\x00vn", "field name"),
    ("[" * 100_000 + "]" * 100_000, "", "nested deeper than"),
    ('{"organisasjonsnummer": "923456716", "x": ' + "[" * 40 + "]" * 40 + "}", "x" + "[0]" * 31, "nested deeper"),
    ('{"antallAnsatte": 1e400}', "antallAnsatte", "is a number larger than"),
    ('"just text"', "", "is not a JSON object"),
])
def test_damage_in_a_json_line_is_named(tmp_path, text, field, reason):
    line, named, why = only_fault("enheter", raw_line(tmp_path, text))
    assert (line, named) == (2, field) and reason in why


def test_a_timestamp_without_a_utc_time_is_a_problem(tmp_path):
    path = write(tmp_path, jsonl_bytes([with_(AD, observed_at="0001-01-01T00:00:00+01:00")]))
    assert only_fault("ads", path)[:2] == (1, "observed_at")


def test_bad_utf8_and_a_line_over_the_limit_are_named(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_LINE_BYTES", 200)
    path = write(tmp_path, b'{"a": "\xff"}\n' + b'{"a": "' + b"x" * 1000 + b'"}\n' + json.dumps(UNIT).encode())
    faults = [(p.line, p.field, p.reason) for row in sources.scan("enheter", path) for p in row.problems]
    assert faults == [(1, "", "is not UTF-8 text"), (2, "", "is longer than 200 bytes")]


@pytest.mark.parametrize("kind, data", [("enheter", b""), ("ads", b"\n\n"), ("tips", (TIPS_HEADER + "\n").encode())])
def test_an_empty_file_is_a_problem(tmp_path, kind, data):
    assert only_fault(kind, write(tmp_path, data)) == (1, "", "the file has no records")


def test_an_empty_file_is_rejected_not_imported(world, tmp_path):
    batch = import_file(actor=world.users["analyst"], kind="ads", path=write(tmp_path, b""))
    assert batch.status == "rejected" and [(e["line"], e["field"]) for e in batch.errors] == [(1, "")]


def test_a_200_kb_csv_field_is_a_problem_on_its_field(tmp_path):
    row = ["T1", "2024-03-02T09:15:00+01:00", "public", "x" * 200_000, "", "", "", ""]
    line, field, reason = only_fault("tips", write(tmp_path, csv_bytes([row]), ".csv"))
    assert (line, field) == (2, "text") and "longer than 100000 characters" in reason


def test_a_csv_field_over_the_csv_limit_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_CSV_FIELD", 1000)
    rows = [TIP, ["T2", "2024-03-02T09:15:00+01:00", "public", "x" * 5000, "", "", "", ""]]
    line, field, reason = only_fault("tips", write(tmp_path, csv_bytes(rows), ".csv"))
    assert (line, field) == (3, "") and "is not CSV" in reason


def test_a_nul_byte_in_a_csv_field_is_named(tmp_path):
    row = ["T1", "2024-03-02T09:15:00+01:00", "public", "Tek\x00st", "", "", "", ""]
    assert only_fault("tips", write(tmp_path, csv_bytes([row]), ".csv")) == (2, "text", "contains a NUL character")


# Uploads: a size limit, and a rejected upload is not kept

def stored_files() -> set[Path]:
    return set(uploads.uploads_dir().glob("*"))


def test_an_upload_over_the_limit_is_refused_on_its_field_and_leaves_nothing(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    before = stored_files()
    with pytest.raises(InvalidInput) as refused:
        uploads.store(SimpleUploadedFile("ads.jsonl", b"x" * 1001), "ads.jsonl")
    assert refused.value.field == "file" and stored_files() == before


def test_an_upload_that_grows_past_the_limit_as_it_streams_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("ads.jsonl", b"x" * 3000)
    upload.size = 10  # what the client said
    before = stored_files()
    with pytest.raises(InvalidInput):
        uploads.store(upload, "ads.jsonl")
    assert stored_files() == before


def test_a_rejected_upload_is_deleted_but_a_file_given_to_the_command_is_not(world, tmp_path):
    stored, _ = uploads.store(SimpleUploadedFile("ads.jsonl", b"not json\n"), "ads.jsonl")
    batch = import_file(actor=world.users["analyst"], kind="ads", path=stored)
    assert batch.status == "rejected" and not stored.exists()
    own = write(tmp_path, b"not json\n")
    assert import_file(actor=world.users["analyst"], kind="ads", path=own).status == "rejected" and own.exists()
