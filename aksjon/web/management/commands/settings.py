"""`aksjon settings`: every environment variable Aksjon reads, its default, its value here and what it does."""
import os

from django.core.management.base import BaseCommand

from aksjon.settings import ENVIRONMENT

SECRET = {"AKSJON_SECRET_KEY", "AKSJON_AUDIT_KEY"}


class Command(BaseCommand):
    help = "List the AKSJON_* environment variables with their defaults, current values and meaning."

    def handle(self, *args, **options):
        for name, default, meaning in ENVIRONMENT:
            value = os.environ.get(name)
            shown = "(set, not shown)" if value and name in SECRET else value
            self.stdout.write(f"{name}\n  default: {default or '(empty)'}\n"
                              f"  here:    {shown if value is not None else '(default)'}\n  {meaning}\n")
