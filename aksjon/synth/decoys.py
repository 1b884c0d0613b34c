"""Exploitative venues and the sector's decoys (issue 11; docs/synth.md "Exploitative venues and decoys").

Venue first: a venue is exploitative (trafficking or forced labour happens there) or not, and
its workers' exploitation follows from that (staffing.make_worker). The decoys are innocent
look-alikes of network signals, each marked in the truth: a legitimate chain's one writer, an
ad-writing service writing for unrelated salons, stock photos used by unrelated salons,
independent escorts who travel, and (tips.py) false tips.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from aksjon.synth import ad_templates, people, situation
from aksjon.synth import params as P
from aksjon.synth.abroad import foreign_towns
from aksjon.synth.landscape import new_writer
from aksjon.synth.model import Person, Venue, World, Writer
from aksjon.synth.places import Town, norwegian_towns
from aksjon.synth.rng import between, chance


# --- exploitative venues -------------------------------------------------------------------------
def mark_exploitative(rng: random.Random, venues: list[Venue], cap: float = P.EXPLOITATIVE_SHARE_CAP) -> None:
    """Every network venue; exactly round(share x count) of the independent and ordinary ones
    (no binomial noise), fewer when networks came out large, so the share stays under the cap
    (Norway; abroad, where 80 % of salons sell sex, no cap is set)."""
    by_type = {t: [v for v in venues if v.type == t] for t in ("network", "independent", "legit")}
    room = int(cap * len(venues)) - len(by_type["network"])
    wanted = {t: round(P.EXPLOITATIVE_SHARE[t] * len(by_type[t])) for t in ("independent", "legit")}
    wanted["independent"] = max(0, min(wanted["independent"], room))
    wanted["legit"] = max(0, min(wanted["legit"], room - wanted["independent"]))
    chosen = by_type["network"] + [v for t in ("independent", "legit") for v in rng.sample(by_type[t], wanted[t])]
    for venue in chosen:
        venue.exploitative = True
        extra = [c for c, p in P.EXPLOITATIVE_CONDITIONS[venue.type].items() if chance(rng, p)]
        venue.conditions = [c for c in P.CONDITIONS[venue.type] if c in venue.conditions or c in extra] + \
            [c for c in extra if c not in P.CONDITIONS[venue.type]]


# --- writers shared by unrelated or legitimate venues ---------------------------------------------
def _replace_writer(world: World, venues: list[Venue], writer: Writer) -> None:
    old = {v.writer for v in venues}
    world.writers = [w for w in world.writers if w.key not in old or w is writer]
    for venue in venues:
        venue.writer = writer.key


def chain_writers(world: World, rng: random.Random) -> None:
    """A legitimate chain's salons advertise with one text by one writer (the chain)."""
    for business in world.businesses:
        venues = [world.venue(k) for k in business.operates]
        if business.purpose != "chain" or not venues or any(v.network for v in venues):
            continue
        writer = new_writer(world, rng, [v.key for v in venues], "nb", False, kind="chain")
        _replace_writer(world, venues, writer)


def ad_services(world: World, rng: random.Random) -> None:
    """Two ad-writing services, each writing for 6-12 unrelated salons in different towns."""
    kinds = {w.key: w.kind for w in world.writers}
    free = [v for v in world.venues if v.town.country == "NO" and v.type in ("legit", "independent")
            and v.chain is None and kinds.get(v.writer) == "venue"]
    for _ in range(P.AD_SERVICES):
        rng.shuffle(free)
        wanted = between(rng, P.AD_SERVICE_CLIENTS)
        clients: list[Venue] = []
        towns: set[str] = set()
        for venue in free:
            if venue.town.name not in towns and len(clients) < wanted:
                clients.append(venue)
                towns.add(venue.town.name)
        writer = new_writer(world, rng, [v.key for v in clients], "nb", False, kind="service")
        _replace_writer(world, clients, writer)
        free = [v for v in free if all(v is not c for c in clients)]


# --- stock photos ------------------------------------------------------------------------------------
def stock_photos(world: World, rng: random.Random) -> None:
    pool = [rng.getrandbits(64) for _ in range(P.STOCK_PHOTO_POOL)]
    for venue in world.venues:
        if venue.town.country == "NO" and venue.type != "network" and chance(rng, P.STOCK_PHOTO_SHARE):
            venue.stock_photos = rng.sample(pool, between(rng, P.STOCK_PHOTOS_PER_VENUE))
            venue.photos = venue.photos + venue.stock_photos


# --- independent escorts who travel ------------------------------------------------------------------
def _trip_towns(rng: random.Random, abroad: bool) -> list[Town]:
    towns = list(norwegian_towns())
    count = min(between(rng, P.ESCORT_TRIPS), len(towns))
    chosen: list[Town] = []
    while len(chosen) < count:
        town = rng.choices(towns, weights=[t.population for t in towns])[0]
        if town not in chosen:
            chosen.append(town)
    if abroad:
        chosen += [foreign_towns(c)[0] for c in rng.sample(("SE", "DK"), rng.randint(1, 2))]   # Stockholm, København
    rng.shuffle(chosen)
    return chosen


def _trips(rng: random.Random, towns: list[Town]) -> list[tuple[Town, date, date]]:
    """One trip per town, spread over the year: one in each equal part of it, never overlapping."""
    span = (P.PERIOD_END - P.ESCORT_TRIPS_FROM).days // len(towns)
    trips = []
    for i, town in enumerate(towns):
        length = between(rng, P.ESCORT_TRIP_DAYS)
        start = P.ESCORT_TRIPS_FROM + timedelta(days=i * span + rng.randint(0, max(0, span - length)))
        trips.append((town, start, min(start + timedelta(days=length - 1), P.PERIOD_END)))
    return trips


def travelling_escorts(world: World, rng: random.Random) -> None:
    for _ in range(P.TRAVELLING_ESCORTS):
        person: Person = people.thai_person(world, rng, "escort")
        person.residence = situation.residence_status(rng, "independent", person.married is not None)
        person.indicators = situation.true_indicators(rng, "none", [])
        person.vulnerabilities = situation.true_vulnerabilities(rng, person.residence, "none", [], person.indicators,
                                                                person.language == "th")
        writer = Writer(world.next_key("W", 4), [], None, None,
                        ad_templates.escort_template(rng, chance(rng, P.THAI_SENTENCE_SHARE["escort"])), "en",
                        "escort", person.key)
        world.writers.append(writer)
        world.escorts.append((person, _trips(rng, _trip_towns(rng, chance(rng, P.ESCORT_ABROAD_SHARE)))))


def site_writers(world: World, countries: tuple[str, ...]) -> None:
    """A booking site's listing form writes every listing's text: the site is its writer."""
    for country in countries:
        source, lang = ad_templates.SOURCES[country]["booking"], ad_templates.language_of(country)
        world.writers.append(Writer(world.next_key("W", 4), [], None, ad_templates.BOOKING[lang], None, lang,
                                    "site", site=source))


def norwegian_decoys(world: World, rng: random.Random) -> None:
    """After the register (chains exist) and the rosters; before anything abroad."""
    chain_writers(world, rng)
    ad_services(world, rng)
    stock_photos(world, rng)
    travelling_escorts(world, rng)
    site_writers(world, ("NO",))
