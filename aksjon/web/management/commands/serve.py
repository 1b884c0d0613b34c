"""`aksjon serve`: migrate when needed and serve on 127.0.0.1 with waitress."""
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_if_needed(stdout) -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        stdout.write("Migrating the database …")
        call_command("migrate", interactive=False, verbosity=0)


class Command(BaseCommand):
    help = "Serve Aksjon (migrating first when needed). Binds 127.0.0.1 unless told otherwise."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        migrate_if_needed(self.stdout)
        serve(host, port, threads, self.stdout)


def serve(host: str, port: int, threads: int, stdout) -> None:
    from waitress import serve as waitress_serve

    from aksjon.wsgi import application

    stdout.write(f"Aksjon is at http://{host}:{port}/  (Ctrl+C stops it)")
    stdout.flush()
    waitress_serve(application, host=host, port=port, threads=threads, ident="aksjon")
