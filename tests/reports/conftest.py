"""The known operation of the report tests: the world's two controls and a third in Førde."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from aksjon.controls.actions import record_visit
from aksjon.operations.actions import add_target
from aksjon.registry.actions import create_venue
from aksjon.registry.models import Town
from aksjon.screening.actions import confirm_screening, start_screening, update_screening
from tests.contract.actions import VICTIM

SOME = {"d4_excessive_hours": "observed"}


def _person(given: str, **fields) -> dict:
    return {"given_name": given, "family_name": "Testesen", "role": "worker", "language": "th",
            "documents_seen": "passport"} | fields


def screen(officer, met, answers: dict) -> None:
    screening = start_screening(actor=officer, person_met=met)
    screening = update_screening(actor=officer, screening=screening, answers=answers, notes={}, minor=False)
    confirm_screening(actor=officer, screening=screening, chosen=[])


@pytest.fixture
def known(world):
    """The world's two controls (Oslo, Bergen) and a third in Førde (Vest) with three persons
    met; screenings of all five persons with every outcome."""
    coord, officer = world.users["coordinator"], world.users["vest_officer"]
    venue = create_venue(actor=coord, name="Thai Førde", town=Town.objects.get(name="Førde"), street="Gata 2")
    target = add_target(actor=coord, operation=world.operation, venue=venue, reason="Tips")
    control = record_visit(actor=officer, target=target, control={
        "venue": venue, "started_at": timezone.now() - timedelta(hours=1), "observations": "",
        "findings": ["excess_hours"]}, persons=[
            _person("Ploy", rights_information_language="en", vulnerabilities=["homelessness"]),
            _person("Dao", rights_information_language="th", findings=["no_written_contract"]),
            _person("Fah")])
    met = list(control.persons_met.order_by("pk"))
    screen(officer, met[0], VICTIM)
    screen(officer, met[1], SOME)
    screen(officer, met[2], {})
    screen(world.users["field_officer"], world.person_met["oslo"], SOME)
    screen(officer, world.person_met["vest"], VICTIM)
    return world
