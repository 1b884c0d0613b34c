"""Every input carries the model's limits in the page, and a value past them is refused
next to its field with everything typed kept: never dropped, never saved in part."""
from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from aksjon.audit.models import AuditEntry
from aksjon.controls.forms import FREE_TEXT_MAX_LENGTH, ControlForm, PersonMetForm
from aksjon.controls.models import Control
from aksjon.followup.forms import AssignForm, FollowUpForm, StatusForm
from aksjon.followup.models import FollowUp, FollowUpNote
from aksjon.operations.forms import OperationForm, TargetForm, TeamForm
from aksjon.registry.forms import VenueForm
from aksjon.registry.models import Person
from aksjon.screening.forms import NOTE_MAX_LENGTH, CatalogueUploadForm
from tests.conftest import login

TEXT_TYPES = {"text", "search", "tel", "email", "url", "password"}
RANGED_TYPES = {"date", "datetime-local", "number"}
INDICATOR = "d4_excessive_hours"


class Inputs(HTMLParser):
    """The page's inputs and text areas by name, with their attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.by_name: dict[str, dict] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "textarea") and attrs.get("name"):
            attrs.setdefault("type", "textarea" if tag == "textarea" else "text")
            self.by_name.setdefault(attrs["name"], attrs)


def _inputs(response) -> dict[str, dict]:
    assert response.status_code == 200
    return Inputs(response.content.decode()).by_name


def _assert_every_input_limited(inputs: dict[str, dict]) -> None:
    for name, attrs in inputs.items():
        if attrs["type"] in TEXT_TYPES | {"textarea"}:
            assert int(attrs.get("maxlength", 0)) > 0, f"{name} has no maxlength"
        if attrs["type"] in RANGED_TYPES:
            assert attrs.get("min") and attrs.get("max"), f"{name} has no range"


@pytest.mark.parametrize("form_class", [ControlForm, PersonMetForm, FollowUpForm, StatusForm, AssignForm, VenueForm,
                                        OperationForm, TargetForm, TeamForm, CatalogueUploadForm])
def test_every_text_field_of_a_form_has_a_limit(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.CharField):
            assert field.max_length, f"{form_class.__name__}.{name} has no max_length"


def test_control_form_carries_the_models_limits(client, world):
    login(client, world.users["field_officer"])
    inputs = _inputs(client.get(reverse("control_create"), {"target": world.target["oslo"].pk}))
    _assert_every_input_limited(inputs)
    assert inputs["observations"]["maxlength"] == str(FREE_TEXT_MAX_LENGTH)
    for field in ("given_name", "family_name"):  # the person met's fields, in the row template
        assert inputs[f"persons-__prefix__-{field}"]["maxlength"] == str(Person._meta.get_field(field).max_length)
    assert inputs["persons-__prefix__-notes"]["maxlength"] == str(FREE_TEXT_MAX_LENGTH)
    birth = inputs["persons-__prefix__-birth_date"]
    assert (birth["min"], birth["max"]) == ("1900-01-01", timezone.localdate().isoformat())


def test_screening_notes_carry_their_limit(client, world):
    login(client, world.users["field_officer"])
    inputs = _inputs(client.get(reverse("screening_detail", args=[world.screening["oslo"].pk])))
    notes = {name: attrs for name, attrs in inputs.items() if name.startswith("note-")}
    assert len(notes) > 20 and f"note-{INDICATOR}" in notes
    assert {attrs["maxlength"] for attrs in notes.values()} == {str(NOTE_MAX_LENGTH)}


def test_followup_form_carries_the_models_limits(client, world):
    login(client, world.users["field_officer"])
    inputs = _inputs(client.get(reverse("followup_create"), {"control": world.control["oslo"].pk}))
    _assert_every_input_limited(inputs)
    assert inputs["title"]["maxlength"] == str(FollowUp._meta.get_field("title").max_length)
    assert inputs["description"]["maxlength"] == str(FREE_TEXT_MAX_LENGTH)
    note = StatusForm.base_fields["note"]
    assert note.max_length == FollowUpNote._meta.get_field("text").max_length


def _overlong_note(screening) -> dict:
    return {f"answer-{INDICATOR}": "observed", "answer-d5_debt_bondage": "disclosed", "minor": "on",
            f"note-{INDICATOR}": "x" * (NOTE_MAX_LENGTH + 1), "note-d5_debt_bondage": "Owes the agent 40 000"}


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["plain", "htmx"])
def test_overlong_screening_note_is_refused_next_to_it(client, world, headers):
    screening = world.screening["oslo"]
    login(client, world.users["field_officer"])
    before = (screening.answers, screening.notes, screening.minor, screening.version, _writes())
    response = client.post(reverse("screening_detail", args=[screening.pk]), _overlong_note(screening), **headers)

    assert response.status_code == 200
    page = response.content.decode()
    error = page.split(f'id="errors-{INDICATOR}"', 1)[1].split("</p>", 1)[0]
    assert str(NOTE_MAX_LENGTH) in error and "hidden" not in error
    assert 'id="errors-d5_debt_bondage"' in page  # the other notes' places are there, empty
    assert "Ingenting ble lagret" in page
    screening.refresh_from_db()
    assert (screening.answers, screening.notes, screening.minor, screening.version, _writes()) == before
    if not headers:  # without JavaScript the page comes back holding everything typed
        inputs = _inputs(response)
        assert inputs[f"note-{INDICATOR}"]["value"] == "x" * (NOTE_MAX_LENGTH + 1)
        assert inputs["note-d5_debt_bondage"]["value"] == "Owes the agent 40 000"
        assert "checked" in inputs["minor"]
        checked = {(n, a["value"]) for n, a in _radios(page) if "checked" in a}
        assert {(f"answer-{INDICATOR}", "observed"), ("answer-d5_debt_bondage", "disclosed")} <= checked


def _writes() -> int:
    return AuditEntry.objects.filter(kind="write").count()


def _radios(page: str):
    found = []

    class Radios(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input" and attrs.get("type") == "radio":
                found.append((attrs["name"], attrs))
    Radios().feed(page)
    return found


def test_a_corrected_note_is_saved_and_its_error_cleared(client, world):
    screening = world.screening["oslo"]
    login(client, world.users["field_officer"])
    data = _overlong_note(screening) | {f"note-{INDICATOR}": "Works 14 hours a day"}
    response = client.post(reverse("screening_detail", args=[screening.pk]), data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    error = page.split(f'id="errors-{INDICATOR}"', 1)[1].split("</p>", 1)[0]
    assert 'hx-swap-oob="true"' in error and "hidden" in error
    screening.refresh_from_db()
    assert screening.notes[INDICATOR] == "Works 14 hours a day" and screening.answers[INDICATOR] == "observed"


def test_overlong_observation_is_refused_next_to_it_and_persons_kept(client, world):
    target = world.target["oslo"]
    controls = Control.objects.count()
    login(client, world.users["field_officer"])
    started = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("control_create"), {
        "target": target.pk, "venue": target.venue_id, "started_at": started, "venue_open": "on",
        "observations": "o" * (FREE_TEXT_MAX_LENGTH + 1),
        "persons-TOTAL_FORMS": "1", "persons-INITIAL_FORMS": "0", "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "40", "persons-0-given_name": "Kanokwan", "persons-0-family_name": "Berg",
        "persons-0-birth_date": "1990-04-02", "persons-0-role": "worker"})

    inputs = _inputs(response)
    page = response.content.decode()
    field = page.split('name="observations"', 1)[0].rsplit('<div class="field', 1)[1]
    assert field.startswith(" invalid")
    after = page.split('name="observations"', 1)[1].split("</div>", 1)[0]
    assert str(FREE_TEXT_MAX_LENGTH) in after and 'class="error"' in after
    assert inputs["persons-0-given_name"]["value"] == "Kanokwan"
    assert inputs["persons-0-birth_date"]["value"] == "1990-04-02"
    assert "o" * (FREE_TEXT_MAX_LENGTH + 1) in page
    assert Control.objects.count() == controls


def test_birth_date_before_1900_is_refused():
    form = PersonMetForm({"given_name": "A", "role": "worker", "birth_date": "1899-12-31"})
    assert not form.is_valid() and "birth_date" in form.errors
