"""Rotation: the same woman advertised in one town after another (plain Python, no Django).

An escort ad names a worker by a nickname in its text (there is no field for it), a phone
and photos. A *persona* is the ads of one worker as far as the ads show her; a *stint* is
her stretch of days in one town (at one venue when the ads place her there).

How ads are joined into a persona, and why:

- **Photos** are 64-bit perceptual hashes; a re-upload of one photo differs in a few bits.
  Near-equal hashes (Hamming distance <= 4) are found by bit sampling: the 64 bits are cut
  into five bands, and two hashes within distance 4 agree on at least one band whole
  (pigeonhole), so only hashes sharing a band are compared, never all pairs.
- A photo is the best key for one woman, unless it is a stock photo: a photo group seen
  with three or more different nicknames is many women's (or nobody's) and joins nothing.
- A **phone** joins her ads only when it is hers: no venue advertises with it, one nickname
  only answers it, and its ads show no more than two unrelated photo sets. A booking phone
  answers for a whole network and would join every woman it books.
- A nickname alone never joins: the common Thai nicknames (Nok, Joy, Bee …) repeat.

A persona travelling alone (an independent escort) is weak evidence; what bears on a venue
is that it *shares* workers with other venues, so `venue_rotation` reports per venue the
personas also advertised at another venue within a window.
"""
from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scipy.cluster.hierarchy import DisjointSet

PHOTO_DISTANCE = 4  # re-uploads differ in 0-2 bits; 4 leaves room for recompression
STOCK_PHOTO_NICKS = 3  # a photo shown under this many nicknames is a stock photo
OWN_PHONE_PHOTO_SETS = 2  # a woman's own phone shows her photos, perhaps a second set; more is a booking line
STINT_GAP = timedelta(days=21)  # a longer silence in one town starts a new stint there
ROTATION_WINDOW = timedelta(days=60)

# Towns abroad the sector rotates through (Sweden and Denmark), as ads write them.
ABROAD_TOWNS = {
    "SE": ("stockholm", "göteborg", "goteborg", "gothenburg", "malmö", "malmo", "uppsala", "västerås", "örebro",
           "linköping", "helsingborg", "jönköping", "norrköping", "lund", "umeå", "gävle", "borås", "södertälje",
           "eskilstuna", "halmstad", "växjö", "karlstad", "sundsvall", "luleå", "trollhättan", "östersund",
           "kalmar", "falun", "skövde", "uddevalla", "strömstad", "kristianstad", "solna", "sollentuna"),
    "DK": ("københavn", "kobenhavn", "copenhagen", "aarhus", "århus", "odense", "aalborg", "ålborg", "esbjerg",
           "randers", "kolding", "horsens", "vejle", "roskilde", "herning", "helsingør", "silkeborg", "næstved",
           "frederiksberg", "fredericia", "viborg", "køge", "holstebro", "taastrup", "slagelse", "hillerød"),
}
PHONE_COUNTRY = {"+46": "SE", "+45": "DK", "+47": "NO"}

# The phrases an ad introduces its worker with, in the languages the ads are written in.
_NAME = r"([A-ZÆØÅÄÖ][a-zæøåäöü]{1,14}|[\u0E00-\u0E7F]{2,20})"
NICK_PATTERNS = [re.compile(p) for p in (
    rf"\b(?:I am|I'm|Im|my name is|My name is|call me|Call me)\s+{_NAME}\b",
    rf"\b(?:Jeg heter|jeg heter|Jeg er|jeg er|Mitt navn er|mitt navn er|Kall meg)\s+{_NAME}\b",
    rf"\b(?:Jag heter|jag heter|Jag är|jag är|Jeg hedder|jeg hedder)\s+{_NAME}\b",
    rf"(?:ชื่อ|ฉันชื่อ|หนูชื่อ)\s*{_NAME}",
)]
# A title names her in a few words ("Nok, 23", "Sexy Asian Noi visiting Drammen", "NEW Aey 30 –
# Ålesund"): the first capitalised word that is no ad word, no shouting and no town. Thai
# nicknames (chue len) are short by custom, so a title word of more than seven letters is none.
_TITLE_WORD = re.compile(r"(?<![\w'])([A-ZÆØÅÄÖ][a-zæøåäöü]{1,6})(?![\w'])")
# Words the patterns may catch that are no name ("I am New in town", "Jeg er Ny her", "Thai girl").
NOT_NAMES = frozenset(w.casefold() for w in (
    "New", "Ny", "Nye", "Nytt", "Here", "Her", "Thai", "Sweet", "Sexy", "Available", "Back", "Open", "Ready",
    "Young", "Hot", "Only", "From", "In", "The", "A", "An", "Your", "Very", "Real", "Discreet", "Waiting",
    "Tilbake", "Klar", "Ledig", "Snill", "Søt", "Deilig", "Massage", "Massasje", "Massagem", "Girl", "Girls",
    "Lady", "Ladies", "Jente", "Jenter", "Dame", "Damer", "Tilgjengelig", "Also", "Not", "Now", "Just", "So",
    "Visiting", "Vacation", "Independent", "Privat", "Private", "Asian", "Asiatisk", "Exotic", "Beautiful",
    "Pretty", "Cute", "Busty", "Petite", "Slim", "Hello", "Hi", "Hei", "Hey", "Welcome", "Velkommen", "Call",
    "Ring", "Sms", "Text", "Price", "Pris", "Rates", "Incall", "Outcall", "Escort", "Eskorte", "Relax",
    "Relaxing", "Body", "Full", "Service", "Best", "Top", "Vip", "Luxury", "Classy", "Elegant", "Nuru",
    "Tantra", "Tantric", "Oil", "Erotic", "Erotisk", "Sensual", "Last", "First", "Week", "Weekend", "Days",
    "Today", "Tonight", "Day", "Night", "Natt", "Uke", "Helg", "I", "Me", "My", "We", "For", "With", "And",
    "Og", "Med", "Til", "Fra", "Hos", "Bare", "Kun", "Centre", "Center", "Sentrum", "City", "Town", "Norway",
    "Norge", "Thailand", "Bangkok", "Pattaya", "Mature", "Milf", "Student", "Teen", "Model", "Sweetie",
    "Honey", "Darling", "Baby", "Miss", "Mrs", "Ms", "Gfe", "Pse", "Vip", "Xxx", "Room", "Apartment"))


@dataclass(frozen=True)
class AdSeen:
    """One distinct ad (every observation of one source + ad id), as the analysis needs it."""

    ref: str  # "source/ad_id"
    category: str
    title: str
    text: str
    city: str
    phones: tuple[str, ...]  # E.164
    photos: tuple[int, ...]  # 64-bit perceptual hashes
    venue: int | None  # the venue the ad is placed on, when it is
    first_seen: datetime
    last_seen: datetime


@dataclass
class StintFound:
    town: str
    country: str
    first_seen: datetime
    last_seen: datetime
    venue: int | None = None
    phone: str | None = None
    venue_candidates: tuple[int, ...] = ()
    ads: list[str] = field(default_factory=list)


@dataclass
class PersonaFound:
    ads: list[AdSeen]
    nicknames: list[str]
    phones: list[str]
    photos: list[int]
    stints: list[StintFound]
    joined_by: dict[str, int]  # how her ads were joined: {"photo": n, "own phone": n}

    @property
    def towns(self) -> int:
        return len({(s.country, s.town) for s in self.stints})

    @property
    def moves(self) -> int:
        """Changes of town from one stint to the next."""
        places = [(s.country, s.town) for s in self.stints]
        return sum(1 for a, b in itertools.pairwise(places) if a != b)

    @property
    def abroad(self) -> bool:
        return any(s.country != "NO" for s in self.stints)

    @property
    def first_seen(self) -> datetime:
        return min(s.first_seen for s in self.stints)

    @property
    def last_seen(self) -> datetime:
        return max(s.last_seen for s in self.stints)

    @property
    def venues(self) -> set[int]:
        return {s.venue for s in self.stints if s.venue}


# --- nicknames -------------------------------------------------------------------------------

def nickname(title: str, text: str, places: frozenset[str] = frozenset()) -> str | None:
    """The worker's nickname as the ad introduces her ("I am Nok", "Jeg heter Nok"), else the first
    capitalised word of the title that is no ad word and no town in `places` (casefolded), or None."""
    for pattern in NICK_PATTERNS:
        for match in pattern.finditer(text or ""):
            name = match.group(1)
            if name.casefold() not in NOT_NAMES and name.casefold() not in places:
                return name.capitalize()
    for match in _TITLE_WORD.finditer(title or ""):
        name = match.group(1)
        if name.casefold() not in NOT_NAMES and name.casefold() not in places and not _is_town(name):
            return name
    return None


def _is_town(word: str) -> bool:
    key = word.casefold()
    return any(key in towns for towns in ABROAD_TOWNS.values())


# --- photos ----------------------------------------------------------------------------------

def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def _bands(distance: int) -> list[tuple[int, int]]:
    """(shift, mask) of distance + 1 bands covering the 64 bits."""
    count = distance + 1
    widths = [64 // count + (1 if i < 64 % count else 0) for i in range(count)]
    bands, shift = [], 0
    for width in widths:
        bands.append((shift, (1 << width) - 1))
        shift += width
    return bands


def photo_groups(hashes: Iterable[int], distance: int = PHOTO_DISTANCE) -> dict[int, int]:
    """Each hash -> its group (the smallest hash of the group): hashes joined when within `distance`
    bits, through bit-sampling buckets (pigeonhole: two such hashes share a band whole)."""
    distinct = sorted(set(hashes))
    groups = DisjointSet(distinct)
    for shift, mask in _bands(distance):
        buckets: dict[int, list[int]] = defaultdict(list)
        for value in distinct:
            buckets[(value >> shift) & mask].append(value)
        for members in buckets.values():
            for i, left in enumerate(members):
                for right in members[i + 1:]:
                    if hamming(left, right) <= distance:
                        groups.merge(left, right)
    return {h: min(group) for group in groups.subsets() for h in group}


# --- where an ad is ---------------------------------------------------------------------------

def country_of(city: str, phones: Iterable[str], norwegian_towns: Mapping[str, str],
               abroad_towns: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(country code, town as named): the ad's city decides when it is known (Norwegian towns,
    towns abroad: casefolded name -> country); an unknown city takes its country from a Swedish
    or Danish phone; otherwise Norway is assumed."""
    key = (city or "").strip().casefold()
    if key in norwegian_towns:
        return "NO", norwegian_towns[key]
    if abroad_towns and key in abroad_towns:
        return abroad_towns[key], (city or "").strip().title()
    for country, towns in ABROAD_TOWNS.items():
        if key in towns:
            return country, (city or "").strip().title()
    foreign = [PHONE_COUNTRY[p[:3]] for p in phones if p[:3] in PHONE_COUNTRY and p[:3] != "+47"]
    if foreign:
        return foreign[0], (city or "").strip().title() or "?"
    return "NO", (city or "").strip().title() or "?"


# --- personas --------------------------------------------------------------------------------

def build_personas(ads: Iterable[AdSeen], *, norwegian_towns: Mapping[str, str],
                   venues_by_phone_town: Mapping[tuple[str, str], Iterable[int]] | None = None,
                   abroad_towns: Mapping[str, str] | None = None) -> list[PersonaFound]:
    """The personas of the worker ads (escort ads: a massage ad speaks for a venue, not a woman)."""
    ads = list(ads)
    places = (frozenset(norwegian_towns) | frozenset(abroad_towns or {})
              | frozenset((ad.city or "").casefold() for ad in ads))
    worker_ads = [ad for ad in ads if ad.category == "escort"]
    nick = {ad.ref: nickname(ad.title, ad.text, places) for ad in worker_ads}
    venue_phones = {phone for phone, _town in (venues_by_phone_town or {})}
    group_of = photo_groups(h for ad in worker_ads for h in ad.photos)
    groups = DisjointSet(ad.ref for ad in worker_ads)
    joined = defaultdict(int)

    by_photo, by_phone = defaultdict(list), defaultdict(list)
    for ad in worker_ads:
        for group in {group_of[h] for h in ad.photos}:
            by_photo[group].append(ad)
        for phone in set(ad.phones):
            by_phone[phone].append(ad)
    for members in by_photo.values():
        for part in _nick_compatible(members, nick, limit=STOCK_PHOTO_NICKS):
            for ad in part[1:]:
                groups.merge(part[0].ref, ad.ref)
                joined["photo"] += 1
    for phone, members in by_phone.items():
        if _her_own(phone, members, nick, group_of, venue_phones):
            for ad in members[1:]:
                groups.merge(members[0].ref, ad.ref)
                joined["own phone"] += 1

    personas = defaultdict(list)
    for ad in worker_ads:
        personas[min(groups.subset(ad.ref))].append(ad)
    venue_index = {key: tuple(sorted(set(v))) for key, v in (venues_by_phone_town or {}).items()}
    towns = _Towns(norwegian_towns, abroad_towns or {})
    return [_persona(members, nick, towns, venue_index, dict(joined)) for _, members in sorted(personas.items())]


@dataclass(frozen=True)
class _Towns:
    norwegian: Mapping[str, str]
    abroad: Mapping[str, str]

    def where(self, ad: AdSeen) -> tuple[str, str]:
        return country_of(ad.city, ad.phones, self.norwegian, self.abroad)


def _her_own(phone: str, members: list[AdSeen], nick: dict, group_of: dict, venue_phones: set[str]) -> bool:
    """A phone is one woman's own when no venue advertises with it (a booking phone books many),
    one name only ever answers it, and its ads show at most OWN_PHONE_PHOTO_SETS unrelated sets of
    photos (a booking phone's ads show a new woman's photos every few weeks)."""
    if phone in venue_phones:
        return False
    if len({nick[ad.ref] for ad in members if nick[ad.ref]}) > 1:
        return False
    photo_sets = DisjointSet(ad.ref for ad in members)
    first_with: dict[int, str] = {}
    for ad in members:
        for group in {group_of[h] for h in ad.photos}:
            if group in first_with:
                photo_sets.merge(first_with[group], ad.ref)
            else:
                first_with[group] = ad.ref
    sets = {photo_sets[ad.ref] for ad in members if ad.photos}
    return len(sets) <= OWN_PHONE_PHOTO_SETS


def _nick_compatible(members: list[AdSeen], nick: dict, limit: int) -> list[list[AdSeen]]:
    """The ads of one photo that may be joined: all of them under one nickname (or none); per
    nickname under two; none at all when it shows `limit` names or more (a stock photo)."""
    names = {nick[ad.ref] for ad in members if nick[ad.ref]}
    if len(names) >= limit:
        return []
    if len(names) <= 1:
        return [members]
    return [[ad for ad in members if nick[ad.ref] == name] for name in sorted(names)]


def _persona(ads: list[AdSeen], nick: dict, towns: _Towns, venue_index: dict,
             joined: dict) -> PersonaFound:
    ads = sorted(ads, key=lambda ad: (ad.first_seen, ad.ref))
    names: dict[str, int] = defaultdict(int)
    for ad in ads:
        if nick[ad.ref]:
            names[nick[ad.ref]] += 1
    phones = sorted({p for ad in ads for p in ad.phones})
    photos = sorted({h for ad in ads for h in ad.photos})
    return PersonaFound(ads=ads, nicknames=sorted(names, key=lambda n: (-names[n], n)), phones=phones,
                        photos=photos, stints=stints_of(ads, towns, venue_index), joined_by=joined)


def stints_of(ads: list[AdSeen], towns: _Towns, venue_index: Mapping) -> list[StintFound]:
    """Her ads in time order cut into stretches in one town: a new stint at each change of town,
    or after a silence longer than STINT_GAP in the same town."""
    stints: list[StintFound] = []
    for ad in sorted(ads, key=lambda a: (a.first_seen, a.ref)):
        country, town = towns.where(ad)
        current = stints[-1] if stints else None
        if (current and (current.country, current.town) == (country, town)
                and ad.first_seen <= current.last_seen + STINT_GAP):
            current.last_seen = max(current.last_seen, ad.last_seen)
            current.ads.append(ad.ref)
            _place(current, ad, venue_index)
            continue
        stint = StintFound(town=town, country=country, first_seen=ad.first_seen, last_seen=ad.last_seen,
                           ads=[ad.ref])
        _place(stint, ad, venue_index)
        stints.append(stint)
    return stints


def _place(stint: StintFound, ad: AdSeen, venue_index: Mapping) -> None:
    """The venue of a stint: the venue the ad is on, or else the one venue in that town
    advertising with the ad's phone (a booking phone names the salon she is booked at)."""
    if stint.phone is None and ad.phones:
        stint.phone = ad.phones[0]
    if stint.venue:
        return
    if ad.venue:
        stint.venue = ad.venue
        return
    candidates = sorted({v for p in ad.phones for v in venue_index.get((p, stint.town.casefold()), ())})
    if len(candidates) == 1:
        stint.venue = candidates[0]
    elif candidates:
        stint.venue_candidates = tuple(sorted(set(stint.venue_candidates) | set(candidates)))


# --- what it says about venues ----------------------------------------------------------------

@dataclass
class VenueRotation:
    """The personas a venue shares with other venues within the window, and those venues."""

    venue: int
    personas: dict[int, list[int]] = field(default_factory=dict)  # persona index -> other venues
    first_seen: datetime | None = None
    last_seen: datetime | None = None

    @property
    def other_venues(self) -> set[int]:
        return {v for others in self.personas.values() for v in others}


def venue_rotation(personas: list[PersonaFound], window: timedelta = ROTATION_WINDOW) -> dict[int, VenueRotation]:
    """Per venue: the personas advertised at it that were also advertised at another venue within
    `window` of that stint (a woman moved between the two), with the other venues."""
    found: dict[int, VenueRotation] = {}
    for index, persona in enumerate(personas):
        placed = [s for s in persona.stints if s.venue]
        for stint in placed:
            others = sorted({o.venue for o in placed if o.venue != stint.venue and _near(stint, o, window)})
            if not others:
                continue
            entry = found.setdefault(stint.venue, VenueRotation(stint.venue))
            entry.personas[index] = sorted(set(entry.personas.get(index, [])) | set(others))
            entry.first_seen = min(filter(None, (entry.first_seen, stint.first_seen)))
            entry.last_seen = max(filter(None, (entry.last_seen, stint.last_seen)))
    return found


def _near(left: StintFound, right: StintFound, window: timedelta) -> bool:
    """The two stints lie within `window` of each other (or overlap)."""
    return left.first_seen - window <= right.last_seen and right.first_seen - window <= left.last_seen
