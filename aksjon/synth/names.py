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
                   ("Surachart", "Surachat", "Surajart"), ("Wichai", "Vichai", "Witchai"),
                   ("Soorachai", "Surachai", "Surajai"))
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
    # Long compound surnames, written joined, hyphenated or spaced (passports join them).
    ("Supthongkul", "Suptongkul", "Supthongkun"), ("Rattanachum", "Rattana-chum", "Ratanachum"),
    ("Somsri", "Som-Sri", "Somsree"), ("Kittiwongsakul", "Kittivongsakul", "Kitiwongsakul"),
    ("Saengsuwan", "Sangsuwan", "Saeng-Suwan"), ("Phetchaburi", "Petchaburi", "Phetburi"),
    ("Chaisombat", "Jaisombat", "Chai Sombat"),
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


# Romanisation rules: pairs written either way for the same Thai sound (RTGS vs. everyday
# and passport spellings). Applied to one place in a name to make a variant not in the lists.
ROMANISATION_RULES = (("ph", "p"), ("th", "t"), ("kh", "k"), ("ch", "j"), ("oo", "u"), ("ee", "i"), ("w", "v"),
                      ("ai", "ay"), ("ua", "oua"))
VOWELS = "aeiouy"
ONSETS = ("ch", "th", "ph", "kh", "sr", "pr", "kr", "tr", "kl", "pl", "khr", "chr")
ODD = ("tht", "hth", "phph", "aee", "oee", "uee", "ooa", "ooo", "eee", "hh")
# Norwegian surnames written two ways (old and new orthography, Danish spellings).
NORWEGIAN_SPELLINGS = {"Jakobsen": "Jacobsen", "Jacobsen": "Jakobsen", "Kristiansen": "Christiansen",
                       "Kristoffersen": "Christoffersen", "Johnsen": "Jonsen", "Eriksen": "Erichsen",
                       "Ødegård": "Odegaard", "Nygaard": "Nygård", "Jørgensen": "Jorgensen",
                       "Sørensen": "Sorensen", "Pettersen": "Petersen", "Mathisen": "Matisen",
                       "Halvorsen": "Halvorssen", "Lie": "Lien"}


def romanised_variant(rng: random.Random, name: str) -> str:
    """`name` with one romanisation rule applied at one place (either direction) or one letter
    doubled or undoubled: Soorachai/Surachai, Duangjay/Duangchai. The name itself when no rule fits."""
    low = name.lower()
    candidates = []
    for a, b in ROMANISATION_RULES:
        for src, dst in ((a, b), (b, a)):
            start = low.find(src)
            while start != -1:
                candidates.append(low[:start] + dst + low[start + len(src):])
                start = low.find(src, start + 1)
    if low.endswith("rn"):
        candidates.append(low[:-2] + "n")                          # -porn / -pon
    elif low.endswith("on"):
        candidates.append(low[:-1] + "rn")
    for i in range(1, len(low) - 1):
        if low[i] == low[i + 1] and low[i] not in VOWELS:
            candidates.append(low[:i] + low[i + 1:])              # tt -> t
        elif low[i] not in VOWELS and low[i - 1] in VOWELS and low[i + 1] in VOWELS and low[i] in "tnpkls":
            candidates.append(low[:i] + low[i] + low[i:])          # t -> tt
    candidates = sorted({c for c in candidates if c != low and len(c) > 2 and not any(o in c for o in ODD)})
    if not candidates:
        return name
    return _recase(name, rng.choice(candidates))


def _recase(model: str, text: str) -> str:
    if model.isupper():
        return text.upper()
    return "".join(ch.upper() if i == 0 or text[i - 1] in " -" else ch for i, ch in enumerate(text))


def split_surname(rng: random.Random, name: str) -> str:
    """A long surname hyphenated or spaced at a syllable: Rattanachum -> Rattana-chum, Somsri -> Som Sri."""
    if "-" in name or " " in name or len(name) < 6:
        return name
    low = name.lower()
    cuts = [i for i in range(3, len(low) - 2) if low[i] not in VOWELS and low[i] != "h"
            and low[i - 1:i + 1] not in ("ng", "ch", "th", "ph", "kh") and low[i - 1] != low[i]
            and (low[i + 1] in VOWELS or low[i:].startswith(ONSETS))]
    if not cuts:
        return name
    i = rng.choice(cuts)
    second = name[i:]
    second = second.capitalize() if rng.random() < 0.5 else second.lower()
    return name[:i] + rng.choice(("-", "-", " ")) + second


def near_given(rng: random.Random, variants: tuple[str, ...], table: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Another given name close to `variants`' (sharing its last three letters, or its first three):
    Siriporn and Jiraporn, Supaporn and Napaporn."""
    head = variants[0].lower()
    close = [t for t in table if t != variants and (t[0].lower()[-3:] == head[-3:] or t[0].lower()[:3] == head[:3])]
    return rng.choice(close) if close else rng.choice([t for t in table if t != variants])
