"""Name normalisation and a transliteration-aware key for romanised Thai names.

Thai names reach Norwegian registers, ads and passports through several
romanisation habits (the Royal Thai General System, English-style spelling,
each clerk's ear), so one woman may be written Siriporn, Siripon or Siriphon.
`name_key` rewrites a name so that such variants meet, while names that differ
in their consonant skeleton (Siriporn vs Somchai) stay apart.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode decomposition does not split into base + accent, so
# stripping combining marks alone would keep them (ø, æ, ...).
_UNDECOMPOSABLE = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ð": "d"})
_NOT_A_LETTER = re.compile(r"[^a-z]+")

_VOWELS = "aeiouy"
_CONSONANT = f"[^{_VOWELS} ]"

# Ordered rewrite rules: (pattern, replacement, the variation it absorbs).
# Every rule either shortens the text or turns a 'u' into an 'a' without creating
# a new 'u', so applying the table until nothing changes always terminates, and
# the result is a fixed point: name_key(name_key(x)) == name_key(x).
REWRITE_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), replacement, absorbs)
    for pattern, replacement, absorbs in (
        # Aspirated stops ผ/พ, ถ/ท, ข/ค are written with or without h:
        # Siriphon/Siripon, Natthaya/Nattaya, Khanittha/Kanitta.
        (r"([ptk])h", r"\1", "aspirate h after p/t/k"),
        # Final ร sounds as n; RTGS writes -n, older spellings -rn: Siriporn/Siripon.
        (rf"rn(?=({_CONSONANT}|\b))", "n", "'rn' at the end of a syllable"),
        # Final ล sounds as n: Kamolwan/Kamonwan, Ubol/Ubon, Mongkol/Mongkon.
        (rf"l(?=({_CONSONANT}|\b))", "n", "'l' at the end of a syllable"),
        # Short อะ in a closed syllable is often written 'u' in English-style
        # spelling: Nuttaya/Nattaya, Kanokwun/Kanokwan. Only closed syllables, so
        # Supaporn keeps its open 'su'.
        (rf"u(?={_CONSONANT}({_CONSONANT}|\b))", "a", "u/a in a closed syllable"),
        # Long อี written ee or i: Malee/Mali, Sirilak/Sireelak.
        (r"ee", "i", "long i written 'ee'"),
        # ว written v or w: Vanida/Wanida.
        (r"v", "w", "v/w for the same consonant"),
        # Doubled letters mark length or gemination inconsistently:
        # Wanidaa/Wanida, Nattaya/Nataya, Johannsen/Johansen.
        (r"([a-z])\1+", r"\1", "double letters"),
    )
)


def normalise_name(raw: str | None) -> str:
    """Casefold, strip diacritics, keep letters only, single spaces: 'Jørgen-Åsa' -> 'jorgen asa'."""
    if not raw:
        return ""
    text = unicodedata.normalize("NFKD", raw.casefold()).translate(_UNDECOMPOSABLE)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_A_LETTER.sub(" ", text).strip()


@lru_cache(maxsize=200_000)
def name_key(raw: str | None) -> str:
    """The transliteration key: normalise, then apply REWRITE_RULES until nothing changes.

    Siriporn, Siripon and Siriphon all give 'siripon'. Cached, because a
    million records carry only a few thousand distinct names.
    """
    key = normalise_name(raw)
    while True:
        rewritten = key
        for pattern, replacement, _absorbs in REWRITE_RULES:
            rewritten = pattern.sub(replacement, rewritten)
        if rewritten == key:
            return key
        key = rewritten


# Words that say what a business is rather than which one it is: 'BAAN SABAI
# THAIMASSASJE ENK' and the ad's 'Baan Sabai Thai Massage' share only 'baan sabai'.
GENERIC_BUSINESS_WORDS = frozenset({
    "thai", "massasje", "massage", "thaimassasje", "thaimassage", "spa", "klinikk", "salong", "studio",
    "senter", "center", "og", "and", "the", "as", "enk", "nuf", "da", "ans", "sa", "ab", "traditional",
    "tradisjonell",
})

# จ is written 'ch' in the Royal Thai General System and 'j' in everyday spelling
# (Chai Dee / Jai Dee). Only for business names: in a person's name the same rule
# would also join names spelt with ช, which is always 'ch' (Chanida is no Janida).
_INITIAL_CH = re.compile(r"^ch")


def business_name_words(raw: str | None) -> list[str]:
    """The distinctive words of a business name as transliteration keys, in order.

    'CHIANG MAI SABAAI THAIMASSASJE AS' -> ['jiang', 'mai', 'sabai'].
    """
    return [_INITIAL_CH.sub("j", name_key(word)) for word in normalise_name(raw).split()
            if word not in GENERIC_BUSINESS_WORDS]
