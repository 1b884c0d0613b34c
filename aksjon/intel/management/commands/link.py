"""`aksjon link person|venue`: cross-reference the register and recompute the clusters."""
from django.core.management.base import BaseCommand, CommandError

from aksjon.core.errors import DomainError
from aksjon.intel.judging import newest_run
from aksjon.intel.linking import KINDS, link_new_persons, link_new_venue_records, run_linkage
from aksjon.intel.management.commands._actor import SYSTEM_USER, command_actor
from aksjon.jobs.progress import ProgressBar
from aksjon.registry.models import Person


class Command(BaseCommand):
    help = "Run the linkage model over persons or over units and venues; store pairs and clusters."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--user", help=f"the existing analyst the run is recorded under "
                                           f"(default: {SYSTEM_USER}, if it exists)")
        parser.add_argument("--new", action="store_true",
                            help="link the records added since the newest run (persons; or units, venues, tips, "
                                 "inspections and ads) to its clusters, with its saved model (no retraining)")

    def handle(self, *args, kind, user, new, **options):
        actor = command_actor(user)
        bar = ProgressBar(self.stderr)
        try:
            if new:
                return self._link_new(actor, kind)
            run = run_linkage(actor=actor, kind=kind, progress=bar)
        except DomainError as error:
            raise CommandError(error.message) from error
        finally:
            bar.close()
        self.stdout.write(f"{kind}: {run.records} records, {run.pairs} candidate pairs, "
                          f"timings {run.timings}")

    def _link_new(self, actor, kind) -> None:
        if kind == "venue":
            matches = link_new_venue_records(actor=actor)
        else:
            run = newest_run("person")
            if run is None:
                raise CommandError("no linkage run yet: run `aksjon link person` first")
            matches = link_new_persons(actor=actor, persons=Person.objects.filter(created_at__gt=run.started_at))
        self.stdout.write(f"{len(matches)} new records, {int(matches['joins_existing'].sum())} joined a cluster")
