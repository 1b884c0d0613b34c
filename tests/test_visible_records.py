"""For every scoped model: exactly which records each persona sees (the ids, not just a count).

The expectations name the world's objects by hand; they are not derived from the
scope paths they check."""
from __future__ import annotations

import pytest

from aksjon.controls.models import Control, Finding, PersonMet, Vulnerability
from aksjon.core.errors import AccessDenied
from aksjon.followup.models import FollowUp
from aksjon.operations.models import Operation, Target, Team
from aksjon.registry.models import Person, Phone, Venue
from aksjon.screening.models import Screening


def oslo_records(w) -> dict:
    control = w.control["oslo"]
    return {
        Venue: {w.venue["oslo"].pk},
        Operation: {w.operation.pk},
        Target: {w.target["oslo"].pk},
        Team: {w.target["oslo"].team_id},
        Control: {control.pk},
        PersonMet: {w.person_met["oslo"].pk},
        Person: {w.person["oslo"].pk},
        Finding: set(Finding.objects.filter(control=control).values_list("pk", flat=True)),
        Vulnerability: set(Vulnerability.objects.filter(person_met__control=control).values_list("pk", flat=True)),
        FollowUp: {w.task["oslo"].pk, w.referral.pk},
        Screening: {w.screening["oslo"].pk},
        Phone: set(w.venue["oslo"].phones.values_list("pk", flat=True)),
    }


@pytest.mark.parametrize("persona", ["district_lead", "field_officer"])
def test_district_personas_see_exactly_their_districts_records(world, persona):
    user = world.users[persona]
    for model, expected in oslo_records(world).items():
        visible = set(model.objects.restrict(user).values_list("pk", flat=True))
        assert visible == expected, model.__name__
        assert expected, f"the world has no Oslo {model.__name__}: the check would prove nothing"


@pytest.mark.parametrize("persona", ["coordinator", "analyst"])
def test_national_personas_see_everything(world, persona):
    user = world.users[persona]
    for model in oslo_records(world):
        assert set(model.objects.restrict(user).values_list("pk", flat=True)) == \
            set(model.objects.values_list("pk", flat=True)), model.__name__


def test_partner_liaison_sees_only_what_is_addressed_to_the_agency(world):
    user = world.users["partner_liaison"]
    assert set(FollowUp.objects.restrict(user).values_list("pk", flat=True)) == {world.referral.pk}
    for model in [Venue, Control, Person, PersonMet, Screening, Operation]:
        with pytest.raises(AccessDenied):
            model.objects.restrict(user)


def test_auditor_sees_no_case_data(world):
    for model in [Venue, Control, Person, PersonMet, FollowUp, Screening, Operation, Target]:
        with pytest.raises(AccessDenied):
            model.objects.restrict(world.users["auditor"])
