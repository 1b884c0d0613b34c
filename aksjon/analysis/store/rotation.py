"""Rotation read from and written back to the database: personas, their stints, and the
`rotation` signals on venues. A run replaces everything the last run wrote."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_noop

from aksjon.analysis.core.rotation import AdSeen, PersonaFound, VenueRotation
from aksjon.analysis.models import Persona, Signal, Stint
from aksjon.analysis.signals import english, said
from aksjon.audit.log import record_write
from aksjon.registry.models import Ad, Phone, Town, Venue

FAMILY = "rotation"
WORKER_CATEGORIES = ("escort",)  # a worker's own ads; massage ads speak for a venue


def _hash(text: str) -> int | None:
    try:
        return int(text, 16)
    except (TypeError, ValueError):
        return None


def read_ads(categories=WORKER_CATEGORIES) -> list[AdSeen]:
    """Every distinct ad of these categories (all observations of a source + ad id folded into one)."""
    rows = Ad.objects.filter(category__in=categories).order_by("observed_at", "pk").values_list(
        "pk", "ad_source", "ad_id", "category", "title", "text", "city", "image_hashes", "venue_id", "observed_at")
    phones = defaultdict(set)
    for ad_pk, e164 in Ad.phones.through.objects.filter(ad__category__in=categories).values_list(
            "ad_id", "phone__e164"):
        phones[ad_pk].add(e164)
    folded: dict[str, dict] = {}
    for pk, source, ad_id, category, title, text, city, hashes, venue, seen in rows.iterator(chunk_size=5000):
        ref = f"{source}/{ad_id}"
        entry = folded.get(ref)
        if entry is None:
            folded[ref] = entry = {"ref": ref, "category": category, "title": title, "text": text, "city": city,
                                   "phones": set(), "photos": set(), "venue": venue, "first_seen": seen,
                                   "last_seen": seen}
        entry["phones"] |= phones.get(pk, set())
        entry["photos"] |= {h for h in map(_hash, hashes or []) if h is not None}
        entry["venue"] = venue or entry["venue"]
        entry["last_seen"] = seen
        if city:
            entry["city"] = city
    return [AdSeen(ref=e["ref"], category=e["category"], title=e["title"], text=e["text"], city=e["city"],
                   phones=tuple(sorted(e["phones"])), photos=tuple(sorted(e["photos"])), venue=e["venue"],
                   first_seen=e["first_seen"], last_seen=e["last_seen"]) for e in folded.values()]


def norwegian_towns() -> dict[str, str]:
    return {name.casefold(): name for name in Town.objects.values_list("name", flat=True)}


def abroad_towns() -> dict[str, str]:
    """Towns abroad the sector rotates through (aksjon/data/towns_abroad.csv): casefolded name -> country."""
    import csv
    from importlib import resources

    path = resources.files("aksjon.data") / "towns_abroad.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as rows:
        return {row["town"].casefold(): row["country"] for row in csv.DictReader(rows) if row.get("town")}


def venues_by_phone_town() -> dict[tuple[str, str], set[int]]:
    """(phone, town casefolded) -> the venues advertising with that phone there (as the networks
    analysis reads a venue's phones: another salon's ads placed on it do not count)."""
    from aksjon.analysis.store.networks import venue_phones

    town_of = dict(Venue.objects.values_list("pk", "town__name"))
    index = defaultdict(set)
    for venue, e164 in venue_phones():
        index[(e164, town_of[venue].casefold())].add(venue)
    return index


def persona_key(found: PersonaFound, taken: set[str]) -> str:
    """R + 8 hex digits of her earliest ad's reference: the same key run after run while that ad
    stays hers (a new crawl adds later ads, not earlier ones)."""
    first = min(ad.ref for ad in found.ads)
    key = "R" + hashlib.sha1(first.encode("utf-8"), usedforsecurity=False).hexdigest()[:8].upper()
    while key in taken:  # two first ads with one digest: vanishingly rare, but the key is unique
        key = "R" + hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:8].upper()
    taken.add(key)
    return key


def worth_keeping(persona: PersonaFound) -> bool:
    """Stored: personas seen in two or more towns or at a venue; one ad in one town says nothing of rotation."""
    return persona.towns >= 2 or bool(persona.venues)


@transaction.atomic
def write(personas: list[PersonaFound], rotation: dict[int, VenueRotation], *, actor) -> dict:
    """Replace the personas, stints and rotation signals of the last run with these, with one audit row."""
    before = {"personas": Persona.objects.count(), "stints": Stint.objects.count(),
              "signals": Signal.objects.filter(family=FAMILY).count()}
    Stint.objects.all().delete()
    Persona.objects.all().delete()
    Signal.objects.filter(family=FAMILY).delete()
    phone_pk = dict(Phone.objects.values_list("e164", "pk"))
    keys: dict[int, str] = {}
    stints = []
    kept, taken = 0, set()
    for index, found in enumerate(personas):
        if not worth_keeping(found):
            continue
        kept += 1
        key = persona_key(found, taken)
        keys[index] = key
        persona = Persona.objects.create(
            key=key, nicknames=found.nicknames, photos=[f"{h:016x}" for h in found.photos], towns=found.towns,
            abroad=found.abroad, first_seen=found.first_seen, last_seen=found.last_seen,
            details={"ads": len(found.ads), "moves": found.moves, "joined_by": _joined_by(found),
                     "venue_candidates": sorted({v for s in found.stints for v in s.venue_candidates})})
        persona.phones.set([phone_pk[p] for p in found.phones if p in phone_pk])
        stints += [Stint(persona=persona, town=s.town[:80], country=s.country, venue_id=s.venue,
                         phone_id=phone_pk.get(s.phone), first_seen=s.first_seen, last_seen=s.last_seen,
                         ads=s.ads) for s in found.stints]
    Stint.objects.bulk_create(stints, batch_size=2000)
    signals = [_signal(entry, personas, keys) for entry in rotation.values()]
    Signal.objects.bulk_create(signals, batch_size=2000)
    after = {"personas": kept, "stints": len(stints), "signals": len(signals),
             "abroad": sum(1 for i in keys if personas[i].abroad)}
    record_write(actor, "store_rotation", Persona.objects.order_by("pk").first() or actor, before=before,
                 after=after)
    return after


def _joined_by(found: PersonaFound) -> list[str]:
    """In words, what her ads have in common: a photo, her own phone, her nickname."""
    reasons = []
    if len(found.photos) and len(found.ads) > 1:
        reasons.append("photo")
    if len(found.phones) == 1 and len(found.ads) > 1:
        reasons.append("phone")
    if len(found.nicknames) == 1:
        reasons.append("nickname")
    return reasons


def _signal(entry: VenueRotation, personas: list[PersonaFound], keys: dict[int, str]) -> Signal:
    """`rotating_workers`: N personas advertised at this venue were advertised at K other venues within 60 days."""
    shared = sorted(entry.personas)
    names = [keys.get(i, "?") for i in shared]
    others = sorted(entry.other_venues)
    # In words of the reader's language on the page (aksjon.analysis.signals.said), English in `evidence`.
    message = said(gettext_noop("%(workers)s worker(s) advertised here also advertised at %(venues)s other venue(s) "
                         "within 60 days: %(names)s"), workers=len(shared), venues=len(others),
                   names=", ".join(names[:6]) + (" …" if len(names) > 6 else ""))
    evidence = english(message)
    refs = [f"persona:{name}" for name in names] + [f"venue:{v}" for v in others]
    # One shared worker may be a coincidence of a phone; several make an exchange of workers.
    strength = min(1.0, len(shared) / 3)
    observed = entry.last_seen.date() if isinstance(entry.last_seen, datetime) else None
    return Signal(venue_id=entry.venue, family=FAMILY, code="rotating_workers", evidence=evidence[:300],
                  refs=refs[:50], message=message, observed_on=observed, strength=round(strength, 3))
