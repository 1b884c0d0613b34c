"""Export kinds of the register (found at start-up by aksjon.exports; docs/exports.md)."""
from __future__ import annotations

from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from aksjon.core.refs import key_of, prefix
from aksjon.exports.registry import INT, Column, ExportKind, Filter, register
from aksjon.intel.models import ClusterMember
from aksjon.registry.models import RegisteredUnit, Venue


def with_linked_venue(units):
    """`units` annotated with what the newest venue linkage says: `linked` — the unit is in a
    cluster (a run, and the analysts' judgements since, have decided about it) — and
    `linked_venue`, the reference of the venue its cluster holds (the smallest, when the
    model or an analyst joined two places), None when the cluster holds none."""
    unit_ref = Concat(Value(prefix("unit")), Cast(OuterRef("pk"), CharField()), output_field=CharField())
    member = ClusterMember.objects.filter(kind="venue", ref=unit_ref)
    venues_in_cluster = (ClusterMember.objects.filter(kind="venue", cluster=OuterRef("unit_cluster"),
                                                      ref__startswith=prefix("venue"))
                         .order_by("ref").values("ref")[:1])
    return (units.annotate(unit_cluster=Subquery(member.values("cluster")[:1]))
            .annotate(linked=Exists(member), linked_venue=Subquery(venues_in_cluster, output_field=CharField())))


def _venue_id(unit: RegisteredUnit) -> int | None:
    """The venue a unit is: the linkage's cluster once a run has placed the unit (so a
    judgement that moves it moves it here too), else the place the register import gave it."""
    if unit.linked:
        return key_of(unit.linked_venue, "venue") if unit.linked_venue else None
    return unit.place_id


def _venue(unit: RegisteredUnit) -> Venue | None:
    """The row's venue, looked up once per row (three columns ask)."""
    if not hasattr(unit, "_export_venue"):
        venue_id = _venue_id(unit)
        if venue_id is None or (unit.place is not None and unit.place.pk == venue_id):
            unit._export_venue = unit.place if venue_id is not None else None
        else:
            unit._export_venue = Venue.objects.select_related("address__town", "town").filter(pk=venue_id).first()
    return unit._export_venue


def _site(unit: RegisteredUnit):
    """Where the row is: the venue's address for a unit that is a venue, else the unit's own."""
    if (venue := _venue(unit)) is not None:
        return venue.address
    return unit.location_address or unit.business_address


def _town(unit: RegisteredUnit) -> str | None:
    if (venue := _venue(unit)) is not None:
        return venue.town.name
    address = _site(unit)
    if address is None:
        return None
    return address.town.name if address.town else address.postal_town or None


# One row per registered unit, venue or not: a holding company, an accountant, a
# chain's company have an empty venue_id; every number a re-registered salon has had
# has the same one. Before any venue linkage run the register's places decide; after
# one, the clusters (the model's links and the analysts' judgements) do.
register(ExportKind(
    name="venues", model=RegisteredUnit, label=_("Units and venues"),
    rows=lambda units, user: with_linked_venue(units.select_related(
        "place__address__town", "place__town", "location_address__town", "business_address__town")),
    filters={"venue": Filter("place_id", INT), "town": Filter("place__town__name"), "form": Filter("form"),
             "orgnr": Filter("orgnr")},
    columns=[
        Column("orgnr", "orgnr", width=11),
        Column("venue_id", _venue_id, INT),
        Column("venue_name", lambda unit: (venue := _venue(unit)) and venue.name or None, width=30),
        Column("address", lambda unit: (address := _site(unit)) and address.street or None, width=30),
        Column("town", _town, width=16),
    ],
))
