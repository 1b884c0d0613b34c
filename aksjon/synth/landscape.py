"""The Norwegian landscape: venues in towns, their types, networks and ad writers.

Venues are spread over the towns of places.csv in proportion to population (at least
one per town). Networks claim venues in two to four police districts; of the rest a
share sells sex independently and the others are ordinary salons.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from aksjon.synth import ad_templates, people
from aksjon.synth import params as P
from aksjon.synth.model import Network, Venue, World, Writer
from aksjon.synth.names import venue_name_tokens
from aksjon.synth.phones import new_mobile
from aksjon.synth.places import Town, make_address, norwegian_towns
from aksjon.synth.rng import between, chance, largest_remainder


def opened_date(rng: random.Random, venue_type: str, last: date = date(2023, 12, 31)) -> date:
    """Recent years are more likely: the number of Thai-massage firms grew through the 2010s."""
    first = date(P.OPENED_FIRST_YEAR[venue_type], 1, 1)
    span = (last - first).days
    return first + timedelta(days=int(span * rng.random() ** 0.7))


def new_venue(world: World, rng: random.Random, town: Town) -> Venue:
    return Venue(
        key=world.next_key("V", 4), town=town, type="legit", network=None, name_tokens=venue_name_tokens(rng),
        address=make_address(rng, town),
        phones=[new_mobile(rng, town.country, world.phones_taken, P.UNLISTED_PHONE_SHARE)],
        opened=date(2000, 1, 1), slots=1, conditions=[], photos=[rng.getrandbits(64) for _ in range(4)])


def place_venues(world: World, rng: random.Random, towns: tuple[Town, ...], total: int) -> None:
    counts = largest_remainder(total, [t.population for t in towns], minimum=1)
    for town, count in zip(towns, counts, strict=True):
        for _ in range(count):
            world.add_venue(new_venue(world, rng, town))


def _network_districts(rng: random.Random, by_district: dict[str, list[Venue]]) -> list[str]:
    names = sorted(by_district)
    weights = [len(by_district[n]) for n in names]
    wanted = min(between(rng, P.NETWORK_DISTRICTS_RANGE), len(names))
    chosen: list[str] = []
    while len(chosen) < wanted:
        pick = rng.choices(names, weights=weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def claim_network_venues(rng: random.Random, free: list[Venue], size: int) -> list[Venue]:
    """One venue in each chosen district first, so a network always spans districts."""
    by_district: dict[str, list[Venue]] = {}
    for venue in free:
        by_district.setdefault(venue.town.district, []).append(venue)
    districts = _network_districts(rng, by_district)
    pool = [v for v in free if v.town.district in districts]
    chosen = [rng.choice(by_district[d]) for d in districts]
    rest = [v for v in pool if all(v is not c for c in chosen)]
    chosen += rng.sample(rest, min(len(rest), size - len(chosen)))
    return chosen


def _shared_phone(world: World, rng: random.Random, country: str) -> tuple[str, str]:
    """A network's booking phone; a Norwegian network sometimes books on a Swedish or Danish one (NOA, ref 6)."""
    if country == "NO" and chance(rng, P.NETWORK_FOREIGN_PHONE_SHARE):
        return new_mobile(rng, rng.choice(("SE", "DK")), world.phones_taken)
    return new_mobile(rng, country, world.phones_taken, P.UNLISTED_PHONE_SHARE if country == "NO" else 0.0)


def make_network(world: World, rng: random.Random, venues: list[Venue], country: str = "NO") -> Network:
    network = Network(
        key=f"N{len(world.networks) + 1:02d}", venues=venues,
        controllers=[people.thai_person(world, rng, "controller", country, female=i == 0 or chance(rng, 0.5))
                     for i in range(rng.randint(1, 2))],
        front_persons=[], holdings=[], accountant=None,
        shared_phones=[_shared_phone(world, rng, country) for _ in range(between(rng, P.SHARED_PHONES_PER_NETWORK))],
        photos=[rng.getrandbits(64) for _ in range(8)])
    for venue in venues:
        venue.type, venue.network = "network", network.key
        # Calls go to a shared booking phone (NRK: the same numbers across salons); some keep a local one too.
        venue.phones = rng.sample(network.shared_phones, rng.randint(1, 2)) + venue.phones[: rng.randint(0, 1)]
        venue.photos = rng.sample(network.photos, 2) + venue.photos[:2]
    for person in network.controllers:
        person.network = network.key
    world.networks.append(network)
    return network


def assign_types(world: World, rng: random.Random, venues: list[Venue], network_sizes: list[int],
                 sex_share: float) -> None:
    free, claimed_total = list(venues), 0
    for size in network_sizes:
        claimed = claim_network_venues(rng, free, size)
        make_network(world, rng, claimed, claimed[0].town.country)
        claimed_total += len(claimed)
        taken = {v.key for v in claimed}
        free = [v for v in free if v.key not in taken]
    independent = max(0, round(sex_share * len(venues)) - claimed_total)
    for venue in rng.sample(free, min(independent, len(free))):
        venue.type = "independent"


def finish_venue(rng: random.Random, venue: Venue) -> None:
    venue.opened = opened_date(rng, venue.type)
    venue.slots = between(rng, P.SLOTS[venue.type])
    venue.price = 50 * between(rng, P.PRICE_FIFTIES[venue.type])
    venue.conditions = [c for c, p in P.CONDITIONS[venue.type].items() if chance(rng, p)]


def make_writers(world: World, rng: random.Random, networks: list[Network], venues: list[Venue]) -> None:
    """Who writes the ads: one writer per network for all its venues, else one per venue, each
    with a template of its own; a share of independent venues copy the widely used text."""
    for network in networks:
        lang = ad_templates.language_of(network.venues[0].town.country)
        writer = new_writer(world, rng, [v.key for v in network.venues], lang, True, network.key)
        network.writer = writer.key
        for venue in network.venues:
            venue.writer = writer.key
    for venue in venues:
        if venue.writer is None:
            lang = ad_templates.language_of(venue.town.country)
            suggestive = venue.type != "legit"
            if suggestive and chance(rng, P.COMMON_TEMPLATE_SHARE):
                writer = Writer(world.next_key("W", 4), [venue.key], None, ad_templates.COMMON[lang], None, lang,
                                "copied")
                world.writers.append(writer)
            else:
                writer = new_writer(world, rng, [venue.key], lang, suggestive)
            venue.writer = writer.key


def new_writer(world: World, rng: random.Random, venue_keys: list[str], lang: str, suggestive: bool,
               network: str | None = None, kind: str | None = None) -> Writer:
    """A writer with its own massage template (and an escort template for a network)."""
    thai = chance(rng, P.THAI_SENTENCE_SHARE["massage"])
    massage = ad_templates.massage_template(rng, lang, suggestive, thai)
    escort = ad_templates.escort_template(rng, chance(rng, P.THAI_SENTENCE_SHARE["escort"])) if network else None
    writer = Writer(world.next_key("W", 4), venue_keys, network, massage, escort, lang,
                    kind or ("network" if network else "venue"))
    world.writers.append(writer)
    return writer


def build_norway(world: World, rng: random.Random) -> None:
    towns = norwegian_towns()
    place_venues(world, rng, towns, P.VENUE_COUNT)
    sizes = [between(rng, P.NETWORK_SIZE_RANGE) for _ in range(P.NETWORK_COUNT)]
    assign_types(world, rng, list(world.venues), sizes, P.SEX_SELLING_SHARE)
    for venue in world.venues:
        finish_venue(rng, venue)
    make_writers(world, rng, list(world.networks), list(world.venues))
