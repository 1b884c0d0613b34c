"""The user `aksjon import` and `aksjon link` act as."""
from django.core.management.base import CommandError

from aksjon.accounts.models import User

# The commands' own account: a name in the audit log, not an account anyone logs in to.
SYSTEM_USER = "system-import"


def command_actor(username: str | None) -> User:
    """The user a command acts as: one that exists, never one made on the spot (a typo must not become a
    new analyst in the audit log). Without --user, the system account, if someone has made it."""
    name = username or SYSTEM_USER
    try:
        return User.objects.get(username=name)
    except User.DoesNotExist:
        hint = "" if username else "; name an existing user with --user NAME"
        raise CommandError(f"no user named {name!r}{hint}") from None
