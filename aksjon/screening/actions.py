"""Screening state changes. Each action: one transaction, one audit row."""
from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from aksjon.accounts.access import ADD, CHANGE, OWN, ensure_in_scope, get_for, restrict, role_allows
from aksjon.accounts.models import Agency
from aksjon.audit.log import record_write, snapshot
from aksjon.controls.models import PersonMet
from aksjon.core import catalogue_check, vocabulary
from aksjon.core.errors import Conflict, InvalidInput
from aksjon.core.proposals import propose
from aksjon.core.screening import ANSWERS, assess
from aksjon.core.screening_text import explain
from aksjon.core.text import gettext_noop
from aksjon.followup.actions import create_followup
from aksjon.screening.catalogue import catalogue_of, newest_version
from aksjon.screening.models import CatalogueVersion, Screening
from aksjon.web.versions import bump, locked


def publish_catalogue(*, actor, data: dict, note: str = "") -> CatalogueVersion:
    """A corrected catalogue as the next version; earlier screenings keep theirs."""
    restrict(CatalogueVersion.objects.all(), actor, ADD)
    found = catalogue_check.problems(data)
    if found:
        raise InvalidInput(gettext_noop("The catalogue has problems: %(problems)s"), field="file",
                           problems="; ".join(found))
    catalogue_id = data["catalogue"]["id"]
    with transaction.atomic():
        latest = newest_version(catalogue_id)
        version = (latest.version if latest else 0) + 1
        data = data | {"catalogue": data["catalogue"] | {"version": version}}
        item = CatalogueVersion.objects.create(catalogue_id=catalogue_id, version=version, data=data, note=note,
                                               published_by=actor)
        record_write(actor, "publish_catalogue", item, before=None,
                     after={"catalogue_id": catalogue_id, "version": version, "note": note})
    return item


def start_screening(*, actor, person_met: PersonMet) -> Screening:
    """A draft screening with the newest catalogue; of a child when the birth date or an earlier
    screening says the person is under 18 (the officer may correct it)."""
    restrict(Screening.objects.all(), actor, ADD)
    person_met = get_for(actor, "view", PersonMet, pk=person_met.pk)
    version = newest_version()
    if version is None:
        raise Conflict(gettext_noop("No indicator catalogue is published."))
    with transaction.atomic():
        screening = Screening.objects.create(person_met=person_met, catalogue=version, created_by=actor,
                                             minor=person_met.is_child)
        _recompute(screening)
        screening.save()
        ensure_in_scope(actor, ADD, screening)
        record_write(actor, "start_screening", screening, before=None, after=snapshot(screening))
    return screening


def update_screening(*, actor, screening: Screening, answers: dict[str, str], notes: dict[str, str],
                     minor: bool, version: int | None = None) -> Screening:
    """Save the officer's answers so far and recompute the result. `version`: the one the
    officer's page showed (None: no page); another is refused as Stale."""
    get_for(actor, CHANGE, Screening, pk=screening.pk)
    with transaction.atomic():
        screening = locked(screening, version)
        if screening.status != "draft":
            raise Conflict(gettext_noop("A confirmed screening cannot be changed."))
        codes = {i.code for i in catalogue_of(screening.catalogue).indicators}
        if set(answers) - codes or set(answers.values()) - set(ANSWERS):
            raise InvalidInput(gettext_noop("Unknown indicator or answer."), field="answers")
        before = snapshot(screening)
        screening.answers = {code: answer for code, answer in answers.items() if answer != "not_asked"}
        screening.notes = {code: note.strip() for code, note in notes.items() if code in codes and note.strip()}
        screening.minor = minor
        _recompute(screening)
        bump(screening)
        screening.save()
        record_write(actor, "update_screening", screening, before=before, after=snapshot(screening))
    return screening


def _recompute(screening: Screening) -> None:
    catalogue = catalogue_of(screening.catalogue)
    result = assess(catalogue, screening.answers, minor=screening.minor)
    screening.outcome, screening.deciding_list = result.outcome, result.deciding_list
    screening.incomplete = result.incomplete
    screening.reasons = {language: explain(result, catalogue, language) for language in ("nb", "en")}


def proposals_for(screening: Screening):
    met = screening.person_met
    vulnerabilities = list(met.vulnerabilities.values_list("code", flat=True))
    findings = list(met.control.findings.values_list("code", flat=True))
    return propose(screening.outcome, vulnerabilities, findings, minor=screening.minor)


def confirm_screening(*, actor, screening: Screening, chosen: list[str], due_on: date | None = None,
                      version: int | None = None) -> Screening:
    """The officer confirms the result and the proposals they agree with; each
    chosen proposal becomes a follow-up for the district (or a referral). `version`: the
    one the officer's page showed (None: no page); another is refused as Stale."""
    get_for(actor, CHANGE, Screening, pk=screening.pk)
    with transaction.atomic():
        screening = locked(screening, version)
        if screening.status != "draft":
            raise Conflict(gettext_noop("This screening is confirmed already."))
        offered = {p.key: p for p in proposals_for(screening)}
        if set(chosen) - set(offered):
            raise InvalidInput(gettext_noop("Unknown proposal."), field="chosen")
        met = screening.person_met
        before = snapshot(screening)
        for key in chosen:
            _follow_up(actor, met, offered[key], due_on)
        screening.status, screening.confirmed_at = "confirmed", timezone.now()
        bump(screening)
        screening.save(update_fields=["status", "confirmed_at", "version"])
        record_write(actor, "confirm_screening", screening, before=before,
                     after=snapshot(screening) | {"chosen": sorted(chosen)})
    return screening


def _follow_up(actor, met: PersonMet, proposal, due_on) -> None:
    # Titled by its subject, so each reader sees it in their own language; the due date,
    # unless given, is the subject's or agency's default (aksjon/followup/due.py). The
    # officer who confirmed it owns it until the district lead hands it on.
    create_followup(actor=actor, kind=proposal.kind, subject=proposal.key, district=met.control.district,
                    control=met.control, person_met=met, due_on=due_on,
                    owner=actor if role_allows(actor.role, OWN, "followup") else None,
                    agency=Agency.objects.get(code=proposal.agency) if proposal.agency else None)


def record_rights_information(*, actor, person_met: PersonMet, language: str) -> PersonMet:
    """The person was given the rights information in `language`."""
    met = get_for(actor, "view", PersonMet, pk=person_met.pk)
    restrict(PersonMet.objects.all(), actor, ADD)
    if language not in vocabulary.codes("languages"):
        raise InvalidInput(gettext_noop("Unknown language."), field="language")
    with transaction.atomic():
        met = locked(met, None)
        before = snapshot(met)
        met.rights_information_language = language
        bump(met)
        met.save(update_fields=["rights_information_language", "version"])
        record_write(actor, "record_rights_information", met, before=before, after=snapshot(met))
    return met
