"""Mobile numbers and the many ways people write them.

A number is kept as (country calling code, national digits). Norwegian mobiles are
eight digits starting 4 or 9; only series the numbering plan actually assigns to
mobiles throughout are drawn (40, 41, 46-48, 90-99; part of 45 is not), so every
number is valid for a real parser — unless asked for an *unlisted* one (`unlisted_share`): an
8-digit number in a series the parser does not know as assigned (params.UNLISTED_PREFIXES), as
real crawls contain. Thai mobiles (+66, nine digits from 6, 8 or 9) belong to women recently
arrived. Foreign numbers are always written with their country code: Aksjon
normalises with default region Norway, and so does anyone reading a Norwegian file.
"""
from __future__ import annotations

import random

from aksjon.synth import params as P

NORWEGIAN_MOBILE_PREFIXES = ("40", "41", "46", "47", "48", "90", "91", "92", "93", "94", "95", "96", "97", "98",
                             "99")
# Swedish mobiles: 07x + 7 digits (70, 72, 73, 76, 79); Danish: 8 digits, 26-28 are mobile series.
COUNTRY = {"NO": ("47", NORWEGIAN_MOBILE_PREFIXES, 8), "SE": ("46", ("70", "72", "73", "76", "79"), 9),
           "DK": ("45", ("26", "27", "28"), 8),
           "TH": ("66", ("61", "62", "63", "64", "65", "80", "81", "82", "83", "84", "85", "86", "87", "88", "89",
                         "90", "91", "92", "93", "94", "95", "96", "97", "98", "99"), 9)}
UNLISTED = P.UNLISTED_PREFIXES   # possible Norwegian numbers, not known to the parser as assigned


def new_mobile(rng: random.Random, country: str, taken: set[str],
               unlisted_share: float = 0.0) -> tuple[str, str]:
    code, prefixes, length = COUNTRY[country]
    if country == "NO" and unlisted_share and rng.random() < unlisted_share:
        prefixes = UNLISTED
    while True:
        prefix = rng.choice(prefixes)
        digits = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix)))
        if code + digits not in taken:
            taken.add(code + digits)
            return code, digits


def e164(number: tuple[str, str]) -> str:
    code, digits = number
    return f"+{code}{digits}"


def _norwegian_forms(d: str) -> tuple[str, ...]:
    return (f"+47 {d[:3]} {d[3:5]} {d[5:]}", d, f"0047 {d[:3]} {d[3:5]} {d[5:]}", f"{d[:3]}-{d[3:5]}-{d[5:]}",
            f"{d[:3]} {d[3:5]} {d[5:]}", f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"+47{d}", f"+47 {d}")


def _swedish_forms(d: str) -> tuple[str, ...]:
    return (f"+46 {d[:2]} {d[2:5]} {d[5:7]} {d[7:]}", f"+46{d}", f"0046 {d[:2]}-{d[2:5]} {d[5:]}",
            f"+46 (0){d[:2]}-{d[2:5]} {d[5:7]} {d[7:]}")


def _danish_forms(d: str) -> tuple[str, ...]:
    return (f"+45 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"+45{d}", f"0045 {d[:4]} {d[4:]}", f"+45 {d}")


def _thai_forms(d: str) -> tuple[str, ...]:
    return (f"+66 {d[:2]} {d[2:5]} {d[5:]}", f"+66{d}", f"0066 {d[:2]} {d[2:5]} {d[5:]}",
            f"+66 (0){d[:2]}-{d[2:5]}-{d[5:]}")


def written(rng: random.Random, number: tuple[str, str]) -> str:
    """The number as an ad, a tip or an officer's note might write it."""
    code, digits = number
    forms = {"47": _norwegian_forms, "46": _swedish_forms, "45": _danish_forms, "66": _thai_forms}[code](digits)
    # Plain national forms dominate in Norwegian texts; the international ones are rarer.
    weights = (3, 4, 1, 1, 4, 2, 1, 1) if code == "47" else (3,) * len(forms)
    return rng.choices(forms, weights=weights)[0]


def parse_written(text: str) -> str | None:
    """E.164 for a number written by `written` or a person, or None (a light parser for tests
    and the schema check; Aksjon itself uses phonenumbers)."""
    digits = "".join(ch for ch in text.replace("(0)", "") if ch.isdigit() or ch == "+")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not digits.startswith("+"):
        digits = "+47" + digits
    rest = digits[1:]
    if not rest.isdigit():
        return None
    for calling, prefixes, length in COUNTRY.values():
        national = rest[len(calling):]
        if rest.startswith(calling) and len(national) == length and (
                national[:2] in prefixes or (calling == "47" and national[:2] in UNLISTED)):
            return digits
    return None
