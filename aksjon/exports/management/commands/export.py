"""`aksjon export KIND [FILTER=VALUE …] [--format csv|xlsx] [--out FILE] --user NAME`."""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aksjon.accounts.models import User
from aksjon.core.errors import DomainError
from aksjon.exports.actions import export_records
from aksjon.exports.registry import all_kinds, refuse_reserved
from aksjon.exports.writers import FORMATS


def _kinds_help() -> str:
    lines = [f"  {kind.name}: filters {', '.join(kind.filters) or '-'}" for kind in all_kinds()]
    return "kinds and their filters:\n" + "\n".join(lines)


class Command(BaseCommand):
    help = ("Export the records a user may see as CSV or XLSX, through the same access rule and audit row "
            "as the download links. Filters are FILTER=VALUE pairs, e.g. status=approved.")

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, formatter_class=RawDescriptionHelpFormatter, **kwargs)
        parser.epilog = _kinds_help()
        return parser

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[kind.name for kind in all_kinds()], metavar="KIND")
        parser.add_argument("filters", nargs="*", metavar="FILTER=VALUE")
        parser.add_argument("--format", choices=list(FORMATS), dest="fmt",
                            help="csv or xlsx (default: from --out's suffix, else csv)")
        parser.add_argument("--out", type=Path, help="file to write (default: aksjon-KIND-TIMESTAMP.FORMAT here)")
        parser.add_argument("--user", required=True, help="export as this user: their role and district decide")

    def handle(self, *args, kind, filters, fmt, out, user, **options):
        actor = _user(user)
        given = _pairs(filters)
        fmt = fmt or (out.suffix.lstrip(".").lower() if out and out.suffix.lstrip(".").lower() in FORMATS else "csv")
        try:
            refuse_reserved(given)
            result = export_records(actor=actor, kind=kind, fmt=fmt, **given)
        except DomainError as error:
            raise CommandError(error.message) from error
        if out is None:
            out = Path(f"aksjon-{kind}-{timezone.localtime():%Y%m%d-%H%M%S}.{fmt}")
        result.write_to(out)
        self.stdout.write(f"wrote {result.rows} {kind} rows to {out}")


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"no user named {username!r}") from None


def _pairs(items: list[str]) -> dict[str, str]:
    pairs = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CommandError(f"{item!r}: give filters as FILTER=VALUE")
        pairs[name.strip()] = value
    return pairs
