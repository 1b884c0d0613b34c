"""The ad collection, streamed in time order without holding it in memory.

A priority queue holds only what is live: the next event of every ad chain (a venue's
standing ad, reposted when it expires), of every rotating woman's escort ads, of every
venue's reviews, and the next crawl of every live ad. Each crawl writes one
observation line; an ad's truth line is written when it is first observed.
"""
from __future__ import annotations

import heapq
import random
from datetime import date, timedelta

from aksjon.synth import ad_templates as T
from aksjon.synth import clock
from aksjon.synth import params as P
from aksjon.synth.ad_factory import Ad, AdFactory
from aksjon.synth.model import Venue, World
from aksjon.synth.rng import between, chance
from aksjon.synth.writer import JsonLines

DAY = 1440
PROGRESS_EVERY = 20000


def _minute(day: date, hour: int = 0) -> int:
    return clock.minutes(clock.local_to_utc(day, hour, 0))


class AdStream:
    def __init__(self, world: World, rng: random.Random, start: date, end: date, ads: JsonLines, truth: JsonLines):
        self.world, self.rng, self.ads, self.truth = world, rng, ads, truth
        self.factory = AdFactory(world, rng)
        self.start, self.end = _minute(start), _minute(end + timedelta(days=1)) - 1
        self.heap: list[tuple[int, int, str, object]] = []
        self.seq = 0
        self.observations = 0
        self.distinct = 0
        self.networks = {n.key: n for n in world.networks}
        self.next_report = PROGRESS_EVERY

    def push(self, minute: int, action: str, payload: object) -> None:
        if minute <= self.end:
            self.seq += 1
            heapq.heappush(self.heap, (minute, self.seq, action, payload))

    # --- seeding ---------------------------------------------------------------------------
    def seed(self) -> None:
        for venue in self.world.venues:
            for category, per_venue in P.AD_SLOTS[venue.type].items():
                for _ in range(int(per_venue) + chance(self.rng, per_venue % 1)):
                    low, high = P.AD_LIFETIME_DAYS[category]
                    first = max(self.start - self.rng.randint(0, high * DAY), _minute(venue.opened, 10))
                    self.push(first, "chain", (venue, category))
            rate = P.REVIEWS_PER_WEEK[venue.type] / (7 * DAY)
            self.push(max(self.start, _minute(venue.opened, 12)) + int(self.rng.expovariate(rate)), "review", venue)
        for venue in self.world.venues:
            for stint in venue.stints:
                if venue.network and stint.end >= clock.from_minutes(self.start).date():
                    self.push(_minute(stint.start, self.rng.randint(9, 14)), "stint", (venue, stint))
        writers = {w.person_key: w.key for w in self.world.writers if w.person_key}
        for person, trips in self.world.escorts:          # independent escorts on tour (a decoy)
            price = 50 * self.rng.randint(16, 24)
            for town, first, last in trips:
                if last >= clock.from_minutes(self.start).date():
                    self.push(_minute(first, self.rng.randint(9, 14)), "trip",
                              (person, writers[person.key], town, last, price))

    # --- events ------------------------------------------------------------------------------
    def _first_crawl(self, ad: Ad, minute: int) -> None:
        delay = self.rng.randint(0, ad.crawl[1] * DAY)
        self.push(max(minute + delay, self.start + delay), "observe", ad)

    def on_chain(self, minute: int, payload) -> None:
        venue, category = payload
        lifetime = between(self.rng, P.AD_LIFETIME_DAYS[category]) * DAY
        make = self.factory.massage if category == "massage" else self.factory.booking
        ad = make(venue, minute, minute + lifetime)
        self._first_crawl(ad, minute)
        self.push(minute + lifetime + between(self.rng, P.AD_REPOST_GAP_DAYS) * DAY, "chain", payload)

    def on_stint(self, minute: int, payload) -> None:
        venue, stint = payload
        network = self.networks[venue.network]
        expires = _minute(stint.end, 23)
        sources = T.SOURCES[venue.town.country]["escort"]
        for source in self.rng.sample(sources, min(len(sources), between(self.rng, P.ESCORT_ADS_PER_STINT))):
            posted = minute + self.rng.randint(0, 2 * DAY)
            ad = self.factory.escort(stint, venue, network, source, posted, max(expires, posted + DAY))
            self._first_crawl(ad, posted)

    def on_trip(self, minute: int, payload) -> None:
        person, writer_key, town, last, price = payload
        expires = _minute(last, 23)
        sources = T.SOURCES[town.country]["escort"]
        for source in self.rng.sample(sources, min(len(sources), between(self.rng, P.ESCORT_ADS_PER_STINT))):
            posted = minute + self.rng.randint(0, DAY)
            ad = self.factory.independent_escort(person, writer_key, town, source, posted,
                                                 max(expires, posted + DAY), price)
            self._first_crawl(ad, posted)

    def on_review(self, minute: int, venue: Venue) -> None:
        staff = venue.staff_on(clock.from_minutes(minute).date()) if venue.stints else []
        nick = self.rng.choice(staff).person.nickname if staff else None
        ad = self.factory.review(venue, minute, nick)
        ad.expires = self.end
        self._first_crawl(ad, minute)
        rate = P.REVIEWS_PER_WEEK[venue.type] / (7 * DAY)
        self.push(minute + 1 + int(self.rng.expovariate(rate)), "review", venue)

    def on_observe(self, minute: int, ad: Ad) -> None:
        if minute > ad.expires and ad.category != "review":
            return
        if ad.seen and chance(self.rng, P.AD_EDIT_RATE):
            self.factory.edit(ad)
        if not ad.seen:
            ad.seen = True
            self.distinct += 1
            self.truth.write(truth_line(ad))
        self.ads.write(self.factory.record(ad, minute))
        self.observations += 1
        ad.remaining -= 1
        if ad.remaining != 0:
            step = between(self.rng, ad.crawl) * DAY + self.rng.randint(-P.CRAWL_JITTER_MINUTES, P.CRAWL_JITTER_MINUTES)
            self.push(minute + step, "observe", ad)

    def run(self, progress=None) -> None:
        handlers = {"chain": self.on_chain, "stint": self.on_stint, "trip": self.on_trip, "review": self.on_review,
                    "observe": self.on_observe}
        span = max(1, self.end - self.start)
        while self.heap:
            minute, _, action, payload = heapq.heappop(self.heap)
            handlers[action](minute, payload)
            if progress and self.observations >= self.next_report:
                self.next_report += PROGRESS_EVERY
                progress(max(0, minute - self.start), span, "ads")


def truth_line(ad: Ad) -> dict:
    venue = ad.venue
    return {"kind": "ad", "ad": f"{ad.source}/{ad.ad_id}", "category": ad.category,
            "venue_key": venue.key if venue else None, "network": venue.network if venue else None,
            "writer_key": ad.writer, "town": ad.town.name,
            "person_key": ad.person.key if ad.person is not None else None}
