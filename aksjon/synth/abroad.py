"""Swedish and Danish venues for the europe scale: ads only, no Norwegian register.

NOA counted about 2,000 Thai-massage salons in Sweden, about 80 % also selling sex,
with women rotating between Denmark, Norway and Sweden (reference.md 6). Town
populations are rounded urban-area figures, used only as weights; postcode ranges
are approximate central ranges of each town.
"""
from __future__ import annotations

import random

from aksjon.synth import params as P
from aksjon.synth.landscape import assign_types, finish_venue, make_writers, place_venues
from aksjon.synth.model import World
from aksjon.synth.places import Town
from aksjon.synth.rng import between

# name, region (plays the part of a police district), population, first and last postcode
TOWNS = {
    "SE": (("Stockholm", "Stockholm", 1000000, 11120, 11860), ("Göteborg", "Västra Götaland", 600000, 41101, 41766),
           ("Malmö", "Skåne", 350000, 21111, 21776), ("Uppsala", "Uppsala", 180000, 75220, 75655),
           ("Västerås", "Västmanland", 130000, 72210, 72481), ("Örebro", "Örebro", 125000, 70210, 70380),
           ("Linköping", "Östergötland", 115000, 58222, 58437), ("Helsingborg", "Skåne", 115000, 25220, 25467),
           ("Jönköping", "Jönköping", 100000, 55310, 55475), ("Norrköping", "Östergötland", 95000, 60220, 60385),
           ("Lund", "Skåne", 95000, 22220, 22478), ("Umeå", "Västerbotten", 90000, 90325, 90436),
           ("Gävle", "Gävleborg", 78000, 80250, 80430), ("Borås", "Västra Götaland", 75000, 50330, 50464),
           ("Södertälje", "Stockholm", 75000, 15130, 15256), ("Eskilstuna", "Södermanland", 70000, 63220, 63360),
           ("Halmstad", "Halland", 70000, 30230, 30296), ("Växjö", "Kronoberg", 70000, 35230, 35263),
           ("Karlstad", "Värmland", 65000, 65220, 65350), ("Sundsvall", "Västernorrland", 55000, 85230, 85357)),
    "DK": (("København", "Hovedstaden", 650000, 1050, 2450), ("Aarhus", "Midtjylland", 290000, 8000, 8210),
           ("Odense", "Syddanmark", 180000, 5000, 5270), ("Aalborg", "Nordjylland", 120000, 9000, 9220),
           ("Esbjerg", "Syddanmark", 72000, 6700, 6715), ("Randers", "Midtjylland", 63000, 8900, 8960),
           ("Kolding", "Syddanmark", 62000, 6000, 6000), ("Horsens", "Midtjylland", 61000, 8700, 8700),
           ("Vejle", "Syddanmark", 60000, 7100, 7120), ("Roskilde", "Sjælland", 52000, 4000, 4000)),
}


def foreign_towns(country: str) -> tuple[Town, ...]:
    return tuple(Town(name, region, population, country, None, None, (low, high), name.upper())
                 for name, region, population, low, high in TOWNS[country])


def build_abroad(world: World, rng: random.Random) -> None:
    first_venue, first_network = len(world.venues), len(world.networks)
    for country, count in sorted(P.ABROAD_VENUES.items()):
        place_venues(world, rng, foreign_towns(country), count)
    venues = world.venues[first_venue:]
    network_total = round(P.ABROAD_NETWORK_SHARE * len(venues))
    sizes: list[int] = []
    while sum(sizes) < network_total:
        sizes.append(between(rng, P.ABROAD_NETWORK_SIZE_RANGE))
    assign_types(world, rng, venues, sizes, P.ABROAD_SEX_SELLING_SHARE)
    for venue in venues:
        finish_venue(rng, venue)
    make_writers(world, rng, world.networks[first_network:], venues)
