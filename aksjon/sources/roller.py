"""roller.jsonl: the roles in one unit, as the register's role data is shaped."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from aksjon.core.text import gettext_noop
from aksjon.sources.base import Fields, Problem, boolean, checked, iso_date, orgnr, past_date, text, text_lines


@dataclass(frozen=True)
class PersonHolder:
    given_name: str  # first and middle names, in the order the register gives them
    family_name: str
    birth_date: date | None


@dataclass(frozen=True)
class RoleRecord:
    code: str  # DAGL, INNH, LEDE, MEDL, KONT, REGN, REVI …
    person: PersonHolder | None
    holder_orgnr: str  # when a unit holds the role
    holder_name: str
    resigned: bool
    changed_on: date | None


@dataclass(frozen=True)
class UnitRoles:
    KEY_FIELD: ClassVar[str] = "organisasjonsnummer"

    line: int
    orgnr: str
    roles: tuple[RoleRecord, ...]

    @property
    def key(self) -> str:
        return self.orgnr


def validate(row: dict, line: int) -> tuple[UnitRoles | None, list[Problem]]:
    problems: list[Problem] = []
    fields = Fields(row, line, problems)
    unit = fields.value("organisasjonsnummer", orgnr, required=True)
    roles = []
    for group in fields.objects("rollegrupper", required=True):
        kind = group.object("type", required=True)
        if kind:
            kind.value("kode", text(10, blank=False), required=True)
        changed_on = group.value("sistEndret", iso_date)
        roles += [_role(role, changed_on) for role in group.objects("roller", required=True)]
    return checked(UnitRoles(line, unit, tuple(roles)), problems)


def _role(fields: Fields, changed_on: date | None) -> RoleRecord:
    kind = fields.object("type", required=True)
    code = kind.value("kode", text(10, blank=False), required=True, default="") if kind else ""
    person, unit = fields.object("person"), fields.object("enhet")
    if (person is None) == (unit is None):
        fields.problem("", gettext_noop("must name its holder: a person or a unit (enhet), not both"))
    holder_orgnr, holder_name = _unit_holder(unit) if unit else ("", "")
    return RoleRecord(code=code, person=_person(person) if person else None, holder_orgnr=holder_orgnr,
                      holder_name=holder_name, resigned=fields.value("fratraadt", boolean, default=False),
                      changed_on=changed_on)


def _person(fields: Fields) -> PersonHolder:
    birth_date = fields.value("fodselsdato", past_date)
    fields.value("erDoed", boolean)
    name = fields.object("navn", required=True)
    if name is None:
        return PersonHolder("", "", birth_date)
    first, middle, last = (name.value(part, text(60), default="") for part in ("fornavn", "mellomnavn", "etternavn"))
    if not (first or last):
        fields.problem("navn", gettext_noop("needs a first or a last name"))
    return PersonHolder(" ".join(p for p in (first, middle) if p), last, birth_date)


def _unit_holder(fields: Fields) -> tuple[str, str]:
    return (fields.value("organisasjonsnummer", orgnr, required=True, default=""),
            fields.value("navn", text_lines(200, joiner=" "), default=""))
