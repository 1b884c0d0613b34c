"""Follow-ups with their context (issue 12): a child is a child first; every follow-up
knows its person, control, venue, district, owner and due date, is titled in the
reader's language and links back; a partner agency sees the workplace and what its
settings allow of the person; an owner is told by e-mail."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from aksjon.accounts.models import Agency
from aksjon.audit.models import AuditEntry
from aksjon.controls.actions import add_person_met
from aksjon.core.errors import AccessDenied, InvalidInput
from aksjon.followup.actions import assign_followup, create_followup, set_followup_status
from aksjon.followup.models import FollowUp
from aksjon.registry import reference
from aksjon.screening.actions import confirm_screening, proposals_for, start_screening, update_screening

# Exploitation alone (dimension 4: 1 strong + 1 medium), no means at recruitment or destination.
EXPLOITATION_ONLY = {"d4_excessive_hours": "observed", "d4_low_or_no_salary": "disclosed"}
VICTIM = {"d1_deceived_nature_of_job": "disclosed", "d1_deceived_wages": "disclosed",
          "d4_excessive_hours": "observed", "d4_bad_living_conditions": "observed",
          "d5_debt_bondage": "disclosed", "d5_confiscation_of_documents": "observed"}


@pytest.fixture
def child(world):
    """A 16-year-old met at Oslo's control, beside the adult Siriporn."""
    control = world.control["oslo"]
    on = timezone.localdate(control.started_at)
    return add_person_met(actor=world.users["field_officer"], control=control, role="worker", given_name="Ploy",
                          family_name="Chaiyasit", birth_date=date(on.year - 16, 1, 1), language="th")


def _screened(world, met, answers, **confirm):
    officer = world.users["field_officer"]
    screening = start_screening(actor=officer, person_met=met)
    screening = update_screening(actor=officer, screening=screening, answers=answers, notes={},
                                 minor=screening.minor)
    if "chosen" in confirm:
        confirm_screening(actor=officer, screening=screening, **confirm)
    return screening


def _page(client, user, name, *args, language="nb") -> str:
    client.force_login(user)
    if language != "nb":
        client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def _row(page: str, text: str) -> str:
    """The list's table row that holds `text`."""
    return next(row for row in page.split("<tr") if text in row)


def test_a_16_year_old_is_a_child_and_is_proposed_barnevernet_not_rosa(world, child):
    screening = _screened(world, child, EXPLOITATION_ONLY)
    assert screening.minor  # from the birth date, on the day of the control
    assert screening.outcome == "possible_victim"  # the victim rule without means: exploitation is enough
    found = [p.key for p in proposals_for(screening)]
    assert found[:2] == ["barnevernet", "child_follow_up"] and "rosa" not in found


def test_an_adult_with_the_same_answers_is_unchanged(world):
    screening = _screened(world, world.person_met["oslo"], EXPLOITATION_ONLY)
    assert not screening.minor and screening.outcome == "some_indications"
    assert [p.key for p in proposals_for(screening)] == ["vulnerability_follow_up", "arbeidstilsynet"]
    victim = _screened(world, world.person_met["oslo"], VICTIM)
    assert [p.key for p in proposals_for(victim)][:4] == ["rosa", "reflection_period", "victim_lawyer",
                                                         "district_follow_up"]


def test_a_childs_follow_ups_carry_their_context_and_the_child_mark(client, world, child):
    _screened(world, child, EXPLOITATION_ONLY, chosen=["barnevernet", "child_follow_up"])
    notice = FollowUp.objects.get(subject="barnevernet")
    assert (notice.kind, notice.agency.code, notice.person_met, notice.control, notice.venue, notice.district) == (
        "referral", "barnevernet", child, world.control["oslo"], world.venue["oslo"], world.venue["oslo"].district)
    assert notice.owner == world.users["field_officer"]
    assert notice.due_on == timezone.localdate(timezone.now() + timedelta(hours=24))  # the agency's default

    officer = world.users["field_officer"]
    listed = _page(client, officer, "followup_list")
    assert "data-child" in _row(listed, "Melding til barnevernet") and "Barn" in listed
    assert "data-child" not in _row(listed, "Følg opp arbeidsforhold")  # Siriporn's, an adult's
    detail = _page(client, officer, "followup_detail", notice.pk)
    assert "data-child" in detail
    for link in [reverse("person_detail", args=[child.person_id]), reverse("control_detail", args=[child.control_id]),
                 reverse("venue_detail", args=[world.venue["oslo"].pk])]:
        assert f'href="{link}"' in detail
    control_page = _page(client, officer, "control_detail", child.control_id)
    assert control_page.count("data-child") == 1  # Ploy's card, not Siriporn's


def test_titles_and_reasons_are_words_in_the_readers_language(client, world):
    _screened(world, world.person_met["oslo"], VICTIM, chosen=["arbeidstilsynet"])
    referral = FollowUp.objects.get(subject="arbeidstilsynet")
    lead = world.users["district_lead"]
    bokmal = _page(client, lead, "followup_detail", referral.pk)
    assert "Henvisning til Arbeidstilsynet" in bokmal and "Ingen skriftlig arbeidsavtale" in bokmal
    english = _page(client, lead, "followup_detail", referral.pk, language="en")
    assert "Referral to Arbeidstilsynet" in english and "No written contract" in english
    assert "Henvisning til Arbeidstilsynet" not in english
    assert "Referral to Arbeidstilsynet" in _page(client, lead, "followup_list")  # still in English
    assert not re.search(r"no_written_contract|sexual_services_offered|vulnerability_follow_up", bokmal + english)


def test_a_partner_sees_the_workplace_and_its_findings_and_no_more_of_the_person(client, world, monkeypatch):
    _screened(world, world.person_met["oslo"], VICTIM, chosen=["arbeidstilsynet"])
    referral = FollowUp.objects.get(subject="arbeidstilsynet")
    liaison = world.users["partner_liaison"]
    page = _page(client, liaison, "followup_detail", referral.pk)
    for shown in ["Baan Sabai", "Storgata 1", "923456783", "Ingen skriftlig arbeidsavtale", "Ansatt / masør"]:
        assert shown in page, shown
    for hidden in ["Siriporn", "Johansen", "Salg av seksuelle tjenester", "Fattigdom", "/persons/", "/controls/",
                   "/venues/"]:
        assert hidden not in page, hidden
    row = AuditEntry.objects.filter(kind="read", verb="view_followup").latest("id")
    assert row.after == {"person": world.person["oslo"].pk, "fields": ["majority", "role", "language"]}

    # What an agency sees of a person is data: give Arbeidstilsynet the name, and the name shows.
    settings = {code: dict(entry) for code, entry in reference.agencies().items()}
    settings["arbeidstilsynet"]["sees_person"] = ["name"]
    monkeypatch.setattr(reference, "agencies", lambda: settings)
    assert "Siriporn" in _page(client, liaison, "followup_detail", referral.pk)


def test_due_dates_default_from_the_data(world):
    lead, oslo = world.users["district_lead"], world.venue["oslo"].district
    rosa, udi = Agency.objects.get(code="rosa"), Agency.objects.get(code="udi")

    def due(**fields):
        return create_followup(actor=lead, district=oslo, **fields).due_on

    def after(hours):
        return timezone.localdate(timezone.now() + timedelta(hours=hours))

    assert due(kind="referral", subject="rosa", agency=rosa) == after(24)
    assert due(kind="referral", agency=rosa, title="Ring ROSA") == after(24)  # the agency's own default
    assert due(kind="referral", agency=udi, title="Oppholdsstatus") == after(168)  # the kind's
    assert due(kind="task", subject="reflection_period") == after(24)  # the subject's
    assert due(kind="task", title="Ring utleier", due_on=date(2030, 1, 2)) == date(2030, 1, 2)
    with pytest.raises(InvalidInput):
        due(kind="task", subject="rosa")  # a referral subject on a task


def test_overdue_and_due_today_are_marked_in_the_list(client, world):
    lead, oslo, today = world.users["district_lead"], world.venue["oslo"].district, timezone.localdate()
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
    for title, due_on in [("Forfalt i går", yesterday), ("Forfaller nå", today), ("Forfaller i morgen", tomorrow),
                          ("Lukket i går", yesterday)]:
        item = create_followup(actor=lead, kind="task", title=title, district=oslo, due_on=due_on)
    set_followup_status(actor=lead, followup=item, status="closed", note="Gjort.")
    page = _page(client, lead, "followup_list")
    assert 'data-due="overdue"' in _row(page, "Forfalt i går") and "Forfalt" in page
    assert 'data-due="due_today"' in _row(page, "Forfaller nå") and "Forfaller i dag" in page
    assert "data-due" not in _row(page, "Forfaller i morgen")
    assert "data-due" not in _row(page, "Lukket i går")


def test_assigning_tells_the_new_owner_by_email(world, django_capture_on_commit_callbacks):
    lead, officer = world.users["district_lead"], world.users["field_officer"]
    for user in (lead, officer):
        user.email = f"{user.username}@aksjon.example"
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        item = assign_followup(actor=lead, followup=world.referral, owner=officer)
    assert item.owner == officer and len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [officer.email] and "Arbeidsavtaler" in sent.subject
    assert reverse("followup_detail", args=[item.pk]) in sent.body
    assert "Baan Sabai" not in sent.body and "Siriporn" not in sent.body  # no place, no person in an e-mail
    row = AuditEntry.objects.filter(verb="assign_followup").latest("id")
    assert row.after["owner_id"] == officer.pk and row.after["notified"] is True

    with django_capture_on_commit_callbacks(execute=True):  # nobody is told of what they gave themselves
        assign_followup(actor=lead, followup=world.referral, owner=lead)
        create_followup(actor=officer, kind="task", title="Ring tilbake", district=officer.district, owner=officer)
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        create_followup(actor=lead, kind="task", title="Ring utleier", district=lead.district, owner=officer)
    assert len(mail.outbox) == 2 and mail.outbox[1].to == [officer.email]


def test_only_the_district_lead_and_coordinator_assign_and_only_within_the_district(world):
    with pytest.raises(InvalidInput):
        assign_followup(actor=world.users["district_lead"], followup=world.referral,
                        owner=world.users["vest_officer"])
    for role in ("field_officer", "partner_liaison"):
        with pytest.raises(AccessDenied):
            assign_followup(actor=world.users[role], followup=world.referral, owner=world.users["field_officer"])


def test_the_assign_form_is_on_the_page_for_those_who_may_assign(client, world):
    assign = reverse("followup_assign", args=[world.referral.pk])
    assert assign in _page(client, world.users["district_lead"], "followup_detail", world.referral.pk)
    assert assign not in _page(client, world.users["field_officer"], "followup_detail", world.referral.pk)
    client.force_login(world.users["district_lead"])
    response = client.post(assign, {"owner": world.users["field_officer"].pk, "due_on": "2030-01-02"})
    assert response.status_code == 302
    world.referral.refresh_from_db()
    assert (world.referral.owner, world.referral.due_on) == (world.users["field_officer"], date(2030, 1, 2))
