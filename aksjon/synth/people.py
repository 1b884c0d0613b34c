"""Making people: Thai women and men with their spellings, Norwegians for the register."""
from __future__ import annotations

import random
from datetime import date, timedelta

from aksjon.synth import names
from aksjon.synth import params as P
from aksjon.synth.model import Person, World
from aksjon.synth.phones import new_mobile
from aksjon.synth.rng import chance


def _birth(rng: random.Random, kind: str) -> date:
    low, high = P.AGE_RANGE[kind]
    return date(2024, 1, 1) - timedelta(days=rng.randint(low * 365, high * 365 + 364))


def thai_person(world: World, rng: random.Random, kind: str, country: str = "NO", female: bool = True,
                age_group: str | None = None) -> Person:
    given_variants = rng.choice(names.THAI_FEMALE_GIVEN if female else names.THAI_MALE_GIVEN)
    family_variants = rng.choice(names.THAI_FAMILY)
    married_share = P.MARRIED_NORWEGIAN_SHARE.get(kind, 0.0) if country == "NO" and female else 0.0
    person = Person(
        key=world.next_key("P"), given_variants=given_variants, given=rng.choice(given_variants),
        family_variants=family_variants, family=rng.choice(family_variants),
        married=rng.choice(names.NORWEGIAN_SURNAMES) if chance(rng, married_share) else None,
        birth=_birth(rng, age_group or kind), sex="F" if female else "M", nationality="TH",
        nickname=rng.choice(names.NICKNAMES), phone=new_mobile(rng, country, world.phones_taken), kind=kind)
    person.language = "nb" if person.married and chance(rng, 0.4) else ("en" if chance(rng, 0.15) else "th")
    person.photos = [rng.getrandbits(64) for _ in range(3)]
    world.persons[person.key] = person
    return person


def norwegian_person(world: World, rng: random.Random, kind: str, female: bool = False) -> Person:
    given = rng.choice(names.NORWEGIAN_FEMALE if female else names.NORWEGIAN_MALE)
    family = rng.choice(names.NORWEGIAN_SURNAMES)
    person = Person(
        key=world.next_key("P"), given_variants=(given,), given=given, family_variants=(family,), family=family,
        married=None, birth=_birth(rng, kind), sex="F" if female else "M", nationality="NO", nickname=None,
        phone=new_mobile(rng, "NO", world.phones_taken), kind=kind, language="nb")
    world.persons[person.key] = person
    return person


def surname(person: Person, rng: random.Random, variant_rate: float) -> str:
    """The surname a record gives: the married name for most married women, else the Thai one."""
    if person.married and chance(rng, P.MARRIED_NAME_USE):
        return person.married
    return names.spelling(rng, person.family_variants, person.family, variant_rate)


def given_name(person: Person, rng: random.Random, variant_rate: float) -> str:
    return names.spelling(rng, person.given_variants, person.given, variant_rate)


def spelling_of_family(person: Person, rng: random.Random, variant_rate: float) -> str:
    return names.spelling(rng, person.family_variants, person.family, variant_rate)
