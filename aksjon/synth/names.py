"""Names: romanised Thai given and family names with their real spelling variants,
Norwegian names (husbands, accountants, married surnames), nicknames and salon names.

Thai has no single romanisation: the Royal Thai General System writes ph/th/kh for
aspirated consonants, while passports and everyday spellings drop the h, write final
-n as -rn/-n, double consonants, or use ch/j interchangeably. Each tuple below lists
one name's spellings; the first is the most common, and a person's passport spelling
(her canonical name in the truth) is any one of them.
"""
from __future__ import annotations

import random

from aksjon.synth.rng import chance

THAI_FEMALE_GIVEN = (
    ("Siriporn", "Siripon", "Siriphon"), ("Nattaya", "Nuttaya", "Natthaya"),
    ("Supaporn", "Suphaporn", "Supaphon", "Suphaphon"), ("Kanokwan", "Kanokwun", "Khanokwan"),
    ("Pornthip", "Porntip", "Phonthip"), ("Sunisa", "Sunissa", "Suneesa"), ("Wanida", "Wanidaa", "Vanida"),
    ("Jintana", "Chintana", "Jintanaa"), ("Malee", "Mali", "Malai"), ("Duangjai", "Duangchai", "Duangjay"),
    ("Rattana", "Ratana", "Rattanaa"), ("Pimchanok", "Phimchanok", "Pimjanok"), ("Thidarat", "Tidarat", "Thidarath"),
    ("Waraporn", "Warapon", "Waraphon"), ("Chanida", "Janida", "Chaneeda"), ("Jiraporn", "Chiraporn", "Jirapon"),
    ("Orathai", "Oratai", "Orathay"), ("Araya", "Arraya", "Araaya"), ("Kannika", "Kunnika", "Khannika"),
    ("Sukanya", "Sukunya", "Sukhanya"), ("Ratchanee", "Rachanee", "Ratchani"), ("Benjawan", "Benchawan", "Benjavan"),
    ("Napaporn", "Naphaporn", "Napaphon"), ("Saowalak", "Saowaluck", "Saowalux"),
    ("Nongnuch", "Nongnut", "Nongnooch"), ("Lamai", "Lamaai", "Lamay"), ("Ampai", "Amphai", "Ampaai"),
    ("Busaba", "Butsaba", "Busabaa"), ("Kularb", "Kulap", "Gulab"), ("Patcharin", "Phatcharin", "Patchareen"),
    ("Wilaiwan", "Vilaiwan", "Wilaivan"), ("Yupin", "Yuphin", "Yupheen"), ("Somjit", "Somchit", "Somjitt"),
    ("Chutima", "Chuthima", "Jutima"), ("Tassanee", "Thatsani", "Tasanee"), ("Sirinya", "Sirinyaa", "Sirinaya"),
    ("Pensri", "Phensri", "Pensree"), ("Kwanjai", "Khwanjai", "Kwanchai"), ("Arunee", "Aruni", "Arunii"),
    ("Prapaporn", "Praphaporn", "Prapapon"), ("Ladda", "Lada", "Laddaa"), ("Usa", "Ussa", "Oussa"),
    ("Noppawan", "Nopphawan", "Noppavan"), ("Sasithorn", "Sasitorn", "Sasithon"),
    ("Kamolwan", "Kamonwan", "Khamonwan"), ("Anchalee", "Anchali", "Unchalee"), ("Phikul", "Pikul", "Pikun"),
    ("Ratree", "Ratri", "Rathree"), ("Boonsri", "Bunsri", "Boonsree"), ("Chonthicha", "Chontica", "Jonthicha"),
)
THAI_MALE_GIVEN = (("Somchai", "Somchay", "Somjai"), ("Prasert", "Prasoet", "Prasirt"), ("Anan", "Arnan", "Ananh"),
                   ("Surachai", "Surachay", "Surajai"), ("Wichai", "Vichai", "Witchai"))
THAI_FAMILY = (
    ("Saetang", "Sae-Tang", "Sae Tang"), ("Srisuk", "Srisook", "Srisukh"), ("Boonmee", "Bunmi", "Boonmi"),
    ("Chaiyaphum", "Chaiyapoom", "Chaiyaphoom"), ("Wongsawat", "Wongsavat", "Wongsawad"),
    ("Thongdee", "Tongdee", "Thongdi"), ("Kaewkham", "Kaewkam", "Keawkham"), ("Phromma", "Promma", "Phomma"),
    ("Sukjai", "Sukchai", "Sookjai"), ("Inthasorn", "Intasorn", "Inthason"), ("Jantharat", "Chantharat", "Jantarat"),
    ("Panyasri", "Panyasree", "Phanyasri"), ("Somboon", "Sombun", "Somboun"), ("Khamsuk", "Kamsuk", "Khamsook"),
    ("Saengthong", "Sangthong", "Saengtong"), ("Phuangmalai", "Puangmalai", "Phuangmalay"),
    ("Sriwichai", "Srivichai", "Sriwichay"), ("Nakphet", "Nakpet", "Nakphed"), ("Yodsuwan", "Yotsuwan", "Yodsuwann"),
    ("Kongkaew", "Kongkeaw", "Khongkaew"), ("Meesuk", "Misuk", "Meesook"), ("Duangdee", "Duangdi", "Doungdee"),
    ("Thammawong", "Tammawong", "Thammavong"), ("Phommachan", "Pommachan", "Phommajan"),
    ("Charoensuk", "Jaroensuk", "Charoensook"), ("Boonyarat", "Bunyarat", "Boonyarath"),
    ("Siriwong", "Sirivong", "Siriwongse"), ("Chaiwong", "Chaivong", "Chaiwongse"),
    ("Namwong", "Nahmwong", "Namvong"), ("Thipsuwan", "Tipsuwan", "Thipsuwann"),
    ("Rattanakorn", "Ratanakorn", "Rattanakon"), ("Pholsri", "Polsri", "Phonsri"),
    ("Suwannarat", "Suwanarat", "Suvannarat"), ("Kaewmanee", "Kaewmani", "Keawmanee"),
    ("Wiriya", "Viriya", "Wiriyah"),
)
NORWEGIAN_SURNAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
    "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl",
    "Jørgensen", "Henriksen", "Lund", "Halvorsen", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
    "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie",
    "Amundsen", "Nygaard", "Holm", "Rasmussen", "Lunde", "Solheim", "Berge", "Moe", "Ødegård",
)
NORWEGIAN_MALE = ("Ole", "Lars", "Knut", "Per", "Jan", "Geir", "Terje", "Bjørn", "Tor", "Arne", "Kjell", "Rune",
                  "Morten", "Svein", "Trond", "Odd", "Helge", "Frode", "Roar", "Stein")
NORWEGIAN_FEMALE = ("Anne", "Kari", "Marit", "Ingrid", "Hilde", "Liv", "Randi", "Tone", "Heidi", "Gro")
NICKNAMES = ("Nok", "Ploy", "Fon", "Mai", "Lek", "Noi", "Pim", "Joy", "Bee", "Nan", "May", "Ning", "Aom", "Tuk",
             "Fah", "Mint", "Ice", "Pla", "Kai", "Gift", "Nam", "Oil", "Jah", "Pear", "Toon", "Bow", "Kwan", "Aey")

# Salon names: a Thai word and a second word, each with its spelling variants.
VENUE_THAI_WORDS = (("Baan", "Ban"), ("Sabai", "Sabaai", "Sabay"), ("Sawasdee", "Sawadee", "Sawatdee"), ("Siam",),
                    ("Lanna", "Lana"), ("Chiang Mai", "Chiangmai"), ("Bangkok",), ("Phuket", "Puket"),
                    ("Thai",), ("Nuad", "Nuat"), ("Som",), ("Malai", "Malay"), ("Sukhothai", "Sukothai"),
                    ("Krabi",), ("Isan", "Issan", "Esan"), ("Chai Dee", "Jai Dee"))
VENUE_SECOND_WORDS = (("Orchid",), ("Lotus",), ("Royal",), ("Golden",), ("Jasmine", "Jasmin"), ("Paradise",),
                      ("Relax",), ("Touch",), ("Healing",), ("Wellness",), ("Garden",), ("Spa",), ("Sabai", "Sabaai"),
                      ("Dee",), ("Smile",), ("Harmony",), ("Zen",), ("Palace",), ("Star",), ("Sun",))
VENUE_SUFFIXES = ("Thai Massasje", "Thaimassasje", "Thai Massage", "Thai Spa", "Massasje", "")


def spelling(rng: random.Random, variants: tuple[str, ...], canonical: str, variant_rate: float) -> str:
    """The canonical spelling, or with probability `variant_rate` another one."""
    others = [v for v in variants if v != canonical]
    return rng.choice(others) if others and chance(rng, variant_rate) else canonical


def venue_name_tokens(rng: random.Random) -> tuple[tuple[str, ...], tuple[str, ...]]:
    first = rng.choice(VENUE_THAI_WORDS)
    second = rng.choice(VENUE_SECOND_WORDS)
    while second == first:
        second = rng.choice(VENUE_SECOND_WORDS)
    return first, second


def venue_name(tokens, rng: random.Random | None = None, variant_rate: float = 0.0, suffix: str = "") -> str:
    """'Baan Sabai', or as written elsewhere: 'Ban Sabai Thai Massage'."""
    words = [spelling(rng, t, t[0], variant_rate) if rng else t[0] for t in tokens]
    if rng and chance(rng, variant_rate):
        suffix = rng.choice(VENUE_SUFFIXES)
    return " ".join(w for w in [*words, suffix] if w)
