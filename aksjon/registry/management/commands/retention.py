"""`aksjon retention run [--dry-run] [--today YYYY-MM-DD]` and `aksjon retention rules`: the
retention rules of aksjon/data/retention.toml, what they change today, and applying them
(docs/protection.md)."""
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aksjon.core.errors import DomainError
from aksjon.core.parse import calendar_date
from aksjon.registry.actions import run_retention
from aksjon.registry.retention import RulesError, load_rules


class Command(BaseCommand):
    help = ("Retention. 'rules' prints the configured rules; 'run' applies them (pseudonymise, delete, "
            "blank) with one audit row per category; 'run --dry-run' lists what would change and changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("task", choices=["run", "rules"])
        parser.add_argument("--dry-run", action="store_true", help="list what would change; change nothing")
        parser.add_argument("--today", help="the day to judge ages by, YYYY-MM-DD (default: today)")

    def handle(self, *args, task, dry_run, today, **options):
        try:
            rules = load_rules()
            if task == "rules":
                return self._rules(rules)
            day = calendar_date(today, field="today") if today else timezone.localdate()
            items = run_retention(actor=None, today=day, dry_run=dry_run, rules=rules)
        except (RulesError, DomainError) as error:
            raise CommandError(str(getattr(error, "message", error))) from error
        self._table(rules, items)
        changed = sum(item.action != "keep" for item in items)
        self.stdout.write(f"dry run for {day}: nothing changed; {changed} records would change" if dry_run else
                          f"retention run for {day}: {changed} records changed, one audit row per category")

    def _rules(self, rules) -> None:
        for rule in rules:
            purposes = f" (purposes: {', '.join(rule.purposes)})" if rule.purposes else ""
            self.stdout.write(f"{rule.category}: after {rule.age}{purposes}\n  {rule.reason_en}\n  {rule.reason_nb}"
                              f"\n  {rule.basis_en}\n  {rule.basis_nb}")

    def _table(self, rules, items) -> None:
        counts = Counter((item.category, item.action, item.reason) for item in items)
        self.stdout.write(f"{'category':<24} {'action':<13} {'count':>7}  reason")
        for rule in rules:
            lines = [(key, n) for key, n in counts.items() if key[0] == rule.category]
            for (category, action, reason), n in lines or [((rule.category, "-", "nothing to do"), 0)]:
                self.stdout.write(f"{category:<24} {action:<13} {n:>7}  {reason}")
