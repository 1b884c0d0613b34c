"""Logins, failed logins and logouts are in the audit trail, and no password ever is."""
from __future__ import annotations

from django.urls import reverse

from aksjon.audit.models import AUTH, AuditEntry
from aksjon.audit.verify import verify_chain
from tests.conftest import PASSWORD

WRONG = "Feil-passord-1234"


def _auth_rows(after: int) -> list[tuple]:
    return list(AuditEntry.objects.filter(kind=AUTH, seq__gt=after).order_by("seq")
                .values_list("verb", "username", "user_id", "object_id", "after"))


def _newest() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()


def _everything_stored() -> str:
    return " ".join(str(row) for row in AuditEntry.objects.values_list(
        "username", "object_type", "object_id", "before", "after", "verb"))


def test_a_failed_login_a_login_and_a_logout_leave_one_row_each(client, world):
    coord, start = world.users["coordinator"], _newest()
    assert client.post(reverse("login"), {"username": "coord", "password": WRONG}).status_code == 200
    assert client.post(reverse("login"), {"username": "coord", "password": PASSWORD}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert _auth_rows(start) == [
        ("login_failed", "anonymous", None, str(coord.pk), {"account": "coord"}),
        ("login", "coord", coord.pk, str(coord.pk), {"account": "coord"}),
        ("logout", "coord", coord.pk, str(coord.pk), {"account": "coord"}),
    ]
    assert verify_chain().intact


def test_no_password_is_stored_even_when_typed_as_the_name(client, world):
    start = _newest()
    client.post(reverse("login"), {"username": WRONG, "password": WRONG})  # the password typed into the name field
    client.post(reverse("login"), {"username": "coord", "password": WRONG})
    client.post(reverse("login"), {"username": "coord", "password": PASSWORD})
    assert _auth_rows(start)[0] == ("login_failed", "anonymous", None, "", {"account": None})
    stored = _everything_stored()
    assert WRONG not in stored and PASSWORD not in stored


def test_logging_out_when_not_logged_in_writes_nothing(client, world):
    start = _newest()
    client.post(reverse("logout"))
    assert _auth_rows(start) == []
