"""The auditor's view: the log narrowed by user, action, record and date, per-user access
statistics, and refused requests on record."""
from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from aksjon.audit.models import AuditEntry


def test_a_refused_request_is_on_record_with_its_path_only(client, world):
    client.force_login(world.users["field_officer"])
    other = reverse("control_detail", args=[world.control["vest"].pk])
    assert client.get(other + "?q=Nattaya").status_code == 404
    row = AuditEntry.objects.get(verb="not_found")
    assert (row.username, row.kind, row.after) == ("officer.oslo", "auth", {"path": other, "code": "not_found"})
    assert client.get(reverse("audit_list")).status_code == 403
    assert AuditEntry.objects.filter(verb="denied", username="officer.oslo").count() == 1


def test_the_log_narrows_by_user_action_record_and_date(client, world):
    client.force_login(world.users["auditor"])
    url = reverse("audit_list")

    def rows(**query):
        return client.get(url, query).context["page"].object_list

    assert {e.username for e in rows(username="officer.vest")} == {"officer.vest"}
    assert {e.verb for e in rows(verb="record_control")} == {"record_control"}
    control = world.control["oslo"]
    assert {e.object_id for e in rows(object_type="controls.control", object_id=str(control.pk))} == {str(control.pk)}
    today = timezone.localdate()
    assert len(rows(since=today.isoformat())) > 0
    assert len(rows(until=(today - timedelta(days=1)).isoformat())) == 0
    assert client.get(url, {"since": "2024-13-01"}).status_code == 400


def test_the_pages_keep_the_filters(client, world):
    client.force_login(world.users["auditor"])
    from aksjon.audit.log import record_auth

    for _ in range(101):  # a second page of the coordinator's rows
        record_auth("login", user=world.users["coordinator"], account=world.users["coordinator"])
    page = client.get(reverse("audit_list"), {"username": "coord"}).content.decode()
    assert "?username=coord&amp;page=2" in page and 'value="coord"' in page


def test_statistics_count_each_users_reads_writes_and_refusals(client, world):
    officer = world.users["field_officer"]
    client.force_login(officer)
    client.get(reverse("control_detail", args=[world.control["oslo"].pk]))  # a read of persons met
    client.get(reverse("control_detail", args=[world.control["vest"].pk]))  # refused
    client.force_login(world.users["auditor"])
    rows = {r["username"]: r for r in client.get(reverse("audit_statistics")).context["rows"]}
    mine = AuditEntry.objects.filter(username="officer.oslo")
    assert rows["officer.oslo"]["reads"] == mine.filter(kind="read").count() > 0
    assert rows["officer.oslo"]["writes"] == mine.filter(kind="write").count() > 0
    assert rows["officer.oslo"]["refused"] == 1
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("audit_statistics")).status_code == 403
