"""No silent overwrite (issue "Nothing lost, doubled or leaked"): every editable record carries a
version; a change from a stale page is refused with both versions shown, writes nothing, and the
officer decides; status changes and notes of a follow-up never overwrite one another."""
from __future__ import annotations

import pytest
from django.urls import reverse

from aksjon.audit.models import AuditEntry
from aksjon.core.errors import Stale
from aksjon.followup.actions import add_followup_note, assign_followup, set_followup_status
from aksjon.followup.models import FollowUp, FollowUpNote
from aksjon.operations.actions import add_target, assign_target, create_team, set_operation_status
from aksjon.operations.models import Operation, Target
from aksjon.screening.actions import confirm_screening, update_screening
from aksjon.screening.models import Screening
from tests.conftest import login, make_user

A_NOTE = "Arbeidsgiver kontaktet, avtale skrevet."
B_NOTE = "Ny opplysning fra tipset: følges opp."


def _rows(verb: str, obj) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(verb=verb, object_id=obj.pk).order_by("seq"))


@pytest.fixture
def second_officer(world):
    """Another field officer of Oslo, the district of the task."""
    return make_user("officer2.oslo", "field_officer", district="Oslo")


def _stale_post(client, item, version, seen=""):
    return client.post(reverse("followup_detail", args=[item.pk]),
                       {"status": "in_progress", "note": B_NOTE, "version": version, "seen": seen})


def test_a_stale_status_change_is_refused_shown_beside_the_saved_one_and_can_be_applied(client, world, second_officer):
    item = world.task["oslo"]
    seen_version = item.version
    # Officer A closes it with a note, from a fresh page.
    login(client, world.users["field_officer"])
    closed = client.post(reverse("followup_detail", args=[item.pk]),
                         {"status": "closed", "note": A_NOTE, "version": seen_version})
    assert closed.status_code == 302
    # Officer B, from the page that still shows it open, sets it in progress.
    login(client, second_officer)
    refused = _stale_post(client, item, seen_version)
    assert refused.status_code == 409
    item.refresh_from_db()
    assert (item.status, item.closing_note, item.version) == ("closed", A_NOTE, seen_version + 1)
    assert list(item.notes.values_list("text", flat=True)) == [A_NOTE]
    body = refused.content.decode()
    assert "data-yours" in body and "data-saved" in body
    assert B_NOTE in body and A_NOTE in body  # what B typed, and A's note in the log since B's page
    assert f'name="version" value="{seen_version + 1}"' in body  # "apply anyway" carries the current version
    assert len(_rows("set_followup_status", item)) == 1  # the refused change wrote nothing
    # B applies the change anyway: a change of its own, on the current version.
    applied = client.post(reverse("followup_detail", args=[item.pk]),
                          {"status": "in_progress", "note": B_NOTE, "version": seen_version + 1})
    assert applied.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.version) == ("in_progress", seen_version + 2)
    log = list(item.notes.values_list("text", "status_before", "status_after", "created_by"))
    assert log == [(A_NOTE, "open", "closed", world.users["field_officer"].pk),
                   (B_NOTE, "closed", "in_progress", second_officer.pk)]
    rows = _rows("set_followup_status", item)
    assert [r.user_id for r in rows] == [world.users["field_officer"].pk, second_officer.pk]
    assert [r.after["status"] for r in rows] == ["closed", "in_progress"]
    page = client.get(reverse("followup_detail", args=[item.pk])).content.decode()
    assert A_NOTE in page and B_NOTE in page


def test_the_conflict_page_shows_only_the_log_since_the_page_seen(client, world):
    item = world.task["oslo"]
    lead = world.users["district_lead"]
    first = add_followup_note(actor=lead, followup=item, text="Tidlig notat")
    set_followup_status(actor=lead, followup=item, status="closed", note=A_NOTE)
    login(client, world.users["field_officer"])
    body = _stale_post(client, item, 1, seen=first.pk).content.decode()
    assert A_NOTE in body and "Tidlig notat" not in body


def test_an_htmx_stale_change_answers_the_fragment_with_409(client, world):
    item = world.task["oslo"]
    set_followup_status(actor=world.users["district_lead"], followup=item, status="closed", note=A_NOTE)
    login(client, world.users["field_officer"])
    response = client.post(reverse("followup_detail", args=[item.pk]),
                           {"status": "in_progress", "note": B_NOTE, "version": 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    body = response.content.decode()
    assert "data-conflict" in body and "<html" not in body and B_NOTE in body


def test_stale_actions_raise_and_write_nothing(world):
    item, lead = world.task["oslo"], world.users["district_lead"]
    set_followup_status(actor=lead, followup=item, status="in_progress", note="", version=1)
    with pytest.raises(Stale) as refused:
        set_followup_status(actor=world.users["field_officer"], followup=item, status="closed", note=A_NOTE, version=1)
    assert refused.value.current["status"] == "in_progress" and refused.value.current["version"] == 2
    assert refused.value.as_dict()["error"]["code"] == "stale"
    with pytest.raises(Stale):
        assign_followup(actor=lead, followup=item, owner=lead, version=1)
    item.refresh_from_db()
    assert (item.status, item.owner, item.version) == ("in_progress", world.users["field_officer"], 2)
    assert item.notes.count() == 1


@pytest.fixture
def fresh_target(world):
    """An approved target of Vest's own operation, not yet controlled, and a team for it."""
    lead = world.users["vest_lead"]
    target = add_target(actor=world.users["coordinator"], operation=world.vest_only_operation,
                        venue=world.venue["vest"], reason="Tips")
    team = create_team(actor=lead, operation=world.vest_only_operation, district=world.venue["vest"].district,
                       name="Team Vest")
    return target, team


def test_a_stale_target_assignment_is_refused(client, world, fresh_target):
    target, team = fresh_target
    lead = world.users["vest_lead"]
    seen = target.version
    assign_target(actor=lead, target=target, team=team, version=seen)
    login(client, lead)
    response = client.post(reverse("target_assign", args=[target.pk]), {"team": "", "version": seen})
    assert response.status_code == 409
    assert "data-conflict" in response.content.decode()
    target.refresh_from_db()
    assert (target.status, target.team_id, target.version) == ("assigned", team.pk, seen + 1)
    assert len(_rows("assign_target", target)) == 1  # the first officer's; none for the refused change
    applied = client.post(reverse("target_assign", args=[target.pk]), {"team": "", "version": seen + 1},
                          HTTP_HX_REQUEST="true")
    assert applied.status_code == 200 and f'value="{seen + 2}"' in applied.content.decode()
    target.refresh_from_db()
    assert (target.status, target.team_id) == ("approved", None)


def test_a_stale_screening_update_is_refused_and_nothing_is_overwritten(client, world):
    screening = world.screening["oslo"]
    officer = world.users["field_officer"]
    first = {"d4_excessive_hours": "observed"}
    update_screening(actor=officer, screening=screening, answers=first, notes={}, minor=False, version=1)
    login(client, officer)
    response = client.post(reverse("screening_detail", args=[screening.pk]),
                           {"answer-d4_excessive_hours": "not_present", "version": 1})
    assert response.status_code == 409
    screening.refresh_from_db()
    assert (screening.answers, screening.version) == (first, 2)
    with pytest.raises(Stale):
        confirm_screening(actor=officer, screening=screening, chosen=[], version=1)
    assert Screening.objects.get(pk=screening.pk).status == "draft"


def test_a_stale_operation_status_is_refused(world):
    operation = world.operation
    coordinator = world.users["coordinator"]
    set_operation_status(actor=coordinator, operation=operation, status="active", version=operation.version)
    with pytest.raises(Stale):
        set_operation_status(actor=coordinator, operation=operation, status="closed", version=operation.version)
    assert Operation.objects.get(pk=operation.pk).status == "active"


def test_without_a_version_changes_apply_as_before_and_each_raises_the_version_by_one(world, fresh_target):
    item, lead, officer = world.task["oslo"], world.users["district_lead"], world.users["field_officer"]
    set_followup_status(actor=officer, followup=item, status="in_progress")
    assign_followup(actor=lead, followup=item, owner=lead)
    set_followup_status(actor=officer, followup=item, status="closed", note=A_NOTE)
    add_followup_note(actor=officer, followup=item, text="Et notat uten status")  # a note alone: no new version
    assert FollowUp.objects.get(pk=item.pk).version == 4
    target, team = fresh_target
    assign_target(actor=world.users["vest_lead"], target=target, team=team)
    assign_target(actor=world.users["vest_lead"], target=target, team=None)
    assert Target.objects.get(pk=target.pk).version == 3
    screening = world.screening["oslo"]
    update_screening(actor=officer, screening=screening, answers={}, notes={}, minor=False)
    confirm_screening(actor=officer, screening=screening, chosen=[])
    assert Screening.objects.get(pk=screening.pk).version == 3


def test_closing_needs_a_note_and_notes_are_added_never_overwritten(world):
    item, liaison = world.referral, world.users["partner_liaison"]
    with pytest.raises(Exception, match="Say what was done"):
        set_followup_status(actor=liaison, followup=item, status="closed", note=" ")
    add_followup_note(actor=liaison, followup=item, text="Tilsyn avtalt.")
    add_followup_note(actor=world.users["field_officer"], followup=item, text="Politiet har fått svar.")
    entries = list(FollowUpNote.objects.filter(followup=item).values_list("text", "status_after"))
    assert entries == [("Tilsyn avtalt.", ""), ("Politiet har fått svar.", "")]
    assert len(_rows("add_followup_note", FollowUpNote.objects.filter(followup=item).first())) == 1


def test_a_partner_liaison_adds_a_note_on_the_page(client, world):
    login(client, world.users["partner_liaison"])
    response = client.post(reverse("followup_note", args=[world.referral.pk]), {"text": "Tilsyn avtalt."})
    assert response.status_code == 302
    page = client.get(reverse("followup_detail", args=[world.referral.pk])).content.decode()
    assert "Tilsyn avtalt." in page and "data-log" in page
