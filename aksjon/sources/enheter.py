"""enheter.jsonl: units of Enhetsregisteret, in the register's own field names."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from aksjon.core.text import gettext_noop
from aksjon.sources.base import Fields, Invalid, Problem, boolean, checked, count, iso_date, orgnr, text, text_lines

SUB_UNIT_FORM = "BEDR"


@dataclass(frozen=True)
class AddressRecord:
    street: str  # the register's address lines, joined
    postcode: str
    postal_town: str  # poststed
    municipality: str  # kommune
    country_code: str
    municipality_number: str = ""  # kommunenummer: finds the town when the postal town is not its name


@dataclass(frozen=True)
class UnitRecord:
    KEY_FIELD: ClassVar[str] = "organisasjonsnummer"

    line: int
    orgnr: str
    name: str
    form: str
    industry_code: str
    registered_on: date | None
    deleted_on: date | None
    employees: int | None
    parent_orgnr: str
    business_address: AddressRecord | None
    location_address: AddressRecord | None
    raw: dict

    @property
    def key(self) -> str:
        return self.orgnr

    @property
    def is_sub_unit(self) -> bool:
        """An establishment (usually the salon itself) rather than the business that owns it."""
        return self.form == SUB_UNIT_FORM or self.location_address is not None

    @property
    def site(self) -> AddressRecord | None:
        return self.location_address or self.business_address


def validate(row: dict, line: int) -> tuple[UnitRecord | None, list[Problem]]:
    problems: list[Problem] = []
    fields = Fields(row, line, problems)
    form = fields.object("organisasjonsform", required=True)
    industry = fields.object("naeringskode1")
    record = UnitRecord(
        line=line,
        orgnr=fields.value("organisasjonsnummer", orgnr, required=True),
        name=fields.value("navn", text(200, blank=False), required=True),
        form=form.value("kode", text(10, blank=False), required=True) if form else "",
        industry_code=industry.value("kode", text(10), default="") if industry else "",
        registered_on=fields.value("registreringsdatoEnhetsregisteret", iso_date),
        deleted_on=fields.value("slettedato", iso_date),
        employees=fields.value("antallAnsatte", count),
        parent_orgnr=fields.value("overordnetEnhet", orgnr, default=""),
        business_address=_address(fields.object("forretningsadresse")),
        location_address=_address(fields.object("beliggenhetsadresse")),
        raw=row,
    )
    # Kept only in `raw`, but a wrong type there is still a wrong file.
    fields.value("stiftelsesdato", iso_date)
    fields.value("hjemmeside", text())
    for flag in ("registrertIMvaregisteret", "konkurs", "underAvvikling"):
        fields.value(flag, boolean)
    return checked(record, problems)


def _country_code(value) -> str:
    code = text()(value)
    if len(code) != 2 or not code.isalpha():
        raise Invalid(gettext_noop("«%(value)s» is not a two-letter country code"), value=code)
    return code.upper()


def _address(fields: Fields | None) -> AddressRecord | None:
    if fields is None:
        return None
    country = fields.value("landkode", _country_code, default="NO")
    postcode = fields.value("postnummer", text(10), default="")
    if country == "NO" and postcode and not (len(postcode) == 4 and postcode.isdigit()):
        fields.problem("postnummer", gettext_noop("«%(value)s» is not a Norwegian postcode (four digits)"),
                       value=postcode)
    fields.value("land", text())
    number = fields.value("kommunenummer", text(4), default="")
    return AddressRecord(
        street=fields.value("adresse", text_lines(200), default=""),
        postcode=postcode,
        postal_town=fields.value("poststed", text(80), default=""),
        municipality=fields.value("kommune", text(80), default=""),
        country_code=country,
        municipality_number=number or "",
    )
