"""A small seeded generator of person records with planted duplicates, for tests and benchmarks.

Every record belongs to a hidden entity (`PersonSample.entity_of`). Duplicates of
an entity differ the way real sources differ: another romanisation of a Thai
given name, a typo in the family name, a married or maiden family name, a birth
date missing or a day off, another phone, the address written 'gt.' instead of
'gate'. Vectorised with numpy so a million records take a few seconds.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Each row: the spellings of one Thai given name seen in real romanisations.
THAI_GIVEN_NAME_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Siriporn", "Siripon", "Siriphon", "Siriphorn"), ("Nattaya", "Nuttaya", "Natthaya"),
    ("Kanokwan", "Kanokwun"), ("Supaporn", "Suphaporn", "Supaphon", "Suphaphorn"),
    ("Wanida", "Wanidaa", "Vanida"), ("Malee", "Mali"), ("Pornthip", "Porntip", "Phonthip"),
    ("Rattana", "Ratana", "Rattanaa"), ("Sunisa", "Suneesa"), ("Jintana", "Chintana"),
    ("Duangjai", "Duangchai"), ("Orathai", "Oratai"), ("Pranee", "Prani", "Pranii"),
    ("Lamai", "Lamay"), ("Nongnuch", "Nongnut"), ("Boonma", "Bunma"), ("Chanida", "Chaniddha"),
    ("Arunee", "Aruni"), ("Thidarat", "Tidarat"), ("Patcharee", "Phatcharee", "Patchari"),
    ("Sukanya", "Sukanyaa"), ("Yupin", "Yuphin"), ("Kannika", "Kannikar"), ("Saowalak", "Saowaluck"),
    ("Jiraporn", "Jirapon", "Chiraporn"), ("Warunee", "Waruni"), ("Tassanee", "Thassanee", "Tatsani"),
    ("Kulthida", "Kultida"), ("Naree", "Nari"), ("Wilai", "Vilai"), ("Ampai", "Amphai"),
    ("Benjawan", "Benchawan", "Benjawun"), ("Chutima", "Chuthima"), ("Nittaya", "Nitaya", "Nithaya"),
    ("Prapai", "Praphai"), ("Ratchanee", "Rachanee", "Ratchani"), ("Thanyarat", "Tanyarat"),
    ("Kanjana", "Kanchana", "Kanjanaa"), ("Somsri", "Somsree"), ("Pimchanok", "Phimchanok"),
    ("Sasithorn", "Sasitorn", "Sasithon"), ("Kamonwan", "Kamolwan"), ("Ubon", "Ubol"),
    ("Piyaporn", "Piyapon"), ("Oranuch", "Oranut"), ("Siriwan", "Sirivan"), ("Ladda", "Lada"),
    ("Chaweewan", "Chawiwan"), ("Apinya", "Aphinya"), ("Waraporn", "Warapon", "Waraphon"),
)
NORWEGIAN_GIVEN_NAMES = ("Anne", "Kari", "Ingrid", "Marit", "Hilde", "Lars", "Ole", "Per", "Jon", "Knut",
                         "Bjørn", "Geir", "Terje", "Arne", "Stein", "Tor", "Kjell", "Øyvind", "Siv", "Åse")
NORWEGIAN_FAMILY_NAMES = ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
                          "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg",
                          "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen",
                          "Halvorsen", "Henriksen", "Lund", "Sørensen", "Moen", "Gundersen", "Iversen",
                          "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Bakken", "Lie")
# Thai family names are nearly unique to a family; build them from common parts.
_THAI_SURNAME_HEADS = ("Sri", "Saeng", "Thong", "Kaew", "Boon", "Chai", "Phan", "Sak", "Rat", "Suk", "Chan",
                       "Kham", "Ngam", "Phet", "Sing", "Charoen", "Prasert", "Wong", "Inthra", "Sombat",
                       "Sawang", "Yod", "Siri", "Mongkol", "Rung", "Nak", "Phrom", "Thep", "Chom", "Ruang")
_THAI_SURNAME_TAILS = ("sawat", "wong", "sakul", "phan", "porn", "rat", "chai", "thong", "suk", "wan",
                       "kul", "siri", "phon", "sri", "dee", "jai", "khet", "rak", "ngam", "sombun",
                       "thip", "wanit", "chart", "mee", "kaew", "yot", "prasit", "phong", "nak", "rit")
_STREETS = ("Kongens", "Dronningens", "Stor", "Kirke", "Torg", "Skole", "Jernbane", "Sjø", "Strand", "Park",
            "Bjørnstjerne Bjørnsons", "Thorvald Meyers", "Øvre Slotts", "Nedre", "Møllen", "Tollbod",
            "Prinsens", "Olav Tryggvasons", "Munke", "Fjord", "Hav", "Brygge", "Kai", "Industri", "Elve",
            "Nordre Kirke", "Søndre Stor", "Øvre Park", "Nedre Strand", "Vestre Skole", "Østre Torg",
            "Lille Torg", "Gamle Kongens", "Nye Jernbane", "Ytre Sjø", "Indre Havne", "Lange", "Korte",
            "Bratt", "Solli", "Rosen", "Lilje", "Bjørke", "Furu", "Gran", "Eike", "Lønne", "Hassel")
# (street type, its written variants): 'Kongens gate' / 'Kongens gt.' / 'Kongensgate'.
_STREET_TYPES = (("gate", ("gate", "gt.", "gata")), ("veien", ("veien", "vn.", "vei")))
SOURCES = ("enheter", "roller", "ads", "tips", "inspections", "controls")


@dataclass(frozen=True)
class PersonSample:
    records: pd.DataFrame  # the columns dedupe_persons reads
    entity_of: pd.Series  # unique_id -> hidden entity id, the truth for evaluation


def generate_persons(n: int, seed: int = 7, duplicate_rate: float = 0.3) -> PersonSample:
    """About n records; roughly `duplicate_rate` of them are extra records of an entity already seen."""
    rng = np.random.default_rng(seed)
    entity = _record_entities(n, duplicate_rate, rng)
    entities = _entities(int(entity.max()) + 1, rng)
    first = np.r_[True, entity[1:] != entity[:-1]]
    records = pd.DataFrame({
        "unique_id": np.arange(len(entity), dtype=np.int64),
        "given_name": _given_names(entities, entity, first, rng),
        "family_name": _family_names(entities, entity, first, rng),
        "birth_date": _birth_dates(entities["birth_day"][entity], first, rng),
        "phone": _keep(np.where(rng.random(len(entity)) < 0.9, entities["phone"][entity],
                                _phones(len(entity), rng)), 0.6, rng),
        "address": _keep(_addresses(entities, entity, rng), 0.5, rng),
        "document_no": _keep(_document_numbers(entities["document"][entity], first, rng), 0.3, rng),
        "source": rng.choice(np.array(SOURCES, dtype=object), len(entity)),
    })
    order = rng.permutation(len(records))
    records = records.iloc[order].reset_index(drop=True)
    truth = pd.Series(entity[order], index=records["unique_id"].to_numpy(), name="entity")
    return PersonSample(records=records, entity_of=truth)


def _record_entities(n: int, duplicate_rate: float, rng: np.random.Generator) -> np.ndarray:
    """Entity id per record, sorted, with geometric cluster sizes (most people appear once).

    With sizes geometric in p = 1 - duplicate_rate, a share duplicate_rate of the
    records are not their entity's first.
    """
    sizes = rng.geometric(1 - duplicate_rate, n)
    return np.repeat(np.arange(n), sizes)[:n]


def _entities(count: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    variants_per_name = np.array([len(group) for group in THAI_GIVEN_NAME_VARIANTS])
    thai = rng.random(count) < 0.85
    heads, tails = np.array(_THAI_SURNAME_HEADS, dtype=object), np.array(_THAI_SURNAME_TAILS, dtype=object)
    thai_surname = heads[rng.integers(0, len(heads), count)] + tails[rng.integers(0, len(tails), count)] \
        + np.where(rng.random(count) < 0.6, tails[rng.integers(0, len(tails), count)], "")
    norwegian_surname = np.array(NORWEGIAN_FAMILY_NAMES, dtype=object)[rng.integers(0, 36, count)]
    married = thai & (rng.random(count) < 0.35)
    name_group = rng.integers(0, len(THAI_GIVEN_NAME_VARIANTS), count)
    return {
        "thai": thai,
        "name_group": name_group,
        "variant_count": variants_per_name[name_group],
        "norwegian_given": np.array(NORWEGIAN_GIVEN_NAMES, dtype=object)[rng.integers(0, 20, count)],
        "family": np.where(thai & ~married, thai_surname, norwegian_surname),
        "maiden": thai_surname,
        "married": married,
        "birth_day": rng.integers(np.datetime64("1962-01-01").astype(int), np.datetime64("2004-12-31").astype(int),
                                  count),
        "phone": _phones(count, rng),
        "street": rng.integers(0, len(_STREETS), count),
        "street_type": rng.integers(0, len(_STREET_TYPES), count),
        "house": rng.integers(1, 250, count),
        "document": _random_documents(count, rng),
    }


def _given_names(entities: dict, entity: np.ndarray, first: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    # The first record uses the entity's usual spelling; later ones another half the time.
    group, count = entities["name_group"][entity], entities["variant_count"][entity]
    variant = np.where(first | (rng.random(len(entity)) < 0.5), 0, rng.integers(0, 1 << 20, len(entity)) % count)
    thai_names = np.array([THAI_GIVEN_NAME_VARIANTS[g][v] for g, v in zip(group, variant, strict=True)], dtype=object)
    return np.where(entities["thai"][entity], thai_names, entities["norwegian_given"][entity])


def _family_names(entities: dict, entity: np.ndarray, first: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    names = entities["family"][entity].copy()
    maiden = ~first & entities["married"][entity] & (rng.random(len(entity)) < 0.15)
    names[maiden] = entities["maiden"][entity][maiden]
    typo = ~first & (rng.random(len(entity)) < 0.1)
    names[typo] = [_typo(name, rng) for name in names[typo]]
    return names


def _birth_dates(days: np.ndarray, first: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    shifted = days + np.where(~first & (rng.random(len(days)) < 0.08), rng.choice([-31, -1, 1, 30, 365], len(days)), 0)
    dates = shifted.astype("datetime64[D]").astype(str).astype(object)
    dates[rng.random(len(days)) < 0.15] = None
    return dates


def _addresses(entities: dict, entity: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The entity's address, written in one of its variants; one in seven records another address."""
    moved = rng.random(len(entity)) < 1 / 7
    street = np.where(moved, rng.integers(0, len(_STREETS), len(entity)), entities["street"][entity])
    kind = np.where(moved, rng.integers(0, len(_STREET_TYPES), len(entity)), entities["street_type"][entity])
    house = np.where(moved, rng.integers(1, 250, len(entity)), entities["house"][entity])
    spelling = rng.integers(0, 3, len(entity))
    return np.array([_street_text(s, k, w) + f" {h}" for s, k, w, h in zip(street, kind, spelling, house,
                                                                           strict=True)], dtype=object)


def _street_text(street: int, kind: int, spelling: int) -> str:
    base, written = _STREETS[street], _STREET_TYPES[kind][1][spelling]
    return f"{base}{written}" if spelling == 2 and " " not in base else f"{base} {written}"


def _document_numbers(documents: np.ndarray, first: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = documents.copy()
    typo = ~first & (rng.random(len(documents)) < 0.03)
    out[typo] = [_typo(doc, rng) for doc in out[typo]]
    return out


def _random_documents(count: int, rng: np.random.Generator) -> np.ndarray:
    letters = rng.integers(0, 26, (count, 2)) + ord("A")
    digits = rng.integers(0, 10_000_000, count)
    return np.array([f"{chr(a)}{chr(b)}{d:07d}" for (a, b), d in zip(letters, digits, strict=True)], dtype=object)


def _phones(count: int, rng: np.random.Generator) -> np.ndarray:
    norwegian = rng.random(count) < 0.8
    numbers = np.where(norwegian, rng.integers(40_000_000, 50_000_000, count) + rng.choice([0, 50_000_000], count),
                       rng.integers(800_000_000, 1_000_000_000, count))
    return np.where(norwegian, "+47" + numbers.astype(str).astype(object), "+66" + numbers.astype(str).astype(object))


def _keep(values: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    out = values.astype(object)
    out[rng.random(len(values)) >= share] = None
    return out


def _typo(text: str, rng: np.random.Generator) -> str:
    """One keyboard slip: a letter dropped, doubled, swapped with its neighbour or replaced."""
    if len(text) < 4:
        return text
    i = int(rng.integers(1, len(text) - 1))
    kind = int(rng.integers(0, 4))
    if kind == 0:
        return text[:i] + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2:
        return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]
    return text[:i] + chr(ord("a") + int(rng.integers(0, 26))) + text[i + 1:]
