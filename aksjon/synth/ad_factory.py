"""Making one ad: its text from the writer's template, phones, photos, and small edits."""
from __future__ import annotations

import random

from aksjon.synth import ad_templates as T
from aksjon.synth import clock
from aksjon.synth import params as P
from aksjon.synth.model import Network, Person, Stint, Venue, World
from aksjon.synth.names import NICKNAMES, venue_name
from aksjon.synth.phones import written
from aksjon.synth.places import Town, written_address
from aksjon.synth.rng import between, chance


class Ad:
    __slots__ = ("source", "ad_id", "url", "category", "venue", "town", "writer", "person", "lang", "title_template",
                 "text_template", "slots", "price", "price_form", "flag", "title", "text", "phones", "address",
                 "venue_name", "images", "posted", "posted_text", "expires", "crawl", "remaining", "seen")

    def render(self) -> None:
        self.title = self.flag + self.title_template.format_map(self.slots)
        self.text = self.text_template.format_map(self.slots)


def _flip(rng: random.Random, value: int) -> int:
    """A re-encoded copy of a photo: its perceptual hash differs in a few bits."""
    for _ in range(between(rng, P.IMAGE_BIT_FLIPS)):
        value ^= 1 << rng.randrange(64)
    return value


class AdFactory:
    def __init__(self, world: World, rng: random.Random):
        self.rng = rng
        self.writers = {w.key: w for w in world.writers}
        self.site_writers = {w.site: w.key for w in world.writers if w.site}
        self.next_id: dict[str, int] = {}

    def _new(self, source: str, category: str, venue: Venue | None, posted: int, expires: int,
             town: Town | None = None) -> Ad:
        """A new ad for `venue`, or (an independent escort's) for no venue, in `town`."""
        last = self.next_id.get(source, self.rng.randint(10000, 90000))
        self.next_id[source] = last + self.rng.randint(1, 40)       # other people's ads in between
        ad = Ad()
        ad.source, ad.ad_id, ad.category, ad.venue = source, str(self.next_id[source]), category, venue
        ad.town = town or venue.town
        ad.url = f"https://example.invalid/{source}/ad/{ad.ad_id}"
        ad.posted, ad.expires, ad.person, ad.flag, ad.seen = posted, expires, None, "", False
        ad.posted_text = clock.stamp(clock.from_minutes(posted)) if chance(self.rng, P.POSTED_AT_SHOWN) else None
        ad.crawl = P.CRAWL_DAYS[category]
        ad.remaining = -1
        ad.price, ad.price_form = venue.price if venue else 0, self.rng.randrange(4)
        ad.writer = venue.writer if venue and category in ("massage", "booking", "escort") else None
        ad.lang = T.language_of(ad.town.country)
        return ad

    def _phone(self, ad: Ad, number) -> None:
        if number is not None and chance(self.rng, P.PHONE_IN_AD[ad.category]):
            ad.phones = [written(self.rng, number)]
        else:
            ad.phones = []

    def _common_slots(self, ad: Ad) -> dict:
        venue = ad.venue
        return {"venue": ad.venue_name or venue.canonical_name, "town": venue.town.name,
                "address": ad.address or venue.town.name,
                "phone": ad.phones[0] if ad.phones else T.NO_PHONE[ad.lang],
                "price": T.price_text(ad.lang, ad.price_form, ad.price), "hours": self.rng.choice(T.HOURS)}

    def _venue_fields(self, ad: Ad, show_address: float) -> None:
        venue = ad.venue
        ad.venue_name = venue_name(venue.tokens_on(clock.from_minutes(ad.posted).date()), self.rng,
                                   P.VENUE_NAME_VARIANT_RATE)
        shown = chance(self.rng, show_address)
        ad.address = written_address(self.rng, venue.address, P.ADDRESS_TYPO_RATE) if shown else None
        self._phone(ad, self.rng.choice(venue.phones))
        count = min(between(self.rng, P.IMAGES_PER_AD), len(venue.photos))
        ad.images = [_flip(self.rng, h) for h in self.rng.sample(venue.photos, count)]

    def massage(self, venue: Venue, posted: int, expires: int) -> Ad:
        ad = self._new(T.SOURCES[venue.town.country]["massage"], "massage", venue, posted, expires)
        self._venue_fields(ad, 0.8)
        ad.title_template, ad.text_template = self.writers[venue.writer].massage
        ad.slots = self._common_slots(ad)
        ad.render()
        return ad

    def booking(self, venue: Venue, posted: int, expires: int) -> Ad:
        ad = self._new(T.SOURCES[venue.town.country]["booking"], "booking", venue, posted, expires)
        self._venue_fields(ad, 1.0)
        ad.images = ad.images[:1]
        ad.writer = self.site_writers[ad.source]          # the site's listing form writes the text
        ad.title_template, ad.text_template = T.BOOKING[ad.lang]
        ad.slots = self._common_slots(ad)
        ad.render()
        return ad

    def escort(self, stint: Stint, venue: Venue, network: Network, source: str, posted: int, expires: int) -> Ad:
        ad = self._new(source, "escort", venue, posted, expires)
        person: Person = stint.person
        ad.person, ad.lang, ad.venue_name, ad.address = person, "en", None, None
        self._phone(ad, self.rng.choice(network.shared_phones) if chance(self.rng, 0.7) else person.phone)
        ad.images = [_flip(self.rng, h) for h in self.rng.sample(person.photos, self.rng.randint(1, 3))]
        self._escort_text(ad, self.writers[venue.writer].escort, posted)
        return ad

    def independent_escort(self, person: Person, writer_key: str, town: Town, source: str, posted: int,
                           expires: int, price: int) -> Ad:
        """A woman advertising herself on a trip: no venue, her own phone, photos and text."""
        ad = self._new(source, "escort", None, posted, expires, town)
        ad.person, ad.lang, ad.venue_name, ad.address, ad.writer, ad.price = person, "en", None, None, writer_key, price
        self._phone(ad, person.phone)
        ad.images = [_flip(self.rng, h) for h in self.rng.sample(person.photos, self.rng.randint(1, 3))]
        self._escort_text(ad, self.writers[writer_key].escort, posted)
        return ad

    def _escort_text(self, ad: Ad, template: tuple[str, str], posted: int) -> None:
        person = ad.person
        ad.title_template, ad.text_template = template
        age = (clock.from_minutes(posted).date() - person.birth).days // 365 - self.rng.randint(0, 5)
        ad.slots = {"nick": person.nickname, "age": max(age, 19), "town": ad.town.name,
                    "phone": ad.phones[0] if ad.phones else T.NO_PHONE["en"], "hours": self.rng.choice(T.HOURS),
                    "price": self.rng.choice(T.ESCORT_PRICE).format(p=ad.price * 2, h=ad.price + 300)}
        ad.render()

    def review(self, venue: Venue, posted: int, staff_nick: str | None) -> Ad:
        ad = self._new(T.SOURCES[venue.town.country]["review"], "review", venue, posted, posted)
        ad.venue_name = venue_name(venue.tokens_on(clock.from_minutes(posted).date()), self.rng,
                                   P.VENUE_NAME_VARIANT_RATE * 2)
        ad.address, ad.images, ad.price_form = None, [], -1
        self._phone(ad, self.rng.choice(venue.phones))
        nick = staff_nick or self.rng.choice(NICKNAMES)
        extras = T.REVIEW_EXTRAS[(ad.lang, venue.type != "legit")]
        if venue.type != "legit" and "living_on_premises" in venue.conditions:
            extras = (*extras, T.REVIEW_SIGNS[ad.lang])
        extra = self.rng.choice(extras)
        ad.title_template, ad.text_template = T.REVIEW[ad.lang]
        ad.slots = {"venue": ad.venue_name, "town": venue.town.name, "street": venue.address.street, "nick": nick,
                    "extra": extra.format(tip=self.rng.choice((300, 500, 800)), nick=nick)}
        ad.remaining = between(self.rng, P.REVIEW_OBSERVATIONS)
        ad.render()
        return ad

    def edit(self, ad: Ad) -> None:
        """A small change between two observations: price, opening hours or a 'new girls' flag."""
        roll = self.rng.random()
        if ad.category == "review":
            return
        if roll < 0.5 and "price" in ad.slots:
            ad.price += self.rng.choice((-50, 50))
            ad.slots["price"] = (T.price_text(ad.lang, ad.price_form, ad.price) if ad.category != "escort"
                                 else self.rng.choice(T.ESCORT_PRICE).format(p=ad.price * 2, h=ad.price + 300))
        elif roll < 0.75 and "hours" in ad.slots:
            ad.slots["hours"] = self.rng.choice(T.HOURS)
        elif ad.category in ("massage", "escort") and (ad.venue is None or ad.venue.type != "legit"):
            ad.flag = "" if ad.flag else T.NEW_FLAG[ad.lang]
        ad.render()

    @staticmethod
    def price_text(ad: Ad) -> str | None:
        return None if ad.category == "review" else ad.slots["price"]

    def record(self, ad: Ad, minute: int) -> dict:
        return {"source": ad.source, "ad_id": ad.ad_id, "url": ad.url, "category": ad.category,
                "observed_at": clock.stamp(clock.from_minutes(minute)), "posted_at": ad.posted_text,
                "title": ad.title, "text": ad.text, "phones": ad.phones, "city": ad.town.name,
                "address": ad.address, "venue_name": ad.venue_name,
                "image_hashes": [f"{h:016x}" for h in ad.images], "price_text": self.price_text(ad),
                "lang": ad.lang}
