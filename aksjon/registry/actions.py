"""State changes in the register. Each action: one transaction, one audit row."""
from __future__ import annotations

from django.db import transaction

from aksjon.accounts.access import ADD, ensure_in_scope, restrict
from aksjon.audit.log import record_write, snapshot
from aksjon.core.errors import InvalidInput
from aksjon.core.orgnr import clean_orgnr
from aksjon.core.phones import normalise, to_e164
from aksjon.core.text import gettext_noop
from aksjon.registry.models import Address, Phone, RegisteredUnit, Town, Venue


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
