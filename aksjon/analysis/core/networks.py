"""Networks: venues bound by weighed ties (plain Python and igraph, no Django).

The graph has venues and what they hold: persons in roles, units in roles (a holding company
as chair), phones, addresses, ad templates, photos and rotating workers (personas). Each such
value is a node; a venue holding it is a tie.

**Operators first.** A company running several salons (its BEDRs), and one venue's
re-registrations, are one operator: a legitimate chain sharing its booking phone and its
template is one business, not a network. Venues are joined into operators by the company
that runs them (the main unit above their establishment units), and two venue records at one
address sharing their owner or phone are one salon the venue cross-referencing kept apart; a
network binds two or more operators.

**Weights.** What is true of the sector decides the weight of a shared value:

- its kind: control (owner, manager, board, contact person, holding company) and direct
  contact (a booking phone, a worker moved between salons) say that the same people run the
  places; an address shared by two salons says less; an accountant, an auditor, an ad
  template or a photo is a service sold to unrelated businesses (ad writers, stock photos,
  hub accountants) and says little;
- how many operators share it (IDF-like damping): `idf(n) = log(N / n) / log(N)` for a value
  held by n of N operators, so a booking phone of three salons keeps ~0.8 of its weight and
  an accountant with forty clients ~0.4 of an already small one.

A pair of operators is *tied* when the sum of what they share — each kind capped at its own
weight, so that many weak values of one kind never add up to a strong one — reaches
THRESHOLD, and at least one shared value is of a strong kind: service ties corroborate, they
never bind alone. THRESHOLD is the full weight of one strong value: since any value held by
two or more operators is damped below its kind's weight, no single shared value binds on
its own — a person merged with a namesake by the person linkage, an ad placed on the wrong
venue, a second-hand phone — while two independent strong values (a front person and a
booking phone, a holding company and a worker moved between them) do.

**Front persons.** One exception, from the register: a person or a holding company in a
control role (owner, manager, board) of FRONT_MIN or more separately registered salon
companies binds them on its own. Owning two salons is common and legitimate, and the
damping above keeps such a pair apart unless more is shared; a front person registered as
owner of three, five, seven salon companies is how a network hides who runs it, and a
salon whose register says nothing else (no ads, a new company) is tied by nothing else.
The register knows a person by name and birth date, so a namesake merge needs both.

**Misplaced ads.** Ads are placed on venues by the name and town they give; an ad giving no
street address is placed on one of two namesakes in a town by chance (or on a salon of a
similar name, when the register knows the real one by its company name). `misplaced_ads`
finds such ads — no address, and their phone advertised *with an address* under the same name
in the same town by another venue (or by ads placed on no venue), never by their own — and
the phone-less reviews that came with them, so that one salon's booking phones, photos and
workers are not read as its namesake's (store/networks.py leaves them out, and the rotation
analysis reads venue phones from there).

**Networks** are the connected components of operators under these ties (components, not
community detection: every venue in a network is tied to another by evidence that passes on
its own, which a reader can check tie by tie; Leiden would cut or merge by modularity, which
nobody can explain to a court). The most central nodes are ranked by weighted PageRank on
the network's own subgraph, and the subgraph is laid out (Fruchterman-Reingold) for the
link chart.

A network's key is N + the smallest venue id in it (zero-padded): stable while that venue
stays in it; a run that splits or merges networks renames only the parts that lost it.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations

import igraph
from scipy.cluster.hierarchy import DisjointSet

from aksjon.linkage.names import business_name_words

# The weight of one shared value of each kind before damping, and whether it binds alone.
KINDS: dict[str, tuple[float, bool]] = {
    "owner": (1.0, True),  # INNH, DAGL: the person running it
    "board": (1.0, True),  # LEDE, MEDL
    "contact": (1.0, True),  # KONT (a NUF's or partnership's contact: often the front person)
    "holding": (1.0, True),  # a unit holding a control role: a holding company as chair
    "phone": (1.0, True),  # a booking phone the salons advertise with
    "worker": (1.0, True),  # a worker advertised at both (a persona moved between them)
    "address": (0.45, True),  # one address (a NUF's shared address abroad); c/o addresses and shared buildings
    "template": (0.25, False),  # one ad template: ad-writing services write for unrelated salons
    "photo": (0.25, False),  # one photo: stock photos are everywhere
    "accountant": (0.1, False),  # REGN: hub accountants have dozens of unrelated clients
    "auditor": (0.1, False),  # REVI
}
ROLE_KINDS = {"INNH": "owner", "DAGL": "owner", "LEDE": "board", "MEDL": "board", "NEST": "board",
              "VARA": "board", "KONT": "contact", "REGN": "accountant", "REVI": "auditor"}
THRESHOLD = 1.0
HUB_MIN = 5  # a strong value held by more operators than this and by more than sqrt(N) is called damped
HUB_SHARE = 0.25  # a value held by more than this share of operators is a hub: shown, never paired
# Kinds read from one source, counted once per pair (bond_weight): the ads give a venue its
# booking phones, its template and its photos together.
SOURCES = {"phone": "ads", "template": "ads", "photo": "ads"}
SAME_PLACE_KINDS = {"owner", "phone"}  # with one address: the same salon under another number
SAME_PLACE_MAX = 3  # more venues at one address is a building, not one salon
FRONT_KINDS = {"owner", "board", "holding"}  # control roles; a KONT contact person may be a paid agent
FRONT_MIN = 3  # separately registered operators one controller runs: two is a legitimate owner's pair
SERVICE_WORDS = {"accountant": "accountant", "auditor": "auditor", "template": "ad template", "photo": "photo"}


@dataclass(frozen=True)
class VenueFact:
    venue: int
    label: str
    town: str = ""
    district: str = ""
    runs: tuple[str, ...] = ()  # the companies running it (main-unit orgnrs): one operator per company


@dataclass(frozen=True)
class Holding:
    """A venue holds a value: a tie between the venue and the value's node."""

    venue: int
    ref: str  # the value's node: "person:12", "unit:3", "phone:+4791234567", "address:5", "template:T000042" …
    type: str  # person | unit | phone | address | template | photo | persona
    label: str
    kind: str  # a key of KINDS
    first_seen: date | None = None
    last_seen: date | None = None
    note: str = ""  # e.g. the role code


@dataclass
class Tie:
    venue: int
    ref: str
    kind: str
    weight: float
    damped: bool
    reason: str
    first_seen: date | None = None
    last_seen: date | None = None


@dataclass
class NetworkFound:
    key: str
    venues: list[int]
    operators: list[list[int]]
    nodes: dict[str, dict]  # ref -> {type, label, centrality, x, y, first_seen, last_seen}
    ties: list[Tie]
    bonds: list[dict]  # operator pairs and what ties them: [{left, right, weight, kinds}]
    districts: list[str] = field(default_factory=list)

    @property
    def strength(self) -> float:
        return round(sum(b["weight"] for b in self.bonds), 3)


# --- operators -------------------------------------------------------------------------------

def operators(venues: Iterable[VenueFact], holdings: Iterable[Holding] = ()) -> dict[int, int]:
    """venue -> its operator (the smallest venue of it): venues run by the same company, and
    venues at one address that also share a person in control or a phone — one salon
    re-registered under a new number that the venue cross-referencing kept apart."""
    facts = list(venues)
    groups = DisjointSet(f.venue for f in facts)
    first_of: dict[str, int] = {}
    for fact in facts:
        for company in fact.runs:
            if company in first_of:
                groups.merge(first_of[company], fact.venue)
            else:
                first_of[company] = fact.venue
    at_address: dict[str, set[int]] = defaultdict(set)
    direct: dict[int, set[str]] = defaultdict(set)
    for h in holdings:
        if h.venue not in groups:
            continue
        if h.kind == "address":
            at_address[h.ref].add(h.venue)
        elif h.kind in SAME_PLACE_KINDS:
            direct[h.venue].add(h.ref)
    for together in at_address.values():
        if 2 <= len(together) <= SAME_PLACE_MAX:
            for a, b in combinations(sorted(together), 2):
                if direct[a] & direct[b]:
                    groups.merge(a, b)
    return {venue: min(group) for group in groups.subsets() for venue in group}


# --- weights ---------------------------------------------------------------------------------

def idf(holders: int, population: int) -> float:
    """How much a value held by `holders` of `population` operators still says (1 for one holder)."""
    if population <= 1 or holders <= 1:
        return 1.0
    return max(0.0, math.log(population / holders) / math.log(population))


def weigh(kind: str, holders: int, population: int) -> tuple[float, bool, str]:
    """(weight, damped, reason) of one tie to a value of `kind` held by `holders` operators."""
    base, strong = KINDS[kind]
    specificity = idf(holders, population)
    weight = round(base * specificity, 4)
    word = SERVICE_WORDS.get(kind, kind)
    if not strong:
        clients = "clients" if kind in ("accountant", "auditor") else "venues"
        return weight, True, f"{word} with {holders} {clients}: a service to unrelated businesses, damped"
    if specificity < 0.5 and holders > HUB_MIN:
        return weight, True, f"{word} shared by {holders} operators: damped"
    if fronts(kind, holders, population):
        return weight, False, f"{word} in control of {holders} operators: a front, binds on its own"
    return weight, False, f"{word} shared by {holders} operator{'s' if holders != 1 else ''}"


def fronts(kind: str, holders: int, population: int) -> bool:
    """Whether a controller of `holders` operators binds them on its own: a front person or
    holding company in control of FRONT_MIN or more, short of a hub (a professional board
    member of dozens of companies is damped like any hub)."""
    return kind in FRONT_KINDS and holders >= FRONT_MIN and idf(holders, population) >= 0.5


# --- misplaced ads ---------------------------------------------------------------------------

@dataclass(frozen=True)
class AdPlaced:
    """An ad observation as placed on a venue, with what it says of where it belongs."""

    key: object  # the observation (any hashable)
    venue: int | None  # None: placed on no venue
    town: str  # the town the ad gives
    name: str  # the venue name the ad gives
    addressed: bool  # the ad gives a street address
    phones: tuple[str, ...] = ()


@lru_cache(maxsize=100_000)  # ads repeat a few thousand names
def name_core(name: str) -> str:
    """A business name without the words every salon uses: 'Krabi Wellness Thai Spa' -> 'krabiwellness'."""
    return "".join(business_name_words(name))


def misplaced_ads(ads: Iterable[AdPlaced]) -> set:
    """The ads placed on a venue that belong to another salon of the same name in the town: the
    ad gives no address, and a phone it carries is advertised with an address — never by the
    venue it was placed on — by another venue whose ads give that name there, or by ads giving
    that name with an address that were placed on no venue (a salon whose register name is not
    its trade name), when the venue's own addressed ads are placed (so those are not its own).
    `venue` None: an ad placed on no venue."""
    ads = list(ads)
    named: dict[tuple[str, str], set] = defaultdict(set)  # (town, name) -> venues advertised there with an address
    addressed_phones: dict[int | None, set[str]] = defaultdict(set)
    unplaced_phones: dict[tuple[str, str], set[str]] = defaultdict(set)  # (town, name) -> phones of unplaced ads
    for ad in ads:
        if not ad.addressed:
            continue
        core = name_core(ad.name)
        if ad.venue is None:
            if core:
                unplaced_phones[(ad.town.casefold().strip(), core)] |= set(ad.phones)
            continue
        addressed_phones[ad.venue] |= set(ad.phones)
        if core:
            named[(ad.town.casefold().strip(), core)].add(ad.venue)
    found = set()
    for ad in ads:
        if ad.venue is None or ad.addressed or not ad.phones or not (core := name_core(ad.name)):
            continue
        phones = set(ad.phones) - addressed_phones.get(ad.venue, set())
        place = (ad.town.casefold().strip(), core)
        namesakes = named.get(place, set()) - {ad.venue}
        if any(phones & addressed_phones[other] for other in namesakes) or (
                ad.venue in addressed_phones and phones & unplaced_phones.get(place, set())):
            found.add(ad.key)
    # The other salon's ads with no phone (reviews) came with them: the address-less ads giving
    # that name at that venue, unless the venue's own addressed ads give that name too.
    lost = {(ad.venue, ad.town.casefold().strip(), name_core(ad.name)) for ad in ads if ad.key in found}
    lost = {(venue, town, core) for venue, town, core in lost if venue not in named.get((town, core), set())}
    found |= {ad.key for ad in ads if ad.venue is not None and not ad.addressed
              and (ad.venue, ad.town.casefold().strip(), name_core(ad.name)) in lost}
    return found


# --- networks --------------------------------------------------------------------------------

def find_networks(venues: Iterable[VenueFact], holdings: Iterable[Holding], *,
                  threshold: float = THRESHOLD) -> list[NetworkFound]:
    """The networks of two or more operators bound by ties that pass `threshold`, largest first."""
    facts = {f.venue: f for f in venues}
    holdings = list(holdings)
    operator_of = operators(facts.values(), holdings)
    population = len(set(operator_of.values()))
    holdings = [h for h in holdings if h.venue in operator_of and h.kind in KINDS]
    holders = _holders(holdings, operator_of)
    bonds = _bonds(holders, population, threshold)
    graph = igraph.Graph(n=population)
    index = {op: i for i, op in enumerate(sorted(set(operator_of.values())))}
    graph.add_edges([(index[a], index[b]) for a, b in bonds])
    members: dict[int, list[int]] = defaultdict(list)
    for venue, op in operator_of.items():
        members[op].append(venue)
    ops = sorted(index, key=index.get)
    found = []
    for component in graph.connected_components():
        if len(component) < 2:
            continue
        group = sorted(ops[i] for i in component)
        found.append(_network(group, members, facts, holdings, holders, bonds, population, operator_of))
    return sorted(found, key=lambda n: (-len(n.venues), n.key))


def _holders(holdings: list[Holding], operator_of: dict[int, int]) -> dict[str, dict[int, str]]:
    """value -> {operator: the strongest kind it holds the value as}."""
    held: dict[str, dict[int, str]] = defaultdict(dict)
    for h in holdings:
        op = operator_of[h.venue]
        known = held[h.ref].get(op)
        if known is None or KINDS[h.kind][0] > KINDS[known][0]:
            held[h.ref][op] = h.kind
    return held


def _bonds(holders: dict[str, dict[int, str]], population: int, threshold: float) -> dict[tuple[int, int], dict]:
    """Operator pairs whose shared values pass: {(a, b): {weight, kinds: {kind: weight}, refs}}."""
    per_pair: dict[tuple[int, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    refs: dict[tuple[int, int], list[str]] = defaultdict(list)
    front: dict[tuple[int, int], list[str]] = defaultdict(list)
    hub = max(50, int(population * HUB_SHARE))
    for ref, held in holders.items():
        if not 2 <= len(held) <= hub:
            continue
        controllers = {op for op, kind in held.items() if kind in FRONT_KINDS}
        fronting = bool(controllers) and fronts(held[min(controllers)], len(controllers), population)
        for a, b in combinations(sorted(held), 2):
            kind = min(held[a], held[b], key=lambda k: KINDS[k][0])  # a tie is as strong as its weaker side
            per_pair[(a, b)][kind] += weigh(kind, len(held), population)[0]
            refs[(a, b)].append(ref)
            if fronting and a in controllers and b in controllers:
                front[(a, b)].append(ref)
    bonds = {}
    for pair, kinds in per_pair.items():
        capped = {kind: min(total, KINDS[kind][0]) for kind, total in kinds.items()}
        weight = bond_weight(capped)
        if (weight >= threshold and any(KINDS[kind][1] for kind in capped)) or front.get(pair):
            bonds[pair] = {"weight": round(weight, 4), "kinds": capped, "refs": refs[pair],
                           "front": front.get(pair, [])}
    return bonds


def bond_weight(capped: dict[str, float]) -> float:
    """What a pair shares, each source counted once: the kinds of one SOURCE (the ads) give the
    strongest of them, not their sum — one salon's ads placed on its namesake carry its phone,
    its template and its photos together, and that is one mistake, not three pieces of evidence."""
    by_source: dict[str, float] = defaultdict(float)
    for kind, weight in capped.items():
        source = SOURCES.get(kind)
        if source:
            by_source[source] = max(by_source[source], weight)
        else:
            by_source[kind] += weight
    return sum(by_source.values())


def _network(group: list[int], members, facts, holdings, holders, bonds, population, operator_of) -> NetworkFound:
    in_group = set(group)
    venues = sorted(v for op in group for v in members[op])
    shown = {ref for ref, held in holders.items() if len(set(held) & in_group) >= 2}
    ties, nodes = [], {}
    for v in venues:
        fact = facts[v]
        nodes[f"venue:{v}"] = {"type": "venue", "label": f"{fact.label}, {fact.town}".strip(", "),
                               "first_seen": None, "last_seen": None}
    for h in holdings:
        if h.ref not in shown or operator_of[h.venue] not in in_group:
            continue
        weight, damped, reason = weigh(h.kind, len(holders[h.ref]), population)
        if h.note:
            reason = f"{h.note}: {reason}"
        ties.append(Tie(h.venue, h.ref, h.kind, weight, damped, reason, h.first_seen, h.last_seen))
        node = nodes.setdefault(h.ref, {"type": h.type, "label": h.label, "first_seen": h.first_seen,
                                        "last_seen": h.last_seen})
        node["first_seen"] = _earliest(node["first_seen"], h.first_seen)
        node["last_seen"] = _latest(node["last_seen"], h.last_seen)
    ties = _merged(ties)
    _centrality_and_layout(nodes, ties)
    group_bonds = [{"left": a, "right": b, **{k: v for k, v in bond.items() if k != "refs"},
                    "refs": bond["refs"][:20]}
                   for (a, b), bond in sorted(bonds.items()) if a in in_group and b in in_group]
    return NetworkFound(key=network_key(venues), venues=venues, operators=[sorted(members[op]) for op in group],
                        nodes=nodes, ties=ties, bonds=group_bonds,
                        districts=sorted({facts[v].district for v in venues if facts[v].district}))


def network_key(venues: list[int]) -> str:
    return f"N{min(venues):05d}"


def _merged(ties: list[Tie]) -> list[Tie]:
    """One tie per venue and value (a person holding two roles in one venue's units is one tie, its
    strongest), with the dates of all of them."""
    best: dict[tuple[int, str], Tie] = {}
    for tie in ties:
        key = (tie.venue, tie.ref)
        known = best.get(key)
        if known is None or tie.weight > known.weight:
            if known:
                tie.first_seen = _earliest(tie.first_seen, known.first_seen)
                tie.last_seen = _latest(tie.last_seen, known.last_seen)
            best[key] = tie
        else:
            known.first_seen = _earliest(known.first_seen, tie.first_seen)
            known.last_seen = _latest(known.last_seen, tie.last_seen)
    return sorted(best.values(), key=lambda t: (-t.weight, t.venue, t.ref))


def _earliest(a, b):
    return min(x for x in (a, b) if x) if (a or b) else None


def _latest(a, b):
    return max(x for x in (a, b) if x) if (a or b) else None


def _centrality_and_layout(nodes: dict[str, dict], ties: list[Tie]) -> None:
    """PageRank on the network's weighted subgraph, and a Fruchterman-Reingold layout in [0, 1]²."""
    refs = list(nodes)
    index = {ref: i for i, ref in enumerate(refs)}
    graph = igraph.Graph(n=len(refs), edges=[(index[f"venue:{t.venue}"], index[t.ref]) for t in ties])
    weights = [max(t.weight, 1e-3) for t in ties]
    ranks = graph.pagerank(weights=weights) if ties else [1.0] * len(refs)
    layout = graph.layout_fruchterman_reingold(weights=weights, seed=_circle(len(refs)), niter=300)
    xs, ys = [p[0] for p in layout], [p[1] for p in layout]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    for ref, rank, (x, y) in zip(refs, ranks, layout, strict=True):
        nodes[ref].update(centrality=round(rank, 5), x=round((x - min(xs)) / span_x, 4),
                          y=round((y - min(ys)) / span_y, 4))


def _circle(count: int) -> list[tuple[float, float]]:
    """A fixed starting layout, so the same network is drawn the same way run after run."""
    return [(math.cos(2 * math.pi * i / max(count, 1)), math.sin(2 * math.pi * i / max(count, 1)))
            for i in range(count)]


def central(network: NetworkFound, top: int = 5) -> list[dict]:
    """The most central nodes: [{ref, label, type, score}], highest first."""
    ranked = sorted(network.nodes.items(), key=lambda item: (-item[1]["centrality"], item[0]))[:top]
    return [{"ref": ref, "label": node["label"], "type": node["type"], "score": node["centrality"]}
            for ref, node in ranked]


def strongest_ties(network: NetworkFound, top: int = 3) -> list[dict]:
    """The values binding most of the network, strongest first: [{ref, kind, label, venues, weight}]."""
    per_ref: dict[str, dict] = {}
    for tie in network.ties:
        entry = per_ref.setdefault(tie.ref, {"ref": tie.ref, "kind": tie.kind, "venues": set(),
                                             "weight": tie.weight, "damped": tie.damped})
        entry["venues"].add(tie.venue)
    ranked = sorted(per_ref.values(), key=lambda e: (e["damped"], -e["weight"] * len(e["venues"]), e["ref"]))
    return [{**e, "venues": len(e["venues"]), "label": network.nodes[e["ref"]]["label"]} for e in ranked[:top]]
