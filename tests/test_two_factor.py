"""Two-factor login: a real account gives a code from its authenticator app after the password,
before any page; demo users are exempt and marked (aksjon/accounts/two_factor.py)."""
from __future__ import annotations

from binascii import unhexlify
from time import time

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from aksjon.accounts.actions import create_user
from aksjon.accounts.models import User
from aksjon.accounts.two_factor import ENROL_KEY
from aksjon.audit.models import AuditEntry
from aksjon.audit.verify import verify_chain
from aksjon.demo.users import DEMO_PASSWORD, ensure_demo_users
from tests.conftest import PASSWORD, make_user

STEP = 30
CODE, ENROL = "/login/code/", "/login/enrol/"


@pytest.fixture(autouse=True)
def two_factor_on(settings, two_factor_off):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def officer(db):
    return make_user("officer.oslo", "field_officer", district="Oslo")


def code_for(key_hex: str, steps_ahead: int = 0) -> str:
    """What an authenticator app with this secret shows now (or `steps_ahead` steps of 30 s later)."""
    totp = TOTP(unhexlify(key_hex))
    totp.time = time() + steps_ahead * STEP
    return f"{totp.token():06d}"


def wrong_code(key_hex: str) -> str:
    right = {code_for(key_hex, ahead) for ahead in range(-3, 4)}
    return next(f"{n:06d}" for n in range(123456, 999999) if f"{n:06d}" not in right)


def log_in(client, username: str, password: str = PASSWORD):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, "the password was not taken"
    return response


def enrol(client, user) -> TOTPDevice:
    log_in(client, user.username)
    assert client.get(ENROL).status_code == 200
    key = client.session[ENROL_KEY]
    assert client.post(ENROL, {"code": code_for(key)}).status_code == 302
    return TOTPDevice.objects.get(user=user)


def verbs_since(seq: int) -> list[str]:
    return list(AuditEntry.objects.filter(seq__gt=seq).order_by("seq").values_list("verb", flat=True))


def newest_seq() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_a_real_account_with_its_password_is_sent_to_set_up_its_app(client, officer):
    log_in(client, "officer.oslo")
    for path in ["/", reverse("operation_list"), reverse("followup_list"), reverse("venue_list")]:
        response = client.get(path)
        assert (response.status_code, response.url) == (302, ENROL), path
    page = client.get(ENROL)
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "otpauth://totp/Aksjon" in body
    assert TOTPDevice.objects.filter(user=officer).count() == 0  # nothing stored before a code proves the app


def test_enrolling_with_the_right_code_verifies_the_session(client, officer):
    start = newest_seq()
    log_in(client, "officer.oslo")
    client.get(reverse("followup_list"))  # asked for before the code: shown after it
    client.get(ENROL)
    key = client.session[ENROL_KEY]
    response = client.post(ENROL, {"code": code_for(key)})
    assert (response.status_code, response.url) == (302, reverse("followup_list"))
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed and device.key == key
    assert client.get(reverse("followup_list")).status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id  # the session says: second factor passed
    assert verbs_since(start) == ["login", "enrol_totp"]
    assert key not in str(AuditEntry.objects.get(verb="enrol_totp").after)  # never the secret in the trail
    assert verify_chain().intact


def test_a_wrong_code_sets_up_nothing(client, officer):
    log_in(client, "officer.oslo")
    client.get(ENROL)
    key = client.session[ENROL_KEY]
    response = client.post(ENROL, {"code": wrong_code(key)})
    assert response.status_code == 200 and "Koden er ikke riktig" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert client.get("/").url == ENROL
    for not_a_code in ["12345", "1234567", "abcdef", "١٢٣٤٥٦"]:  # only six ASCII digits are a code
        assert client.post(ENROL, {"code": not_a_code}).status_code == 200
    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_logging_in_again_asks_for_the_code_and_not_for_a_new_app(client, officer):
    device = enrol(client, officer)
    client.post(reverse("logout"))
    log_in(client, "officer.oslo")
    assert client.get(reverse("operation_list")).url == CODE
    assert client.get(ENROL).url == reverse("totp_verify")  # the password alone may not replace the app
    start = newest_seq()
    response = client.post(CODE, {"code": code_for(device.key, steps_ahead=1)})
    assert (response.status_code, response.url) == (302, reverse("operation_list"))
    assert client.get(reverse("operation_list")).status_code == 200
    assert verbs_since(start) == ["verify_totp"]
    assert TOTPDevice.objects.count() == 1


def test_the_code_just_used_is_not_taken_twice(client, officer):
    log_in(client, "officer.oslo")
    client.get(ENROL)
    used = code_for(client.session[ENROL_KEY])
    assert client.post(ENROL, {"code": used}).status_code == 302
    client.post(reverse("logout"))
    log_in(client, "officer.oslo")
    # The enrolment's code (and any older one) is used up: a replayed code is wrong.
    assert client.post(CODE, {"code": used}).status_code == 200
    assert client.get("/").url == CODE


def test_logging_in_again_in_the_same_browser_asks_for_the_code_again(client, officer):
    enrol(client, officer)
    assert client.get(reverse("operation_list")).status_code == 200
    log_in(client, "officer.oslo")  # no logout between: the session's data is kept, its second factor not
    assert client.get(reverse("operation_list")).url == CODE


def test_a_wrong_code_is_refused_and_recorded(client, officer):
    device = enrol(client, officer)
    client.post(reverse("logout"))
    log_in(client, "officer.oslo")
    start = newest_seq()
    response = client.post(CODE, {"code": wrong_code(device.key)})
    assert response.status_code == 200 and "4 forsøk igjen" in response.content.decode()
    assert client.get(reverse("operation_list")).url == CODE
    row = AuditEntry.objects.get(seq__gt=start)
    assert (row.verb, row.kind, row.username, row.after) == ("failed_second_factor", "auth", "officer.oslo",
                                                              {"account": "officer.oslo"})


def test_while_the_app_is_throttled_even_the_right_code_waits(client, officer):
    device = enrol(client, officer)
    client.post(reverse("logout"))
    log_in(client, "officer.oslo")
    client.post(CODE, {"code": wrong_code(device.key)})
    start = newest_seq()
    # django-otp makes the next try wait 1 s after one wrong code (2, 4, 8 … after more, across logins).
    response = client.post(CODE, {"code": code_for(device.key, steps_ahead=1)})
    assert response.status_code == 200 and "vent noen sekunder" in response.content.decode()
    assert verbs_since(start) == [] and client.get("/").url == CODE


def test_five_wrong_codes_log_out(client, officer, settings):
    device = enrol(client, officer)
    client.post(reverse("logout"))
    log_in(client, "officer.oslo")
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the session's own limit alone, without the device's waits
    start = newest_seq()
    for _ in range(4):
        assert client.post(CODE, {"code": wrong_code(device.key)}).status_code == 200
    response = client.post(CODE, {"code": wrong_code(device.key)})
    assert (response.status_code, response.url) == (302, reverse("login"))
    assert client.get(reverse("operation_list")).url.startswith(reverse("login"))  # logged out, not just refused
    assert verbs_since(start) == ["failed_second_factor"] * 5 + ["logout"]
    # Logging in again gives five new tries, and the right code still works.
    log_in(client, "officer.oslo")
    assert client.post(CODE, {"code": code_for(device.key, steps_ahead=1)}).status_code == 302
    assert client.get(reverse("operation_list")).status_code == 200


def test_before_the_code_nothing_is_reached_or_written(client, officer):
    enrol(client, officer)
    client.post(reverse("logout"))
    log_in(client, "officer.oslo")
    start = newest_seq()
    assert client.post(reverse("venue_create"), {"name": "Ny"}).url == CODE
    assert client.get(reverse("audit_list")).url == CODE
    htmx = client.get(reverse("followup_list"), headers={"HX-Request": "true"})
    assert htmx.headers["HX-Redirect"] == CODE  # a fragment request turns the whole page to the code page
    assert verbs_since(start) == []


def test_the_api_answers_401_in_the_error_shape_not_a_redirect(client, officer):
    log_in(client, "officer.oslo")
    for url in [reverse("api_operation_report", args=[1]), reverse("api_report_trends")]:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "second_factor_required"
    asked = client.get(reverse("operation_list"), headers={"Accept": "application/json"})
    assert asked.status_code == 401 and asked.json()["error"]["message"]


def test_logging_out_and_the_language_switch_work_before_the_code(client, officer):
    log_in(client, "officer.oslo")
    switched = client.post(reverse("set_language"), {"language": "en", "next": ENROL})
    assert (switched.status_code, switched.url) == (302, ENROL)
    assert "Set up two-factor login" in client.get(ENROL).content.decode()
    assert client.get("/static/aksjon/app.css").status_code == 200
    out = client.post(reverse("logout"))
    assert (out.status_code, out.url) == (302, reverse("login"))
    assert client.get(ENROL).url.startswith(reverse("login"))


def test_a_demo_user_goes_straight_in_and_is_marked(client, db):
    create_user(actor=None, username="demo.felt", role="field_officer", full_name="Demo Felt", password=PASSWORD,
                is_demo=True)
    log_in(client, "demo.felt")
    response = client.get(reverse("venue_list"))
    assert response.status_code == 200
    assert '<span class="demo-badge"' in response.content.decode()
    assert client.get(CODE).url == reverse("home") and client.get(ENROL).url == reverse("home")


def test_a_real_account_carries_no_demo_mark(client, officer):
    enrol(client, officer)
    body = client.get(reverse("venue_list")).content.decode()
    assert "officer.oslo" in body  # the header names the user, with no mark beside
    assert "demo-badge" not in body


def test_the_demo_users_are_demo_users_even_in_an_older_demo_folder(db):
    ensure_demo_users()
    assert set(User.objects.values_list("is_demo", flat=True)) == {True}
    User.objects.filter(username="felt.oslo").update(is_demo=False)  # made before the mark existed
    start = newest_seq()
    assert ensure_demo_users()["field_officer"].is_demo
    assert User.objects.get(username="felt.oslo").is_demo and verbs_since(start) == ["mark_demo_user"]


def test_a_demo_user_logs_in_with_the_published_password_alone(client, db):
    ensure_demo_users()
    log_in(client, "felt.oslo", DEMO_PASSWORD)
    assert client.get(reverse("followup_list")).status_code == 200


def test_with_two_factor_off_a_real_account_goes_straight_in(client, officer, settings):
    settings.TWO_FACTOR_REQUIRED = False
    log_in(client, "officer.oslo")
    assert client.get(reverse("followup_list")).status_code == 200
    assert client.get(CODE).url == reverse("home")


def test_two_factor_is_on_unless_turned_off():
    from aksjon.settings import ENVIRONMENT

    assert dict((name, default) for name, default, _help in ENVIRONMENT)["AKSJON_TWO_FACTOR"] == "true"
