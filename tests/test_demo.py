"""The demo week: rebuilt from the generator, replayed through the actions, and
its report equal to an independent recount of what the records contain."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from aksjon.accounts.models import User
from aksjon.analysis.models import AdTemplate, Network, VenueScore
from aksjon.audit.verify import verify_chain
from aksjon.demo.scenario import OPERATION_NAME, load_demo
from aksjon.followup.models import FollowUp
from aksjon.intel.models import ClusterMember, LinkageRun
from aksjon.operations.models import Operation
from aksjon.registry.models import Ad, Venue
from aksjon.reports.figures import operation_figures
from aksjon.screening.models import Screening
from tests.report_check import figures_subset, recount

pytestmark = pytest.mark.slow  # loads the whole demo week (about a minute)


@pytest.fixture
def demo(db):
    call_command("demo", "--no-serve", stdout=open("/dev/null", "w"))
    return Operation.objects.get(name=OPERATION_NAME)


def test_the_demo_week(demo):
    """One test for what one expensive fixture builds (a minute on each database)."""
    _has_the_shape_of_the_press_release_and_its_report_equals_the_records(demo)
    _sources_are_cross_referenced_and_analysed()
    _loading_twice_adds_nothing_and_the_audit_chain_holds(demo)


def _has_the_shape_of_the_press_release_and_its_report_equals_the_records(demo):
    figures = operation_figures(User.objects.get(username="koordinator"), demo)
    assert figures_subset(figures) == recount(demo.pk)
    assert figures.districts == 9
    assert figures.venues > 50 and figures.towns > 15 and figures.persons_met > 60
    assert figures.venues_by_finding["sexual_services_offered"] >= 2
    assert figures.venues_by_finding.get("no_written_contract", 0) + figures.venues_by_finding.get("excess_hours", 0)
    assert figures.persons_with_vulnerability > 0 and figures.followups_by_status
    assert not Screening.objects.filter(outcome="possible_victim").exists()
    roles = set(User.objects.filter(username__in=["koordinator", "leder.oslo", "felt.oslo", "analytiker",
                                                  "arbeidstilsynet", "revisor"]).values_list("role", flat=True))
    assert roles == {"coordinator", "district_lead", "field_officer", "analyst", "partner_liaison", "auditor"}
    # Follow-up lists reach partner agencies: a title names the control, never the person.
    for task in FollowUp.objects.exclude(person_met=None).select_related("person_met__person"):
        person = task.person_met.person
        assert not {person.given_name, person.family_name} & set(task.title.replace(":", " ").split())


def _sources_are_cross_referenced_and_analysed():
    """Persons and venues were linked, tips, inspections and ads among them, and ads sit on venues;
    the analyses ran on them: templates, networks and a score with its reasons for venues."""
    assert {run.kind for run in LinkageRun.objects.all()} == {"person", "venue"}
    kinds = {ref.partition(":")[0] for ref in ClusterMember.objects.filter(kind="venue").values_list("ref", flat=True)}
    assert {"unit", "venue", "tip", "inspection", "ad"} <= kinds
    assert Ad.objects.exclude(venue=None).exists()
    assert AdTemplate.objects.exists() and Network.objects.exists()
    assert VenueScore.objects.count() == Venue.objects.count()
    assert VenueScore.objects.filter(rank=1).exclude(reasons=[]).exists()


def _loading_twice_adds_nothing_and_the_audit_chain_holds(demo):
    operations = Operation.objects.count()
    assert load_demo() == demo
    assert Operation.objects.count() == operations
    assert verify_chain().intact
