"""State changes of user accounts, each in one transaction with its audit row.

Only the bootstrap creates users today (the demo, benchmarks: `actor=None`, recorded as
"system"); managing users in the interface is the work of a later issue, and will ask
the policy (`add user`) through the same action.
"""
from __future__ import annotations

from django.db import transaction

from aksjon.accounts.access import ADD, restrict
from aksjon.accounts.models import Agency, District, User
from aksjon.audit.log import record_write, snapshot
from aksjon.core import vocabulary
from aksjon.core.errors import InvalidInput
from aksjon.core.text import gettext_noop

# What the audit row keeps of a user: never the password hash.
SECRET_FIELDS = {"password"}


def create_user(*, actor, username: str, role: str, district: District | None = None, agency: Agency | None = None,
                full_name: str = "", password: str | None = None, email: str = "") -> User:
    """A user with one role, in a district or an agency; `actor=None` is the system's bootstrap."""
    if actor is not None:
        restrict(User.objects.all(), actor, ADD)
    if role not in vocabulary.codes("roles"):
        raise InvalidInput(gettext_noop("Unknown role."), field="role")
    if User.objects.filter(username=username).exists():
        raise InvalidInput(gettext_noop("A user with this name exists already."), field="username")
    given, _, family = full_name.partition(" ")
    with transaction.atomic():
        user = User(username=username, role=role, district=district, agency=agency, first_name=given,
                    last_name=family, email=email.strip())
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        record_write(actor, "create_user", user, before=None,
                     after={k: v for k, v in snapshot(user).items() if k not in SECRET_FIELDS})
    return user
