"""`aksjon export persons`: one row per role holding and per person met, two parts through the one
export path (docs/exports.md)."""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from aksjon.audit.models import AuditEntry
from aksjon.core.errors import AccessDenied
from aksjon.core.refs import ref_text
from aksjon.exports.actions import export_records
from aksjon.exports.models import Export
from aksjon.exports.registry import Column, ExportKind, Part, register
from aksjon.intel.linking import run_linkage
from aksjon.intel.models import ClusterMember
from aksjon.linkage.synthetic_persons import generate_persons
from aksjon.registry.models import Person, RegisteredUnit, Role
from tests.exports.test_exports import export_rows

HEADERS = ["orgnr", "role", "name", "birth_date", "cluster_id"]


@pytest.fixture
def holders(world):
    """A general manager of the Oslo venue's unit, born 1980-05-04, and an accountant of a unit
    that is no venue anywhere (no district reaches it); a role held by a unit has no person."""
    oslo_unit = world.venue["oslo"].unit
    elsewhere = RegisteredUnit.objects.create(orgnr="912345670", name="Regnskap AS", form="AS")
    manager = Person.objects.create(given_name="Somchai", family_name="Rattana-chum", birth_date=date(1980, 5, 4),
                                    purpose="register", source="roller")
    accountant = Person.objects.create(given_name="Kari", family_name="Hansen", purpose="register", source="roller")
    roles = {"manager": Role.objects.create(unit=oslo_unit, code="DAGL", person=manager, source="roller"),
             "accountant": Role.objects.create(unit=elsewhere, code="REGN", person=accountant, source="roller"),
             "unit_held": Role.objects.create(unit=oslo_unit, code="REVI", holder_orgnr="912345670",
                                              holder_name="Regnskap AS", source="roller")}
    return world, roles


def test_one_row_per_role_holding_and_per_person_met(holders):
    world, roles = holders
    rows = export_rows(world.users["coordinator"], "persons")  # CSV read back (checks the headers too)
    manager, accountant = roles["manager"].person, roles["accountant"].person
    assert rows[:2] == [
        {"orgnr": "923456783", "role": "DAGL", "name": "Somchai Rattana-chum", "birth_date": "1980-05-04",
         "cluster_id": ref_text("person", manager.pk)},
        {"orgnr": "912345670", "role": "REGN", "name": "Kari Hansen", "birth_date": "",
         "cluster_id": ref_text("person", accountant.pk)}]  # role holdings first, in the register's order
    met = rows[2:]
    assert sorted((r["orgnr"], r["role"], r["name"]) for r in met) == [
        ("", "MET", "Nattaya Johansen"), ("923456783", "MET", "Siriporn Johansen")]  # Siam Spa has no unit
    assert {r["cluster_id"] for r in met} == {ref_text("person", p.pk) for p in world.person.values()}


def test_a_district_user_sees_their_district_only(holders):
    world, _roles = holders
    rows = export_rows(world.users["district_lead"], "persons")
    # Oslo's person met, and the role in the Oslo venue's unit; not Vest's person, not the unit no venue reaches.
    assert sorted((r["role"], r["name"]) for r in rows) == [("DAGL", "Somchai Rattana-chum"),
                                                            ("MET", "Siriporn Johansen")]
    vest = export_rows(world.users["vest_lead"], "persons")
    assert [(r["role"], r["name"]) for r in vest] == [("MET", "Nattaya Johansen")]


@pytest.mark.parametrize("role", ["field_officer", "partner_liaison", "auditor"])
def test_a_role_that_may_not_see_every_part_is_refused(holders, role):
    world, _roles = holders
    with pytest.raises(AccessDenied):
        export_records(actor=world.users[role], kind="persons", fmt="csv")
    assert not Export.objects.filter(kind="persons").exists()


def test_the_orgnr_filter_applies_to_both_parts(holders):
    world, _roles = holders
    rows = export_rows(world.users["coordinator"], "persons", orgnr="923456783")
    assert sorted((r["role"], r["name"]) for r in rows) == [("DAGL", "Somchai Rattana-chum"),
                                                            ("MET", "Siriporn Johansen")]


def test_xlsx_has_a_real_date_and_text(holders):
    world, _roles = holders
    result = export_records(actor=world.users["coordinator"], kind="persons", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(result.chunks()))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][:4] == ("923456783", "DAGL", "Somchai Rattana-chum", datetime(1980, 5, 4))
    assert sheet.cell(row=2, column=4).is_date and sheet.cell(row=2, column=1).data_type == "s"
    assert len(rows) - 1 == result.rows == 4


def test_one_audit_row_counting_both_parts(holders):
    world, _roles = holders
    before = AuditEntry.objects.filter(verb="export_records").count()
    result = export_records(actor=world.users["coordinator"], kind="persons", fmt="csv")
    written = b"".join(result.chunks()).decode("utf-8-sig").strip().split("\r\n")
    assert AuditEntry.objects.filter(verb="export_records").count() == before + 1
    export = Export.objects.get(pk=result.export.pk)
    assert export.rows == result.rows == len(written) - 1 == 4
    # A row added after the count is not in the file: the count stays the rows written.
    result = export_records(actor=world.users["coordinator"], kind="persons", fmt="csv")
    Role.objects.create(unit=world.venue["oslo"].unit, code="STYR", person=world.person["oslo"], source="roller")
    assert len(b"".join(result.chunks()).decode("utf-8-sig").strip().split("\r\n")) - 1 == result.rows == 4


def test_two_records_the_linkage_put_together_share_a_cluster_id(world):
    """Register persons with planted duplicates, linked by a real run; two records of one cluster
    holding roles export the same cluster_id, which is the cluster the linkage stored."""
    unit = RegisteredUnit.objects.create(orgnr="912345670", name="Regnskap AS", form="AS")
    for row in generate_persons(200, seed=5).records.to_dict("records"):
        Person.objects.create(given_name=row["given_name"] or "", family_name=row["family_name"] or "",
                              birth_date=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None,
                              purpose="register", source="roller")
    run_linkage(actor=world.users["analyst"], kind="person")
    members = ClusterMember.objects.filter(kind="person")
    shared = next(cluster for cluster in members.values_list("cluster", flat=True).distinct()
                  if members.filter(cluster=cluster).count() >= 2)
    first, second = (Person.objects.get(pk=int(ref.split(":")[1]))
                     for ref in members.filter(cluster=shared).values_list("ref", flat=True)[:2])
    for person in (first, second):
        Role.objects.create(unit=unit, code="REGN", person=person, source="roller")
    rows = [r for r in export_rows(world.users["coordinator"], "persons") if r["role"] == "REGN"]
    assert [r["cluster_id"] for r in rows] == [shared, shared]


def test_a_part_must_give_every_column():
    with pytest.raises(ValueError, match="must give a value"):
        register(ExportKind(name="broken_parts", columns=[Column("a"), Column("b")],
                            parts=[Part(Role, values={"a": "code"})]))
    with pytest.raises(ValueError, match="a model or parts"):
        ExportKind(name="both", model=Role, columns=[Column("a", "code")], parts=[Part(Role, values={"a": "code"})])
