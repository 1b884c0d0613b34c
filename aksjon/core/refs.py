"""A reference to one record that linkage compares: "person:12", "unit:3", "venue:7",
"tip:4", "inspection:9", "ad:311". Built and read here only, so every place that
stores, links, shows or routes a record spells it the same way.

References are stored as text (candidate pairs, judgements, cluster members), and a
cluster is named after its smallest member in text order; `Ref` therefore orders as
its text does ("person:12" < "person:3"), so sorting `Ref`s and sorting the stored
strings give the same order.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from aksjon.core.errors import InvalidInput
from aksjon.core.parse import LARGEST_KEY, is_number
from aksjon.core.text import gettext_noop

KINDS = frozenset({"person", "unit", "venue", "tip", "inspection", "ad"})


class MalformedRef(InvalidInput, ValueError):
    """Text that is no record reference. An InvalidInput (an edge answers 400, or 404 where
    the reference is part of an address) and a ValueError (for plain-Python callers)."""

    def __init__(self, text: object):
        self.text = text
        super().__init__(gettext_noop("Not a record reference."), field="ref")


@functools.total_ordering
@dataclass(frozen=True, eq=True, order=False)
class Ref:
    kind: str
    key: int

    def __post_init__(self):
        if self.kind not in KINDS or type(self.key) is not int or not 0 <= self.key <= LARGEST_KEY:
            raise MalformedRef(f"{self.kind!r}:{self.key!r}")

    @classmethod
    def parse(cls, text: object) -> Ref:
        """The reference `text` spells; MalformedRef for anything else (no spaces, signs,
        leading zeros or non-ASCII digits: one record has exactly one spelling)."""
        if not isinstance(text, str):
            raise MalformedRef(text)
        kind, colon, key = text.partition(":")
        if not colon or not is_number(key) or (key[0] == "0" and key != "0") or len(key) > 19:
            raise MalformedRef(text)
        return cls(kind, int(key))  # __post_init__ checks the kind and the 64-bit range

    @classmethod
    def is_valid(cls, text: object) -> bool:
        try:
            cls.parse(text)
        except MalformedRef:
            return False
        return True

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"

    def __lt__(self, other: Ref) -> bool:
        if not isinstance(other, Ref):
            return NotImplemented
        return str(self) < str(other)


def ref_text(kind: str, key: int) -> str:
    """The stored spelling of a reference (for building many at once, e.g. a linkage frame)."""
    return str(Ref(kind, key))


def prefix(kind: str) -> str:
    """What every stored reference of `kind` starts with (for a database filter: ref__startswith)."""
    if kind not in KINDS:
        raise MalformedRef(kind)
    return f"{kind}:"


def key_of(text: str, kind: str) -> int | None:
    """The key of a stored reference when it is of `kind`, else None ('ad:311', 'ad' -> 311)."""
    ref = Ref.parse(text)
    return ref.key if ref.kind == kind else None
