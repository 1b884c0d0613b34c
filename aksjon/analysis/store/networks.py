"""Networks read from and written back to the database: what each venue holds (roles, phones,
addresses, templates, photos, rotating workers), and the networks found with their nodes, ties
and `network` signals on venues. A run replaces everything the last run wrote."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_noop

from aksjon.analysis.core.networks import (
    ROLE_KINDS,
    AdPlaced,
    Holding,
    NetworkFound,
    VenueFact,
    central,
    misplaced_ads,
    strongest_ties,
)
from aksjon.analysis.core.rotation import photo_groups
from aksjon.analysis.models import AdTemplate, Network, NetworkNode, NetworkTie, Signal, Stint
from aksjon.analysis.signals import english, said
from aksjon.audit.log import record_write
from aksjon.intel.models import ClusterMember
from aksjon.registry.models import Ad, Address, Person, Phone, RegisteredUnit, Role, Venue

FAMILY = "network"
CONTROL = {"owner", "board", "contact"}


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def read_facts() -> tuple[list[VenueFact], list[Holding]]:
    """Every venue with the companies running it, and every value a venue holds."""
    venues = list(Venue.objects.values_list("pk", "name", "town__name", "district__name", "unit_id", "address_id"))
    units = {row[0]: row for row in RegisteredUnit.objects.values_list(
        "pk", "orgnr", "parent_id", "place_id", "business_address_id", "location_address_id", "registered_on",
        "deleted_on", "name")}
    units_of: dict[int, set[int]] = defaultdict(set)  # venue -> the units that are (or were) it
    for pk, row in units.items():
        if row[3]:
            units_of[row[3]].add(pk)
    for pk, _name, _town, _district, unit, _address in venues:
        if unit:
            units_of[pk].add(unit)
    facts = [VenueFact(venue=pk, label=name, town=town, district=district,
                       runs=tuple(sorted(_runs(units_of[pk], units))))
             for pk, name, town, district, _unit, _address in venues]
    misplaced = misplaced_observations()
    holdings = (_roles(units_of, units) + _phones(misplaced) + _addresses(venues, units_of, units) + _templates()
                + _photos(misplaced) + _workers(misplaced))
    return facts, holdings


def misplaced_observations() -> set[int]:
    """The ad observations (pks) placed on a venue that are another salon's of the same name
    (core.networks.misplaced_ads): read from the placed ads and the unplaced ones giving an address."""
    ads: dict[int, dict] = {}
    placed_or_addressed = Q(ad__venue__isnull=False) | ~Q(ad__address_text="")
    for pk, venue, town, name, address, e164 in Ad.phones.through.objects.filter(
            placed_or_addressed).values_list("ad_id", "ad__venue_id", "ad__city", "ad__venue_name",
                                             "ad__address_text", "phone__e164").iterator(chunk_size=5000):
        ad = ads.setdefault(pk, {"venue": venue, "town": town or "", "name": name or "",
                                 "addressed": bool((address or "").strip()), "phones": []})
        ad["phones"].append(e164)
    reviews = Ad.objects.filter(venue__isnull=False, address_text="", phones__isnull=True)  # no phone, no address
    for pk, venue, town, name in reviews.values_list("pk", "venue_id", "city", "venue_name").iterator(chunk_size=5000):
        ads.setdefault(pk, {"venue": venue, "town": town or "", "name": name or "", "addressed": False, "phones": []})
    return misplaced_ads(AdPlaced(key=pk, venue=ad["venue"], town=ad["town"], name=ad["name"],
                                  addressed=ad["addressed"], phones=tuple(ad["phones"])) for pk, ad in ads.items())


def _runs(unit_pks: set[int], units: dict) -> set[str]:
    """The companies running a venue: the main unit above each establishment unit, or the unit itself."""
    return {units[units[pk][2]][1] if units[pk][2] in units else units[pk][1] for pk in unit_pks if pk in units}


def _with_parents(unit_pks: set[int], units: dict) -> set[int]:
    """A venue's units and the companies above them: roles are registered on the main unit."""
    return unit_pks | {units[pk][2] for pk in unit_pks if pk in units and units[pk][2]}


def _roles(units_of: dict[int, set[int]], units: dict) -> list[Holding]:
    clusters = dict(ClusterMember.objects.filter(kind="person").values_list("ref", "cluster"))
    unit_by_orgnr = {row[1]: pk for pk, row in units.items()}
    roles_of: dict[int, list] = defaultdict(list)
    for row in Role.objects.values_list("unit_id", "code", "person_id", "holder_orgnr", "holder_name",
                                        "changed_on", "resigned"):
        roles_of[row[0]].append(row)
    names = {pk: " ".join(p for p in (given, family) if p) or f"#{pk}"
             for pk, given, family in Person.objects.filter(roles__isnull=False).distinct().values_list(
                 "pk", "given_name", "family_name")}
    holdings = []
    for venue, unit_pks in units_of.items():
        for unit in _with_parents(unit_pks, units):
            for _unit, code, person, holder_orgnr, holder_name, changed_on, resigned in roles_of.get(unit, []):
                kind = ROLE_KINDS.get(code)
                if kind is None:
                    continue
                note = code + (" (resigned)" if resigned else "")
                if person:
                    ref = clusters.get(f"person:{person}", f"person:{person}")
                    holdings.append(Holding(venue, ref, "person", names.get(person, ref), kind, changed_on,
                                            changed_on, note))
                elif holder_orgnr:
                    held_by = unit_by_orgnr.get(holder_orgnr)
                    ref = f"unit:{held_by}" if held_by else f"unit:{holder_orgnr}"
                    label = (units[held_by][8] if held_by else holder_name) or holder_orgnr
                    holdings.append(Holding(venue, ref, "unit", f"{label} ({holder_orgnr})",
                                            "holding" if kind in CONTROL else kind, changed_on, changed_on, note))
    return holdings


PHONE_SHARE = 0.2  # of a venue's own phone-bearing ads: a smaller share is another salon's ads placed on it


def venue_phones(misplaced: set[int] | None = None) -> dict[tuple[int, str], list]:
    """(venue, E.164) -> [first seen, last seen]: the phones a venue advertises with, and its own known phones.

    Ads are placed on venues by name and town, and salons share names ("Nuad Jasmine" twice in
    one city): a few of one salon's ads on its namesake would give the namesake the other's
    booking phone. A venue holds a phone from its ads only when the phone is in at least
    PHONE_SHARE of its distinct ads that carry a phone (a network salon rotating four booking
    phones still holds each), and never from the ads that are its namesake's (`misplaced`,
    misplaced_observations() when not given)."""
    if misplaced is None:
        misplaced = misplaced_observations()
    seen: dict[tuple[int, str], list] = {}
    ads: dict[tuple[int, str], set] = defaultdict(set)
    venue_ads: dict[int, set] = defaultdict(set)
    for pk, venue, e164, observed, source, ad_id in Ad.phones.through.objects.filter(
            ad__venue__isnull=False).values_list("ad_id", "ad__venue_id", "phone__e164", "ad__observed_at",
                                                 "ad__ad_source", "ad__ad_id"):
        if pk in misplaced:
            continue
        span = seen.setdefault((venue, e164), [observed, observed])
        span[0], span[1] = min(span[0], observed), max(span[1], observed)
        ads[(venue, e164)].add((source, ad_id))
        venue_ads[venue].add((source, ad_id))
    seen = {key: span for key, span in seen.items() if len(ads[key]) >= PHONE_SHARE * len(venue_ads[key[0]])}
    for venue, e164 in Phone.venues.through.objects.values_list("venue_id", "phone__e164"):
        seen.setdefault((venue, e164), [None, None])
    return seen


def _phones(misplaced: set[int]) -> list[Holding]:
    return [Holding(venue, f"phone:{e164}", "phone", e164, "phone", _day(first), _day(last))
            for (venue, e164), (first, last) in venue_phones(misplaced).items()]


def _address_key(street: str, postcode: str) -> str:
    return f"{' '.join(street.casefold().split())}|{postcode.strip()}"


def _addresses(venues, units_of, units) -> list[Holding]:
    """The venue's address and the addresses of its units and of the companies above them
    (a network's NUFs share one address abroad), one node per address as written."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for pk, _name, _town, _district, _unit, address in venues:
        if address:
            wanted[pk].add(address)
        for unit in _with_parents(units_of.get(pk, set()), units):
            wanted[pk] |= {a for a in (units[unit][4], units[unit][5]) if a}
    rows = Address.objects.filter(pk__in={a for s in wanted.values() for a in s}).values_list(
        "pk", "street", "postcode", "postal_town")
    key_of, label_of, first_pk = {}, {}, {}
    for pk, street, postcode, town in rows:
        key = _address_key(street, postcode)
        key_of[pk] = key
        first_pk[key] = min(first_pk.get(key, pk), pk)
        label_of[key] = ", ".join(p for p in (street, " ".join(p for p in (postcode, town) if p)) if p)
    holdings = set()
    for venue, addresses in wanted.items():
        for key in {key_of[a] for a in addresses if a in key_of}:
            holdings.add(Holding(venue, f"address:{first_pk[key]}", "address", label_of[key], "address"))
    return list(holdings)


def _templates() -> list[Holding]:
    """Ad templates (the templates analysis) touching a venue, when that analysis has run."""
    rows = AdTemplate.venues.through.objects.values_list("adtemplate__key", "venue_id", "adtemplate__first_seen",
                                                         "adtemplate__last_seen", "adtemplate__ads")
    return [Holding(venue, f"template:{key}", "template", f"{key} ({ads} ads)", "template", _day(first),
                    _day(last)) for key, venue, first, last, ads in rows]


def _photos(misplaced: set[int]) -> list[Holding]:
    """The photos in a venue's own ads (not its namesake's), near-equal hashes (re-uploads) as one photo."""
    used: dict[tuple[int, int], list] = {}
    for pk, venue, hashes, observed in Ad.objects.filter(venue__isnull=False).values_list(
            "pk", "venue_id", "image_hashes", "observed_at").iterator(chunk_size=5000):
        if pk in misplaced:
            continue
        for text in hashes or []:
            try:
                value = int(text, 16)
            except (TypeError, ValueError):
                continue
            span = used.setdefault((venue, value), [observed, observed])
            span[0], span[1] = min(span[0], observed), max(span[1], observed)
    group = photo_groups(value for _venue, value in used)
    merged: dict[tuple[int, int], list] = {}
    for (venue, value), (first, last) in used.items():
        span = merged.setdefault((venue, group[value]), [first, last])
        span[0], span[1] = min(span[0], first), max(span[1], last)
    return [Holding(venue, f"photo:{root:016x}", "photo", f"photo {root:016x}", "photo", _day(first), _day(last))
            for (venue, root), (first, last) in merged.items()]


def _workers(misplaced: set[int]) -> list[Holding]:
    """Rotating workers (the rotation analysis' personas) advertised at a venue, but for a stint
    known only from ads that are the venue's namesake's."""
    elsewhere, pks = set(), sorted(misplaced)
    for start in range(0, len(pks), 900):  # SQLite's parameter limit in old builds
        elsewhere |= {f"{source}/{ad_id}" for source, ad_id in
                      Ad.objects.filter(pk__in=pks[start:start + 900]).values_list("ad_source", "ad_id")}
    spans: dict[tuple[int, str], list] = {}
    labels = {}
    for venue, key, nicks, first, last, ads in Stint.objects.filter(venue__isnull=False).values_list(
            "venue_id", "persona__key", "persona__nicknames", "first_seen", "last_seen", "ads"):
        if ads and elsewhere.issuperset(ads):
            continue
        span = spans.setdefault((venue, key), [first, last])
        span[0], span[1] = min(span[0], first), max(span[1], last)
        labels[key] = f"{key} ({', '.join(nicks[:2])})" if nicks else key
    return [Holding(venue, f"persona:{key}", "persona", labels[key], "worker", _day(first), _day(last))
            for (venue, key), (first, last) in spans.items()]


# --- writing ---------------------------------------------------------------------------------

@transaction.atomic
def write(networks: list[NetworkFound], *, actor) -> dict:
    """Replace the networks and network signals of the last run with these, with one audit row."""
    before = {"networks": Network.objects.count(), "signals": Signal.objects.filter(family=FAMILY).count()}
    Network.objects.all().delete()
    Signal.objects.filter(family=FAMILY).delete()
    signals = []
    for found in networks:
        network = Network.objects.create(key=found.key, size=len(found.nodes), strength=found.strength,
                                         evidence=_evidence(found), central=central(found, top=8))
        network.venues.set(found.venues)
        NetworkNode.objects.bulk_create([
            NetworkNode(network=network, ref=ref[:60], type=node["type"][:10], label=str(node["label"])[:200],
                        centrality=node["centrality"], x=node["x"], y=node["y"],
                        first_seen=node["first_seen"], last_seen=node["last_seen"])
            for ref, node in found.nodes.items()], batch_size=2000)
        NetworkTie.objects.bulk_create([
            NetworkTie(network=network, left=f"venue:{tie.venue}", right=tie.ref[:60], kind=tie.kind,
                       weight=tie.weight, damped=tie.damped, reason=tie.reason[:300], first_seen=tie.first_seen,
                       last_seen=tie.last_seen) for tie in found.ties], batch_size=2000)
        signals += _signals(found)
    Signal.objects.bulk_create(signals, batch_size=2000)
    after = {"networks": len(networks), "venues": sum(len(n.venues) for n in networks), "signals": len(signals)}
    record_write(actor, "store_networks", Network.objects.order_by("pk").first() or actor, before=before,
                 after=after)
    return after


def _evidence(found: NetworkFound) -> list[dict]:
    """The ties that bind it, strongest first (operator pairs with what they share, then the ties)."""
    ties = [{"kind": t.kind, "left": f"venue:{t.venue}", "right": t.ref, "weight": t.weight, "damped": t.damped,
             "reason": t.reason, "first_seen": t.first_seen.isoformat() if t.first_seen else None,
             "last_seen": t.last_seen.isoformat() if t.last_seen else None} for t in found.ties[:200]]
    bonds = [{"kind": "bond", "left": f"venue:{b['left']}", "right": f"venue:{b['right']}", "weight": b["weight"],
              "kinds": b["kinds"], "refs": b["refs"]} for b in found.bonds[:200]]
    return bonds + ties


def _signals(found: NetworkFound) -> list[Signal]:
    """`network_member` on each venue: the network, its size and spread, and its strongest ties."""
    strongest = strongest_ties(found)
    last = max((t.last_seen for t in found.ties if t.last_seen), default=None)
    # In words of the reader's language on the page (aksjon.analysis.signals.said), English in `evidence`.
    message = said(gettext_noop("In network %(network)s with %(venues)s venues and %(operators)s operators across "
                         "%(districts)s district(s); strongest ties: %(ties)s"),
                   network=found.key, venues=len(found.venues), operators=len(found.operators),
                   districts=len(found.districts), ties=[_said(t) for t in strongest])
    evidence = english(message)
    bond_weight = defaultdict(float)
    for bond in found.bonds:
        for side in ("left", "right"):
            bond_weight[bond[side]] += bond["weight"]
    signals = []
    for operator in found.operators:
        # A venue bound by one tie counts less than one bound many times over.
        strength = min(1.0, round(bond_weight.get(operator[0], 0.0) / 2, 3)) or 0.5
        for venue in operator:
            signals.append(Signal(venue_id=venue, family=FAMILY, code="network_member", evidence=evidence[:300],
                                  refs=[f"network:{found.key}"] + [t["ref"] for t in strongest if
                                                                   not t["ref"].startswith("person:")],
                                  message=message,
                                  observed_on=last, strength=strength))
    return signals


def _said(tie: dict) -> dict:
    """A tie in words for a signal, naming no person (a signal is read by more roles than persons are)."""
    if tie["ref"].startswith("person:"):
        return said(gettext_noop("a person as %(kind)s (%(count)s venues)"), kind=tie["kind"], count=tie["venues"])
    return said(gettext_noop("%(kind)s %(label)s (%(count)s venues)"), kind=tie["kind"], label=tie["label"],
                count=tie["venues"])
