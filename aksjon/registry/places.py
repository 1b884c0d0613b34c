"""Every place in the register gets one Venue, and every unit that is or was that place
points to it (`RegisteredUnit.place`), from register facts alone (aksjon.linkage.places).

Called inside the import that brought the facts (enheter.jsonl, roller.jsonl), so it
writes no audit row of its own: the rows it writes are derived from the imported ones.
A venue an analyst made by hand keeps its name and notes; a venue is never deleted here.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from aksjon.linkage.places import PLACE_COLUMNS, find_places, groups, prepare_places
from aksjon.registry.models import RegisteredUnit, Role, Venue


def roles_held() -> dict[str, list[str]]:
    """orgnr -> the role codes a unit holds in other units, one per unit and code (an accountant's
    REGN, an auditor's REVI, a holding's LEDE): such a unit is no venue (aksjon.linkage.places)."""
    held: dict[str, list[str]] = {}
    for holder, code, _unit in (Role.objects.exclude(holder_orgnr="").filter(resigned=False)
                                .values_list("holder_orgnr", "code", "unit_id").distinct()):
        held.setdefault(holder, []).append(code)
    return held


def _frame() -> pd.DataFrame:
    held = roles_held()
    rows = []
    for unit in RegisteredUnit.objects.select_related("parent", "location_address", "business_address"):
        address = unit.location_address or unit.business_address
        usable = address is not None and address.country_code == "NO"
        rows.append({"unique_id": unit.pk, "orgnr": unit.orgnr,
                     "parent_orgnr": unit.parent.orgnr if unit.parent else None,
                     "registered": _iso(unit.registered_on), "deleted": _iso(unit.deleted_on),
                     "street": address.street if usable else None, "postcode": address.postcode if usable else None,
                     "town": address.postal_town if usable else None, "form": unit.form or None,
                     "industry": unit.industry_code or None, "roles_held": held.get(unit.orgnr, []),
                     "name": unit.name})
    return pd.DataFrame(rows, columns=PLACE_COLUMNS)


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def assign_places() -> int:
    """Give each place its Venue and each of its units `place`; returns the venues created."""
    frame = _frame()
    if frame.empty:
        return 0
    places = find_places(prepare_places(frame))
    units = RegisteredUnit.objects.in_bulk(list(frame["unique_id"]))
    created, wanted = 0, {}
    for members in groups(places):
        venue, new = _venue_of([units[pk] for pk in members], places.venue)
        created += new
        wanted |= dict.fromkeys(members, venue.pk if venue else None)
    for pk, is_place in places.venue.items():
        if is_place is False:
            wanted.setdefault(pk, None)
    moved = [unit for pk, unit in units.items() if pk in wanted and unit.place_id != wanted[pk]]
    for unit in moved:
        unit.place_id = wanted[unit.pk]
    RegisteredUnit.objects.bulk_update(moved, ["place"], batch_size=500)
    return created


def _venue_of(members: list[RegisteredUnit], is_place: dict) -> tuple[Venue | None, bool]:
    """The group's venue: one its units already have (the oldest), else a new one at the
    newest place unit's address, named as that unit; none where no town is known."""
    found = sorted({u.place_id for u in members if u.place_id}
                   | set(Venue.objects.filter(unit__in=members).values_list("pk", flat=True)))
    newest = max((u for u in members if is_place.get(u.pk)), default=None,
                 key=lambda u: (u.deleted_on is None, u.registered_on or u.deleted_on or date.min, u.pk))
    if found:
        venue = Venue.objects.get(pk=found[0])
        if newest is not None and venue.unit_id != newest.pk and venue.source == "enheter":
            venue.unit = newest
            venue.save(update_fields=["unit"])
        return venue, False
    if newest is None:
        return None, False
    address = newest.location_address or newest.business_address
    town = address.town if address is not None else None
    if town is None:
        return None, False
    venue = Venue.objects.create(name=newest.name, address=address, town=town, district_id=town.district_id,
                                 unit=newest, source="enheter", source_file=newest.source_file,
                                 source_line=newest.source_line, created_by=newest.created_by)
    return venue, True
