"""Tips from the public, NGOs, partner agencies and police patrols (tips.csv)."""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from aksjon.synth import clock, texts
from aksjon.synth import params as P
from aksjon.synth.model import Venue, World
from aksjon.synth.names import venue_name
from aksjon.synth.phones import written
from aksjon.synth.places import written_address
from aksjon.synth.rng import chance, pick_weighted
from aksjon.synth.writer import write_csv

HEADER = ["tip_id", "received_at", "channel", "text", "venue_name", "address", "city", "phone"]
LAST_TIP_DAY = P.ACTION_WEEK_START - timedelta(days=3)


def _text(rng: random.Random, channel: str, venue: Venue | None, town: str, day: date, false: bool = False) -> str:
    if venue is None:
        body = rng.choice(texts.TIP_GENERAL)
    elif false:      # a false tip describes trafficking at an ordinary salon (spite, prejudice)
        body = " ".join(rng.sample(texts.TIP_SEX + texts.TIP_NETWORK, rng.randint(1, 2)))
    elif venue.type == "legit":
        body = rng.choice(texts.TIP_LEGIT)
    else:
        options = texts.TIP_SEX + (texts.TIP_NETWORK if venue.type == "network" else ())
        body = " ".join(rng.sample(options, rng.randint(1, 2)))
    prefix = texts.TIP_PREFIX[channel].format(ngo=rng.choice(texts.NGOS), agency=rng.choice(texts.PARTNER_AGENCIES))
    name = " ".join(t[0] for t in venue.tokens_on(day)) if venue else ""
    phone = written(rng, venue.phones[0]) if venue else ""
    return prefix + body.format(venue=name or "salongen", phone=phone, town=town)


def _row(rng: random.Random, tip_id: str, received: str, channel: str, venue: Venue | None, town: str,
         day: date, false: bool = False) -> list[str]:
    text = _text(rng, channel, venue, town, day, false)
    if venue is None:
        return [tip_id, received, channel, text, "", "", town, ""]
    name = venue_name(venue.tokens_on(day), rng, P.VENUE_NAME_VARIANT_RATE) if chance(rng, 0.8) else ""
    address = written_address(rng, venue.address, P.ADDRESS_TYPO_RATE * 1.5) if chance(rng, 0.7) else ""
    phone = written(rng, rng.choice(venue.phones)) if chance(rng, 0.6) else ""
    staff = [s.person for s in venue.staff_on(day) if s.person.phone]
    if phone and staff and chance(rng, P.TIP_STAFF_PHONE):
        phone = written(rng, rng.choice(staff).phone)      # the number the tipster called: a woman's own

    return [tip_id, received, channel, text, name, address, town if chance(rng, 0.95) else "", phone]


def make_tips(world: World, rng: random.Random, count: int) -> list[list[str]]:
    venues = [v for v in world.venues if v.town.country == "NO"]
    # Exploitation leaves visible signs: a non-network exploitative venue draws more tips.
    weights = [P.TIP_VENUE_WEIGHT[v.type] * (P.TIP_EXPLOITATIVE_FACTOR if v.exploitative and v.type != "network"
                                             else 1) for v in venues]
    innocent = [v for v in venues if v.type == "legit" and not v.exploitative]
    span = (LAST_TIP_DAY - P.TIPS_START).days
    days = sorted(P.TIPS_START + timedelta(days=rng.randrange(span)) for _ in range(count))
    rows = []
    for number, day in enumerate(days, start=1):
        false = chance(rng, P.FALSE_TIP_SHARE)
        if false:
            venue = rng.choice(innocent)
        else:
            venue = None if chance(rng, P.TIP_WITHOUT_VENUE) else rng.choices(venues, weights=weights)[0]
        town = venue.town.name if venue else rng.choices(venues, weights=weights)[0].town.name
        tip_id = f"T-{day.year}-{number:04d}"
        received = clock.stamp(clock.local_to_utc(day, rng.randint(7, 23), rng.randrange(60)))
        channel = "public" if false else pick_weighted(rng, P.TIP_CHANNELS)
        rows.append(_row(rng, tip_id, received, channel, venue, town, day, false))
        world.tip_truth.append({"kind": "tip", "tip_id": tip_id, "venue_key": venue.key if venue else None,
                                "false": false})
        if venue:
            venue.records.append(f"tips.csv#{tip_id}")
            if "tips" not in venue.signals:
                venue.signals.append("tips")
    return rows


def write_tips(rows: list[list[str]], out_dir: Path) -> int:
    return write_csv(out_dir / "tips.csv", HEADER, rows)
