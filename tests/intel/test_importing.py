"""Importing a file: all or nothing, idempotent, with its origin, one audit row, for analysts only."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from aksjon.accounts.models import User
from aksjon.audit.models import AuditEntry
from aksjon.core.errors import AccessDenied
from aksjon.intel import importing
from aksjon.intel.importing import import_file
from aksjon.intel.models import ImportBatch, Inspection, Tip
from aksjon.registry.models import Ad, Address, Person, Phone, RegisteredUnit, Role, Venue
from aksjon.sources import TIPS_HEADER

DATA = Path(__file__).parent / "data"


def imported(world, kind: str, name: str, user: str = "analyst") -> ImportBatch:
    return import_file(actor=world.users[user], kind=kind, path=DATA / name)


def write_lines(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def import_audits() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(verb="finish_import"))


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(world, tmp_path):
    rows = (DATA / "ads.jsonl").read_text("utf-8").splitlines()
    bad = json.loads(rows[1]) | {"image_hashes": ["c3a1f0e0b0d0f8e0", "ikke en hash"]}
    path = write_lines(tmp_path / "ads-week11.jsonl", [rows[0], bad, rows[2]])
    ads, phones, addresses = Ad.objects.count(), Phone.objects.count(), Address.objects.count()

    batch = import_file(actor=world.users["analyst"], kind="ads", path=path)

    assert batch.status == "rejected"
    assert [(e["file"], e["line"], e["field"]) for e in batch.errors] == [("ads-week11.jsonl", 2, "image_hashes[1]")]
    assert "ikke en hash" in batch.errors[0]["reason"]
    assert (Ad.objects.count(), Phone.objects.count(), Address.objects.count()) == (ads, phones, addresses)
    assert import_audits() == []
    assert AuditEntry.objects.filter(verb="reject_import", object_id=str(batch.pk)).get().after == {
        "status": "rejected", "problems": 1}
    assert ImportBatch.objects.get(pk=batch.pk).status == "rejected"


def test_stored_problems_stop_at_a_thousand_and_say_how_many_more(world, tmp_path):
    path = write_lines(tmp_path / "tips.csv", [",".join(TIPS_HEADER)]
                       + [f"T{n},yesterday,public,Tekst,,,," for n in range(1005)])
    batch = import_file(actor=world.users["analyst"], kind="tips", path=path)
    assert len(batch.errors) == 1001
    assert batch.errors[999]["line"] == 1001
    assert batch.errors[-1]["reason"] == "… and 5 more problems"


def test_importing_the_same_file_again_adds_nothing(world):
    first = imported(world, "ads", "ads.jsonl")
    counts = Ad.objects.count(), Phone.objects.count()
    again = imported(world, "ads", "ads.jsonl")
    assert (first.added, first.unchanged) == (3, 0)
    assert (again.status, again.added, again.unchanged) == ("done", 0, 3)
    assert (Ad.objects.count(), Phone.objects.count()) == counts
    for kind, name, count in [("enheter", "enheter.jsonl", 5), ("roller", "roller.jsonl", 4),
                              ("tips", "tips.csv", 2), ("inspections", "inspections.jsonl", 2)]:
        assert imported(world, kind, name).added == count
        repeated = imported(world, kind, name)
        assert (repeated.added, repeated.unchanged) == (0, count)


def test_every_record_says_where_it_came_from_and_is_unverified(world):
    analyst = world.users["analyst"]
    imported(world, "ads", "ads.jsonl")
    second = Ad.objects.get(ad_id="88231", observed_at__month=3)
    assert (second.source, second.source_file, second.source_line, second.verified, second.created_by) == (
        "ads", "ads.jsonl", 2, False, analyst)
    assert sorted(second.phones.values_list("e164", flat=True)) == ["+46701234567", "+4791234567", "+4793456789"]
    new_phone = Phone.objects.get(e164="+46701234567")  # the world knows the Norwegian numbers already
    assert (new_phone.source, new_phone.source_line, new_phone.verified) == ("ads", 2, False)
    assert Phone.objects.get(e164="+4791234567").source == "manual"
    assert Ad.objects.get(ad_id="r-17").image_hashes == ["c3a1f0e0b0d0f8e1"]


def test_sub_units_get_their_parent_and_a_venue_in_their_town(world):
    batch = imported(world, "enheter", "enheter.jsonl")
    units = {u.orgnr: u for u in RegisteredUnit.objects.select_related("parent")}
    salon = units["923456716"]
    assert salon.parent == units["923456708"]
    assert units["923456732"].parent == units["923456740"]  # the parent comes later in the file
    venue = Venue.objects.get(unit=salon)
    assert (venue.town.name, venue.district.name, venue.source, venue.source_line) == (
        "Trondheim", "Trøndelag", "enheter", 2)
    assert str(venue.address) == "Kongens gate 12, 7011 TRONDHEIM"
    assert Venue.objects.get(unit=units["923456732"]).district.name == "Vest"
    assert not Venue.objects.filter(unit__orgnr__in=["923456708", "923456724", "923456740"]).exists()
    assert units["923456724"].business_address.country_code == "SE"
    assert units["923456708"].raw["stiftelsesdato"] == "2019-03-01"
    assert (batch.added, units["923456740"].source_line) == (5, 6)


def test_a_parent_imported_later_is_linked_to_its_sub_unit(world, tmp_path):
    rows = [json.loads(line) for line in (DATA / "enheter.jsonl").read_text("utf-8").splitlines() if line]
    import_file(actor=world.users["analyst"], kind="enheter", path=write_lines(tmp_path / "a.jsonl", [rows[1]]))
    assert RegisteredUnit.objects.get(orgnr="923456716").parent is None
    import_file(actor=world.users["analyst"], kind="enheter", path=write_lines(tmp_path / "b.jsonl", [rows[0]]))
    assert RegisteredUnit.objects.get(orgnr="923456716").parent.orgnr == "923456708"


def test_a_unit_typed_in_with_a_venue_is_filled_in_from_the_register(world, tmp_path):
    stub = RegisteredUnit.objects.get(orgnr="923456783")  # the world's Oslo venue was created with this number
    row = {"organisasjonsnummer": "923456783", "navn": "BAAN SABAI AS", "organisasjonsform": {"kode": "BEDR"},
           "beliggenhetsadresse": {"adresse": ["Storgata 1"], "postnummer": "0155", "poststed": "OSLO"}}
    batch = import_file(actor=world.users["analyst"], kind="enheter", path=write_lines(tmp_path / "e.jsonl", [row]))
    unit = RegisteredUnit.objects.get(pk=stub.pk)
    assert (batch.added, unit.form, unit.name, unit.raw["navn"]) == (1, "BEDR", "BAAN SABAI AS", "BAAN SABAI AS")
    assert list(unit.venues.all()) == [world.venue["oslo"]]  # no second venue for the same salon


def test_roles_with_person_and_unit_holders(world):
    imported(world, "enheter", "enheter.jsonl")
    batch = imported(world, "roller", "roller.jsonl")
    roles = {r.code: r for r in Role.objects.filter(unit__orgnr="923456740").select_related("person")}
    assert (roles["DAGL"].person.given_name, roles["DAGL"].person.family_name) == ("Nattaya Kim", "Olsen")
    assert str(roles["DAGL"].person.birth_date) == "1979-11-30"
    assert (roles["LEDE"].person, roles["LEDE"].holder_orgnr, roles["LEDE"].holder_name) == (
        None, "998877660", "NORDIC WELLNESS HOLDING AS")
    assert roles["MEDL"].resigned and str(roles["LEDE"].changed_on) == "2022-01-05"
    owner = Role.objects.get(unit__orgnr="923456708", code="INNH").person
    assert owner == roles["MEDL"].person  # one register person for the same name and birth date
    assert (owner.purpose, owner.source, owner.verified, owner.retain_until is not None) == (
        "register", "roller", False, True)
    assert Person.objects.filter(purpose="register").count() == 2
    assert world.person["oslo"].given_name == "Siriporn"  # a victim-protection record is never reused
    assert not Role.objects.filter(person=world.person["oslo"]).exists()
    assert (batch.added, batch.unchanged) == (4, 0)


def test_roles_of_a_unit_not_in_the_register_are_refused(world, tmp_path):
    imported(world, "enheter", "enheter.jsonl")
    rows = (DATA / "roller.jsonl").read_text("utf-8").splitlines()
    unknown = json.loads(rows[0]) | {"organisasjonsnummer": "923456759"}
    batch = import_file(actor=world.users["analyst"], kind="roller",
                        path=write_lines(tmp_path / "roller.jsonl", [rows[0], rows[1], unknown]))
    assert [(e["line"], e["field"]) for e in batch.errors] == [(3, "organisasjonsnummer")]
    assert not Role.objects.exists()


def test_tips_and_inspections(world):
    imported(world, "tips", "tips.csv")
    imported(world, "inspections", "inspections.jsonl")
    tip = Tip.objects.get(tip_id="T-2024-001")
    assert (tip.phone.e164, tip.source_line, tip.channel) == ("+4791234567", 2, "public")
    assert Tip.objects.get(tip_id="T-2024-002").phone is None
    inspection = Inspection.objects.get(inspection_id="AT-2023-0412")
    assert (inspection.findings, inspection.orgnr, inspection.source) == (
        ["no_written_contract", "excess_hours"], "923456708", "inspections")


def test_one_audit_row_per_batch(world):
    first = imported(world, "inspections", "inspections.jsonl")
    imported(world, "inspections", "inspections.jsonl")
    audits = import_audits()
    assert len(audits) == 2
    newest = AuditEntry.objects.filter(verb="finish_import", object_id=str(first.pk)).get()
    assert newest.after == {"kind": "inspections", "file": "inspections.jsonl", "sha256": first.sha256,
                            "added": 2, "unchanged": 0}
    assert newest.user == world.users["analyst"] and newest.object_type == "intel.importbatch"


@pytest.mark.parametrize("role", ["field_officer", "coordinator", "district_lead", "auditor", "partner_liaison"])
def test_only_an_analyst_may_import(world, role):
    with pytest.raises(AccessDenied):
        imported(world, "tips", "tips.csv", user=role)
    assert not ImportBatch.objects.exists() and not Tip.objects.exists()


def test_a_failure_while_writing_rolls_back_and_marks_the_batch(world, monkeypatch):
    def broken(writer, records):
        importing._write_each(writer, records, Tip, "tip_id", importing._create_tip)
        raise RuntimeError("disk full")
    monkeypatch.setitem(importing.WRITERS, "tips", broken)
    with pytest.raises(RuntimeError):
        imported(world, "tips", "tips.csv")
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and "disk full" in batch.errors[0]["reason"]
    assert not Tip.objects.exists() and import_audits() == []
    assert [e.verb for e in AuditEntry.objects.filter(object_id=str(batch.pk), object_type="intel.importbatch")
            .order_by("id")] == ["start_import", "fail_import"]


def test_the_command_imports_as_the_system_user_when_it_exists(world, capsys):
    with pytest.raises(CommandError, match="no user named 'system-import'; name an existing user with --user"):
        call_command("import", "inspections", str(DATA / "inspections.jsonl"))
    assert not User.objects.filter(username="system-import").exists()  # never made on the spot
    system = User.objects.create_user("system-import", role="analyst")
    call_command("import", "inspections", str(DATA / "inspections.jsonl"))
    assert capsys.readouterr().out.strip() == "added: 2, unchanged: 0"
    assert Inspection.objects.filter(created_by=system).count() == 2


def test_the_command_prints_every_problem_and_exits_1(world, tmp_path, capsys):
    rows = [json.loads(line) for line in (DATA / "inspections.jsonl").read_text("utf-8").splitlines()]
    rows[1] |= {"date": "01.06.2022", "findings": ["none", "guesswork"]}
    path = write_lines(tmp_path / "inspections.jsonl", rows)
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "inspections", str(path), "--user", "analyst")
    assert exit_.value.code == 1
    problems = [line for line in capsys.readouterr().err.splitlines() if line.startswith(str(path))]
    assert len(problems) == 2
    assert problems[0].startswith(f"{path}:2: findings[1]: «guesswork» is not one of ")
    assert problems[0].endswith(", hygiene, none")
    assert problems[1] == f"{path}:2: date: «01.06.2022» is not a date (YYYY-MM-DD)"
    assert not Inspection.objects.exists()


def test_the_command_refuses_a_user_who_may_not_import(world, tmp_path):
    shutil.copy(DATA / "tips.csv", tmp_path / "tips.csv")
    with pytest.raises(CommandError, match="Your role may not do this"):
        call_command("import", "tips", str(tmp_path / "tips.csv"), "--user", "officer.oslo")


@pytest.mark.parametrize(("postal_town", "municipality", "number", "town"), [
    ("STJØRDAL", "STJØRDAL", "5035", "Stjørdalshalsen"),  # the municipality's name, not the town's
    ("STORD", "STORD", "4614", "Leirvik"),
    ("SAGVÅG", "", "4614", "Leirvik"),  # a postal town of its own: the municipality's number finds it
])
def test_a_salon_whose_postal_town_is_not_its_towns_name_still_gets_its_venue(world, tmp_path, postal_town,
                                                                            municipality, number, town):
    row = json.loads((DATA / "enheter.jsonl").read_text("utf-8").splitlines()[1])
    row.pop("overordnetEnhet")
    row["beliggenhetsadresse"] |= {"poststed": postal_town, "kommune": municipality, "kommunenummer": number}
    import_file(actor=world.users["analyst"], kind="enheter", path=write_lines(tmp_path / "e.jsonl", [row]))
    assert Venue.objects.get(unit__orgnr=row["organisasjonsnummer"]).town.name == town
