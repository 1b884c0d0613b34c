"""`aksjon demo`: migrate, load the action-week demo, print the demo logins, serve."""
from django.core.management.base import BaseCommand

from aksjon.demo.scenario import load_demo
from aksjon.demo.users import DEMO_PASSWORD, DEMO_USERS
from aksjon.reports.figures import operation_figures
from aksjon.web.management.commands.serve import migrate_if_needed, serve


class Command(BaseCommand):
    help = "Set up and start the demo: the March 2024 action week, one user per role."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--seed", type=int, default=11, help="Scenario generator seed.")
        parser.add_argument("--no-serve", action="store_true", help="Load the demo and stop.")

    def handle(self, *args, host, port, seed, no_serve, **options):
        migrate_if_needed(self.stdout)
        self.stdout.write("Loading the demo scenario (first run takes a little while) …")
        self.stdout.flush()
        operation = load_demo(seed)
        self._print_summary(operation, host, port)
        if not no_serve:
            serve(host, port, 8, self.stdout)

    def _print_summary(self, operation, host, port) -> None:
        from aksjon.accounts.models import User

        figures = operation_figures(User.objects.get(username="koordinator"), operation)
        self.stdout.write(
            f"\n{operation.name}: {figures.persons_met} persons met at {figures.venues} venues "
            f"in {figures.towns} towns, {figures.districts} districts.\n")
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}; demo users log in without a second "
                          "factor, which every real account needs):")
        for username, role, district, agency, _name in DEMO_USERS:
            where = district or agency or "national"
            self.stdout.write(f"  {username:<16} {role:<16} {where}")
        self.stdout.write(f"\nOpen http://{host}:{port}/\n")
