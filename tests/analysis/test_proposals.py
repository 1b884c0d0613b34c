"""Target proposals: the best venues of each district, accepted as targets in one step by the
coordinator, or rejected with a reason that is kept."""
from __future__ import annotations

import pytest
from django.urls import reverse

from aksjon.analysis import actions
from aksjon.analysis.models import TargetProposal
from aksjon.analysis.run_priority import run_priority
from aksjon.audit.models import AuditEntry
from aksjon.core.errors import AccessDenied, Conflict, InvalidInput
from aksjon.intel.models import Inspection
from aksjon.operations.models import Target
from aksjon.registry.actions import create_venue
from aksjon.registry.models import Town
from tests.conftest import login


def _venues(world):
    """Three more venues in Oslo and two in Bergen (Vest), each with an earlier inspection."""
    made = []
    for n, (town, findings) in enumerate([("Oslo", ["living_on_premises", "no_work_permit"]),
                                          ("Oslo", ["excess_hours"]), ("Oslo", ["hygiene"]),
                                          ("Bergen", ["blocked_exit"]), ("Bergen", ["no_written_contract"])]):
        orgnr = ["910000004", "910000012", "910000020", "910000039", "910000047"][n]
        venue = create_venue(actor=world.users["coordinator"], name=f"Salong {n}", town=Town.objects.get(name=town),
                             street=f"Gate {n}", orgnr=orgnr)
        Inspection.objects.create(inspection_id=f"AT-{n}", agency="Arbeidstilsynet", date="2023-06-01",
                                  orgnr=orgnr, findings=findings)
        made.append(venue)
    return made


@pytest.fixture
def proposed(world):
    venues = _venues(world)
    run_priority(actor=world.users["analyst"], progress=lambda *a: None)
    actions.propose_targets(actor=world.users["analyst"], operation=world.operation, per_district=2)
    return world, venues


def test_the_best_venues_of_each_district_not_yet_targets(proposed):
    world, venues = proposed
    rows = TargetProposal.objects.filter(operation=world.operation).order_by("district__name", "rank")
    by_district = {}
    for row in rows:
        by_district.setdefault(row.district.name, []).append(row.venue)
    assert by_district == {"Oslo": [venues[0], venues[1]], "Vest": [venues[3], venues[4]]}
    assert all(row.reasons and row.weights_version == "1" for row in rows)  # the world's targets are left out
    assert AuditEntry.objects.filter(verb="propose_targets").count() == 1


def test_accept_makes_targets_in_one_step_each_with_its_audit_row(proposed):
    world, venues = proposed
    chosen = list(TargetProposal.objects.filter(operation=world.operation, venue__in=venues[:2] + venues[3:4]))
    targets = actions.accept_proposals(actor=world.users["coordinator"], operation=world.operation, proposals=chosen)
    assert {t.venue for t in targets} == {venues[0], venues[1], venues[3]}
    assert all(t.status == "approved" and "aldri bevis" in t.reason for t in targets)
    assert AuditEntry.objects.filter(verb="add_target").count() >= 3
    assert AuditEntry.objects.filter(verb="accept_proposal").count() == 3
    for proposal in chosen:
        proposal.refresh_from_db()
        assert proposal.status == "accepted" and proposal.target and proposal.decided_by == world.users["coordinator"]
    with pytest.raises(Conflict):  # decided once
        actions.accept_proposals(actor=world.users["coordinator"], operation=world.operation, proposals=chosen[:1])


def test_only_the_coordinator_accepts(proposed):
    world, _venues = proposed
    proposal = TargetProposal.objects.filter(operation=world.operation).first()
    for role in ("analyst", "district_lead"):
        with pytest.raises(AccessDenied):
            actions.accept_proposals(actor=world.users[role], operation=world.operation, proposals=[proposal])
    assert not Target.objects.filter(venue=proposal.venue).exists()


def test_reject_needs_a_reason_and_keeps_it_through_new_proposals(proposed):
    world, venues = proposed
    proposal = TargetProposal.objects.get(operation=world.operation, venue=venues[0])
    with pytest.raises(InvalidInput):
        actions.reject_proposal(actor=world.users["coordinator"], proposal=proposal, reason="  ")
    actions.reject_proposal(actor=world.users["coordinator"], proposal=proposal, reason="Kontrollert i fjor")
    actions.propose_targets(actor=world.users["analyst"], operation=world.operation, per_district=2)
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.decision_reason == "Kontrollert i fjor"
    oslo = list(TargetProposal.objects.filter(operation=world.operation, district__name="Oslo", status="proposed")
                .order_by("rank").values_list("venue", flat=True))
    assert oslo == [venues[1].pk, venues[2].pk]  # the rejected venue is not proposed again


def test_pages_accept_in_one_form_and_confirm(client, proposed):
    world, venues = proposed
    login(client, world.users["coordinator"])
    url = reverse("proposal_list", args=[world.operation.pk])
    page = client.get(url).content.decode()
    assert "data-never-evidence" in page and page.count('name="proposals"') == 4
    chosen = TargetProposal.objects.filter(operation=world.operation, venue__in=venues[:2]).values_list("pk", flat=True)
    answer = client.post(reverse("proposals_accept", args=[world.operation.pk]), {"proposals": list(chosen)},
                         follow=True)
    assert answer.status_code == 200 and "2" in answer.content.decode()
    assert [str(m) for m in answer.context["messages"]]
    assert Target.objects.filter(operation=world.operation, venue__in=venues[:2]).count() == 2
    again = client.post(reverse("proposals_accept", args=[world.operation.pk]), {})  # the form again, with its error
    assert again.status_code == 200 and again.context["accept_form"].errors


def test_reject_page_requires_a_reason(client, proposed):
    world, venues = proposed
    proposal = TargetProposal.objects.get(operation=world.operation, venue=venues[3])
    login(client, world.users["coordinator"])
    again = client.post(reverse("proposal_reject", args=[proposal.pk]), {"reason": ""})
    assert again.status_code == 200 and again.context["reject_forms"][proposal.pk].errors
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    answer = client.post(reverse("proposal_reject", args=[proposal.pk]), {"reason": "Stengt"}, follow=True)
    assert answer.status_code == 200 and "Stengt" in answer.content.decode()


def test_out_of_scope_is_not_found_and_others_may_not_decide(client, proposed):
    world, _venues = proposed
    vest_only = world.vest_only_operation
    actions.propose_targets(actor=world.users["analyst"], operation=vest_only, per_district=2)
    vest_proposal = TargetProposal.objects.filter(operation=vest_only).first()
    login(client, world.users["district_lead"])  # Oslo
    assert client.get(reverse("proposal_list", args=[vest_only.pk])).status_code == 404
    assert client.get(reverse("proposal_list", args=[world.operation.pk])).status_code == 200
    assert client.post(reverse("proposal_reject", args=[vest_proposal.pk]), {"reason": "x"}).status_code == 403
    login(client, world.users["analyst"])
    assert client.post(reverse("proposals_accept", args=[world.operation.pk]),
                       {"proposals": [vest_proposal.pk]}).status_code == 403
    login(client, world.users["field_officer"])
    assert client.get(reverse("proposal_list", args=[world.operation.pk])).status_code == 403
