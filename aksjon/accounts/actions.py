"""State changes of user accounts, each in one transaction with its audit row.

Only the bootstrap creates users today (the demo, benchmarks: `actor=None`, recorded as
"system"); managing users in the interface is the work of a later issue, and will ask
the policy (`add user`) through the same action.
"""
from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from aksjon.accounts.access import ADD, restrict
from aksjon.accounts.models import Agency, District, User
from aksjon.accounts.two_factor import code_step, confirmed_device
from aksjon.audit.log import record_auth, record_write, snapshot
from aksjon.core import vocabulary
from aksjon.core.errors import Conflict, InvalidInput
from aksjon.core.text import gettext_noop

# What the audit row keeps of a user: never the password hash.
SECRET_FIELDS = {"password"}


def create_user(*, actor, username: str, role: str, district: District | None = None, agency: Agency | None = None,
                full_name: str = "", password: str | None = None, email: str = "", is_demo: bool = False) -> User:
    """A user with one role, in a district or an agency; `actor=None` is the system's bootstrap.
    A demo user (`is_demo`) logs in without a second factor."""
    if actor is not None:
        restrict(User.objects.all(), actor, ADD)
    if role not in vocabulary.codes("roles"):
        raise InvalidInput(gettext_noop("Unknown role."), field="role")
    if User.objects.filter(username=username).exists():
        raise InvalidInput(gettext_noop("A user with this name exists already."), field="username")
    given, _, family = full_name.partition(" ")
    with transaction.atomic():
        user = User(username=username, role=role, district=district, agency=agency, first_name=given,
                    last_name=family, email=email.strip(), is_demo=is_demo)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        record_write(actor, "create_user", user, before=None,
                     after={k: v for k, v in snapshot(user).items() if k not in SECRET_FIELDS})
    return user


def mark_demo_user(*, actor, user: User) -> User:
    """Mark a user of the demo as one (its password is published; it needs no second factor).
    Only the demo's bootstrap calls it (`actor=None`), for demo users made before the mark existed."""
    if actor is not None:
        restrict(User.objects.all(), actor, ADD)
    with transaction.atomic():
        before = {"is_demo": user.is_demo}
        user.is_demo = True
        user.save(update_fields=["is_demo"])
        record_write(actor, "mark_demo_user", user, before=before, after={"is_demo": True})
    return user


def enrol_totp(*, actor: User, key: str, code: str) -> TOTPDevice:
    """Set up the authenticator app the user added with the secret `key` (hex), once its first
    `code` shows it works. Only while the account has none: a second one would let whoever
    knows the password alone replace the factor."""
    step = code_step(key, code)
    if step is None:
        raise InvalidInput(gettext_noop("That code is not right. Check the app shows Aksjon and try the newest code."),
                           field="code")
    with transaction.atomic():
        if confirmed_device(actor) is not None:
            raise Conflict(gettext_noop("This account has an authenticator app already."))
        # The code just given is used up: the next login needs a newer one.
        device = TOTPDevice.objects.create(user=actor, name="authenticator", key=key, confirmed=True, last_t=step)
        record_write(actor, "enrol_totp", device, before=None, after=_device_facts(device))
    return device


def verify_totp(*, actor: User, code: str) -> TOTPDevice | None:
    """Check a code from the user's authenticator app: the device that took it, or None for a
    wrong code, which is a failed second factor in the audit trail. While the device makes a
    guesser wait (django-otp doubles the wait after each wrong code) no code is tried."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=True).order_by("pk").first()
        if device is None:
            raise Conflict(gettext_noop("This account has no authenticator app yet."))
        if not device.verify_is_allowed()[0]:
            raise Conflict(gettext_noop("Too many wrong codes in a row: wait a few seconds and try again."))
        if device.verify_token(code):
            record_write(actor, "verify_totp", device, before=None, after=_device_facts(device))
            return device
        record_auth("failed_second_factor", user=actor, account=actor)
    return None


def _device_facts(device: TOTPDevice) -> dict:
    # Never the secret key: the audit trail would then hold the second factor itself.
    return {"user": device.user_id, "name": device.name, "confirmed": device.confirmed,
            "last_used_at": device.last_used_at.isoformat() if device.last_used_at else None}
