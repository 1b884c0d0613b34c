"""Norwegian street addresses, parsed and normalised so that written variants meet.

'Kongens gt. 12 b', 'Kongens gate 12B' and 'Kongensgata 12 B' all give the
street 'kongensgata' and the number '12b'. Postcode and town are passed
through, or taken from a trailing '0155 Oslo' when the text carries them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from aksjon.linkage.names import normalise_name

# One canonical spelling per street-type word. People write the same street as
# 'gate', 'gata', 'gaten' or 'gt.', as one word ('Storgata') or two ('Kongens
# gate'); the register itself is not consistent across municipalities.
_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), canonical)
    for pattern, canonical in (
        # Told apart from ordinary word endings by their dot: 'Storgt.' and
        # 'Parkvn.', but not 'Ravn' or 'langt'. Applied before punctuation goes.
        (r"gt\.", "gata "),
        (r"vn\.", "veien "),
        (r"\bpl\.", "plass "),
    )
)
_STREET_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), canonical)
    for pattern, canonical in (
        (r"(?<=[a-z])(gata|gaten|gate)\b", "gata"),         # Storgaten -> storgata
        (r"\b(gt|gata|gaten|gate)\b", "gata"),              # Kongens gt 12 -> kongens gata
        (r"(?<=[a-z])(veien|vei|vegen|veg)\b", "veien"),     # Parkvegen -> parkveien
        (r"\b(vn|veien|vei|vegen|veg)\b", "veien"),
        (r"\bplassen\b", "plass"),
        # 'Kongens gate' and 'Kongensgate' are both written; join the type word on.
        (r" (gata|veien|plass)\b", r"\1"),
    )
)

# Street, then a house number with an optional letter ('12', '12B', '12 b'),
# then anything else (floor, 'H0201' flat number, ', 0155 Oslo').
_STREET_AND_NUMBER = re.compile(r"^(?P<street>[^\d,]*?)\s*(?P<number>\d+)\s*(?P<letter>[a-z])?\b(?P<rest>.*)$")
_POSTCODE_AND_TOWN = re.compile(r"\b(?P<postcode>\d{4})\s+(?P<town>[^\d,]+?)\s*$")


@dataclass(frozen=True)
class Address:
    street: str
    number: str
    postcode: str
    town: str

    @property
    def key(self) -> str:
        """Street and number as one comparable string: 'kongensgata 12b'."""
        return f"{self.street} {self.number}".strip()

    @property
    def number_digits(self) -> str:
        """The house number's characters in order, so that '93' written for '39' meets it."""
        return "".join(sorted(self.number))


def normalise_street(raw: str | None) -> str:
    """Casefold, strip diacritics, canonical street-type word, single spaces."""
    street = (raw or "").casefold()
    for pattern, canonical in _ABBREVIATIONS:
        street = pattern.sub(canonical, street)
    street = normalise_name(street)
    for pattern, canonical in _STREET_WORDS:
        street = pattern.sub(canonical, street)
    return street


def parse_address(raw: str | None, postcode: str | None = None, town: str | None = None) -> Address:
    """Split 'Kongens gate 12B, 7011 Trondheim' into street, number, postcode and town.

    A postcode or town given separately wins over one found in the text.
    Text without a house number is all street ('Torget').
    """
    text = (raw or "").casefold().strip()
    found = _POSTCODE_AND_TOWN.search(text)
    if found:
        text = text[: found.start()].rstrip(" ,")
    match = _STREET_AND_NUMBER.match(text)
    street, number = (match["street"], match["number"] + (match["letter"] or "")) if match else (text, "")
    return Address(
        street=normalise_street(street),
        number=number,
        postcode=(postcode or (found["postcode"] if found else "")).strip(),
        town=normalise_name(town or (found["town"] if found else "")),
    )


def normalise_address(raw: str | None) -> str | None:
    """One comparable string for a free-text address, or None when there is nothing to compare."""
    key = parse_address(raw).key
    return key or None
