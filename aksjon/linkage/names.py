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
from collections.abc import Sequence
from functools import lru_cache

# Letters that Unicode decomposition does not split into base + accent, so
# stripping combining marks alone would keep them (ø, æ, ...).
_UNDECOMPOSABLE = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ð": "d"})
_NOT_A_LETTER = re.compile(r"[^a-z]+")

_VOWELS = "aeiouy"
_CONSONANT = f"[^{_VOWELS} ]"

# Ordered rewrite rules: (pattern, replacement, the variation it absorbs).
# Every rule either shortens the text or replaces a letter that no rule creates
# ('c', 'q', 'z', 'y' after a vowel), or turns a 'u' into an 'a' where no rule after
# it makes a new closed-syllable 'u', so applying the table until nothing changes
# always terminates, and the result is a fixed point: name_key(name_key(x)) == name_key(x).
REWRITE_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), replacement, absorbs)
    for pattern, replacement, absorbs in (
        # Latin spellings of one sound, in Norwegian and English-style romanisation:
        # Jacobsen/Jakobsen, Christian/Kristian, Quang/Kuang, Zakarias/Sakarias.
        (r"chr", "kr", "'chr' for 'kr'"),
        (r"c(?!h)", "k", "c/k before anything but h"),
        (r"q", "k", "q/k"),
        (r"z", "s", "z/s"),
        # Long อู written oo or u: Soorachai/Surachai, Boonma/Bunma.
        (r"oo", "u", "long u written 'oo'"),
        # อุ/อู written 'ou' in French-style romanisation (as in Lao and Vietnamese names):
        # Douangdi/Duangdi, Pouangmalai/Puangmalai, Boualai/Bualai.
        (r"ou", "u", "'ou' for 'u' (French-style)"),
        # A final -y after a vowel is the same glide as -i: Lamay/Lamai, Duangjay/Duangjai.
        (rf"(?<=[{_VOWELS}])y(?=({_CONSONANT}|\b))", "i", "'y' for 'i' after a vowel"),
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


_THAI_SCRIPT = re.compile(r"[\u0e00-\u0e7f]+")


def romanise_thai(text: str) -> str:
    """Thai script romanised by the Royal Thai General System (pythainlp's rule-based `royin`
    engine, which needs no download); text without Thai letters is returned as it is."""
    if not _THAI_SCRIPT.search(text):
        return text
    from pythainlp.transliterate import romanize  # loaded only for Thai script

    return _THAI_SCRIPT.sub(lambda word: " " + romanize(word.group(0), engine="royin") + " ", text)


def normalise_name(raw: str | None) -> str:
    """Casefold, strip diacritics, keep letters only, single spaces: 'Jørgen-Åsa' -> 'jorgen asa'.

    A name in Thai script is romanised first (romanise_thai): 'สมศรี' -> 'somsri'.
    """
    if not raw:
        return ""
    text = unicodedata.normalize("NFKD", romanise_thai(raw).casefold()).translate(_UNDECOMPOSABLE)
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


# Looser than name_key, for finding candidate pairs only (never for the model's
# 'same transliteration key' level): จ is written 'ch' (RTGS) or 'j' (everyday):
# Duangjai/Duangchai, Jintana/Chintana. In a name, ช is also 'ch', so Chanida and
# Janida meet here too, and the model tells them apart.
_CH_AS_J = re.compile(r"ch")


@lru_cache(maxsize=200_000)
def sound_key(raw: str | None) -> str:
    """name_key with 'ch' written 'j': a blocking key that joins more than it should, on purpose."""
    return _CH_AS_J.sub("j", name_key(raw))


def whole_name_keys(given_words: Sequence[str], family_words: Sequence[str]) -> tuple[str, str, str, str]:
    """The whole-name keys from the sound-key words of each part (`sound_key(part).split()`):

    - run together: insensitive to hyphens, spaces and how the words were split over first,
      middle and family name ('Somchai Rattana-chum' / 'Somchai Rattana' 'Chum');
    - the words in alphabetical order: insensitive to their order (family name written first);
    - first word + last word, and first word + first family word, each pair sorted: insensitive to
      an added or dropped middle name (Roger Stian Larsen / Roger Larsen), to a maiden name kept
      beside a married one (Malee Supthongkul Haugen / Malee Haugen, and / Malee Supthongkul), and
      to the order of the two.

    Taking the words, not the names, lets a million records split each distinct name once.
    """
    words = [*given_words, *family_words]
    if not words:
        return "", "", "", ""
    first_family = family_words[0] if family_words else words[-1]
    return ("".join(words), " ".join(sorted(words)), " ".join(sorted((words[0], words[-1]))),
            " ".join(sorted((words[0], first_family))))


def _whole_name_keys_of(given: str | None, family: str | None) -> tuple[str, str, str, str]:
    return whole_name_keys(sound_key(given).split(), sound_key(family).split())


def joined_name_key(given: str | None, family: str | None) -> str:
    """All words run together (whole_name_keys)."""
    return _whole_name_keys_of(given, family)[0]


def sorted_name_key(given: str | None, family: str | None) -> str:
    """The words in alphabetical order (whole_name_keys)."""
    return _whole_name_keys_of(given, family)[1]


def name_ends_keys(given: str | None, family: str | None) -> tuple[str, str]:
    """(first word + last word, first word + first family word) (whole_name_keys)."""
    return _whole_name_keys_of(given, family)[2:]


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
