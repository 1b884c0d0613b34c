"""Logins, failed logins and logouts into the audit trail, from Django's own signals.

A failed login names the account only when the name typed is one: people type a
password into the name field, and the trail must never hold a password.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from aksjon.audit.log import record_auth


@receiver(user_logged_in, dispatch_uid="aksjon-audit-login")
def _logged_in(sender, request, user, **kwargs):
    record_auth("login", user=user, account=user)


@receiver(user_logged_out, dispatch_uid="aksjon-audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:  # logging out when not logged in changes nothing
        record_auth("logout", user=user, account=user)


@receiver(user_login_failed, dispatch_uid="aksjon-audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    record_auth("login_failed", account=_account_named(credentials.get("username")))


def _account_named(name):
    if not isinstance(name, str) or not name or len(name) > 150 or "\x00" in name:
        return None
    return get_user_model().objects.filter(username=name).first()
