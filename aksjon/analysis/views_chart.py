"""The link chart: a network's nodes and ties as JSON for the chart, a node's neighbours
("expand"), and a page that shows the chart on its own.

What the chart shows is what the user may see: the network through restrict(); to a district
user, the venues of their district and what those venues are tied to, and the rest of the
network as "outside your district" (as the network's page shows it); a person by name only
where the user may open that person (else a pseudonym such as "person 3f2a9", the same in
every answer); no record key or phone number in the id of a node kept from sight; an "open"
link only to a record in the user's scope. Persons shown by name leave one access row, as a
person's page does.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from functools import wraps

from django.conf import settings
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from aksjon.accounts.access import NATIONAL, ROLE_SCOPE, VIEW, allows, get_for, restrict
from aksjon.analysis.core.chart_layout import laid_out, layout, to_drawing
from aksjon.analysis.models import AdTemplate, Network, NetworkNode, NetworkTie
from aksjon.audit.log import record_read
from aksjon.core import parse
from aksjon.core.errors import InvalidInput, NotFound
from aksjon.core.phones import display
from aksjon.core.text import gettext_noop
from aksjon.registry.models import Person, Phone, RegisteredUnit, Role, Venue
from aksjon.web.params import Param, reads
from aksjon.web.views import page, requires

NODE_TYPES = ("venue", "unit", "person", "phone", "address", "template", "photo")
KEYED_TYPES = {"venue", "unit", "person", "address"}  # their key is a record's number
# The id of a node kept from the user's sight: "person~3f2a9c1b0d".
PSEUDONYMOUS = re.compile("(" + "|".join(NODE_TYPES) + r")~[0-9a-f]{10}")
EXPAND_LIMIT = 60  # neighbours per expand: a hub (an accountant with forty clients) must not flood the chart
NEEDS = ("view network", "view networknode", "view networktie")


def node_ref(text: object, *, field: str) -> str:
    """A node's reference as the chart knows it: "venue:7", "phone:+4791234567", "person~3f2a9c1b0d" …"""
    text = parse.plain_text(text, field=field, longest=60)
    kind, colon, key = text.partition(":")
    if PSEUDONYMOUS.fullmatch(text):
        return text
    if not colon or kind not in NODE_TYPES or not key or " " in key:
        raise InvalidInput(gettext_noop("%(name)s is not a node of a network."), field=field, name=field)
    if kind in KEYED_TYPES:
        parse.record_key(key, field=field)
    return text


REF = Param(node_ref)


def api(view):
    """A JSON view: 401 in the project's error shape for a visitor who is not logged in
    (a page would send them to the login page instead)."""
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"error": {"code": "unauthenticated", "message": "Log in first."}}, status=401)
        return view(request, *args, **kwargs)
    return checked


# --- what a user may see of a node ---------------------------------------------------------

def _keys(refs, kind: str) -> set[int]:
    prefix = kind + ":"
    return {int(ref[len(prefix):]) for ref in refs if ref.startswith(prefix) and ref[len(prefix):].isdigit()}


def _visible(user, queryset):
    """restrict(), or nothing for a role that may never see this kind of record."""
    return restrict(queryset, user) if allows(user, VIEW, queryset.model) else queryset.none()


def pseudonym_id(ref: str) -> str:
    """A stable id for a node the user may not read (a person not theirs to name, another district's
    phone): keyed, so it cannot be turned back, and the same in every answer."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"linkchart:{ref}".encode(), hashlib.sha256).hexdigest()
    return f"{ref.partition(':')[0]}~{digest[:10]}"


class Lens:
    """What one user may read of a set of node references: a person's name, an "open" link.

    A national role reads every node. A district user reads the venues in their district and
    what those venues are tied to directly ("in sight"), as the network's page shows them; the
    other districts' salons and what hangs off them are "outside your district", with ids that
    name nothing. A person is named only to whom may open that person."""

    def __init__(self, user, refs, ties=(), *, in_sight=()):
        refs = set(refs)
        self.user = user
        self.venues = set(_visible(user, Venue.objects.filter(pk__in=_keys(refs, "venue")))
                          .values_list("pk", flat=True))
        self.named = set(_visible(user, Person.objects.filter(pk__in=_keys(refs, "person")))
                         .values_list("pk", flat=True))
        self.sight = None if ROLE_SCOPE[user.role] == NATIONAL else self._sight(ties) | set(in_sight)
        units = _visible(user, RegisteredUnit.objects.filter(pk__in=_keys(refs, "unit")))
        # A unit has no page of its own: "open" goes to the venue it is the register's record of.
        self.unit_venue = {}
        for unit, place, venue in units.values_list("pk", "place_id", "venues__pk"):
            chosen = place or venue
            if chosen and unit not in self.unit_venue:
                self.unit_venue[unit] = chosen
        shown_venues = set(_visible(user, Venue.objects.filter(pk__in=set(self.unit_venue.values())))
                           .values_list("pk", flat=True))
        self.unit_venue = {unit: venue for unit, venue in self.unit_venue.items() if venue in shown_venues}
        self.templates = set(_visible(user, AdTemplate.objects.filter(
            key__in={ref.partition(":")[2] for ref in refs if ref.startswith("template:")}))
            .values_list("key", flat=True)) if _has_url("template_detail") else set()
        self.ids: dict[str, str] = {}

    def _sight(self, ties) -> set[str]:
        mine = {f"venue:{pk}" for pk in self.venues}
        return mine | {right for left, right in ties if left in mine} | {left for left, right in ties if right in mine}

    def readable(self, ref: str) -> bool:
        return self.sight is None or ref in self.sight

    def node_id(self, ref: str) -> str:
        if ref not in self.ids:
            hidden = not self.readable(ref) or (ref.startswith("person:") and self._person(ref) not in self.named)
            self.ids[ref] = pseudonym_id(ref) if hidden else ref
        return self.ids[ref]

    @staticmethod
    def _person(ref: str) -> int | None:
        key = ref.partition(":")[2]
        return int(key) if key.isdigit() else None

    def label(self, ref: str, label: str) -> str:
        if not self.readable(ref):
            return gettext("a venue in another district") if ref.startswith("venue:") else \
                gettext("outside your district")
        node_id = self.node_id(ref)
        if node_id != ref:  # a person not the user's to name
            return gettext("person %(code)s") % {"code": node_id.partition("~")[2][:5]}
        return label

    def url(self, ref: str) -> str | None:
        if not self.readable(ref):
            return None
        kind, _, key = ref.partition(":")
        number = int(key) if key.isdigit() else None
        if kind == "venue" and number in self.venues:
            return reverse("venue_detail", args=[number])
        if kind == "person" and number in self.named:
            return reverse("person_detail", args=[number])
        if kind == "unit" and number in self.unit_venue:
            return reverse("venue_detail", args=[self.unit_venue[number]])
        if kind == "template" and key in self.templates:
            return reverse("template_detail", args=[key])
        return None

    def persons_named(self, refs) -> list[int]:
        return sorted(pk for pk in _keys(refs, "person") if pk in self.named and self.readable(f"person:{pk}"))


def _has_url(name: str) -> bool:
    """Whether a page another part of the analysis may or may not have exists (a template's page)."""
    try:
        reverse(name, args=["T000001"])
    except NoReverseMatch:
        return False
    return True


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _node(lens: Lens, row: dict, x: float, y: float) -> dict:
    return {"id": lens.node_id(row["ref"]), "type": row["type"], "label": lens.label(row["ref"], row["label"]),
            "x": x, "y": y, "centrality": round(row["centrality"], 4), "first_seen": _day(row["first_seen"]),
            "last_seen": _day(row["last_seen"]), "url": lens.url(row["ref"])}


def _tie(lens: Lens, row: dict, **extra) -> dict:
    return {"source": lens.node_id(row["left"]), "target": lens.node_id(row["right"]), "kind": row["kind"],
            "weight": round(row["weight"], 4), "damped": row["damped"], "reason": row["reason"],
            "first_seen": _day(row["first_seen"]), "last_seen": _day(row["last_seen"])} | extra


def _log_persons(user, network: Network, verb: str, persons: list[int]) -> None:
    """One access row for the persons a chart answer named (none when it named nobody)."""
    if persons:
        record_read(user, verb, network, shown={"persons": persons})


# --- the chart -----------------------------------------------------------------------------

NODE_FIELDS = ("ref", "type", "label", "centrality", "x", "y", "first_seen", "last_seen")
TIE_FIELDS = ("left", "right", "kind", "weight", "damped", "reason", "first_seen", "last_seen")


def chart_payload(user, network: Network) -> dict:
    nodes = list(network.nodes.order_by("-centrality", "ref").values(*NODE_FIELDS))
    ties = list(network.ties.order_by("pk").values(*TIE_FIELDS))
    places = [(row["x"], row["y"]) for row in nodes]
    if not laid_out(places):
        index = {row["ref"]: number for number, row in enumerate(nodes)}
        places = layout(len(nodes), [(index[t["left"]], index[t["right"]]) for t in ties
                                     if t["left"] in index and t["right"] in index])
    lens = Lens(user, [row["ref"] for row in nodes], [(t["left"], t["right"]) for t in ties])
    drawn = [_node(lens, row, x, y) for row, (x, y) in zip(nodes, to_drawing(places), strict=True)]
    days = [d for d in (n[k] for n in drawn for k in ("first_seen", "last_seen")) if d]
    return {
        "network": {"id": network.pk, "key": network.key, "size": network.size, "strength": network.strength},
        "nodes": drawn,
        "ties": [_tie(lens, row) for row in ties],
        "range": {"first": min(days, default=None), "last": max(days, default=None)},
        "persons_named": lens.persons_named(row["ref"] for row in nodes),
    }


@api
@requires(*NEEDS)
def chart_data(request, pk):
    """GET /api/networks/<id>/chart: the network's nodes (placed) and ties."""
    network = get_for(request.user, VIEW, Network, pk=pk)
    payload = chart_payload(request.user, network)
    _log_persons(request.user, network, "view_link_chart", payload.pop("persons_named"))
    return JsonResponse(payload)


@page
@requires(*NEEDS)
def network_chart(request, pk):
    """The link chart of one network on a page of its own (room for a big network)."""
    network = get_for(request.user, VIEW, Network, pk=pk)
    return render(request, "analysis/link_chart.html", {"network": network})


# --- expand: a node's neighbours outside this network ---------------------------------------

def _real_ref(lens_refs: list[str], wanted: str) -> str | None:
    """The stored reference behind the id the chart sent (a pseudonym is looked up among `lens_refs`)."""
    if not PSEUDONYMOUS.fullmatch(wanted):
        return wanted
    kind = wanted.partition("~")[0] + ":"
    return next((ref for ref in lens_refs if ref.startswith(kind) and pseudonym_id(ref) == wanted), None)


def _other_networks(user, network: Network, ref: str) -> list[dict]:
    """Ties of `ref` in the other networks the user may see, with the far node as that network drew it."""
    ties = list(restrict(NetworkTie.objects.filter(Q(left=ref) | Q(right=ref)), user)
                .exclude(network=network).select_related("network").order_by("-weight", "pk")[:EXPAND_LIMIT])
    far = {(t.network_id, t.right if t.left == ref else t.left) for t in ties}
    nodes = {(n.network_id, n.ref): n for n in NetworkNode.objects.filter(
        network_id__in={key for key, _ in far}, ref__in={other for _, other in far})}
    found = []
    for tie in ties:
        other = tie.right if tie.left == ref else tie.left
        node = nodes.get((tie.network_id, other))
        found.append({
            "ref": other, "type": node.type if node else other.partition(":")[0],
            "label": node.label if node else other, "first_seen": node.first_seen if node else None,
            "last_seen": node.last_seen if node else None, "kind": tie.kind, "weight": tie.weight,
            "damped": tie.damped, "reason": tie.reason, "tie_first": tie.first_seen, "tie_last": tie.last_seen,
            "source": tie.network.key})
    return found


def _link(ref: str, kind_of_node: str, label: str, kind: str, reason: str) -> dict:
    return {"ref": ref, "type": kind_of_node, "label": label, "first_seen": None, "last_seen": None, "kind": kind,
            "weight": 1.0, "damped": False, "reason": reason, "tie_first": None, "tie_last": None,
            "source": "register"}


def _venue_links(user, key: int) -> list[dict]:
    venue = _visible(user, Venue.objects.filter(pk=key).select_related("unit", "address")).first()
    if venue is None:
        return []
    links = []
    if venue.unit_id:
        links.append(_link(f"unit:{venue.unit_id}", "unit", venue.unit.name, "registered",
                           gettext("the venue's registered unit")))
    if venue.address_id:
        links.append(_link(f"address:{venue.address_id}", "address", str(venue.address), "address",
                           gettext("the venue's address")))
    for phone in _visible(user, venue.phones.all()):
        links.append(_link(f"phone:{phone.e164}", "phone", display(phone.e164), "phone",
                           gettext("the venue's phone")))
    return links


def _unit_links(user, key: int) -> list[dict]:
    unit = _visible(user, RegisteredUnit.objects.filter(pk=key)).first()
    if unit is None:
        return []
    links = [_link(f"venue:{v.pk}", "venue", v.name, "registered", gettext("the register's record of this venue"))
             for v in _visible(user, Venue.objects.filter(Q(unit=unit) | Q(pk=unit.place_id or 0)))]
    if unit.parent_id:
        links.append(_link(f"unit:{unit.parent_id}", "unit", unit.parent.name, "parent", gettext("the main unit")))
    for role in _visible(user, Role.objects.filter(unit=unit, resigned=False).select_related("person")):
        if role.person_id:
            links.append(_link(f"person:{role.person_id}", "person", str(role.person), "role",
                               gettext("holds the role %(code)s") % {"code": role.code}))
        elif role.holder_orgnr:
            holder = RegisteredUnit.objects.filter(orgnr=role.holder_orgnr).first()
            if holder:
                links.append(_link(f"unit:{holder.pk}", "unit", holder.name, "holding",
                                   gettext("holds the role %(code)s") % {"code": role.code}))
    return links


def _person_links(user, key: int) -> list[dict]:
    person = _visible(user, Person.objects.filter(pk=key)).first()
    if person is None:
        return []
    links = [_link(f"unit:{role.unit_id}", "unit", role.unit.name, "role",
                   gettext("holds the role %(code)s") % {"code": role.code})
             for role in _visible(user, Role.objects.filter(person=person, resigned=False).select_related("unit"))]
    links += [_link(f"phone:{p.e164}", "phone", display(p.e164), "phone", gettext("the person's phone"))
              for p in _visible(user, person.phones.all())]
    return links


def _phone_links(user, e164: str) -> list[dict]:
    phone = _visible(user, Phone.objects.filter(e164=e164)).first()
    if phone is None:
        return []
    links = [_link(f"venue:{v.pk}", "venue", v.name, "phone", gettext("the venue's phone"))
             for v in _visible(user, phone.venues.all())]
    links += [_link(f"person:{p.pk}", "person", str(p), "phone", gettext("the person's phone"))
              for p in _visible(user, phone.persons.all())]
    return links


UNSCOPED = {"parent", "holding"}  # register links not looked up through restrict(): the register is public
REGISTER_LINKS = {"venue": _venue_links, "unit": _unit_links, "person": _person_links, "phone": _phone_links}


def _register(user, ref: str) -> list[dict]:
    kind, _, key = ref.partition(":")
    links = REGISTER_LINKS.get(kind)
    if links is None:
        return []
    return links(user, int(key) if kind != "phone" else key)


def _may_expand(user, network: Network, ref: str, *, pseudonymous: bool) -> bool:
    """A node the chart showed this user, a node of another network they see, or a register record
    in their scope. A district user's raw reference must be in their sight here: naming another
    district's node by its key tells them nothing, not even that it is in the network."""
    if pseudonymous:
        return True  # resolved among this network's nodes: the chart handed it out
    if network.nodes.filter(ref=ref).exists():
        if ROLE_SCOPE[user.role] == NATIONAL:
            return True
        refs = list(network.nodes.values_list("ref", flat=True))
        if Lens(user, refs, network.ties.values_list("left", "right")).readable(ref):
            return True
    elif ROLE_SCOPE[user.role] == NATIONAL and restrict(NetworkNode.objects.filter(ref=ref), user).exists():
        return True
    kind, _, key = ref.partition(":")
    models = {"venue": (Venue, "pk"), "unit": (RegisteredUnit, "pk"), "person": (Person, "pk"),
              "phone": (Phone, "e164")}
    if kind not in models:
        return False
    model, field = models[kind]
    return _visible(user, model.objects.filter(**{field: key})).exists()


def expand_payload(user, network: Network, wanted: str) -> dict:
    refs = list(network.nodes.values_list("ref", flat=True))
    ref = _real_ref(refs, wanted)
    if ref is None or not _may_expand(user, network, ref, pseudonymous=ref != wanted):
        raise NotFound(gettext_noop("Not found."))
    found, seen = [], set()
    for item in _other_networks(user, network, ref) + _register(user, ref):
        if item["ref"] != ref and (item["ref"], item["kind"]) not in seen and len(found) < EXPAND_LIMIT:
            seen.add((item["ref"], item["kind"]))
            found.append(item)
    # The register's links come through restrict() (the main unit and a holding unit excepted):
    # they are in the user's sight; another network's far node is, when it is by sight.
    in_sight = {item["ref"] for item in found if item["source"] == "register" and item["kind"] not in UNSCOPED}
    lens = Lens(user, [ref] + [item["ref"] for item in found], [(ref, item["ref"]) for item in found],
                in_sight=in_sight)
    nodes = {}
    for item in found:
        nodes.setdefault(item["ref"], {
            "id": lens.node_id(item["ref"]), "type": item["type"], "label": lens.label(item["ref"], item["label"]),
            "centrality": 0, "first_seen": _day(item["first_seen"]), "last_seen": _day(item["last_seen"]),
            "url": lens.url(item["ref"])})
    ties = [_tie(lens, {"left": ref, "right": item["ref"], "kind": item["kind"], "weight": item["weight"],
                        "damped": item["damped"], "reason": item["reason"], "first_seen": item["tie_first"],
                        "last_seen": item["tie_last"]}, origin=item["source"]) | {"source": wanted}
            for item in found]
    return {"node": wanted, "nodes": list(nodes.values()), "ties": ties, "limit": EXPAND_LIMIT,
            "persons_named": lens.persons_named(nodes)}


@api
@requires(*NEEDS)
@reads(ref=REF)
def chart_expand(request, pk, ref=None):
    """GET /api/networks/<id>/expand?ref=venue:7: the node's neighbours in the other networks the
    user may see and its direct links in the register (units, roles, phones, addresses)."""
    if ref is None:
        raise InvalidInput(gettext_noop("%(name)s is required."), field="ref", name="ref")
    network = get_for(request.user, VIEW, Network, pk=pk)
    payload = expand_payload(request.user, network, ref)
    _log_persons(request.user, network, "expand_link_chart", payload.pop("persons_named"))
    return JsonResponse(payload)
