"""What a follow-up shows its reader of its context: the one place that decides it.

Police who may open the linked records (through `allows`, as everywhere) see a
summary of the person met and links back to the person, the control and the venue.
A partner agency's liaison may open none of those records: a referral addressed to
the agency shows the workplace (name, address, organisation number), the control's
date, the findings in the agency's `sees_findings` areas and, of the person, the
fields in its `sees_person` (aksjon/data/agencies.toml). Need to know, set per
agency as data; a reader who is neither sees the workplace alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import get_language

from aksjon.accounts.access import VIEW, allows, restrict
from aksjon.controls.models import Finding
from aksjon.core import vocabulary
from aksjon.core.phones import display
from aksjon.registry.reference import agency_entry

# Police who may open the person see this much on the follow-up; the rest is one click on.
POLICE_SUMMARY = ("name", "majority", "role", "language", "vulnerabilities")


@dataclass
class Shown:
    links: set[str] = field(default_factory=set)  # which of venue, control, person the reader may open
    person: list[tuple[str, str]] = field(default_factory=list)  # (person_fields code, value in words)
    child: bool = False
    findings: list[str] = field(default_factory=list)  # findings codes, each once


def shown_to(user, item) -> Shown:
    """What `user`, who may see the follow-up `item`, sees of its context."""
    fields = person_fields(user, item)
    met = item.person_met
    return Shown(
        links={name for name, record in [("venue", item.venue), ("control", item.control),
                                         ("person", met.person if met else None)]
               if record is not None and allows(user, VIEW, record)},
        person=[(code, _value(code, met)) for code in fields],
        child=bool(met) and "majority" in fields and met.is_child,
        findings=_findings(user, item))


def person_fields(user, item) -> tuple[str, ...]:
    """The person_fields codes of the follow-up's person met that `user` may see."""
    if item.person_met is None:
        return ()
    if allows(user, VIEW, item.person_met):
        return POLICE_SUMMARY
    if _addressed(user, item):
        return tuple(agency_entry(item.agency.code).get("sees_person", ()))
    return ()


def child_marked(user, item) -> bool:
    """For a list: is the follow-up marked as a child's? Only the mark shows, never who.

    The role rule stands in for the record's scope here, so a list costs no query per row.
    """
    met = item.person_met
    if met is None:
        return False
    may = allows(user, VIEW, "personmet") or (
        _addressed(user, item) and "majority" in agency_entry(item.agency.code).get("sees_person", ()))
    return may and met.is_child


def _addressed(user, item) -> bool:
    return item.agency_id is not None and getattr(user, "agency_id", None) == item.agency_id \
        and not allows(user, VIEW, "control")


def _findings(user, item) -> list[str]:
    """The control's findings about the venue and about the follow-up's person (all persons
    when it names none), as far as the reader may see them."""
    if item.control is None:
        return []
    found = Finding.objects.filter(control=item.control)
    if item.person_met_id:
        found = found.filter(Q(person_met=None) | Q(person_met_id=item.person_met_id))
    if allows(user, VIEW, item.control) and allows(user, VIEW, "finding"):
        codes = restrict(found, user).values_list("code", flat=True)
    elif _addressed(user, item):
        areas = set(agency_entry(item.agency.code).get("sees_findings", ()))
        codes = [code for code in found.values_list("code", flat=True)
                 if vocabulary.entry("findings", code).get("area") in areas]
    else:
        codes = []
    return list(dict.fromkeys(codes))


def _value(code: str, met) -> str:
    """One field of the person met, in words in the reader's language."""
    language = (get_language() or "nb")[:2]
    person = met.person
    values = {
        "name": lambda: str(person),
        "birth_date": lambda: date_format(person.birth_date, "SHORT_DATE_FORMAT") if person.birth_date else "—",
        "majority": lambda: vocabulary.label("majority", "minor" if met.is_child else "adult", language),
        "role": lambda: vocabulary.label("person_roles", met.role, language),
        "language": lambda: vocabulary.label("languages", met.language, language) if met.language else "—",
        "documents_seen": lambda: (vocabulary.label("documents", met.documents_seen, language)
                                   if met.documents_seen else "—"),
        "phone": lambda: ", ".join(display(p.e164) for p in person.phones.all()) or "—",
        "vulnerabilities": lambda: ", ".join(vocabulary.label("vulnerabilities", v.code, language)
                                             for v in met.vulnerabilities.all()) or "—",
    }
    return values[code]()
