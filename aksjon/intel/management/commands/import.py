"""`aksjon import KIND FILE`: validate a source file and import it, all or nothing."""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aksjon import sources
from aksjon.accounts.models import User
from aksjon.core.errors import DomainError
from aksjon.intel.importing import import_file

SYSTEM_USER = "system-import"
BAR_WIDTH = 30


class Command(BaseCommand):
    help = ("Validate a source file and import it, all or nothing. On a bad row, print every problem as "
            "FILE:LINE: FIELD: REASON and exit 1.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sources.KINDS)
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help=f"import as this user (default: {SYSTEM_USER}, an analyst)")

    def handle(self, *args, kind, file, user, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        bar = ProgressBar(self.stderr)
        try:
            batch = import_file(actor=_actor(user), kind=kind, path=file, progress=bar)
        except DomainError as error:
            raise CommandError(f"{file}: {error.message}") from error
        finally:
            bar.close()
        if batch.status == "rejected":
            for problem in batch.errors:
                self.stderr.write(problem_line(str(file), problem))
            sys.exit(1)
        self.stdout.write(f"added: {batch.added}, unchanged: {batch.unchanged}")


def _actor(username: str | None) -> User:
    if username:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"no user named {username!r}") from None
    user, created = User.objects.get_or_create(username=SYSTEM_USER, defaults={"role": "analyst"})
    if created:
        user.set_unusable_password()  # a name in the audit log, not an account anyone logs in to
        user.save(update_fields=["password"])
    return user


def problem_line(file: str, problem: dict) -> str:
    """FILE:LINE: FIELD: REASON (a problem with no line is about the whole file)."""
    where = f"{file}:{problem['line']}" if problem.get("line") else file
    return ": ".join(part for part in (where, problem.get("field"), problem["reason"]) if part)


class ProgressBar:
    """A one-line bar on stderr, redrawn with a carriage return."""

    def __init__(self, out):
        self.out, self.drawn = out, False

    def __call__(self, phase: str, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else 0
        self.out.write(f"\r{phase:<10} [{'#' * filled}{' ' * (BAR_WIDTH - filled)}] {done}/{total}", ending="")
        self.out.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.out.write("")
