"""Recording a control in the field. Each action: one transaction, one audit row."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from aksjon.accounts.access import ADD, ensure_in_scope, restrict
from aksjon.audit.log import record_write, snapshot
from aksjon.controls.models import Control, Finding, PersonMet, Vulnerability
from aksjon.core import vocabulary
from aksjon.core.errors import Conflict, InvalidInput
from aksjon.core.text import gettext_noop
from aksjon.operations.models import Target
from aksjon.registry.actions import phone_for
from aksjon.registry.models import Person

# Clocks on phones drift; a control a few minutes "in the future" is not an error.
CLOCK_TOLERANCE = timedelta(minutes=10)
# Records about persons met are reviewed for deletion after this long (see docs/protection.md).
PERSON_RETENTION = timedelta(days=5 * 365)


def record_control(*, actor, venue, started_at: datetime, observations: str = "", venue_open: bool = True,
                   target=None, team=None, again: bool = False) -> Control:
    """A control of `venue`; the target it answers is marked controlled. A target controlled
    already is controlled again only when asked for (`again`): a second control of the same
    visit is far more often a form sent twice than a second visit."""
    restrict(Control.objects.all(), actor, ADD)
    if venue is None:
        raise InvalidInput(gettext_noop("Choose the venue that was controlled."), field="venue")
    if started_at > timezone.now() + CLOCK_TOLERANCE:
        raise InvalidInput(gettext_noop("A control cannot start in the future."), field="started_at")
    if target is not None and target.venue_id != venue.pk:
        raise InvalidInput(gettext_noop("The target is for another venue."), field="target")
    with transaction.atomic():
        if target is not None:
            _refuse_unasked_repeat(target, again)
        control = Control.objects.create(
            venue=venue, district_id=venue.district_id, started_at=started_at, observations=observations,
            venue_open=venue_open, target=target, team=team or (target.team if target else None),
            operation=target.operation if target else None, recorded_by=actor)
        if target is not None:
            # A change of the target: its version rises, so a page showing it before is stale.
            target.status, target.version = "controlled", F("version") + 1
            target.save(update_fields=["status", "version"])
            target.refresh_from_db(fields=["version"])
        ensure_in_scope(actor, ADD, control)
        record_write(actor, "record_control", control, before=None,
                     after=snapshot(control) | {"target_status": target.status if target else None})
    return control


def _refuse_unasked_repeat(target, again: bool) -> None:
    # The target's row is locked, so two controls of it sent at once are checked one after the other.
    Target.objects.select_for_update().filter(pk=target.pk).first()
    if not again and Control.objects.filter(target=target).exists():
        raise Conflict(gettext_noop("This target is controlled already."), field="again")


def add_person_met(*, actor, control: Control, role: str, given_name: str = "", family_name: str = "",
                   birth_date: date | None = None, language: str = "", documents_seen: str = "",
                   rights_information_language: str = "", phone: str = "", notes: str = "",
                   person: Person | None = None) -> PersonMet:
    """A person met at a control; a new person record unless `person` is given."""
    restrict(PersonMet.objects.all(), actor, ADD)
    _check_code("person_roles", role, "role")
    for kind, value, field in [("languages", language, "language"), ("documents", documents_seen, "documents_seen"),
                               ("languages", rights_information_language, "rights_information_language")]:
        if value:
            _check_code(kind, value, field)
    if birth_date and birth_date > timezone.localdate():
        raise InvalidInput(gettext_noop("A birth date cannot be in the future."), field="birth_date")
    if person is None and not (given_name.strip() or family_name.strip()):
        raise InvalidInput(gettext_noop("Write at least one name (or 'unknown')."), field="given_name")
    with transaction.atomic():
        if person is None:
            person = Person.objects.create(
                given_name=given_name.strip(), family_name=family_name.strip(), birth_date=birth_date,
                purpose="victim_protection", source="control", created_by=actor,
                retain_until=control.started_at.date() + PERSON_RETENTION)
        if phone.strip():
            person.phones.add(phone_for(phone, source="control"))
        met = PersonMet.objects.create(
            control=control, person=person, role=role, language=language, documents_seen=documents_seen,
            rights_information_language=rights_information_language, notes=notes)
        ensure_in_scope(actor, ADD, met)
        record_write(actor, "add_person_met", met, before=None,
                     after=snapshot(met) | {"person": snapshot(person), "phone": phone.strip() or None})
    return met


def record_finding(*, actor, control: Control, code: str, person_met: PersonMet | None = None,
                   note: str = "") -> Finding:
    restrict(Finding.objects.all(), actor, ADD)
    _check_code("findings", code, "code")
    if person_met is not None and person_met.control_id != control.pk:
        raise InvalidInput(gettext_noop("The person was not met at this control."), field="person_met")
    with transaction.atomic():
        finding = Finding.objects.create(control=control, person_met=person_met, code=code, note=note)
        ensure_in_scope(actor, ADD, finding)
        record_write(actor, "record_finding", finding, before=None, after=snapshot(finding))
    return finding


def record_vulnerability(*, actor, person_met: PersonMet, code: str, note: str = "") -> Vulnerability:
    restrict(Vulnerability.objects.all(), actor, ADD)
    _check_code("vulnerabilities", code, "code")
    if Vulnerability.objects.filter(person_met=person_met, code=code).exists():
        raise Conflict(gettext_noop("This vulnerability is recorded for the person already."))
    with transaction.atomic():
        item = Vulnerability.objects.create(person_met=person_met, code=code, note=note)
        ensure_in_scope(actor, ADD, item)
        record_write(actor, "record_vulnerability", item, before=None, after=snapshot(item))
    return item


def _check_code(kind: str, code: str, field: str) -> None:
    if code not in vocabulary.codes(kind):
        raise InvalidInput(gettext_noop("Unknown code «%(code)s»."), field=field, code=code)


def record_visit(*, actor, control: dict, persons: list[dict], target=None, again: bool = False) -> Control:
    """A whole field form at once: the control, its findings, each person met with
    their findings and vulnerabilities. All or nothing — one error saves nothing."""
    with transaction.atomic():
        venue_findings = control.pop("findings", [])
        visit = record_control(actor=actor, target=target, again=again, **control)
        for code in venue_findings:
            record_finding(actor=actor, control=visit, code=code)
        for person in persons:
            _record_person(actor, visit, dict(person))
    return visit


def _record_person(actor, visit: Control, person: dict) -> None:
    findings, vulnerabilities = person.pop("findings", []), person.pop("vulnerabilities", [])
    met = add_person_met(actor=actor, control=visit, **person)
    for code in findings:
        record_finding(actor=actor, control=visit, person_met=met, code=code)
    for code in vulnerabilities:
        record_vulnerability(actor=actor, person_met=met, code=code)
