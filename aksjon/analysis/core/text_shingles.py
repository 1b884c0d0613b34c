"""Ad text with its slots masked, and the shingles two texts are compared by.

An ad writer keeps one text and fills in slots: the venue, the town, the address, a phone,
prices, hours, a nickname and an age. Comparing the texts with those filled-in values
masked (`{phone}`, `{town}` …) makes two ads from one template equal however the slots were
filled, and the masked values are kept: they are the slots a page shows.

Latin-script words are shingled as word pairs; Thai has no spaces between words, so a run
of Thai script is cut into character trigrams instead. One ad mixing bokmål, English and
Thai therefore gives one set of shingles.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from aksjon.core.phones import normalise as normalise_phone

THAI = "\u0e00-\u0e7f"
URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+", re.IGNORECASE)
# A run of digits with the separators people put in phone numbers; checked by the phone library.
PHONE_LIKE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d \-.]{6,16}\d(?!\w)")
PRICE = re.compile(r"\d[\d .]*(?:,-|:-|\s*(?:kr\b|kroner\b|nok\b|sek\b|dkk\b|eur\b|€|baht\b|thb\b|,-))",
                   re.IGNORECASE)
HOURS = re.compile(r"(?<!\d)\d{1,2}(?:[:.]\d{2})?\s*[-–]\s*\d{1,2}(?:[:.]\d{2})?(?!\d)|24/7")
AGE = re.compile(r"(?<!\d)\d{2}\s*(?:y\b|yo\b|years?\b|år\b|ans\b|ปี)", re.IGNORECASE)
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
TOKEN = re.compile(rf"\{{[a-z]+\}}|[{THAI}]+|[^\W\d_]+")
SLOT = re.compile(r"\{([a-z]+)\}")
DIGIT = re.compile(r"\d")
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Masked:
    text: str  # normalised (NFKC, case-folded) with the slots as {name}
    slots: tuple[tuple[str, str], ...]  # (slot, value) in order of appearance
    phones: tuple[str, ...]  # E.164 of the numbers in the ad (its own list and its text)


def _nfkc(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "")


@lru_cache(maxsize=200_000)
def phone_e164(raw: str) -> str | None:
    """E.164 of a number as written, or None (cached: a crawl writes the same numbers again and again)."""
    return normalise_phone(raw)[0]


@lru_cache(maxsize=50_000)
def _literal(value: str) -> re.Pattern:
    """A pattern for one known string (a venue name, an address) wherever it stands, in any case."""
    return re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)", re.IGNORECASE)


class Masker:
    """Masks the slots of ad texts. `towns` are the place names known as data (places.csv and
    the towns abroad the ads name); the ad's own venue, address and city are masked too.

    Fast path first: the text is case-folded once, known strings are replaced as plain strings,
    town names are looked up word by word, and the number patterns run only on text with digits
    (a crawl of a million observations masks every new text)."""

    def __init__(self, towns: Iterable[str]):
        self.towns: dict[str, list[str]] = {}  # first word -> full names (case-folded), longest first
        for town in {_nfkc(town).strip().casefold() for town in towns if town and len(town.strip()) >= 3}:
            self.towns.setdefault(town.split()[0], []).append(town)
        for names in self.towns.values():
            names.sort(key=len, reverse=True)

    def mask(self, ad: dict) -> Masked:
        """The ad's title and text with its slots masked, and the values they held."""
        found: list[tuple[int, str, str]] = []  # (position in the joined text, slot, value)
        text = _nfkc(ad.get("title")) + "\n" + _nfkc(ad.get("text"))
        if "@" in text or "://" in text or "www." in text.casefold():
            text = _put(URL, "url", text, found)
        if ad.get("category") == "escort":
            text = _mask_nick(text, found, self.towns)
        text = text.casefold()
        digits = DIGIT.search(text) is not None
        if digits:  # whole numbers with their country code first, then the ad's own list as written
            text = _put(PHONE_LIKE, "phone", text, found, _phone_value)
            for written in ad.get("phones") or ():
                written = _nfkc(written).strip()
                if len(written) >= 6 and written in text:
                    text = _replace(text, written.casefold(), "phone", phone_e164(written) or written, found)
        for field, slot in (("venue_name", "venue"), ("address", "address"), ("city", "town")):
            value = _nfkc(ad.get(field)).strip()
            if len(value) >= 3:
                text = _replace(text, value.casefold(), slot, value, found)
        if digits:
            text = _put(PRICE, "price", text, found)
            text = _put(HOURS, "hours", text, found)
            text = _put(AGE, "age", text, found)
        text = self._mask_towns(text, found)
        if digits:
            text = _put(NUMBER, "num", text, found)
        phones = tuple(dict.fromkeys(value for _position, slot, value in found
                                     if slot == "phone" and value.startswith("+")))
        slots = tuple((slot, value) for _position, slot, value in sorted(found, key=lambda item: item[0])
                      if slot != "num")
        return Masked(text, slots, phones)

    def _mask_towns(self, text: str, found: list) -> str:
        """Every known town name in the (case-folded) text as {town}: the words are looked up in a
        set first, so a text pays only for the towns it names."""
        named = set(WORD.findall(text)) & self.towns.keys()
        for first in sorted(named, key=len, reverse=True):
            for name in self.towns[first]:
                if name in text:
                    text = _put(_literal(name), "town", text, found, lambda written, n=name: n.title())
        return text


def _put(pattern: re.Pattern, slot: str, text: str, found: list, value=None) -> str:
    """Replace every match of `pattern` by {slot}, keeping the value (`value(written)`; None keeps
    the text as it is)."""
    def replace(match: re.Match) -> str:
        written = match.group(0)
        shown = value(written) if value else written.strip()
        if shown is None:
            return written
        found.append((match.start(), slot, shown))
        return "{" + slot + "}"
    return pattern.sub(replace, text)


def _replace(text: str, known: str, slot: str, value: str, found: list) -> str:
    """Replace a known string (the ad's own venue, address, town or phone) wherever it stands."""
    position = text.find(known)
    if position < 0:
        return text
    found.append((position, slot, value))
    return text.replace(known, "{" + slot + "}")


def _phone_value(written: str) -> str | None:
    """A digit run is a phone slot only when the phone library takes it as a possible number."""
    if sum(char.isdigit() for char in written) < 8:
        return None
    return phone_e164(written)


def _mask_nick(text: str, found: list, towns: dict) -> str:
    """An escort ad names the woman in its title ("Sweet Thai Nok 23y", "Aom, 23, first time in …")
    and often again in its text: the first capitalised word of the title that is neither a word
    ads of every kind use nor a town is taken for her nickname, and masked wherever it stands.
    Taking a template's own word by mistake costs little: it is masked the same in all its ads."""
    title, _, _body = text.partition("\n")
    for word in re.findall(r"(?<![\w{])[A-ZÆØÅÄÖ][a-zæøåäöé]{1,11}(?!\w)", title):
        folded = word.casefold()
        if folded not in COMMON_CAPITALISED and folded not in towns:
            found.append((text.find(word), "nick", word))
            return re.sub(r"(?<!\w)" + re.escape(word) + r"(?!\w)", "{nick}", text)
    return text


# Capitalised words ads of every kind use; never a nickname.
COMMON_CAPITALISED = frozenset("""thai thailand asian new ny nye nyhet hello hi hei halla velkommen welcome sweet sexy
hot cute beautiful pretty lovely young real only just now here first last visiting available back open incall
outcall massage massasje thaimassasje the a an i im my me jeg er call ring sms whatsapp girl girls lady ladies
jente jenter dame damer søte søt deilig vakker beste best top vip gfe body full oil nuru tantra relax service
good nice erotic private discreet diskret kun bare price pris prices tilbud time hour min in på i og and or med
with for til from fra""".split())


def shingles(masked: str) -> list[bytes]:
    """Word pairs of the masked text (Latin script, slots as words) and character trigrams of Thai
    runs, as bytes for MinHash. A text of one word still gives one shingle."""
    tokens: list[str] = []
    for token in TOKEN.findall(masked):
        if "\u0e00" <= token[0] <= "\u0e7f" and len(token) > 3:
            tokens.extend(token[i:i + 3] for i in range(len(token) - 2))
        else:
            tokens.append(token)
    if len(tokens) < 2:
        return [token.encode() for token in tokens] or [b""]
    return list({f"{left} {right}".encode() for left, right in zip(tokens, tokens[1:], strict=False)})
