"""Bad input gets a clear message on the field, keeps what was typed, and saves nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aksjon.audit.models import AuditEntry
from aksjon.controls.models import Control, Finding, PersonMet
from aksjon.registry.models import Address, Person, Venue


def _counts():
    return [m.objects.count() for m in (Venue, Address, Control, PersonMet, Person, Finding, AuditEntry)]


def _control_post(world, **overrides):
    data = {
        "target": world.target["oslo"].pk, "venue": world.venue["oslo"].pk,
        "started_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "venue_open": "on", "observations": "Tre rom, ett låst.", "findings": ["hygiene"],
        "persons-TOTAL_FORMS": "2", "persons-INITIAL_FORMS": "0", "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "40",
        "persons-0-given_name": "Siripon", "persons-0-family_name": "Olsen", "persons-0-role": "worker",
        "persons-0-phone": "912 34 567", "persons-0-findings": ["excess_hours"],
        "persons-1-given_name": "Nuttaya", "persons-1-role": "worker", "persons-1-phone": "0047 934 56 789",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer(client, world):
    client.force_login(world.users["field_officer"])
    return client


def test_good_control_form_saves_everything(officer, world):
    before = _counts()
    # The world's Oslo target is controlled already: a second control needs the officer's yes.
    response = officer.post(reverse("control_create"), _control_post(world, again="1"))
    assert response.status_code == 302
    control = Control.objects.order_by("-id").first()
    assert [p.person.given_name for p in control.persons_met.all()] == ["Siripon", "Nuttaya"]
    assert sorted(control.findings.values_list("code", flat=True)) == ["excess_hours", "hygiene"]
    assert _counts()[2:5] == [before[2] + 1, before[3] + 2, before[4] + 2]


@pytest.mark.parametrize("overrides,field,message", [
    ({"persons-1-phone": "12 ab"}, "persons-1-phone", "is not a"),
    ({"started_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")}, "started_at",
     "cannot start in the future"),
    ({"venue": "", "target": ""}, "venue", "Choose the venue"),
    ({"persons-0-birth_date": (timezone.localdate() + timedelta(days=3)).isoformat()}, "persons-0-birth_date",
     "cannot be in the future"),
    ({"persons-1-given_name": "", "persons-1-family_name": ""}, "persons-1-given_name", "at least one name"),
])
def test_bad_control_form_saves_nothing_and_keeps_input(officer, world, overrides, field, message):
    officer.cookies["django_language"] = "en"
    before = _counts()
    response = officer.post(reverse("control_create"), _control_post(world, **overrides))
    assert response.status_code == 200
    assert _counts() == before
    page = response.content.decode()
    assert message in page
    assert "Siripon" in page and "Tre rom, ett låst." in page  # what was typed is still there
    form = response.context["form"]
    persons = response.context["persons"]
    errors = dict(form.errors) | {f"persons-{i}-{k}": v for i, f in enumerate(persons.forms)
                                  for k, v in f.errors.items()}
    assert field in errors


@pytest.mark.parametrize("orgnr,message", [("923456784", "modulus-11"), ("12345", "nine digits")])
def test_invalid_organisation_number_is_refused(client, world, orgnr, message):
    client.force_login(world.users["district_lead"])
    client.cookies["django_language"] = "en"
    before = _counts()
    response = client.post(reverse("venue_create"), {
        "name": "Lotus Thai", "town": world.venue["oslo"].town_id, "street": "Torggata 9", "orgnr": orgnr,
        "phones": "912 34 567"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Lotus Thai" in response.content.decode()
    assert _counts() == before


def test_unparseable_venue_phone_is_refused(client, world):
    client.force_login(world.users["district_lead"])
    client.cookies["django_language"] = "en"
    before = _counts()
    response = client.post(reverse("venue_create"), {
        "name": "Lotus Thai", "town": world.venue["oslo"].town_id, "street": "Torggata 9",
        "phones": "912 34 567, call me"})
    assert "call me" in response.content.decode()
    assert _counts() == before


def test_venue_in_another_district_cannot_be_chosen(client, world):
    client.force_login(world.users["district_lead"])
    response = client.post(reverse("venue_create"), {
        "name": "Lotus Thai", "town": world.venue["vest"].town_id, "street": "Torggata 9"})
    assert response.status_code == 200
    assert "town" in response.context["form"].errors


def test_api_errors_have_one_shape(client, world):
    client.force_login(world.users["field_officer"])
    response = client.get(reverse("api_operation_report", args=[world.vest_only_operation.pk]))
    assert response.status_code == 404
    assert set(response.json()["error"]) == {"code", "message"}
    assert response.json()["error"]["code"] == "not_found"
    client.force_login(world.users["auditor"])
    response = client.get(reverse("api_operation_report", args=[world.operation.pk]))
    assert response.status_code == 403
    assert set(response.json()["error"]) == {"code", "message"}
    assert response.json()["error"]["code"] == "forbidden"


def test_unknown_api_path_answers_json_404(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
