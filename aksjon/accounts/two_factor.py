"""Two-factor login: after the password, a real account gives a code from its authenticator app.

A real account (not `is_demo`) that logged in with its password is logged in but not verified
(django-otp's `request.user.is_verified()` is False). Until it is, every request is sent to the
code page — or, without a confirmed authenticator app, to the enrolment page — except those
pages, logging out and the language switch; an API request gets 401 in the error shape instead.
Passing the second factor is kept in the session (django-otp's `otp_device_id`), so whatever
later issues tokens can ask for a two-factor session.
"""
from __future__ import annotations

from binascii import unhexlify
from time import time

from django.conf import settings
from django.contrib.auth import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django_htmx.http import HttpResponseClientRedirect
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from aksjon.core.errors import DomainError
from aksjon.core.text import gettext_noop
from aksjon.web.middleware import wants_json

VERIFY, ENROL = "totp_verify", "totp_enrol"
# What an unverified user may still reach: the two pages of the second factor, logging out, the language.
OPEN_TO_UNVERIFIED = {VERIFY, ENROL, "logout", "set_language"}
# Session keys: the secret being enrolled, wrong codes in this session, the page asked for before the code.
ENROL_KEY, FAILURES, WANTED = "aksjon_totp_key", "aksjon_totp_failures", "aksjon_after_second_factor"
# Wrong codes in one session before it is logged out (the device's own throttle, which doubles the wait
# after each wrong code and survives logging in again, keeps a guesser slow across sessions).
MAX_FAILURES = 5
CODE_DIGITS = 6
STATIC_PREFIX = "/" + settings.STATIC_URL.lstrip("/")


class SecondFactorRequired(DomainError):
    """An API request from a session that has given its password but not yet its code."""

    code = "second_factor_required"
    status = 401


def needs_second_factor(user) -> bool:
    """A logged-in real account whose session has not passed the second factor yet."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated or user.is_demo:
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def code_step(key_hex: str, code: str) -> int | None:
    """The time step at which `code` is right for the secret `key_hex` (one step of clock drift
    either way, as the device allows), or None when it is not."""
    if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
        return None
    totp = TOTP(unhexlify(key_hex))
    totp.time = time()
    return totp.t() if totp.verify(int(code), tolerance=1) else None


def page_after(request) -> str:
    """Where to go once the second factor is passed: the page asked for, if it is one of ours."""
    wanted = request.session.pop(WANTED, "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return settings.LOGIN_REDIRECT_URL


@receiver(user_logged_in, dispatch_uid="aksjon-two-factor-login")
def _password_login(sender, request, user, **kwargs):
    # Logging in again in the same browser keeps the session's data: the second factor must be
    # given again all the same, and the count of wrong codes starts afresh.
    if request is not None and not hasattr(user, "otp_device"):
        for key in (DEVICE_ID_SESSION_KEY, FAILURES, ENROL_KEY):
            request.session.pop(key, None)


class TwoFactorMiddleware:
    """Send an unverified real account to the code (or enrolment) page before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(request.user):
            name = _url_name(request)
            if name not in OPEN_TO_UNVERIFIED and not request.path_info.startswith(STATIC_PREFIX):
                return self._refuse(request, name)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, name: str | None):
        # The JSON answers (their URL names start with api_, as the contract tests expect) get JSON.
        if wants_json(request) or (name or "").startswith("api_"):
            error = SecondFactorRequired(gettext_noop("Give the code from your authenticator app first."))
            return JsonResponse(error.as_dict(gettext), status=error.status)
        target = VERIFY if confirmed_device(request.user) else ENROL
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(redirect(target).url)
        if request.method == "GET":
            request.session[WANTED] = request.get_full_path()
        return redirect(target)


def _url_name(request) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def failure_message(count: int) -> str:
    left = MAX_FAILURES - count
    return ngettext("That code is not right. %(left)d try left before you are logged out.",
                    "That code is not right. %(left)d tries left before you are logged out.", left) % {"left": left}
