"""Retention: the rules per category (aksjon/data/retention.toml), the plan they give on a day,
and applying it. `run_retention` in aksjon/registry/actions.py is the action; `aksjon retention`
the command; docs/protection.md says what each rule does and why.

A plan is a list of items (category, record, action, reason). Each category runs in its own
transaction with one audit row naming counts and record ids, never a name.
"""
from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from aksjon.audit.log import BLANK_VERB, _append, blank_payload
from aksjon.audit.models import WRITE, AuditEntry
from aksjon.core import vocabulary
from aksjon.followup.models import FollowUp
from aksjon.intel.models import Inspection, Tip
from aksjon.registry.models import Ad, Person, Role
from aksjon.screening.models import Screening

RULES_FILE = "retention.toml"
PSEUDONYMISE, DELETE, BLANK, KEEP = "pseudonymise", "delete", "blank", "keep"
RUN_VERB = "retention_run"
# The categories the code knows, in the order of the file; a rule for any other is refused.
PERSON_CATEGORIES = ("persons_no_indications", "persons_review_date")
CATEGORIES = (*PERSON_CATEGORIES, "tips", "inspections", "ads", "roles", "audit")
TEXT_KEYS = ("reason_nb", "reason_en", "basis_nb", "basis_en")
KEPT_FOLLOWUP = "kept: a follow-up about them is open"
KEPT_INDICATIONS = "kept: a screening found indications"
CHUNK = 500


class RulesError(ValueError):
    """A retention file that cannot be used: names the file and the key."""

    def __init__(self, source: str, key: str, problem: str):
        super().__init__(f"{source}: {key}: {problem}")


@dataclass(frozen=True)
class Rule:
    category: str
    days: int | None
    years: int | None
    reason_nb: str
    reason_en: str
    basis_nb: str
    basis_en: str
    purposes: tuple[str, ...] = ()

    @property
    def age(self) -> str:
        return f"{self.years} years" if self.years is not None else f"{self.days} days"

    def cutoff(self, today: date) -> date:
        """Records dated before this day are old enough for the rule."""
        if self.years is None:
            return today - timedelta(days=self.days)
        try:
            return today.replace(year=today.year - self.years)
        except ValueError:  # 29 February in a year without it
            return today.replace(year=today.year - self.years, day=28)

    def cutoff_moment(self, today: date) -> datetime:
        return timezone.make_aware(datetime.combine(self.cutoff(today), time.min))


@dataclass(frozen=True)
class Item:
    """One line of the plan: what happens to one record, and why."""

    category: str
    ref: str
    action: str
    reason: str


# Rules

def load_rules(path: Path | None = None) -> list[Rule]:
    """The rules of `path` (default: the shipped aksjon/data/retention.toml), checked whole."""
    if path is None:
        source, text = f"aksjon/data/{RULES_FILE}", resources.files("aksjon.data").joinpath(RULES_FILE).read_text()
    else:
        source, text = str(path), Path(path).read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(source, "(file)", f"not valid TOML: {error}") from None
    return [_rule(source, category, table) for category, table in data.items()]


def _rule(source: str, category: str, table) -> Rule:
    if category not in CATEGORIES:
        raise RulesError(source, category, f"unknown category; known: {', '.join(CATEGORIES)}")
    if not isinstance(table, dict):
        raise RulesError(source, category, "must be a table of keys")
    allowed = {"after_days", "after_years", *TEXT_KEYS} | ({"purposes"} if category in PERSON_CATEGORIES else set())
    if unknown := sorted(set(table) - allowed):
        raise RulesError(source, f"{category}.{unknown[0]}", f"unknown key; allowed: {', '.join(sorted(allowed))}")
    ages = [key for key in ("after_days", "after_years") if key in table]
    if len(ages) != 1:
        raise RulesError(source, f"{category}.after_days", "give exactly one of after_days and after_years")
    age = table[ages[0]]
    if type(age) is not int or age < 0:
        raise RulesError(source, f"{category}.{ages[0]}", f"must be a whole number of 0 or more, not {age!r}")
    texts = {key: _text(source, category, key, table.get(key)) for key in TEXT_KEYS}
    return Rule(category, age if ages[0] == "after_days" else None, age if ages[0] == "after_years" else None,
                purposes=_purposes(source, category, table), **texts)


def _text(source: str, category: str, key: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulesError(source, f"{category}.{key}", "a non-empty text is required")
    return value.strip()


def _purposes(source: str, category: str, table: dict) -> tuple[str, ...]:
    if category not in PERSON_CATEGORIES:
        return ()
    purposes = table.get("purposes")
    known = vocabulary.codes("purposes")
    if not isinstance(purposes, list) or not purposes or any(p not in known for p in purposes):
        raise RulesError(source, f"{category}.purposes", f"a list of purposes from: {', '.join(known)}")
    return tuple(purposes)


# The plan, category by category. `seen` holds the persons an earlier person rule decided.

def plan_category(rule: Rule, today: date, seen: set[int]) -> list[Item]:
    return PLANNERS[rule.category](rule, today, seen)


def make_plan(rules: Iterable[Rule], today: date) -> list[Item]:
    seen: set[int] = set()
    return [item for rule in rules for item in plan_category(rule, today, seen)]


def _persons_no_indications(rule: Rule, today: date, seen: set[int]) -> list[Item]:
    """Persons met whose last control is older than the rule."""
    persons = (_open_persons(rule).annotate(last_control=Max("encounters__control__started_at"))
               .filter(last_control__lt=rule.cutoff_moment(today)))
    return _decide_persons(rule, persons, seen)


def _persons_review_date(rule: Rule, today: date, seen: set[int]) -> list[Item]:
    return _decide_persons(rule, _open_persons(rule).filter(retain_until__lt=rule.cutoff(today)), seen)


def _open_persons(rule: Rule) -> QuerySet:
    return Person.objects.filter(pseudonymised_at__isnull=True, purpose__in=rule.purposes)


def _decide_persons(rule: Rule, persons: QuerySet, seen: set[int]) -> list[Item]:
    """Pseudonymise each person, unless a follow-up about them is open or a screening (draft or
    confirmed) found indications: then kept, with the reason."""
    # `seen` (an earlier rule's persons) is left out here, not in the query: it may hold more
    # ids than a query takes parameters; the follow-ups and screenings are read by a subquery.
    ids = sorted(set(persons.values_list("pk", flat=True)) - seen)
    chosen = persons.values("pk")
    followups = set(FollowUp.objects.filter(person_met__person__in=chosen).exclude(status="closed")
                    .values_list("person_met__person", flat=True))
    indications = set(Screening.objects.filter(person_met__person__in=chosen).exclude(outcome="no_indications")
                      .values_list("person_met__person", flat=True))
    seen.update(ids)
    items = []
    for pk in ids:
        reasons = [why for why, held in [(KEPT_FOLLOWUP, pk in followups), (KEPT_INDICATIONS, pk in indications)]
                   if held]
        action, reason = (KEEP, "; ".join(reasons)) if reasons else (PSEUDONYMISE, rule.reason_en)
        items.append(Item(rule.category, f"person:{pk}", action, reason))
    return items


def _deleting(kind: str, records: Callable[[Rule, date], QuerySet], action: str = DELETE):
    def plan(rule: Rule, today: date, seen: set[int]) -> list[Item]:
        return [Item(rule.category, f"{kind}:{pk}", action, rule.reason_en)
                for pk in records(rule, today).order_by("pk").values_list("pk", flat=True)]
    return plan


def old_tips(rule: Rule, today: date) -> QuerySet:
    return Tip.objects.filter(received_at__lt=rule.cutoff_moment(today))


def old_inspections(rule: Rule, today: date) -> QuerySet:
    return Inspection.objects.filter(date__lt=rule.cutoff(today))


def old_ads(rule: Rule, today: date) -> QuerySet:
    """Old ads with text or images left, whose venue is neither a target nor in a network."""
    return (Ad.objects.filter(observed_at__lt=rule.cutoff_moment(today))
            .exclude(text="", title="", image_hashes=[])
            .exclude(venue__targets__isnull=False).exclude(venue__networks__isnull=False))


def old_roles(rule: Rule, today: date) -> QuerySet:
    return Role.objects.filter(resigned=True, changed_on__lt=rule.cutoff(today))


def old_audit_rows(rule: Rule, today: date) -> QuerySet:
    """Rows older than the rule with a before or after left. The rows recording a blanking are
    never blanked: verify reads from them which rows were blanked."""
    return (AuditEntry.objects.filter(at__lt=rule.cutoff_moment(today)).exclude(verb=BLANK_VERB)
            .exclude(before__isnull=True, after__isnull=True))


def _audit_plan(rule: Rule, today: date, seen: set[int]) -> list[Item]:
    return [Item(rule.category, f"audit:{seq}", BLANK, rule.reason_en)
            for seq in old_audit_rows(rule, today).order_by("seq").values_list("seq", flat=True)]


PLANNERS = {
    "persons_no_indications": _persons_no_indications,
    "persons_review_date": _persons_review_date,
    "tips": _deleting("tip", old_tips),
    "inspections": _deleting("inspection", old_inspections),
    "ads": _deleting("ad", old_ads, BLANK),
    "roles": _deleting("role", old_roles),
    "audit": _audit_plan,
}


# Applying

def pseudonym(pk: int) -> str:
    """A stable pseudonym for a person: not the name, and not reversible without the secret key."""
    return "P-" + salted_hmac("aksjon.retention.pseudonym", str(pk), algorithm="sha256").hexdigest()[:8]


def run(rules: Iterable[Rule], today: date, *, actor) -> list[Item]:
    """Plan and apply each category in its own transaction, with its one audit row."""
    seen: set[int] = set()
    done = []
    for rule in rules:
        with transaction.atomic():
            items = plan_category(rule, today, seen)
            _apply(rule, items, today, actor)
        done += items
    return done


def _keys(items: list[Item], action: str) -> list[int]:
    return [int(item.ref.partition(":")[2]) for item in items if item.action == action]


def _chunks(keys: list[int]) -> Iterable[list[int]]:
    """Keys a few hundred at a time: a query takes only so many parameters (SQLite)."""
    for start in range(0, len(keys), CHUNK):
        yield keys[start:start + CHUNK]


def _apply(rule: Rule, items: list[Item], today: date, actor) -> None:
    if rule.category == "audit":
        seqs = _keys(items, BLANK)
        blank_payload(list(AuditEntry.objects.filter(seq__in=seqs)), actor=actor,
                      reason=f"{RUN_VERB} audit {today.isoformat()}: before/after older than {rule.age}")
        return
    APPLIERS[rule.category](items)
    counts = {action: sum(item.action == action for item in items) for action in (PSEUDONYMISE, DELETE, BLANK, KEEP)}
    records = {action: [item.ref for item in items if item.action == action] for action, n in counts.items() if n}
    # A category's row is about many records of one kind: it names the kind, its counts and the
    # record ids (never a name); there is no one record for record_write to name.
    _append(actor, WRITE, RUN_VERB, MODEL_OF[rule.category]._meta.label_lower, "", None,
            {"category": rule.category, "today": today.isoformat(), "age": rule.age, "counts": counts,
             "records": records})


def _pseudonymise(items: list[Item]) -> None:
    now = timezone.now()
    for ids in _chunks(_keys(items, PSEUDONYMISE)):
        persons = list(Person.objects.filter(pk__in=ids))
        for person in persons:
            person.given_name, person.family_name, person.birth_date = pseudonym(person.pk), "", None
            person.pseudonymised_at = now
        Person.objects.bulk_update(persons, ["given_name", "family_name", "birth_date", "pseudonymised_at"])
        Person.phones.through.objects.filter(person_id__in=ids).delete()


def _delete(model) -> Callable[[list[Item]], None]:
    def delete(items: list[Item]) -> None:
        for ids in _chunks(_keys(items, DELETE)):
            model.objects.filter(pk__in=ids).delete()
    return delete


def _blank_ads(items: list[Item]) -> None:
    for ids in _chunks(_keys(items, BLANK)):
        Ad.objects.filter(pk__in=ids).update(text="", title="", image_hashes=[])


APPLIERS = {
    "persons_no_indications": _pseudonymise,
    "persons_review_date": _pseudonymise,
    "tips": _delete(Tip),
    "inspections": _delete(Inspection),
    "ads": _blank_ads,
    "roles": _delete(Role),
}
MODEL_OF = {"persons_no_indications": Person, "persons_review_date": Person, "tips": Tip,
            "inspections": Inspection, "ads": Ad, "roles": Role}
