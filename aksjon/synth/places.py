"""Towns, postcodes and street addresses, and the ways people write an address.

Norwegian towns come from aksjon/data/places.csv (population and police district).
The municipality (2024 numbers, after the county reform of 1 January 2024) and a
plausible range of central postcodes are added here; the ranges are approximations
of each town centre's real postcodes, fixed so that a postcode always fits its town.
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources

from aksjon.synth.rng import chance


@dataclass(frozen=True)
class Town:
    name: str
    district: str
    population: int
    country: str                 # ISO 3166 alpha-2
    kommune: str | None
    kommunenummer: str | None
    postcodes: tuple[int, int]
    poststed: str


@dataclass(frozen=True)
class Address:
    street: str
    number: int
    letter: str
    postcode: str
    town: Town

    @property
    def line(self) -> str:
        return f"{self.street} {self.number}{self.letter}"


# town: (kommune, kommunenummer, first postcode, last postcode, poststed)
MUNICIPALITIES = {
    "Oslo": ("OSLO", "0301", 150, 190, "OSLO"), "Bergen": ("BERGEN", "4601", 5003, 5018, "BERGEN"),
    "Trondheim": ("TRONDHEIM", "5001", 7010, 7014, "TRONDHEIM"),
    "Stavanger": ("STAVANGER", "1103", 4005, 4014, "STAVANGER"),
    "Kristiansand": ("KRISTIANSAND", "4204", 4608, 4614, "KRISTIANSAND S"),
    "Drammen": ("DRAMMEN", "3301", 3015, 3019, "DRAMMEN"),
    "Lillestrøm": ("LILLESTRØM", "3205", 2000, 2010, "LILLESTRØM"),
    "Sandnes": ("SANDNES", "1108", 4306, 4319, "SANDNES"),
    "Fredrikstad": ("FREDRIKSTAD", "3107", 1606, 1614, "FREDRIKSTAD"),
    "Sandefjord": ("SANDEFJORD", "3907", 3210, 3216, "SANDEFJORD"), "Asker": ("ASKER", "3203", 1383, 1388, "ASKER"),
    "Sarpsborg": ("SARPSBORG", "3105", 1706, 1714, "SARPSBORG"),
    "Tønsberg": ("TØNSBERG", "3905", 3110, 3117, "TØNSBERG"), "Ålesund": ("ÅLESUND", "1508", 6002, 6010, "ÅLESUND"),
    "Skien": ("SKIEN", "4003", 3715, 3725, "SKIEN"), "Moss": ("MOSS", "3103", 1530, 1535, "MOSS"),
    "Tromsø": ("TROMSØ", "5501", 9008, 9012, "TROMSØ"), "Haugesund": ("HAUGESUND", "1106", 5527, 5531, "HAUGESUND"),
    "Porsgrunn": ("PORSGRUNN", "4001", 3915, 3921, "PORSGRUNN"), "Bodø": ("BODØ", "1804", 8003, 8008, "BODØ"),
    "Arendal": ("ARENDAL", "4203", 4836, 4841, "ARENDAL"), "Hamar": ("HAMAR", "3403", 2315, 2319, "HAMAR"),
    "Lillehammer": ("LILLEHAMMER", "3405", 2609, 2615, "LILLEHAMMER"),
    "Horten": ("HORTEN", "3903", 3181, 3187, "HORTEN"), "Grimstad": ("GRIMSTAD", "4202", 4876, 4879, "GRIMSTAD"),
    "Kristiansund": ("KRISTIANSUND", "1505", 6509, 6515, "KRISTIANSUND N"),
    "Larvik": ("LARVIK", "3909", 3256, 3263, "LARVIK"), "Molde": ("MOLDE", "1506", 6413, 6416, "MOLDE"),
    "Halden": ("HALDEN", "3101", 1767, 1772, "HALDEN"), "Harstad": ("HARSTAD", "5503", 9405, 9409, "HARSTAD"),
    "Levanger": ("LEVANGER", "5037", 7600, 7604, "LEVANGER"), "Mo i Rana": ("RANA", "1833", 8607, 8613, "MO I RANA"),
    "Kongsberg": ("KONGSBERG", "3303", 3611, 3616, "KONGSBERG"), "Gjøvik": ("GJØVIK", "3407", 2815, 2821, "GJØVIK"),
    "Stjørdalshalsen": ("STJØRDAL", "5035", 7500, 7502, "STJØRDAL"), "Alta": ("ALTA", "5601", 9510, 9515, "ALTA"),
    "Narvik": ("NARVIK", "1806", 8514, 8517, "NARVIK"), "Leirvik": ("STORD", "4614", 5411, 5416, "STORD"),
    "Hønefoss": ("RINGERIKE", "3305", 3510, 3515, "HØNEFOSS"),
    "Steinkjer": ("STEINKJER", "5006", 7713, 7716, "STEINKJER"),
    "Vennesla": ("VENNESLA", "4223", 4700, 4702, "VENNESLA"), "Ski": ("NORDRE FOLLO", "3207", 1400, 1402, "SKI"),
    "Elverum": ("ELVERUM", "3420", 2406, 2409, "ELVERUM"), "Askim": ("INDRE ØSTFOLD", "3118", 1807, 1815, "ASKIM"),
    "Bryne": ("TIME", "1121", 4340, 4343, "BRYNE"), "Jessheim": ("ULLENSAKER", "3209", 2050, 2054, "JESSHEIM"),
    "Notodden": ("NOTODDEN", "4005", 3674, 3679, "NOTODDEN"),
    "Kongsvinger": ("KONGSVINGER", "3401", 2211, 2216, "KONGSVINGER"),
    "Kopervik": ("KARMØY", "1149", 4250, 4251, "KOPERVIK"),
    "Hammerfest": ("HAMMERFEST", "5603", 9600, 9602, "HAMMERFEST"),
    "Egersund": ("EIGERSUND", "1101", 4370, 4373, "EGERSUND"), "Mandal": ("LINDESNES", "4205", 4514, 4517, "MANDAL"),
    "Førde": ("SUNNFJORD", "4647", 6800, 6803, "FØRDE"), "Mosjøen": ("VEFSN", "1824", 8656, 8658, "MOSJØEN"),
    "Flekkefjord": ("FLEKKEFJORD", "4207", 4400, 4402, "FLEKKEFJORD"),
    "Florø": ("KINN", "4602", 6900, 6903, "FLORØ"), "Namsos": ("NAMSOS", "5007", 7800, 7804, "NAMSOS"),
    "Orkanger": ("ORKLAND", "5059", 7300, 7302, "ORKANGER"), "Fauske": ("FAUSKE", "1841", 8200, 8202, "FAUSKE"),
    "Sandnessjøen": ("ALSTAHAUG", "1820", 8800, 8803, "SANDNESSJØEN"), "Voss": ("VOSS", "4621", 5700, 5704, "VOSS"),
    "Vadsø": ("VADSØ", "5607", 9800, 9802, "VADSØ"), "Finnsnes": ("SENJA", "5530", 9300, 9305, "FINNSNES"),
    "Kirkenes": ("SØR-VARANGER", "5605", 9900, 9902, "KIRKENES"),
}

NORWEGIAN_STREETS = (
    "Storgata", "Kongens gate", "Dronningens gate", "Torggata", "Kirkegata", "Strandgata", "Jernbanegata",
    "Nygata", "Parkveien", "Sjøgata", "Søndre gate", "Nordre gate", "Prinsens gate", "Rådhusgata",
    "Skolegata", "Havnegata", "Bryggegata", "Markveien", "Industriveien", "Stasjonsveien", "Fjordgata",
    "Bankgata", "Olav Tryggvasons gate", "Kristian IVs gate", "Grønland", "Øvre gate", "Tollbugata",
    "Vestre gate", "Østre gate", "Hegdehaugsveien", "Thereses gate", "Munkegata", "Sentrumsveien",
    "Kongsgårdsgata", "Torvgata", "Nedre Langgate", "Øvre Langgate", "Storgaten", "Hovedgata", "Smedgata",
)
SWEDISH_STREETS = ("Storgatan", "Drottninggatan", "Kungsgatan", "Sveavägen", "Vasagatan", "Östra Hamngatan",
                   "Södra Förstadsgatan", "Järnvägsgatan", "Nygatan", "Kyrkogatan", "Hamngatan", "Skolgatan")
DANISH_STREETS = ("Vesterbrogade", "Nørregade", "Istedgade", "Jernbanegade", "Søndergade", "Vestergade",
                  "Østergade", "Algade", "Kongensgade", "Bredgade", "Gammel Kongevej", "Nørrebrogade")


@cache
def norwegian_towns() -> tuple[Town, ...]:
    text = resources.files("aksjon.data").joinpath("places.csv").read_text("utf-8")
    towns = []
    for row in csv.DictReader(text.splitlines()):
        kommune, number, low, high, poststed = MUNICIPALITIES[row["town"]]
        towns.append(Town(row["town"], row["police_district"], int(row["population"]), "NO",
                          kommune, number, (low, high), poststed))
    return tuple(towns)


def streets_for(country: str) -> tuple[str, ...]:
    return {"NO": NORWEGIAN_STREETS, "SE": SWEDISH_STREETS, "DK": DANISH_STREETS}[country]


def make_address(rng: random.Random, town: Town) -> Address:
    street = rng.choice(streets_for(town.country))
    letter = rng.choice("ABC") if chance(rng, 0.08) else ""
    low, high = town.postcodes
    width = 5 if town.country == "SE" else 4
    return Address(street, rng.randint(1, 60), letter, str(rng.randint(low, high)).zfill(width), town)


def _abbreviate(street: str) -> str:
    for long, short in (("gata", "gt."), ("gate", "gt."), ("veien", "vn."), ("vegen", "vn."), ("gatan", "g.")):
        if street.endswith(long):
            return street[: -len(long)] + short
    return street


def _letter_typo(rng: random.Random, street: str) -> str:
    if len(street) < 5:
        return street
    i = rng.randrange(1, len(street) - 2)
    if rng.random() < 0.5:
        return street[:i] + street[i + 1] + street[i] + street[i + 2:]
    return street[:i] + street[i + 1:]


def written_address(rng: random.Random, address: Address, typo_rate: float) -> str:
    """The address as someone wrote it: usually exact, sometimes abbreviated or misspelt."""
    if not chance(rng, typo_rate):
        return address.line
    street, number, letter = address.street, str(address.number), address.letter
    kind = rng.randrange(5)
    if kind == 0:
        street = _abbreviate(street)
    elif kind == 1:
        street = street.replace(" gate", "gate").replace(" gata", "gata")
    elif kind == 2:
        street = _letter_typo(rng, street)
    elif kind == 3:
        street = street.lower()
    else:
        letter = f" {letter}" if letter else ""
        number = number[::-1] if len(number) == 2 and number[0] != number[1] and number[1] != "0" else number
    return f"{street} {number}{letter}"
