"""Making people: Thai women and men with their spellings, Norwegians for the register,
and the ways a record writes a person's names and birth date.

Namesakes are made on purpose: a new person may take the exact name of an earlier one
(another person, born years apart) or a near-name (same family name, a close given name,
born months apart). A record may spell a Thai name by a romanisation rule, split a long
surname, mix maiden, married and middle names, drop or join a Norwegian middle name,
leave the birth date out or swap its day and month.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from aksjon.synth import names
from aksjon.synth import params as P
from aksjon.synth.model import Person, World
from aksjon.synth.phones import new_mobile
from aksjon.synth.rng import chance, pick_weighted


def _birth(rng: random.Random, kind: str) -> date:
    low, high = P.AGE_RANGE[kind]
    return date(2024, 1, 1) - timedelta(days=rng.randint(low * 365, high * 365 + 364))


def _zipf(rng: random.Random, items: tuple[str, ...]) -> str:
    """Common names more often: the lists are in frequency order."""
    return rng.choices(items, weights=[1 / (i + 1) ** P.NORWEGIAN_NAME_ZIPF for i in range(len(items))])[0]


def _apart(rng: random.Random, birth: date, other: date) -> date:
    """A namesake's birth date: at least three years from the other's."""
    if abs((birth - other).days) >= 3 * 365:
        return birth
    years = rng.randint(3, 15) * (1 if rng.random() < 0.5 else -1)
    return other + timedelta(days=365 * years + rng.randint(-150, 150))


def _register(world: World, person: Person) -> Person:
    world.persons[person.key] = person
    world.name_book.setdefault((person.nationality, person.sex), []).append(person)
    return person


def _phone(world: World, rng: random.Random, country: str, kind: str) -> tuple[str, str]:
    if country == "NO" and chance(rng, P.THAI_PHONE_SHARE.get(kind, 0.0)):
        return new_mobile(rng, "TH", world.phones_taken)          # a woman recently arrived keeps her Thai number
    return new_mobile(rng, country, world.phones_taken, P.UNLISTED_PHONE_SHARE)


def thai_person(world: World, rng: random.Random, kind: str, country: str = "NO", female: bool = True,
                age_group: str | None = None) -> Person:
    given_variants = rng.choice(names.THAI_FEMALE_GIVEN if female else names.THAI_MALE_GIVEN)
    family_variants = rng.choice(names.THAI_FAMILY)
    given, family = rng.choice(given_variants), rng.choice(family_variants)
    birth = _birth(rng, age_group or kind)
    book = world.name_book.get(("TH", "F" if female else "M"), [])
    draw = rng.random()
    if book and draw < P.NAMESAKE_SHARE["TH"]:                   # the same name, another woman
        other = rng.choice(book)
        given_variants, given, family_variants, family = other.given_variants, other.given, \
            other.family_variants, other.family
        birth = _apart(rng, birth, other.birth)
    elif book and draw < P.NAMESAKE_SHARE["TH"] + P.NEAR_NAMESAKE_SHARE["TH"]:   # a near-name, born months apart
        other = rng.choice(book)
        family_variants, family = other.family_variants, other.family
        given_variants = names.near_given(rng, other.given_variants,
                                          names.THAI_FEMALE_GIVEN if female else names.THAI_MALE_GIVEN)
        given = given_variants[0]
        birth = other.birth + timedelta(days=rng.randint(60, 300) * (1 if rng.random() < 0.5 else -1))
    married_share = P.MARRIED_NORWEGIAN_SHARE.get(kind, 0.0) if country == "NO" and female else 0.0
    person = Person(
        key=world.next_key("P"), given_variants=given_variants, given=given,
        family_variants=family_variants, family=family,
        married=rng.choice(names.NORWEGIAN_SURNAMES) if chance(rng, married_share) else None,
        birth=birth, sex="F" if female else "M", nationality="TH",
        nickname=rng.choice(names.NICKNAMES), phone=_phone(world, rng, country, age_group or kind), kind=kind)
    person.language = "nb" if person.married and chance(rng, 0.4) else ("en" if chance(rng, 0.15) else "th")
    person.photos = [rng.getrandbits(64) for _ in range(3)]
    return _register(world, person)


def norwegian_person(world: World, rng: random.Random, kind: str, female: bool = False,
                     name_of: Person | None = None, birth: date | None = None) -> Person:
    """A Norwegian (husband, accountant, neighbour). `name_of`: take that person's name (a namesake)."""
    given_list = names.NORWEGIAN_FEMALE if female else names.NORWEGIAN_MALE
    given, family = _zipf(rng, given_list), _zipf(rng, names.NORWEGIAN_SURNAMES)
    middle = _zipf(rng, given_list) if chance(rng, P.NORWEGIAN_MIDDLE_NAME_SHARE) else None
    born = birth or _birth(rng, kind)
    book = world.name_book.get(("NO", "F" if female else "M"), [])
    if name_of is None and book and chance(rng, P.NAMESAKE_SHARE["NO"]):
        name_of = rng.choice(book)
        born = _apart(rng, born, name_of.birth)
    if name_of is not None:
        given, family, middle = name_of.given, name_of.family, name_of.middle
    if middle == given:
        middle = None
    person = Person(
        key=world.next_key("P"), given_variants=(given,), given=given, family_variants=(family,), family=family,
        married=None, birth=born, sex="F" if female else "M", nationality="NO", nickname=None,
        phone=new_mobile(rng, "NO", world.phones_taken, P.UNLISTED_PHONE_SHARE), kind=kind, language="nb",
        middle=middle)
    return _register(world, person)


def _thai_spelling(rng: random.Random, variants: tuple[str, ...], canonical: str, rate: float) -> str:
    if not chance(rng, rate):
        return canonical
    if chance(rng, P.ROMANISATION_RULE_SHARE):
        return names.romanised_variant(rng, canonical)
    return names.spelling(rng, variants, canonical, 1.0)


def surname(person: Person, rng: random.Random, variant_rate: float) -> str:
    """The surname a record gives: the married name for most married women, else the Thai one."""
    if person.married and chance(rng, P.MARRIED_NAME_USE):
        return person.married
    return spelling_of_family(person, rng, variant_rate)


def given_name(person: Person, rng: random.Random, variant_rate: float) -> str:
    if person.nationality != "TH":
        return person.given
    return _thai_spelling(rng, person.given_variants, person.given, variant_rate)


def spelling_of_family(person: Person, rng: random.Random, variant_rate: float, split_rate: float = 0.0) -> str:
    if person.nationality != "TH":
        other = names.NORWEGIAN_SPELLINGS.get(person.family)
        return other if other and chance(rng, variant_rate) else person.family
    written = _thai_spelling(rng, person.family_variants, person.family, variant_rate)
    return names.split_surname(rng, written) if chance(rng, split_rate) else written


def written_names(person: Person, rng: random.Random, source: str) -> tuple[str, str | None, str]:
    """(first names, middle name, last name) as a record from `source` ("register" or "control") writes them."""
    rate, split = P.NAME_VARIANT_RATE[source], P.SURNAME_SPLIT_RATE[source]
    given = given_name(person, rng, rate)
    if person.nationality != "TH":
        family = spelling_of_family(person, rng, rate / 2)
        if person.middle is None or chance(rng, P.MIDDLE_NAME_DROPPED):
            return given, None, family
        if chance(rng, P.MIDDLE_NAME_JOINED / (1 - P.MIDDLE_NAME_DROPPED)):
            return f"{given} {person.middle}", None, family
        return given, person.middle, family
    thai = spelling_of_family(person, rng, rate, split)
    if not person.married:
        return given, None, thai
    form = pick_weighted(rng, P.MARRIED_NAME_FORMS)
    if source == "control" and form == "middle":
        form = "married_only" if chance(rng, P.MARRIED_NAME_USE) else "maiden"
    return {"middle": (given, thai, person.married), "married_only": (given, None, person.married),
            "given_joined": (f"{given} {thai}", None, person.married),
            "double": (given, None, f"{thai} {person.married}"),
            "maiden": (given, None, thai)}[form]


def written_birth(person: Person, rng: random.Random, source: str) -> str:
    """The birth date as a record writes it: sometimes with day and month swapped (when that is a date)."""
    birth = person.birth
    if birth.day <= 12 and birth.day != birth.month and chance(rng, P.BIRTH_DATE_SWAPPED[source]):
        return date(birth.year, birth.day, birth.month).isoformat()
    return birth.isoformat()
