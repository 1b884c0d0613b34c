"""Who works where and when: stable staff at ordinary salons, rotation in networks.

Ordinary and independent salons keep their masseuses for months or years (tenures
drawn with the means in params.TENURE_DAYS). A network moves its women between its
venues every two to six weeks, preferring another town, with breaks abroad between
stints (NRK: 300+ women rotating among 80+ salons; NOA: rotation between DK, NO, SE).
"""
from __future__ import annotations

import heapq
import math
import random
from datetime import date, timedelta

from aksjon.synth import params as P
from aksjon.synth import people, situation
from aksjon.synth.model import Network, Person, Stint, Venue, World
from aksjon.synth.register import RegisterBuilder
from aksjon.synth.rng import between, chance, pick_weighted, sub_rng


def make_worker(world: World, rng: random.Random, venue_type: str, conditions, country: str,
                network: str | None = None, exploitative: bool = True) -> Person:
    # Women rotated by networks are younger (escort ads; NRK 2022 saw mostly women in their twenties and thirties).
    person = people.thai_person(world, rng, "worker", country, age_group="network_worker" if network else None)
    person.venue_type, person.network = venue_type, network
    # Exploitation happens at exploitative venues only (issue 11): elsewhere nobody is exploited.
    person.exploitation = pick_weighted(rng, P.EXPLOITATION[venue_type]) if exploitative else "none"
    person.residence = situation.residence_status(rng, venue_type, person.married is not None)
    person.conditions = situation.person_conditions(rng, conditions, person.exploitation, person.residence)
    person.indicators = situation.true_indicators(rng, person.exploitation, person.conditions)
    person.vulnerabilities = situation.true_vulnerabilities(
        rng, person.residence, person.exploitation, person.conditions, person.indicators, person.language == "th")
    return person


def _settle_owner(rng: random.Random, owner: Person) -> None:
    owner.residence = "family" if owner.married else "permanent"
    owner.vulnerabilities = situation.true_vulnerabilities(rng, owner.residence, "none", [], [], owner.language == "th")


def staff_fixed_venue(world: World, rng: random.Random, venue: Venue, start: date, end: date) -> None:
    first_slot = 0
    owns_here = venue.chain is None or venue.chain.operates[0] == venue.key   # a chain's owner works at one salon
    if venue.owner is not None and owns_here and chance(rng, P.OWNER_WORKS_SHARE):
        owners = venue.owners or [(venue.opened, venue.owner)]
        for i, (since, owner) in enumerate(owners):     # a takeover at a re-registration: the new owner works on
            until = owners[i + 1][0] - timedelta(days=1) if i + 1 < len(owners) else end
            if max(since, venue.opened) <= until:
                _settle_owner(rng, owner)
                venue.stints.append(Stint(owner, venue.key, max(since, venue.opened), until))
        first_slot = 1
    mean = P.TENURE_DAYS[venue.type]
    for _ in range(first_slot, venue.slots):
        day = max(venue.opened, start - timedelta(days=rng.randint(0, 2 * mean)))
        while day <= end:
            length = max(30, int(rng.expovariate(1 / mean)))
            person = make_worker(world, rng, venue.type, venue.conditions, venue.town.country,
                                 exploitative=venue.exploitative)
            venue.stints.append(Stint(person, venue.key, day, min(day + timedelta(days=length - 1), end)))
            day += timedelta(days=length + rng.randint(0, 20))


class Rotation:
    """Event simulation of one network's slots and its pool of women."""

    def __init__(self, world: World, rng: random.Random, network: Network, start: date):
        self.world, self.rng, self.network = world, rng, network
        self.country = network.venues[0].town.country
        self.slots = [v for v in network.venues for _ in range(v.slots)]
        self.free_from: dict[str, int] = {}
        self.last_venue: dict[str, Venue] = {}
        self.pool: list[Person] = []
        for i in range(math.ceil(len(self.slots) * P.NETWORK_POOL_FACTOR)):
            self._recruit(start.toordinal() + (0 if i < len(self.slots) else rng.randint(0, 60)))

    def _recruit(self, available: int) -> None:
        conditions = self.rng.choice(self.network.venues).conditions
        person = make_worker(self.world, self.rng, "network", conditions, self.country, self.network.key)
        self.network.workers.append(person)
        self.pool.append(person)
        self.free_from[person.key] = available

    def _choose(self, venue: Venue, day: int) -> Person:
        ready = [p for p in self.pool if self.free_from[p.key] <= day]
        if not ready:
            return min(self.pool, key=lambda p: self.free_from[p.key])
        moving = [p for p in ready if p.key not in self.last_venue or self.last_venue[p.key].town != venue.town]
        if moving and chance(self.rng, P.OTHER_TOWN_PREFERENCE):
            return self.rng.choice(moving)
        return self.rng.choice(ready)

    def _after(self, person: Person, last_day: int) -> None:
        if chance(self.rng, P.NETWORK_ATTRITION_PER_STINT):
            self.pool.remove(person)                       # she leaves; someone new is brought in
            self._recruit(last_day + self.rng.randint(7, 60))
        elif chance(self.rng, P.BREAK_SHARE):
            self.free_from[person.key] = last_day + 1 + between(self.rng, P.BREAK_DAYS)
        else:
            self.free_from[person.key] = last_day + 1 + self.rng.randint(0, 3)

    def run(self, start: date, end: date) -> None:
        heap = [(start.toordinal(), i, True) for i in range(len(self.slots))]
        last = end.toordinal()
        while heap:
            day, slot, first = heapq.heappop(heap)
            venue = self.slots[slot]
            person = self._choose(venue, day)
            begin = max(day, self.free_from[person.key])
            if begin > last:
                continue
            length = self.rng.randint(1, P.STINT_DAYS[1]) if first else between(self.rng, P.STINT_DAYS)
            stop = min(begin + length - 1, last)
            venue.stints.append(Stint(person, venue.key, date.fromordinal(begin), date.fromordinal(stop)))
            self.last_venue[person.key] = venue
            self._after(person, stop)
            heapq.heappush(heap, (stop + 1, slot, False))


def staff_norway(world: World, seed: int, start: date, end: date, register: RegisterBuilder) -> None:
    """Rosters of the Norwegian venues and networks; each part draws from its own stream."""
    rng = sub_rng(seed, "staff")
    for venue in world.venues:
        if venue.type != "network" and venue.town.country == "NO":
            staff_fixed_venue(world, rng, venue, start, end)
    staff_networks(world, seed, [n for n in world.networks if n.venues[0].town.country == "NO"], start, end)
    register_worker_firms(world, sub_rng(seed, "worker-firms"), register)


def staff_networks(world: World, seed: int, networks: list[Network], start: date, end: date) -> None:
    for network in networks:
        rng = sub_rng(seed, "rotation", network.key)
        Rotation(world, rng, network, start).run(start, end)


def register_worker_firms(world: World, rng: random.Random, register: RegisterBuilder) -> None:
    """Long-term masseuses who are self-employed register their own sole proprietorship."""
    for venue in world.venues:
        if venue.town.country != "NO" or venue.type == "network":
            continue
        for stint in venue.stints:
            long_enough = (stint.end - stint.start).days >= 180
            if stint.person.kind == "worker" and long_enough and chance(rng, P.WORKER_ENK_SHARE):
                register.worker_enk(venue, stint.person, stint.start, stint.end)
