"""`aksjon analyse templates|rotation|networks|priority|all …`: run analyses and store their results."""
from django.core.management.base import BaseCommand, CommandError

from aksjon.analysis import pipeline
from aksjon.core.errors import DomainError
from aksjon.intel.management.commands._actor import SYSTEM_USER, command_actor
from aksjon.jobs.progress import ProgressBar


class Command(BaseCommand):
    help = "Run analyses in order (templates, rotation, networks, priority) and write their results back."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="+", metavar="NAME", help="templates, rotation, networks, priority or all")
        parser.add_argument("--user", help=f"the existing analyst the run is recorded under (default: {SYSTEM_USER})")

    def handle(self, *args, names, user, **options):
        actor = command_actor(user)
        try:
            names = pipeline.resolve(names)
        except ValueError as error:
            raise CommandError(str(error)) from error
        bar = ProgressBar(self.stderr)
        try:
            summaries = pipeline.run(names, actor=actor, progress=bar)
        except DomainError as error:
            raise CommandError(error.message) from error
        finally:
            bar.close()
        for name, summary in summaries.items():
            self.stdout.write(f"{name}: " + ", ".join(f"{key} {value}" for key, value in summary.items()))
