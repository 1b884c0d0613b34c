"""inspections.jsonl: earlier inspections and controls by any agency."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from aksjon.core import vocabulary
from aksjon.core.text import gettext_noop
from aksjon.sources.base import Fields, Problem, checked, one_of, orgnr, past_date, text

# The finding codes of the formats README: the vocabulary's findings (shared with the
# field form) plus "none", which the field form does not offer because it is no finding.
NO_FINDINGS = "none"
FINDINGS = (*vocabulary.codes("findings"), NO_FINDINGS)


@dataclass(frozen=True)
class InspectionRecord:
    KEY_FIELD: ClassVar[str] = "inspection_id"

    line: int
    inspection_id: str
    agency: str
    date: date
    orgnr: str
    venue_name: str
    address: str
    city: str
    findings: tuple[str, ...]
    notes: str

    @property
    def key(self) -> str:
        return self.inspection_id


def validate(row: dict, line: int) -> tuple[InspectionRecord | None, list[Problem]]:
    problems: list[Problem] = []
    fields = Fields(row, line, problems)
    findings = tuple(dict.fromkeys(fields.values("findings", one_of(FINDINGS), required=True)))
    if NO_FINDINGS in findings and len(findings) > 1:
        fields.problem("findings", gettext_noop("«none» cannot stand with other findings"))
    record = InspectionRecord(
        line=line,
        inspection_id=fields.value("inspection_id", text(60, blank=False), required=True),
        agency=fields.value("agency", text(80, blank=False), required=True),
        date=fields.value("date", past_date, required=True),
        orgnr=fields.value("organisasjonsnummer", orgnr, default=""),
        venue_name=fields.value("venue_name", text(200), default=""),
        address=fields.value("address", text(200), default=""),
        city=fields.value("city", text(80), default=""),
        findings=findings,
        notes=fields.value("notes", text(), default=""),
    )
    return checked(record, problems)
