"""A person's subject-access report: everything Aksjon holds on them, where each part came
from, and who looked — as the police register act gives a person the right to know.

Only a role with `disclose` on persons (the national unit) makes it, for a person in its
scope. It lists the person's own record, every encounter at a control (with findings,
vulnerabilities and screenings), follow-ups about them, roles in the business register,
phones, the analysts' judgements about the record, and the audit rows of every read and
write of those records. Those audit rows are read here without the auditor's role: telling
the person who looked is the purpose of the report, and the report itself is on the log.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from aksjon.accounts.access import DISCLOSE, get_for
from aksjon.audit.models import AuditEntry
from aksjon.controls.models import PersonMet
from aksjon.followup.models import FollowUp
from aksjon.intel.models import Judgement
from aksjon.registry.models import Person, Role
from aksjon.screening.models import Screening


@dataclass
class SubjectAccessReport:
    person: Person
    encounters: list = field(default_factory=list)
    screenings: list = field(default_factory=list)
    followups: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    judgements: list = field(default_factory=list)
    access: list = field(default_factory=list)  # audit rows: who read or wrote these records, when


def subject_access_report(user, pk: int) -> SubjectAccessReport:
    person = get_for(user, DISCLOSE, Person, pk=pk)
    encounters = list(PersonMet.objects.filter(person=person).select_related("control__venue__town")
                      .prefetch_related("findings", "vulnerabilities").order_by("control__started_at"))
    screenings = list(Screening.objects.filter(person_met__in=encounters).order_by("created_at"))
    followups = list(FollowUp.objects.filter(person_met__in=encounters).select_related("agency").order_by("created_at"))
    ref = f"person:{person.pk}"
    return SubjectAccessReport(
        person=person, encounters=encounters, screenings=screenings, followups=followups,
        roles=list(Role.objects.filter(person=person).select_related("unit")),
        phones=list(person.phones.all()),
        judgements=list(Judgement.objects.filter(Q(left=ref) | Q(right=ref)).order_by("made_at")),
        access=list(_access_rows(person, encounters, screenings, followups)))


def _access_rows(person, encounters, screenings, followups):
    """Every audit row about one of the person's records, oldest first."""
    about = (Q(object_type="registry.person", object_id=str(person.pk))
             | Q(object_type="controls.personmet", object_id__in=[str(e.pk) for e in encounters])
             | Q(object_type="screening.screening", object_id__in=[str(s.pk) for s in screenings])
             | Q(object_type="followup.followup", object_id__in=[str(f.pk) for f in followups]))
    return AuditEntry.objects.filter(about).only("seq", "at", "username", "kind", "verb", "object_type",
                                                 "object_id").order_by("seq")
