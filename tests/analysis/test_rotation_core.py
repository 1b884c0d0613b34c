"""Rotation in plain Python: nicknames, near photos by bit sampling, personas across towns,
stints abroad, hub phones that must not join women, and venues sharing workers."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from aksjon.analysis.core.rotation import (
    AdSeen,
    build_personas,
    country_of,
    hamming,
    nickname,
    photo_groups,
    venue_rotation,
)

TOWNS = {"oslo": "Oslo", "bergen": "Bergen", "trondheim": "Trondheim", "skien": "Skien"}
START = datetime(2023, 5, 1, 12)


def _ad(ref, day, city, nick, phones=(), photos=(), venue=None, days=5, category="escort"):
    text = f"Hi, I am {nick}, 23 years, new in {city} for a few days only. Call {' '.join(phones)}." if nick else \
        f"New girl in {city}. Call {' '.join(phones)}."
    return AdSeen(ref=ref, category=category, title=f"{nick or 'Thai'} – new in {city}!", text=text, city=city,
                  phones=tuple(phones), photos=tuple(photos), venue=venue, first_seen=START + timedelta(days=day),
                  last_seen=START + timedelta(days=day + days))


def _flip(value: int, bits: int, rng: random.Random) -> int:
    for bit in rng.sample(range(64), bits):
        value ^= 1 << bit
    return value


def test_nicknames_from_text_and_title():
    assert nickname("", "Hello darling! I am Nok from Thailand.") == "Nok"
    assert nickname("", "Hei! Jeg heter Ploy og er ny i byen.") == "Ploy"
    assert nickname("Sweet Thai Toon 19y", "Very good massage.") == "Toon"
    assert nickname("Ning – new in Skien!", "Incall only.") == "Ning"
    assert nickname("Sexy Asian Noi visiting Drammen", "Hello darling! I am 22.", frozenset({"drammen"})) == "Noi"
    assert nickname("NEW Aey 30 – Ålesund", "GFE, massage, relax.", frozenset({"ålesund"})) == "Aey"
    assert nickname("Thai girl in Oslo now", "Call me.", frozenset({"oslo"})) is None
    assert nickname("", "I am New in town, call me") is None
    assert nickname("Thaimassasje i sentrum", "Profesjonell massasje. Ring 912 34 567.") is None


def test_near_photos_group_without_comparing_all_pairs():
    rng = random.Random(7)
    base = [rng.getrandbits(64) for _ in range(200)]
    variants = [_flip(b, rng.randint(0, 4), rng) for b in base]
    groups = photo_groups(base + variants)
    assert all(groups[b] == groups[v] for b, v in zip(base, variants, strict=True))
    assert len({groups[b] for b in base}) == 200  # random photos are far apart
    far = _flip(base[0], 9, rng)
    assert hamming(far, base[0]) == 9 and photo_groups([base[0], far])[far] != photo_groups([base[0], far])[base[0]]


def test_a_worker_rotating_across_towns_is_one_persona_with_stints_and_moves():
    photo = 0x0F0F_1234_5678_ABCD
    ads = [_ad("a/1", 0, "Oslo", "Nok", ["+66812345678"], [photo]),
           _ad("a/2", 3, "Oslo", "Nok", ["+66812345678"], [photo ^ 0b11]),
           _ad("a/3", 30, "Bergen", "Nok", ["+4791111111"], [photo ^ 0b100]),
           _ad("a/4", 60, "Trondheim", "Nok", ["+4791111111"], [photo])]
    (persona,) = build_personas(ads, norwegian_towns=TOWNS)
    assert [s.town for s in persona.stints] == ["Oslo", "Bergen", "Trondheim"]
    assert persona.towns == 3 and persona.moves == 2 and not persona.abroad and persona.nicknames == ["Nok"]


def test_a_stint_abroad_is_marked_by_city_or_by_phone():
    photo = 0xAAAA_0000_FFFF_1111
    ads = [_ad("a/1", 0, "Oslo", "Joy", ["+4791111112"], [photo]),
           _ad("a/2", 20, "Stockholm", "Joy", ["+46735397122"], [photo]),
           _ad("a/3", 40, "Kobenhavn", "Joy", [], [photo])]
    (persona,) = build_personas(ads, norwegian_towns=TOWNS)
    assert [(s.country, s.town) for s in persona.stints] == [("NO", "Oslo"), ("SE", "Stockholm"),
                                                            ("DK", "Kobenhavn")]
    assert persona.abroad
    assert country_of("Ystad", ["+46701234567"], TOWNS)[0] == "SE"  # a town not listed: the phone says where
    assert country_of("Skien", ["+46701234567"], TOWNS) == ("NO", "Skien")  # a Swedish booking phone in Norway


def test_a_booking_phone_does_not_join_the_women_it_books():
    booking = "+4792900992"
    ads = [_ad(f"a/{i}", i * 10, "Skien", nick, [booking], [0x1111_0000_0000_0000 * (i + 1) ^ (i * 0x9E3779B97F4A)])
           for i, nick in enumerate(["Nok", "Bee", "Joy", "Ploy"])]
    personas = build_personas(ads, norwegian_towns=TOWNS)
    assert len(personas) == 4


def test_a_stock_photo_does_not_join_different_women():
    stock = 0x1234_5678_9ABC_DEF0
    ads = [_ad(f"a/{i}", i, "Oslo", nick, [f"+4790000{i:03d}"], [stock]) for i, nick in
           enumerate(["Nok", "Bee", "Joy"])]
    assert len(build_personas(ads, norwegian_towns=TOWNS)) == 3


def test_venues_sharing_a_rotating_worker_and_a_lone_traveller_giving_none():
    booking_a, booking_b = "+4791000001", "+4791000002"
    photo, lone = 0x0101_0101_0101_0101, 0x7070_7070_7070_7070
    index = {(booking_a, "oslo"): {11}, (booking_b, "bergen"): {22}}
    ads = [_ad("a/1", 0, "Oslo", "Nok", [booking_a], [photo]),
           _ad("a/2", 30, "Bergen", "Nok", [booking_b], [photo]),
           # an independent escort travelling on her own phone: no venue is hers
           _ad("b/1", 0, "Oslo", "Mai", ["+4799999999"], [lone]),
           _ad("b/2", 25, "Skien", "Mai", ["+4799999999"], [lone])]
    personas = build_personas(ads, norwegian_towns=TOWNS, venues_by_phone_town=index)
    assert len(personas) == 2
    rotation = venue_rotation(personas)
    assert set(rotation) == {11, 22}
    assert rotation[11].other_venues == {22} and rotation[22].other_venues == {11}
    far = venue_rotation(personas, window=timedelta(days=5))
    assert far == {}
