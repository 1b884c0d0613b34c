"""Every write leaves exactly one audit row; every look at a person an access row.
The chain itself is tested in tests/test_audit_chain.py."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aksjon.accounts.models import Agency
from aksjon.audit.models import AuditEntry
from aksjon.controls import actions as controls
from aksjon.core.errors import InvalidInput
from aksjon.followup import actions as followup
from aksjon.operations import actions as operations
from aksjon.registry import actions as registry
from aksjon.registry.models import Town


def _writes() -> int:
    return AuditEntry.objects.filter(kind="write").count()


# Each action with the persona that may do it and its arguments, built from the world.
ACTIONS = {
    "create_operation": lambda w: operations.create_operation(
        actor=w.users["coordinator"], name="Ny uke", starts_on=timezone.localdate(), ends_on=timezone.localdate(),
        coordinating_agency=Agency.objects.get(code="kripos"), districts=[w.venue["oslo"].district]),
    "set_operation_status": lambda w: operations.set_operation_status(
        actor=w.users["coordinator"], operation=w.operation, status="active"),
    "create_venue": lambda w: registry.create_venue(
        actor=w.users["district_lead"], name="Thai Garden", town=Town.objects.get(name="Oslo"), street="Bogstadveien 3",
        phones=["+47 400 00 000"]),
    "add_target": lambda w: operations.add_target(
        actor=w.users["analyst"], operation=w.vest_only_operation, venue=w.venue["vest"], reason="Tips"),
    "approve_target": lambda w: operations.approve_target(
        actor=w.users["coordinator"], target=operations.add_target(
            actor=w.users["analyst"], operation=w.vest_only_operation, venue=w.venue["vest"], reason="Tips")),
    "create_team": lambda w: operations.create_team(
        actor=w.users["district_lead"], operation=w.operation, district=w.venue["oslo"].district, name="Team B"),
    "assign_target": lambda w: operations.assign_target(
        actor=w.users["coordinator"], team=None, target=operations.add_target(
            actor=w.users["coordinator"], operation=w.vest_only_operation, venue=w.venue["vest"], reason="Tips")),
    "record_control": lambda w: controls.record_control(
        actor=w.users["field_officer"], venue=w.venue["oslo"], started_at=timezone.now() - timedelta(minutes=5)),
    "add_person_met": lambda w: controls.add_person_met(
        actor=w.users["field_officer"], control=w.control["oslo"], role="worker", given_name="Nuttaya"),
    "record_finding": lambda w: controls.record_finding(
        actor=w.users["field_officer"], control=w.control["oslo"], code="hygiene"),
    "record_vulnerability": lambda w: controls.record_vulnerability(
        actor=w.users["field_officer"], person_met=w.person_met["oslo"], code="education"),
    "create_followup": lambda w: followup.create_followup(
        actor=w.users["field_officer"], kind="task", title="Ring tilbake", district=w.venue["oslo"].district),
    "set_followup_status": lambda w: followup.set_followup_status(
        actor=w.users["partner_liaison"], followup=w.referral, status="closed", note="Tilsyn gjennomført."),
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_each_action_writes_exactly_one_audit_row(world, name):
    before = _writes()
    result = ACTIONS[name](world)
    # approve_target and assign_target need a fresh target: add_target writes its own row first.
    expected = 2 if name in {"approve_target", "assign_target"} else 1
    assert _writes() - before == expected
    last = AuditEntry.objects.filter(kind="write").order_by("-id").first()
    assert last.verb == name
    assert last.object_id == str(result.pk)
    assert last.after is not None


def test_a_whole_visit_writes_one_row_per_state_change(world):
    before = _writes()
    controls.record_visit(actor=world.users["field_officer"], target=None, control={
        "venue": world.venue["oslo"], "started_at": timezone.now(), "findings": ["hygiene", "blocked_exit"]},
        persons=[{"given_name": "A", "role": "worker", "findings": ["excess_hours"], "vulnerabilities": ["poverty"]},
                 {"given_name": "B", "role": "manager"}])
    verbs = list(AuditEntry.objects.filter(kind="write").order_by("id").values_list("verb", flat=True)[before:])
    assert sorted(verbs) == sorted(["record_control", "record_finding", "record_finding", "add_person_met",
                                    "record_finding", "record_vulnerability", "add_person_met"])


def test_a_failed_action_leaves_no_row(world):
    before = _writes()
    with pytest.raises(InvalidInput):
        controls.record_visit(actor=world.users["field_officer"], target=None, control={
            "venue": world.venue["oslo"], "started_at": timezone.now(), "findings": ["hygiene"]},
            persons=[{"given_name": "A", "role": "worker", "phone": "not a phone"}])
    assert _writes() == before


def test_person_page_writes_one_access_row(client, world):
    client.force_login(world.users["field_officer"])
    reads = AuditEntry.objects.filter(kind="read").count()
    assert client.get(reverse("person_detail", args=[world.person["oslo"].pk])).status_code == 200
    rows = AuditEntry.objects.filter(kind="read").order_by("id")[reads:]
    assert [(r.verb, r.object_type, r.object_id, r.username) for r in rows] == [
        ("view_person", "registry.person", str(world.person["oslo"].pk), "officer.oslo")]


def test_refused_person_page_writes_no_access_row(client, world):
    client.force_login(world.users["field_officer"])
    reads = AuditEntry.objects.filter(kind="read").count()
    assert client.get(reverse("person_detail", args=[world.person["vest"].pk])).status_code == 404
    assert AuditEntry.objects.filter(kind="read").count() == reads


def test_control_page_logs_the_persons_shown(client, world):
    client.force_login(world.users["district_lead"])
    client.get(reverse("control_detail", args=[world.control["oslo"].pk]))
    row = AuditEntry.objects.filter(kind="read").order_by("-id").first()
    assert row.verb == "view_control"
    assert row.after == {"persons_met": [world.person["oslo"].pk]}


def test_rows_carry_the_request_id(client, world):
    client.force_login(world.users["field_officer"])
    client.get(reverse("person_detail", args=[world.person["oslo"].pk]))
    row = AuditEntry.objects.filter(kind="read").order_by("-id").first()
    assert len(row.request_id) == 36
