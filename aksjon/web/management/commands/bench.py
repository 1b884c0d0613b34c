"""`aksjon bench NAME [--out FILE] [--set key=value …]`: run a benchmark, print and save its figures."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aksjon import bench
from aksjon.bench import BENCHMARKS, lines, write


class Command(BaseCommand):
    help = "Run a benchmark: " + ", ".join(BENCHMARKS) + ". Figures go to stdout and bench-results/NAME.json."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(BENCHMARKS))
        parser.add_argument("--out", type=Path, help="JSON file (default bench-results/NAME.json)")
        parser.add_argument("--set", dest="options", action="append", default=[], metavar="KEY=VALUE",
                            help="a parameter for the benchmark, e.g. --set scale=week (repeatable)")

    def handle(self, *args, name, out, options, **rest):
        try:
            kwargs = dict(_option(o) for o in options)
        except ValueError as error:
            raise CommandError(str(error)) from error
        figures = bench.find(name)(**kwargs)
        for line in lines(figures):
            self.stdout.write(line)
        write(name, figures, out or Path("bench-results") / f"{name}.json")


def _option(text: str) -> tuple[str, object]:
    key, sep, value = text.partition("=")
    if not sep:
        raise ValueError(f"option {text!r} is not key=value")
    return key, int(value) if value.lstrip("-").isdigit() else value
