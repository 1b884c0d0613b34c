"""State changes in the register. Each action: one transaction, one audit row (retention: one
transaction and one row per category)."""
from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from aksjon.accounts.access import ADD, BLOCK, CHANGE, ensure_in_scope, get_for, restrict
from aksjon.audit.log import record_write, snapshot
from aksjon.core.errors import InvalidInput, NotFound
from aksjon.core.orgnr import clean_orgnr
from aksjon.core.phones import normalise, to_e164
from aksjon.core.text import gettext_noop
from aksjon.registry.models import Address, Person, Phone, RegisteredUnit, Town, Venue

BLOCKED_REASON_MAX = Person._meta.get_field("blocked_reason").max_length


def phone_for(raw: str, *, source: str = "manual") -> Phone:
    """The Phone row for a number as written; part of the calling action's write. A possible
    number outside the known assigned ranges is kept, flagged (`in_assigned_range`)."""
    e164 = to_e164(raw)
    phone, _ = Phone.objects.get_or_create(e164=e164, defaults={"source": source,
                                                                "in_assigned_range": normalise(raw)[1]})
    return phone


def create_venue(*, actor, name: str, town: Town, street: str, postcode: str = "",
                 orgnr: str = "", phones: list[str] = (), notes: str = "") -> Venue:
    """A new venue in `town`; its district follows the town."""
    restrict(Venue.objects.all(), actor, ADD)
    if not name.strip():
        raise InvalidInput(gettext_noop("A venue needs a name."), field="name")
    numbers = [to_e164(p) for p in phones if p.strip()]  # validate all before writing any
    unit_orgnr = clean_orgnr(orgnr) if orgnr.strip() else ""
    with transaction.atomic():
        address = Address.objects.create(street=street.strip(), postcode=postcode.strip(), town=town,
                                         postal_town=town.name.upper(), created_by=actor)
        venue = Venue.objects.create(name=name.strip(), address=address, town=town, district=town.district,
                                     notes=notes, created_by=actor, unit=_unit(unit_orgnr, name, actor))
        venue.phones.set([phone_for(n) for n in numbers])
        ensure_in_scope(actor, ADD, venue)
        record_write(actor, "create_venue", venue, before=None,
                     after=snapshot(venue) | {"phones": numbers, "address": str(address)})
    return venue


def _unit(orgnr: str, name: str, actor) -> RegisteredUnit | None:
    if not orgnr:
        return None
    unit, _ = RegisteredUnit.objects.get_or_create(
        orgnr=orgnr, defaults={"name": name, "form": "", "created_by": actor, "source": "manual"})
    return unit


def block_person(*, actor, person: Person, reason: str) -> Person:
    """Block a person's record: it stays, so its persons met, screenings and figures hold, but
    restrict() hides it from every role (its page answers 404, lists name it "Blocked record")."""
    person = get_for(actor, BLOCK, Person, pk=person.pk)  # a blocked one is hidden already: 404
    reason = reason.strip()
    if not reason or len(reason) > BLOCKED_REASON_MAX:
        raise InvalidInput(gettext_noop("Say in a few words why the record is blocked."), field="reason")
    with transaction.atomic():
        before = _blocking(person)
        person.blocked_at, person.blocked_reason = timezone.now(), reason
        person.save(update_fields=["blocked_at", "blocked_reason"])
        record_write(actor, "block_person", person, before=before, after=_blocking(person))
    return person


def unblock_person(*, actor, person: Person) -> Person:
    """Show a blocked person again. Only national roles may block, so the record is found
    without the district scope that restrict() would apply."""
    restrict(Person.objects.none(), actor, BLOCK)  # AccessDenied for a role that may not
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(pk=person.pk, blocked_at__isnull=False).first()
        if person is None:
            raise NotFound(gettext_noop("Not found."))
        before = _blocking(person)
        person.blocked_at, person.blocked_reason = None, ""
        person.save(update_fields=["blocked_at", "blocked_reason"])
        record_write(actor, "unblock_person", person, before=before, after=_blocking(person))
    return person


def _blocking(person: Person) -> dict:
    return {"blocked_at": person.blocked_at.isoformat() if person.blocked_at else None,
            "blocked_reason": person.blocked_reason}


def run_retention(*, actor=None, today: date, dry_run: bool = False, rules=None) -> list:
    """The retention rules (aksjon/data/retention.toml) applied on `today`: the plan, a list of
    retention.Item. A dry run only plans; a real run applies each category in its own transaction
    with one audit row. The command runs as the system (actor None); a user needs BLOCK."""
    from aksjon.registry import retention  # it reads follow-ups and screenings, which import this app

    if actor is not None:
        restrict(Person.objects.none(), actor, BLOCK)
    rules = retention.load_rules() if rules is None else rules
    if dry_run:
        return retention.make_plan(rules, today)
    return retention.run(rules, today, actor=actor)


CORRECTABLE = ("given_name", "family_name", "birth_date")


def correct_person(*, actor, person: Person, reason: str, **changes) -> Person:
    """Correct a wrong record about a person (the police register act's duty to correct):
    names and birth date, with the reason; the audit row keeps what it was and why."""
    person = get_for(actor, CHANGE, Person, pk=person.pk)
    if set(changes) - set(CORRECTABLE) or not changes:
        raise InvalidInput(gettext_noop("Only the names and the birth date can be corrected here."), field="changes")
    if not reason.strip():
        raise InvalidInput(gettext_noop("Say why the record is corrected."), field="reason")
    if changes.get("birth_date") and changes["birth_date"] > timezone.localdate():
        raise InvalidInput(gettext_noop("A birth date cannot lie in the future."), field="birth_date")
    with transaction.atomic():
        before = snapshot(person)
        for name, value in changes.items():
            setattr(person, name, value.strip() if isinstance(value, str) else value)
        person.verified = True  # an officer has checked it against the person or a document
        person.save()
        record_write(actor, "correct_person", person, before=before,
                     after=snapshot(person) | {"reason": reason.strip()[:500]})
    return person
