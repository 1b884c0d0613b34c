"""Export kinds of the analyses (found at start-up by aksjon.exports; docs/exports.md).

Each helper adds its own kind below; keep the blocks apart.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from aksjon.analysis.models import VenueScore
from aksjon.exports.registry import FLOAT, INT, Column, ExportKind, Filter, register

# --- priorities: the ranked list of venues, for prioritising controls, never evidence ---

def _reasons_text(score: VenueScore) -> str:
    """"code (+points); …" in the order the score lists them (largest first)."""
    return "; ".join(f"{reason['code']} (+{reason['points']:g})" for reason in score.reasons)


register(ExportKind(
    name="priorities", model=VenueScore, label=_("Venue priorities (for prioritising controls, never evidence)"),
    rows=lambda scores, user: scores.select_related("venue__unit", "venue__town").order_by("rank", "venue_id"),
    filters={"district": Filter("venue__district_id", INT), "town": Filter("venue__town__name")},
    columns=[
        Column("rank", "rank", INT),
        Column("orgnr", "venue.unit.orgnr", width=11),
        Column("venue_id", "venue_id", INT),
        Column("venue_name", "venue.name", width=30),
        Column("town", "venue.town.name", width=16),
        Column("score", "score", FLOAT),
        Column("reasons", _reasons_text, width=60),
    ],
))


# --- networks: every unit of a venue in a detected network, with the network's key ---

def _units_in_networks(units, user):
    """The units that are (or were) a venue in a network the user may see — the venue's current
    unit and every unit placed at it — each once, with `network_key` annotated."""
    from django.db.models import CharField, OuterRef, Q, Subquery
    from django.db.models.functions import Coalesce

    from aksjon.accounts.access import restrict
    from aksjon.analysis.models import Network

    networks = restrict(Network.objects.all(), user)
    in_network = Q(place__networks__in=networks) | Q(venues__networks__in=networks)
    by_place = networks.filter(venues=OuterRef("place")).values("key")[:1]
    by_venue = networks.filter(venues__unit=OuterRef("pk")).values("key")[:1]
    return (units.filter(pk__in=units.model.objects.filter(in_network).values("pk"))
            .annotate(network_key=Coalesce(Subquery(by_place, output_field=CharField()),
                                           Subquery(by_venue, output_field=CharField())))
            .order_by("network_key", "orgnr", "pk"))


def _network_units_model():
    from aksjon.registry.models import RegisteredUnit
    return RegisteredUnit


register(ExportKind(
    name="networks", model=_network_units_model(), label=_("Networks: units of the venues in each network"),
    rows=_units_in_networks,
    columns=[
        Column("orgnr", "orgnr", width=11),
        Column("network_id", "network_key", width=10),
    ],
))


# --- templates: every ad (source and ad id) with the key of its writer's template ---

def _template_members_model():
    from aksjon.analysis.models import AdTemplateMember
    return AdTemplateMember


register(ExportKind(
    name="templates", model=_template_members_model(), label=_("Ad templates: each ad with its template"),
    rows=lambda members, user: members.select_related("template").distinct().order_by("template__key", "ad_source",
                                                                                       "ad_id", "pk"),
    filters={"template": Filter("template__key")},
    columns=[
        Column("source", "ad_source", width=18),
        Column("ad_id", "ad_id", width=12),
        Column("template_id", "template.key", width=10),
    ],
))
