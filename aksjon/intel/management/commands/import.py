"""`aksjon import KIND FILE`: validate a source file and import it, all or nothing."""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aksjon import sources
from aksjon.core.errors import DomainError
from aksjon.intel.importing import import_file
from aksjon.intel.management.commands._actor import SYSTEM_USER, command_actor
from aksjon.jobs.progress import ProgressBar


class Command(BaseCommand):
    help = ("Validate a source file and import it, all or nothing. On a bad row, print every problem as "
            "FILE:LINE: FIELD: REASON and exit 1.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sources.KINDS)
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help=f"import as this existing user (default: {SYSTEM_USER}, if it exists)")

    def handle(self, *args, kind, file, user, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        actor = command_actor(user)
        bar = ProgressBar(self.stderr)
        try:
            batch = import_file(actor=actor, kind=kind, path=file, progress=bar)
        except DomainError as error:
            raise CommandError(f"{file}: {error.message}") from error
        finally:
            bar.close()
        if batch.status == "rejected":
            for problem in batch.errors:
                self.stderr.write(problem_line(str(file), problem))
            sys.exit(1)
        self.stdout.write(f"added: {batch.added}, unchanged: {batch.unchanged}")


def problem_line(file: str, problem: dict) -> str:
    """FILE:LINE: FIELD: REASON (a problem with no line is about the whole file)."""
    where = f"{file}:{problem['line']}" if problem.get("line") else file
    return ": ".join(part for part in (where, problem.get("field"), problem["reason"]) if part)
