"""A person's subject-access report (everything held, where from, who looked) and the
correction of a wrong record, as the police register act gives a person the right to."""
from __future__ import annotations

import subprocess

from django.urls import reverse

from aksjon.audit.models import AuditEntry
from aksjon.registry.actions import correct_person


def test_the_report_holds_the_record_its_sources_and_who_looked(client, world):
    person = world.person["oslo"]
    client.force_login(world.users["field_officer"])
    client.get(reverse("person_detail", args=[person.pk]))  # a look that must show in the report
    client.force_login(world.users["coordinator"])
    answer = client.get(reverse("subject_access", args=[person.pk]))
    assert answer.status_code == 200
    report = answer.context["report"]
    assert [e.pk for e in report.encounters] == [world.person_met["oslo"].pk]
    assert {f.pk for f in report.followups} == {world.task["oslo"].pk}
    looked = [(a.username, a.verb) for a in report.access]
    assert ("officer.oslo", "view_person") in looked
    page = answer.content.decode()
    assert "Baan Sabai" in page and "Siriporn" in page and "officer.oslo" in page
    assert AuditEntry.objects.filter(verb="subject_access_report", object_id=str(person.pk)).count() == 1


def test_only_the_national_unit_gives_it_and_only_for_its_persons(client, world):
    for role in ("district_lead", "field_officer", "analyst", "auditor", "partner_liaison"):
        client.force_login(world.users[role])
        assert client.get(reverse("subject_access", args=[world.person["oslo"].pk])).status_code == 403, role


def test_the_pdf_can_be_handed_over(client, world, tmp_path):
    client.force_login(world.users["coordinator"])
    answer = client.get(reverse("subject_access_pdf", args=[world.person["oslo"].pk]))
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    path = tmp_path / "innsyn.pdf"
    path.write_bytes(answer.content)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "Siriporn" in text and "Baan Sabai" in text


def test_a_wrong_record_is_corrected_with_its_reason_on_the_log(client, world):
    person = world.person["oslo"]
    client.force_login(world.users["district_lead"])
    answer = client.post(reverse("person_correct", args=[person.pk]), {
        "given_name": "Siriporn", "family_name": "Johanson", "reason": "Passet viser Johanson"})
    assert answer.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Johanson" and person.verified
    row = AuditEntry.objects.get(verb="correct_person")
    assert row.before["family_name"] == "Johansen" and row.after["reason"] == "Passet viser Johanson"
    page = client.post(reverse("person_correct", args=[person.pk]), {"given_name": "X", "reason": ""})
    assert page.status_code == 200 and 'value="X"' in page.content.decode()  # refused, kept
    client.force_login(world.users["vest_lead"])
    assert client.get(reverse("person_correct", args=[person.pk])).status_code == 404


def test_correction_refuses_other_fields_and_future_birth_dates(world):
    from datetime import date

    import pytest

    from aksjon.core.errors import InvalidInput

    lead = world.users["district_lead"]
    with pytest.raises(InvalidInput):
        correct_person(actor=lead, person=world.person["oslo"], reason="x", purpose="suspect")
    with pytest.raises(InvalidInput):
        correct_person(actor=lead, person=world.person["oslo"], reason="x", birth_date=date(2999, 1, 1))
