"""Network and rotation pages: the networks (largest first), a network with its venues, central
nodes and the ties that bind it (damped ties with their reason); the personas, a persona's
timeline of stints (abroad marked), and a venue's rotation timeline.

Everything through restrict(); a person is named only to a role that may view persons (and
leaves an access row, as a person's page does), else shown as "a person". The link chart is
drawn into the network page's `#link-chart` by aksjon/analysis/views_chart.py.
"""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aksjon.accounts.access import VIEW, allows, get_for, restrict
from aksjon.accounts.models import District
from aksjon.analysis.models import Network, NetworkNode, NetworkTie, Persona, Stint
from aksjon.analysis.templatetags.analysis_words import tie_kind
from aksjon.audit.log import record_read
from aksjon.registry.models import Phone, Venue
from aksjon.web.lists import paged
from aksjon.web.params import FLAG, ID, PAGE, reads
from aksjon.web.views import page, requires

TIES_PER_PAGE = 100
KIND_LABELS = {
    "owner": _("owner or manager"), "board": _("board"), "contact": _("contact person"),
    "holding": _("holding company"), "phone": _("phone"), "worker": _("rotating worker"),
    "address": _("address"), "template": _("ad template"), "photo": _("photo"),
    "accountant": _("accountant"), "auditor": _("auditor"),
}
TYPE_LABELS = {
    "venue": _("venue"), "unit": _("unit"), "person": _("person"), "phone": _("phone"), "address": _("address"),
    "template": _("ad template"), "photo": _("photo"), "persona": _("worker"),
}
COUNTRY_LABELS = {"NO": _("Norway"), "SE": _("Sweden"), "DK": _("Denmark")}


# --- networks ---

@page
@requires("view network")
@reads(district=ID, page=PAGE)
def network_list(request, district, page):
    user = request.user
    networks = Network.objects.restrict(user)
    chosen = None
    if district is not None:
        chosen = get_for(user, VIEW, District, pk=district)
        networks = networks.filter(pk__in=Network.objects.filter(venues__district=chosen).values("pk"))
    networks = networks.annotate(venue_count=Count("venues", distinct=True)).order_by("-venue_count", "-strength",
                                                                                      "key", "pk")
    shown = paged(networks, page, {"district": district})
    venues = _venues_of(user, shown["page"].object_list)
    rows = [{"network": n, "venues": venues.get(n.pk, []),
             "districts": sorted({v.district.name for v in venues.get(n.pk, [])}),
             "towns": sorted({v.town.name for v in venues.get(n.pk, [])})} for n in shown["page"]]
    return render(request, "analysis/network_list.html", {
        **shown, "rows": rows, "district": chosen,
        "districts": District.objects.restrict(user).order_by("name")})


def _venues_of(user, networks) -> dict[int, list[Venue]]:
    """Each network's venues the user may see."""
    through = Network.venues.through.objects.filter(network__in=[n.pk for n in networks])
    visible = {v.pk: v for v in restrict(Venue.objects.all(), user).filter(
        pk__in=through.values("venue_id")).select_related("town", "district")}
    found = defaultdict(list)
    for network_id, venue_id in through.values_list("network_id", "venue_id"):
        if venue_id in visible:
            found[network_id].append(visible[venue_id])
    return found


@page
@requires("view network")
@reads(page=PAGE, damped=FLAG)
def network_detail(request, pk, page, damped):
    user = request.user
    network = get_for(user, VIEW, Network, pk=pk)
    venues = list(restrict(Venue.objects.all(), user).filter(networks=network)
                  .select_related("town", "district", "unit").order_by("district__name", "town__name", "name"))
    nodes = {node.ref: node for node in NetworkNode.objects.restrict(user).filter(network=network)}
    names_shown = allows(user, VIEW, "person")
    ties = NetworkTie.objects.restrict(user).filter(network=network).order_by("-weight", "left", "right", "pk")
    label = _labeller(nodes, names_shown, _in_sight(venues, ties))
    if damped is not None:
        ties = ties.filter(damped=damped)
    shown = paged(ties, page, {"damped": damped}, per_page=TIES_PER_PAGE)
    tie_rows = [{"tie": tie, "left": label(tie.left), "right": label(tie.right),
                 "kind": tie_kind(tie.kind)} for tie in shown["page"]]
    central = [{**item, "label": label(item["ref"]), "type_label": TYPE_LABELS.get(item["type"], item["type"])}
               for item in network.central]
    persons = sorted({ref for ref in nodes if ref.startswith("person:") and ref.split(":", 1)[1].isdigit()
                      and label(ref) == nodes[ref].label})
    if names_shown and persons:  # the register names the persons holding roles: an access row names them
        record_read(user, "view_network_persons", network,
                    shown={"persons": [int(ref.split(":", 1)[1]) for ref in persons]})
    return render(request, "analysis/network_detail.html", {
        **shown, "network": network, "venues": venues, "ties": tie_rows, "central": central,
        "districts": sorted({v.district.name for v in venues}), "damped": damped,
        "bonds": [{**b, "left": label(b["left"]), "right": label(b["right"])}
                  for b in network.evidence if b.get("kind") == "bond"][:30],
        "can_see_personas": allows(user, VIEW, "persona")})


def _in_sight(venues: list[Venue], ties) -> set[str]:
    """The nodes this user may read: the venues in their scope and what those venues hold.
    A district user sees a network reaching into their district, not the other districts' salons."""
    seen = {f"venue:{v.pk}" for v in venues}
    return seen | set(ties.filter(left__in=seen).values_list("right", flat=True))


def _labeller(nodes: dict[str, NetworkNode], names_shown: bool, in_sight: set[str]):
    """A node's label as this user may read it: a person's name only to those who may view persons,
    a node of another district's venues not at all."""
    def label(ref: str) -> str:
        node = nodes.get(ref)
        if ref not in in_sight:
            return gettext("a venue in another district") if ref.startswith("venue:") else gettext(
                "outside your district")
        if ref.startswith("person:") and not names_shown:
            return gettext("a person")
        if node is None:
            return ref
        return node.label
    return label


# --- personas and rotation ---

@page
@requires("view persona")
@reads(abroad=FLAG, page=PAGE)
def persona_list(request, abroad, page):
    personas = Persona.objects.restrict(request.user)
    if abroad is not None:
        personas = personas.filter(abroad=abroad)
    shown = paged(personas.order_by("-towns", "key", "pk"), page, {"abroad": abroad})
    return render(request, "analysis/persona_list.html", {**shown, "abroad": abroad})


@page
@requires("view persona")
def persona_detail(request, pk):
    user = request.user
    persona = get_for(user, VIEW, Persona, pk=pk)
    stints = (Stint.objects.restrict(user).filter(persona=persona).select_related("venue__town", "phone")
              .order_by("first_seen", "pk")) if allows(user, VIEW, "stint") else []
    return render(request, "analysis/persona_detail.html", {
        "persona": persona, "stints": [_stint_row(s) for s in stints],
        "phones": list(persona.phones.all()) if allows(user, VIEW, "phone") else []})


def _stint_row(stint: Stint) -> dict:
    return {"stint": stint, "abroad": stint.country != "NO",
            "country": COUNTRY_LABELS.get(stint.country, stint.country),
            "days": (stint.last_seen.date() - stint.first_seen.date()).days + 1}


@page
@requires("view venue", "view stint")
def venue_rotation(request, pk):
    """A venue's rotation timeline: the workers advertised at it, and where each was before and after."""
    user = request.user
    venue = get_for(user, VIEW, Venue, pk=pk)
    here = (Stint.objects.restrict(user).filter(venue=venue).select_related("persona")
            .order_by("first_seen", "pk"))
    return render(request, "analysis/persona_venue.html", {
        "venue": venue, "here": [_stint_row(s) for s in here], "timelines": _timelines(user, here),
        "networks": Network.objects.restrict(user).filter(venues=venue) if allows(user, VIEW, "network") else []})


@page
@requires("view phone", "view stint")
def phone_rotation(request, pk):
    """A phone's rotation timeline: the stints advertised with it — a booking phone moves women
    between towns, a woman's own phone follows her — and each worker's whole timeline."""
    user = request.user
    phone = get_for(user, VIEW, Phone, pk=pk)
    here = (Stint.objects.restrict(user).filter(phone=phone).select_related("persona", "venue__town")
            .order_by("first_seen", "pk"))
    return render(request, "analysis/persona_phone.html", {
        "phone": phone, "here": [_stint_row(s) for s in here], "timelines": _timelines(user, here)})


def _timelines(user, stints) -> list[dict]:
    """Each persona of `stints` with every stint of hers the user may see, oldest first."""
    personas = {s.persona_id for s in stints}
    if not personas or not allows(user, VIEW, "persona"):
        return []
    visible = Persona.objects.restrict(user).filter(pk__in=personas).prefetch_related(
        Prefetch("stints", queryset=restrict(Stint.objects.all(), user).select_related("venue__town")
                 .order_by("first_seen", "pk")))
    return [{"persona": persona, "stints": [_stint_row(s) for s in persona.stints.all()]}
            for persona in sorted(visible, key=lambda p: (p.first_seen or p.last_seen, p.key))]
